//! Satisfaction surveys (客户现场服务反馈表 / 回访): one per completed
//! service, answered by the customer through a one-time link (no login) or
//! on a follow-up call that staff log; and the follow-up a poor overall
//! score opens for the manager (call the customer, reopen the request,
//! close with an outcome).

use crate::users::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The longest comment a customer (or a call's notes) may leave.
pub const COMMENT_MAX: usize = 2000;

/// Where a survey stands. `expired` is never stored: a sent survey whose
/// link passed its `expires_at` unanswered reads so ([`state_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurveyState {
    /// Made when the service closed; nobody sent it yet.
    ToSend,
    /// A link went out; waiting for the customer.
    Sent,
    Answered,
    /// The link expired unanswered (a call may still take the answer).
    Expired,
    /// The customer asked the firm not to send surveys.
    NotSent,
}

impl SurveyState {
    pub const ALL: [SurveyState; 5] = [
        SurveyState::ToSend,
        SurveyState::Sent,
        SurveyState::Answered,
        SurveyState::Expired,
        SurveyState::NotSent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SurveyState::ToSend => "to_send",
            SurveyState::Sent => "sent",
            SurveyState::Answered => "answered",
            SurveyState::Expired => "expired",
            SurveyState::NotSent => "not_sent",
        }
    }

    pub fn parse(s: &str) -> Option<SurveyState> {
        SurveyState::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// The state a survey stored as `stored` shows at `now`: a sent one whose
/// link expired unanswered is `expired`.
pub fn state_at(
    stored: SurveyState,
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SurveyState {
    match (stored, expires_at) {
        (SurveyState::Sent, Some(e)) if e < now => SurveyState::Expired,
        (s, _) => s,
    }
}

/// How the survey reached the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Link,
    Call,
}

/// A follow-up call staff made: who called, when, what the customer said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallLog {
    pub called_by: String,
    pub called_at: DateTime<Utc>,
    pub notes: String,
}

/// The five scores (1–5) and a comment, as the customer gave them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyAnswer {
    pub response_speed: u8,
    pub professionalism: u8,
    pub attitude: u8,
    pub result: u8,
    pub overall: u8,
    pub comment: String,
    pub answered_at: DateTime<Utc>,
    /// Set when staff took the answer on the phone.
    pub by_call: Option<CallLog>,
}

/// Someone who did the work: username and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Engineer {
    pub username: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Survey {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub request_id: u64,
    pub request_number: String,
    pub customer_id: u64,
    pub customer_name: String,
    /// What was serviced (the device, or the request's description).
    pub device: String,
    pub work_order_ids: Vec<u64>,
    pub engineers: Vec<Engineer>,
    pub state: SurveyState,
    pub sent_at: Option<DateTime<Utc>>,
    pub sent_by: Option<String>,
    pub channel: Option<Channel>,
    pub expires_at: Option<DateTime<Utc>>,
    pub answer: Option<SurveyAnswer>,
    pub follow_up_id: Option<u64>,
}

/// The scores a customer (or staff on a call) gives.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Scores {
    pub response_speed: u8,
    pub professionalism: u8,
    pub attitude: u8,
    pub result: u8,
    pub overall: u8,
    #[serde(default)]
    pub comment: String,
}

/// `POST /api/surveys/{id}/call`: the answer taken on a follow-up call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CallAnswer {
    pub version: u64,
    pub response_speed: u8,
    pub professionalism: u8,
    pub attitude: u8,
    pub result: u8,
    pub overall: u8,
    #[serde(default)]
    pub comment: String,
    /// When the call was made (default: now).
    #[serde(default)]
    pub called_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub notes: String,
}

impl CallAnswer {
    pub fn scores(&self) -> Scores {
        Scores {
            response_speed: self.response_speed,
            professionalism: self.professionalism,
            attitude: self.attitude,
            result: self.result,
            overall: self.overall,
            comment: self.comment.clone(),
        }
    }
}

/// `POST /api/surveys/{id}/link`: the link to send. The token is in this
/// answer only; a new link voids the previous one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyLink {
    pub url: String,
    pub path: String,
    pub token: String,
    pub expires_at: DateTime<Utc>,
    /// The URL as a QR code (SVG), to print on the report.
    pub qr_svg: String,
    pub survey: Survey,
}

/// What the customer sees through the link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSurvey {
    pub firm_name: String,
    pub request_number: String,
    pub customer_name: String,
    pub device: String,
    /// When the service was completed.
    pub completed_at: DateTime<Utc>,
    pub engineers: Vec<String>,
    pub expires_at: DateTime<Utc>,
}

/// `GET /api/surveys/stats`: surveys sent in the period and what became of
/// them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyStats {
    pub sent: u64,
    pub answered: u64,
    pub expired: u64,
    pub pending: u64,
    /// Answered out of sent, 0–1; none when nothing was sent.
    pub response_rate: Option<f64>,
}

/// Response rate: answered out of sent.
pub fn response_rate(sent: u64, answered: u64) -> Option<f64> {
    (sent > 0).then(|| answered as f64 / sent as f64)
}

/// What is wrong with the scores: each 1 to 5, the comment at most
/// [`COMMENT_MAX`] characters.
pub fn check_answer(s: &Scores) -> FieldErrors {
    let mut e = FieldErrors::new();
    for (field, v) in [
        ("response_speed", s.response_speed),
        ("professionalism", s.professionalism),
        ("attitude", s.attitude),
        ("result", s.result),
        ("overall", s.overall),
    ] {
        if !(1..=5).contains(&v) {
            e.insert(field.into(), "must be 1 to 5".into());
        }
    }
    if s.comment.chars().count() > COMMENT_MAX {
        e.insert(
            "comment".into(),
            format!("must be at most {COMMENT_MAX} characters"),
        );
    }
    e
}

/// Whether an overall score opens a follow-up: at or below the firm's
/// `poor_score_max`.
pub fn is_poor(overall: u8, threshold: u8) -> bool {
    overall <= threshold
}

// ---- follow-ups ------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FollowUpState {
    /// Waiting for the manager: call the customer.
    Open,
    /// The request was reopened and is being worked again.
    Reopened,
    Closed,
}

impl FollowUpState {
    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpState::Open => "open",
            FollowUpState::Reopened => "reopened",
            FollowUpState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<FollowUpState> {
        [
            FollowUpState::Open,
            FollowUpState::Reopened,
            FollowUpState::Closed,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    Satisfied,
    NotSatisfied,
    Unreachable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpOutcome {
    pub kind: OutcomeKind,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUp {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub survey_id: u64,
    pub request_id: u64,
    pub request_number: String,
    pub customer_name: String,
    pub overall: u8,
    pub comment: String,
    pub state: FollowUpState,
    pub calls: Vec<CallLog>,
    pub reopened_at: Option<DateTime<Utc>>,
    pub reopened_by: Option<String>,
    pub reopen_reason: Option<String>,
    pub outcome: Option<FollowUpOutcome>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
}

/// `POST /api/follow-ups/{id}/calls`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCall {
    pub version: u64,
    pub notes: String,
    #[serde(default)]
    pub called_at: Option<DateTime<Utc>>,
}

/// `POST /api/follow-ups/{id}/actions/reopen`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReopenInput {
    pub version: u64,
    pub reason: String,
}

/// `POST /api/follow-ups/{id}/actions/close`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CloseFollowUp {
    pub version: u64,
    pub outcome: OutcomeKind,
    #[serde(default)]
    pub note: String,
}

/// What is wrong with a text the user must give (a call's notes, a
/// reason): not empty, at most [`COMMENT_MAX`] characters.
pub fn check_text(field: &str, text: &str, required: bool) -> FieldErrors {
    let mut e = FieldErrors::new();
    let n = text.trim().chars().count();
    if required && n == 0 {
        e.insert(field.into(), "must not be empty".into());
    } else if n > COMMENT_MAX {
        e.insert(
            field.into(),
            format!("must be at most {COMMENT_MAX} characters"),
        );
    }
    e
}

#[cfg(test)]
#[path = "surveys_tests.rs"]
mod tests;
