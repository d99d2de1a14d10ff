use super::*;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn step(at: &str) -> StepLine {
    StepLine {
        at: t(at),
        kind: StepKind::Arrived,
        note: String::new(),
    }
}

#[test]
fn weeks_parse_and_refuse_what_is_no_week() {
    let w = WeekId::parse("2026-W48").unwrap();
    assert_eq!(w.to_string(), "2026-W48");
    assert_eq!(w.monday(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    assert_eq!(WeekId::parse("2026w05").unwrap().to_string(), "2026-W05");
    for bad in [
        "2026-W60", "2026-W00", "2025-W54", "W48", "2026-48", "", "x-W1",
    ] {
        assert!(WeekId::parse(bad).is_err(), "{bad}");
    }
    // 2026 has 53 ISO weeks; its last runs into 2027.
    assert!(WeekId::parse("2026-W53").is_ok());
    assert_eq!(
        WeekId::parse("2026-W53").unwrap().next().to_string(),
        "2027-W01"
    );
    assert_eq!(
        WeekId::parse("2027-W01").unwrap().previous().to_string(),
        "2026-W53"
    );
}

#[test]
fn a_week_starts_at_the_firms_monday_midnight() {
    let w = WeekId::parse("2026-W48").unwrap();
    // UTC+8: Monday 00:00 in Beijing is Sunday 16:00 UTC.
    let (start, end) = w.bounds(480);
    assert_eq!(start, t("2026-11-22T16:00:00Z"));
    assert_eq!(end, t("2026-11-29T16:00:00Z"));
    let due = WeeklyReportDue::default().deadline(w, 480);
    assert_eq!(due, t("2026-11-27T10:00:00Z"), "Friday 18:00 in Beijing");
}

#[test]
fn months_parse() {
    let m = MonthId::parse("2026-11").unwrap();
    assert_eq!(m.to_string(), "2026-11");
    assert_eq!(
        m.next_first_day(),
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    );
    assert_eq!(
        MonthId::parse("2026-12")
            .unwrap()
            .next_first_day()
            .to_string(),
        "2027-01-01"
    );
    for bad in ["2026-13", "2026-1", "2026", "11-2026", "2026-00"] {
        assert!(MonthId::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_due_setting_is_validated() {
    assert!(WeeklyReportDue::default().validate().is_ok());
    assert!(WeeklyReportDue {
        weekday: 0,
        hour: 18
    }
    .validate()
    .is_err());
    assert!(WeeklyReportDue {
        weekday: 8,
        hour: 18
    }
    .validate()
    .is_err());
    assert!(WeeklyReportDue {
        weekday: 7,
        hour: 24
    }
    .validate()
    .is_err());
}

#[test]
fn submission_status_follows_the_deadline() {
    let due = t("2026-11-27T10:00:00Z");
    assert_eq!(
        submission(Some(t("2026-11-27T09:00:00Z")), due, due),
        Submission::Submitted
    );
    assert_eq!(
        submission(Some(t("2026-11-28T09:00:00Z")), due, due),
        Submission::SubmittedLate
    );
    assert_eq!(
        submission(None, due, t("2026-11-26T00:00:00Z")),
        Submission::NotYet
    );
    assert_eq!(
        submission(None, due, t("2026-11-28T00:00:00Z")),
        Submission::Overdue
    );
}

#[test]
fn the_draft_keeps_only_the_engineers_week() {
    let week = WeekId::parse("2026-W48").unwrap().bounds(480);
    let orders = vec![
        OrderInput {
            id: 1,
            number: "WO-1".into(),
            customer: "华强".into(),
            kind: WorkKind::Repair,
            state: WoState::Completed,
            steps: vec![
                ("王工".into(), step("2026-11-24T02:00:00Z")),
                ("王工".into(), step("2026-11-23T02:00:00Z")),
                // Another engineer's step, and one of last week.
                ("赵工".into(), step("2026-11-24T03:00:00Z")),
                ("王工".into(), step("2026-11-20T03:00:00Z")),
            ],
        },
        OrderInput {
            id: 2,
            number: "WO-2".into(),
            customer: "华强".into(),
            kind: WorkKind::Field,
            state: WoState::InProgress,
            steps: vec![("赵工".into(), step("2026-11-24T03:00:00Z"))],
        },
    ];
    let report = |by: &str, at: Option<&str>, hours: f64| ReportInput {
        work_order_id: 1,
        work_order_number: "WO-1".into(),
        customer: "华强".into(),
        written_by: by.into(),
        signed_at: at.map(t),
        hours_worked: hours,
        travel_hours: 0.5,
    };
    let reports = vec![
        report("王工", Some("2026-11-24T05:00:00Z"), 1.5),
        report("王工", None, 9.0),
        report("赵工", Some("2026-11-24T05:00:00Z"), 9.0),
        report("王工", Some("2026-11-29T17:00:00Z"), 9.0),
    ];
    let visits = vec![VisitDone {
        visit_id: 7,
        contract_number: "MC-1".into(),
        customer: "华强".into(),
        done_at: t("2026-11-25T05:00:00Z"),
        devices: 3,
    }];
    let (worked, filed, done, totals) = draft("王工", week, orders, reports, visits);
    assert_eq!(worked.len(), 1);
    assert_eq!(worked[0].number, "WO-1");
    assert_eq!(worked[0].steps.len(), 2);
    assert!(worked[0].steps[0].at < worked[0].steps[1].at);
    assert_eq!(filed.len(), 1);
    assert_eq!(filed[0].travel_minutes, 30);
    assert_eq!(done.len(), 1);
    assert_eq!(
        totals,
        WeekTotals {
            hours: 1.5,
            travel_minutes: 30,
            work_orders: 1,
            steps: 2,
            reports: 1,
            visits: 1
        }
    );
}
