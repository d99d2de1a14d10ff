//! Inspection schedules and the visits they plan. A schedule ties a
//! maintenance contract's devices to a standard and a rhythm; its planned
//! visits are the rhythm's dates inside the contract, kept one per date
//! (a date is a visit's identity within its schedule), so planning again
//! never duplicates or loses one.

use super::rhythm::Rhythm;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionSchedule {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub contract_id: u64,
    pub customer_id: u64,
    /// The standard's family: visits use its newest revision when done.
    pub template_family_id: u64,
    /// The contract's devices this schedule inspects.
    pub device_ids: Vec<u64>,
    pub rhythm: Rhythm,
    /// A paused schedule keeps its past visits and plans no new ones.
    pub active: bool,
    pub notes: String,
}

/// `POST /api/inspections/schedules`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewSchedule {
    pub contract_id: u64,
    /// Any revision of the standard.
    pub template_id: u64,
    /// Devices of the contract; empty: every device the contract covers.
    #[serde(default)]
    pub device_ids: Vec<u64>,
    /// Empty: from the contract's `inspections_per_year`.
    #[serde(default)]
    pub rhythm: Option<Rhythm>,
    #[serde(default)]
    pub notes: String,
}

/// `PATCH /api/inspections/schedules/{id}` at its `version`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SchedulePatch {
    pub version: u64,
    pub device_ids: Option<Vec<u64>>,
    pub rhythm: Option<Rhythm>,
    pub active: Option<bool>,
    pub notes: Option<String>,
}

/// Where a planned visit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VisitState {
    /// Due on its date; overdue once the date has passed.
    Planned,
    /// Given to engineers as a work order of kind inspection.
    Dispatched,
    /// At least one device recorded.
    InProgress,
    /// Signed by the customer: the report is final.
    Done,
    /// No longer wanted: the contract, its devices or the rhythm changed
    /// (kept, so a date that comes back is the same visit again).
    Cancelled,
}

impl VisitState {
    /// Still to be done: on the due list, overdue once its date passed.
    pub fn open(self) -> bool {
        matches!(
            self,
            VisitState::Planned | VisitState::Dispatched | VisitState::InProgress
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VisitState::Planned => "planned",
            VisitState::Dispatched => "dispatched",
            VisitState::InProgress => "in_progress",
            VisitState::Done => "done",
            VisitState::Cancelled => "cancelled",
        }
    }
}

/// How many days ahead the due list looks when not told: the list page
/// and the one-line summary that links to it count the same visits, from
/// the firm's today (not the browser's).
pub const DUE_DEFAULT_DAYS: i64 = 14;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedVisit {
    pub id: u64,
    pub version: u64,
    pub schedule_id: u64,
    pub contract_id: u64,
    pub customer_id: u64,
    pub template_family_id: u64,
    pub due_date: NaiveDate,
    pub device_ids: Vec<u64>,
    pub state: VisitState,
    /// Whether the due date has passed with the visit not done (computed
    /// when read, in the firm's time zone).
    pub overdue: bool,
    /// Once dispatched: the work order and the request it belongs to.
    #[serde(default)]
    pub work_order_id: Option<u64>,
    #[serde(default)]
    pub request_id: Option<u64>,
    /// The firm's day the customer signed.
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
}

/// The dates a schedule wants: its rhythm inside the contract, none when
/// it is paused.
pub fn wanted_dates(
    rhythm: Rhythm,
    active: bool,
    contract_start: NaiveDate,
    contract_end: NaiveDate,
) -> Vec<NaiveDate> {
    if !active {
        return Vec::new();
    }
    super::rhythm::due_dates(
        rhythm,
        contract_start,
        contract_end,
        contract_start,
        contract_end,
    )
}

/// What planning changes: dates to add (or bring back from cancelled) and
/// planned dates to cancel. `existing` is every visit the schedule has,
/// with its state. Visits before `today` are history and never touched;
/// a visit already dispatched, under way or done is kept whatever changed
/// (its work exists), and counts as the date's visit.
pub fn reconcile(
    wanted: &[NaiveDate],
    existing: &[(NaiveDate, VisitState)],
    today: NaiveDate,
) -> (Vec<NaiveDate>, Vec<NaiveDate>) {
    let live = |d: &NaiveDate| {
        existing
            .iter()
            .any(|(x, st)| x == d && *st != VisitState::Cancelled)
    };
    let add = wanted
        .iter()
        .filter(|d| **d >= today && !live(d))
        .copied()
        .collect();
    let cancel = existing
        .iter()
        .filter(|(d, s)| *s == VisitState::Planned && *d >= today && !wanted.contains(d))
        .map(|(d, _)| *d)
        .collect();
    (add, cancel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, day).unwrap()
    }

    #[test]
    fn planning_twice_changes_nothing_and_the_past_is_left_alone() {
        let wanted = [d(1, 5), d(2, 5), d(3, 5)];
        let (add, cancel) = reconcile(&wanted, &[], d(1, 1));
        assert_eq!((add.clone(), cancel), (wanted.to_vec(), vec![]));
        let existing: Vec<_> = add.iter().map(|x| (*x, VisitState::Planned)).collect();
        assert_eq!(reconcile(&wanted, &existing, d(1, 1)), (vec![], vec![]));
        // The rhythm moves to the 10th on 1 February: January's visit is
        // history, February's and March's move.
        let moved = [d(1, 10), d(2, 10), d(3, 10)];
        let (add, cancel) = reconcile(&moved, &existing, d(2, 1));
        assert_eq!(add, [d(2, 10), d(3, 10)]);
        assert_eq!(cancel, [d(2, 5), d(3, 5)]);
        // A cancelled date that is wanted again comes back.
        let back = [(d(3, 5), VisitState::Cancelled)];
        assert_eq!(reconcile(&[d(3, 5)], &back, d(2, 1)).0, [d(3, 5)]);
        // Work that exists is never cancelled or planned again.
        for st in [
            VisitState::Dispatched,
            VisitState::InProgress,
            VisitState::Done,
        ] {
            let busy = [(d(3, 5), st)];
            assert_eq!(reconcile(&[d(3, 5)], &busy, d(2, 1)), (vec![], vec![]));
            assert_eq!(
                reconcile(&[d(3, 9)], &busy, d(2, 1)),
                (vec![d(3, 9)], vec![])
            );
        }
    }
}
