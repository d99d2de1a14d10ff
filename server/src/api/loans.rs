//! Loans of loaner units: lend a unit (`permissions::lend_loaners`), the
//! customer's signatures on the receipt 《直接客户设备接收单》 and on the
//! return (in person, or by a one-time link), taking the unit back, and
//! the lists (out, overdue, by customer, request or unit).

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::loaners as service;
use crate::service::reports::SIGN_LIMIT;
use crate::service::requests::At;
use crate::service::settings as firm;
use crate::service::sign_links;
use crate::store::loans::LoanRecord;
use actix_web::{get, post, web, HttpResponse};
use chrono::Days;
use serde::Deserialize;
use servicebook_shared::loaners::{Loan, LoanStage, LoanState, NewLoan, ReturnInput};
use servicebook_shared::permissions;
use servicebook_shared::reports::{SignInput, SignLink};
use servicebook_shared::{ApiProblem, Page};

/// Before `loaners::routes` (whose `/loaners/{id}` would claim
/// `/loaners/loans`).
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(take_back)
        .service(
            // The pen's strokes: larger than other bodies.
            web::resource("/loaners/loans/{id}/{stage}/sign")
                .app_data(
                    web::JsonConfig::default()
                        .limit(SIGN_LIMIT)
                        .error_handler(crate::error::json_error),
                )
                .route(web::post().to(sign)),
        )
        .service(create_link)
        .service(signature_svg);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LoanQuery {
    /// `true`: only loans out past their due date (before today, the
    /// firm's calendar day); `false`: only the others.
    pub overdue: Option<bool>,
    /// Only loans in this state (`awaiting_signature`, `out`, `returned`).
    pub state: Option<LoanState>,
    /// `true`: only loans whose unit is out (awaiting signature or out).
    pub out: Option<bool>,
    pub customer_id: Option<u64>,
    pub request_id: Option<u64>,
    pub unit_id: Option<u64>,
    /// Page size (default 50, at most 500).
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Loans in id order, filtered, a page at a time.
#[utoipa::path(path = "/api/loaners/loans", tag = "loaners", params(LoanQuery),
    responses((status = 200, body = Page<Loan>), (status = 422, body = ApiProblem)))]
#[get("/loaners/loans")]
pub async fn list(
    state: web::Data<AppState>,
    _session: Session,
    query: web::Query<LoanQuery>,
) -> Result<HttpResponse, AppError> {
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let today = firm::today(&state.store)?;
    let q = &*query;
    let keep = |l: &LoanRecord| {
        q.overdue.is_none_or(|o| {
            servicebook_shared::loaners::is_overdue(l.state, l.due_date, today) == o
        }) && q.state.is_none_or(|s| l.state == s)
            && q.out.is_none_or(|o| l.state.is_out() == o)
            && q.customer_id.is_none_or(|c| l.customer_id == c)
            && q.request_id.is_none_or(|r| l.request_id == Some(r))
            && q.unit_id.is_none_or(|u| l.unit.id == u)
    };
    // The narrowest index that answers, else the whole table.
    let ids = if q.overdue == Some(true) {
        Some(
            state
                .store
                .loans_out_due_by(today.checked_sub_days(Days::new(1)))?,
        )
    } else if let Some(r) = q.request_id {
        Some(state.store.loans_of_request(r)?)
    } else if let Some(c) = q.customer_id {
        Some(state.store.loans_of_customer(c)?)
    } else if let Some(u) = q.unit_id {
        Some(state.store.loans_of_unit(u)?)
    } else if q.out == Some(true) {
        Some(state.store.loans_out_due_by(None)?)
    } else {
        None
    };
    let (items, next) = match ids {
        Some(mut ids) => {
            ids.sort_unstable();
            ids.dedup();
            let mut rest = Vec::new();
            for id in ids.into_iter().filter(|id| cursor.is_none_or(|c| *id > c)) {
                if let Some(l) = state.store.get::<LoanRecord>(id)?.filter(|l| keep(l)) {
                    rest.push(l);
                    if rest.len() > limit {
                        break;
                    }
                }
            }
            let next = (rest.len() > limit).then(|| rest[limit - 1].meta.id);
            rest.truncate(limit);
            (rest, next)
        }
        None => state.store.list_where::<LoanRecord>(cursor, limit, keep)?,
    };
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(|l| l.to_wire(today)).collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

/// Lend a unit on the shelf to a customer: the loan waits for the
/// customer's signature on the receipt (in person or by link). A unit out
/// or retired: 409 `loaner-not-available`.
#[utoipa::path(path = "/api/loaners/loans", tag = "loaners", request_body = NewLoan,
    responses((status = 201, body = Loan), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/loaners/loans")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewLoan>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::lend_loaners(session.who()),
        "lend loaner units",
    )?;
    let saved = service::lend(&state.store, &session.caller(), body.into_inner(), At::Now).await?;
    let today = firm::today(&state.store)?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/loaners/loans/{}", saved.meta.id)))
        .json(saved.to_wire(today)))
}

fn load(state: &AppState, id: u64) -> Result<LoanRecord, AppError> {
    state
        .store
        .get::<LoanRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no loan with id {id}.")))
}

fn wire(state: &AppState, loan: &LoanRecord) -> Result<Loan, AppError> {
    Ok(loan.to_wire(firm::today(&state.store)?))
}

/// One loan.
#[utoipa::path(path = "/api/loaners/loans/{id}", tag = "loaners",
    responses((status = 200, body = Loan), (status = 404, body = ApiProblem)))]
#[get("/loaners/loans/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let loan = load(&state, id.into_inner())?;
    Ok(HttpResponse::Ok().json(wire(&state, &loan)?))
}

/// Take the unit back at the loan's `version`: its condition, the
/// accessories back (ticked against the hand-over's), notes. The customer
/// signs the return next. A loan not out: 409 `loan-not-out`.
#[utoipa::path(path = "/api/loaners/loans/{id}/actions/return", tag = "loaners", request_body = ReturnInput,
    responses((status = 200, body = Loan), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/loaners/loans/{id}/actions/return")]
pub async fn take_back(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<ReturnInput>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::lend_loaners(session.who()),
        "take loaner units back",
    )?;
    let saved = service::take_back(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Ok().json(wire(&state, &saved)?))
}

/// `hand-over` (the receipt) or `return` in a path.
fn stage(s: &str) -> Result<LoanStage, AppError> {
    match s {
        "hand-over" => Ok(LoanStage::HandOver),
        "return" => Ok(LoanStage::Return),
        _ => Err(AppError::not_found(
            "A loan is signed at its hand-over or its return.",
        )),
    }
}

/// The customer signs the receipt (`hand-over`) or the return on the
/// staff member's device: strokes and printed name, at the loan's
/// `version`.
#[utoipa::path(post, path = "/api/loaners/loans/{id}/{stage}/sign", tag = "loaners", request_body = SignInput,
    params(("id" = u64, Path, description = "The loan"), ("stage" = String, Path, description = "`hand-over` or `return`")),
    responses((status = 200, body = Loan), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
pub async fn sign(
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<(u64, String)>,
    body: web::Json<SignInput>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::lend_loaners(session.who()),
        "have loaner receipts signed",
    )?;
    let (id, s) = path.into_inner();
    let saved = service::sign_in_person(
        &state.store,
        &session.caller(),
        id,
        stage(&s)?,
        body.into_inner(),
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Ok().json(wire(&state, &saved)?))
}

/// Send the customer a one-time link to sign the receipt or the return on
/// their own phone (`/sign/{token}`).
#[utoipa::path(path = "/api/loaners/loans/{id}/{stage}/sign-link", tag = "loaners",
    params(("id" = u64, Path, description = "The loan"), ("stage" = String, Path, description = "`hand-over` or `return`")),
    responses((status = 201, body = SignLink), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem)))]
#[post("/loaners/loans/{id}/{stage}/sign-link")]
pub async fn create_link(
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<(u64, String)>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::lend_loaners(session.who()),
        "send loaner receipts for signature",
    )?;
    let (id, s) = path.into_inner();
    let made =
        sign_links::create_loan_link(&state.store, &session.caller(), id, stage(&s)?, At::Now)
            .await?;
    Ok(HttpResponse::Created().json(super::sign_links::link_of(&state, &made)))
}

/// The customer's signature on the receipt or the return, as SVG.
#[utoipa::path(path = "/api/loaners/loans/{id}/{stage}/signature.svg", tag = "loaners",
    params(("id" = u64, Path, description = "The loan"), ("stage" = String, Path, description = "`hand-over` or `return`")),
    responses((status = 200, content_type = "image/svg+xml", description = "The signature"), (status = 404, body = ApiProblem)))]
#[get("/loaners/loans/{id}/{stage}/signature.svg")]
pub async fn signature_svg(
    state: web::Data<AppState>,
    _session: Session,
    path: web::Path<(u64, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, s) = path.into_inner();
    let loan = load(&state, id)?;
    let sig = match stage(&s)? {
        LoanStage::HandOver => loan.hand_over.signature,
        LoanStage::Return => loan.returned.and_then(|r| r.signature),
    }
    .ok_or_else(|| AppError::not_found("This is not signed."))?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("Cache-Control", "private, max-age=31536000, immutable"))
        .body(sig.svg))
}
