//! A work order's service report: the engineer's draft, the customer's
//! signature (which files the report on the request's clock and freezes
//! it), corrections as new revisions, and the signature image.

use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::reports::{self as service, SIGN_LIMIT};
use crate::service::requests::At;
use crate::store::reports::ReportRecord;
use crate::store::WorkOrderRecord;
use actix_web::{get, post, put, web, HttpResponse};
use servicebook_shared::part_requests::charged_amount;
use servicebook_shared::permissions;
use servicebook_shared::reports::{ReportInput, ServiceReport, SignInput};
use servicebook_shared::users::VersionOnly;
use servicebook_shared::ApiProblem;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(get_report)
        .service(put_report)
        .service(
            // The pen's strokes: larger than other bodies (as on a link).
            web::resource("/work-orders/{id}/report/sign")
                .app_data(
                    web::JsonConfig::default()
                        .limit(SIGN_LIMIT)
                        .error_handler(crate::error::json_error),
                )
                .route(web::post().to(sign)),
        )
        .service(revise)
        .service(signature_svg);
}

fn work_order(state: &AppState, id: u64) -> Result<WorkOrderRecord, AppError> {
    state
        .store
        .get::<WorkOrderRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no work order with id {id}.")))
}

fn current(state: &AppState, wo: &WorkOrderRecord) -> Result<Option<ReportRecord>, AppError> {
    match wo.report_ids.last() {
        Some(id) => Ok(state.store.get::<ReportRecord>(*id)?),
        None => Ok(None),
    }
}

fn wire(wo: &WorkOrderRecord, r: &ReportRecord) -> ServiceReport {
    let amount = wo
        .quote
        .as_ref()
        .filter(|q| q.approved.is_some())
        .map(|q| charged_amount(q.total, q.parts_amount, &r.parts));
    let earlier = wo
        .report_ids
        .iter()
        .copied()
        .filter(|id| *id != r.meta.id)
        .collect();
    r.to_wire(amount, earlier)
}

/// The current (latest) revision of the report.
#[utoipa::path(path = "/api/work-orders/{id}/report", tag = "work orders", responses((status = 200, body = ServiceReport), (status = 404, body = ApiProblem)))]
#[get("/work-orders/{id}/report")]
pub async fn get_report(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let wo = work_order(&state, id.into_inner())?;
    let r = current(&state, &wo)?
        .ok_or_else(|| AppError::not_found(format!("{} has no report yet.", wo.number)))?;
    Ok(HttpResponse::Ok().json(wire(&wo, &r)))
}

/// Write the first draft (`version` 0) or replace the current one at its
/// `version` (required; stale: 409). A signed report is frozen: 409. Its
/// engineers write it (or a manager).
#[utoipa::path(path = "/api/work-orders/{id}/report", tag = "work orders", request_body = ReportInput,
    responses((status = 200, body = ServiceReport), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[put("/work-orders/{id}/report")]
pub async fn put_report(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<ReportInput>,
) -> Result<HttpResponse, AppError> {
    may_write_reports(&session)?;
    let (wo, report) = service::save_draft(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(wire(&wo, &report)))
}

/// The role first: an engineer's assignment is judged inside the write.
fn may_write_reports(session: &Session) -> Result<(), AppError> {
    session.allow(
        permissions::write_report(session.who(), true),
        "write service reports",
    )
}

/// The customer signs the current report (drawn strokes and printed name)
/// on the device of an engineer assigned to the work, at the report's
/// `version`. Signing files the report on the request's clock and freezes
/// it.
#[utoipa::path(post, path = "/api/work-orders/{id}/report/sign", tag = "work orders", request_body = SignInput,
    responses((status = 200, body = ServiceReport), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
pub async fn sign(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<SignInput>,
) -> Result<HttpResponse, AppError> {
    may_write_reports(&session)?;
    let (wo, report) = service::sign_in_person(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Ok().json(wire(&wo, &report)))
}

/// Start a correction of the signed report, at its `version` (required;
/// stale: 409): a new unsigned revision with its content; the signed
/// revision is kept.
#[utoipa::path(path = "/api/work-orders/{id}/report/revisions", tag = "work orders", request_body = VersionOnly,
    responses((status = 201, body = ServiceReport), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/work-orders/{id}/report/revisions")]
pub async fn revise(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<VersionOnly>,
) -> Result<HttpResponse, AppError> {
    may_write_reports(&session)?;
    let id = id.into_inner();
    let (wo, report) = service::revise(
        &state.store,
        &session.caller(),
        id,
        body.into_inner().version,
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/work-orders/{id}/report")))
        .json(wire(&wo, &report)))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RevisionQuery {
    /// A report id (an earlier revision); default: the current one.
    pub report_id: Option<u64>,
}

/// The customer's signature as an SVG image.
#[utoipa::path(path = "/api/work-orders/{id}/report/signature.svg", tag = "work orders", params(RevisionQuery),
    responses((status = 200, content_type = "image/svg+xml", description = "The signature"), (status = 404, body = ApiProblem)))]
#[get("/work-orders/{id}/report/signature.svg")]
pub async fn signature_svg(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
    query: web::Query<RevisionQuery>,
) -> Result<HttpResponse, AppError> {
    let wo = work_order(&state, id.into_inner())?;
    let rid = match query.report_id {
        Some(r) if wo.report_ids.contains(&r) => Some(r),
        Some(_) => None,
        None => wo.report_ids.last().copied(),
    };
    let sig = rid
        .map(|r| state.store.get::<ReportRecord>(r))
        .transpose()?
        .flatten()
        .and_then(|r| r.signature)
        .ok_or_else(|| AppError::not_found("This report is not signed."))?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("Cache-Control", "private, max-age=31536000, immutable"))
        .body(sig.svg))
}
