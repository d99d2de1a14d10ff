//! SLA clocks: the one place that says when a promise falls due and whether
//! it was kept. The server and the app both call [`clocks`], so the board,
//! the request page and the reports cannot disagree.
//!
//! Clocks are computed from a request's event history every time, never
//! kept as counters that are edited in place: a pause, a late-logged call or
//! an approved extension changes the answer by adding an event, and the
//! answer can always be recomputed and explained.

use crate::contracts::{Promises, ServiceHours};
use crate::requests::Urgency;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// When the firm works, for contracts that are not 7x24. Times are the
/// firm's local time at a fixed offset from UTC (China keeps no daylight
/// saving time, so an offset is exact there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct BusinessHours {
    /// Minutes east of UTC: 480 for Asia/Shanghai.
    pub utc_offset_minutes: i32,
    /// Working weekdays, Monday first.
    pub workdays: [bool; 7],
    /// Start and end of the working day, local time ("09:00", "18:00").
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub opens: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub closes: NaiveTime,
    /// Days off that fall on workdays (public holidays).
    pub holidays: Vec<NaiveDate>,
    /// Weekend days worked instead (调休 make-up days).
    pub extra_workdays: Vec<NaiveDate>,
}

impl Default for BusinessHours {
    fn default() -> Self {
        BusinessHours {
            utc_offset_minutes: crate::coverage::DEFAULT_UTC_OFFSET_MINUTES,
            workdays: [true, true, true, true, true, false, false],
            opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            closes: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
            holidays: Vec::new(),
            extra_workdays: Vec::new(),
        }
    }
}

impl BusinessHours {
    /// Something is wrong with the setting (the clock could never run).
    pub fn problem(&self) -> Option<&'static str> {
        if self.opens >= self.closes {
            Some("the working day must close after it opens")
        } else if !self.workdays.iter().any(|d| *d) && self.extra_workdays.is_empty() {
            Some("at least one weekday must be a workday")
        } else if self.utc_offset_minutes.abs() > 14 * 60 {
            Some("the UTC offset must be within ±14 hours")
        } else {
            None
        }
    }

    fn offset(&self) -> Duration {
        Duration::minutes(self.utc_offset_minutes as i64)
    }

    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.naive_utc() + self.offset()
    }

    fn utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        (local - self.offset()).and_utc()
    }

    pub fn is_workday(&self, day: NaiveDate) -> bool {
        if self.extra_workdays.contains(&day) {
            return true;
        }
        if self.holidays.contains(&day) {
            return false;
        }
        let index = match day.weekday() {
            Weekday::Mon => 0,
            Weekday::Tue => 1,
            Weekday::Wed => 2,
            Weekday::Thu => 3,
            Weekday::Fri => 4,
            Weekday::Sat => 5,
            Weekday::Sun => 6,
        };
        self.workdays[index]
    }

    /// The working window of a local day, if it is a workday.
    fn window(&self, day: NaiveDate) -> Option<(NaiveDateTime, NaiveDateTime)> {
        self.is_workday(day)
            .then(|| (day.and_time(self.opens), day.and_time(self.closes)))
    }
}

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

/// How time counts for one request: around the clock, or in working hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Calendar {
    AllDay,
    Business(BusinessHours),
}

/// Searching further than this for working time means the setting has no
/// working time at all; the clock then counts around the clock instead.
const MAX_DAYS: i64 = 3 * 366;

/// The largest figure a clock reports, either way: ten years in minutes.
/// A time far in the past (a step dated in year −200000) makes a clock late
/// by "ten years", not by a number nobody can read, and counting the time
/// between stays quick.
pub const MAX_FIGURE_MINUTES: i64 = 10 * 366 * 24 * 60;

impl Calendar {
    pub fn for_hours(hours: ServiceHours, business: &BusinessHours) -> Calendar {
        match hours {
            ServiceHours::AllDay => Calendar::AllDay,
            ServiceHours::Business if business.problem().is_none() => {
                Calendar::Business(business.clone())
            }
            ServiceHours::Business => Calendar::AllDay,
        }
    }

    /// The moment `seconds` of counting time after `from`.
    pub fn add(&self, from: DateTime<Utc>, seconds: i64) -> DateTime<Utc> {
        let Calendar::Business(b) = self else {
            return from + Duration::seconds(seconds);
        };
        let mut left = seconds.max(0);
        let mut at = b.local(from);
        for _ in 0..MAX_DAYS {
            if let Some((opens, closes)) = b.window(at.date()) {
                if at < opens {
                    at = opens;
                }
                if at < closes {
                    let room = (closes - at).num_seconds();
                    if left <= room {
                        return b.utc(at + Duration::seconds(left));
                    }
                    left -= room;
                }
            }
            at = (at.date() + Duration::days(1)).and_time(NaiveTime::MIN);
        }
        from + Duration::seconds(seconds)
    }

    /// Counting seconds between `a` and `b` (0 if `b` is not after `a`). A
    /// span longer than [`MAX_FIGURE_MINUTES`] counts as that long.
    pub fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b <= a {
            return 0;
        }
        let longest = Duration::minutes(MAX_FIGURE_MINUTES);
        let a = if b - a > longest { b - longest } else { a };
        let Calendar::Business(h) = self else {
            return (b - a).num_seconds();
        };
        let (a, b) = (h.local(a), h.local(b));
        let mut total = 0;
        let mut day = a.date();
        while day <= b.date() {
            if let Some((opens, closes)) = h.window(day) {
                let (from, to) = (opens.max(a), closes.min(b));
                if to > from {
                    total += (to - from).num_seconds();
                }
            }
            day += Duration::days(1);
        }
        total
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

/// The request's clocks at `now`, for the legs that apply to it.
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
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// A local (UTC+8) time on a day of November 2026: the 20th is a Friday.
    fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, h, m, 0).unwrap() - Duration::hours(8)
    }

    /// The default dispatch clock of a normal request: four hours.
    const NORMAL: u32 = 240;

    fn ev(t: DateTime<Utc>, event: SlaEvent) -> TimedEvent {
        TimedEvent { at: t, event }
    }

    fn business() -> Calendar {
        Calendar::Business(BusinessHours::default())
    }

    fn clock(cs: &[Clock], leg: Leg) -> Clock {
        cs.iter().find(|c| c.leg == leg).cloned().unwrap()
    }

    #[test]
    fn business_time_skips_nights_and_weekends() {
        let cal = business();
        // Friday 17:30 + 1 h: half an hour on Friday, half on Monday.
        assert_eq!(cal.add(at(20, 17, 30), 3600), at(23, 9, 30));
        // Saturday counts from Monday's opening.
        assert_eq!(cal.add(at(21, 10, 0), 1800), at(23, 9, 30));
        // 24 business hours from Thursday 10:00: 8 + 9 + 7 h → Monday 16:00.
        assert_eq!(cal.add(at(19, 10, 0), 24 * 3600), at(23, 16, 0));
        assert_eq!(cal.between(at(20, 17, 30), at(23, 9, 30)), 3600);
        assert_eq!(cal.between(at(23, 9, 30), at(20, 17, 30)), 0);
        // Around the clock, the weekend counts.
        assert_eq!(Calendar::AllDay.add(at(20, 17, 30), 3600), at(20, 18, 30));
    }

    #[test]
    fn holidays_stop_the_clock_and_make_up_days_run_it() {
        let mut hours = BusinessHours::default();
        hours
            .holidays
            .push(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        hours
            .extra_workdays
            .push(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        let cal = Calendar::Business(hours);
        // Friday 17:30 + 1 h: Sunday is a make-up day, Monday a holiday.
        assert_eq!(cal.add(at(20, 17, 30), 3600), at(22, 9, 30));
        assert_eq!(cal.add(at(22, 17, 30), 3600), at(24, 9, 30));
    }

    #[test]
    fn a_broken_setting_counts_around_the_clock_rather_than_never() {
        let mut hours = BusinessHours::default();
        hours.workdays = [false; 7];
        assert!(hours.problem().is_some());
        assert_eq!(
            Calendar::for_hours(ServiceHours::Business, &hours),
            Calendar::AllDay
        );
        assert_eq!(
            Calendar::for_hours(ServiceHours::AllDay, &BusinessHours::default()),
            Calendar::AllDay
        );
    }

    #[test]
    fn a_call_taken_away_from_the_desk_and_logged_late_breaches_the_log_leg() {
        let events = [
            ev(at(20, 10, 0), SlaEvent::Received),
            ev(at(20, 11, 30), SlaEvent::Logged),
        ];
        let cs = clocks(
            &events,
            false,
            &Promises::default(),
            NORMAL,
            &business(),
            at(20, 12, 0),
        );
        let log = clock(&cs, Leg::Log);
        assert_eq!(log.due_at, Some(at(20, 11, 0)));
        assert_eq!(log.met_at, Some(at(20, 11, 30)));
        assert!(log.breached && log.breached_as_promised);
        assert_eq!(log.minutes_left, Some(-30));
        // Not assigned yet: the call-back clock has not started.
        let call = clock(&cs, Leg::CallBack);
        assert_eq!(
            (call.started_at, call.due_at, call.breached),
            (None, None, false)
        );
        assert!(cs.iter().all(|c| c.leg != Leg::OnSite), "not urgent");
    }

    #[test]
    fn an_urgent_request_runs_around_the_clock_on_a_7x24_contract() {
        let events = [
            ev(at(21, 22, 0), SlaEvent::Received), // Saturday night
            ev(at(21, 22, 10), SlaEvent::Logged),
            ev(at(21, 22, 20), SlaEvent::Assigned),
            ev(at(21, 22, 40), SlaEvent::Called),
        ];
        let p = Promises::default();
        let now = at(22, 1, 0);
        let cs = clocks(&events, true, &p, NORMAL, &Calendar::AllDay, now);
        let on_site = clock(&cs, Leg::OnSite);
        assert_eq!(on_site.due_at, Some(at(22, 0, 20)));
        assert!(on_site.breached, "two hours passed without arrival");
        assert_eq!(on_site.minutes_left, Some(-40));
        assert!(!clock(&cs, Leg::CallBack).breached);
        assert_eq!(next_due(&cs), Some(at(22, 0, 20)));
        // The same request in business hours is not late: Monday counts.
        let cs = clocks(&events, true, &p, NORMAL, &business(), now);
        assert_eq!(clock(&cs, Leg::OnSite).due_at, Some(at(23, 11, 0)));
        assert!(!clock(&cs, Leg::OnSite).breached);
    }

    #[test]
    fn waiting_for_the_customer_moves_the_due_time_and_an_open_pause_freezes_it() {
        let mut events = vec![
            ev(at(23, 9, 0), SlaEvent::Received),
            ev(at(23, 9, 10), SlaEvent::Logged),
            ev(
                at(23, 10, 0),
                SlaEvent::Paused {
                    reason: PauseReason::WaitingForCustomer,
                },
            ),
        ];
        let p = Promises::default();
        let cs = clocks(&events, false, &p, NORMAL, &business(), at(24, 12, 0));
        let visit = clock(&cs, Leg::VisitBooked);
        assert!(visit.paused && visit.due_at.is_none() && !visit.breached);
        assert!(
            clock(&cs, Leg::Log).met_at.is_some(),
            "the log leg ignores pauses"
        );
        // Resumed the next day at 14:00: 13 working hours were paused
        // (10:00–18:00 Monday, 09:00–14:00 Tuesday).
        events.push(ev(at(24, 14, 0), SlaEvent::Resumed));
        let cs = clocks(&events, false, &p, NORMAL, &business(), at(24, 15, 0));
        let visit = clock(&cs, Leg::VisitBooked);
        // 24 business hours from Monday 09:00 is Wednesday 15:00; + 13 h paused.
        assert_eq!(visit.due_at, Some(at(27, 10, 0)));
        assert!(!visit.paused);
        // Nobody dispatched yet: four working hours from 09:00, one before
        // the pause and three after it → Tuesday 17:00, the next due.
        let dispatch = clock(&cs, Leg::Dispatch);
        assert_eq!(dispatch.due_at, Some(at(24, 17, 0)));
        assert_eq!(next_due(&cs), dispatch.due_at);
    }

    #[test]
    fn an_extension_keeps_both_the_first_promise_and_the_extended_one() {
        let p = Promises::default();
        let events = vec![
            ev(at(20, 9, 0), SlaEvent::Received),
            ev(at(20, 9, 5), SlaEvent::Logged),
            ev(at(20, 9, 30), SlaEvent::Assigned),
            ev(at(20, 9, 40), SlaEvent::Called),
            ev(at(20, 10, 0), SlaEvent::Arrived),
            ev(at(20, 17, 0), SlaEvent::Left),
            ev(
                at(23, 9, 0),
                SlaEvent::Extended {
                    leg: Leg::ReportFiled,
                    until: at(25, 18, 0),
                    reason: "vendor log analysis pending".into(),
                    approved_by: "mgr.chen".into(),
                },
            ),
            ev(at(25, 11, 0), SlaEvent::ReportFiled),
        ];
        let cs = clocks(&events, false, &p, NORMAL, &business(), at(26, 9, 0));
        let report = clock(&cs, Leg::ReportFiled);
        // 24 business hours from Friday 17:00: Friday 1 h, Monday 9 h,
        // Tuesday 9 h, Wednesday 5 h → Wednesday 14:00.
        assert_eq!(report.first_due_at, Some(at(25, 14, 0)));
        assert_eq!(report.due_at, Some(at(25, 18, 0)));
        assert!(!report.breached, "met as extended");
        assert!(!report.breached_as_promised, "filed at 11:00, before 14:00");
        assert_eq!(report.extension.as_ref().unwrap().approved_by, "mgr.chen");

        let mut late = events.clone();
        late.pop();
        late.push(ev(at(25, 16, 0), SlaEvent::ReportFiled));
        let report = clock(
            &clocks(&late, false, &p, NORMAL, &business(), at(26, 9, 0)),
            Leg::ReportFiled,
        );
        assert!(!report.breached && report.breached_as_promised);
        assert_eq!(
            report.minutes_left,
            Some(120),
            "two hours to spare as extended"
        );
        let visit = clock(
            &clocks(&late, false, &p, NORMAL, &business(), at(26, 9, 0)),
            Leg::VisitBooked,
        );
        assert_eq!(
            visit.met_at,
            Some(at(20, 10, 0)),
            "arriving books the visit"
        );
    }

    #[test]
    fn closing_a_request_stops_its_running_clocks() {
        let events = [
            ev(at(20, 9, 0), SlaEvent::Received),
            ev(at(20, 9, 5), SlaEvent::Logged),
            ev(at(20, 9, 30), SlaEvent::Assigned),
            ev(at(20, 9, 50), SlaEvent::Closed),
        ];
        let cs = clocks(
            &events,
            false,
            &Promises::default(),
            NORMAL,
            &business(),
            at(27, 9, 0),
        );
        let call = clock(&cs, Leg::CallBack);
        assert!(!call.breached, "closed before the call was due");
        assert_eq!(call.minutes_left, Some(10));
        assert!(!call.running);
        assert_eq!(
            next_due(&cs),
            None,
            "a closed request breaches nothing next"
        );
    }

    #[test]
    fn events_recorded_out_of_order_are_read_in_time_order() {
        let events = [
            ev(at(20, 9, 40), SlaEvent::Logged),
            ev(at(20, 9, 0), SlaEvent::Received),
        ];
        let cs = clocks(
            &events,
            false,
            &Promises::default(),
            NORMAL,
            &business(),
            at(20, 10, 0),
        );
        assert_eq!(clock(&cs, Leg::Log).met_at, Some(at(20, 9, 40)));
        assert!(!clock(&cs, Leg::Log).breached);
    }

    #[test]
    fn the_dispatch_clock_runs_from_receipt_in_business_hours_by_urgency() {
        let d = DispatchMinutes::default();
        assert_eq!(
            (
                d.for_urgency(Urgency::Urgent),
                d.for_urgency(Urgency::Important),
                d.for_urgency(Urgency::Normal)
            ),
            (15, 60, 240)
        );
        // A normal call on Friday 17:00, nobody dispatched by Monday 10:00:
        // one hour on Friday, three on Monday → due Monday 12:00.
        let events = [
            ev(at(20, 17, 0), SlaEvent::Received),
            ev(at(20, 17, 5), SlaEvent::Logged),
        ];
        let p = Promises::default();
        let cs = clocks(&events, false, &p, NORMAL, &business(), at(23, 10, 0));
        let dispatch = clock(&cs, Leg::Dispatch);
        assert!(dispatch.running && !dispatch.breached);
        assert_eq!(dispatch.started_at, Some(at(20, 17, 0)));
        assert_eq!(dispatch.due_at, Some(at(23, 12, 0)));
        assert_eq!(dispatch.minutes_left, Some(120));
        assert_eq!(
            dispatch.elapsed_minutes,
            Some(65 * 60),
            "waited in real time"
        );
        assert_eq!(next_due(&cs), Some(at(23, 12, 0)), "before the visit leg");
        // Important: one working hour → Monday 09:00 + 0 h (Friday's last
        // hour) = Friday 18:00.
        let cs = clocks(
            &events,
            false,
            &p,
            d.for_urgency(Urgency::Important),
            &business(),
            at(23, 10, 0),
        );
        let dispatch = clock(&cs, Leg::Dispatch);
        assert_eq!(dispatch.due_at, Some(at(20, 18, 0)));
        assert!(dispatch.breached && dispatch.minutes_left == Some(-60));
    }

    #[test]
    fn an_urgent_request_waiting_for_dispatch_is_due_in_fifteen_minutes_around_the_clock() {
        let events = [
            ev(at(21, 22, 0), SlaEvent::Received), // Saturday night
            ev(at(21, 22, 2), SlaEvent::Logged),
        ];
        let p = Promises::default();
        let urgent = DispatchMinutes::default().urgent;
        let cs = clocks(&events, true, &p, urgent, &Calendar::AllDay, at(21, 22, 10));
        let dispatch = clock(&cs, Leg::Dispatch);
        assert_eq!(dispatch.due_at, Some(at(21, 22, 15)));
        assert_eq!(dispatch.minutes_left, Some(5));
        assert_eq!(
            next_due(&cs),
            Some(at(21, 22, 15)),
            "the only running clock: the board has it"
        );
        let cs = clocks(&events, true, &p, urgent, &Calendar::AllDay, at(21, 22, 40));
        let dispatch = clock(&cs, Leg::Dispatch);
        assert!(dispatch.running && dispatch.breached);
        assert_eq!(dispatch.minutes_left, Some(-25));
        assert_eq!(dispatch.elapsed_minutes, Some(40));
        // In business hours the same call waits for Monday 09:15.
        let cs = clocks(&events, true, &p, urgent, &business(), at(21, 22, 40));
        assert_eq!(clock(&cs, Leg::Dispatch).due_at, Some(at(23, 9, 15)));
    }

    #[test]
    fn dispatching_stops_the_dispatch_clock() {
        let events = [
            ev(at(21, 22, 0), SlaEvent::Received),
            ev(at(21, 22, 2), SlaEvent::Logged),
            ev(at(21, 22, 20), SlaEvent::Assigned),
        ];
        let cs = clocks(
            &events,
            true,
            &Promises::default(),
            15,
            &Calendar::AllDay,
            at(22, 9, 0),
        );
        let dispatch = clock(&cs, Leg::Dispatch);
        assert_eq!(dispatch.met_at, Some(at(21, 22, 20)));
        assert!(!dispatch.running && dispatch.breached, "five minutes late");
        assert_eq!(dispatch.minutes_left, Some(-5));
        assert_eq!(dispatch.elapsed_minutes, Some(20));
        assert_eq!(
            next_due(&cs),
            clock(&cs, Leg::CallBack).due_at,
            "the call-back clock runs now"
        );
        assert_eq!(Leg::Dispatch.as_str(), "dispatch");
        assert_eq!(
            serde_json::to_value(Leg::Dispatch).unwrap(),
            serde_json::json!("dispatch")
        );
    }

    #[test]
    fn a_closed_request_has_final_clocks_and_a_report_signed_on_site_counts_when_leaving() {
        let events = [
            ev(at(20, 9, 0), SlaEvent::Received),
            ev(at(20, 9, 5), SlaEvent::Logged),
            ev(at(20, 9, 30), SlaEvent::Assigned),
            ev(at(20, 9, 40), SlaEvent::Called),
            ev(at(20, 10, 0), SlaEvent::Arrived),
            // Signed on the engineer's phone, then the engineer leaves.
            ev(at(20, 11, 0), SlaEvent::ReportFiled),
            ev(at(20, 11, 5), SlaEvent::Left),
            ev(at(20, 11, 10), SlaEvent::Closed),
        ];
        let cs = clocks(
            &events,
            true,
            &Promises::default(),
            15,
            &business(),
            at(27, 9, 0),
        );
        assert!(cs.iter().all(|c| !c.running), "{cs:#?}");
        assert_eq!(next_due(&cs), None);
        let report = clock(&cs, Leg::ReportFiled);
        assert_eq!(report.met_at, Some(at(20, 11, 5)), "filed when leaving");
        assert!(!report.breached && report.stopped_at.is_none());
        assert!(cs
            .iter()
            .all(|c| c.met_at.is_some() || c.started_at.is_none()));

        // Closed before anyone called back: the call-back clock stopped at
        // the close, with its margin then; it never counts on.
        let events = [
            ev(at(20, 9, 0), SlaEvent::Received),
            ev(at(20, 9, 5), SlaEvent::Logged),
            ev(at(20, 9, 30), SlaEvent::Assigned),
            ev(at(20, 9, 50), SlaEvent::Closed),
        ];
        for now in [at(20, 9, 55), at(27, 9, 0)] {
            let cs = clocks(&events, false, &Promises::default(), 240, &business(), now);
            let call = clock(&cs, Leg::CallBack);
            assert_eq!(call.stopped_at, Some(at(20, 9, 50)));
            assert_eq!((call.running, call.met_at), (false, None));
            assert_eq!(call.minutes_left, Some(10));
            assert_eq!(call.elapsed_minutes, Some(20));
            assert_eq!(next_due(&cs), None);
        }
    }

    #[test]
    fn a_step_dated_in_year_minus_200000_does_not_make_an_absurd_figure() {
        let ancient = "-200000-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let events = [
            ev(at(20, 9, 0), SlaEvent::Received),
            ev(at(20, 9, 5), SlaEvent::Logged),
            ev(at(20, 9, 30), SlaEvent::Assigned),
            ev(ancient, SlaEvent::Left),
        ];
        for cal in [business(), Calendar::AllDay] {
            let cs = clocks(
                &events,
                false,
                &Promises::default(),
                240,
                &cal,
                at(20, 12, 0),
            );
            let report = clock(&cs, Leg::ReportFiled);
            assert!(report.breached);
            // At most ten years of counting time (fewer in business hours).
            let late = report.minutes_left.unwrap();
            assert!((-MAX_FIGURE_MINUTES..-1_000_000).contains(&late), "{late}");
            assert_eq!(report.elapsed_minutes, Some(MAX_FIGURE_MINUTES));
            for c in &cs {
                let m = c.minutes_left.unwrap_or(0).abs();
                assert!(m <= MAX_FIGURE_MINUTES, "{c:?}");
            }
        }
    }
}
