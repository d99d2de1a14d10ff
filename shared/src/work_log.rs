//! The engineer's weekly report (工作周报): the week's work drafted from the
//! records (work orders worked, steps logged, reports signed, inspection
//! visits done) so nobody types it twice, plus what only the engineer can
//! write (summary, problems, next week's plan), submitted by the firm's
//! weekly deadline. Only the notes and the submission are stored; the
//! lines are drafted again from the records at each read ([`draft`]).

use crate::work_orders::{StepKind, WoState, WorkKind};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// An ISO week, `2026-W48` (Monday to Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WeekId {
    pub year: i32,
    pub week: u32,
}

impl WeekId {
    /// `2026-W48` (also `2026-w48`); a week the year does not have is refused.
    pub fn parse(text: &str) -> Result<WeekId, String> {
        let bad = || format!("{text:?} is not an ISO week like 2026-W48");
        let (y, w) = text.trim().split_once(['W', 'w']).ok_or_else(bad)?;
        let year: i32 = y
            .strip_suffix('-')
            .unwrap_or(y)
            .parse()
            .map_err(|_| bad())?;
        let week: u32 = w.parse().map_err(|_| bad())?;
        if !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(bad)?;
        Ok(WeekId { year, week })
    }

    /// The week `day` falls in.
    pub fn of(day: NaiveDate) -> WeekId {
        let w = day.iso_week();
        WeekId {
            year: w.year(),
            week: w.week(),
        }
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or_default()
    }

    pub fn previous(self) -> WeekId {
        WeekId::of(self.monday() - Duration::days(7))
    }

    pub fn next(self) -> WeekId {
        WeekId::of(self.monday() + Duration::days(7))
    }

    /// Its first and last instant, `[start, end)`, in the firm's time zone.
    pub fn bounds(self, utc_offset_minutes: i32) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = local_midnight(self.monday(), utc_offset_minutes);
        (start, start + Duration::days(7))
    }
}

impl std::fmt::Display for WeekId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

/// The firm's midnight starting `day`, as a UTC instant.
pub fn local_midnight(day: NaiveDate, utc_offset_minutes: i32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
        - Duration::minutes(utc_offset_minutes as i64)
}

/// A calendar month, `2026-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthId {
    pub year: i32,
    pub month: u32,
}

impl MonthId {
    pub fn parse(text: &str) -> Result<MonthId, String> {
        let bad = || format!("{text:?} is not a month like 2026-11");
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        let (year, month): (i32, u32) =
            (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if !(2000..=2100).contains(&year) || !(1..=12).contains(&month) || m.len() != 2 {
            return Err(bad());
        }
        Ok(MonthId { year, month })
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    pub fn next_first_day(self) -> NaiveDate {
        if self.month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.month + 1, 1)
        }
        .unwrap_or_default()
    }

    /// `[start, end)` in the firm's time zone.
    pub fn bounds(self, utc_offset_minutes: i32) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            local_midnight(self.first_day(), utc_offset_minutes),
            local_midnight(self.next_first_day(), utc_offset_minutes),
        )
    }
}

impl std::fmt::Display for MonthId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// When the weekly report is due: this weekday of its own week, at this
/// hour of the firm's day (settings stored before it existed: Friday 18:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyReportDue {
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: u8,
    /// 0 to 23.
    pub hour: u8,
}

impl Default for WeeklyReportDue {
    fn default() -> Self {
        WeeklyReportDue {
            weekday: 5,
            hour: 18,
        }
    }
}

impl WeeklyReportDue {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=7).contains(&self.weekday) {
            return Err("weekday must be 1 (Monday) to 7 (Sunday)".into());
        }
        if self.hour > 23 {
            return Err("hour must be 0 to 23".into());
        }
        Ok(())
    }

    /// The deadline of `week`.
    pub fn deadline(&self, week: WeekId, utc_offset_minutes: i32) -> DateTime<Utc> {
        let day = week.monday() + Duration::days(self.weekday.clamp(1, 7) as i64 - 1);
        local_midnight(day, utc_offset_minutes) + Duration::hours(self.hour.min(23) as i64)
    }
}

/// A step logged that week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepLine {
    pub at: DateTime<Utc>,
    pub kind: StepKind,
    pub note: String,
}

/// A work order the engineer worked on that week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkedOrder {
    pub id: u64,
    pub number: String,
    pub customer: String,
    pub kind: WorkKind,
    pub state: WoState,
    /// Their own steps of that week, in time order.
    pub steps: Vec<StepLine>,
}

/// A service report the engineer wrote, signed that week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FiledReport {
    pub work_order_id: u64,
    pub work_order_number: String,
    pub customer: String,
    pub signed_at: DateTime<Utc>,
    pub hours_worked: f64,
    pub travel_minutes: u32,
}

/// An inspection visit the engineer did, signed that week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitDone {
    pub visit_id: u64,
    pub contract_number: String,
    pub customer: String,
    pub done_at: DateTime<Utc>,
    pub devices: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekTotals {
    /// Hours worked, from the reports.
    pub hours: f64,
    pub travel_minutes: u32,
    pub work_orders: u32,
    pub steps: u32,
    pub reports: u32,
    pub visits: u32,
}

/// What the engineer writes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkLogNotes {
    /// This week's summary.
    #[serde(default)]
    pub summary: String,
    /// Problems met, help needed.
    #[serde(default)]
    pub problems: String,
    /// Next week's plan.
    #[serde(default)]
    pub next_week: String,
}

pub const NOTE_MAX_CHARS: usize = 4000;

impl WorkLogNotes {
    pub fn validate(&self) -> Result<(), crate::users::FieldErrors> {
        let mut errors = crate::users::FieldErrors::new();
        for (field, text) in [
            ("summary", &self.summary),
            ("problems", &self.problems),
            ("next_week", &self.next_week),
        ] {
            if text.chars().count() > NOTE_MAX_CHARS {
                errors.insert(
                    field.into(),
                    format!("must be at most {NOTE_MAX_CHARS} characters"),
                );
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WorkLogState {
    Draft,
    Submitted,
}

/// `GET /api/reports/weekly`: the week drafted from the records, with the
/// engineer's notes and where the submission stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyReport {
    pub engineer: String,
    pub engineer_name: String,
    /// `2026-W48`.
    pub week: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub work_orders: Vec<WorkedOrder>,
    pub reports: Vec<FiledReport>,
    pub visits: Vec<VisitDone>,
    pub totals: WeekTotals,
    pub notes: WorkLogNotes,
    pub state: WorkLogState,
    pub submitted_at: Option<DateTime<Utc>>,
    pub due_at: DateTime<Utc>,
    /// Submitted after the deadline.
    pub late: bool,
    /// 0 while nothing is stored; the version to send with a save or submit.
    pub version: u64,
}

/// `PUT /api/reports/weekly/{username}/{week}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveWorkLog {
    /// 0 for the first save of the week.
    pub version: u64,
    #[serde(flatten)]
    pub notes: WorkLogNotes,
}

/// `POST /api/reports/weekly/{username}/{week}/submit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmitWorkLog {
    pub version: u64,
}

/// Where one engineer's report of a week stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Submission {
    Submitted,
    SubmittedLate,
    /// Not submitted, the deadline still ahead.
    NotYet,
    /// Not submitted, the deadline passed.
    Overdue,
}

pub fn submission(
    submitted_at: Option<DateTime<Utc>>,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Submission {
    match submitted_at {
        Some(t) if t <= due_at => Submission::Submitted,
        Some(_) => Submission::SubmittedLate,
        None if now <= due_at => Submission::NotYet,
        None => Submission::Overdue,
    }
}

/// `GET /api/reports/weekly/status`: one line per active engineer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyStatusLine {
    pub engineer: String,
    pub engineer_name: String,
    pub status: Submission,
    pub submitted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyStatus {
    pub week: String,
    pub due_at: DateTime<Utc>,
    pub engineers: Vec<WeeklyStatusLine>,
}

// ---- the drafting rule, from plain inputs ---------------------------------

/// A work order as the rule needs it: every step, with who logged it.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderInput {
    pub id: u64,
    pub number: String,
    pub customer: String,
    pub kind: WorkKind,
    pub state: WoState,
    /// (who, step): `who` is the display name the step was logged under.
    pub steps: Vec<(String, StepLine)>,
}

/// A report revision as the rule needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportInput {
    pub work_order_id: u64,
    pub work_order_number: String,
    pub customer: String,
    pub written_by: String,
    pub signed_at: Option<DateTime<Utc>>,
    pub hours_worked: f64,
    pub travel_hours: f64,
}

/// The week's lines and totals for the engineer known as `name`: work
/// orders with a step they logged within `[start, end)`, the reports they
/// wrote that were signed within it, and the visits (already the
/// engineer's) done within it. Newest records do not hide older ones:
/// everything is in time order.
pub fn draft(
    name: &str,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    orders: Vec<OrderInput>,
    reports: Vec<ReportInput>,
    visits: Vec<VisitDone>,
) -> (
    Vec<WorkedOrder>,
    Vec<FiledReport>,
    Vec<VisitDone>,
    WeekTotals,
) {
    let within = |t: DateTime<Utc>| start <= t && t < end;
    let mut worked: Vec<WorkedOrder> = orders
        .into_iter()
        .filter_map(|o| {
            let mut steps: Vec<StepLine> = o
                .steps
                .into_iter()
                .filter(|(who, s)| who == name && within(s.at))
                .map(|(_, s)| s)
                .collect();
            if steps.is_empty() {
                return None;
            }
            steps.sort_by_key(|s| s.at);
            Some(WorkedOrder {
                id: o.id,
                number: o.number,
                customer: o.customer,
                kind: o.kind,
                state: o.state,
                steps,
            })
        })
        .collect();
    worked.sort_by_key(|w| (w.steps[0].at, w.id));
    let mut filed: Vec<FiledReport> = reports
        .into_iter()
        .filter(|r| r.written_by == name)
        .filter_map(|r| {
            let at = r.signed_at.filter(|t| within(*t))?;
            Some(FiledReport {
                work_order_id: r.work_order_id,
                work_order_number: r.work_order_number,
                customer: r.customer,
                signed_at: at,
                hours_worked: r.hours_worked,
                travel_minutes: (r.travel_hours.max(0.0) * 60.0).round() as u32,
            })
        })
        .collect();
    filed.sort_by_key(|r| r.signed_at);
    let mut done: Vec<VisitDone> = visits.into_iter().filter(|v| within(v.done_at)).collect();
    done.sort_by_key(|v| v.done_at);
    let totals = WeekTotals {
        hours: (filed.iter().map(|r| r.hours_worked).sum::<f64>() * 100.0).round() / 100.0,
        travel_minutes: filed.iter().map(|r| r.travel_minutes).sum(),
        work_orders: worked.len() as u32,
        steps: worked.iter().map(|w| w.steps.len() as u32).sum(),
        reports: filed.len() as u32,
        visits: done.len() as u32,
    };
    (worked, filed, done, totals)
}

#[cfg(test)]
#[path = "work_log_tests.rs"]
mod tests;
