//! Inspection schedules per maintenance contract and the visits they plan
//! (`permissions::plan_inspections` changes them; everyone signed in reads).

use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::inspection_plans as service;
use crate::store::{ScheduleRecord, VisitRecord};
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use servicebook_shared::inspections::plans::{
    InspectionSchedule, NewSchedule, PlannedVisit, SchedulePatch,
};
use servicebook_shared::permissions;
use servicebook_shared::ApiProblem;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list_schedules)
        .service(create_schedule)
        .service(update_schedule)
        .service(schedule_visits)
        .service(due);
}

const READ: &str = "read the inspection plans";

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ScheduleQuery {
    /// The maintenance contract.
    pub contract_id: u64,
}

/// A contract's inspection schedules.
#[utoipa::path(path = "/api/inspections/schedules", tag = "inspections", params(ScheduleQuery),
    responses((status = 200, body = Vec<InspectionSchedule>), (status = 422, body = ApiProblem)))]
#[get("/inspections/schedules")]
pub async fn list_schedules(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<ScheduleQuery>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_inspections(session.who()), READ)?;
    let list = state.store.schedules_of_contract(query.contract_id)?;
    Ok(HttpResponse::Ok().json(list.iter().map(ScheduleRecord::to_wire).collect::<Vec<_>>()))
}

/// A schedule for a maintenance contract: a standard, the devices and a
/// rhythm (default: the contract's inspections a year). Its visits are
/// planned at once for the contract's whole term.
#[utoipa::path(path = "/api/inspections/schedules", tag = "inspections", request_body = NewSchedule,
    responses((status = 201, body = InspectionSchedule), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/inspections/schedules")]
pub async fn create_schedule(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewSchedule>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::plan_inspections(session.who()),
        "plan inspections",
    )?;
    let saved =
        service::create_schedule(&state.store, &session.caller(), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(saved.to_wire()))
}

/// Change a schedule's devices or rhythm, or pause it (`active: false`);
/// future visits are re-planned, past ones kept.
#[utoipa::path(path = "/api/inspections/schedules/{id}", tag = "inspections", request_body = SchedulePatch,
    responses((status = 200, body = InspectionSchedule), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[patch("/inspections/schedules/{id}")]
pub async fn update_schedule(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<SchedulePatch>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::plan_inspections(session.who()),
        "plan inspections",
    )?;
    let saved = service::update_schedule(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

/// Every visit a schedule has planned (cancelled ones too), by date.
#[utoipa::path(path = "/api/inspections/schedules/{id}/visits", tag = "inspections",
    responses((status = 200, body = Vec<PlannedVisit>), (status = 404, body = ApiProblem)))]
#[get("/inspections/schedules/{id}/visits")]
pub async fn schedule_visits(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_inspections(session.who()), READ)?;
    let id = id.into_inner();
    if state.store.get::<ScheduleRecord>(id)?.is_none() {
        return Err(AppError::not_found(format!(
            "There is no inspection schedule with id {id}."
        )));
    }
    let today = crate::service::settings::today(&state.store)?;
    let mut visits = state.store.visits_of_schedule(id)?;
    visits.sort_by_key(|v| v.due_date);
    Ok(HttpResponse::Ok().json(visits.iter().map(|v| v.to_wire(today)).collect::<Vec<_>>()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DueQuery {
    /// Due on or before this day (default: two weeks from today).
    pub until: Option<NaiveDate>,
    /// Only this contract's visits.
    pub contract_id: Option<u64>,
    /// At most this many (default 200, at most 1000).
    pub limit: Option<usize>,
}

/// Inspections still to be done (planned, dispatched or under way) due by
/// `until`, overdue ones first (earliest date
/// first): the manager's and dispatcher's list.
#[utoipa::path(path = "/api/inspections/due", tag = "inspections", params(DueQuery),
    responses((status = 200, body = Vec<PlannedVisit>), (status = 422, body = ApiProblem)))]
#[get("/inspections/due")]
pub async fn due(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<DueQuery>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_inspections(session.who()), READ)?;
    let today = crate::service::settings::today(&state.store)?;
    let until = query.until.unwrap_or(
        today + chrono::Duration::days(servicebook_shared::inspections::plans::DUE_DEFAULT_DAYS),
    );
    if !servicebook_shared::bounds::date_ok(until) {
        return Err(AppError::invalid(
            "until",
            "must be a day between 1970 and 2200",
        ));
    }
    let limit = query.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::invalid("limit", "must be 1 to 1000"));
    }
    let contract = query.contract_id;
    let store = state.store.clone();
    let visits: Vec<VisitRecord> = web::block(move || {
        store.planned_visits_until(until, limit, |v| {
            contract.is_none_or(|c| v.contract_id == c)
        })
    })
    .await
    .map_err(AppError::internal)??;
    let out: Vec<PlannedVisit> = visits.iter().map(|v| v.to_wire(today)).collect();
    Ok(HttpResponse::Ok().json(out))
}
