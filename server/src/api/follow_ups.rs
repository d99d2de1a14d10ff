//! Follow-ups of poor survey scores: the manager's queue, calls to the
//! customer, reopening the request, closing with an outcome. Those who
//! send surveys may read them.

use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::follow_ups as service;
use crate::service::requests::At;
use crate::store::follow_ups::FollowUpRecord;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::permissions;
use servicebook_shared::surveys::{CloseFollowUp, FollowUp, FollowUpState, NewCall, ReopenInput};
use servicebook_shared::ApiProblem;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(get_one)
        .service(add_call)
        .service(reopen)
        .service(close);
}

const READ: &str = "read follow-ups";

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FollowUpQuery {
    /// `open`, `reopened` or `closed`; default: open and reopened.
    pub state: Option<String>,
}

/// Follow-ups, newest first: by default those still being worked.
#[utoipa::path(path = "/api/follow-ups", tag = "surveys", params(FollowUpQuery),
    responses((status = 200, body = Vec<FollowUp>), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/follow-ups")]
pub async fn list(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<FollowUpQuery>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::send_surveys(session.who()), READ)?;
    let states = match query.state.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => vec![FollowUpState::parse(s)
            .ok_or_else(|| AppError::invalid("state", "must be open, reopened or closed"))?],
        None => vec![FollowUpState::Open, FollowUpState::Reopened],
    };
    let mut ids = Vec::new();
    for s in states {
        ids.extend(state.store.follow_ups_in_state(s)?);
    }
    ids.sort_unstable_by(|a, b| b.cmp(a));
    let mut items = Vec::new();
    // A queue, not an archive: the newest 500 are plenty.
    for id in ids.into_iter().take(500) {
        if let Some(f) = state.store.get::<FollowUpRecord>(id)? {
            items.push(f.to_wire());
        }
    }
    Ok(HttpResponse::Ok().json(items))
}

fn follow_up(state: &AppState, id: u64) -> Result<FollowUpRecord, AppError> {
    state
        .store
        .get::<FollowUpRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no follow-up with id {id}.")))
}

/// One follow-up with its calls.
#[utoipa::path(path = "/api/follow-ups/{id}", tag = "surveys",
    responses((status = 200, body = FollowUp), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem)))]
#[get("/follow-ups/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::send_surveys(session.who()), READ)?;
    Ok(HttpResponse::Ok().json(follow_up(&state, id.into_inner())?.to_wire()))
}

/// Log a call to the customer (the manager).
#[utoipa::path(path = "/api/follow-ups/{id}/calls", tag = "surveys", request_body = NewCall,
    responses((status = 200, body = FollowUp), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/follow-ups/{id}/calls")]
pub async fn add_call(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<NewCall>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::handle_follow_ups(session.who()),
        "handle follow-ups",
    )?;
    let f = service::log_call(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Ok().json(f.to_wire()))
}

/// Reopen the request (with a reason) and mark the follow-up reopened, in
/// one write. A request that is not closed: 409.
#[utoipa::path(path = "/api/follow-ups/{id}/actions/reopen", tag = "surveys", request_body = ReopenInput,
    responses((status = 200, body = FollowUp), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/follow-ups/{id}/actions/reopen")]
pub async fn reopen(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<ReopenInput>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::handle_follow_ups(session.who()),
        "handle follow-ups",
    )?;
    let f = service::reopen(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Ok().json(f.to_wire()))
}

/// Close the follow-up with its outcome and a note.
#[utoipa::path(path = "/api/follow-ups/{id}/actions/close", tag = "surveys", request_body = CloseFollowUp,
    responses((status = 200, body = FollowUp), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/follow-ups/{id}/actions/close")]
pub async fn close(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<CloseFollowUp>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::handle_follow_ups(session.who()),
        "handle follow-ups",
    )?;
    let f = service::close(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Ok().json(f.to_wire()))
}
