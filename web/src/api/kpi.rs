//! The KPIs: a period's figures, the weekly trend, a figure's requests.

use serde::Serialize;
use servicebook_shared::kpi_report::{KpiReport, KpiRequestItem, KpiTrend};
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/kpi…` parameters: the period, at most one of the dimension
/// fields (none: the firm), and for the lists the figure and paging.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KpiQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub engineer: Option<String>,
    pub customer_id: Option<u64>,
    pub contract_id: Option<u64>,
    pub weeks: Option<u32>,
    pub figure: Option<String>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn report(q: &KpiQuery) -> Result<KpiReport, ApiProblem> {
    super::get(&super::with_query("/api/kpi", q)).await
}

pub async fn trend(q: &KpiQuery) -> Result<KpiTrend, ApiProblem> {
    super::get(&super::with_query("/api/kpi/trend", q)).await
}

pub async fn requests(q: &KpiQuery) -> Result<Page<KpiRequestItem>, ApiProblem> {
    super::get(&super::with_query("/api/kpi/requests", q)).await
}
