//! An inspection visit done on a phone: dispatch, each device recorded,
//! findings opening requests, the customer's signature (in person or by
//! link); and what visits add up to — a device's readings over time and a
//! contract's compliance.

use super::session::Session;
use super::sign_links::link_of;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::inspection_visits as service;
use crate::service::reports::SIGN_LIMIT;
use crate::service::requests::At;
use crate::store::{ContractRecord, DeviceRecord, VisitRecord};
use actix_web::{get, post, web, HttpResponse};
use chrono::Datelike;
use serde::Deserialize;
use servicebook_shared::inspections::plans::PlannedVisit;
use servicebook_shared::inspections::visits::{
    CheckInput, Compliance, DispatchVisit, InspectionVisit, NewFinding, ReadingSeries,
};
use servicebook_shared::permissions;
use servicebook_shared::reports::{SignInput, SignLink};
use servicebook_shared::users::VersionOnly;
use servicebook_shared::ApiProblem;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(get_one)
        .service(dispatch)
        .service(
            web::resource("/inspections/visits/{id}/devices/{device_id}")
                .route(web::put().to(record_device)),
        )
        .service(open_finding)
        .service(
            // The pen's strokes: larger than other bodies (as on a report).
            web::resource("/inspections/visits/{id}/sign")
                .app_data(
                    web::JsonConfig::default()
                        .limit(SIGN_LIMIT)
                        .error_handler(crate::error::json_error),
                )
                .route(web::post().to(sign)),
        )
        .service(sign_link)
        .service(signature_svg)
        .service(readings)
        .service(device_visits)
        .service(compliance);
}

const READ: &str = "read inspections";

fn visit(state: &AppState, id: u64) -> Result<VisitRecord, AppError> {
    state
        .store
        .get::<VisitRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no inspection visit with id {id}.")))
}

fn shown(state: &AppState, v: &VisitRecord) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::view(&state.store, v)?))
}

/// The visit with its standard, devices, checks, findings and signature.
#[utoipa::path(path = "/api/inspections/visits/{id}", tag = "inspections",
    responses((status = 200, body = InspectionVisit), (status = 404, body = ApiProblem)))]
#[get("/inspections/visits/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_inspections(session.who()), READ)?;
    let v = visit(&state, id.into_inner())?;
    shown(&state, &v)
}

/// Give a planned visit to engineers: opens its service request (source
/// inspection) and a work order of kind inspection, dispatched.
#[utoipa::path(path = "/api/inspections/visits/{id}/dispatch", tag = "inspections", request_body = DispatchVisit,
    responses((status = 200, body = InspectionVisit), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/inspections/visits/{id}/dispatch")]
pub async fn dispatch(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<DispatchVisit>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::plan_inspections(session.who()),
        "dispatch inspections",
    )?;
    let v = service::dispatch(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
        At::Now,
    )
    .await?;
    shown(&state, &v)
}

/// Record one device: its answers (judged against the standard; a reading
/// outside its range fails by itself), or why it cannot be checked.
#[utoipa::path(put, path = "/api/inspections/visits/{id}/devices/{device_id}", tag = "inspections", request_body = CheckInput,
    responses((status = 200, body = InspectionVisit), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
pub async fn record_device(
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<(u64, u64)>,
    body: web::Json<CheckInput>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::record_inspections(session.who(), true),
        "record inspections",
    )?;
    let (id, device) = path.into_inner();
    let v = service::record_device(
        &state.store,
        &session.caller(),
        id,
        device,
        body.into_inner(),
        At::Now,
    )
    .await?;
    shown(&state, &v)
}

/// Open a service request from a failed item (source inspection, urgency
/// from the item's severity unless given), linked both ways.
#[utoipa::path(path = "/api/inspections/visits/{id}/findings", tag = "inspections", request_body = NewFinding,
    responses((status = 201, body = InspectionVisit), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/inspections/visits/{id}/findings")]
pub async fn open_finding(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<NewFinding>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::record_inspections(session.who(), true),
        "open requests from inspections",
    )?;
    let v = service::open_finding(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Created().json(service::view(&state.store, &v)?))
}

/// The customer signs the visit on the engineer's device, once every
/// device is recorded: the visit is done and its request's report filed.
#[utoipa::path(post, path = "/api/inspections/visits/{id}/sign", tag = "inspections", request_body = SignInput,
    responses((status = 200, body = InspectionVisit), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
pub async fn sign(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<SignInput>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::record_inspections(session.who(), true),
        "have inspections signed",
    )?;
    let v = service::sign_in_person(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
        At::Now,
    )
    .await?;
    shown(&state, &v)
}

/// A one-time link for the customer to sign the visit on their own phone,
/// at the visit's `version` (a later change voids the link).
#[utoipa::path(path = "/api/inspections/visits/{id}/sign-link", tag = "inspections", request_body = VersionOnly,
    responses((status = 201, body = SignLink), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem)))]
#[post("/inspections/visits/{id}/sign-link")]
pub async fn sign_link(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<VersionOnly>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::record_inspections(session.who(), true),
        "send inspections for signature",
    )?;
    let made = crate::service::sign_links::create_visit_link(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner().version,
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Created().json(link_of(&state, &made)))
}

/// The customer's signature on the visit as an SVG image.
#[utoipa::path(path = "/api/inspections/visits/{id}/signature.svg", tag = "inspections",
    responses((status = 200, content_type = "image/svg+xml", description = "The signature"), (status = 404, body = ApiProblem)))]
#[get("/inspections/visits/{id}/signature.svg")]
pub async fn signature_svg(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_inspections(session.who()), READ)?;
    let sig = visit(&state, id.into_inner())?
        .signature
        .ok_or_else(|| AppError::not_found("This inspection is not signed."))?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("Cache-Control", "private, max-age=31536000, immutable"))
        .body(sig.svg))
}

/// A device's readings over its signed inspections, one series per item,
/// oldest first, with the newest passing range.
#[utoipa::path(path = "/api/devices/{id}/readings", tag = "inspections",
    responses((status = 200, body = Vec<ReadingSeries>), (status = 404, body = ApiProblem)))]
#[get("/devices/{id}/readings")]
pub async fn readings(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_inspections(session.who()), READ)?;
    let id = id.into_inner();
    if state.store.get::<DeviceRecord>(id)?.is_none() {
        return Err(AppError::not_found(format!(
            "There is no device with id {id}."
        )));
    }
    Ok(HttpResponse::Ok().json(service::readings(&state.store, id)?))
}

/// The device's inspections still to be done, those given to engineers
/// first: a phone that scanned the device's label offers to record it.
#[utoipa::path(path = "/api/devices/{id}/inspections", tag = "inspections",
    responses((status = 200, body = Vec<PlannedVisit>), (status = 404, body = ApiProblem)))]
#[get("/devices/{id}/inspections")]
pub async fn device_visits(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_inspections(session.who()), READ)?;
    let id = id.into_inner();
    if state.store.get::<DeviceRecord>(id)?.is_none() {
        return Err(AppError::not_found(format!(
            "There is no device with id {id}."
        )));
    }
    let today = crate::service::settings::today(&state.store)?;
    let visits = service::open_visits_of_device(&state.store, id)?;
    Ok(HttpResponse::Ok().json(visits.iter().map(|v| v.to_wire(today)).collect::<Vec<_>>()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    /// Default: this year.
    pub year: Option<i32>,
}

/// A maintenance contract's inspections in a year: promised vs done on
/// time, late, missed (and still overdue or upcoming).
#[utoipa::path(path = "/api/contracts/{id}/inspection-compliance", tag = "inspections", params(YearQuery),
    responses((status = 200, body = Compliance), (status = 404, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/contracts/{id}/inspection-compliance")]
pub async fn compliance(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_inspections(session.who()), READ)?;
    let id = id.into_inner();
    if state.store.get::<ContractRecord>(id)?.is_none() {
        return Err(AppError::not_found(format!(
            "There is no contract with id {id}."
        )));
    }
    let year = match query.year {
        Some(y) if (1970..=2200).contains(&y) => y,
        Some(_) => return Err(AppError::invalid("year", "must be between 1970 and 2200")),
        None => crate::service::settings::today(&state.store)?.year(),
    };
    Ok(HttpResponse::Ok().json(service::compliance(&state.store, id, year)?))
}
