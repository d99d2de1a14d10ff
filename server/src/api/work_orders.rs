//! Work orders: created from a request, moved by actions, steps logged by
//! the engineers. Every change also writes the request's history in the
//! same transaction, so the clocks always agree with the work.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::domain::work_orders::{self as rules, Acting, ActionContext, BigSale, Refusal};
use crate::error::AppError;
use crate::store::work_orders::Names;
use crate::store::{
    abort, ContractRecord, CustomerRecord, Rejection, RequestRecord, StoreError, UserRecord,
    WorkOrderRecord,
};
use actix_web::{get, post, put, web, HttpResponse};
use chrono::{Datelike, Utc};
use serde::Deserialize;
use servicebook_shared::ProblemCode;

use servicebook_shared::coverage::firm_today;
use servicebook_shared::dispatch::{rank, Candidate};
use servicebook_shared::sla::BusinessHours;
use servicebook_shared::users::Role;
use servicebook_shared::work_orders::{
    ActionInput, NewStep, NewWorkOrder, QuoteInput, Verb, WoState, WorkKind, WorkOrder,
};
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(take_action)
        .service(add_step)
        .service(put_quote)
        .service(candidates);
}

/// Who creates and dispatches work.
pub const DISPATCHERS: &[Role] = &[Role::Dispatcher, Role::Manager];

pub(crate) fn rejected(r: Refusal) -> StoreError {
    let (status, code, message, fields) = match r {
        Refusal::Forbidden(m) => (403, ProblemCode::Forbidden, m, Default::default()),
        Refusal::Conflict(m) => (409, ProblemCode::NotAllowedNow, m, Default::default()),
        Refusal::Invalid(f) => (
            422,
            ProblemCode::Invalid,
            "Some fields are not valid.".into(),
            f,
        ),
    };
    StoreError::Rejected(Rejection {
        status,
        code,
        message,
        fields,
    })
}

fn wire(state: &AppState, wo: &WorkOrderRecord) -> Result<WorkOrder, AppError> {
    let request_number = state
        .store
        .get::<RequestRecord>(wo.request_id)?
        .map(|r| r.number)
        .unwrap_or_default();
    let customer_name = state
        .store
        .get::<CustomerRecord>(wo.customer_id)?
        .map(|c| c.name)
        .unwrap_or_default();
    let mut assignee_names = Vec::new();
    for id in &wo.assignees {
        assignee_names.push(
            state
                .store
                .get::<UserRecord>(*id)?
                .map(|u| u.display_name)
                .unwrap_or_else(|| format!("#{id}")),
        );
    }
    Ok(wo.to_wire(Names {
        request_number: &request_number,
        customer_name: &customer_name,
        assignee_names,
    }))
}

fn find(state: &AppState, id: u64) -> Result<WorkOrderRecord, AppError> {
    state
        .store
        .get::<WorkOrderRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no work order with id {id}.")))
}

/// Open a work order for a request (support/design or field work).
#[utoipa::path(path = "/api/work-orders", tag = "work orders", request_body = NewWorkOrder,
    responses((status = 201, body = WorkOrder), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/work-orders")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewWorkOrder>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner();
    // Escalating one's own unfinished work is the engineer's call too.
    let escalating_own = match input.escalated_from {
        Some(f) => state
            .store
            .get::<WorkOrderRecord>(f)?
            .is_some_and(|w| w.assignees.contains(&session.user.meta.id)),
        None => false,
    };
    if !escalating_own {
        session.require(DISPATCHERS)?;
    }
    if state
        .store
        .get::<RequestRecord>(input.request_id)?
        .is_none()
    {
        return Err(AppError::invalid(
            "request_id",
            format!("there is no service request {}", input.request_id),
        ));
    }
    if let Some(c) = input.contract_id {
        let contract = state.store.get::<ContractRecord>(c)?;
        let request = state.store.get::<RequestRecord>(input.request_id)?;
        if contract
            .zip(request)
            .is_none_or(|(c, r)| c.customer_id != r.customer_id)
        {
            return Err(AppError::invalid(
                "contract_id",
                "is not a contract of this request's customer",
            ));
        }
    }
    let actor = session.actor();
    let year = Utc::now().year();
    let saved = state
        .store
        .write(move |tx| {
            let mut request: RequestRecord = tx.require(input.request_id)?;
            let from = match input.escalated_from {
                Some(f) => match tx.get::<WorkOrderRecord>(f)? {
                    Some(w) => Some(w),
                    None => {
                        return abort(rejected(Refusal::Invalid(
                            [(
                                "escalated_from".to_owned(),
                                format!("there is no work order {f}"),
                            )]
                            .into(),
                        )))
                    }
                },
                None => None,
            };
            let mut wo = match rules::new_work_order(input.clone(), &request, from.as_ref()) {
                Ok(wo) => wo,
                Err(r) => return abort(rejected(r)),
            };
            wo.number = rules::number(
                year,
                tx.next_number(crate::store::Sequence::WorkOrders, year)?,
            );
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
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/work-orders/{}", saved.meta.id)))
        .json(wire(&state, &saved)?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct WorkOrderQuery {
    /// One request's work orders.
    pub request_id: Option<u64>,
    /// `me`, or a user id: their open work orders ("My tasks").
    pub assignee: Option<String>,
    /// Only work orders in this state (open states are indexed).
    pub state: Option<String>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

/// Work orders, newest first.
#[utoipa::path(path = "/api/work-orders", tag = "work orders", params(WorkOrderQuery), responses((status = 200, body = Page<WorkOrder>)))]
#[get("/work-orders")]
pub async fn list(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<WorkOrderQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (limit, cursor) = paging::params(q.limit, q.cursor.as_deref())?;
    let wanted = match q.state.as_deref() {
        Some(s) => Some(
            WoState::parse(s)
                .ok_or_else(|| AppError::invalid("state", "is not a work order state"))?,
        ),
        None => None,
    };
    let assignee = match q.assignee.as_deref() {
        Some("me") => Some(session.user.meta.id),
        Some(s) => Some(
            s.parse::<u64>()
                .map_err(|_| AppError::invalid("assignee", "must be me or a user id"))?,
        ),
        None => None,
    };
    // The narrowest index first; the other filters on the records found.
    let mut items: Vec<WorkOrderRecord> = if let Some(r) = q.request_id {
        state.store.work_orders_of_request(r)?
    } else if let Some(a) = assignee {
        state.store.open_work_orders_of(a)?
    } else if let Some(s) = wanted.filter(|s| s.is_open()) {
        state.store.work_orders_in_state(s)?
    } else {
        let mut out = Vec::new();
        for id in state.store.ids_desc::<WorkOrderRecord>(cursor)? {
            if out.len() > limit {
                break;
            }
            if let Some(wo) = state.store.get::<WorkOrderRecord>(id?)? {
                if wanted.is_none_or(|s| wo.state == s) {
                    out.push(wo);
                }
            }
        }
        out
    };
    items.retain(|wo| {
        wanted.is_none_or(|s| wo.state == s)
            && assignee.is_none_or(|a| wo.assignees.contains(&a) && wo.state.is_open())
            && cursor.is_none_or(|c| wo.meta.id < c)
    });
    items.sort_by_key(|wo| std::cmp::Reverse(wo.meta.id));
    let next = (items.len() > limit).then(|| items[limit - 1].meta.id.to_string());
    items.truncate(limit);
    Ok(HttpResponse::Ok().json(Page {
        items: items
            .iter()
            .map(|wo| wire(&state, wo))
            .collect::<Result<Vec<_>, _>>()?,
        next_cursor: next,
    }))
}

#[utoipa::path(path = "/api/work-orders/{id}", tag = "work orders", responses((status = 200, body = WorkOrder), (status = 404, body = ApiProblem)))]
#[get("/work-orders/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(wire(&state, &find(&state, id.into_inner())?)?))
}

/// The sale contracts field work on this order must be linked to.
fn big_sales(state: &AppState, wo: &WorkOrderRecord) -> Result<Vec<BigSale>, AppError> {
    if wo.kind != WorkKind::Field {
        return Ok(Vec::new());
    }
    let settings = state.store.settings()?;
    let today = firm_today(Utc::now(), settings.business_hours.utc_offset_minutes);
    let contracts = match wo.device_id {
        Some(d) => state.store.contracts_of_device(d)?,
        None => state.store.contracts_of_customer(wo.customer_id)?,
    };
    let contracts: Vec<_> = contracts.iter().map(|c| c.to_wire(today)).collect();
    Ok(rules::big_sales(
        &contracts,
        settings.contract_link_threshold,
    ))
}

/// A state change: `dispatch` (with `assignees`), `start`,
/// `request-extension` (with `reason`, `until`, `leg`), `approve-extension`,
/// `refuse-extension`, `request-completion`, `refuse-completion`,
/// `complete`, `cancel` (with `reason`), `approve-quote` (with
/// `approved_by`). 409 when the state does not allow it, 403 when the role
/// or the assignment does not.
#[utoipa::path(path = "/api/work-orders/{id}/actions/{verb}", tag = "work orders", request_body = ActionInput,
    responses((status = 200, body = WorkOrder), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/work-orders/{id}/actions/{verb}")]
pub async fn take_action(
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<(u64, String)>,
    body: web::Json<ActionInput>,
) -> Result<HttpResponse, AppError> {
    let (id, verb) = path.into_inner();
    let verb = Verb::parse(&verb)
        .ok_or_else(|| AppError::not_found(format!("A work order has no action {verb}.")))?;
    let input = body.into_inner();
    let current = find(&state, id)?;
    if let Some(c) = input.contract_id {
        if state
            .store
            .get::<ContractRecord>(c)?
            .is_none_or(|k| k.customer_id != current.customer_id)
        {
            return Err(AppError::invalid(
                "contract_id",
                "is not a contract of this work order's customer",
            ));
        }
    }
    let big = if verb == Verb::Dispatch {
        big_sales(&state, &current)?
    } else {
        Vec::new()
    };
    let hours = state.store.settings()?.business_hours;
    let actor = session.actor();
    let user = session.user.clone();
    let saved = state
        .store
        .write(move |tx| {
            let mut wo: WorkOrderRecord = tx.require(id)?;
            let expected = input.version.unwrap_or(wo.meta.version);
            let mut request: RequestRecord = tx.require(wo.request_id)?;
            let mut assignees = Vec::new();
            if verb == Verb::Dispatch {
                for a in &input.assignees {
                    assignees.push((*a, tx.get::<UserRecord>(*a)?));
                }
            }
            let mut others_closed = true;
            for other in request.work_order_ids.iter().filter(|o| **o != id) {
                if let Some(o) = tx.get::<WorkOrderRecord>(*other)? {
                    others_closed &= !o.state.is_open();
                }
            }
            let now = tx.now();
            let report_signed = match wo.report_ids.last() {
                Some(r) => tx
                    .get::<crate::store::reports::ReportRecord>(*r)?
                    .is_some_and(|r| r.signature.is_some()),
                None => false,
            };
            let ctx = ActionContext {
                assignees,
                big_sales: &big,
                others_closed,
                report_signed,
                now,
            };
            let who = Acting::of(&user);
            let before = request.events.len();
            if let Err(r) = rules::act(&mut wo, &mut request, verb, &input, &who, &ctx) {
                return abort(rejected(r));
            }
            let wo = tx.update_audited(wo, expected, &actor, verb.as_str())?;
            if request.events.len() != before || request.closed {
                save_request(tx, request, &hours, &actor, verb.as_str(), now)?;
            }
            Ok(wo)
        })
        .await?;
    Ok(HttpResponse::Ok().json(wire(&state, &saved)?))
}

/// Writes the request with its due time recomputed from its events.
pub(crate) fn save_request(
    tx: &crate::store::Tx<'_>,
    mut request: RequestRecord,
    hours: &BusinessHours,
    actor: &crate::store::Actor,
    action: &str,
    now: chrono::DateTime<Utc>,
) -> crate::store::TxResult<RequestRecord> {
    crate::domain::requests::refresh_due(&mut request, hours, now);
    let v = request.meta.version;
    tx.update_audited(request, v, actor, action)
}

/// Log a step: `called` (optionally with the booked `visit_at`), `arrived`,
/// `left`, `remote`. Arriving or working remotely starts dispatched work.
#[utoipa::path(path = "/api/work-orders/{id}/steps", tag = "work orders", request_body = NewStep,
    responses((status = 201, body = WorkOrder), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem)))]
#[post("/work-orders/{id}/steps")]
pub async fn add_step(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<NewStep>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    find(&state, id)?;
    let step = body.into_inner();
    let hours = state.store.settings()?.business_hours;
    let actor = session.actor();
    let user = session.user.clone();
    let saved = state
        .store
        .write(move |tx| {
            let mut wo: WorkOrderRecord = tx.require(id)?;
            let mut request: RequestRecord = tx.require(wo.request_id)?;
            let now = tx.now();
            let who = Acting::of(&user);
            if let Err(r) = rules::log_step(&mut wo, &mut request, step.clone(), &who, now) {
                return abort(rejected(r));
            }
            let action = format!("step-{}", step.kind.as_str());
            let v = wo.meta.version;
            let wo = tx.update_audited(wo, v, &actor, &action)?;
            save_request(tx, request, &hours, &actor, &action, now)?;
            Ok(wo)
        })
        .await?;
    Ok(HttpResponse::Created().json(wire(&state, &saved)?))
}

/// Record the quote of chargeable work (hours at the firm's rate, travel
/// fee, parts); replaced freely until the customer approves it.
#[utoipa::path(path = "/api/work-orders/{id}/quote", tag = "work orders", request_body = QuoteInput,
    responses((status = 200, body = WorkOrder), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[put("/work-orders/{id}/quote")]
pub async fn put_quote(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<QuoteInput>,
) -> Result<HttpResponse, AppError> {
    session.require(&[Role::Dispatcher, Role::Manager, Role::Sales, Role::Engineer])?;
    let id = id.into_inner();
    find(&state, id)?;
    let input = body.into_inner();
    let settings = state.store.settings()?;
    let actor = session.actor();
    let saved = state
        .store
        .write(move |tx| {
            let mut wo: WorkOrderRecord = tx.require(id)?;
            if let Err(r) = rules::set_quote(&mut wo, &input, &settings) {
                return abort(rejected(r));
            }
            tx.update_audited(wo, input.version, &actor, "quote")
        })
        .await?;
    Ok(HttpResponse::Ok().json(wire(&state, &saved)?))
}

/// Engineers to assign this work to, best match first: skills that fit
/// the device and the fault, then the lightest urgent load.
#[utoipa::path(path = "/api/work-orders/{id}/candidates", tag = "work orders", responses((status = 200, body = Vec<Candidate>), (status = 403, body = ApiProblem)))]
#[get("/work-orders/{id}/candidates")]
pub async fn candidates(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.require(DISPATCHERS)?;
    let wo = find(&state, id.into_inner())?;
    let mut job = wo.description.clone();
    if let Some(d) = wo
        .device_id
        .map(|d| state.store.get::<crate::store::DeviceRecord>(d))
        .transpose()?
        .flatten()
    {
        job.push(' ');
        job.push_str(&format!("{} {} {}", d.product, d.brand, d.model));
    }
    if let Some(r) = state.store.get::<RequestRecord>(wo.request_id)? {
        job.push(' ');
        job.push_str(&r.description);
    }
    let mut engineers = Vec::new();
    for uid in state.store.user_ids_with_role(Role::Engineer)? {
        let Some(u) = state.store.get::<UserRecord>(uid)?.filter(|u| u.active) else {
            continue;
        };
        let open = state.store.open_work_orders_of(uid)?;
        engineers.push(Candidate {
            user_id: uid,
            display_name: u.display_name.clone(),
            skills: u.skills.clone(),
            open: open.len() as u32,
            urgent_open: open
                .iter()
                .filter(|o| o.urgency == servicebook_shared::requests::Urgency::Urgent)
                .count() as u32,
            matching_skills: Vec::new(),
            suggested: false,
        });
    }
    Ok(HttpResponse::Ok().json(rank(engineers, &job)))
}
