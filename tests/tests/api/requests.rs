//! Service requests at intake: coverage from the archive, numbers, clocks
//! computed from the history, the board in order of what breaches next.

use crate::archive::{setup, Archive};
use chrono::{Duration, Utc};
use serde_json::{json, Value};

fn log_call(a: &Archive, token: &str, body: Value) -> (u16, Value) {
    a.post(token, "/api/requests", body)
}

fn clock<'a>(request: &'a Value, leg: &str) -> &'a Value {
    request["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["leg"] == leg)
        .unwrap_or_else(|| panic!("no {leg} clock in {request}"))
}

#[test]
fn a_call_on_a_7x24_contract_is_covered_numbered_and_timed() {
    let a = setup();
    let customer = a.customer("深圳华为技术有限公司", "李经理", "13800138000");
    let device = a.device(customer, "SN-REQ-1", "2020-01-10");
    let (status, c) = a.post(
        &a.sales,
        "/api/contracts",
        json!({
        "number": "WB-2026-REQ", "kind": "maintenance", "customer_id": customer,
        "start_date": "2026-01-01", "end_date": "2099-12-31", "device_ids": [device],
        "scope": {"onsite_repair": true, "remote_support": true, "hours": "all_day"},
        "promises": {"urgent_on_site_minutes": 240}}),
    );
    assert_eq!(status, 201, "{c}");
    let (_, dispatcher) = a.server.user(&a.admin, "disp.wang", &["dispatcher"]);

    // Taken on the phone 90 minutes ago, away from the desk.
    let received = (Utc::now() - Duration::minutes(90)).to_rfc3339();
    let (status, r) = log_call(
        &a,
        &dispatcher,
        json!({
        "source": "phone", "customer_id": customer, "device_id": device, "contact": "李经理 13800138000",
        "description": "核心交换机宕机，全公司断网", "urgency": "urgent", "fault_level": 1, "received_at": received}),
    );
    assert_eq!(status, 201, "{r}");
    let year = Utc::now().format("%Y").to_string();
    assert_eq!(r["number"], format!("SR-{year}-000001"));
    assert_eq!(r["coverage"]["covered_by"], "contract");
    assert_eq!(r["coverage"]["contract_number"], "WB-2026-REQ");
    assert_eq!(r["coverage"]["hours"], "all_day");
    assert_eq!(r["coverage"]["in_warranty"], false);
    assert_eq!(r["coverage"]["chargeable"], false);
    assert_eq!(r["logged_by"], "disp.wang");
    // Logged 90 minutes after the call: the one-hour promise was broken,
    // and says so even though the request has only just been created.
    let log = clock(&r, "log");
    assert_eq!(log["breached"], true, "{log}");
    assert!(log["minutes_left"].as_i64().unwrap() <= -29);
    // Urgent: the on-site clock waits for an assignment.
    assert_eq!(clock(&r, "on_site")["started_at"], Value::Null);
    let id = r["id"].as_u64().unwrap();
    let (status, again) = a.get(&format!("/api/requests/{id}"));
    assert_eq!(status, 200);
    assert_eq!(again["number"], r["number"]);
    assert_eq!(again["events"].as_array().unwrap().len(), 2);

    let (status, second) = log_call(
        &a,
        &dispatcher,
        json!({
        "source": "email", "customer_id": customer, "description": "请安排季度巡检", "urgency": "normal", "fault_level": 3}),
    );
    assert_eq!(status, 201, "{second}");
    assert_eq!(second["number"], format!("SR-{year}-000002"));
    assert!(clock(&second, "visit_booked")["due_at"].is_string());
    let (_, trail) = a.get(&format!("/api/audit?record_type=requests&record_id={id}"));
    assert_eq!(trail["items"][0]["action"], "create");
}

#[test]
fn out_of_coverage_work_is_chargeable_and_bad_intake_is_refused_field_by_field() {
    let a = setup();
    let customer = a.customer("Acme Printing Ltd", "Joe", "555-0101");
    let other = a.customer("华润万家", "王主任", "0755 8888 9999");
    let old = a.device(customer, "SN-OLD-1", "2019-03-01");
    let foreign = a.device(other, "SN-FOREIGN", "2026-03-01");
    let body = |device: u64| {
        json!({"source": "phone", "customer_id": customer, "device_id": device,
        "description": "Paper jam", "urgency": "normal", "fault_level": 3})
    };
    let (status, r) = log_call(&a, &a.engineer, body(old));
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["coverage"]["covered_by"], "nothing");
    assert_eq!(r["coverage"]["chargeable"], true);

    let (status, p) = log_call(&a, &a.engineer, body(foreign));
    assert_eq!(status, 422);
    assert!(p["errors"]["device_id"].is_string(), "{p}");
    let (status, p) = log_call(
        &a,
        &a.engineer,
        json!({"source": "phone", "customer_id": 999999,
        "description": "x", "urgency": "normal", "fault_level": 3}),
    );
    assert_eq!(status, 422);
    assert!(p["errors"]["customer_id"].is_string(), "{p}");
    let future = (Utc::now() + Duration::hours(2)).to_rfc3339();
    let (status, p) = log_call(
        &a,
        &a.engineer,
        json!({"source": "phone", "customer_id": customer,
        "description": " ", "urgency": "normal", "fault_level": 5, "received_at": future}),
    );
    assert_eq!(status, 422);
    for f in ["description", "fault_level", "received_at"] {
        assert!(p["errors"][f].is_string(), "{f}: {p}");
    }
    let (status, _) = log_call(
        &a,
        &a.engineer,
        json!({"source": "fax", "customer_id": customer,
        "description": "x", "urgency": "normal", "fault_level": 3}),
    );
    assert_eq!(status, 422, "an unknown source is refused");

    let (status, _) = log_call(&a, &a.admin, body(old));
    assert_eq!(
        status, 403,
        "the admin runs the system, not the service desk"
    );

    let (status, page) = a.get(&format!("/api/requests?device_id={old}"));
    assert_eq!(status, 200);
    assert_eq!(
        page["items"].as_array().unwrap().len(),
        1,
        "nothing half-written"
    );
}

#[test]
fn the_board_lists_open_requests_by_what_breaches_next() {
    let a = setup();
    let customer = a.customer("深圳华为技术有限公司", "李经理", "13800138000");
    // Around the clock, so the order does not depend on the hour CI runs at.
    let (status, c) = a.post(
        &a.sales,
        "/api/contracts",
        json!({
        "number": "WB-7X24", "kind": "maintenance", "customer_id": customer,
        "start_date": "2026-01-01", "end_date": "2099-12-31",
        "scope": {"remote_support": true, "hours": "all_day"}}),
    );
    assert_eq!(status, 201, "{c}");
    let received = |minutes: i64| (Utc::now() - Duration::minutes(minutes)).to_rfc3339();
    let mut numbers = Vec::new();
    // Normal requests received at different times: the oldest is due first.
    for minutes in [10, 600, 300] {
        let (status, r) = log_call(
            &a,
            &a.sales,
            json!({"source": "phone", "customer_id": customer,
            "description": format!("received {minutes} minutes ago"), "urgency": "normal", "fault_level": 3,
            "received_at": received(minutes)}),
        );
        assert_eq!(status, 201, "{r}");
        numbers.push((minutes, r["number"].as_str().unwrap().to_owned()));
    }
    let (status, page) = a.get("/api/requests?limit=2");
    assert_eq!(status, 200, "{page}");
    let first: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    let cursor = page["next_cursor"]
        .as_str()
        .expect("a second page")
        .to_owned();
    let (_, rest) = a.get(&format!("/api/requests?limit=2&cursor={cursor}"));
    let last: Vec<&str> = rest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    let by_age = |m: i64| numbers.iter().find(|(x, _)| *x == m).unwrap().1.as_str();
    assert_eq!(first, vec![by_age(600), by_age(300)]);
    assert_eq!(last, vec![by_age(10)]);
    let dues: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["next_due_at"].as_str().unwrap().to_owned())
        .collect();
    assert!(dues[0] <= dues[1], "{dues:?}");

    let (_, newest) = a.get("/api/requests?order=newest");
    assert_eq!(newest["items"][0]["number"], by_age(300));
    let (status, _) = a.get("/api/requests?order=sideways");
    assert_eq!(status, 422);
}

/// A first-time caller: the desk creates the customer itself (but may not
/// edit one), the request carries the site and its address (the device's
/// site by default, or the one the caller names), and the work order
/// shows the site and the device by name; on-site repair is a kind of its own.
#[test]
fn the_desk_creates_a_new_caller_and_the_site_travels_with_the_request_to_the_work() {
    let a = setup();
    let (_, dispatcher) = a.server.user(&a.admin, "disp.xu", &["dispatcher"]);
    let (status, c) = a.post(
        &dispatcher,
        "/api/customers",
        json!({"name": "东莞新客户五金厂", "contacts": [{"name": "何厂长", "phone": "13500001234"}],
            "sites": [{"name": "厂区", "address": "东莞市长安镇振安路 9 号"},
                {"name": "总部", "address": "东莞市南城区 100 号"}]}),
    );
    assert_eq!(status, 201, "the desk creates a customer: {c}");
    let customer = c["id"].as_u64().unwrap();
    let edit = a.server.call(
        "PATCH",
        &format!("/api/customers/{customer}"),
        Some(&dispatcher),
        Some(json!({"version": c["version"], "name": "改名"})),
    );
    assert_eq!(edit.status, 403, "but does not edit customers");

    let device = a.device(customer, "SN-SITE-1", "2020-01-10");
    let (status, r) = log_call(
        &a,
        &dispatcher,
        json!({"source": "phone", "customer_id": customer, "device_id": device,
            "description": "服务器报警", "urgency": "normal", "fault_level": 3}),
    );
    assert_eq!(status, 201, "{r}");
    assert_eq!(
        r["device_name"],
        "Lenovo ThinkSystem SR650 7X06 · SN-SITE-1"
    );
    // The device's site, not the customer's first.
    assert_eq!(
        r["site"],
        json!({"name": "总部", "address": "东莞市南城区 100 号"})
    );
    let (status, other) = log_call(
        &a,
        &dispatcher,
        json!({"source": "phone", "customer_id": customer, "description": "新仓库网络不通",
            "urgency": "normal", "fault_level": 3,
            "site": {"name": "新仓库", "address": "东莞市虎门镇 1 号"}}),
    );
    assert_eq!(status, 201, "{other}");
    assert_eq!(other["site"]["address"], "东莞市虎门镇 1 号");

    let (status, wo) = a.post(
        &dispatcher,
        "/api/work-orders",
        json!({"request_id": r["id"], "kind": "repair"}),
    );
    assert_eq!(status, 201, "{wo}");
    assert_eq!(wo["kind"], "repair");
    assert_eq!(wo["site"]["address"], "东莞市南城区 100 号");
    assert_eq!(wo["device_name"], r["device_name"]);
    let (status, list) = a.get("/api/work-orders?kind=repair");
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}
