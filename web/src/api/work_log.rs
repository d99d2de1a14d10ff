//! Weekly reports (工作周报), the weekly record and the monthly summary.

use serde::Serialize;
use servicebook_shared::work_log::{SaveWorkLog, SubmitWorkLog, WeeklyReport, WeeklyStatus};
use servicebook_shared::work_summaries::{MonthlySummary, WeeklyRecord};
use servicebook_shared::ApiProblem;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WeeklyQuery {
    pub engineer: Option<String>,
    pub week: Option<String>,
}

pub async fn weekly(q: &WeeklyQuery) -> Result<WeeklyReport, ApiProblem> {
    super::get(&super::with_query("/api/reports/weekly", q)).await
}

fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

pub async fn save(
    username: &str,
    week: &str,
    body: &SaveWorkLog,
) -> Result<WeeklyReport, ApiProblem> {
    super::put(
        &format!("/api/reports/weekly/{}/{}", enc(username), enc(week)),
        body,
    )
    .await
}

pub async fn submit(username: &str, week: &str, version: u64) -> Result<WeeklyReport, ApiProblem> {
    super::post(
        &format!("/api/reports/weekly/{}/{}/submit", enc(username), enc(week)),
        &SubmitWorkLog { version },
    )
    .await
}

pub async fn status(week: Option<String>) -> Result<WeeklyStatus, ApiProblem> {
    #[derive(Serialize)]
    struct Q {
        week: Option<String>,
    }
    super::get(&super::with_query(
        "/api/reports/weekly/status",
        &Q { week },
    ))
    .await
}

/// The filters of the weekly record and the monthly summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SummaryQuery {
    pub week: Option<String>,
    pub month: Option<String>,
    pub customer_id: Option<u64>,
    pub contract_id: Option<u64>,
}

pub async fn weekly_record(q: &SummaryQuery) -> Result<WeeklyRecord, ApiProblem> {
    super::get(&super::with_query("/api/reports/weekly-record", q)).await
}

pub async fn monthly(q: &SummaryQuery) -> Result<MonthlySummary, ApiProblem> {
    super::get(&super::with_query("/api/reports/monthly", q)).await
}
