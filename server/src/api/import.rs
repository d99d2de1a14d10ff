//! CSV import of customers and devices. The body is the file; with
//! `dry_run=true` nothing is written and every bad row is reported. A real
//! run writes all rows in one transaction or, if any row is bad, none.

use super::session::Session;
use crate::app::AppState;
use crate::domain::import::decode;
use crate::error::AppError;
use crate::service::import as service;
use actix_web::{post, web, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;
use servicebook_shared::files::human_size;
use servicebook_shared::import::{ImportKind, ImportReport, MAX_CSV_BYTES};
use servicebook_shared::permissions;
use servicebook_shared::problem::PROBLEM_JSON;
use servicebook_shared::ApiProblem;
use servicebook_shared::ProblemCode;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(import);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Check every row and report, writing nothing.
    #[serde(default)]
    pub dry_run: bool,
}

async fn read_body(mut body: web::Payload) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk =
            chunk.map_err(|e| AppError::bad_request(format!("The upload broke off: {e}.")))?;
        if bytes.len() + chunk.len() > MAX_CSV_BYTES {
            return Err(AppError::new(
                413,
                ProblemCode::UploadTooLarge,
                "Too large",
                format!(
                    "A CSV file may be at most {}: split it.",
                    human_size(MAX_CSV_BYTES as u64)
                ),
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Import customers or devices from CSV (UTF-8 or GBK; the header names the
/// columns in English or Chinese — see docs/IMPORT.md). The answer lists
/// every bad row with its line number.
#[utoipa::path(path = "/api/import/{kind}", tag = "import", params(("kind" = ImportKind, Path, description = "customers, devices or parts"), ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "Dry run: what would be imported", body = ImportReport),
        (status = 201, description = "Every row imported", body = ImportReport),
        (status = 413, body = ApiProblem),
        (status = 422, description = "Some rows are bad: nothing was written", body = ImportReport)))]
#[post("/import/{kind}")]
pub async fn import(
    state: web::Data<AppState>,
    session: Session,
    kind: web::Path<String>,
    query: web::Query<ImportQuery>,
    body: web::Payload,
) -> Result<HttpResponse, AppError> {
    let kind = ImportKind::parse(&kind)
        .ok_or_else(|| AppError::not_found("One can import customers or devices."))?;
    session.allow(
        permissions::import(session.who(), kind),
        "import these records",
    )?;
    let bytes = read_body(body).await?;
    let text = decode(&bytes).map_err(|m| AppError::invalid("file", m))?;
    let report =
        service::import(&state.store, &session.caller(), kind, text, query.dry_run).await?;
    Ok(answer(report))
}

/// 200 for a dry run, 201 once written; a real run with bad rows (or none
/// at all) is a 422 problem that carries the whole report.
fn answer(report: ImportReport) -> HttpResponse {
    if report.dry_run {
        return HttpResponse::Ok().json(report);
    }
    if report.created > 0 {
        return HttpResponse::Created().json(report);
    }
    let detail = if report.problems.is_empty() {
        "The file has no data rows.".to_owned()
    } else {
        format!(
            "{} problem(s) in the file; nothing was imported. Fix the rows and try again.",
            report.problems.len()
        )
    };
    let problem = ApiProblem::new(
        422,
        ProblemCode::ImportRefused,
        "The file cannot be imported",
        detail,
    );
    let mut body = serde_json::to_value(&problem).unwrap_or_default();
    if let (Some(obj), Ok(serde_json::Value::Object(extra))) =
        (body.as_object_mut(), serde_json::to_value(&report))
    {
        obj.extend(extra);
    }
    HttpResponse::UnprocessableEntity()
        .content_type(PROBLEM_JSON)
        .json(body)
}
