use super::*;
use crate::sla::BusinessHours;
use chrono::TimeZone;

/// Shanghai local time (UTC+8) as UTC.
fn sh(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap() - chrono::Duration::hours(8)
}

fn firm() -> Calendar {
    Calendar::Business(BusinessHours::default())
}

#[test]
fn a_complaint_received_friday_afternoon_is_due_for_acknowledgement_on_monday() {
    // 2026-12-04 is a Friday; 09:00–18:00, Monday to Friday.
    let received = sh(2026, 12, 4, 15, 0);
    let c = complaint_clocks(received, None, None, 1, 5, &firm(), sh(2026, 12, 4, 16, 0));
    assert_eq!(c.acknowledge.due_at, sh(2026, 12, 7, 15, 0));
    assert!(!c.acknowledge.breached);
    // Two working hours are left of Friday, then six on Monday.
    assert_eq!(c.acknowledge.minutes_left, Some(8 * 60));
    // Five business days: the next Friday, same hour.
    assert_eq!(c.close.due_at, sh(2026, 12, 11, 15, 0));
}

#[test]
fn a_complaint_received_on_a_weekend_counts_from_monday_morning() {
    let received = sh(2026, 12, 5, 20, 0); // Saturday evening
    assert_eq!(
        complaint_due(received, 1, &firm()),
        sh(2026, 12, 7, 18, 0),
        "the whole of Monday's working day"
    );
}

#[test]
fn holidays_push_the_due_time_on() {
    let mut hours = BusinessHours::default();
    hours
        .holidays
        .push(chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
    let received = sh(2026, 12, 4, 15, 0);
    assert_eq!(
        complaint_due(received, 1, &Calendar::Business(hours)),
        sh(2026, 12, 8, 15, 0)
    );
}

#[test]
fn around_the_clock_a_business_day_is_24_hours() {
    let received = sh(2026, 12, 4, 15, 0);
    assert_eq!(
        complaint_due(received, 2, &Calendar::AllDay),
        received + chrono::Duration::days(2)
    );
}

#[test]
fn a_late_acknowledgement_is_breached_and_a_running_late_clock_shows_negative_time() {
    let received = sh(2026, 12, 1, 10, 0); // Tuesday
    let ack = sh(2026, 12, 3, 9, 0);
    let now = sh(2026, 12, 9, 10, 0);
    let c = complaint_clocks(received, Some(ack), None, 1, 5, &firm(), now);
    assert!(c.acknowledge.breached);
    assert_eq!(c.acknowledge.met_at, Some(ack));
    assert_eq!(c.acknowledge.minutes_left, None);
    // Close was due Tuesday 12-08 10:00: nine working hours late by now.
    assert!(c.close.breached);
    assert_eq!(c.close.minutes_left, Some(-9 * 60));
    let on_time = complaint_clocks(received, Some(ack), Some(ack), 1, 5, &firm(), now);
    assert!(!on_time.close.breached);
}

fn new(persons: &[&str]) -> NewComplaint {
    NewComplaint {
        source: ComplaintSource::Phone,
        customer_id: 1,
        request_id: None,
        work_order_id: None,
        survey_id: None,
        persons: persons.iter().map(|p| p.to_string()).collect(),
        summary: "工程师未按约定时间到场".into(),
        received_at: None,
    }
}

#[test]
fn a_new_complaint_needs_a_summary_few_persons_and_a_past_time() {
    let now = sh(2026, 12, 4, 15, 0);
    assert!(check_new(&new(&["li.wei"]), now).is_empty());
    let mut bad = new(&["a"; 11]);
    bad.summary = "  ".into();
    bad.received_at = Some(now + chrono::Duration::minutes(5));
    assert_eq!(
        check_new(&bad, now).keys().collect::<Vec<_>>(),
        ["persons", "received_at", "summary"]
    );
    assert!(check_new(&new(&[" "]), now).contains_key("persons"));
    assert_eq!(
        normalise_persons(&["a ".into(), "b".into(), "a".into()]),
        ["a", "b"]
    );
}

#[test]
fn closing_needs_findings_action_and_outcome_and_follows_an_acknowledgement() {
    let e = check_close(&CloseComplaint {
        version: 2,
        ..Default::default()
    });
    assert_eq!(
        e.keys().collect::<Vec<_>>(),
        ["action", "findings", "outcome"]
    );
    assert!(ComplaintVerb::Close
        .allowed_in(ComplaintState::Open)
        .is_err());
    assert!(ComplaintVerb::Close
        .allowed_in(ComplaintState::Acknowledged)
        .is_ok());
    assert!(ComplaintVerb::Acknowledge
        .allowed_in(ComplaintState::Acknowledged)
        .is_err());
    assert_eq!(complaint_number(2026, 1), "CP-2026-000001");
}

fn complaint(
    persons: &[&str],
    state: ComplaintState,
    outcome: Option<ComplaintOutcome>,
) -> Complaint {
    let t = sh(2026, 12, 1, 10, 0);
    Complaint {
        id: 1,
        version: 1,
        created_at: t,
        updated_at: t,
        number: "CP-2026-000001".into(),
        source: ComplaintSource::Phone,
        customer_id: 1,
        customer_name: "c".into(),
        request_id: None,
        request_number: None,
        work_order_id: None,
        work_order_number: None,
        survey_id: None,
        persons: persons.iter().map(|p| p.to_string()).collect(),
        person_names: persons.iter().map(|p| p.to_uppercase()).collect(),
        summary: "s".into(),
        received_at: t,
        logged_by: "d".into(),
        state,
        acknowledged_at: None,
        acknowledged_by: None,
        acknowledge_note: String::new(),
        findings: String::new(),
        action: String::new(),
        outcome,
        closed_at: None,
        closed_by: None,
        clocks: complaint_clocks(t, None, None, 1, 5, &firm(), t),
    }
}

#[test]
fn counts_count_each_named_person_once_per_complaint() {
    use ComplaintOutcome::*;
    use ComplaintState::*;
    let list = [
        complaint(&["wang", "li"], Closed, Some(Upheld)),
        complaint(&["wang"], Closed, Some(PartlyUpheld)),
        complaint(&["li"], Closed, Some(NotUpheld)),
        complaint(&["li"], Open, None),
        complaint(&[], Acknowledged, None),
    ];
    let counts = counts_by_person(&list);
    let row = |u: &str| {
        let p = counts.iter().find(|p| p.username == u).unwrap();
        (p.name.as_str(), p.received, p.upheld, p.open)
    };
    assert_eq!(counts.len(), 2);
    assert_eq!(counts[0].username, "wang", "most upheld first");
    assert_eq!(row("wang"), ("WANG", 2, 2, 0));
    assert_eq!(row("li"), ("LI", 3, 1, 1));
}
