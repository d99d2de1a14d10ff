//! Contracts (whoever `permissions::edit_contracts` allows edits; everyone
//! signed in reads). Their status is worked out on the firm's today.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::contracts as service;
use crate::service::settings as firm;
use crate::store::ContractRecord;
use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::contracts::{Contract, ContractKind, ContractPatch, NewContract};
use servicebook_shared::coverage::{contract_status, ContractStatus};
use servicebook_shared::permissions;
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ContractQuery {
    pub kind: Option<ContractKind>,
    pub status: Option<ContractStatus>,
    pub customer_id: Option<u64>,
    /// Only contracts that end within this many days from today (e.g. 30),
    /// soonest first.
    pub expiring_days: Option<u32>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

/// Contracts, filtered; `expiring_days` lists those that end soon.
#[utoipa::path(path = "/api/contracts", tag = "contracts", params(ContractQuery), responses((status = 200, body = Page<Contract>)))]
#[get("/contracts")]
pub async fn list(
    state: web::Data<AppState>,
    _session: Session,
    query: web::Query<ContractQuery>,
) -> Result<HttpResponse, AppError> {
    let today = firm::today(&state.store)?;
    let (items, next) = list_page(&state, &query, today)?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(|c| c.to_wire(today)).collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

/// One page of contracts as `query` asks on the firm's `today`, and the
/// next page's cursor.
pub(crate) fn list_page(
    state: &AppState,
    query: &ContractQuery,
    today: chrono::NaiveDate,
) -> Result<(Vec<ContractRecord>, Option<u64>), AppError> {
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let keep = |c: &ContractRecord| {
        query.kind.is_none_or(|k| c.kind == k)
            && query.customer_id.is_none_or(|id| c.customer_id == id)
            && query.status.is_none_or(|s| {
                contract_status(c.draft, c.terminated_on, c.start_date, c.end_date, today) == s
            })
    };
    let (items, next) = if let Some(days) = query.expiring_days {
        if days > 3660 {
            return Err(AppError::invalid("expiring_days", "must be at most 3660"));
        }
        let until = today + chrono::Duration::days(days.into());
        let ending: Vec<ContractRecord> = state
            .store
            .contracts_ending(today, until)?
            .into_iter()
            .filter(|c| keep(c) && !c.draft && c.terminated_on.is_none())
            .collect();
        // Soonest first: the cursor is the position in that order.
        let start = cursor.unwrap_or(0) as usize;
        let page: Vec<ContractRecord> = ending.iter().skip(start).take(limit).cloned().collect();
        let next = (ending.len() > start + limit).then_some((start + limit) as u64);
        (page, next)
    } else if let Some(customer) = query.customer_id {
        let all: Vec<ContractRecord> = state
            .store
            .contracts_of_customer(customer)?
            .into_iter()
            .filter(|c| keep(c) && cursor.is_none_or(|k| c.meta.id > k))
            .collect();
        let next = (all.len() > limit).then(|| all[limit - 1].meta.id);
        (all.into_iter().take(limit).collect(), next)
    } else {
        state
            .store
            .list_where::<ContractRecord>(cursor, limit, keep)?
    };
    Ok((items, next))
}

/// Create a contract. A sale contract gives the devices it lists its free
/// warranty months (unless their warranty end was set by hand).
#[utoipa::path(path = "/api/contracts", tag = "contracts", request_body = NewContract,
    responses((status = 201, body = Contract), (status = 403, body = ApiProblem), (status = 409, description = "The number is taken", body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/contracts")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewContract>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::edit_contracts(session.who()), "edit contracts")?;
    let saved =
        service::create_contract(&state.store, &session.caller(), body.into_inner()).await?;
    let today = firm::today(&state.store)?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/contracts/{}", saved.meta.id)))
        .json(saved.to_wire(today)))
}

fn load(state: &AppState, id: u64) -> Result<ContractRecord, AppError> {
    state
        .store
        .get::<ContractRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no contract with id {id}.")))
}

/// One contract, with its status today.
#[utoipa::path(path = "/api/contracts/{id}", tag = "contracts", responses((status = 200, body = Contract), (status = 404, body = ApiProblem)))]
#[get("/contracts/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let contract = load(&state, id.into_inner())?;
    Ok(HttpResponse::Ok().json(contract.to_wire(firm::today(&state.store)?)))
}

/// Change a contract (send the `version` you read: a stale one gets 409, a
/// missing one 422).
#[utoipa::path(path = "/api/contracts/{id}", tag = "contracts", request_body = ContractPatch,
    responses((status = 200, body = Contract), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[patch("/contracts/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<ContractPatch>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::edit_contracts(session.who()), "edit contracts")?;
    let saved = service::update_contract(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    let today = firm::today(&state.store)?;
    Ok(HttpResponse::Ok().json(saved.to_wire(today)))
}
