//! The firm's weekly record (周工作记录) and monthly project summary
//! (月项目汇总表): rows computed from the work records at each read, for the
//! firm or one customer or contract. The column headers live here so the
//! page, the CSV and the XLSX say the same thing.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What a row of the weekly record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// Steps logged on a work order (visits, calls, remote work).
    WorkOrder,
    /// A service report signed (with its hours).
    Report,
    /// An inspection visit signed.
    Inspection,
}

/// One row of the weekly record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyRecordRow {
    pub date: NaiveDate,
    pub kind: RecordKind,
    /// The work order's number (or the contract's, for a visit).
    pub number: String,
    pub customer_id: u64,
    pub customer: String,
    pub contract_id: Option<u64>,
    pub contract: String,
    pub device: String,
    /// What was done.
    pub work: String,
    pub engineers: String,
    /// Hours worked (reports only, so they are counted once).
    pub hours: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyRecord {
    pub week: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rows: Vec<WeeklyRecordRow>,
    pub total_hours: f64,
}

/// One contract's month (or, with no contract, one customer's work
/// outside contracts).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthlyRow {
    pub customer_id: u64,
    pub customer: String,
    pub contract_id: Option<u64>,
    /// Empty: work outside any contract.
    pub contract: String,
    pub requests_received: u32,
    pub requests_closed: u32,
    /// `arrived` steps.
    pub onsite_visits: u32,
    /// `remote` steps.
    pub remote: u32,
    pub hours: f64,
    pub travel_minutes: u32,
    /// Parts used in the month's signed reports, at their price (minor units).
    pub parts_cost: crate::money::Money,
    pub inspections_done: u32,
    /// Inspection visits due in the month (cancelled ones not counted).
    pub inspections_due: u32,
    pub reports_signed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthlySummary {
    pub month: String,
    pub rows: Vec<MonthlyRow>,
    pub totals: MonthlyRow,
}

/// Adds `b` into `a` (the totals row).
pub fn add_into(a: &mut MonthlyRow, b: &MonthlyRow) {
    a.requests_received += b.requests_received;
    a.requests_closed += b.requests_closed;
    a.onsite_visits += b.onsite_visits;
    a.remote += b.remote;
    a.hours = ((a.hours + b.hours) * 100.0).round() / 100.0;
    a.travel_minutes += b.travel_minutes;
    a.parts_cost = a.parts_cost.plus(b.parts_cost);
    a.inspections_done += b.inspections_done;
    a.inspections_due += b.inspections_due;
    a.reports_signed += b.reports_signed;
}

pub const WEEKLY_RECORD_ZH: [&str; 9] = [
    "日期",
    "类别",
    "编号",
    "客户",
    "合同",
    "设备",
    "工作内容",
    "工程师",
    "工时",
];
pub const WEEKLY_RECORD_EN: [&str; 9] = [
    "Date",
    "Kind",
    "Number",
    "Customer",
    "Contract",
    "Device",
    "Work done",
    "Engineers",
    "Hours",
];
pub const MONTHLY_ZH: [&str; 12] = [
    "客户",
    "合同",
    "受理请求",
    "关闭请求",
    "上门次数",
    "远程支持",
    "工时",
    "路途(分钟)",
    "备件金额",
    "已完成巡检",
    "应巡检",
    "签字报告",
];
pub const MONTHLY_EN: [&str; 12] = [
    "Customer",
    "Contract",
    "Requests received",
    "Requests closed",
    "On-site visits",
    "Remote",
    "Hours",
    "Travel (min)",
    "Parts cost",
    "Inspections done",
    "Inspections due",
    "Reports signed",
];

/// Whether `t` is within `[start, end)`.
pub fn within(t: DateTime<Utc>, (start, end): (DateTime<Utc>, DateTime<Utc>)) -> bool {
    start <= t && t < end
}
