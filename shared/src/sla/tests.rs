//! The clock engine on hand-built request histories.

use super::*;
use crate::contracts::ServiceHours;
use chrono::TimeZone;
use chrono::{Duration, NaiveDate};

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

#[test]
fn a_reopened_request_times_a_new_cycle_and_keeps_the_first_one() {
    let reopened = ev(
        at(24, 10, 0),
        SlaEvent::Reopened {
            reason: "回访不满意".into(),
            by: "经理".into(),
        },
    );
    let events = [
        ev(at(20, 9, 0), SlaEvent::Received),
        ev(at(20, 9, 5), SlaEvent::Logged),
        ev(at(20, 9, 30), SlaEvent::Assigned),
        ev(at(20, 9, 40), SlaEvent::Called),
        ev(at(20, 10, 0), SlaEvent::VisitBooked),
        ev(at(20, 11, 0), SlaEvent::Arrived),
        ev(at(20, 12, 0), SlaEvent::Left),
        ev(at(20, 12, 5), SlaEvent::ReportFiled),
        ev(at(20, 12, 10), SlaEvent::Closed),
        reopened.clone(),
    ];
    let now = at(24, 15, 0);
    let cs = clocks(
        &events,
        false,
        &Promises::default(),
        NORMAL,
        &business(),
        now,
    );
    // The new cycle waits for an engineer: dispatch runs from the reopening.
    let dispatch = clock(&cs, Leg::Dispatch);
    assert_eq!(dispatch.started_at, Some(at(24, 10, 0)));
    assert!(
        dispatch.running && dispatch.breached,
        "4 business hours passed"
    );
    assert!(
        clock(&cs, Leg::Log).met_at.is_some(),
        "nobody logs it again"
    );
    assert!(
        cs.iter().all(|c| c.leg != Leg::ReportFiled),
        "not left site in this cycle"
    );
    assert_eq!(next_due(&cs), dispatch.due_at);

    let all = cycles(&events);
    assert_eq!(all.len(), 2);
    let first = cycle_clocks(
        &all[0],
        false,
        &Promises::default(),
        NORMAL,
        &business(),
        now,
    );
    assert!(
        first.iter().all(|c| !c.breached && !c.running),
        "{first:#?}"
    );
    assert_eq!(reopen_count(&events), 1);
    assert_eq!(current_cycle(&events[..9]).len(), 9, "never reopened: all");
}
