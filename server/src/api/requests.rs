//! Service requests: logging a call with its coverage worked out from the
//! archive, the board in order of what breaches next, one request with its
//! clocks and history.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::requests::{self as service, At};
use crate::store::{CustomerRecord, RequestRecord};
use actix_web::{get, post, web, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use servicebook_shared::permissions;
use servicebook_shared::requests::{
    device_name, NewRequest, RequestActionInput, RequestVerb, ServiceRequest, Urgency,
};
use servicebook_shared::settings::Settings;
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(take_action);
}

pub(crate) fn wire(
    state: &AppState,
    r: &RequestRecord,
    settings: &Settings,
) -> Result<ServiceRequest, AppError> {
    let name = state
        .store
        .get::<CustomerRecord>(r.customer_id)?
        .map(|c| c.name)
        .unwrap_or_default();
    let device = match r.device_id {
        Some(d) => state
            .store
            .get::<crate::store::DeviceRecord>(d)?
            .map(|d| device_name(&d.brand, &d.product, &d.model, &d.serial_number))
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(r.to_wire(&name, &device, settings, Utc::now()))
}

/// Log a service request. Coverage (contract, warranty, or chargeable) is
/// worked out from the archive and kept with it.
#[utoipa::path(path = "/api/requests", tag = "requests", request_body = NewRequest,
    responses((status = 201, body = ServiceRequest), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/requests")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewRequest>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::log_requests(session.who()),
        "log service requests",
    )?;
    let saved =
        service::log_request(&state.store, &session.caller(), body.into_inner(), At::Now).await?;
    let settings = state.store.settings()?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/requests/{}", saved.meta.id)))
        .json(wire(&state, &saved, &settings)?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RequestQuery {
    /// `due` (default): open requests whose clocks run, soonest due first
    /// (one nobody has been dispatched to runs its dispatch clock);
    /// `newest`: every request, newest first.
    pub order: Option<String>,
    pub customer_id: Option<u64>,
    pub device_id: Option<u64>,
    pub urgency: Option<Urgency>,
    /// Only requests with open work assigned to this engineer (user id).
    pub engineer: Option<u64>,
    /// `unassigned`: open, with no open work order; `closed`: closed ones.
    pub state: Option<String>,
    /// Only requests due within this many minutes (or already late).
    pub due_within: Option<i64>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

fn has_open_work(store: &crate::store::Store, r: &RequestRecord) -> Result<bool, AppError> {
    for w in &r.work_order_ids {
        if store
            .get::<crate::store::WorkOrderRecord>(*w)?
            .is_some_and(|w| w.state.is_open())
        {
            return Ok(true);
        }
    }
    Ok(false)
}

fn due_cursor(s: &str) -> Result<(u64, u64), AppError> {
    s.split_once('.')
        .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
        .ok_or_else(|| AppError::invalid("cursor", "is not a cursor this list gave"))
}

/// The request board.
#[utoipa::path(path = "/api/requests", tag = "requests", params(RequestQuery), responses((status = 200, body = Page<ServiceRequest>)))]
#[get("/requests")]
pub async fn list(
    state: web::Data<AppState>,
    _session: Session,
    query: web::Query<RequestQuery>,
) -> Result<HttpResponse, AppError> {
    let (items, next) = list_page(&state, &query)?;
    let settings = state.store.settings()?;
    Ok(HttpResponse::Ok().json(Page {
        items: items
            .iter()
            .map(|r| wire(&state, r, &settings))
            .collect::<Result<Vec<_>, _>>()?,
        next_cursor: next,
    }))
}

/// One page of the board as `q` asks, and the cursor of the next (the
/// list and its export read the same pages).
pub(crate) fn list_page(
    state: &AppState,
    q: &RequestQuery,
) -> Result<(Vec<RequestRecord>, Option<String>), AppError> {
    let unassigned = match q.state.as_deref() {
        None | Some("") => None,
        Some("unassigned") => Some(true),
        Some("closed") => Some(false),
        Some(_) => return Err(AppError::invalid("state", "must be unassigned or closed")),
    };
    let cutoff = q
        .due_within
        .map(|m| Utc::now() + chrono::Duration::minutes(m.clamp(0, 60 * 24 * 365)));
    let store = &state.store;
    // `unassigned` also needs the work orders: checked on the page found.
    let keep = |r: &RequestRecord| {
        q.urgency.is_none_or(|u| r.urgency == u)
            && match unassigned {
                Some(true) => !r.closed,
                Some(false) => r.closed,
                None => true,
            }
            && cutoff.is_none_or(|c| r.next_due_at.is_some_and(|d| d <= c))
    };
    let (items, next): (Vec<RequestRecord>, Option<String>) = match (q.customer_id, q.device_id) {
        _ if q.engineer.is_some() => {
            // An engineer's open work is a handful: gather it, sort by due.
            let mut ids: Vec<u64> = store
                .open_work_orders_of(q.engineer.unwrap_or(0))?
                .into_iter()
                .map(|w| w.request_id)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let mut items = Vec::new();
            for id in ids {
                if let Some(r) = store.get::<RequestRecord>(id)?.filter(|r| keep(r)) {
                    items.push(r);
                }
            }
            items.sort_by_key(|r| (r.next_due_at.is_none(), r.next_due_at, r.meta.id));
            (items, None)
        }
        (Some(_), _) | (_, Some(_)) => {
            // One customer's or device's requests: few, newest first.
            let (limit, cursor) = paging::params(q.limit, q.cursor.as_deref())?;
            let mut all = match q.device_id {
                Some(d) => state.store.requests_of_device(d)?,
                None => state
                    .store
                    .requests_of_customer(q.customer_id.unwrap_or(0))?,
            };
            all.retain(|r| {
                keep(r)
                    && q.customer_id.is_none_or(|c| r.customer_id == c)
                    && cursor.is_none_or(|c| r.meta.id < c)
            });
            all.sort_by_key(|r| std::cmp::Reverse(r.meta.id));
            let next = (all.len() > limit).then(|| all[limit - 1].meta.id.to_string());
            all.truncate(limit);
            (all, next)
        }
        // Closed requests have no clock running: newest first is their order.
        _ if q.order.as_deref() == Some("newest") || unassigned == Some(false) => {
            let (limit, cursor) = paging::params(q.limit, q.cursor.as_deref())?;
            let mut items = Vec::new();
            let mut next = None;
            for id in state.store.ids_desc::<RequestRecord>(cursor)? {
                let id = id?;
                if items.len() == limit {
                    next = Some(
                        items
                            .last()
                            .map_or(id, |r: &RequestRecord| r.meta.id)
                            .to_string(),
                    );
                    break;
                }
                if let Some(r) = state.store.get::<RequestRecord>(id)?.filter(|r| keep(r)) {
                    items.push(r);
                }
            }
            (items, next)
        }
        _ if q.order.as_deref().is_none_or(|o| o == "due") => {
            let (limit, _) = paging::params(q.limit, None)?;
            let after = q.cursor.as_deref().map(due_cursor).transpose()?;
            let (mut items, next) = state.store.requests_by_due(after, limit)?;
            // In due order, the first one past the cutoff ends the list.
            let past_cutoff = cutoff.is_some_and(|c| {
                items.last().is_some_and(|r| {
                    !crate::store::requests::awaits_urgent_dispatch(r)
                        && r.next_due_at.is_some_and(|d| d > c)
                })
            });
            items.retain(|r| keep(r));
            let next = if past_cutoff { None } else { next };
            (items, next.map(|(d, id)| format!("{d}.{id}")))
        }
        _ => return Err(AppError::invalid("order", "must be due or newest")),
    };
    let items = if unassigned == Some(true) {
        let mut waiting = Vec::with_capacity(items.len());
        for r in items {
            if !has_open_work(store, &r)? {
                waiting.push(r);
            }
        }
        waiting
    } else {
        items
    };
    Ok((items, next))
}

/// One request with its clocks and history.
#[utoipa::path(path = "/api/requests/{id}", tag = "requests", responses((status = 200, body = ServiceRequest), (status = 404, body = ApiProblem)))]
#[get("/requests/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let r = state
        .store
        .get::<RequestRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no service request with id {id}.")))?;
    let settings = state.store.settings()?;
    Ok(HttpResponse::Ok().json(wire(&state, &r, &settings)?))
}

/// `pause` (with `waiting_for`: the customer or parts), `resume`, or
/// `close` (with a `note`: how it was settled without more work), or
/// `reopen` a closed request (with a `reason`; the manager or dispatcher;
/// its clocks start a new cycle; not closed: 409), at the
/// request's `version` (required; stale: 409). 403 for an engineer not
/// working on it, 409 when the request's state does not allow it.
#[utoipa::path(path = "/api/requests/{id}/actions/{verb}", tag = "requests", request_body = RequestActionInput,
    responses((status = 200, body = ServiceRequest), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/requests/{id}/actions/{verb}")]
pub async fn take_action(
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<(u64, String)>,
    body: web::Json<RequestActionInput>,
) -> Result<HttpResponse, AppError> {
    let (id, verb) = path.into_inner();
    let verb = RequestVerb::parse(&verb)
        .ok_or_else(|| AppError::not_found(format!("A service request has no action {verb}.")))?;
    // The role first (an engineer's assignment is judged inside the write).
    session.allow(
        permissions::act_on_request(session.who(), verb, true),
        "pause, resume, close or reopen service requests",
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
    let settings = state.store.settings()?;
    Ok(HttpResponse::Ok().json(wire(&state, &saved, &settings)?))
}
