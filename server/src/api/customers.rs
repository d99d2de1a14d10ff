//! Customers (sales and managers edit; everyone signed in reads).

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::domain::archive as rules;
use crate::error::AppError;
use crate::store::{CustomerRecord, UserRecord};
use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::customers::{Customer, CustomerPatch, NewCustomer, Tier};
use servicebook_shared::users::Role;
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update);
}

pub const EDITORS: &[Role] = &[Role::Sales, Role::Manager];

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CustomerQuery {
    /// Part of the name or a contact's name (Chinese or English, any case),
    /// or the last 3+ digits of a contact's phone.
    pub q: Option<String>,
    pub tier: Option<Tier>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

/// Customers, searched and filtered.
#[utoipa::path(path = "/api/customers", tag = "customers", params(CustomerQuery), responses((status = 200, body = Page<Customer>)))]
#[get("/customers")]
pub async fn list(
    state: web::Data<AppState>,
    _session: Session,
    query: web::Query<CustomerQuery>,
) -> Result<HttpResponse, AppError> {
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let tier = query.tier;
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if q.is_some_and(|q| q.chars().count() > 100) {
        return Err(AppError::invalid("q", "must be at most 100 characters"));
    }
    let (items, next) = match q {
        Some(q) => {
            let (found, next) = state.store.search_customers(q, cursor, limit)?;
            (
                found
                    .into_iter()
                    .filter(|c| tier.is_none_or(|t| c.tier == t))
                    .collect(),
                next,
            )
        }
        None => state
            .store
            .list_where::<CustomerRecord>(cursor, limit, |c| tier.is_none_or(|t| c.tier == t))?,
    };
    Ok(HttpResponse::Ok().json(Page {
        items: items
            .iter()
            .map(CustomerRecord::to_wire)
            .collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

pub fn check_owner(state: &AppState, owner: Option<u64>) -> Result<(), AppError> {
    match owner {
        Some(id) if state.store.get::<UserRecord>(id)?.is_none() => Err(AppError::invalid(
            "sales_owner_id",
            format!("there is no user {id}"),
        )),
        _ => Ok(()),
    }
}

/// Create a customer.
#[utoipa::path(path = "/api/customers", tag = "customers", request_body = NewCustomer,
    responses((status = 201, body = Customer), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/customers")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewCustomer>,
) -> Result<HttpResponse, AppError> {
    session.require(EDITORS)?;
    let input = body.into_inner();
    check_owner(&state, input.sales_owner_id)?;
    let record = rules::new_customer(input).map_err(AppError::fields)?;
    let actor = session.actor();
    let saved = state
        .store
        .write(move |tx| tx.insert_audited(record.clone(), &actor))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/customers/{}", saved.meta.id)))
        .json(saved.to_wire()))
}

pub fn load(state: &AppState, id: u64) -> Result<CustomerRecord, AppError> {
    state
        .store
        .get::<CustomerRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no customer with id {id}.")))
}

/// One customer.
#[utoipa::path(path = "/api/customers/{id}", tag = "customers", responses((status = 200, body = Customer), (status = 404, body = ApiProblem)))]
#[get("/customers/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(load(&state, id.into_inner())?.to_wire()))
}

/// Change a customer (send its `version`).
#[utoipa::path(path = "/api/customers/{id}", tag = "customers", request_body = CustomerPatch,
    responses((status = 200, body = Customer), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[patch("/customers/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<CustomerPatch>,
) -> Result<HttpResponse, AppError> {
    session.require(EDITORS)?;
    let current = load(&state, id.into_inner())?;
    let patch = body.into_inner();
    if let Some(owner) = patch.sales_owner_id {
        check_owner(&state, owner)?;
    }
    let next = rules::patch_customer(&current, &patch).map_err(AppError::fields)?;
    let actor = session.actor();
    let saved = state
        .store
        .write(move |tx| tx.update_audited(next.clone(), patch.version, &actor, "update"))
        .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}
