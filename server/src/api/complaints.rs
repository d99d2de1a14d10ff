//! Complaints (投诉): logged by the desk and sales, handled by the manager,
//! counted per person. `permissions::{log,handle,read}_complaints` decide;
//! an engineer reads only complaints naming them.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::complaints::{self as service, Filter};
use crate::service::requests::At;
use crate::store::ComplaintRecord;
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use servicebook_shared::complaints::{
    AcknowledgeComplaint, CloseComplaint, Complaint, ComplaintState, NewComplaint, PersonCount,
    StaffRef,
};
use servicebook_shared::permissions;
use servicebook_shared::{ApiProblem, Page};

/// `counts` and `people` before `{id}`, which would claim them.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(counts)
        .service(people)
        .service(list)
        .service(create)
        .service(get_one)
        .service(acknowledge)
        .service(close);
}

fn wire(state: &AppState, records: &[ComplaintRecord]) -> Result<Vec<Complaint>, AppError> {
    let settings = state.store.settings()?;
    let now = Utc::now();
    Ok(records.iter().map(|c| c.to_wire(&settings, now)).collect())
}

fn one(state: &AppState, c: &ComplaintRecord) -> Result<Complaint, AppError> {
    Ok(c.to_wire(&state.store.settings()?, Utc::now()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ComplaintQuery {
    /// `open`, `acknowledged` or `closed`.
    pub state: Option<String>,
    /// Only complaints naming this username.
    pub person: Option<String>,
    pub customer_id: Option<u64>,
    pub request_id: Option<u64>,
    /// Received at or after this time (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Received before this time (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Page size (default 50, at most 500).
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Complaints in the order logged, filtered, a page at a time. An engineer
/// gets only those naming them.
#[utoipa::path(path = "/api/complaints", tag = "complaints", params(ComplaintQuery),
    responses((status = 200, body = Page<Complaint>), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/complaints")]
pub async fn list(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<ComplaintQuery>,
) -> Result<HttpResponse, AppError> {
    let (items, next) = list_page(&state, &session, &query)?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: paging::cursor(next),
    }))
}

/// One page of the list and where the next starts (the export reads the
/// list through this too, so the file has exactly the list's rows).
pub fn list_page(
    state: &AppState,
    session: &Session,
    q: &ComplaintQuery,
) -> Result<(Vec<Complaint>, Option<u64>), AppError> {
    let (limit, cursor) = paging::params(q.limit, q.cursor.as_deref())?;
    let state_filter =
        match q.state.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(ComplaintState::parse(s).ok_or_else(|| {
                AppError::invalid("state", "must be open, acknowledged or closed")
            })?),
            None => None,
        };
    let filter = Filter {
        state: state_filter,
        person: q
            .person
            .as_deref()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty()),
        customer_id: q.customer_id,
        request_id: q.request_id,
        from: q.from,
        to: q.to,
    };
    let (items, next) = service::list(&state.store, &session.caller(), filter, cursor, limit)?;
    Ok((wire(state, &items)?, next))
}

/// Log a complaint. A person who is not on the staff, or a request or
/// work order that does not exist or is another customer's: 422 naming
/// the field; nothing is written.
#[utoipa::path(path = "/api/complaints", tag = "complaints", request_body = NewComplaint,
    responses((status = 201, body = Complaint), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/complaints")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewComplaint>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::log_complaints(session.who()), "log complaints")?;
    let saved = service::log(&state.store, &session.caller(), body.into_inner(), At::Now).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/complaints/{}", saved.meta.id)))
        .json(one(&state, &saved)?))
}

/// One complaint with its clocks.
#[utoipa::path(path = "/api/complaints/{id}", tag = "complaints",
    responses((status = 200, body = Complaint), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem)))]
#[get("/complaints/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let c = service::get(&state.store, &session.caller(), id.into_inner())?;
    Ok(HttpResponse::Ok().json(one(&state, &c)?))
}

/// A manager takes an open complaint on (send the `version` you read).
#[utoipa::path(path = "/api/complaints/{id}/actions/acknowledge", tag = "complaints", request_body = AcknowledgeComplaint,
    responses((status = 200, body = Complaint), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem),
        (status = 409, description = "Stale version, or not open", body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/complaints/{id}/actions/acknowledge")]
pub async fn acknowledge(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<AcknowledgeComplaint>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::handle_complaints(session.who()),
        "handle complaints",
    )?;
    let saved = service::acknowledge(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Ok().json(one(&state, &saved)?))
}

/// A manager closes an acknowledged complaint with `findings`, `action`
/// and `outcome` (all required). An open one: 409, acknowledge it first.
#[utoipa::path(path = "/api/complaints/{id}/actions/close", tag = "complaints", request_body = CloseComplaint,
    responses((status = 200, body = Complaint), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem),
        (status = 409, description = "Stale version, or not acknowledged", body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/complaints/{id}/actions/close")]
pub async fn close(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<CloseComplaint>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::handle_complaints(session.who()),
        "handle complaints",
    )?;
    let saved = service::close(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Ok().json(one(&state, &saved)?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CountsQuery {
    /// Received at or after this time (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Received before this time (RFC 3339).
    pub to: Option<DateTime<Utc>>,
}

/// Per person named: complaints received in the period, how many were
/// upheld (wholly or partly) and how many are not closed
/// (`complaints::counts_by_person`).
#[utoipa::path(path = "/api/complaints/counts", tag = "complaints", params(CountsQuery),
    responses((status = 200, body = Vec<PersonCount>), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/complaints/counts")]
pub async fn counts(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<CountsQuery>,
) -> Result<HttpResponse, AppError> {
    if let (Some(f), Some(t)) = (query.from, query.to) {
        if t < f {
            return Err(AppError::invalid("to", "must not be before from"));
        }
    }
    let counts = service::counts(&state.store, &session.caller(), query.from, query.to)?;
    Ok(HttpResponse::Ok().json(counts))
}

/// The active staff a complaint may name (for the form's picker; sales
/// may not read the staff list itself).
#[utoipa::path(path = "/api/complaints/people", tag = "complaints",
    responses((status = 200, body = Vec<StaffRef>), (status = 403, body = ApiProblem)))]
#[get("/complaints/people")]
pub async fn people(
    state: web::Data<AppState>,
    session: Session,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::people(&state.store, &session.caller())?))
}
