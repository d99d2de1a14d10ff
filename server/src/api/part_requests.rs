//! Part requests (备件申请): engineers ask for parts on a work order, the
//! store keeper approves (reserves), issues or rejects them, the engineer
//! confirms receipt. Also the work order's parts: its requests, what is
//! out in kits against it, and returning what was not used.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::part_requests as service;
use crate::store::part_requests::PartRequestRecord;
use crate::store::WorkOrderRecord;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::part_requests::{
    ApprovePr, IssuePr, NewPartRequest, PartRequest, PrState, ReasonPr, ReceivePr, ReturnParts,
    WorkOrderParts,
};
use servicebook_shared::permissions;
use servicebook_shared::repairs::{Repair, UseStockPart};
use servicebook_shared::stock::{Movement, MovementKind};
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(approve)
        .service(reject)
        .service(issue)
        .service(receive)
        .service(cancel)
        .service(work_order_parts)
        .service(return_parts)
        .service(use_on_repair);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PrQuery {
    /// Only requests in this state (`requested`, `approved`, `issued`, …).
    pub state: Option<PrState>,
    /// Only requests of this work order.
    pub work_order_id: Option<u64>,
    /// Only received requests whose receipt differed from the issue.
    pub discrepancies: Option<bool>,
    /// Page size (default 50, at most 500).
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Part requests in id order (oldest first), by state and work order.
#[utoipa::path(path = "/api/part-requests", tag = "stock", params(PrQuery),
    responses((status = 200, body = Page<PartRequest>), (status = 422, body = ApiProblem)))]
#[get("/part-requests")]
pub async fn list(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<PrQuery>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_stock(session.who()), "read part requests")?;
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let keep = |r: &PartRequestRecord| {
        query.state.is_none_or(|s| r.state == s)
            && query.work_order_id.is_none_or(|w| r.work_order_id == w)
            && query
                .discrepancies
                .is_none_or(|d| d == !r.discrepancies.is_empty())
    };
    let (items, next) = state
        .store
        .list_where::<PartRequestRecord>(cursor, limit, keep)?;
    Ok(HttpResponse::Ok().json(Page {
        items: items
            .iter()
            .map(PartRequestRecord::to_wire)
            .collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

/// Ask for parts on a work order (its engineers, or a manager): lines of
/// part and whole quantity, each part once.
#[utoipa::path(path = "/api/part-requests", tag = "stock", request_body = NewPartRequest,
    responses((status = 201, body = PartRequest), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/part-requests")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewPartRequest>,
) -> Result<HttpResponse, AppError> {
    // The role first; whether the engineer works on it is judged in the write.
    session.allow(
        permissions::request_parts(session.who(), true),
        "ask for parts",
    )?;
    let saved = service::create(&state.store, &session.caller(), body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/part-requests/{}", saved.meta.id)))
        .json(saved.to_wire()))
}

/// One part request.
#[utoipa::path(path = "/api/part-requests/{id}", tag = "stock",
    responses((status = 200, body = PartRequest), (status = 404, body = ApiProblem)))]
#[get("/part-requests/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_stock(session.who()), "read part requests")?;
    let id = id.into_inner();
    let r = state
        .store
        .get::<PartRequestRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no part request with id {id}.")))?;
    Ok(HttpResponse::Ok().json(r.to_wire()))
}

fn may_decide(session: &Session) -> Result<(), AppError> {
    session.allow(
        permissions::decide_part_requests(session.who(), false),
        "approve, reject or issue part requests",
    )
}

/// Approve: reserve every line at a warehouse (`location_id`) for the work
/// order, in the same write. Not enough available: 409
/// `insufficient-stock`; your own request: 403.
#[utoipa::path(path = "/api/part-requests/{id}/actions/approve", tag = "stock", request_body = ApprovePr,
    responses((status = 200, body = PartRequest), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/part-requests/{id}/actions/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<ApprovePr>,
) -> Result<HttpResponse, AppError> {
    may_decide(&session)?;
    let saved = service::approve(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

/// Reject with a `reason` (an approved request's reservation goes back).
#[utoipa::path(path = "/api/part-requests/{id}/actions/reject", tag = "stock", request_body = ReasonPr,
    responses((status = 200, body = PartRequest), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/part-requests/{id}/actions/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<ReasonPr>,
) -> Result<HttpResponse, AppError> {
    may_decide(&session)?;
    let saved = service::reject(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

/// Issue an approved request to the engineer's kit; `serials` lists the
/// serials of each serial-tracked line, in line order.
#[utoipa::path(path = "/api/part-requests/{id}/actions/issue", tag = "stock", request_body = IssuePr,
    responses((status = 200, body = PartRequest), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/part-requests/{id}/actions/issue")]
pub async fn issue(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<IssuePr>,
) -> Result<HttpResponse, AppError> {
    may_decide(&session)?;
    let saved = service::issue(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

/// The engineer confirms receipt: the count and serials of each line. A
/// difference is kept on the request as a discrepancy for the store keeper.
#[utoipa::path(path = "/api/part-requests/{id}/actions/receive", tag = "stock", request_body = ReceivePr,
    responses((status = 200, body = PartRequest), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/part-requests/{id}/actions/receive")]
pub async fn receive(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<ReceivePr>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::receive_parts(session.who(), true),
        "confirm receipt of parts",
    )?;
    let saved = service::receive(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

/// Withdraw a request before it is issued (its reservation goes back).
#[utoipa::path(path = "/api/part-requests/{id}/actions/cancel", tag = "stock", request_body = ReasonPr,
    responses((status = 200, body = PartRequest), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/part-requests/{id}/actions/cancel")]
pub async fn cancel(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<ReasonPr>,
) -> Result<HttpResponse, AppError> {
    let saved = service::cancel(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

/// A work order's parts: its requests and what was issued to it, per part
/// and kit, with how much is still out (what its report may list).
#[utoipa::path(path = "/api/work-orders/{id}/parts", tag = "work orders",
    responses((status = 200, body = WorkOrderParts), (status = 404, body = ApiProblem)))]
#[get("/work-orders/{id}/parts")]
pub async fn work_order_parts(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_stock(session.who()), "read parts")?;
    let id = id.into_inner();
    state
        .store
        .get::<WorkOrderRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no work order with id {id}.")))?;
    Ok(HttpResponse::Ok().json(WorkOrderParts {
        work_order_id: id,
        requests: state
            .store
            .part_requests_of(id)?
            .iter()
            .map(PartRequestRecord::to_wire)
            .collect(),
        issued: service::issued(&state.store, id)?,
    }))
}

/// Return unused parts of the work order from a kit: good to a warehouse,
/// `faulty` to the faulty shelf. More than is out on the work order, or a
/// serial that did not go out on it: 422.
#[utoipa::path(path = "/api/work-orders/{id}/parts/returns", tag = "work orders", request_body = ReturnParts,
    responses((status = 201, body = Movement), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/work-orders/{id}/parts/returns")]
pub async fn return_parts(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<ReturnParts>,
) -> Result<HttpResponse, AppError> {
    // The role; whose kit it is gets judged with the movement.
    session.allow(
        permissions::move_stock(session.who(), MovementKind::ReturnGood, true),
        "return parts",
    )?;
    let saved = service::return_parts(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/stock/movements/{}", saved.meta.id),
        ))
        .json(saved.to_wire()))
}

/// Use a part from stock on a repair's record: from your own kit, or from a
/// warehouse (issued to your kit and used in the same write). The record
/// gains a line with the part's price; at the repair's `version`.
#[utoipa::path(path = "/api/repairs/{id}/parts", tag = "repairs", request_body = UseStockPart,
    responses((status = 200, body = Repair), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/repairs/{id}/parts")]
pub async fn use_on_repair(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<UseStockPart>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::write_repair_sheet(session.who()),
        "write repair records",
    )?;
    let saved = crate::service::repair_parts::use_stock_part(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(super::repairs::wire(&state, &saved)?))
}
