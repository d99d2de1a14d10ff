//! The loaner pool (备机): units the firm lends. Everyone signed in reads;
//! `permissions::manage_loaner_pool` adds, changes and retires units.
//! Loans live in `api/loans.rs`.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::loaners as service;
use crate::service::settings as firm;
use crate::store::loaners::LoanerUnitRecord;
use crate::store::loans::LoanRecord;
use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::loaners::{Loan, LoanerUnit, LoanerUnitPatch, NewLoanerUnit, UnitStatus};
use servicebook_shared::permissions;
use servicebook_shared::{ApiProblem, Page};

/// After `loans::routes`: `/loaners/{id}` would otherwise claim
/// `/loaners/loans`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(history);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UnitQuery {
    /// Only units with this status (`available`, `out`, `retired`).
    pub status: Option<UnitStatus>,
    /// Only units whose product, brand, model, serial or asset tag contains
    /// this text (any case).
    pub q: Option<String>,
    /// Page size (default 50, at most 500).
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The pool in id order, by status and text, a page at a time.
#[utoipa::path(path = "/api/loaners", tag = "loaners", params(UnitQuery),
    responses((status = 200, body = Page<LoanerUnit>), (status = 422, body = ApiProblem)))]
#[get("/loaners")]
pub async fn list(
    state: web::Data<AppState>,
    _session: Session,
    query: web::Query<UnitQuery>,
) -> Result<HttpResponse, AppError> {
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let q = query
        .q
        .as_deref()
        .map(|m| m.trim().to_lowercase())
        .filter(|m| !m.is_empty());
    if q.as_ref().is_some_and(|m| m.chars().count() > 100) {
        return Err(AppError::invalid("q", "must be at most 100 characters"));
    }
    let keep = |u: &LoanerUnitRecord| {
        query.status.is_none_or(|s| u.status == s)
            && q.as_deref().is_none_or(|q| {
                [
                    &u.product,
                    &u.brand,
                    &u.model,
                    &u.serial_number,
                    &u.asset_tag,
                ]
                .iter()
                .any(|f| f.to_lowercase().contains(q))
            })
    };
    let (items, next) = state
        .store
        .list_where::<LoanerUnitRecord>(cursor, limit, keep)?;
    Ok(HttpResponse::Ok().json(Page {
        items: items
            .iter()
            .map(LoanerUnitRecord::to_wire)
            .collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

/// Add a unit to the pool (on the shelf). A serial already in the pool: 409.
#[utoipa::path(path = "/api/loaners", tag = "loaners", request_body = NewLoanerUnit,
    responses((status = 201, body = LoanerUnit), (status = 403, body = ApiProblem), (status = 409, description = "The serial is already in the pool", body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/loaners")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewLoanerUnit>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::manage_loaner_pool(session.who()),
        "manage the loaner pool",
    )?;
    let saved = service::create_unit(&state.store, &session.caller(), body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/loaners/{}", saved.meta.id)))
        .json(saved.to_wire()))
}

pub(super) fn load(state: &AppState, id: u64) -> Result<LoanerUnitRecord, AppError> {
    state
        .store
        .get::<LoanerUnitRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no loaner unit with id {id}.")))
}

/// One unit of the pool.
#[utoipa::path(path = "/api/loaners/{id}", tag = "loaners",
    responses((status = 200, body = LoanerUnit), (status = 404, body = ApiProblem)))]
#[get("/loaners/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(load(&state, id.into_inner())?.to_wire()))
}

/// Change a unit, retire it or bring it back (send the `version` you read:
/// a stale one gets 409, a missing one 422; a unit that is out: 409).
#[utoipa::path(path = "/api/loaners/{id}", tag = "loaners", request_body = LoanerUnitPatch,
    responses((status = 200, body = LoanerUnit), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[patch("/loaners/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<LoanerUnitPatch>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::manage_loaner_pool(session.who()),
        "manage the loaner pool",
    )?;
    let saved = service::update_unit(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

/// Every loan of one unit, newest first.
#[utoipa::path(path = "/api/loaners/{id}/loans", tag = "loaners",
    responses((status = 200, body = Vec<Loan>), (status = 404, body = ApiProblem)))]
#[get("/loaners/{id}/loans")]
pub async fn history(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let unit = load(&state, id.into_inner())?;
    let today = firm::today(&state.store)?;
    let mut loans = Vec::new();
    for id in state.store.loans_of_unit(unit.meta.id)?.into_iter().rev() {
        if let Some(l) = state.store.get::<LoanRecord>(id)? {
            loans.push(l.to_wire(today));
        }
    }
    Ok(HttpResponse::Ok().json(loans))
}
