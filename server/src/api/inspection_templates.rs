//! Inspection standards 设备巡检标准 (`permissions::manage_inspection_templates`
//! writes; everyone signed in reads). Editing makes a new revision.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::inspection_templates as service;
use crate::store::TemplateRecord;
use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::inspections::{
    examples, matches_search, InspectionTemplate, NewTemplate, TemplateExample,
    TemplateRevisionInput, TemplateStatus,
};
use servicebook_shared::permissions;
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    // The examples' literal path before `{id}`.
    cfg.service(list_examples)
        .service(list)
        .service(create)
        .service(get_one)
        .service(revisions)
        .service(revise)
        .service(set_status);
}

const READ: &str = "read the inspection standards";

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TemplateQuery {
    /// Name (either language), device class or model containing this text.
    pub q: Option<String>,
    /// `true`: archived standards too (default: active ones only).
    #[serde(default)]
    pub include_archived: bool,
    /// Page size (default 50, at most 500).
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The newest revision of each standard, searched and paged.
#[utoipa::path(path = "/api/inspection-templates", tag = "inspections", params(TemplateQuery),
    responses((status = 200, body = Page<InspectionTemplate>), (status = 422, body = ApiProblem)))]
#[get("/inspection-templates")]
pub async fn list(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<TemplateQuery>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_inspections(session.who()), READ)?;
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let q = query
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(str::to_owned);
    if q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(AppError::invalid("q", "must be at most 100 characters"));
    }
    let archived = query.include_archived;
    let store = state.store.clone();
    let (items, next) = web::block(move || {
        store.list_where::<TemplateRecord>(cursor, limit, |t| {
            t.current
                && (archived || t.active)
                && q.as_deref().is_none_or(|q| matches_search(&t.to_wire(), q))
        })
    })
    .await
    .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok().json(Page {
        items: items
            .iter()
            .map(TemplateRecord::to_wire)
            .collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

/// The standards shipped with the product (server, UPS, network switch,
/// printer), in Chinese and English, to copy and edit.
#[utoipa::path(path = "/api/inspection-templates/examples", tag = "inspections",
    responses((status = 200, body = Vec<TemplateExample>)))]
#[get("/inspection-templates/examples")]
pub async fn list_examples(session: Session) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_inspections(session.who()), READ)?;
    Ok(HttpResponse::Ok().json(examples::all()))
}

/// A new standard (revision 1). Items typed without a code get one from
/// their label.
#[utoipa::path(path = "/api/inspection-templates", tag = "inspections", request_body = NewTemplate,
    responses((status = 201, body = InspectionTemplate), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/inspection-templates")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewTemplate>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::manage_inspection_templates(session.who()),
        "edit the inspection standards",
    )?;
    let saved =
        service::create_template(&state.store, &session.caller(), body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/inspection-templates/{}", saved.meta.id),
        ))
        .json(saved.to_wire()))
}

fn find(state: &AppState, id: u64) -> Result<TemplateRecord, AppError> {
    state.store.get::<TemplateRecord>(id)?.ok_or_else(|| {
        AppError::not_found(format!("There is no inspection standard with id {id}."))
    })
}

/// One revision of a standard (older revisions stay readable: visits
/// done with them point here).
#[utoipa::path(path = "/api/inspection-templates/{id}", tag = "inspections",
    responses((status = 200, body = InspectionTemplate), (status = 404, body = ApiProblem)))]
#[get("/inspection-templates/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_inspections(session.who()), READ)?;
    Ok(HttpResponse::Ok().json(find(&state, id.into_inner())?.to_wire()))
}

/// Every revision of the standard `{id}` belongs to, oldest first.
#[utoipa::path(path = "/api/inspection-templates/{id}/revisions", tag = "inspections",
    responses((status = 200, body = Vec<InspectionTemplate>), (status = 404, body = ApiProblem)))]
#[get("/inspection-templates/{id}/revisions")]
pub async fn revisions(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_inspections(session.who()), READ)?;
    let family = find(&state, id.into_inner())?.family();
    let all = state.store.template_revisions(family)?;
    Ok(HttpResponse::Ok().json(all.iter().map(TemplateRecord::to_wire).collect::<Vec<_>>()))
}

/// Save an edit of the newest revision `{id}` (read at `version`) as the
/// next revision. 409 when `{id}` is not the newest or the version is stale.
#[utoipa::path(path = "/api/inspection-templates/{id}/revisions", tag = "inspections", request_body = TemplateRevisionInput,
    responses((status = 201, body = InspectionTemplate), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/inspection-templates/{id}/revisions")]
pub async fn revise(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<TemplateRevisionInput>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::manage_inspection_templates(session.who()),
        "edit the inspection standards",
    )?;
    let saved = service::revise_template(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/inspection-templates/{}", saved.meta.id),
        ))
        .json(saved.to_wire()))
}

/// Archive (`active: false`) or restore a standard, on its newest revision.
#[utoipa::path(path = "/api/inspection-templates/{id}", tag = "inspections", request_body = TemplateStatus,
    responses((status = 200, body = InspectionTemplate), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[patch("/inspection-templates/{id}")]
pub async fn set_status(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<TemplateStatus>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::manage_inspection_templates(session.who()),
        "edit the inspection standards",
    )?;
    let saved = service::set_template_status(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}
