use super::examples;
use super::plans::{PlannedVisit, VisitState};
use super::templates::{Answer, Verdict};
use super::visits::*;
use chrono::{NaiveDate, TimeZone, Utc};

fn ups_items() -> Vec<super::templates::ChecklistItem> {
    examples::by_key("ups").expect("the UPS example").items
}

fn ans(code: &str, answer: Answer) -> ItemAnswer {
    ItemAnswer {
        code: code.into(),
        answer,
    }
}

fn full(voltage: f64) -> CheckInput {
    CheckInput {
        version: 1,
        answers: vec![
            ans("battery_voltage", Answer::Reading { value: voltage }),
            ans("load", Answer::Reading { value: 40.0 }),
            ans("input_voltage", Answer::Reading { value: 220.0 }),
            ans("room_temp", Answer::Reading { value: 24.0 }),
            ans("self_test", Answer::Pass),
            ans("alarms", Answer::Pass),
            ans("panel_photo", Answer::Photo { file_id: 9 }),
        ],
        ..Default::default()
    }
}

#[test]
fn a_reading_out_of_range_fails_the_item_and_the_others_pass() {
    let items = ups_items();
    let r = check_device(&items, &full(11.2)).expect("valid answers");
    assert_eq!(r.len(), items.len());
    let verdict = |code: &str| r.iter().find(|x| x.code == code).unwrap().verdict;
    assert_eq!(verdict("battery_voltage"), Some(Verdict::Failed));
    assert_eq!(verdict("load"), Some(Verdict::Passed));
    assert_eq!(verdict("panel_photo"), Some(Verdict::Recorded));
    assert_eq!(photo_ids(&r), vec![9]);
    let ok = check_device(&items, &full(12.9)).unwrap();
    assert!(ok.iter().all(|x| x.verdict != Some(Verdict::Failed)));
}

#[test]
fn required_items_unknown_items_and_wrong_answers_are_refused_by_field() {
    let items = ups_items();
    let mut input = full(12.5);
    input.answers.retain(|a| a.code != "self_test");
    input.answers.push(ans("no_such", Answer::Pass));
    input.answers[1] = ans("load", Answer::Pass);
    let e = check_device(&items, &input).unwrap_err();
    assert!(e["answers.self_test"].contains("required"), "{e:?}");
    assert!(e.contains_key("answers.no_such"), "{e:?}");
    assert!(e["answers.load"].contains("reading"), "{e:?}");
    let mut nan = full(f64::NAN);
    nan.notes = "x".repeat(NOTES_MAX + 1);
    let e = check_device(&items, &nan).unwrap_err();
    assert!(e.contains_key("answers.battery_voltage") && e.contains_key("notes"));
    let mut twice = full(12.5);
    twice.answers.push(ans("alarms", Answer::Fail));
    assert!(check_device(&items, &twice).unwrap_err()["answers.alarms"].contains("twice"));
}

#[test]
fn a_device_that_cannot_be_checked_needs_a_reason_and_no_answers() {
    let items = ups_items();
    let skip = |why: &str| CheckInput {
        version: 1,
        not_checkable: Some(why.into()),
        ..Default::default()
    };
    assert_eq!(check_device(&items, &skip("客户机房停电")), Ok(vec![]));
    assert!(check_device(&items, &skip("  "))
        .unwrap_err()
        .contains_key("not_checkable"));
    let mut both = full(12.5);
    both.not_checkable = Some("locked".into());
    assert!(check_device(&items, &both)
        .unwrap_err()
        .contains_key("answers"));
}

fn check(device_id: u64, results: Vec<ItemResult>) -> DeviceCheck {
    DeviceCheck {
        device_id,
        results,
        not_checkable: String::new(),
        notes: String::new(),
        checked_by: "Li".into(),
        checked_at: Utc.with_ymd_and_hms(2027, 3, 1, 2, 0, 0).unwrap(),
    }
}

#[test]
fn only_a_failed_item_opens_a_request_and_only_once() {
    let items = ups_items();
    let checks = vec![check(7, check_device(&items, &full(11.2)).unwrap())];
    let item = finding_item(&checks, &[], 7, "battery_voltage").unwrap();
    let volt = items.iter().find(|i| i.code == "battery_voltage").unwrap();
    assert_eq!(
        finding_text(volt, item),
        "电池组单节电压 / Battery block voltage: 11.2 V (passes 12–13.8 V)"
    );
    assert!(finding_item(&checks, &[], 7, "load")
        .unwrap_err()
        .contains("failed"));
    assert!(finding_item(&checks, &[], 8, "battery_voltage").is_err());
    let opened = Finding {
        device_id: 7,
        item_code: "battery_voltage".into(),
        text: String::new(),
        urgency: volt.severity,
        request_id: 3,
        request_number: "SR-2027-0003".into(),
    };
    let e = finding_item(&checks, &[opened], 7, "battery_voltage").unwrap_err();
    assert!(e.contains("SR-2027-0003"));
    assert_eq!(unrecorded(&[7, 8], &checks), vec![8]);
    assert!(open_for_work(VisitState::Done).is_err());
    assert!(open_for_work(VisitState::Planned).is_err());
    assert!(open_for_work(VisitState::Dispatched).is_ok());
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, m, day).unwrap()
}

fn visit(due: NaiveDate, state: VisitState, done_on: Option<NaiveDate>) -> PlannedVisit {
    PlannedVisit {
        id: 1,
        version: 1,
        schedule_id: 1,
        contract_id: 5,
        customer_id: 2,
        template_family_id: 1,
        due_date: due,
        device_ids: vec![7],
        state,
        overdue: false,
        work_order_id: None,
        request_id: None,
        done_on,
    }
}

#[test]
fn compliance_counts_on_time_late_missed_overdue_and_upcoming() {
    use VisitState::*;
    let visits = [
        visit(d(1, 5), Done, Some(d(1, 5))),
        visit(d(2, 5), Done, Some(d(2, 9))),
        visit(d(3, 5), Planned, None),
        visit(d(5, 3), Dispatched, None),
        visit(d(5, 20), Planned, None),
        visit(d(6, 5), Cancelled, None),
        visit(NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(), Done, None),
    ];
    let c = compliance(5, 2027, &visits, d(5, 10));
    assert_eq!(
        c.as_of,
        d(5, 10),
        "the app buckets visits as of the server's day"
    );
    assert_eq!(
        (c.promised, c.on_time, c.late, c.missed, c.overdue, c.upcoming),
        (5, 1, 1, 1, 1, 1)
    );
    assert_eq!(c.visits.len(), 5);
    // Done early counts as on time; the day after the due date is late.
    assert_eq!(
        bucket(&visit(d(1, 5), Done, Some(d(1, 2))), d(5, 1)),
        Some("on_time")
    );
    assert_eq!(
        bucket(&visit(d(1, 5), Done, Some(d(1, 6))), d(5, 1)),
        Some("late")
    );
    // Exactly MISSED_AFTER_DAYS late is still overdue.
    let due = d(4, 1);
    let edge = due + chrono::Duration::days(MISSED_AFTER_DAYS);
    assert_eq!(bucket(&visit(due, Planned, None), edge), Some("overdue"));
    assert_eq!(
        bucket(&visit(due, Planned, None), edge.succ_opt().unwrap()),
        Some("missed")
    );
}

#[test]
fn readings_chart_by_code_across_revisions_oldest_first() {
    let old = ups_items();
    let mut new = ups_items();
    new.iter_mut()
        .find(|i| i.code == "battery_voltage")
        .unwrap()
        .min = Some(12.2);
    let c1 = check(7, check_device(&old, &full(13.1)).unwrap());
    let c2 = check(7, check_device(&new, &full(12.1)).unwrap());
    let c3 = check(7, check_device(&old, &full(12.6)).unwrap());
    let s = reading_series(&[
        (3, d(3, 5), &new, &c2),
        (1, d(1, 5), &old, &c1),
        (2, d(2, 5), &old, &c3),
    ]);
    let volt = s.iter().find(|x| x.code == "battery_voltage").unwrap();
    let values: Vec<f64> = volt.points.iter().map(|p| p.value).collect();
    assert_eq!(values, [13.1, 12.6, 12.1]);
    assert_eq!(volt.min, Some(12.2), "the newest range is drawn");
    assert!(!volt.points[2].passed);
    let layout = chart_layout(volt, 300.0, 100.0);
    assert_eq!(layout.points.len(), 3);
    assert_eq!(layout.points[0].0, 0.0);
    assert_eq!(layout.points[2].0, 300.0);
    // Falling voltage is drawn going down, and the last point is below the band.
    assert!(layout.points[0].1 < layout.points[2].1);
    assert!(layout.points[2].1 > layout.band.1);
    assert!(layout.band.0 < layout.band.1);
}
