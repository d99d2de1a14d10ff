//! The reorder list: parts at or below their reorder point per location,
//! its CSV and XLSX downloads, a recomputation, and marking lines ordered.

use super::reorder_export::{reorder_csv_text, reorder_xlsx};
use super::session::Session;
use super::stock::may_read;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::reorders as service;
use crate::store::{PartRecord, ReorderRecord, Store, StoreError};
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::permissions;
use servicebook_shared::stock::{MarkOrdered, ReorderLine, ReorderState};
use servicebook_shared::{ApiProblem, Page};
use std::collections::HashMap;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(reorder_list)
        .service(reorder_csv)
        .service(reorder_xlsx_file)
        .service(refresh_reorder)
        .service(mark_ordered);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReorderQuery {
    /// Only this location's lines.
    pub location_id: Option<u64>,
    /// `zh-CN` for Chinese column headers and names (CSV only).
    pub lang: Option<String>,
}

/// The open and ordered suggestions with their parts and locations.
fn reorder_lines(store: &Store, location: Option<u64>) -> Result<Vec<ReorderLine>, StoreError> {
    let mut records: Vec<ReorderRecord> = store.reorders_in(ReorderState::Open)?;
    records.extend(store.reorders_in(ReorderState::Ordered)?);
    records.retain(|r| location.is_none_or(|l| r.location_id == l));
    let names: HashMap<u64, String> = store
        .locations()?
        .into_iter()
        .map(|l| (l.meta.id, l.name))
        .collect();
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let Some(part) = store.get::<PartRecord>(r.part_id)? else {
            continue;
        };
        out.push(ReorderLine {
            id: r.meta.id,
            version: r.meta.version,
            created_at: r.meta.created_at,
            updated_at: r.meta.updated_at,
            part_id: r.part_id,
            part_number: part.part_number,
            part_name_zh: part.name_zh,
            part_name_en: part.name_en,
            unit: part.unit,
            supplier: part.supplier,
            location_id: r.location_id,
            location_name: names.get(&r.location_id).cloned().unwrap_or_default(),
            state: r.state,
            available: r.available,
            point: r.point,
            reorder_quantity: r.reorder_quantity,
            suggested: r.suggested,
        });
    }
    out.sort_by(|a, b| {
        (a.location_name.as_str(), a.part_number.as_str())
            .cmp(&(b.location_name.as_str(), b.part_number.as_str()))
    });
    Ok(out)
}

/// Parts at or below their reorder point, per location, with the quantity
/// to order (open first-time suggestions and those already ordered).
#[utoipa::path(path = "/api/stock/reorder", tag = "stock", params(ReorderQuery),
    responses((status = 200, body = Page<ReorderLine>)))]
#[get("/stock/reorder")]
pub async fn reorder_list(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<ReorderQuery>,
) -> Result<HttpResponse, AppError> {
    may_read(&session)?;
    let store = state.store.clone();
    let location = query.location_id;
    let items = web::block(move || reorder_lines(&store, location))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// The reorder list as an XLSX file (the same columns as the CSV);
/// `lang=zh-CN` gives Chinese headers and names.
#[utoipa::path(path = "/api/stock/reorder.xlsx", tag = "stock", params(ReorderQuery),
    responses((status = 200, description = "XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
#[get("/stock/reorder.xlsx")]
pub async fn reorder_xlsx_file(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<ReorderQuery>,
) -> Result<HttpResponse, AppError> {
    may_read(&session)?;
    let zh = query
        .lang
        .as_deref()
        .is_some_and(|l| l.to_lowercase().starts_with("zh"));
    let store = state.store.clone();
    let location = query.location_id;
    let bytes = web::block(move || -> Result<Vec<u8>, AppError> {
        reorder_xlsx(&reorder_lines(&store, location)?, zh)
    })
    .await
    .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"reorder.xlsx\"",
        ))
        .body(bytes))
}

/// The reorder list as a CSV file; `lang=zh-CN` gives Chinese headers.
#[utoipa::path(path = "/api/stock/reorder.csv", tag = "stock", params(ReorderQuery),
    responses((status = 200, description = "CSV file", content_type = "text/csv")))]
#[get("/stock/reorder.csv")]
pub async fn reorder_csv(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<ReorderQuery>,
) -> Result<HttpResponse, AppError> {
    may_read(&session)?;
    let zh = query
        .lang
        .as_deref()
        .is_some_and(|l| l.to_lowercase().starts_with("zh"));
    let store = state.store.clone();
    let location = query.location_id;
    let lines = web::block(move || reorder_lines(&store, location))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"reorder.csv\"",
        ))
        .body(reorder_csv_text(&lines, zh)?))
}

/// Recompute every suggestion from the parts' rules and the stock now
/// (never duplicates one).
#[utoipa::path(path = "/api/stock/reorder/refresh", tag = "stock",
    responses((status = 200, body = Page<ReorderLine>), (status = 403, body = ApiProblem)))]
#[post("/stock/reorder/refresh")]
pub async fn refresh_reorder(
    state: web::Data<AppState>,
    session: Session,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::manage_parts(session.who()),
        "refresh the reorder list",
    )?;
    service::refresh_reorders(&state.store, &session.caller()).await?;
    let store = state.store.clone();
    let items = web::block(move || reorder_lines(&store, None))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// Mark a suggestion ordered (at its `version`).
#[utoipa::path(path = "/api/stock/reorder/{id}/ordered", tag = "stock", request_body = MarkOrdered,
    responses((status = 200, description = "The suggestion, now ordered"), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/stock/reorder/{id}/ordered")]
pub async fn mark_ordered(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<MarkOrdered>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::manage_parts(session.who()),
        "mark reorders as ordered",
    )?;
    let saved = service::mark_ordered(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.version,
    )
    .await?;
    let store = state.store.clone();
    let line = web::block(move || reorder_lines(&store, Some(saved.location_id)))
        .await
        .map_err(AppError::internal)??
        .into_iter()
        .find(|l| l.id == saved.meta.id);
    Ok(HttpResponse::Ok().json(line))
}
