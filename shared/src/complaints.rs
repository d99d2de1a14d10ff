//! Complaints (投诉): a customer's (by phone, e-mail, a survey comment) or
//! sales' (an engineer who talked to the customer and did not report)
//! complaint about the service, linked to the request or work order and to
//! the staff it concerns, handled by a manager (acknowledged, then closed
//! with findings, action and outcome) against its own clock, and counted in
//! each person's figures ([`counts_by_person`]).
//!
//! The states run open → acknowledged → closed. Closing an open complaint
//! is refused (409): the acknowledgement is the customer's promise that
//! someone owns it, and its clock must show whether it was kept.

use crate::sla::Calendar;
use crate::users::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The most people one complaint may name.
pub const MAX_PERSONS: usize = 10;
pub const MAX_SUMMARY: usize = 2000;
pub const MAX_TEXT: usize = 4000;
/// The firm settings' bounds for both clocks, in business days.
pub const BUSINESS_DAYS_RANGE: std::ops::RangeInclusive<u32> = 1..=30;
pub const DEFAULT_ACK_BUSINESS_DAYS: u32 = 1;
pub const DEFAULT_CLOSE_BUSINESS_DAYS: u32 = 5;

/// How the complaint reached the firm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintSource {
    Phone,
    Email,
    /// A comment on a satisfaction survey.
    Survey,
    /// Raised by sales (heard from the customer, or seen themselves).
    Sales,
    Other,
}

impl ComplaintSource {
    pub const ALL: [ComplaintSource; 5] = [
        ComplaintSource::Phone,
        ComplaintSource::Email,
        ComplaintSource::Survey,
        ComplaintSource::Sales,
        ComplaintSource::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintSource::Phone => "phone",
            ComplaintSource::Email => "email",
            ComplaintSource::Survey => "survey",
            ComplaintSource::Sales => "sales",
            ComplaintSource::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintState {
    /// Logged; nobody has taken it on yet.
    Open,
    /// A manager owns it.
    Acknowledged,
    /// Findings, action and outcome recorded.
    Closed,
}

impl ComplaintState {
    pub const ALL: [ComplaintState; 3] = [
        ComplaintState::Open,
        ComplaintState::Acknowledged,
        ComplaintState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintState::Open => "open",
            ComplaintState::Acknowledged => "acknowledged",
            ComplaintState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What the manager found the complaint to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintOutcome {
    Upheld,
    PartlyUpheld,
    NotUpheld,
}

impl ComplaintOutcome {
    pub const ALL: [ComplaintOutcome; 3] = [
        ComplaintOutcome::Upheld,
        ComplaintOutcome::PartlyUpheld,
        ComplaintOutcome::NotUpheld,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintOutcome::Upheld => "upheld",
            ComplaintOutcome::PartlyUpheld => "partly_upheld",
            ComplaintOutcome::NotUpheld => "not_upheld",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Counts against the people named (wholly or in part).
    pub fn counts_against(self) -> bool {
        !matches!(self, ComplaintOutcome::NotUpheld)
    }
}

/// One of a complaint's two promises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintClock {
    /// How many of the firm's business days the promise allows.
    pub business_days: u32,
    pub due_at: DateTime<Utc>,
    pub met_at: Option<DateTime<Utc>>,
    /// Met after `due_at`, or not met and `now` is past it.
    pub breached: bool,
    /// While not met: counting minutes (business time) until due, negative
    /// when late.
    pub minutes_left: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintClocks {
    /// Received → acknowledged.
    pub acknowledge: ComplaintClock,
    /// Received → closed.
    pub close: ComplaintClock,
}

/// The length of one business day of `calendar`, in seconds: the firm's
/// working day (opens → closes); around the clock, 24 hours.
fn business_day_seconds(calendar: &Calendar) -> i64 {
    match calendar {
        Calendar::AllDay => 86_400,
        Calendar::Business(b) => (b.closes - b.opens).num_seconds().max(1),
    }
}

/// When a promise of `days` business days on a complaint received at
/// `received_at` falls due.
///
/// Definition: a business day is one full working day of the firm's
/// calendar (its business hours, holidays and make-up days), so `days`
/// business days are `days` × the working day's length of working time,
/// counted from the moment the complaint was received. A complaint received
/// at 15:00 on a workday with 1 business day is due at 15:00 on the next
/// workday; one received Friday afternoon is due Monday at the same hour;
/// one received outside business hours (a Saturday, 20:00) starts counting
/// when the firm next opens and is due when that working day closes.
pub fn complaint_due(received_at: DateTime<Utc>, days: u32, calendar: &Calendar) -> DateTime<Utc> {
    calendar.add(
        received_at,
        i64::from(days.max(1)) * business_day_seconds(calendar),
    )
}

fn clock(
    received_at: DateTime<Utc>,
    days: u32,
    met_at: Option<DateTime<Utc>>,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> ComplaintClock {
    let due_at = complaint_due(received_at, days, calendar);
    let minutes_left = match met_at {
        Some(_) => None,
        None if now <= due_at => Some(calendar.between(now, due_at) / 60),
        None => Some(-(calendar.between(due_at, now) / 60)),
    };
    ComplaintClock {
        business_days: days,
        due_at,
        met_at,
        breached: met_at.unwrap_or(now) > due_at,
        minutes_left,
    }
}

/// The complaint's clocks as of `now`, both counted from `received_at` in
/// the firm's business days ([`complaint_due`]); the settings give
/// `ack_days` and `close_days`. Never stored: worked out on every read, by
/// the server and the app alike.
pub fn complaint_clocks(
    received_at: DateTime<Utc>,
    acknowledged_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    ack_days: u32,
    close_days: u32,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> ComplaintClocks {
    ComplaintClocks {
        acknowledge: clock(received_at, ack_days, acknowledged_at, calendar, now),
        close: clock(received_at, close_days, closed_at, calendar, now),
    }
}

/// A complaint as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Complaint {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// `CP-2026-000001`.
    pub number: String,
    pub source: ComplaintSource,
    pub customer_id: u64,
    pub customer_name: String,
    pub request_id: Option<u64>,
    pub request_number: Option<String>,
    pub work_order_id: Option<u64>,
    pub work_order_number: Option<String>,
    /// The satisfaction survey whose comment this came from.
    pub survey_id: Option<u64>,
    /// Usernames of the staff it concerns.
    pub persons: Vec<String>,
    /// Their display names, in the same order, as they were when logged.
    pub person_names: Vec<String>,
    pub summary: String,
    pub received_at: DateTime<Utc>,
    /// Username of who logged it.
    pub logged_by: String,
    pub state: ComplaintState,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledged_by: Option<String>,
    pub acknowledge_note: String,
    pub findings: String,
    pub action: String,
    pub outcome: Option<ComplaintOutcome>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    pub clocks: ComplaintClocks,
}

/// `POST /api/complaints`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewComplaint {
    pub source: ComplaintSource,
    pub customer_id: u64,
    #[serde(default)]
    pub request_id: Option<u64>,
    #[serde(default)]
    pub work_order_id: Option<u64>,
    #[serde(default)]
    pub survey_id: Option<u64>,
    /// Usernames of the staff concerned (at most 10; may be none).
    #[serde(default)]
    pub persons: Vec<String>,
    pub summary: String,
    /// When the firm heard it; default now, never in the future.
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
}

/// `POST /api/complaints/{id}/actions/acknowledge`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeComplaint {
    pub version: u64,
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /api/complaints/{id}/actions/close`: all three are required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CloseComplaint {
    pub version: u64,
    #[serde(default)]
    pub findings: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub outcome: Option<ComplaintOutcome>,
}

/// The two actions, as the path names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintVerb {
    Acknowledge,
    Close,
}

impl ComplaintVerb {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "acknowledge" => Some(ComplaintVerb::Acknowledge),
            "close" => Some(ComplaintVerb::Close),
            _ => None,
        }
    }

    /// Whether a complaint in `state` takes this verb; why not otherwise.
    pub fn allowed_in(self, state: ComplaintState) -> Result<(), String> {
        match (self, state) {
            (ComplaintVerb::Acknowledge, ComplaintState::Open) => Ok(()),
            (ComplaintVerb::Close, ComplaintState::Acknowledged) => Ok(()),
            (ComplaintVerb::Close, ComplaintState::Open) => {
                Err("the complaint is open: acknowledge it before closing it".into())
            }
            (_, s) => Err(format!("the complaint is already {}", s.as_str())),
        }
    }
}

fn too_long(e: &mut FieldErrors, field: &str, text: &str, max: usize) {
    if text.chars().count() > max {
        e.insert(field.into(), format!("must be at most {max} characters"));
    }
}

/// The new complaint's own problems (the server checks the named records
/// exist inside its write). `now` bounds `received_at`.
pub fn check_new(input: &NewComplaint, now: DateTime<Utc>) -> FieldErrors {
    let mut e = FieldErrors::new();
    if input.summary.trim().is_empty() {
        e.insert(
            "summary".into(),
            "say what the customer complained of".into(),
        );
    }
    too_long(&mut e, "summary", &input.summary, MAX_SUMMARY);
    if input.persons.len() > MAX_PERSONS {
        e.insert(
            "persons".into(),
            format!("at most {MAX_PERSONS} people per complaint"),
        );
    } else if input
        .persons
        .iter()
        .any(|p| p.trim().is_empty() || p.chars().count() > 64)
    {
        e.insert("persons".into(), "each must be a staff username".into());
    }
    if input.received_at.is_some_and(|t| t > now) {
        e.insert("received_at".into(), "must not be in the future".into());
    }
    if input
        .received_at
        .is_some_and(|t| crate::bounds::clamp_time(t) != t)
    {
        e.insert("received_at".into(), "is not a sensible date".into());
    }
    e
}

/// The persons named, trimmed and each once, in the order given.
pub fn normalise_persons(persons: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in persons.iter().map(|p| p.trim()) {
        if !out.iter().any(|o| o == p) {
            out.push(p.to_owned());
        }
    }
    out
}

pub fn check_acknowledge(input: &AcknowledgeComplaint) -> FieldErrors {
    let mut e = FieldErrors::new();
    too_long(
        &mut e,
        "note",
        input.note.as_deref().unwrap_or(""),
        MAX_TEXT,
    );
    e
}

pub fn check_close(input: &CloseComplaint) -> FieldErrors {
    let mut e = FieldErrors::new();
    if input.findings.trim().is_empty() {
        e.insert("findings".into(), "say what was found".into());
    }
    too_long(&mut e, "findings", &input.findings, MAX_TEXT);
    if input.action.trim().is_empty() {
        e.insert("action".into(), "say what was done about it".into());
    }
    too_long(&mut e, "action", &input.action, MAX_TEXT);
    if input.outcome.is_none() {
        e.insert(
            "outcome".into(),
            "choose upheld, partly_upheld or not_upheld".into(),
        );
    }
    e
}

pub fn complaint_number(year: i32, n: u64) -> String {
    format!("CP-{year}-{n:06}")
}

/// One person's complaint figures (`GET /api/complaints/counts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonCount {
    pub username: String,
    pub name: String,
    /// Complaints naming them.
    pub received: u32,
    /// Of those, closed as upheld or partly upheld.
    pub upheld: u32,
    /// Of those, not closed yet.
    pub open: u32,
}

/// The rule the KPIs count by: every complaint counts once for each person
/// it names (a complaint naming two engineers counts for both);
/// `received` is every such complaint, `upheld` those closed as upheld or
/// partly upheld, `open` those not closed. The caller picks the complaints
/// (the API: received in a period). Sorted by most upheld, then most
/// received, then username.
pub fn counts_by_person(complaints: &[Complaint]) -> Vec<PersonCount> {
    let mut out: Vec<PersonCount> = Vec::new();
    for c in complaints {
        for (i, username) in c.persons.iter().enumerate() {
            let at = match out.iter().position(|p| &p.username == username) {
                Some(at) => at,
                None => {
                    out.push(PersonCount {
                        username: username.clone(),
                        name: c.person_names.get(i).cloned().unwrap_or_default(),
                        received: 0,
                        upheld: 0,
                        open: 0,
                    });
                    out.len() - 1
                }
            };
            let p = &mut out[at];
            p.received += 1;
            if c.outcome.is_some_and(|o| o.counts_against()) {
                p.upheld += 1;
            }
            if c.state != ComplaintState::Closed {
                p.open += 1;
            }
        }
    }
    out.sort_by(|a, b| {
        b.upheld
            .cmp(&a.upheld)
            .then(b.received.cmp(&a.received))
            .then(a.username.cmp(&b.username))
    });
    out
}

/// A member of staff a complaint may name (`GET /api/complaints/people`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffRef {
    pub username: String,
    pub display_name: String,
}

#[cfg(test)]
#[path = "complaints_tests.rs"]
mod tests;
