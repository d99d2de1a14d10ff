//! The weekly record (周工作记录) and the monthly project summary
//! (月项目汇总表) as JSON for the pages, or CSV/XLSX files
//! (`format=`, `lang=`), for the firm or one customer or contract.

use super::export::{self, Cell, Format, Options, Table};
use super::list_exports::label;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::work_summaries::{self as service, Scope};
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use servicebook_shared::permissions;
use servicebook_shared::work_log::{MonthId, WeekId};
use servicebook_shared::work_summaries::{
    MonthlyRow, MonthlySummary, WeeklyRecord, MONTHLY_EN, MONTHLY_ZH, WEEKLY_RECORD_EN,
    WEEKLY_RECORD_ZH,
};
use servicebook_shared::ApiProblem;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(weekly_record).service(monthly);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct WeeklyRecordQuery {
    /// ISO week, `2026-W48` (default: this week).
    pub week: Option<String>,
    pub customer_id: Option<u64>,
    pub contract_id: Option<u64>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MonthlyQuery {
    /// `2026-11` (default: this month).
    pub month: Option<String>,
    pub customer_id: Option<u64>,
    pub contract_id: Option<u64>,
}

/// The file's parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SummaryFormat {
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
    /// `zh` (Chinese headers) or `en`.
    pub lang: Option<String>,
}

fn may_read(session: &Session) -> Result<(), AppError> {
    session.allow(
        permissions::read_work_summaries(session.who()),
        "read the firm's work summaries",
    )
}

/// One row per work order worked, report signed and inspection visit done
/// in the week: date, customer, contract, device, what was done,
/// engineers, hours. Manager, dispatcher, sales.
#[utoipa::path(path = "/api/reports/weekly-record", tag = "work summaries", params(WeeklyRecordQuery, SummaryFormat),
    responses((status = 200, body = WeeklyRecord), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/reports/weekly-record")]
pub async fn weekly_record(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    may_read(&session)?;
    let opts = Options::parse(req.query_string(), true, Format::Json)?;
    let q: WeeklyRecordQuery = export::filters(req.query_string())?;
    let week = match q.week.as_deref().filter(|w| !w.is_empty()) {
        Some(w) => WeekId::parse(w).map_err(|m| AppError::invalid("week", m))?,
        None => WeekId::of(crate::service::settings::today(&state.store)?),
    };
    let scope = Scope {
        customer_id: q.customer_id,
        contract_id: q.contract_id,
    };
    let store = state.store.clone();
    let record = web::block(move || service::weekly_record(&store, week, scope))
        .await
        .map_err(AppError::internal)??;
    if opts.format == Format::Json {
        return Ok(HttpResponse::Ok().json(record));
    }
    let zh = opts.zh;
    let headers: &[&str] = if zh {
        &WEEKLY_RECORD_ZH
    } else {
        &WEEKLY_RECORD_EN
    };
    let stem = format!("weekly-record-{}", record.week);
    let table = Table::new(
        &stem,
        if zh {
            "周工作记录"
        } else {
            "Weekly record"
        },
        headers,
    );
    let rows = record
        .rows
        .into_iter()
        .map(|r| {
            vec![
                Cell::text(r.date.format("%Y-%m-%d").to_string()),
                Cell::text(label(&r.kind, zh)),
                Cell::text(r.number),
                Cell::text(r.customer),
                Cell::text(r.contract),
                Cell::text(r.device),
                Cell::text(r.work),
                Cell::text(r.engineers),
                Cell::Number(r.hours),
            ]
        })
        .collect();
    export::respond(opts, table, export::from_rows(rows)).await
}

fn monthly_cells(r: &MonthlyRow, zh: bool) -> Vec<Cell> {
    let contract = if r.contract_id.is_none() {
        if zh {
            "（无合同）"
        } else {
            "(no contract)"
        }
        .to_owned()
    } else {
        r.contract.clone()
    };
    vec![
        Cell::text(r.customer.clone()),
        Cell::text(contract),
        Cell::int(r.requests_received),
        Cell::int(r.requests_closed),
        Cell::int(r.onsite_visits),
        Cell::int(r.remote),
        Cell::Number(r.hours),
        Cell::int(r.travel_minutes),
        Cell::Number(r.parts_cost.minor() as f64 / 100.0),
        Cell::int(r.inspections_done),
        Cell::int(r.inspections_due),
        Cell::int(r.reports_signed),
    ]
}

/// One row per contract (and per customer for work outside contracts):
/// requests received and closed, on-site visits, remote support, hours,
/// travel, parts cost, inspection visits done vs due, reports signed; then
/// the totals. Manager, dispatcher, sales.
#[utoipa::path(path = "/api/reports/monthly", tag = "work summaries", params(MonthlyQuery, SummaryFormat),
    responses((status = 200, body = MonthlySummary), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/reports/monthly")]
pub async fn monthly(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    may_read(&session)?;
    let opts = Options::parse(req.query_string(), true, Format::Json)?;
    let q: MonthlyQuery = export::filters(req.query_string())?;
    let month = match q.month.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => MonthId::parse(m).map_err(|e| AppError::invalid("month", e))?,
        None => {
            let today = crate::service::settings::today(&state.store)?;
            MonthId::parse(&today.format("%Y-%m").to_string())
                .map_err(|e| AppError::invalid("month", e))?
        }
    };
    let scope = Scope {
        customer_id: q.customer_id,
        contract_id: q.contract_id,
    };
    let store = state.store.clone();
    let summary = web::block(move || service::monthly_summary(&store, month, scope))
        .await
        .map_err(AppError::internal)??;
    if opts.format == Format::Json {
        return Ok(HttpResponse::Ok().json(summary));
    }
    let zh = opts.zh;
    let headers: &[&str] = if zh { &MONTHLY_ZH } else { &MONTHLY_EN };
    let stem = format!("monthly-summary-{}", summary.month);
    let table = Table::new(
        &stem,
        if zh {
            "月项目汇总表"
        } else {
            "Monthly summary"
        },
        headers,
    );
    let mut rows: Vec<Vec<Cell>> = summary.rows.iter().map(|r| monthly_cells(r, zh)).collect();
    let mut total = monthly_cells(&summary.totals, zh);
    total[0] = Cell::text(if zh { "合计" } else { "Total" });
    total[1] = Cell::Empty;
    rows.push(total);
    export::respond(opts, table, export::from_rows(rows)).await
}
