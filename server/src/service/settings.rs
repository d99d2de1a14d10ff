//! The firm's settings: first start writes them, an admin or a manager
//! changes them. A change of the clocks' calendar (business hours, holidays,
//! make-up days, the UTC offset) or of the dispatch clock moves the due
//! times of the open requests, so the same write re-derives them and the
//! board keeps its order.

use super::{allow, invalid, Caller, ServiceResult};
use crate::domain::requests::refresh_due;
use crate::store::{RequestRecord, SettingsRecord, Store, Tx, TxResult};
use chrono::{DateTime, NaiveDate, Utc};
use servicebook_shared::coverage::firm_today;
use servicebook_shared::dispatch::Category;
use servicebook_shared::permissions;
use servicebook_shared::settings::{check, Settings, SettingsInput};

/// The settings record's id, if first start has written it. There is one
/// record and its id never changes, so a write may look it up first and
/// read the record itself inside its transaction.
pub fn settings_id(store: &Store) -> ServiceResult<Option<u64>> {
    Ok(store.settings_record()?.map(|r| r.meta.id))
}

/// Inside a write: the settings in force (the defaults before first start).
pub fn settings_in(tx: &Tx, id: Option<u64>) -> TxResult<Settings> {
    Ok(match id {
        Some(id) => tx
            .get::<SettingsRecord>(id)?
            .map(|r| r.to_wire())
            .unwrap_or_default(),
        None => Settings::default(),
    })
}

/// The firm's calendar day at `now`, in its own time zone.
pub fn today_at(settings: &Settings, now: DateTime<Utc>) -> NaiveDate {
    firm_today(now, settings.business_hours.utc_offset_minutes)
}

/// The firm's calendar day now, for what is read and shown (contract
/// status, warranty); a write that decides by the day reads the settings
/// inside its transaction instead ([`settings_in`]).
pub fn today(store: &Store) -> ServiceResult<NaiveDate> {
    Ok(today_at(&store.settings()?, Utc::now()))
}

/// First start: the firm's settings at their defaults, so every later
/// change is an update at a known version. `None` when they exist already.
pub async fn create_initial(
    store: &Store,
    caller: &Caller,
) -> ServiceResult<Option<SettingsRecord>> {
    if settings_id(store)?.is_some() {
        return Ok(None);
    }
    let record = SettingsRecord::from_wire(Settings::default());
    let actor = caller.actor();
    let saved = store
        .write(move |tx| tx.insert_audited(record.clone(), &actor))
        .await?;
    Ok(Some(saved))
}

/// `PUT /api/settings`: replaces the settings at `input.version`. When the
/// clocks' calendar changes, every open request with a running clock gets
/// its due time re-derived in the same write.
pub async fn update_settings(
    store: &Store,
    caller: &Caller,
    input: SettingsInput,
) -> ServiceResult<SettingsRecord> {
    allow(
        permissions::edit_settings(caller.who()),
        "change the firm's settings",
    )?;
    let e = check(&input);
    if !e.is_empty() {
        return Err(invalid(e));
    }
    let current = store.settings_record()?;
    let id = current.as_ref().map(|c| c.meta.id);
    // Candidates only (a transaction cannot walk an index): the requests
    // whose due time may move. The write re-reads each one. A concurrent
    // change of the settings makes this write stale, so the calendar read
    // here is the one replaced when the write succeeds.
    let dispatch_minutes = input
        .dispatch_minutes
        .or(current.as_ref().map(|c| c.dispatch_minutes))
        .unwrap_or_default();
    let moved = current.as_ref().is_some_and(|c| {
        c.business_hours != input.business_hours || c.dispatch_minutes != dispatch_minutes
    });
    let open = if moved {
        open_request_ids(store)?
    } else {
        Vec::new()
    };
    let version = input.version;
    let record = SettingsRecord::from_wire(Settings {
        id: 0,
        version,
        firm_name: input.firm_name.trim().to_owned(),
        hourly_rate: input.hourly_rate,
        travel_fee: input.travel_fee,
        contract_link_threshold: input.contract_link_threshold,
        business_hours: input.business_hours,
        dispatch_minutes,
        require_admin_two_factor: input
            .require_admin_two_factor
            .or(current.as_ref().map(|c| c.require_admin_two_factor))
            .unwrap_or(false),
        repair_overdue_days: input
            .repair_overdue_days
            .or(current.as_ref().map(|c| c.repair_overdue_days))
            .unwrap_or(servicebook_shared::settings::DEFAULT_REPAIR_OVERDUE_DAYS),
        complaint_ack_business_days: input
            .complaint_ack_business_days
            .or(current.as_ref().map(|c| c.complaint_ack_business_days))
            .unwrap_or_else(servicebook_shared::settings::default_complaint_ack_business_days),
        complaint_close_business_days: input
            .complaint_close_business_days
            .or(current.as_ref().map(|c| c.complaint_close_business_days))
            .unwrap_or_else(servicebook_shared::settings::default_complaint_close_business_days),
        categories: input
            .categories
            .map(|list| {
                list.into_iter()
                    .map(|c| Category {
                        name: c.name.trim().to_owned(),
                        words: c
                            .words
                            .iter()
                            .map(|w| w.trim().to_owned())
                            .filter(|w| !w.is_empty())
                            .collect(),
                    })
                    .collect()
            })
            .or(current.as_ref().map(|c| c.categories.clone()))
            .unwrap_or_else(servicebook_shared::dispatch::default_categories),
        weekly_report_due: input
            .weekly_report_due
            .or(current.as_ref().map(|c| c.weekly_report_due))
            .unwrap_or_default(),
        survey_link_days: input
            .survey_link_days
            .or(current.as_ref().map(|c| c.survey_link_days))
            .unwrap_or(servicebook_shared::settings::DEFAULT_SURVEY_LINK_DAYS),
        poor_score_max: input
            .poor_score_max
            .or(current.as_ref().map(|c| c.poor_score_max))
            .unwrap_or(servicebook_shared::settings::DEFAULT_POOR_SCORE_MAX),
        ftf_days: input
            .ftf_days
            .or(current.as_ref().map(|c| c.ftf_days))
            .unwrap_or(servicebook_shared::kpi::DEFAULT_FTF_DAYS),
    });
    let actor = caller.actor();
    let scanned = open.clone();
    let catch_up_actor = actor.clone();
    let saved = store
        .write(move |tx| {
            let Some(id) = id else {
                return tx.insert_audited(record.clone(), &actor);
            };
            let before: SettingsRecord = tx.require(id)?;
            let mut next = record.clone();
            next.meta.id = id;
            let saved = tx.update_audited(next, version, &actor, "update")?;
            if before.business_hours != saved.business_hours
                || before.dispatch_minutes != saved.dispatch_minutes
            {
                let settings = saved.to_wire();
                for rid in &open {
                    let Some(request) = tx.get::<RequestRecord>(*rid)? else {
                        continue;
                    };
                    if request.closed {
                        continue;
                    }
                    let mut next = request.clone();
                    refresh_due(&mut next, &settings, tx.now());
                    if next.next_due_at != request.next_due_at {
                        let v = request.meta.version;
                        tx.update_audited(next, v, &actor, "recalculate")?;
                    }
                }
            }
            Ok(saved)
        })
        .await?;
    if moved {
        // A request logged between the scan above and the write was saved
        // with the old calendar (it read the settings inside its own write,
        // before this one). Any request logged later reads the new ones, so
        // one more pass over the requests the scan did not see closes the gap.
        let later: Vec<u64> = open_request_ids(store)?
            .into_iter()
            .filter(|id| !scanned.contains(id))
            .collect();
        if !later.is_empty() {
            let settings_id = saved.meta.id;
            store
                .write(move |tx| {
                    let settings = tx.require::<SettingsRecord>(settings_id)?.to_wire();
                    for rid in &later {
                        let Some(request) = tx.get::<RequestRecord>(*rid)? else {
                            continue;
                        };
                        let mut next = request.clone();
                        refresh_due(&mut next, &settings, tx.now());
                        if !request.closed && next.next_due_at != request.next_due_at {
                            let v = request.meta.version;
                            tx.update_audited(next, v, &catch_up_actor, "recalculate")?;
                        }
                    }
                    Ok(())
                })
                .await?;
        }
    }
    // The KPIs' sums depend on a few of the settings (days for a repeat
    // call, time zone, business hours, dispatch clock): when those changed,
    // every sum is worked out again right after the write, while no other
    // write runs (until then writes keep them right with the old ones).
    if !store.kpi_settings_current(&saved.to_wire())? {
        store.recompute_kpi().await?;
    }
    Ok(saved)
}

/// Every open request with a running clock (the `by_due` index).
fn open_request_ids(store: &Store) -> ServiceResult<Vec<u64>> {
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let (page, next) = store.requests_by_due(after, 500)?;
        ids.extend(page.iter().map(|r| r.meta.id));
        match next {
            Some(n) => after = Some(n),
            None => return Ok(ids),
        }
    }
}
