//! The spare-parts catalogue (`permissions::manage_parts` edits; everyone
//! signed in reads and searches).

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::parts as service;
use crate::store::PartRecord;
use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::parts::{matches_search, NewPart, Part, PartPatch};
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
pub struct PartQuery {
    /// Part number, Chinese or English name, or a compatible model
    /// containing this text (any case).
    pub q: Option<String>,
    /// `true`: archived parts too (default: active parts only).
    #[serde(default)]
    pub include_archived: bool,
    /// Page size (default 50, at most 500).
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Parts in id order, searched and paged.
#[utoipa::path(path = "/api/parts", tag = "parts", params(PartQuery),
    responses((status = 200, body = Page<Part>), (status = 422, body = ApiProblem)))]
#[get("/parts")]
pub async fn list(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<PartQuery>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::read_stock(session.who()),
        "read the parts catalogue",
    )?;
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let q = query
        .q
        .as_deref()
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    if q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(AppError::invalid("q", "must be at most 100 characters"));
    }
    let archived = query.include_archived;
    let store = state.store.clone();
    let (items, next) = web::block(move || {
        store.list_where::<PartRecord>(cursor, limit, |p| {
            (archived || p.active) && q.as_deref().is_none_or(|q| matches_search(&p.to_wire(), q))
        })
    })
    .await
    .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(PartRecord::to_wire).collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

/// Add a part to the catalogue (the part number is normalised and unique).
#[utoipa::path(path = "/api/parts", tag = "parts", request_body = NewPart,
    responses((status = 201, body = Part), (status = 403, body = ApiProblem), (status = 409, description = "The part number is taken", body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/parts")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewPart>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::manage_parts(session.who()),
        "edit the parts catalogue",
    )?;
    let saved = service::create_part(&state.store, &session.caller(), body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/parts/{}", saved.meta.id)))
        .json(saved.to_wire()))
}

/// One part.
#[utoipa::path(path = "/api/parts/{id}", tag = "parts",
    responses((status = 200, body = Part), (status = 404, body = ApiProblem)))]
#[get("/parts/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::read_stock(session.who()),
        "read the parts catalogue",
    )?;
    let id = id.into_inner();
    let part = state
        .store
        .get::<PartRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no part with id {id}.")))?;
    Ok(HttpResponse::Ok().json(part.to_wire()))
}

/// Change a part, archive it (`active: false`) or bring it back (send the
/// `version` you read: a stale one gets 409, a missing one 422).
#[utoipa::path(path = "/api/parts/{id}", tag = "parts", request_body = PartPatch,
    responses((status = 200, body = Part), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[patch("/parts/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<PartPatch>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::manage_parts(session.who()),
        "edit the parts catalogue",
    )?;
    let saved = service::update_part(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}
