//! A work order's service report: the draft, the customer's signature on
//! the engineer's device (which files the report on the request's clock
//! and freezes it), and corrections as new revisions.

use super::part_requests as parts;
use super::requests::{check, refuse, save_request, settings_at, settings_in, At, SettingsAt};
use super::work_orders::acting;
use super::{allow, not_now, Caller, ServiceResult};
use crate::domain::reports as rules;
use crate::store::reports::ReportRecord;
use crate::store::{abort, Actor, RequestRecord, Store, StoreError, Tx, TxResult, WorkOrderRecord};
use chrono::{DateTime, Utc};
use servicebook_shared::devices::normalise_serial;
use servicebook_shared::kpi::WorkFigures;
use servicebook_shared::part_requests::PickedPart;
use servicebook_shared::permissions;
use servicebook_shared::reports::{ReportInput, SignInput};
use servicebook_shared::sla::{SlaEvent, TimedEvent};
use servicebook_shared::Money;

/// The largest body a signature may come in (bytes): a few thousand pen
/// points at most.
pub const SIGN_LIMIT: usize = 256 * 1024;

/// Refuses unless the caller may write this work order's report (its
/// engineers, or a manager): `permissions::write_report`.
pub(crate) fn may_write(caller: &Caller, wo: &WorkOrderRecord, what: &str) -> TxResult<()> {
    check(allow(
        permissions::write_report(caller.who(), caller.is_one_of(&wo.assignees)),
        &format!("{what} of {}", wo.number),
    ))
}

/// The current (latest) revision, as it is inside this write.
fn current_in(tx: &Tx<'_>, wo: &WorkOrderRecord) -> TxResult<Option<ReportRecord>> {
    match wo.report_ids.last() {
        Some(r) => Ok(Some(tx.require::<ReportRecord>(*r)?)),
        None => Ok(None),
    }
}

/// Refuses unless `version` is the current revision's (0: there is none).
fn fresh_report(current: Option<&ReportRecord>, version: u64) -> TxResult<()> {
    let (id, actual) = current.map_or((0, 0), |r| (r.meta.id, r.meta.version));
    if actual == version {
        Ok(())
    } else {
        abort(StoreError::StaleVersion {
            table: "reports",
            id,
            expected: version,
            actual,
        })
    }
}

/// Write the first draft (`version` 0) or replace the current one at its
/// version. A signed report is frozen: 409.
pub async fn save_draft(
    store: &Store,
    caller: &Caller,
    work_order_id: u64,
    input: ReportInput,
) -> ServiceResult<(WorkOrderRecord, ReportRecord)> {
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut wo: WorkOrderRecord = tx.require(work_order_id)?;
            may_write(&caller, &wo, "write the report")?;
            let current = current_in(tx, &wo)?;
            fresh_report(current.as_ref(), input.version)?;
            let mut draft = match rules::write(current.as_ref(), &input, &wo, &acting(&caller)) {
                Ok(d) => d,
                Err(r) => return refuse(r),
            };
            if draft.parts_consumed {
                // A correction of a signed report: its parts left the kit
                // when the customer signed; stock is corrected by a return.
                let asked: Vec<_> = input
                    .parts
                    .iter()
                    .map(|p| PickedPart {
                        serials: p.serials.iter().map(|s| normalise_serial(s)).collect(),
                        ..p.clone()
                    })
                    .collect();
                if asked != parts::as_picks(&draft.parts) {
                    return abort(not_now(
                        "the parts used were consumed when the customer signed: they cannot change in a correction",
                    ));
                }
            } else {
                draft.parts = parts::price_picks(tx, wo.meta.id, &input.parts)?;
            }
            let actor = caller.actor();
            let saved = match &current {
                Some(_) => tx.update_audited(draft, input.version, &actor, "update")?,
                None => {
                    let saved = tx.insert_audited(draft, &actor)?;
                    wo.report_ids.push(saved.meta.id);
                    let v = wo.meta.version;
                    wo = tx.update_audited(wo, v, &actor, "report")?;
                    saved
                }
            };
            Ok((wo, saved))
        })
        .await
}

/// The customer signs the current report on the engineer's device (drawn
/// strokes and printed name, never the engineer's own). Signing freezes the
/// revision and files the report on the request's clock.
pub async fn sign_in_person(
    store: &Store,
    caller: &Caller,
    work_order_id: u64,
    input: SignInput,
    at: At,
) -> ServiceResult<(WorkOrderRecord, ReportRecord)> {
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let wo: WorkOrderRecord = tx.require(work_order_id)?;
            may_write(&caller, &wo, "have the customer sign the report")?;
            let Some(mut report) = current_in(tx, &wo)? else {
                return abort(not_now("write the report before the customer signs it"));
            };
            fresh_report(Some(&report), input.version)?;
            let now = at.time(tx);
            let staff = (caller.username.as_str(), caller.display_name.as_str());
            if let Err(r) = rules::sign(&mut report, &input, "in_person", Some(staff), now) {
                return refuse(r);
            }
            parts::consume_report_parts(tx, &caller, &mut report)?;
            let actor = caller.actor();
            let report = tx.update_audited(report, input.version, &actor, "sign")?;
            let work = work_of(&report);
            file_report(tx, wo.request_id, settings, &actor, now, Some(work))?;
            Ok((wo, report))
        })
        .await
}

/// What a signed report says was spent on its work order, for the KPIs.
pub(crate) fn work_of(report: &ReportRecord) -> WorkFigures {
    let minutes = |h: f64| (h * 60.0).round().clamp(0.0, 1e9) as i64;
    WorkFigures {
        work_order_id: report.work_order_id,
        hours_minutes: minutes(report.hours_worked),
        travel_minutes: minutes(report.travel_hours),
        parts_cost: Money(
            report
                .parts
                .iter()
                .map(|p| p.unit_price.0.saturating_mul(p.quantity as i64))
                .sum(),
        ),
    }
}

/// The first signed report files the request's record: its clock stops.
/// `work`: the signed report's figures, replacing those of an earlier
/// revision of the same work order.
pub(crate) fn file_report(
    tx: &Tx<'_>,
    request_id: u64,
    settings: SettingsAt,
    actor: &Actor,
    now: DateTime<Utc>,
    work: Option<WorkFigures>,
) -> TxResult<()> {
    let mut request: RequestRecord = tx.require(request_id)?;
    let before = request.clone();
    if let Some(w) = work {
        request.work.retain(|x| x.work_order_id != w.work_order_id);
        request.work.push(w);
    }
    if !request
        .events
        .iter()
        .any(|e| matches!(e.event, SlaEvent::ReportFiled))
    {
        request.events.push(TimedEvent {
            at: now,
            event: SlaEvent::ReportFiled,
        });
    }
    if request != before {
        let settings = settings_in(tx, settings)?;
        save_request(tx, request, &settings, actor, "report-filed", now)?;
    }
    Ok(())
}

/// Start a correction of the signed report (at the version the caller
/// saw): a new unsigned revision with its content; the signed revision is
/// kept.
pub async fn revise(
    store: &Store,
    caller: &Caller,
    work_order_id: u64,
    version: u64,
) -> ServiceResult<(WorkOrderRecord, ReportRecord)> {
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut wo: WorkOrderRecord = tx.require(work_order_id)?;
            may_write(&caller, &wo, "correct the report")?;
            let Some(signed) = current_in(tx, &wo)? else {
                return abort(not_now("there is no report to correct"));
            };
            fresh_report(Some(&signed), version)?;
            let next = match rules::revise(&signed, &wo, &acting(&caller)) {
                Ok(n) => n,
                Err(r) => return refuse(r),
            };
            let actor = caller.actor();
            let saved = tx.insert_audited(next, &actor)?;
            wo.report_ids.push(saved.meta.id);
            let v = wo.meta.version;
            let wo = tx.update_audited(wo, v, &actor, "report-revision")?;
            Ok((wo, saved))
        })
        .await
}
