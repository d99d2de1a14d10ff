//! Dates and times from outside the range a small IT firm's records live
//! in are refused at the door, field by field, and answered at once: an
//! install date in the year 262142 used to hang a core forever (and through
//! a sale contract, the single writer), and a step in the year −200000 was
//! stored.

use crate::reports::started;
use crate::work_orders::{covered_device, desk};
use serde_json::json;

#[test]
fn absurd_calendar_dates_are_refused_by_field() {
    let d = desk();
    let (customer, _) = covered_device(&d);
    for (field, value) in [
        ("install_date", "+262142-12-31"),
        ("install_date", "1969-12-31"),
        ("warranty_end", "2201-01-01"),
    ] {
        let mut body = json!({"customer_id": customer, "product": "ThinkSystem SR650",
            "serial_number": format!("SN-B-{field}-{value}")});
        body[field] = json!(value);
        let (status, p) = d.a.post(&d.a.sales, "/api/devices", body);
        assert_eq!(status, 422, "{field} {value}: {p}");
        assert!(p["errors"][field].is_string(), "{p}");
    }
    let (status, p) = d.a.post(
        &d.a.sales,
        "/api/contracts",
        json!({"number": "HT-FAR", "kind": "sale", "customer_id": customer,
               "start_date": "2026-01-01", "end_date": "+200000-01-01"}),
    );
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["end_date"].is_string(), "{p}");
    // A sane device next to them is still taken (the writer did not hang).
    let (status, p) = d.a.post(
        &d.a.sales,
        "/api/devices",
        json!({"customer_id": customer, "product": "ThinkSystem SR650",
               "serial_number": "SN-B-OK", "install_date": "2026-03-15"}),
    );
    assert_eq!(status, 201, "{p}");
    assert_eq!(p["warranty_end"], "2027-03-14");
}

#[test]
fn steps_lie_between_dispatch_and_now_and_extensions_within_a_quarter() {
    let d = desk();
    let (_, wo) = started(&d);
    let wo_path = format!("/api/work-orders/{}", wo["id"]);
    let steps = || d.get(&wo_path)["steps"].as_array().unwrap().len();
    let before = steps();
    let long_ago = "-200000-01-01T00:00:00Z";
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339();
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    for at in [long_ago, yesterday.as_str(), tomorrow.as_str()] {
        let (status, p) = d.step(
            &d.wang.1,
            &wo,
            json!({"kind": "called", "at": at, "late_reason": "forgot"}),
        );
        assert_eq!(status, 422, "{at}: {p}");
        assert!(p["errors"]["at"].is_string(), "{at}: {p}");
    }
    let far_visit = (chrono::Utc::now() + chrono::Duration::days(400)).to_rfc3339();
    let (status, p) = d.step(
        &d.wang.1,
        &wo,
        json!({"kind": "called", "visit_at": far_visit}),
    );
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["visit_at"].is_string(), "{p}");
    assert_eq!(steps(), before, "nothing was logged");

    for days in [93, 36_500] {
        let until = (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339();
        let (status, p) = d.act(
            &d.wang.1,
            &wo,
            "request-extension",
            json!({"reason": "等待备件", "until": until}),
        );
        assert_eq!(status, 422, "{days} days: {p}");
        assert!(p["errors"]["until"].is_string(), "{p}");
    }
    let until = (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339();
    let (status, p) = d.act(
        &d.wang.1,
        &wo,
        "request-extension",
        json!({"reason": "等待备件", "until": until}),
    );
    assert_eq!(status, 200, "{p}");
}
