//! Work orders: opening one for a request (or escalating unfinished work to
//! the second line), moving it by its actions, the engineers' steps, and
//! the quote of chargeable work. Every change also writes the request's
//! history in the same write, so the clocks always agree with the work.

use super::requests::{
    check, fresh, refuse, save_request, settings_at, settings_in, At, SettingsAt,
};
use super::{allow, forbidden, invalid_field, not_now, Caller, ServiceResult};
use crate::domain::work_orders::{self as rules, Acting, ActionContext};
use crate::store::reports::ReportRecord;
use crate::store::{
    abort, ContractRecord, RequestRecord, Sequence, Store, Tx, TxResult, UserRecord, VisitRecord,
    WorkOrderRecord,
};
use chrono::{DateTime, Datelike, Utc};
use servicebook_shared::coverage::firm_today;
use servicebook_shared::permissions;
use servicebook_shared::work_orders::{
    ActionInput, NewStep, NewWorkOrder, QuoteInput, Verb, WoState, WorkKind,
};

/// The caller as the work order rules of `domain` see them.
pub(crate) fn acting(caller: &Caller) -> Acting<'_> {
    Acting {
        user_id: caller.user_id,
        name: &caller.display_name,
        roles: &caller.roles,
    }
}

/// Open a work order for a request; with `escalated_from`, hand that
/// (unfinished) work order's job to the next line. The desk opens work;
/// an escalation may also come from the work's own engineer, and only while
/// the work is under way.
pub async fn create(
    store: &Store,
    caller: &Caller,
    input: NewWorkOrder,
    at: At,
) -> ServiceResult<WorkOrderRecord> {
    let caller = caller.clone();
    store
        .write(move |tx| {
            let now = at.time(tx);
            create_in(tx, &caller, &input, None, now)
        })
        .await
}

/// Opening a work order inside a write (see [`create`]); `inspection`:
/// the visit an inspection work order does.
pub(crate) fn create_in(
    tx: &Tx<'_>,
    caller: &Caller,
    input: &NewWorkOrder,
    inspection: Option<u64>,
    now: DateTime<Utc>,
) -> TxResult<WorkOrderRecord> {
    let from = match input.escalated_from {
        Some(f) => match tx.get::<WorkOrderRecord>(f)? {
            Some(w) => Some(w),
            None => {
                return abort(invalid_field(
                    "escalated_from",
                    format!("there is no work order {f}"),
                ))
            }
        },
        None => None,
    };
    let who = caller.who();
    match &from {
        Some(f) => {
            let assigned = caller.is_one_of(&f.assignees);
            if !permissions::escalate(who, assigned, f.state) {
                // The same person, with the work under way, may:
                // then it is the state that says no.
                return abort(
                    if permissions::escalate(who, assigned, WoState::InProgress) {
                        not_now(format!(
                            "{} is {}: work is escalated while it is under way",
                            f.number,
                            f.state.as_str()
                        ))
                    } else {
                        forbidden(format!(
                            "You may not escalate {}: its engineers or the desk do.",
                            f.number
                        ))
                    },
                );
            }
        }
        None => check(allow(
            permissions::create_work_orders(who),
            "open work orders",
        ))?,
    }
    let Some(mut request) = tx.get::<RequestRecord>(input.request_id)? else {
        return abort(invalid_field(
            "request_id",
            format!("there is no service request {}", input.request_id),
        ));
    };
    if let Some(c) = input.contract_id {
        contract_of(tx, c, request.customer_id)?;
    }
    let mut wo = match rules::new_work_order(input.clone(), &request, from.as_ref()) {
        Ok(wo) => wo,
        Err(r) => return refuse(r),
    };
    wo.inspection_visit_id = inspection;
    let year = now.year();
    wo.number = rules::number(year, tx.next_number(Sequence::WorkOrders, year)?);
    let actor = caller.actor();
    let wo = tx.insert_audited(wo, &actor)?;
    request.work_order_ids.push(wo.meta.id);
    let v = request.meta.version;
    let action = if from.is_some() {
        "escalate"
    } else {
        "add-work-order"
    };
    tx.update_audited(request, v, &actor, action)?;
    Ok(wo)
}

/// Contracts that may be sale contracts this field work must be linked to:
/// proposed by the index before the write, judged inside it.
fn proposed_sales(store: &Store, id: u64, verb: Verb) -> ServiceResult<Vec<u64>> {
    if verb != Verb::Dispatch {
        return Ok(Vec::new());
    }
    let Some(wo) = store.get::<WorkOrderRecord>(id)? else {
        return Ok(Vec::new());
    };
    // Inspections are the maintenance contract's own work, linked to it.
    if !wo.kind.on_site() || wo.kind == WorkKind::Inspection {
        return Ok(Vec::new());
    }
    let contracts = match wo.device_id {
        Some(d) => store.contracts_of_device(d)?,
        None => store.contracts_of_customer(wo.customer_id)?,
    };
    Ok(contracts.into_iter().map(|c| c.meta.id).collect())
}

/// The sale contracts above the threshold that field work on `wo` must be
/// linked to, as they are inside this write.
fn big_sales_in(
    tx: &Tx<'_>,
    wo: &WorkOrderRecord,
    proposed: &[u64],
    settings: SettingsAt,
    now: DateTime<Utc>,
) -> TxResult<Vec<rules::BigSale>> {
    // Inspections are the maintenance contract's own work, linked to it.
    if !wo.kind.on_site() || wo.kind == WorkKind::Inspection {
        return Ok(Vec::new());
    }
    let settings = settings_in(tx, settings)?;
    let today = firm_today(now, settings.business_hours.utc_offset_minutes);
    let mut contracts = Vec::new();
    for id in proposed {
        let Some(c) = tx.get::<ContractRecord>(*id)? else {
            continue;
        };
        let names_it = match wo.device_id {
            Some(d) => c.device_ids.contains(&d),
            None => c.customer_id == wo.customer_id,
        };
        if names_it {
            contracts.push(c.to_wire(today));
        }
    }
    Ok(rules::big_sales(
        &contracts,
        settings.contract_link_threshold,
    ))
}

/// A state change (`dispatch`, `start`, `request-extension`, …,
/// `approve-quote`) at the version the caller saw. Who may take which
/// action is `permissions::work_order_action`; the state table is
/// `Verb::next`; what each writes into the request's history is the
/// domain's.
pub async fn act(
    store: &Store,
    caller: &Caller,
    id: u64,
    verb: Verb,
    input: ActionInput,
    at: At,
) -> ServiceResult<WorkOrderRecord> {
    let proposed = proposed_sales(store, id, verb)?;
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let now = at.time(tx);
            act_in(tx, &caller, id, verb, &input, &proposed, settings, now)
        })
        .await
}

/// A work order action inside a write (see [`act`]); `proposed`: the sale
/// contracts the index names, for a dispatch.
#[allow(clippy::too_many_arguments)]
pub(crate) fn act_in(
    tx: &Tx<'_>,
    caller: &Caller,
    id: u64,
    verb: Verb,
    input: &ActionInput,
    proposed: &[u64],
    settings: SettingsAt,
    now: DateTime<Utc>,
) -> TxResult<WorkOrderRecord> {
    let mut wo: WorkOrderRecord = tx.require(id)?;
    let who = acting(&caller);
    if let Err(r) = rules::may(verb, &wo, &who) {
        return refuse(r);
    }
    fresh(&wo, input.version)?;
    if let Some(c) = input.contract_id {
        contract_of(tx, c, wo.customer_id)?;
    }
    let mut request: RequestRecord = tx.require(wo.request_id)?;
    let mut assignees = Vec::new();
    let mut big = Vec::new();
    if verb == Verb::Dispatch {
        for a in &input.assignees {
            assignees.push((*a, tx.get::<UserRecord>(*a)?));
        }
        big = big_sales_in(tx, &wo, &proposed, settings, now)?;
    }
    let mut others_closed = true;
    for other in request.work_order_ids.iter().filter(|o| **o != id) {
        if let Some(o) = tx.get::<WorkOrderRecord>(*other)? {
            others_closed &= !o.state.is_open();
        }
    }
    // An inspection's report is its visit, signed by the customer.
    let report_signed = match (wo.inspection_visit_id, wo.report_ids.last()) {
        (Some(v), _) => tx
            .get::<VisitRecord>(v)?
            .is_some_and(|v| v.signature.is_some()),
        (None, Some(r)) => tx
            .get::<ReportRecord>(*r)?
            .is_some_and(|r| r.signature.is_some()),
        (None, None) => false,
    };
    // The KPIs count the request for everyone ever dispatched on it.
    let dispatched: Vec<String> = assignees
        .iter()
        .filter_map(|(_, u)| u.as_ref().map(|u| u.username.clone()))
        .collect();
    let ctx = ActionContext {
        assignees,
        big_sales: &big,
        others_closed,
        report_signed,
        now,
    };
    let before = request.clone();
    if let Err(r) = rules::act(&mut wo, &mut request, verb, &input, &who, &ctx) {
        return refuse(r);
    }
    for name in dispatched {
        if !request.engineers.contains(&name) {
            request.engineers.push(name);
        }
    }
    let actor = caller.actor();
    let wo = tx.update_audited(wo, input.version, &actor, verb.as_str())?;
    if request != before {
        // A service completed with a signed report gets its survey in the
        // same write (a reopened one closed again: a new survey).
        if request.closed && !before.closed {
            super::surveys::open_for_completed(tx, &request, &actor, now)?;
        }
        let settings = settings_in(tx, settings)?;
        save_request(tx, request, &settings, &actor, verb.as_str(), now)?;
    }
    Ok(wo)
}

/// Log a step (`called`, `arrived`, `left`, `remote`) at the version the
/// caller saw: the work order's engineers, or a manager correcting the
/// record. Arriving or working remotely starts dispatched work.
pub async fn log_step(
    store: &Store,
    caller: &Caller,
    id: u64,
    step: NewStep,
    at: At,
) -> ServiceResult<WorkOrderRecord> {
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let now = at.time(tx);
            step_in(tx, &caller, id, &step, settings, now)
        })
        .await
}

/// Logging a step inside a write (see [`log_step`]).
pub(crate) fn step_in(
    tx: &Tx<'_>,
    caller: &Caller,
    id: u64,
    step: &NewStep,
    settings: SettingsAt,
    now: DateTime<Utc>,
) -> TxResult<WorkOrderRecord> {
    let mut wo: WorkOrderRecord = tx.require(id)?;
    let who = acting(caller);
    check(allow(
        permissions::log_steps(caller.who(), who.assigned_to(&wo)),
        &format!("log steps on {}", wo.number),
    ))?;
    fresh(&wo, step.version)?;
    let mut request: RequestRecord = tx.require(wo.request_id)?;
    if let Err(r) = rules::log_step(&mut wo, &mut request, step.clone(), &who, now) {
        return refuse(r);
    }
    let action = format!("step-{}", step.kind.as_str());
    let actor = caller.actor();
    let wo = tx.update_audited(wo, step.version, &actor, &action)?;
    let settings = settings_in(tx, settings)?;
    save_request(tx, request, &settings, &actor, &action, now)?;
    Ok(wo)
}

/// Record (or replace) the quote of chargeable work at the version the
/// caller saw, priced at the firm's rates as they are inside the write:
/// its engineers, the desk or sales, never an engineer of someone else's
/// work.
pub async fn set_quote(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: QuoteInput,
) -> ServiceResult<WorkOrderRecord> {
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut wo: WorkOrderRecord = tx.require(id)?;
            check(allow(
                permissions::set_quote(caller.who(), caller.is_one_of(&wo.assignees)),
                &format!("set the quote of {}", wo.number),
            ))?;
            fresh(&wo, input.version)?;
            let settings = settings_in(tx, settings)?;
            if let Err(r) = rules::set_quote(&mut wo, &input, &settings) {
                return refuse(r);
            }
            tx.update_audited(wo, input.version, &caller.actor(), "quote")
        })
        .await
}

/// Inside a write: contract `id` exists and is `customer`'s (a link to
/// another customer's contract would put their work under a wrong promise).
fn contract_of(tx: &Tx<'_>, id: u64, customer: u64) -> TxResult<()> {
    if tx
        .get::<ContractRecord>(id)?
        .is_none_or(|k| k.customer_id != customer)
    {
        return abort(invalid_field(
            "contract_id",
            "is not a contract of this customer",
        ));
    }
    Ok(())
}
