//! A work order's service report: the engineer's draft, the customer's
//! signature (which files the report on the request's clock and freezes
//! it), corrections as new revisions, and the signature image.

use super::session::Session;
use super::work_orders::{rejected, save_request};
use crate::app::AppState;
use crate::domain::reports as rules;
use crate::domain::work_orders::Acting;
use crate::error::AppError;
use crate::store::reports::ReportRecord;
use crate::store::{abort, RequestRecord, WorkOrderRecord};
use actix_web::{get, post, put, web, HttpResponse};
use servicebook_shared::reports::{ReportInput, ServiceReport, SignInput};
use servicebook_shared::sla::{SlaEvent, TimedEvent};
use servicebook_shared::ApiProblem;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(get_report)
        .service(put_report)
        .service(sign)
        .service(revise)
        .service(signature_svg);
}

/// A signature is a few thousand points at most.
pub const SIGN_LIMIT: usize = 256 * 1024;

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
        .map(|q| q.total);
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

/// Write or replace the draft (send its `version` when replacing). A
/// signed report is frozen: 409.
#[utoipa::path(path = "/api/work-orders/{id}/report", tag = "work orders", request_body = ReportInput,
    responses((status = 200, body = ServiceReport), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[put("/work-orders/{id}/report")]
pub async fn put_report(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<ReportInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    work_order(&state, id)?;
    let input = body.into_inner();
    let actor = session.actor();
    let user = session.user.clone();
    let (wo, report) = state
        .store
        .write(move |tx| {
            let mut wo: WorkOrderRecord = tx.require(id)?;
            let current = match wo.report_ids.last() {
                Some(r) => Some(tx.require::<ReportRecord>(*r)?),
                None => None,
            };
            let who = Acting::of(&user);
            let draft = match rules::write(current.as_ref(), &input, &wo, &who) {
                Ok(d) => d,
                Err(r) => return abort(rejected(r)),
            };
            let saved = match &current {
                Some(c) => {
                    let v = input.version.unwrap_or(c.meta.version);
                    tx.update_audited(draft, v, &actor, "update")?
                }
                None => {
                    let saved = tx.insert_audited(draft, &actor)?;
                    wo.report_ids.push(saved.meta.id);
                    let v = wo.meta.version;
                    wo = tx.update_audited(wo, v, &actor, "report")?;
                    saved
                }
            };
            Ok((wo, saved))
        })
        .await?;
    Ok(HttpResponse::Ok().json(wire(&wo, &report)))
}

/// The customer signs the current report (drawn strokes and printed name).
/// Signing files the report on the request's clock and freezes it.
#[utoipa::path(path = "/api/work-orders/{id}/report/sign", tag = "work orders", request_body = SignInput,
    responses((status = 200, body = ServiceReport), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/work-orders/{id}/report/sign")]
pub async fn sign(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<SignInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let wo = work_order(&state, id)?;
    let mine = wo.assignees.contains(&session.user.meta.id);
    if !(mine || session.is(servicebook_shared::users::Role::Manager)) {
        return Err(AppError::forbidden(
            "The customer signs on the device of an engineer assigned to this work.",
        ));
    }
    let input = body.into_inner();
    let hours = state.store.settings()?.business_hours;
    let actor = session.actor();
    let user = session.user.clone();
    let (wo, report) = state
        .store
        .write(move |tx| {
            let wo: WorkOrderRecord = tx.require(id)?;
            let Some(rid) = wo.report_ids.last() else {
                return abort(rejected(crate::domain::work_orders::Refusal::Conflict(
                    "write the report before the customer signs it".into(),
                )));
            };
            let mut report: ReportRecord = tx.require(*rid)?;
            if report.meta.version != input.version {
                return abort(crate::store::StoreError::StaleVersion {
                    table: "reports",
                    id: report.meta.id,
                    expected: input.version,
                    actual: report.meta.version,
                });
            }
            let now = tx.now();
            let staff = (user.username.as_str(), user.display_name.as_str());
            if let Err(r) = rules::sign(&mut report, &input, "in_person", Some(staff), now) {
                return abort(rejected(r));
            }
            let v = report.meta.version;
            let report = tx.update_audited(report, v, &actor, "sign")?;
            file_report(tx, wo.request_id, &hours, &actor, now)?;
            Ok((wo, report))
        })
        .await?;
    Ok(HttpResponse::Ok().json(wire(&wo, &report)))
}

/// The first signed report files the request's record: its clock stops.
pub(crate) fn file_report(
    tx: &crate::store::Tx<'_>,
    request_id: u64,
    hours: &servicebook_shared::sla::BusinessHours,
    actor: &crate::store::Actor,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::store::TxResult<()> {
    let mut request: RequestRecord = tx.require(request_id)?;
    if !request
        .events
        .iter()
        .any(|e| matches!(e.event, SlaEvent::ReportFiled))
    {
        request.events.push(TimedEvent {
            at: now,
            event: SlaEvent::ReportFiled,
        });
        save_request(tx, request, hours, actor, "report-filed", now)?;
    }
    Ok(())
}

/// Start a correction of the signed report: a new unsigned revision with
/// its content; the signed revision is kept.
#[utoipa::path(path = "/api/work-orders/{id}/report/revisions", tag = "work orders",
    responses((status = 201, body = ServiceReport), (status = 409, body = ApiProblem)))]
#[post("/work-orders/{id}/report/revisions")]
pub async fn revise(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    work_order(&state, id)?;
    let actor = session.actor();
    let user = session.user.clone();
    let (wo, report) = state
        .store
        .write(move |tx| {
            let mut wo: WorkOrderRecord = tx.require(id)?;
            let Some(rid) = wo.report_ids.last() else {
                return abort(rejected(crate::domain::work_orders::Refusal::Conflict(
                    "there is no report to correct".into(),
                )));
            };
            let signed: ReportRecord = tx.require(*rid)?;
            let who = Acting::of(&user);
            let next = match rules::revise(&signed, &wo, &who) {
                Ok(n) => n,
                Err(r) => return abort(rejected(r)),
            };
            let saved = tx.insert_audited(next, &actor)?;
            wo.report_ids.push(saved.meta.id);
            let v = wo.meta.version;
            let wo = tx.update_audited(wo, v, &actor, "report-revision")?;
            Ok((wo, saved))
        })
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
