//! The KPI definitions on hand-built request histories.

use super::*;
use crate::contracts::{Promises, ServiceHours};
use crate::sla::PauseReason;
use chrono::TimeZone;

/// Minutes after Monday 2026-11-23 00:00 UTC (08:00 in Shanghai).
fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap() + Duration::minutes(minutes)
}

fn ev(m: i64, event: SlaEvent) -> TimedEvent {
    TimedEvent { at: t(m), event }
}

fn settings() -> KpiSettings {
    KpiSettings {
        ftf_days: 30,
        utc_offset_minutes: 480,
        dispatch_minutes: DispatchMinutes::default(),
        business_hours: BusinessHours::default(),
    }
}

/// A normal request timed around the clock: log 60 min, dispatch 240,
/// call back 30, visit booked 1440, report filed 1440.
fn input<'a>(events: &'a [TimedEvent], promises: &'a Promises) -> KpiInput<'a> {
    KpiInput {
        events,
        urgency: Urgency::Normal,
        promises,
        hours: ServiceHours::AllDay,
        customer_id: 7,
        contract_id: Some(3),
        work_orders: 1,
        engineers: &[],
        work: &[],
        surveys: &[],
        next_request_at: None,
    }
}

/// A clean service: everything on time, one visit, report filed, closed.
fn clean() -> Vec<TimedEvent> {
    vec![
        ev(0, SlaEvent::Received),
        ev(10, SlaEvent::Logged),
        ev(60, SlaEvent::Assigned),
        ev(70, SlaEvent::Called),
        ev(80, SlaEvent::VisitBooked),
        ev(300, SlaEvent::Arrived),
        ev(360, SlaEvent::Left),
        ev(400, SlaEvent::ReportFiled),
        ev(420, SlaEvent::Closed),
    ]
}

fn legs(f: &RequestFacts) -> Vec<(Leg, LegOutcome)> {
    f.legs.clone()
}

#[test]
fn a_request_still_open_counts_nowhere() {
    let mut e = clean();
    e.pop();
    let p = Promises::default();
    assert_eq!(facts(&input(&e, &p), &settings()), None);
}

#[test]
fn on_time_per_leg_counts_pauses_and_tells_extended_from_first_promised() {
    use LegOutcome::*;
    let p = Promises::default();
    let e = vec![
        ev(0, SlaEvent::Received),
        ev(10, SlaEvent::Logged),
        // Dispatched after 5 h (4 h promised) but within the extension.
        ev(
            100,
            SlaEvent::Extended {
                leg: Leg::Dispatch,
                until: t(360),
                reason: "no engineer free".into(),
                approved_by: "boss".into(),
            },
        ),
        ev(300, SlaEvent::Assigned),
        // The customer's hour away stops the call-back clock: called
        // 80 min after dispatch, 20 of them counting.
        ev(
            310,
            SlaEvent::Paused {
                reason: PauseReason::WaitingForCustomer,
            },
        ),
        ev(370, SlaEvent::Resumed),
        ev(380, SlaEvent::Called),
        // Booked after 30 h: 24 h promised plus the pause's hour: missed.
        ev(1800, SlaEvent::VisitBooked),
        ev(1860, SlaEvent::Arrived),
        ev(1900, SlaEvent::Left),
        ev(1950, SlaEvent::ReportFiled),
        ev(2000, SlaEvent::Closed),
    ];
    let f = facts(&input(&e, &p), &settings()).unwrap();
    assert_eq!(
        legs(&f),
        vec![
            (Leg::Log, MetFirst),
            (Leg::Dispatch, MetExtended),
            (Leg::CallBack, MetFirst),
            (Leg::VisitBooked, Missed),
            (Leg::ReportFiled, MetFirst),
        ]
    );
    let c = f.counters();
    assert_eq!((c.all_counted, c.all_first, c.all_extended), (1, 0, 0));
    let d = c.legs[leg_index(Leg::Dispatch)];
    assert_eq!((d.counted, d.met_first, d.met_extended), (1, 0, 1));
    assert!(FigureFilter::LegMissed(Leg::VisitBooked).matches(&f, &[]));
    assert!(!FigureFilter::LegMissed(Leg::Dispatch).matches(&f, &[]));

    // Without the late booking: on time as extended, not as promised.
    let mut e2 = e.clone();
    e2.retain(|x| x.event != SlaEvent::VisitBooked);
    e2.push(ev(400, SlaEvent::VisitBooked));
    let f2 = facts(&input(&e2, &p), &settings()).unwrap();
    let c2 = f2.counters();
    assert_eq!((c2.all_counted, c2.all_first, c2.all_extended), (1, 0, 1));
    assert!(FigureFilter::OnTimeMissedFirst.matches(&f2, &[]));
    assert!(!FigureFilter::OnTimeMissed.matches(&f2, &[]));
    let fig = c2.figures();
    assert_eq!(
        (fig.on_time_first, fig.on_time_extended),
        (Some(0), Some(1000))
    );
}

#[test]
fn a_pause_long_enough_keeps_a_late_looking_leg_on_time() {
    let p = Promises::default();
    let mut e = clean();
    // Dispatched after 6 h, but 3 h of it waiting for parts.
    e.retain(|x| !matches!(x.event, SlaEvent::Assigned | SlaEvent::Called));
    e.push(ev(
        30,
        SlaEvent::Paused {
            reason: PauseReason::WaitingForParts,
        },
    ));
    e.push(ev(210, SlaEvent::Resumed));
    e.push(ev(360, SlaEvent::Assigned));
    e.push(ev(365, SlaEvent::Called));
    let f = facts(&input(&e, &p), &settings()).unwrap();
    assert!(f.legs.contains(&(Leg::Dispatch, LegOutcome::MetFirst)));
}

#[test]
fn a_clean_service_is_a_first_time_fix_in_the_firms_day() {
    let p = Promises::default();
    let e = clean();
    let f = facts(&input(&e, &p), &settings()).unwrap();
    assert_eq!(f.ftf, Ok(()));
    assert!(f.legs.iter().all(|(_, o)| *o == LegOutcome::MetFirst));
    // Closed 07:00 UTC = 15:00 in Shanghai, the same day.
    assert_eq!(f.closed_day, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let mut late = settings();
    late.utc_offset_minutes = -600;
    let f = facts(&input(&e, &p), &late).unwrap();
    assert_eq!(f.closed_day, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
}

#[test]
fn first_time_fix_fails_on_reopen_second_visit_more_work_or_no_report() {
    let p = Promises::default();
    let s = settings();
    let mut reopened = clean();
    reopened.push(ev(
        5000,
        SlaEvent::Reopened {
            reason: "fault came back".into(),
            by: "desk".into(),
        },
    ));
    let f = facts(&input(&reopened, &p), &s).unwrap();
    assert_eq!(f.ftf, Err(FtfMiss::Reopened));
    assert!(f.reopened);
    // It stays in the day of its first close, judged on its first cycle.
    assert_eq!(f.closed_at, t(420));
    assert!(f.legs.iter().all(|(_, o)| *o == LegOutcome::MetFirst));
    // Reopened and closed again: still the first close.
    reopened.push(ev(6000, SlaEvent::Closed));
    assert_eq!(facts(&input(&reopened, &p), &s).unwrap().closed_at, t(420));

    let mut two_visits = clean();
    two_visits.push(ev(370, SlaEvent::Arrived));
    let f = facts(&input(&two_visits, &p), &s).unwrap();
    assert_eq!(f.ftf, Err(FtfMiss::SecondVisit));

    let e = clean();
    let mut i = input(&e, &p);
    i.work_orders = 2;
    assert_eq!(facts(&i, &s).unwrap().ftf, Err(FtfMiss::MoreWork));

    let mut no_report = clean();
    no_report.retain(|x| x.event != SlaEvent::ReportFiled);
    let f = facts(&input(&no_report, &p), &s).unwrap();
    assert_eq!(f.ftf, Err(FtfMiss::NoReport));
    assert!(FigureFilter::FtfFailed.matches(&f, &[]));
    assert_eq!(f.counters().ftf_yes, 0);
}

#[test]
fn a_repeat_request_for_the_device_within_n_days_fails_first_time_fix() {
    let p = Promises::default();
    let e = clean();
    let mut s = settings();
    let mut i = input(&e, &p);
    i.next_request_at = Some(t(420) + Duration::days(29));
    assert_eq!(facts(&i, &s).unwrap().ftf, Err(FtfMiss::RepeatRequest));
    i.next_request_at = Some(t(420) + Duration::days(31));
    assert_eq!(facts(&i, &s).unwrap().ftf, Ok(()));
    // N is a setting.
    s.ftf_days = 40;
    assert_eq!(facts(&i, &s).unwrap().ftf, Err(FtfMiss::RepeatRequest));
    let f = facts(&i, &s).unwrap();
    assert!(reasons(&f, &[]).contains(&"ftf:repeat_request".to_string()));
}

fn mark(id: u64, answered: Option<u8>, expires: Option<i64>) -> SurveyMark {
    SurveyMark {
        survey_id: id,
        sent_at: t(500),
        expires_at: expires.map(t),
        answered_at: answered.map(|_| t(600)),
        overall: answered,
    }
}

#[test]
fn satisfaction_counts_four_and_five_of_answered_and_response_rate_answered_of_sent() {
    let p = Promises::default();
    let e = clean();
    let marks = vec![
        mark(1, Some(5), Some(10_000)),
        mark(2, Some(3), Some(10_000)),
        mark(3, None, Some(10_000)),
        mark(4, Some(4), None),
    ];
    let mut i = input(&e, &p);
    i.surveys = &marks;
    let f = facts(&i, &settings()).unwrap();
    let c = f.counters();
    assert_eq!(
        (c.surveys_sent, c.surveys_answered, c.surveys_satisfied),
        (4, 3, 2)
    );
    let fig = c.figures();
    assert_eq!(fig.satisfaction, Some(667));
    assert_eq!(fig.response_rate, Some(750));
    assert!(FigureFilter::Dissatisfied.matches(&f, &marks));
    assert!(FigureFilter::Unanswered.matches(&f, &marks));
    assert!(!FigureFilter::Dissatisfied.matches(&f, &marks[..1]));
    assert!(!survey_expired(&marks[2], t(9_000)));
    assert!(survey_expired(&marks[2], t(11_000)));
    assert!(!survey_expired(&marks[0], t(11_000)));
}

#[test]
fn counters_add_and_take_away_exactly() {
    let p = Promises::default();
    let e = clean();
    let work = [WorkFigures {
        work_order_id: 1,
        hours_minutes: 90,
        travel_minutes: 30,
        parts_cost: Money(12_000),
    }];
    let engineers = ["li".to_string(), "li".to_string()];
    let mut i = input(&e, &p);
    i.work = &work;
    i.engineers = &engineers;
    let f = facts(&i, &settings()).unwrap();
    assert_eq!(f.engineers, vec!["li".to_string()]);
    assert_eq!(
        f.dimensions(),
        vec![
            Dimension::Firm,
            Dimension::Customer(7),
            Dimension::Contract(3),
            Dimension::Engineer("li".into())
        ]
    );
    let one = f.counters();
    assert_eq!(
        (one.hours_minutes, one.travel_minutes, one.parts_cost),
        (90, 30, 12_000)
    );
    let mut sum = Counters::default();
    sum.add(&one);
    sum.add(&one);
    sum.sub(&one);
    assert_eq!(sum, one);
    sum.sub(&one);
    assert!(sum.is_zero());
}

#[test]
fn rates_round_and_say_nothing_without_a_count() {
    assert_eq!(rate(0, 0), None);
    assert_eq!(rate(2, 3), Some(667));
    assert_eq!(rate(1, 3), Some(333));
    assert_eq!(rate(5, 5), Some(1000));
    assert_eq!(meets(Some(950), TARGET_ON_TIME), Some(true));
    assert_eq!(meets(Some(949), TARGET_ON_TIME), Some(false));
}

#[test]
fn a_period_must_run_forward_and_at_most_366_days() {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    assert!(check_period(d(1, 1), d(1, 1)).is_ok());
    assert!(check_period(d(1, 2), d(1, 1))
        .unwrap_err()
        .contains_key("to"));
    let from = d(1, 1);
    assert!(check_period(from, from + Duration::days(365)).is_ok());
    assert!(check_period(from, from + Duration::days(366)).is_err());
}

#[test]
fn figure_names_read_back() {
    for f in [
        FigureFilter::Closed,
        FigureFilter::OnTimeMissed,
        FigureFilter::OnTimeMissedFirst,
        FigureFilter::LegMissed(Leg::CallBack),
        FigureFilter::FtfFailed,
        FigureFilter::FtfOk,
        FigureFilter::Dissatisfied,
        FigureFilter::Unanswered,
        FigureFilter::Reopened,
    ] {
        assert_eq!(FigureFilter::parse(&f.as_string()), Some(f));
    }
    assert_eq!(FigureFilter::parse("leg_missed:nope"), None);
}
