//! CSV import of customers and devices. The body is the file; with
//! `dry_run=true` nothing is written and every bad row is reported. A real
//! run writes all rows in one transaction or, if any row is bad, none.

use super::session::Session;
use crate::app::AppState;
use crate::domain::import::{decode, plan_customers, plan_devices, read_rows, ArchiveView, Plan};
use crate::error::AppError;
use crate::store::{CustomerRecord, DeviceRecord, Store, StoreError};
use actix_web::{post, web, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;
use servicebook_shared::files::human_size;
use servicebook_shared::import::{ImportKind, ImportReport, MAX_CSV_BYTES};
use servicebook_shared::problem::PROBLEM_JSON;
use servicebook_shared::users::Role;
use servicebook_shared::ApiProblem;
use servicebook_shared::ProblemCode;
use std::collections::BTreeSet;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(import);
}

/// Importing creates records: whoever may create them may import them.
fn editors(kind: ImportKind) -> &'static [Role] {
    match kind {
        ImportKind::Customers => super::customers::EDITORS,
        ImportKind::Devices => super::devices::EDITORS,
    }
}

struct StoreView<'a>(&'a Store);

impl ArchiveView for StoreView<'_> {
    fn user_id(&self, username: &str) -> Result<Option<u64>, StoreError> {
        Ok(self.0.user_by_username(username)?.map(|u| u.meta.id))
    }
    fn customers_named(&self, name: &str) -> Result<Vec<CustomerRecord>, StoreError> {
        self.0.customers_named(name)
    }
    fn serial_taken(&self, product: &str, serial: &str) -> Result<bool, StoreError> {
        Ok(self.0.device_by_product_serial(product, serial)?.is_some())
    }
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
#[utoipa::path(path = "/api/import/{kind}", tag = "import", params(("kind" = ImportKind, Path, description = "customers or devices"), ImportQuery),
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
    session.require(editors(kind))?;
    let bytes = read_body(body).await?;
    let text = decode(&bytes).map_err(|m| AppError::invalid("file", m))?;
    let dry_run = query.dry_run;
    let mut report = ImportReport {
        kind,
        dry_run,
        rows: 0,
        created: 0,
        problems: Vec::new(),
    };
    let rows = match read_rows(&text, kind.columns()) {
        Ok((rows, problems)) => {
            report.problems = problems;
            rows
        }
        Err(problems) => {
            report.problems = problems;
            return Ok(answer(report));
        }
    };
    // Reading thousands of rows against the archive is blocking work.
    let store = state.store.clone();
    let plan = web::block(move || -> Result<Planned, StoreError> {
        let view = StoreView(&store);
        Ok(match kind {
            ImportKind::Customers => Planned::Customers(plan_customers(&rows, &view)?),
            ImportKind::Devices => Planned::Devices(plan_devices(&rows, &view)?),
        })
    })
    .await
    .map_err(AppError::internal)??;
    report.rows = plan.rows();
    report.problems.extend(plan.problems());
    report.problems.sort_by_key(|p| p.line);
    if dry_run || !report.problems.is_empty() || report.rows == 0 {
        return Ok(answer(report));
    }
    let actor = session.actor();
    report.created = match plan {
        Planned::Customers(p) => {
            let records = p.records;
            state
                .store
                .write(move |tx| {
                    for r in &records {
                        tx.insert_audited(r.clone(), &actor)?;
                    }
                    Ok(records.len())
                })
                .await?
        }
        Planned::Devices(p) => {
            let records = p.records;
            let customers: BTreeSet<u64> = records.iter().map(|d| d.customer_id).collect();
            state
                .store
                .write(move |tx| {
                    // A customer may have gone since the rows were checked.
                    for id in &customers {
                        tx.require::<CustomerRecord>(*id)?;
                    }
                    for r in &records {
                        tx.insert_audited(r.clone(), &actor)?;
                    }
                    Ok(records.len())
                })
                .await?
        }
    };
    Ok(answer(report))
}

enum Planned {
    Customers(Plan<CustomerRecord>),
    Devices(Plan<DeviceRecord>),
}

impl Planned {
    fn rows(&self) -> usize {
        match self {
            Planned::Customers(p) => p.rows,
            Planned::Devices(p) => p.rows,
        }
    }
    fn problems(&self) -> Vec<servicebook_shared::import::RowProblem> {
        match self {
            Planned::Customers(p) => p.problems.clone(),
            Planned::Devices(p) => p.problems.clone(),
        }
    }
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
