//! Inspection schedules and the plan of visits they keep. Planning is a
//! pure function of the schedule and its contract (`shared::inspections::
//! plans`), applied in the same write as whatever changed them — a new or
//! edited schedule, or a contract whose dates or devices changed — so the
//! plan is never out of step and planning again changes nothing.

use super::requests::{settings_at, settings_in, At, SettingsAt};
use super::{allow, invalid_field, not_now, Caller, ServiceResult};
use crate::store::inspection_plans::{slot_key, VISIT_SLOT};
use crate::store::{
    abort, Actor, ContractRecord, Record, RecordMeta, ScheduleRecord, Store, TemplateRecord, Tx,
    TxResult, VisitRecord,
};
use chrono::NaiveDate;
use serde_json::json;
use servicebook_shared::audit::FieldChange;
use servicebook_shared::contracts::ContractKind;
use servicebook_shared::inspections::plans::{
    reconcile, wanted_dates, NewSchedule, SchedulePatch, VisitState,
};
use servicebook_shared::inspections::rhythm::Rhythm;
use servicebook_shared::permissions;

const WHAT: &str = "plan inspections";

/// The last day the contract runs (its end, or the day it was terminated).
fn last_day(c: &ContractRecord) -> NaiveDate {
    c.terminated_on.map_or(c.end_date, |t| t.min(c.end_date))
}

fn today(tx: &Tx, at: SettingsAt) -> TxResult<NaiveDate> {
    Ok(super::settings::today_at(&settings_in(tx, at)?, tx.now()))
}

/// Brings the schedule's visits in line with its rhythm and contract from
/// `today` on; visits before today are history. Audited on the schedule as
/// one `plan` entry listing the dates added and cancelled.
fn plan(
    tx: &Tx,
    schedule: &mut ScheduleRecord,
    contract: &ContractRecord,
    today: NaiveDate,
    actor: &Actor,
) -> TxResult<()> {
    let active = schedule.active && !contract.draft;
    let wanted = wanted_dates(
        schedule.rhythm,
        active,
        contract.start_date,
        last_day(contract),
    );
    // The visits this schedule has, found by their slots: every wanted date
    // and every date that could hold a planned visit (the schedule keeps
    // the dates it planned, so none is missed without a scan).
    let mut candidates: Vec<NaiveDate> = wanted.clone();
    candidates.extend(schedule.plan_dates.iter().copied());
    candidates.sort_unstable();
    candidates.dedup();
    let mut existing = Vec::new();
    for d in &candidates {
        if let Some(id) =
            tx.find_unique::<VisitRecord>(&VISIT_SLOT, &slot_key(schedule.meta.id, *d))?
        {
            let v: VisitRecord = tx.require(id)?;
            existing.push((v.due_date, v.state, v));
        }
    }
    let states: Vec<(NaiveDate, VisitState)> = existing.iter().map(|(d, s, _)| (*d, *s)).collect();
    let (add, cancel) = reconcile(&wanted, &states, today);
    for d in &add {
        match existing.iter().find(|(x, _, _)| x == d) {
            Some((_, _, v)) => {
                let mut back = v.clone();
                back.state = VisitState::Planned;
                back.device_ids = schedule.device_ids.clone();
                tx.update(back, v.meta.version)?;
            }
            None => {
                tx.insert(VisitRecord {
                    meta: RecordMeta::new(),
                    schedule_id: schedule.meta.id,
                    contract_id: contract.meta.id,
                    customer_id: contract.customer_id,
                    template_family_id: schedule.template_family_id,
                    due_date: *d,
                    device_ids: schedule.device_ids.clone(),
                    state: VisitState::Planned,
                    work_order_id: None,
                    request_id: None,
                    template_id: None,
                    checks: Vec::new(),
                    findings: Vec::new(),
                    signature: None,
                    done_at: None,
                    done_on: None,
                })?;
            }
        }
    }
    for (d, state, v) in &existing {
        let cancelled = cancel.contains(d);
        let stale_devices =
            *state == VisitState::Planned && *d >= today && v.device_ids != schedule.device_ids;
        if cancelled || (stale_devices && !add.contains(d)) {
            let mut next = v.clone();
            if cancelled {
                next.state = VisitState::Cancelled;
            }
            next.device_ids = schedule.device_ids.clone();
            tx.update(next, v.meta.version)?;
        }
    }
    schedule.plan_dates = candidates;
    if !add.is_empty() || !cancel.is_empty() {
        tx.audit(
            actor,
            "plan",
            ScheduleRecord::TABLE.name,
            schedule.meta.id,
            vec![
                FieldChange::set("planned".into(), json!(null), json!(add)),
                FieldChange::set("cancelled".into(), json!(null), json!(cancel)),
            ],
        )?;
    }
    Ok(())
}

fn check_devices(contract: &ContractRecord, wanted: &[u64]) -> ServiceResult<Vec<u64>> {
    if wanted.is_empty() {
        return Ok(contract.device_ids.clone());
    }
    if let Some(d) = wanted.iter().find(|d| !contract.device_ids.contains(d)) {
        return Err(invalid_field(
            "device_ids",
            format!("device {d} is not covered by contract {}", contract.number),
        ));
    }
    let mut ids = wanted.to_vec();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

fn check_rhythm(r: Rhythm) -> ServiceResult<Rhythm> {
    match r.problem() {
        Some(p) => Err(invalid_field("rhythm", p)),
        None => Ok(r),
    }
}

/// A new schedule for a maintenance contract, planned at once.
pub async fn create_schedule(
    store: &Store,
    caller: &Caller,
    input: NewSchedule,
) -> ServiceResult<ScheduleRecord> {
    create_schedule_at(store, caller, input, At::Now).await
}

/// [`create_schedule`] as of `when`: the plan starts on that day (the demo
/// sets up a schedule as it was months ago, so its history can be told).
pub async fn create_schedule_at(
    store: &Store,
    caller: &Caller,
    input: NewSchedule,
    when: At,
) -> ServiceResult<ScheduleRecord> {
    allow(permissions::plan_inspections(caller.who()), WHAT)?;
    let at = settings_at(store)?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let Some(contract) = tx.get::<ContractRecord>(input.contract_id)? else {
                return abort(invalid_field(
                    "contract_id",
                    format!("there is no contract {}", input.contract_id),
                ));
            };
            if contract.kind != ContractKind::Maintenance {
                return abort(not_now(
                    "Only a maintenance contract has routine inspections.",
                ));
            }
            let Some(template) = tx.get::<TemplateRecord>(input.template_id)? else {
                return abort(invalid_field(
                    "template_id",
                    format!("there is no inspection standard {}", input.template_id),
                ));
            };
            if !template.active {
                return abort(invalid_field("template_id", "the standard is archived"));
            }
            let device_ids = match check_devices(&contract, &input.device_ids) {
                Ok(d) => d,
                Err(e) => return abort(e),
            };
            let rhythm = match input.rhythm.or_else(|| {
                Rhythm::from_per_year(contract.scope.inspections_per_year, contract.start_date)
            }) {
                Some(r) => match check_rhythm(r) {
                    Ok(r) => r,
                    Err(e) => return abort(e),
                },
                None => {
                    return abort(invalid_field(
                        "rhythm",
                        "the contract promises no inspections a year: give a rhythm",
                    ))
                }
            };
            if input.notes.chars().count() > 2000 {
                return abort(invalid_field("notes", "must be at most 2000 characters"));
            }
            let mut saved = tx.insert_audited(
                ScheduleRecord {
                    meta: RecordMeta::new(),
                    contract_id: contract.meta.id,
                    customer_id: contract.customer_id,
                    template_family_id: template.family(),
                    device_ids,
                    rhythm,
                    active: true,
                    notes: input.notes.clone(),
                    plan_dates: Vec::new(),
                },
                &actor,
            )?;
            let today = super::settings::today_at(&settings_in(tx, at)?, when.time(tx));
            plan(tx, &mut saved, &contract, today, &actor)?;
            let v = saved.meta.version;
            tx.update(saved, v)
        })
        .await
}

/// Changes a schedule (devices, rhythm, paused) and re-plans its visits
/// from today.
pub async fn update_schedule(
    store: &Store,
    caller: &Caller,
    id: u64,
    patch: SchedulePatch,
) -> ServiceResult<ScheduleRecord> {
    allow(permissions::plan_inspections(caller.who()), WHAT)?;
    let at = settings_at(store)?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let current: ScheduleRecord = tx.require(id)?;
            super::requests::fresh(&current, patch.version)?;
            let contract: ContractRecord = tx.require(current.contract_id)?;
            let mut next = current.clone();
            if let Some(ids) = &patch.device_ids {
                next.device_ids = match check_devices(&contract, ids) {
                    Ok(d) => d,
                    Err(e) => return abort(e),
                };
            }
            if let Some(r) = patch.rhythm {
                next.rhythm = match check_rhythm(r) {
                    Ok(r) => r,
                    Err(e) => return abort(e),
                };
            }
            if let Some(a) = patch.active {
                next.active = a;
            }
            if let Some(n) = &patch.notes {
                if n.chars().count() > 2000 {
                    return abort(invalid_field("notes", "must be at most 2000 characters"));
                }
                next.notes = n.clone();
            }
            let mut saved = tx.update_audited(next, patch.version, &actor, "update")?;
            plan(tx, &mut saved, &contract, today(tx, at)?, &actor)?;
            let v = saved.meta.version;
            tx.update(saved, v)
        })
        .await
}

/// Inside a contract's write: re-plans its schedules for its new dates and
/// devices (a device that left the contract leaves its schedules).
/// `schedule_ids` were found before the write (a write cannot scan).
pub(crate) fn replan_contract(
    tx: &Tx,
    contract: &ContractRecord,
    schedule_ids: &[u64],
    at: SettingsAt,
    actor: &Actor,
) -> TxResult<()> {
    let today = today(tx, at)?;
    for id in schedule_ids {
        let Some(mut s) = tx.get::<ScheduleRecord>(*id)? else {
            continue;
        };
        let kept: Vec<u64> = s
            .device_ids
            .iter()
            .copied()
            .filter(|d| contract.device_ids.contains(d))
            .collect();
        if kept != s.device_ids {
            let v = s.meta.version;
            s.device_ids = kept;
            s = tx.update_audited(s, v, actor, "devices")?;
        }
        plan(tx, &mut s, contract, today, actor)?;
        let v = s.meta.version;
        tx.update(s, v)?;
    }
    Ok(())
}
