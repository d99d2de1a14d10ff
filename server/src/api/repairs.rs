//! Repairs (送修): intake at the counter, the state actions, the repair
//! record, and the claim voucher's QR code. Everyone signed in reads.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::domain::labels;
use crate::error::AppError;
use crate::service::repairs as service;
use crate::service::requests::At;
use crate::store::RepairRecord;
use actix_web::{get, post, put, web, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use servicebook_shared::permissions;
use servicebook_shared::repairs::{
    format_code, is_code_shaped, NewRepair, Repair, RepairActionInput, RepairIntake,
    RepairSheetInput, RepairState, RepairVerb,
};
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(voucher_qr)
        .service(get_one)
        .service(take_action)
        .service(put_sheet);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RepairQuery {
    /// Only repairs in this state (`received`, `diagnosing`, `quote_sent`,
    /// `quote_approved`, `quote_declined`, `repairing`, `ready`,
    /// `picked_up`, `returned_unrepaired`).
    pub state: Option<String>,
    /// Only devices still with the firm (not handed back).
    pub open: Option<bool>,
    /// Only devices with the firm longer than the firm's `repair_overdue_days`.
    pub overdue: Option<bool>,
    pub customer_id: Option<u64>,
    pub device_id: Option<u64>,
    /// Page size (default 50, at most 500).
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Repairs in id order, filtered by state, customer, device, and whether
/// they are overdue, a page at a time.
#[utoipa::path(path = "/api/repairs", tag = "repairs", params(RepairQuery),
    responses((status = 200, body = Page<Repair>), (status = 422, body = ApiProblem)))]
#[get("/repairs")]
pub async fn list(
    state: web::Data<AppState>,
    _session: Session,
    query: web::Query<RepairQuery>,
) -> Result<HttpResponse, AppError> {
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let wanted = match query.state.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            RepairState::parse(s)
                .ok_or_else(|| AppError::invalid("state", "is not a repair state"))?,
        ),
        None => None,
    };
    let days = state.store.settings()?.repair_overdue_days;
    let now = Utc::now();
    let overdue = query.overdue == Some(true);
    let open = query.open == Some(true) || overdue;
    let keep = |r: &RepairRecord| {
        wanted.is_none_or(|s| r.state == s)
            && (!open || r.state.is_open())
            && (!overdue || r.is_overdue(days, now))
            && query.customer_id.is_none_or(|c| r.customer_id == c)
            && query.device_id.is_none_or(|d| r.device_id == d)
    };
    // Few candidates from an index when one applies; else the table.
    let candidates = if let Some(d) = query.device_id {
        Some(state.store.repairs_of_device(d)?)
    } else if let Some(c) = query.customer_id {
        Some(state.store.repairs_of_customer(c)?)
    } else if let Some(s) = wanted.filter(|s| s.is_open()) {
        Some(state.store.open_repairs_in(s)?)
    } else if open {
        Some(state.store.open_repairs()?)
    } else {
        None
    };
    let (items, next) = match candidates {
        Some(found) => {
            let mut rest: Vec<RepairRecord> = found
                .into_iter()
                .filter(|r| cursor.is_none_or(|c| r.meta.id > c) && keep(r))
                .collect();
            rest.sort_by_key(|r| r.meta.id);
            let next = (rest.len() > limit).then(|| rest[limit - 1].meta.id);
            rest.truncate(limit);
            (rest, next)
        }
        None => state
            .store
            .list_where::<RepairRecord>(cursor, limit, keep)?,
    };
    Ok(HttpResponse::Ok().json(Page {
        items: items
            .iter()
            .map(|r| r.to_wire(days, now))
            .collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

pub(super) fn wire(state: &AppState, r: &RepairRecord) -> Result<Repair, AppError> {
    Ok(r.to_wire(state.store.settings()?.repair_overdue_days, Utc::now()))
}

fn load(state: &AppState, id: u64) -> Result<RepairRecord, AppError> {
    state
        .store
        .get::<RepairRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no repair with id {id}.")))
}

/// Take a device in at the counter: its coverage is worked out now and kept.
/// The answer carries the claim voucher's code, this once (only its hash is
/// stored): print it for the customer.
#[utoipa::path(path = "/api/repairs", tag = "repairs", request_body = NewRepair,
    responses((status = 201, body = RepairIntake), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/repairs")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewRepair>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::take_in_repairs(session.who()),
        "take devices in for repair",
    )?;
    let taken =
        service::take_in(&state.store, &session.caller(), body.into_inner(), At::Now).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/repairs/{}", taken.repair.meta.id)))
        .insert_header(("Cache-Control", "no-store"))
        .json(RepairIntake {
            repair: wire(&state, &taken.repair)?,
            voucher_code: format_code(&taken.voucher_code),
        }))
}

/// One repair.
#[utoipa::path(path = "/api/repairs/{id}", tag = "repairs",
    responses((status = 200, body = Repair), (status = 404, body = ApiProblem)))]
#[get("/repairs/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(wire(&state, &load(&state, id.into_inner())?)?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct VoucherQrQuery {
    /// The voucher's code as printed (it is not checked against the
    /// repair: the picture says nothing the paper does not).
    pub code: String,
}

/// The QR code printed on the claim voucher: it holds the code, so a
/// scanner at the counter types it into the pickup form.
#[utoipa::path(path = "/api/repairs/{id}/voucher-qr.svg", tag = "repairs", params(VoucherQrQuery),
    responses((status = 200, description = "SVG image", content_type = "image/svg+xml"), (status = 404, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/repairs/{id}/voucher-qr.svg")]
pub async fn voucher_qr(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
    query: web::Query<VoucherQrQuery>,
) -> Result<HttpResponse, AppError> {
    load(&state, id.into_inner())?;
    if !is_code_shaped(&query.code) {
        return Err(AppError::invalid("code", "is not a voucher code"));
    }
    let svg = labels::qr_svg(&format_code(&query.code)).map_err(AppError::bad_request)?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("Cache-Control", "no-store"))
        .body(svg))
}

/// A state change at the repair's `version` (required; stale: 409):
/// `diagnose`, `send-quote` (`amount`, `quote_text`), `approve-quote` /
/// `decline-quote` (`answered_by`, `channel`), `start-repair` (chargeable
/// work only after an approved quote: 409 `quote-not-approved`),
/// `mark-ready`, `pick-up` / `return-unrepaired` (`voucher_code`, or a
/// manager's `id_check`; `returned` accessories, `missing_note` for any not
/// returned; a wrong code: 422 `wrong-voucher-code`).
#[utoipa::path(path = "/api/repairs/{id}/actions/{verb}", tag = "repairs", request_body = RepairActionInput,
    responses((status = 200, body = Repair), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/repairs/{id}/actions/{verb}")]
pub async fn take_action(
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<(u64, String)>,
    body: web::Json<RepairActionInput>,
) -> Result<HttpResponse, AppError> {
    let (id, verb) = path.into_inner();
    let verb = RepairVerb::parse(&verb)
        .ok_or_else(|| AppError::not_found(format!("A repair has no action {verb}.")))?;
    session.allow(
        permissions::repair_action(session.who(), verb),
        &format!("{} repairs", verb.as_str().replace('-', " ")),
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

/// Write the repair record 维修记录单 (findings, actions, parts used,
/// minutes, engineer) at the repair's `version`: engineers or a manager,
/// from diagnosis until the device is handed back.
#[utoipa::path(path = "/api/repairs/{id}/record", tag = "repairs", request_body = RepairSheetInput,
    responses((status = 200, body = Repair), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[put("/repairs/{id}/record")]
pub async fn put_sheet(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<RepairSheetInput>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::write_repair_sheet(session.who()),
        "write repair records",
    )?;
    let saved = service::save_sheet(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(wire(&state, &saved)?))
}
