//! Work orders: created from a request, moved by actions, steps logged by
//! the engineers. Every change also writes the request's history in the
//! same transaction, so the clocks always agree with the work.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::requests::At;
use crate::service::work_orders as service;
use crate::store::work_orders::Names;
use crate::store::{CustomerRecord, RequestRecord, UserRecord, WorkOrderRecord};
use actix_web::{get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use servicebook_shared::dispatch::{rank, Candidate, Job};
use servicebook_shared::permissions;
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

pub(crate) fn wire(state: &AppState, wo: &WorkOrderRecord) -> Result<WorkOrder, AppError> {
    let (request_number, site) = state
        .store
        .get::<RequestRecord>(wo.request_id)?
        .map(|r| (r.number, r.site))
        .unwrap_or_default();
    let device_name = match wo.device_id {
        Some(d) => state
            .store
            .get::<crate::store::DeviceRecord>(d)?
            .map(|d| {
                servicebook_shared::requests::device_name(
                    &d.brand,
                    &d.product,
                    &d.model,
                    &d.serial_number,
                )
            })
            .unwrap_or_default(),
        None => String::new(),
    };
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
        device_name,
        site,
    }))
}

fn find(state: &AppState, id: u64) -> Result<WorkOrderRecord, AppError> {
    state
        .store
        .get::<WorkOrderRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no work order with id {id}.")))
}

/// Open a work order for a request (support/design or field work); with
/// `escalated_from` (and its `context`), escalate that work order to the
/// next line. The desk opens work; the work's own engineers may escalate
/// it too, while it is under way (else 409).
#[utoipa::path(path = "/api/work-orders", tag = "work orders", request_body = NewWorkOrder,
    responses((status = 201, body = WorkOrder), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/work-orders")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewWorkOrder>,
) -> Result<HttpResponse, AppError> {
    // Who may escalate depends on the work order escalated: judged inside
    // the write, with the rest.
    let saved =
        service::create(&state.store, &session.caller(), body.into_inner(), At::Now).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/work-orders/{}", saved.meta.id)))
        .json(wire(&state, &saved)?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct WorkOrderQuery {
    /// One request's work orders.
    pub request_id: Option<u64>,
    /// `me`, or a user id: work orders assigned to them. Without `state`,
    /// only their open ones ("My tasks"); with a closed state, those.
    pub assignee: Option<String>,
    /// Only work orders in this state (`requested`, `dispatched`,
    /// `in_progress`, `extension_requested`, `completion_requested`,
    /// `completed`, `cancelled`).
    pub state: Option<String>,
    /// Only this kind of work: `support` or `field`.
    pub kind: Option<String>,
    /// RFC 3339: only work orders created at or after this time.
    pub from: Option<String>,
    /// RFC 3339: only work orders created at or before this time.
    pub to: Option<String>,
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

fn time(field: &str, value: Option<&str>) -> Result<Option<DateTime<Utc>>, AppError> {
    value
        .filter(|v| !v.is_empty())
        .map(|v| DateTime::parse_from_rfc3339(v).map(|t| t.with_timezone(&Utc)))
        .transpose()
        .map_err(|_| {
            AppError::invalid(field, "must be an RFC 3339 time, e.g. 2026-11-23T08:00:00Z")
        })
}

/// What a list asks for, parsed.
struct Filter {
    request_id: Option<u64>,
    assignee: Option<u64>,
    state: Option<WoState>,
    kind: Option<WorkKind>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

impl Filter {
    fn keeps(&self, wo: &WorkOrderRecord) -> bool {
        self.request_id.is_none_or(|r| wo.request_id == r)
            && self.state.is_none_or(|s| wo.state == s)
            && self.assignee.is_none_or(|a| {
                wo.assignees.contains(&a) && (self.state.is_some() || wo.state.is_open())
            })
            && self.kind.is_none_or(|k| wo.kind == k)
            && self.from.is_none_or(|f| wo.meta.created_at >= f)
            && self.to.is_none_or(|t| wo.meta.created_at <= t)
    }
}

/// Work orders, newest first: one request's, someone's (open by default),
/// by state, by kind of work, created within a time range; the filters
/// combine.
#[utoipa::path(path = "/api/work-orders", tag = "work orders", params(WorkOrderQuery),
    responses((status = 200, body = Page<WorkOrder>), (status = 422, body = ApiProblem)))]
#[get("/work-orders")]
pub async fn list(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<WorkOrderQuery>,
) -> Result<HttpResponse, AppError> {
    let (items, next) = list_page(&state, session.user.meta.id, &query)?;
    Ok(HttpResponse::Ok().json(Page {
        items: items
            .iter()
            .map(|wo| wire(&state, wo))
            .collect::<Result<Vec<_>, _>>()?,
        next_cursor: next,
    }))
}

/// One page of work orders as `q` asks (`me` is the caller's user id),
/// and the next page's cursor: the list and its export read the same.
pub(crate) fn list_page(
    state: &AppState,
    me: u64,
    q: &WorkOrderQuery,
) -> Result<(Vec<WorkOrderRecord>, Option<String>), AppError> {
    let (limit, cursor) = paging::params(q.limit, q.cursor.as_deref())?;
    let filter = Filter {
        request_id: q.request_id,
        assignee: match q.assignee.as_deref() {
            None | Some("") => None,
            Some("me") => Some(me),
            Some(s) => Some(
                s.parse::<u64>()
                    .map_err(|_| AppError::invalid("assignee", "must be me or a user id"))?,
            ),
        },
        state: match q.state.as_deref() {
            None | Some("") => None,
            Some(s) => Some(
                WoState::parse(s)
                    .ok_or_else(|| AppError::invalid("state", "is not a work order state"))?,
            ),
        },
        kind: match q.kind.as_deref() {
            None | Some("") => None,
            Some(s) => Some(
                WorkKind::parse(s)
                    .ok_or_else(|| AppError::invalid("kind", "must be support, field or repair"))?,
            ),
        },
        from: time("from", q.from.as_deref())?,
        to: time("to", q.to.as_deref())?,
    };
    let store = &state.store;
    // The narrowest index proposes (a handful of records, sorted here);
    // without one, the table is walked newest first. Either way every
    // filter is applied to the records found, and a page ends after
    // `limit` of them, the cursor being the last one's id.
    let open_only = filter.state.is_none_or(|s| s.is_open());
    let few: Option<Vec<WorkOrderRecord>> = if let Some(r) = filter.request_id {
        Some(store.work_orders_of_request(r)?)
    } else if let (Some(a), true) = (filter.assignee, open_only) {
        Some(store.open_work_orders_of(a)?)
    } else if let Some(s) = filter.state.filter(|s| s.is_open()) {
        Some(store.work_orders_in_state(s)?)
    } else {
        None
    };
    let mut items: Vec<WorkOrderRecord> = Vec::new();
    let mut next = None;
    let mut take = |wo: WorkOrderRecord, items: &mut Vec<WorkOrderRecord>| -> bool {
        if !filter.keeps(&wo) {
            return true;
        }
        if items.len() == limit {
            next = items.last().map(|w| w.meta.id.to_string());
            return false;
        }
        items.push(wo);
        true
    };
    match few {
        Some(mut found) => {
            found.retain(|wo| cursor.is_none_or(|c| wo.meta.id < c));
            found.sort_by_key(|wo| std::cmp::Reverse(wo.meta.id));
            for wo in found {
                if !take(wo, &mut items) {
                    break;
                }
            }
        }
        None => {
            for id in store.ids_desc::<WorkOrderRecord>(cursor)? {
                if let Some(wo) = store.get::<WorkOrderRecord>(id?)? {
                    if !take(wo, &mut items) {
                        break;
                    }
                }
            }
        }
    }
    Ok((items, next))
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

/// A state change at the work order's `version` (required; stale: 409):
/// `dispatch` (with `assignees`), `start`, `request-extension` (with
/// `reason`, `until`, `leg`), `approve-extension`, `refuse-extension`,
/// `request-completion`, `refuse-completion`, `complete`, `cancel` (with
/// `reason`), `approve-quote` (with `approved_by`; the desk or sales). 409
/// when the state does not allow it, 403 when the role or the assignment
/// does not.
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
    // The role first (an engineer's assignment is judged inside the write).
    session.allow(
        permissions::work_order_action(session.who(), verb, true),
        &format!("{} work orders", verb.as_str()),
    )?;
    let saved = service::act(
        &state.store,
        &session.caller(),
        id,
        verb,
        body.into_inner(),
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Ok().json(wire(&state, &saved)?))
}

/// Log a step at the work order's `version` (required; stale: 409):
/// `called` (optionally with the booked `visit_at`), `arrived`, `left`,
/// `remote`. Arriving or working remotely starts dispatched work. Its
/// engineers log steps (or a manager, correcting the record).
#[utoipa::path(path = "/api/work-orders/{id}/steps", tag = "work orders", request_body = NewStep,
    responses((status = 201, body = WorkOrder), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/work-orders/{id}/steps")]
pub async fn add_step(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<NewStep>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::log_steps(session.who(), true),
        "log steps on work orders",
    )?;
    let saved = service::log_step(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Created().json(wire(&state, &saved)?))
}

/// Record the quote of chargeable work (hours at the firm's rate, travel
/// fee, parts) at the work order's `version`; replaced freely until the
/// customer approves it. Its engineers, the desk or sales.
#[utoipa::path(path = "/api/work-orders/{id}/quote", tag = "work orders", request_body = QuoteInput,
    responses((status = 200, body = WorkOrder), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[put("/work-orders/{id}/quote")]
pub async fn put_quote(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<QuoteInput>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::set_quote(session.who(), true), "set quotes")?;
    let saved = service::set_quote(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
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
    session.allow(
        permissions::dispatch(session.who()),
        "see dispatch suggestions",
    )?;
    let wo = find(&state, id.into_inner())?;
    let mut job = wo.description.clone();
    let mut category = String::new();
    if let Some(d) = wo
        .device_id
        .map(|d| state.store.get::<crate::store::DeviceRecord>(d))
        .transpose()?
        .flatten()
    {
        job.push(' ');
        job.push_str(&format!("{} {} {}", d.product, d.brand, d.model));
        category = d.category;
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
        // This work order is not part of their load: dispatching it to
        // someone does not move the suggestion away from them.
        let open: Vec<WorkOrderRecord> = state
            .store
            .open_work_orders_of(uid)?
            .into_iter()
            .filter(|o| o.meta.id != wo.meta.id)
            .collect();
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
    let job = Job {
        text: &job,
        category: Some(category.as_str()).filter(|c| !c.is_empty()),
    };
    let categories = state.store.settings()?.categories;
    Ok(HttpResponse::Ok().json(rank(engineers, &job, &categories)))
}
