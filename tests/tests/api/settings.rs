//! The firm's settings: read by all, changed by a manager at the current
//! version, the logo attached to the firm, and the board's order following
//! a change of the business hours.

use crate::work_orders::desk;
use serde_json::{json, Value};

#[test]
fn settings_are_read_by_all_and_changed_by_a_manager_at_the_current_version() {
    let d = desk();
    let s = d.get("/api/settings");
    assert_eq!(s["contract_link_threshold"], 5_000_000, "in minor units");
    let mut body = s.clone();
    body["firm_name"] = json!("深圳速修信息技术有限公司");
    body["hourly_rate"] = json!(35_000);
    let put = |token: &str, body: &Value| {
        d.a.server
            .call("PUT", "/api/settings", Some(token), Some(body.clone()))
    };
    assert_eq!(put(&d.wang.1, &body).status, 403);
    let r = put(&d.manager, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["firm_name"], "深圳速修信息技术有限公司");
    assert_eq!(put(&d.manager, &body).status, 409, "stale version");
    let mut bad = r.json();
    bad["travel_fee"] = json!(-5);
    bad["business_hours"]["closes"] = json!("08:00:00");
    let r = put(&d.manager, &bad);
    assert_eq!(r.status, 422);
    let p = r.json();
    assert!(
        p["errors"]["travel_fee"].is_string() && p["errors"]["business_hours"].is_string(),
        "{p}"
    );

    // The logo for printed reports is an image attached to the firm.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    let path = format!(
        "/api/files?record_type=firm&record_id={}&name=logo.png",
        s["id"]
    );
    assert_eq!(
        d.a.server.send_bytes("POST", &path, &d.wang.1, png).status,
        403
    );
    let up = d.a.server.send_bytes("POST", &path, &d.manager, png);
    assert_eq!(up.status, 201, "{}", up.text());
    let files = d.get(&format!(
        "/api/files?record_type=firm&record_id={}",
        s["id"]
    ));
    assert_eq!(files["items"][0]["content_type"], "image/png");
    let wrong = "/api/files?record_type=firm&record_id=424242&name=logo.png";
    assert_eq!(
        d.a.server.send_bytes("POST", wrong, &d.manager, png).status,
        422,
        "no such owner"
    );
}

/// The numbers of the open requests on the board, in its default order
/// (soonest due first).
fn board(d: &crate::work_orders::Desk) -> Vec<String> {
    d.get_as(&d.dispatcher, "/api/requests")["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn changing_the_business_hours_reorders_the_board_at_once() {
    let d = desk();
    // 甲 has a 7x24 contract: a visit is booked within 48 hours on the wall clock.
    let around_the_clock = d.a.customer("甲数据中心", "甲", "13800000001");
    let (status, c) = d.a.post(
        &d.a.sales,
        "/api/contracts",
        json!({"number": "WB-7X24", "kind": "maintenance", "customer_id": around_the_clock,
            "start_date": "2020-01-01", "end_date": "2099-12-31",
            "scope": {"onsite_repair": true, "hours": "all_day"},
            "promises": {"visit_booked_minutes": 2880}}),
    );
    assert_eq!(status, 201, "{c}");
    // The dispatch clock (4 h for a normal call by default) would be due
    // before either visit: a week, so the visits decide the order here.
    let mut s = d.get("/api/settings");
    s["dispatch_minutes"]["normal"] = json!(7 * 24 * 60);
    let r =
        d.a.server
            .call("PUT", "/api/settings", Some(&d.manager), Some(s));
    assert_eq!(r.status, 200, "{}", r.text());
    // 乙 has nothing: 24 business hours, at least three working days.
    let office_hours = d.a.customer("乙贸易公司", "乙", "13800000002");
    let x = d.request(None, around_the_clock, "normal");
    let y = d.request(None, office_hours, "normal");
    assert_eq!(x["coverage"]["hours"], "all_day", "{x}");
    assert_eq!(y["coverage"]["hours"], "business", "{y}");
    let (xn, yn) = (
        x["number"].as_str().unwrap().to_owned(),
        y["number"].as_str().unwrap().to_owned(),
    );
    assert_eq!(board(&d), vec![xn.clone(), yn.clone()]);

    // Working around the clock every day: 24 working hours are a day now.
    let mut s = d.get("/api/settings");
    s["business_hours"]["workdays"] = json!([true, true, true, true, true, true, true]);
    s["business_hours"]["opens"] = json!("00:00:00");
    s["business_hours"]["closes"] = json!("23:59:59");
    let r =
        d.a.server
            .call("PUT", "/api/settings", Some(&d.manager), Some(s));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        board(&d),
        vec![yn.clone(), xn.clone()],
        "re-sorted by the new due times"
    );
    let due = |r: &Value| {
        let at = d.get(&format!("/api/requests/{}", r["id"]))["next_due_at"].clone();
        chrono::DateTime::parse_from_rfc3339(at.as_str().unwrap()).unwrap()
    };
    let (x_due, y_due) = (due(&x), due(&y));
    assert!(y_due < x_due, "{y_due} before {x_due}");
    // The request whose clock moved says why in its history; the 7x24 one
    // was left alone.
    let actions = |r: &Value| -> Vec<String> {
        d.get(&format!(
            "/api/audit?record_type=requests&record_id={}",
            r["id"]
        ))["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(actions(&y)[0], "recalculate");
    assert_ne!(actions(&x)[0], "recalculate");

    // A change that does not touch the calendar moves nothing.
    let mut s = r.json();
    s["firm_name"] = json!("乙方");
    let r =
        d.a.server
            .call("PUT", "/api/settings", Some(&d.manager), Some(s));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(actions(&y)[0], "recalculate");
    assert_eq!(actions(&y).len(), actions(&x).len() + 1);
}

#[test]
fn the_firms_categories_name_devices_and_rank_the_engineers_who_know_them() {
    let d = desk();
    let s = d.get("/api/settings");
    let names: Vec<&str> = s["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"printer/copier") && names.contains(&"ups"),
        "{names:?}"
    );
    // The firm adds access control, which no product name gives away.
    let mut body = s.clone();
    body["categories"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "门禁 Access control", "words": ["门禁", "access control"]}));
    let r =
        d.a.server
            .call("PUT", "/api/settings", Some(&d.manager), Some(body.clone()));
    assert_eq!(r.status, 200, "{}", r.text());
    let mut twice = r.json();
    twice["categories"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "UPS"}));
    let r =
        d.a.server
            .call("PUT", "/api/settings", Some(&d.manager), Some(twice));
    assert_eq!(r.status, 422);
    assert!(r.json()["errors"]["categories"]
        .as_str()
        .unwrap()
        .contains("twice"));

    let customer = d.a.customer("前海大厦物业", "周主管", "13900000002");
    let device = |serial: &str, category: &str| {
        d.a.post(
            &d.a.engineer,
            "/api/devices",
            json!({"customer_id": customer, "product": "ZK F22", "brand": "ZKTeco",
                   "serial_number": serial, "category": category}),
        )
    };
    let (status, e) = device("ZK-0001", "welding");
    assert_eq!(status, 422);
    assert!(e["errors"]["category"].is_string(), "{e}");
    let (status, gate) = device("ZK-0002", "门禁 Access control");
    assert_eq!(status, 201, "{gate}");
    assert_eq!(gate["category"], "门禁 Access control");

    let (sun, _) = crate::work_orders::engineer(&d.a, "eng.sun", "孙工", &["门禁 Access control"]);
    let (status, request) = d.a.post(
        &d.dispatcher,
        "/api/requests",
        json!({"source": "phone", "customer_id": customer, "device_id": gate["id"],
               "description": "大门刷卡没反应", "urgency": "normal", "fault_level": 3}),
    );
    assert_eq!(status, 201, "{request}");
    let wo = d.work_order(&request, "field");
    let ranked = d.get_as(
        &d.dispatcher,
        &format!("/api/work-orders/{}/candidates", wo["id"]),
    );
    assert_eq!(ranked[0]["user_id"], sun, "{ranked}");
    assert_eq!(ranked[0]["suggested"], true);
    assert_eq!(ranked[0]["matching_skills"], json!(["门禁 Access control"]));
}
