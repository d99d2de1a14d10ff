//! The firm's settings: read by all, changed by a manager at the current
//! version, and the logo attached to the firm.

use crate::work_orders::desk;
use serde_json::{json, Value};

#[test]
fn settings_are_read_by_all_and_changed_by_a_manager_at_the_current_version() {
    let d = desk();
    let s = d.get("/api/settings");
    assert_eq!(s["contract_link_threshold"], 50000.0);
    let mut body = s.clone();
    body["firm_name"] = json!("深圳速修信息技术有限公司");
    body["hourly_rate"] = json!(350.0);
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
