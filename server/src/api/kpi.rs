//! The KPIs: a period's figures for the firm, an engineer, a customer or a
//! contract; their trend by week; and each figure's requests.

use super::export;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::kpi as service;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use servicebook_shared::kpi::{Dimension, FigureFilter};
use servicebook_shared::kpi_report::{KpiReport, KpiRequestItem, KpiTrend};
use servicebook_shared::paging::PageQuery;
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(report)
        .service(trend)
        .service(requests_export)
        .service(requests);
}

/// Whom the figures are about: at most one of these; none is the firm.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct KpiQuery {
    /// First day, `YYYY-MM-DD` in the firm's time zone. Without `from` and
    /// `to`: the last 30 days up to the firm's today.
    pub from: Option<String>,
    /// Last day, included; at most 366 days after `from`.
    pub to: Option<String>,
    /// An engineer's username.
    pub engineer: Option<String>,
    pub customer_id: Option<u64>,
    pub contract_id: Option<u64>,
    /// Trend: how many ISO weeks (1–52, default 12).
    pub weeks: Option<u32>,
    /// Drill-down: `closed`, `on_time_missed`, `on_time_missed_first`,
    /// `leg_missed:<leg>`, `ftf_failed`, `ftf_ok`, `dissatisfied`,
    /// `unanswered`, `reopened`.
    pub figure: Option<String>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

fn dimension(q: &KpiQuery) -> Result<Dimension, AppError> {
    let engineer = q.engineer.as_deref().filter(|e| !e.is_empty());
    match (engineer, q.customer_id, q.contract_id) {
        (None, None, None) => Ok(Dimension::Firm),
        (Some(u), None, None) => Ok(Dimension::Engineer(u.to_owned())),
        (None, Some(c), None) => Ok(Dimension::Customer(c)),
        (None, None, Some(c)) => Ok(Dimension::Contract(c)),
        _ => Err(AppError::invalid(
            "engineer",
            "ask for one of engineer, customer_id or contract_id",
        )),
    }
}

fn figure(q: &KpiQuery) -> Result<FigureFilter, AppError> {
    match q.figure.as_deref() {
        None | Some("") => Ok(FigureFilter::Closed),
        Some(f) => FigureFilter::parse(f)
            .ok_or_else(|| AppError::invalid("figure", "is not one of the KPI figures")),
    }
}

fn day(field: &str, v: Option<&str>) -> Result<NaiveDate, AppError> {
    v.and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .filter(|d| servicebook_shared::bounds::date_ok(*d))
        .ok_or_else(|| AppError::invalid(field, "must be a day, YYYY-MM-DD"))
}

fn period(state: &AppState, q: &KpiQuery) -> Result<(NaiveDate, NaiveDate), AppError> {
    if q.from.is_none() && q.to.is_none() {
        let today = crate::service::settings::today(&state.store)?;
        let days = servicebook_shared::kpi::DEFAULT_PERIOD_DAYS;
        return Ok((today - chrono::Duration::days(days - 1), today));
    }
    let from = day("from", q.from.as_deref());
    let to = day("to", q.to.as_deref());
    match (from, to) {
        (Ok(f), Ok(t)) => Ok((f, t)),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
        (Err(_), Err(_)) => {
            let mut e = servicebook_shared::users::FieldErrors::new();
            e.insert("from".into(), "must be a day, YYYY-MM-DD".into());
            e.insert("to".into(), "must be a day, YYYY-MM-DD".into());
            Err(AppError::fields(e))
        }
    }
}

/// The figures of a period against their targets, with the open load now.
#[utoipa::path(path = "/api/kpi", tag = "kpi", params(KpiQuery),
    responses((status = 200, body = KpiReport), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/kpi")]
pub async fn report(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<KpiQuery>,
) -> Result<HttpResponse, AppError> {
    let dim = dimension(&query)?;
    let (from, to) = period(&state, &query)?;
    let r = service::report(&state.store, &session.caller(), dim, from, to, Utc::now())?;
    Ok(HttpResponse::Ok().json(r))
}

/// The figures of each of the last `weeks` ISO weeks, this week last.
#[utoipa::path(path = "/api/kpi/trend", tag = "kpi", params(KpiQuery),
    responses((status = 200, body = KpiTrend), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/kpi/trend")]
pub async fn trend(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<KpiQuery>,
) -> Result<HttpResponse, AppError> {
    let dim = dimension(&query)?;
    let weeks = query.weeks.unwrap_or(12);
    let t = service::trend(&state.store, &session.caller(), dim, weeks, Utc::now())?;
    Ok(HttpResponse::Ok().json(t))
}

/// The requests a figure is made of, in the order they were closed, each
/// with why it is there.
#[utoipa::path(path = "/api/kpi/requests", tag = "kpi", params(KpiQuery),
    responses((status = 200, body = Page<KpiRequestItem>), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/kpi/requests")]
pub async fn requests(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<KpiQuery>,
) -> Result<HttpResponse, AppError> {
    let dim = dimension(&query)?;
    let (from, to) = period(&state, &query)?;
    let figure = figure(&query)?;
    let limit = PageQuery {
        limit: query.limit,
        cursor: None,
    }
    .effective_limit()
    .map_err(|m| AppError::invalid("limit", m))?;
    let page = service::requests(
        &state.store,
        &session.caller(),
        dim,
        from,
        to,
        figure,
        query.cursor.as_deref().filter(|c| !c.is_empty()),
        limit,
    )?;
    Ok(HttpResponse::Ok().json(page))
}

/// The requests behind a figure as a file (`GET /api/kpi/requests`'s
/// parameters plus `format=csv|xlsx&lang=`), read a page at a time while
/// it is sent, so a manager can take a drill-down into a meeting.
#[utoipa::path(path = "/api/kpi/requests/export", tag = "kpi", params(KpiQuery, super::list_exports::ExportParams),
    responses((status = 200, description = "CSV or XLSX file", content_type = "text/csv"), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/kpi/requests/export")]
pub async fn requests_export(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let opts = export::Options::from_query(req.query_string())?;
    let query: KpiQuery = export::filters(req.query_string())?;
    let dim = dimension(&query)?;
    let (from, to) = period(&state, &query)?;
    let figure = figure(&query)?;
    let caller = session.caller();
    // Refused before the file starts, not in its middle.
    service::may_read(&caller, &dim)?;
    let zh = opts.zh;
    let headers: &[&str] = if zh {
        &["编号", "客户", "关闭日期", "工程师", "原因"]
    } else {
        &["Number", "Customer", "Closed on", "Engineers", "Why"]
    };
    let table = export::Table::new(
        "kpi-requests",
        if zh { "指标明细" } else { "KPI requests" },
        headers,
    );
    let pages = export::paged(move |cursor| {
        let page = service::requests(
            &state.store,
            &caller,
            dim.clone(),
            from,
            to,
            figure.clone(),
            cursor.as_deref(),
            servicebook_shared::paging::MAX_LIMIT,
        )?;
        let rows = page
            .items
            .into_iter()
            .map(|r| {
                vec![
                    export::Cell::text(r.number),
                    export::Cell::text(r.customer_name),
                    export::Cell::text(r.closed_day.format("%Y-%m-%d").to_string()),
                    export::Cell::text(r.engineers.join(", ")),
                    export::Cell::text(r.reasons.join(", ")),
                ]
            })
            .collect();
        Ok((rows, page.next_cursor))
    });
    export::respond(opts, table, pages).await
}
