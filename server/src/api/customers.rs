//! Customers (whoever `permissions::edit_customers` allows edits; everyone
//! signed in reads).

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::customers as service;
use crate::store::CustomerRecord;
use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::customers::{Customer, CustomerPatch, NewCustomer, Tier};
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
    let (items, next) = list_page(&state, &query)?;
    Ok(HttpResponse::Ok().json(Page {
        items: items
            .iter()
            .map(CustomerRecord::to_wire)
            .collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

/// One page of customers as `query` asks, and the next page's cursor.
pub(crate) fn list_page(
    state: &AppState,
    query: &CustomerQuery,
) -> Result<(Vec<CustomerRecord>, Option<u64>), AppError> {
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
    Ok((items, next))
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
    session.allow(
        permissions::create_customers(session.who()),
        "create customers",
    )?;
    let saved =
        service::create_customer(&state.store, &session.caller(), body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/customers/{}", saved.meta.id)))
        .json(saved.to_wire()))
}

fn load(state: &AppState, id: u64) -> Result<CustomerRecord, AppError> {
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

/// Change a customer (send the `version` you read: a stale one gets 409, a
/// missing one 422).
#[utoipa::path(path = "/api/customers/{id}", tag = "customers", request_body = CustomerPatch,
    responses((status = 200, body = Customer), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[patch("/customers/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<CustomerPatch>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::edit_customers(session.who()), "edit customers")?;
    let saved = service::update_customer(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}
