//! Work orders (任务要求单 / 派工): the job given to engineers for a request.
//! Which action the state allows, who may take it, and what a step on site
//! means for the request's clocks live here, so the app offers exactly the
//! buttons the server will accept.

use crate::bounds;
use crate::requests::Urgency;
use crate::sla::{Leg, SlaEvent};
use crate::users::{FieldErrors, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WorkKind {
    /// 设计: proposal, bid document, site survey, remote support.
    Support,
    /// 施工: installation, commissioning on site.
    Field,
    /// 维修: repairing a fault on site. Works like field work (steps on
    /// site, a signed report); named apart so the desk and the lists can
    /// tell a repair from an installation.
    Repair,
    /// 巡检: a routine inspection visit of a maintenance contract. Works
    /// like field work; the visit the customer signs is its report.
    Inspection,
}

impl WorkKind {
    /// Work at the customer's site: on-site steps, a report the customer
    /// signs, and the sale-contract link rule.
    pub fn on_site(self) -> bool {
        matches!(
            self,
            WorkKind::Field | WorkKind::Repair | WorkKind::Inspection
        )
    }

    pub fn parse(s: &str) -> Option<WorkKind> {
        match s {
            "support" => Some(WorkKind::Support),
            "field" => Some(WorkKind::Field),
            "repair" => Some(WorkKind::Repair),
            "inspection" => Some(WorkKind::Inspection),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            WorkKind::Support => "support",
            WorkKind::Field => "field",
            WorkKind::Repair => "repair",
            WorkKind::Inspection => "inspection",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WoState {
    Requested,
    Dispatched,
    InProgress,
    ExtensionRequested,
    CompletionRequested,
    Completed,
    Cancelled,
}

impl WoState {
    pub const ALL: [WoState; 7] = [
        WoState::Requested,
        WoState::Dispatched,
        WoState::InProgress,
        WoState::ExtensionRequested,
        WoState::CompletionRequested,
        WoState::Completed,
        WoState::Cancelled,
    ];

    /// Still someone's work (counts in an engineer's load).
    pub fn is_open(self) -> bool {
        !matches!(self, WoState::Completed | WoState::Cancelled)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            WoState::Requested => "requested",
            WoState::Dispatched => "dispatched",
            WoState::InProgress => "in_progress",
            WoState::ExtensionRequested => "extension_requested",
            WoState::CompletionRequested => "completion_requested",
            WoState::Completed => "completed",
            WoState::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<WoState> {
        WoState::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The actions of `POST /api/work-orders/{id}/actions/<verb>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Verb {
    /// Assign (or reassign) engineers.
    Dispatch,
    Start,
    RequestExtension,
    ApproveExtension,
    RefuseExtension,
    RequestCompletion,
    /// The manager sends finished-looking work back.
    RefuseCompletion,
    Complete,
    Cancel,
    /// The customer agreed to the quote of chargeable work.
    ApproveQuote,
}

impl Verb {
    pub const ALL: [Verb; 10] = [
        Verb::Dispatch,
        Verb::Start,
        Verb::RequestExtension,
        Verb::ApproveExtension,
        Verb::RefuseExtension,
        Verb::RequestCompletion,
        Verb::RefuseCompletion,
        Verb::Complete,
        Verb::Cancel,
        Verb::ApproveQuote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Dispatch => "dispatch",
            Verb::Start => "start",
            Verb::RequestExtension => "request-extension",
            Verb::ApproveExtension => "approve-extension",
            Verb::RefuseExtension => "refuse-extension",
            Verb::RequestCompletion => "request-completion",
            Verb::RefuseCompletion => "refuse-completion",
            Verb::Complete => "complete",
            Verb::Cancel => "cancel",
            Verb::ApproveQuote => "approve-quote",
        }
    }

    pub fn parse(s: &str) -> Option<Verb> {
        Verb::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The roles that may take this action. `assignee_only`: an engineer
    /// must also be one of the work order's assignees.
    pub fn roles(self) -> (&'static [Role], bool) {
        use Role::*;
        match self {
            Verb::Dispatch | Verb::Cancel => (&[Dispatcher, Manager], false),
            Verb::Start | Verb::RequestExtension | Verb::RequestCompletion => {
                (&[Engineer, Manager], true)
            }
            Verb::ApproveExtension
            | Verb::RefuseExtension
            | Verb::RefuseCompletion
            | Verb::Complete => (&[Manager], false),
            // The customer's approval is recorded by the desk or sales, not
            // by the engineer whose price it is.
            Verb::ApproveQuote => (&[Dispatcher, Manager, Sales], false),
        }
    }

    /// The state this action leads to from `from`, or why it is refused.
    pub fn next(self, from: WoState) -> Result<WoState, String> {
        use WoState::*;
        let to = match (self, from) {
            (Verb::Dispatch, Requested) => Dispatched,
            // Reassignment keeps the state; the history keeps who had it.
            (Verb::Dispatch, s @ (Dispatched | InProgress | ExtensionRequested)) => s,
            (Verb::Start, Dispatched) => InProgress,
            (Verb::RequestExtension, InProgress) => ExtensionRequested,
            (Verb::ApproveExtension | Verb::RefuseExtension, ExtensionRequested) => InProgress,
            (Verb::RequestCompletion, InProgress) => CompletionRequested,
            (Verb::RefuseCompletion, CompletionRequested) => InProgress,
            (Verb::Complete, CompletionRequested) => Completed,
            (
                Verb::Cancel,
                Requested | Dispatched | InProgress | ExtensionRequested | CompletionRequested,
            ) => Cancelled,
            (Verb::ApproveQuote, Requested | Dispatched) => from,
            (verb, from) => {
                return Err(format!(
                    "a work order that is {} cannot take the action {}{}",
                    from.as_str(),
                    verb.as_str(),
                    hint(verb, from)
                ))
            }
        };
        Ok(to)
    }

    /// Whether someone with `roles`, assigned or not, may take this action.
    pub fn allowed_for(self, roles: &[Role], is_assignee: bool) -> bool {
        let (allowed, assignee_only) = self.roles();
        roles
            .iter()
            .any(|r| allowed.contains(r) && (!assignee_only || *r != Role::Engineer || is_assignee))
    }
}

fn hint(verb: Verb, from: WoState) -> &'static str {
    match (verb, from) {
        (_, WoState::Completed | WoState::Cancelled) => " (it is closed)",
        (Verb::Start, WoState::Requested) => " (dispatch it first)",
        (Verb::Complete, WoState::InProgress) => " (the engineer requests completion first)",
        (Verb::ApproveExtension | Verb::RefuseExtension, _) => " (no extension is asked for)",
        _ => "",
    }
}

/// A step an engineer logs: `POST /api/work-orders/{id}/steps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Called the customer (and perhaps booked a visit).
    Called,
    /// Arrived on site.
    Arrived,
    /// Left the site.
    Left,
    /// Served remotely.
    Remote,
}

impl StepKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Called => "called",
            StepKind::Arrived => "arrived",
            StepKind::Left => "left",
            StepKind::Remote => "remote",
        }
    }

    /// What the step means for the request's clocks.
    pub fn events(self, visit_booked: bool) -> Vec<SlaEvent> {
        match self {
            StepKind::Called if visit_booked => vec![SlaEvent::Called, SlaEvent::VisitBooked],
            StepKind::Called => vec![SlaEvent::Called],
            StepKind::Arrived => vec![SlaEvent::Arrived],
            StepKind::Left => vec![SlaEvent::Left],
            StepKind::Remote => vec![SlaEvent::Remote],
        }
    }

    /// Arriving or starting remote work on a dispatched order starts it:
    /// an engineer on the phone presses one button, not two.
    pub fn starts_work(self) -> bool {
        matches!(self, StepKind::Arrived | StepKind::Remote)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    pub kind: StepKind,
    pub at: DateTime<Utc>,
    /// The display name of who logged it, as it was then.
    pub by: String,
    /// Their user id: what a step is matched to its engineer by (a name
    /// changes and two people may share one). Steps logged before this was
    /// kept have none and are matched by name.
    #[serde(default)]
    pub by_id: Option<u64>,
    pub note: String,
    /// A `called` step that booked a visit: when.
    pub visit_at: Option<DateTime<Utc>>,
    /// When it was logged, if later than `at` (steps logged before this was
    /// kept have none).
    #[serde(default)]
    pub logged_at: Option<DateTime<Utc>>,
    /// Why it was logged more than [`bounds::LATE_LOG_MINUTES`] after it
    /// happened.
    #[serde(default)]
    pub late_reason: String,
}

impl Step {
    /// Logged more than a few hours after the time it claims.
    pub fn logged_late(&self) -> bool {
        self.logged_at
            .is_some_and(|logged| bounds::logged_late(self.at, logged))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewStep {
    /// The work order's version the caller saw (required): a stale one
    /// gets 409 and logs nothing.
    pub version: u64,
    pub kind: StepKind,
    /// When it happened, if not now (logged afterwards).
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub visit_at: Option<DateTime<Utc>>,
    /// Required when `at` is more than [`bounds::LATE_LOG_MINUTES`] ago:
    /// why the step is logged so late.
    #[serde(default)]
    pub late_reason: String,
}

/// The step's claimed time, field by field: not before `not_before` (the
/// work order's dispatch), not in the future, and a reason when it is
/// logged late.
pub fn check_step_time(
    step: &NewStep,
    not_before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> FieldErrors {
    let mut e = FieldErrors::new();
    let at = step.at.unwrap_or(now);
    if let Some(problem) = bounds::step_time_problem(at, not_before, now) {
        e.insert("at".into(), problem);
    } else if bounds::logged_late(at, now) && step.late_reason.trim().is_empty() {
        e.insert(
            "late_reason".into(),
            format!(
                "say why this is logged more than {} hours after it happened",
                bounds::LATE_LOG_MINUTES / 60
            ),
        );
    }
    if step.late_reason.chars().count() > 500 {
        e.insert(
            "late_reason".into(),
            "must be at most 500 characters".into(),
        );
    }
    if let Some(visit) = step.visit_at {
        if !bounds::date_ok(visit.date_naive()) || visit > now + chrono::Duration::days(366) {
            e.insert("visit_at".into(), "must be within a year from now".into());
        }
    }
    e
}

/// Whether `step` fits after `steps` in `state`; `now` bounds its time.
pub fn check_step(
    state: WoState,
    steps: &[Step],
    step: &NewStep,
    now: DateTime<Utc>,
) -> Result<(), String> {
    if !matches!(
        state,
        WoState::Dispatched | WoState::InProgress | WoState::ExtensionRequested
    ) {
        return Err(format!(
            "steps are logged on dispatched or running work, and this work order is {}",
            state.as_str()
        ));
    }
    let at = step.at.unwrap_or(now);
    if at > now + chrono::Duration::minutes(bounds::FUTURE_TOLERANCE_MINUTES) {
        return Err("a step cannot be logged in the future".into());
    }
    if steps.last().is_some_and(|s| at < s.at) {
        return Err("a step cannot come before the step logged last".into());
    }
    let on_site = on_site(steps);
    match step.kind {
        StepKind::Arrived if on_site => Err("the engineer is already on site".into()),
        StepKind::Left if !on_site => Err("the engineer has not arrived on site".into()),
        StepKind::Called if step.visit_at.is_some_and(|v| v < at) => {
            Err("a booked visit cannot be before the call".into())
        }
        _ if step.kind != StepKind::Called && step.visit_at.is_some() => {
            Err("only a call books a visit".into())
        }
        _ if step.note.chars().count() > 2000 => Err("the note is too long".into()),
        _ => Ok(()),
    }
}

/// The body of an action; each verb reads what it needs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// The work order's version the caller saw (required): a stale one
    /// gets 409 and changes nothing.
    pub version: u64,
    /// `dispatch`: the engineers (user ids).
    #[serde(default)]
    pub assignees: Vec<u64>,
    /// `dispatch`: link the sale contract field work needs.
    #[serde(default)]
    pub contract_id: Option<u64>,
    /// Why (extension, refusal, cancellation).
    #[serde(default)]
    pub reason: String,
    /// `request-extension`: the new due time.
    #[serde(default)]
    pub until: Option<DateTime<Utc>>,
    /// `request-extension`: which promise of the request it moves.
    #[serde(default)]
    pub leg: Option<Leg>,
    /// `approve-quote`: the customer's person who agreed, and how.
    #[serde(default)]
    pub approved_by: String,
}

pub const MAX_ASSIGNEES: usize = 6;

/// The furthest an extension may move a due time: a promise pushed further
/// than a quarter is a new plan, not an extension.
pub const MAX_EXTENSION_DAYS: i64 = 92;

/// What is missing from an action's input, field by field.
pub fn check_action(verb: Verb, input: &ActionInput, now: DateTime<Utc>) -> FieldErrors {
    let mut e = FieldErrors::new();
    let reason = input.reason.trim();
    if reason.chars().count() > 2000 {
        e.insert("reason".into(), "must be at most 2000 characters".into());
    }
    match verb {
        Verb::Dispatch => {
            let mut ids = input.assignees.clone();
            ids.sort_unstable();
            ids.dedup();
            if ids.is_empty() {
                e.insert("assignees".into(), "name at least one engineer".into());
            } else if ids.len() != input.assignees.len() {
                e.insert("assignees".into(), "names an engineer twice".into());
            } else if ids.len() > MAX_ASSIGNEES {
                e.insert(
                    "assignees".into(),
                    format!("at most {MAX_ASSIGNEES} engineers"),
                );
            }
        }
        Verb::RequestExtension => {
            if reason.is_empty() {
                e.insert("reason".into(), "say why more time is needed".into());
            }
            match input.until {
                None => {
                    e.insert("until".into(), "give the new due time".into());
                }
                Some(u) if u <= now => {
                    e.insert("until".into(), "must be in the future".into());
                }
                Some(u) if u > now + chrono::Duration::days(MAX_EXTENSION_DAYS) => {
                    e.insert(
                        "until".into(),
                        format!("must be within {MAX_EXTENSION_DAYS} days from now"),
                    );
                }
                _ => {}
            }
        }
        Verb::RefuseExtension | Verb::RefuseCompletion | Verb::Cancel => {
            if reason.is_empty() {
                e.insert("reason".into(), "say why".into());
            }
        }
        Verb::ApproveQuote => {
            if input.approved_by.trim().is_empty() {
                e.insert(
                    "approved_by".into(),
                    "name the customer's person who agreed".into(),
                );
            }
        }
        _ => {}
    }
    e
}

/// One state change, kept for the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Transition {
    pub verb: Verb,
    pub from: WoState,
    pub to: WoState,
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: String,
    /// `dispatch`: who had it before, and who has it now.
    #[serde(default)]
    pub assignees: Vec<u64>,
}

/// An extension asked for and not yet decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtensionAsk {
    pub until: DateTime<Utc>,
    pub leg: Option<Leg>,
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

// The quote chargeable work waits for.
#[path = "work_orders_quote.rs"]
mod quote;
pub use quote::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkOrder {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// `WO-2026-000045`.
    pub number: String,
    pub request_id: u64,
    pub request_number: String,
    pub customer_id: u64,
    pub customer_name: String,
    pub device_id: Option<u64>,
    /// Brand, model and serial number (empty without a device).
    #[serde(default)]
    pub device_name: String,
    /// Where the work is: the request's site.
    #[serde(default)]
    pub site: Option<crate::customers::Site>,
    pub urgency: Urgency,
    pub kind: WorkKind,
    pub state: WoState,
    /// What is to be done.
    pub description: String,
    pub assignees: Vec<u64>,
    pub assignee_names: Vec<String>,
    /// The contract this work is done under.
    pub contract_id: Option<u64>,
    /// Outside coverage: a quote must be approved before work starts.
    pub chargeable: bool,
    pub quote: Option<Quote>,
    pub extension: Option<ExtensionAsk>,
    pub steps: Vec<Step>,
    pub history: Vec<Transition>,
    /// The engineer arrived and has not left.
    pub on_site: bool,
    /// 1 for first line; an escalation is one more than what it came from.
    pub level: u8,
    pub escalated_from: Option<u64>,
    pub context: String,
    /// Kind inspection: the visit to open on the phone.
    #[serde(default)]
    pub inspection_visit_id: Option<u64>,
}

/// `POST /api/work-orders`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewWorkOrder {
    pub request_id: u64,
    pub kind: WorkKind,
    #[serde(default)]
    pub description: String,
    /// Default: the contract that covered the request at intake.
    #[serde(default)]
    pub contract_id: Option<u64>,
    /// Escalation: the work order (of the same request) the first line
    /// could not finish.
    #[serde(default)]
    pub escalated_from: Option<u64>,
    /// Escalation: what the first line found, the environment, what was
    /// tried — so the second line never asks the customer again.
    #[serde(default)]
    pub context: String,
}

pub fn check_new(input: &NewWorkOrder) -> FieldErrors {
    let mut e = FieldErrors::new();
    let context = input.context.trim().chars().count();
    if input.escalated_from.is_some() && context == 0 {
        e.insert(
            "context".into(),
            "say what was found and tried, so the second line need not ask again".into(),
        );
    } else if context > 10_000 {
        e.insert("context".into(), "must be at most 10000 characters".into());
    }
    if input.description.chars().count() > 5000 {
        e.insert(
            "description".into(),
            "must be at most 5000 characters".into(),
        );
    }
    e
}

/// Whether the engineer is on site after these steps.
pub fn on_site(steps: &[Step]) -> bool {
    steps.iter().rev().find_map(|s| match s.kind {
        StepKind::Arrived => Some(true),
        StepKind::Left => Some(false),
        _ => None,
    }) == Some(true)
}

/// The steps that come next after `steps`, in the order the engineer
/// usually takes them: a call, then arriving (or working remotely), then
/// leaving; after leaving, another visit or a follow-up call. The app turns
/// a step button into these once the step is logged.
pub fn next_steps(steps: &[Step]) -> Vec<StepKind> {
    if on_site(steps) {
        return vec![StepKind::Left];
    }
    match steps.last().map(|s| s.kind) {
        None => vec![StepKind::Called, StepKind::Arrived, StepKind::Remote],
        Some(StepKind::Called) => vec![StepKind::Arrived, StepKind::Remote],
        Some(_) => vec![StepKind::Arrived, StepKind::Called],
    }
}

/// The visit the last call booked, if any: My tasks is ordered by it.
pub fn booked_visit(steps: &[Step]) -> Option<DateTime<Utc>> {
    steps
        .iter()
        .rev()
        .find(|s| s.kind == StepKind::Called)
        .and_then(|s| s.visit_at)
}

/// How an engineer's open work is ordered: booked visits first (soonest
/// first), then by urgency, then by the request's earliest due time, then
/// the oldest work order.
pub fn task_order(
    wo: &WorkOrder,
    due: Option<DateTime<Utc>>,
) -> (
    bool,
    Option<DateTime<Utc>>,
    u8,
    bool,
    Option<DateTime<Utc>>,
    u64,
) {
    let booked = booked_visit(&wo.steps);
    let rank = match wo.urgency {
        Urgency::Urgent => 0,
        Urgency::Important => 1,
        Urgency::Normal => 2,
    };
    (booked.is_none(), booked, rank, due.is_none(), due, wo.id)
}

#[cfg(test)]
#[path = "work_orders_tests.rs"]
mod tests;
