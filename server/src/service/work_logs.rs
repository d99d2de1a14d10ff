//! Engineers' weekly reports (工作周报): the week drafted from the records
//! at each read (`shared::work_log::draft`), the engineer's notes saved at
//! a version, submission once (late when after the firm's deadline), and
//! the manager's view of who has not submitted.

use super::{allow, invalid_field, not_found, not_now, Caller, ServiceResult};
use crate::store::reports::ReportRecord;
use crate::store::work_logs::{engineer_week_key, WorkLogRecord, BY_ENGINEER_WEEK};
use crate::store::{
    abort, ContractRecord, CustomerRecord, Record, RecordMeta, Store, StoreError, UserRecord,
    VisitRecord, WorkOrderRecord,
};
use chrono::{DateTime, Utc};
use servicebook_shared::permissions;
use servicebook_shared::users::Role;
use servicebook_shared::work_log::{
    self as rules, OrderInput, ReportInput, SaveWorkLog, StepLine, VisitDone, WeekId, WeeklyReport,
    WeeklyStatus, WeeklyStatusLine, WorkLogState,
};
use servicebook_shared::work_orders::Step;
use std::collections::HashMap;

/// Every record of a table, a thousand at a time, to `f`.
pub fn each<R: Record>(
    store: &Store,
    mut f: impl FnMut(R) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut after = None;
    loop {
        let (page, next) = store.list::<R>(after, 1000)?;
        for r in page {
            f(r)?;
        }
        match next {
            Some(n) => after = Some(n),
            None => return Ok(()),
        }
    }
}

/// Names looked up once per read.
#[derive(Default)]
pub struct Names {
    customers: HashMap<u64, String>,
    contracts: HashMap<u64, String>,
}

impl Names {
    pub fn customer(&mut self, store: &Store, id: u64) -> Result<String, StoreError> {
        if let Some(n) = self.customers.get(&id) {
            return Ok(n.clone());
        }
        let n = store
            .get::<CustomerRecord>(id)?
            .map(|c| c.name)
            .unwrap_or_default();
        self.customers.insert(id, n.clone());
        Ok(n)
    }

    pub fn contract(&mut self, store: &Store, id: u64) -> Result<String, StoreError> {
        if let Some(n) = self.contracts.get(&id) {
            return Ok(n.clone());
        }
        let n = store
            .get::<ContractRecord>(id)?
            .map(|c| c.number)
            .unwrap_or_default();
        self.contracts.insert(id, n.clone());
        Ok(n)
    }
}

fn engineer(store: &Store, username: &str) -> ServiceResult<UserRecord> {
    store
        .user_by_username(username)?
        .filter(|u| u.has(Role::Engineer))
        .ok_or_else(|| not_found(format!("There is no engineer {username}.")))
}

/// The week's lines of `user`, drafted from the records.
fn drafted(
    store: &Store,
    user: &UserRecord,
    week: WeekId,
    offset: i32,
) -> ServiceResult<WeeklyReport> {
    let bounds = week.bounds(offset);
    let name = user.display_name.as_str();
    let mut names = Names::default();
    let mut orders = Vec::new();
    let mut reports = Vec::new();
    let mut wo_numbers: HashMap<u64, (String, String)> = HashMap::new();
    each::<WorkOrderRecord>(store, |wo| {
        // By id; by name only for steps kept before ids were.
        let by_me = |s: &Step| s.by_id.map_or(s.by == name, |id| id == user.meta.id);
        let mine = wo.assignees.contains(&user.meta.id) || wo.steps.iter().any(by_me);
        if !mine {
            return Ok(());
        }
        let customer = names.customer(store, wo.customer_id)?;
        wo_numbers.insert(wo.meta.id, (wo.number.clone(), customer.clone()));
        for id in &wo.report_ids {
            if let Some(r) = store.get::<ReportRecord>(*id)? {
                // As with steps: this engineer's reports under their name
                // now, by id (by name only for reports kept before ids).
                let mine = r
                    .written_by_id
                    .map_or(r.written_by == name, |id| id == user.meta.id);
                reports.push(ReportInput {
                    work_order_id: wo.meta.id,
                    work_order_number: wo.number.clone(),
                    customer: customer.clone(),
                    written_by: if mine { name.to_owned() } else { String::new() },
                    signed_at: r.signature.map(|s| s.signed_at),
                    hours_worked: r.hours_worked,
                    travel_hours: r.travel_hours,
                });
            }
        }
        orders.push(OrderInput {
            id: wo.meta.id,
            number: wo.number,
            customer,
            kind: wo.kind,
            state: wo.state,
            steps: wo
                .steps
                .into_iter()
                .map(|s| {
                    // The draft keeps the steps whose author is `name`: this
                    // engineer's under their name now, anyone else's under
                    // none (so a namesake's or a rename cannot confuse it).
                    let author = if by_me(&s) {
                        name.to_owned()
                    } else {
                        String::new()
                    };
                    (
                        author,
                        StepLine {
                            at: s.at,
                            kind: s.kind,
                            note: s.note,
                        },
                    )
                })
                .collect(),
        });
        Ok(())
    })?;
    let mut visits = Vec::new();
    each::<VisitRecord>(store, |v| {
        let (Some(done_at), Some(wo)) = (v.done_at, v.work_order_id) else {
            return Ok(());
        };
        if !wo_numbers.contains_key(&wo) || done_at < bounds.0 || done_at >= bounds.1 {
            return Ok(());
        }
        visits.push(VisitDone {
            visit_id: v.meta.id,
            contract_number: names.contract(store, v.contract_id)?,
            customer: names.customer(store, v.customer_id)?,
            done_at,
            devices: v.device_ids.len() as u32,
        });
        Ok(())
    })?;
    let (work_orders, reports, visits, totals) =
        rules::draft(name, bounds, orders, reports, visits);
    let settings = store.settings()?;
    Ok(WeeklyReport {
        engineer: user.username.clone(),
        engineer_name: user.display_name.clone(),
        week: week.to_string(),
        from: week.monday(),
        to: week.monday() + chrono::Duration::days(6),
        work_orders,
        reports,
        visits,
        totals,
        notes: Default::default(),
        state: WorkLogState::Draft,
        submitted_at: None,
        due_at: settings.weekly_report_due.deadline(week, offset),
        late: false,
        version: 0,
    })
}

/// An engineer's week: the draft lines, their notes, the submission.
pub fn weekly_report(store: &Store, username: &str, week: WeekId) -> ServiceResult<WeeklyReport> {
    let user = engineer(store, username)?;
    let offset = store.settings()?.business_hours.utc_offset_minutes;
    let mut report = drafted(store, &user, week, offset)?;
    if let Some(log) = store.work_log_of(user.meta.id, &report.week)? {
        report.notes = log.notes;
        report.version = log.meta.version;
        report.submitted_at = log.submitted_at;
        report.state = if log.submitted_at.is_some() {
            WorkLogState::Submitted
        } else {
            WorkLogState::Draft
        };
        report.late = log.submitted_at.is_some_and(|t| t > report.due_at);
    }
    Ok(report)
}

/// Save the notes at `input.version` (0: the week's first save).
pub async fn save_notes(
    store: &Store,
    caller: &Caller,
    username: &str,
    week: WeekId,
    input: SaveWorkLog,
) -> ServiceResult<WorkLogRecord> {
    let user = engineer(store, username)?;
    allow(
        permissions::write_weekly_report(caller.who(), caller.user_id == Some(user.meta.id)),
        "write someone else's weekly report",
    )?;
    if let Err(fields) = input.notes.validate() {
        return Err(super::invalid(fields));
    }
    let actor = caller.actor();
    let week = week.to_string();
    store
        .write(move |tx| {
            let id = tx.find_unique::<WorkLogRecord>(
                &BY_ENGINEER_WEEK,
                &engineer_week_key(user.meta.id, &week),
            )?;
            match id {
                None if input.version != 0 => abort(stale(0, input.version)),
                None => tx.insert_audited(
                    WorkLogRecord {
                        meta: RecordMeta::new(),
                        engineer_id: user.meta.id,
                        username: user.username.clone(),
                        week: week.clone(),
                        notes: input.notes.clone(),
                        submitted_at: None,
                    },
                    &actor,
                ),
                Some(id) => {
                    let current: WorkLogRecord = tx.require(id)?;
                    if current.submitted_at.is_some() {
                        return abort(not_now("The weekly report is submitted already."));
                    }
                    let next = WorkLogRecord {
                        notes: input.notes.clone(),
                        ..current
                    };
                    tx.update_audited(next, input.version, &actor, "update")
                }
            }
        })
        .await
}

fn stale(actual: u64, expected: u64) -> StoreError {
    StoreError::StaleVersion {
        table: "work_logs",
        id: 0,
        expected,
        actual,
    }
}

/// Submit the week at `version`: once (409 when already submitted).
pub async fn submit(
    store: &Store,
    caller: &Caller,
    username: &str,
    week: WeekId,
    version: u64,
    now: DateTime<Utc>,
) -> ServiceResult<WorkLogRecord> {
    let user = engineer(store, username)?;
    allow(
        permissions::write_weekly_report(caller.who(), caller.user_id == Some(user.meta.id)),
        "submit someone else's weekly report",
    )?;
    let actor = caller.actor();
    let week = week.to_string();
    store
        .write(move |tx| {
            let id = tx.find_unique::<WorkLogRecord>(
                &BY_ENGINEER_WEEK,
                &engineer_week_key(user.meta.id, &week),
            )?;
            match id {
                // Submitting with no notes written: the drafted lines say it.
                None if version != 0 => abort(stale(0, version)),
                None => tx.insert_audited(
                    WorkLogRecord {
                        meta: RecordMeta::new(),
                        engineer_id: user.meta.id,
                        username: user.username.clone(),
                        week: week.clone(),
                        notes: Default::default(),
                        submitted_at: Some(now),
                    },
                    &actor,
                ),
                Some(id) => {
                    let current: WorkLogRecord = tx.require(id)?;
                    if current.submitted_at.is_some() {
                        return abort(not_now("The weekly report is submitted already."));
                    }
                    let next = WorkLogRecord {
                        submitted_at: Some(now),
                        ..current
                    };
                    tx.update_audited(next, version, &actor, "submit")
                }
            }
        })
        .await
}

/// Every active engineer's submission of `week`, those who have not first.
pub fn status(store: &Store, week: WeekId, now: DateTime<Utc>) -> ServiceResult<WeeklyStatus> {
    let settings = store.settings()?;
    let due_at = settings
        .weekly_report_due
        .deadline(week, settings.business_hours.utc_offset_minutes);
    let mut engineers = Vec::new();
    for id in store.user_ids_with_role(Role::Engineer)? {
        let Some(u) = store.get::<UserRecord>(id)?.filter(|u| u.active) else {
            continue;
        };
        let submitted_at = store
            .work_log_of(u.meta.id, &week.to_string())?
            .and_then(|l| l.submitted_at);
        engineers.push(WeeklyStatusLine {
            status: rules::submission(submitted_at, due_at, now),
            engineer: u.username,
            engineer_name: u.display_name,
            submitted_at,
        });
    }
    engineers.sort_by_key(|l| (l.submitted_at.is_some(), l.engineer.clone()));
    Ok(WeeklyStatus {
        week: week.to_string(),
        due_at,
        engineers,
    })
}

/// A week from the query, or 422.
pub fn parse_week(text: &str) -> ServiceResult<WeekId> {
    WeekId::parse(text).map_err(|m| invalid_field("week", m))
}
