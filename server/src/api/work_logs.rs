//! Engineers' weekly reports (工作周报): read (own, or the manager anyone's),
//! notes saved at a version, submitted once, and the week's status for the
//! manager.

use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::work_logs as service;
use actix_web::{get, post, put, web, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use servicebook_shared::permissions;
use servicebook_shared::work_log::{
    SaveWorkLog, SubmitWorkLog, WeekId, WeeklyReport, WeeklyStatus,
};
use servicebook_shared::ApiProblem;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(status)
        .service(get_weekly)
        .service(save)
        .service(submit);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct WeeklyQuery {
    /// The engineer's username (default: the caller).
    pub engineer: Option<String>,
    /// ISO week, `2026-W48` (default: this week in the firm's time zone).
    pub week: Option<String>,
}

/// The week asked for, or this week on the firm's calendar.
fn week_of(state: &AppState, text: Option<&str>) -> Result<WeekId, AppError> {
    match text.filter(|t| !t.is_empty()) {
        Some(t) => Ok(service::parse_week(t)?),
        None => Ok(WeekId::of(crate::service::settings::today(&state.store)?)),
    }
}

/// An engineer's week, drafted from their work orders, steps, signed
/// reports and inspection visits, with their notes and the submission.
#[utoipa::path(path = "/api/reports/weekly", tag = "weekly reports", params(WeeklyQuery),
    responses((status = 200, body = WeeklyReport), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/reports/weekly")]
pub async fn get_weekly(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<WeeklyQuery>,
) -> Result<HttpResponse, AppError> {
    let username = query
        .engineer
        .clone()
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| session.user.username.clone());
    let own = username == session.user.username;
    session.allow(
        permissions::read_weekly_report(session.who(), own),
        "read this weekly report",
    )?;
    let week = week_of(&state, query.week.as_deref())?;
    let store = state.store.clone();
    let report = web::block(move || service::weekly_report(&store, &username, week))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok().json(report))
}

/// Save the notes (summary, problems, next week's plan) at `version`
/// (0 for the first save of the week; stale: 409). Own report only.
#[utoipa::path(path = "/api/reports/weekly/{username}/{week}", tag = "weekly reports", request_body = SaveWorkLog,
    responses((status = 200, body = WeeklyReport), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[put("/reports/weekly/{username}/{week}")]
pub async fn save(
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<(String, String)>,
    body: web::Json<SaveWorkLog>,
) -> Result<HttpResponse, AppError> {
    let (username, week) = path.into_inner();
    let week = service::parse_week(&week)?;
    session.allow(
        permissions::write_weekly_report(session.who(), username == session.user.username),
        "write someone else's weekly report",
    )?;
    service::save_notes(
        &state.store,
        &session.caller(),
        &username,
        week,
        body.into_inner(),
    )
    .await?;
    reread(&state, username, week).await
}

async fn reread(
    state: &web::Data<AppState>,
    username: String,
    week: WeekId,
) -> Result<HttpResponse, AppError> {
    let store = state.store.clone();
    let report = web::block(move || service::weekly_report(&store, &username, week))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok().json(report))
}

/// Submit the week at `version` (409 when submitted already); after the
/// firm's deadline it is marked late. Own report only.
#[utoipa::path(path = "/api/reports/weekly/{username}/{week}/submit", tag = "weekly reports", request_body = SubmitWorkLog,
    responses((status = 200, body = WeeklyReport), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/reports/weekly/{username}/{week}/submit")]
pub async fn submit(
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<(String, String)>,
    body: web::Json<SubmitWorkLog>,
) -> Result<HttpResponse, AppError> {
    let (username, week) = path.into_inner();
    let week = service::parse_week(&week)?;
    session.allow(
        permissions::write_weekly_report(session.who(), username == session.user.username),
        "submit someone else's weekly report",
    )?;
    service::submit(
        &state.store,
        &session.caller(),
        &username,
        week,
        body.version,
        Utc::now(),
    )
    .await?;
    reread(&state, username, week).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatusQuery {
    /// ISO week, `2026-W48` (default: this week).
    pub week: Option<String>,
}

/// Every active engineer's report of the week: submitted, submitted late,
/// not yet, or overdue (those who have not submitted first). Manager.
#[utoipa::path(path = "/api/reports/weekly/status", tag = "weekly reports", params(StatusQuery),
    responses((status = 200, body = WeeklyStatus), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/reports/weekly/status")]
pub async fn status(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<StatusQuery>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::weekly_report_status(session.who()),
        "see who has submitted weekly reports",
    )?;
    let week = week_of(&state, query.week.as_deref())?;
    Ok(HttpResponse::Ok().json(service::status(&state.store, week, Utc::now())?))
}
