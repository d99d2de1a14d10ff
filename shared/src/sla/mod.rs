//! SLA clocks: the one place that says when a promise falls due and whether
//! it was kept. The server and the app both call [`clocks`], so the board,
//! the request page and the reports cannot disagree.
//!
//! Clocks are computed from a request's event history every time, never
//! kept as counters that are edited in place: a pause, a late-logged call or
//! an approved extension changes the answer by adding an event, and the
//! answer can always be recomputed and explained.

use crate::contracts::Promises;
use crate::requests::Urgency;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

mod calendar;
#[cfg(test)]
mod calendar_tests;
pub use calendar::{BusinessHours, Calendar, MAX_FIGURE_MINUTES};

/// The dispatch clock: how long a request may wait from being received to
/// its first work order being dispatched, by urgency, in counting minutes of
/// the request's calendar (around the clock for a 7x24 contract, else
/// business hours). A firm setting, not a contract's promise: it is read
/// when the clocks are worked out, like the business hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct DispatchMinutes {
    pub urgent: u32,
    pub important: u32,
    pub normal: u32,
}

impl Default for DispatchMinutes {
    fn default() -> Self {
        DispatchMinutes {
            urgent: 15,
            important: 60,
            normal: 240,
        }
    }
}

/// The longest dispatch clock the setting accepts: one week.
pub const DISPATCH_MINUTES_MAX: u32 = 7 * 24 * 60;

impl DispatchMinutes {
    pub fn for_urgency(&self, urgency: Urgency) -> u32 {
        match urgency {
            Urgency::Urgent => self.urgent,
            Urgency::Important => self.important,
            Urgency::Normal => self.normal,
        }
    }

    /// Something is wrong with the setting.
    pub fn problem(&self) -> Option<&'static str> {
        let ok = |m: u32| (1..=DISPATCH_MINUTES_MAX).contains(&m);
        if ok(self.urgent) && ok(self.important) && ok(self.normal) {
            None
        } else {
            Some("each dispatch time must be between 1 minute and 7 days")
        }
    }
}

/// The promises a request is timed against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Leg {
    /// Received → logged.
    Log,
    /// Received → the first work order dispatched (a firm setting by
    /// urgency, [`DispatchMinutes`]): while it runs, the request waits for
    /// an engineer.
    Dispatch,
    /// Assigned → the engineer calls the customer.
    CallBack,
    /// Urgent: assigned → engineer on site.
    OnSite,
    /// Not urgent: received → customer contacted and a visit booked.
    VisitBooked,
    /// Left site → service record filed.
    ReportFiled,
}

impl Leg {
    pub const ALL: [Leg; 6] = [
        Leg::Log,
        Leg::Dispatch,
        Leg::CallBack,
        Leg::OnSite,
        Leg::VisitBooked,
        Leg::ReportFiled,
    ];

    /// The leg's target: the contract's promise, or for [`Leg::Dispatch`]
    /// the firm's `dispatch_minutes` for the request's urgency.
    pub fn target_minutes(self, p: &Promises, dispatch_minutes: u32) -> u32 {
        match self {
            Leg::Log => p.log_minutes,
            Leg::Dispatch => dispatch_minutes,
            Leg::CallBack => p.call_back_minutes,
            Leg::OnSite => p.urgent_on_site_minutes,
            Leg::VisitBooked => p.visit_booked_minutes,
            Leg::ReportFiled => p.report_filed_minutes,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Leg::Log => "log",
            Leg::Dispatch => "dispatch",
            Leg::CallBack => "call_back",
            Leg::OnSite => "on_site",
            Leg::VisitBooked => "visit_booked",
            Leg::ReportFiled => "report_filed",
        }
    }
}

/// Why a clock stands still.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    WaitingForCustomer,
    WaitingForParts,
}

/// What happened to a request, as far as its clocks care.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SlaEvent {
    Received,
    Logged,
    Assigned,
    Called,
    VisitBooked,
    Arrived,
    Left,
    Remote,
    ReportFiled,
    Paused {
        reason: PauseReason,
    },
    Resumed,
    /// An approved extension: the leg is now due at `until`.
    Extended {
        leg: Leg,
        until: DateTime<Utc>,
        reason: String,
        approved_by: String,
    },
    /// Closed or cancelled: clocks not yet met stop counting.
    Closed,
    /// A closed request opened again (a poor survey score, a complaint, the
    /// fault came back): the service starts over. The clocks shown from
    /// then on are the new cycle's ([`current_cycle`]); the earlier cycle's
    /// figures stay in the history for the KPIs ([`cycles`]).
    Reopened {
        reason: String,
        by: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimedEvent {
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub event: SlaEvent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Extension {
    pub until: DateTime<Utc>,
    pub reason: String,
    pub approved_by: String,
}

/// One promise on one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Clock {
    pub leg: Leg,
    pub target_minutes: u32,
    /// When it started counting; `None`: not started yet.
    pub started_at: Option<DateTime<Utc>>,
    /// Due as first promised (pauses move it; extensions do not).
    pub first_due_at: Option<DateTime<Utc>>,
    /// Due now: the approved extension's time if there is one. `None`
    /// while not started or paused.
    pub due_at: Option<DateTime<Utc>>,
    pub met_at: Option<DateTime<Utc>>,
    pub paused: bool,
    /// Started, not met, not paused, and the request is still open.
    pub running: bool,
    pub extension: Option<Extension>,
    /// Late against `due_at` (as extended): met late, or running past it.
    pub breached: bool,
    /// Late against `first_due_at` (as first promised).
    pub breached_as_promised: bool,
    /// Counting minutes until `due_at` (negative: late by that much). For a
    /// met clock: its margin when it was met; for one stopped by the
    /// request's closing: its margin then. Never beyond
    /// ±[`MAX_FIGURE_MINUTES`].
    pub minutes_left: Option<i64>,
    /// The request was closed while this clock was started and not met: it
    /// stopped then, and shows its final state (never time left).
    #[serde(default)]
    pub stopped_at: Option<DateTime<Utc>>,
    /// Minutes of real time (not counting time) from `started_at` until
    /// it was met, stopped, or now: for the dispatch clock, how long the
    /// request has waited since it was received. At most
    /// [`MAX_FIGURE_MINUTES`].
    #[serde(default)]
    pub elapsed_minutes: Option<i64>,
}

fn first(events: &[TimedEvent], pred: impl Fn(&SlaEvent) -> bool) -> Option<DateTime<Utc>> {
    events.iter().find(|e| pred(&e.event)).map(|e| e.at)
}

fn first_after(
    events: &[TimedEvent],
    after: DateTime<Utc>,
    pred: impl Fn(&SlaEvent) -> bool,
) -> Option<DateTime<Utc>> {
    events
        .iter()
        .find(|e| e.at >= after && pred(&e.event))
        .map(|e| e.at)
}

/// Intervals the clocks stood still, in time order; the last one may be open.
fn pauses(events: &[TimedEvent]) -> Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> {
    let mut out: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = Vec::new();
    for e in events {
        match e.event {
            SlaEvent::Paused { .. } if out.last().is_none_or(|p| p.1.is_some()) => {
                out.push((e.at, None))
            }
            SlaEvent::Resumed => {
                if let Some(open) = out.last_mut().filter(|p| p.1.is_none()) {
                    open.1 = Some(e.at);
                }
            }
            _ => {}
        }
    }
    out
}

/// When `seconds` of counting time have run from `start`, skipping pauses;
/// `None` if an open pause is reached first.
fn due(
    cal: &Calendar,
    start: DateTime<Utc>,
    seconds: i64,
    pauses: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
) -> Option<DateTime<Utc>> {
    let mut left = seconds;
    let mut from = start;
    for (p_start, p_end) in pauses {
        let p_end_or_open = *p_end;
        if p_end_or_open.is_some_and(|e| e <= from) {
            continue;
        }
        if *p_start > from {
            let run = cal.between(from, *p_start);
            if left <= run {
                return Some(cal.add(from, left));
            }
            left -= run;
        }
        from = p_end_or_open?.max(from);
    }
    Some(cal.add(from, left))
}

/// The request's history split at each reopening, each cycle in time
/// order. A cycle after a reopening starts with the request received and
/// logged at the reopening (the desk did not have to log it again), so the
/// same [`clocks`] rule times every cycle: the engineer must be dispatched,
/// call back and come (or book a visit) again, as for a new call. Pauses
/// left open when the request was closed do not carry over.
pub fn cycles(events: &[TimedEvent]) -> Vec<Vec<TimedEvent>> {
    let mut sorted = events.to_vec();
    sorted.sort_by_key(|e| e.at);
    let mut out: Vec<Vec<TimedEvent>> = vec![Vec::new()];
    for e in sorted {
        if matches!(e.event, SlaEvent::Reopened { .. }) {
            out.push(vec![
                TimedEvent {
                    at: e.at,
                    event: SlaEvent::Received,
                },
                TimedEvent {
                    at: e.at,
                    event: SlaEvent::Logged,
                },
            ]);
        } else if let Some(last) = out.last_mut() {
            last.push(e);
        }
    }
    out
}

/// The cycle the request is in now: its whole history unless it was
/// reopened, else what happened since the last reopening ([`cycles`]).
pub fn current_cycle(events: &[TimedEvent]) -> Vec<TimedEvent> {
    if !events
        .iter()
        .any(|e| matches!(e.event, SlaEvent::Reopened { .. }))
    {
        return events.to_vec();
    }
    cycles(events).pop().unwrap_or_default()
}

/// How many times the request was reopened.
pub fn reopen_count(events: &[TimedEvent]) -> usize {
    events
        .iter()
        .filter(|e| matches!(e.event, SlaEvent::Reopened { .. }))
        .count()
}

/// The request's clocks at `now`, for the legs that apply to it: those of
/// its current cycle ([`current_cycle`]); [`cycle_clocks`] times any one.
/// `dispatch_minutes` is the dispatch clock's target for the request's
/// urgency ([`DispatchMinutes::for_urgency`]).
pub fn clocks(
    events: &[TimedEvent],
    urgent: bool,
    promises: &Promises,
    dispatch_minutes: u32,
    cal: &Calendar,
    now: DateTime<Utc>,
) -> Vec<Clock> {
    let cycle = current_cycle(events);
    cycle_clocks(&cycle, urgent, promises, dispatch_minutes, cal, now)
}

/// The clocks of one cycle's events (a whole history that was never
/// reopened, or one element of [`cycles`]).
pub fn cycle_clocks(
    events: &[TimedEvent],
    urgent: bool,
    promises: &Promises,
    dispatch_minutes: u32,
    cal: &Calendar,
    now: DateTime<Utc>,
) -> Vec<Clock> {
    use SlaEvent as E;
    let mut events = events.to_vec();
    events.sort_by_key(|e| e.at);
    let events = &events;
    let closed = first(events, |e| matches!(e, E::Closed));
    let pauses = pauses(events);
    let received = first(events, |e| matches!(e, E::Received));
    let assigned = first(events, |e| matches!(e, E::Assigned));
    let left_site = first(events, |e| matches!(e, E::Left));
    let legs = Leg::ALL.into_iter().filter(|l| match l {
        Leg::OnSite => urgent,
        Leg::VisitBooked => !urgent,
        Leg::ReportFiled => left_site.is_some(),
        _ => true,
    });
    legs.map(|leg| {
        let (start, stop) = match leg {
            Leg::Log => (
                received,
                received.and_then(|r| first_after(events, r, |e| matches!(e, E::Logged))),
            ),
            Leg::Dispatch => (
                received,
                received.and_then(|r| first_after(events, r, |e| matches!(e, E::Assigned))),
            ),
            Leg::CallBack => (
                assigned,
                assigned.and_then(|a| first_after(events, a, |e| matches!(e, E::Called))),
            ),
            Leg::OnSite => (
                assigned,
                assigned.and_then(|a| first_after(events, a, |e| matches!(e, E::Arrived))),
            ),
            Leg::VisitBooked => (
                received,
                received.and_then(|r| {
                    first_after(events, r, |e| {
                        matches!(e, E::VisitBooked | E::Arrived | E::Remote)
                    })
                }),
            ),
            // A report signed on site, before leaving, is filed when the
            // engineer leaves.
            Leg::ReportFiled => (
                left_site,
                left_site.and_then(|l| {
                    first_after(events, l, |e| matches!(e, E::ReportFiled))
                        .or_else(|| first(events, |e| matches!(e, E::ReportFiled)).map(|_| l))
                }),
            ),
        };
        let target = leg.target_minutes(promises, dispatch_minutes);
        // The log leg is about the desk, not the customer: pauses for the
        // customer or for parts do not stop it.
        let no_pauses: &[(DateTime<Utc>, Option<DateTime<Utc>>)] = &[];
        let leg_pauses = if leg == Leg::Log {
            no_pauses
        } else {
            &pauses[..]
        };
        let extension = events.iter().rev().find_map(|e| match &e.event {
            E::Extended {
                leg: l,
                until,
                reason,
                approved_by,
            } if *l == leg => Some(Extension {
                until: *until,
                reason: reason.clone(),
                approved_by: approved_by.clone(),
            }),
            _ => None,
        });
        let first_due = start.and_then(|s| due(cal, s, target as i64 * 60, leg_pauses));
        let due_at = match &extension {
            Some(x) => Some(x.until),
            None => first_due,
        };
        // A clock still running when the request closed stops there.
        let end = stop.or(closed);
        let paused =
            stop.is_none() && start.is_some() && leg_pauses.last().is_some_and(|p| p.1.is_none());
        let judge = |due: Option<DateTime<Utc>>| match (due, stop) {
            (Some(d), Some(m)) => m > d,
            (Some(d), None) => closed.unwrap_or(now) > d,
            (None, _) => false,
        };
        let minutes_left = due_at.map(|d| {
            let at = end.unwrap_or(now);
            let m = if at <= d {
                cal.between(at, d) / 60
            } else {
                -(cal.between(d, at) / 60)
            };
            m.clamp(-MAX_FIGURE_MINUTES, MAX_FIGURE_MINUTES)
        });
        let stopped_at = match (start, stop) {
            (Some(_), None) => closed,
            _ => None,
        };
        let elapsed_minutes = start.map(|s| {
            let until = end.unwrap_or(now);
            if until <= s {
                0
            } else {
                let span = until - s;
                span.num_minutes().min(MAX_FIGURE_MINUTES)
            }
        });
        Clock {
            leg,
            target_minutes: target,
            started_at: start,
            first_due_at: first_due,
            due_at: if paused { None } else { due_at },
            met_at: stop,
            paused,
            running: start.is_some() && stop.is_none() && !paused && closed.is_none(),
            breached: judge(due_at),
            breached_as_promised: judge(first_due),
            minutes_left: if paused { None } else { minutes_left },
            extension,
            stopped_at,
            elapsed_minutes,
        }
    })
    .collect()
}

/// The earliest due time among clocks still running: the request board is
/// sorted by it, so what breaches next comes first.
pub fn next_due(clocks: &[Clock]) -> Option<DateTime<Utc>> {
    clocks
        .iter()
        .filter(|c| c.running)
        .filter_map(|c| c.due_at)
        .min()
}

#[cfg(test)]
mod tests;
