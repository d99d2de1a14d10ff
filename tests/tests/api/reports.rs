//! Service reports: the draft's rules, the customer's signature (never the
//! engineer's own name, never empty), the freeze once signed, corrections
//! as revisions that keep the signed one, and the report filed on the
//! request's clock.

use crate::archive::Archive;
use crate::work_orders::{covered_device, desk, Desk};
use serde_json::{json, Value};

pub fn report_body() -> Value {
    json!({"findings": "主板风扇停转，CPU 过热降频", "actions": "更换风扇，清理灰尘，压力测试 30 分钟",
           "fix": "root_cause", "parts_used": "风扇 x1", "hours_worked": 1.5, "travel_hours": 0.5,
           "result": "resolved", "customer_remarks": "满意"})
}

/// A signature with enough ink: a wavy line across the pad.
pub fn strokes() -> Value {
    let line: Vec<[f32; 2]> = (0..40)
        .map(|k| {
            [
                20.0 + k as f32 * 12.0,
                120.0 + ((k % 5) as f32 - 2.0) * 15.0,
            ]
        })
        .collect();
    json!([line])
}

/// The current report's version, 0 when there is none yet.
pub fn report_version(a: &Archive, wo: u64) -> Value {
    let (status, r) = a.get(&format!("/api/work-orders/{wo}/report"));
    match status {
        200 => r["version"].clone(),
        404 => json!(0),
        _ => panic!("report of {wo}: {r}"),
    }
}

/// Writes the draft at the current report's version, unless `body` names
/// one.
pub fn put(a: &Archive, token: &str, wo: u64, mut body: Value) -> (u16, Value) {
    if body.get("version").is_none() {
        body["version"] = report_version(a, wo);
    }
    put_raw(a, token, wo, body)
}

/// Writes the draft with exactly this body.
pub fn put_raw(a: &Archive, token: &str, wo: u64, body: Value) -> (u16, Value) {
    let r = a.server.call(
        "PUT",
        &format!("/api/work-orders/{wo}/report"),
        Some(token),
        Some(body),
    );
    (r.status, r.json())
}

/// Starts a correction of the current (signed) report at its version.
pub fn revise(a: &Archive, token: &str, wo: u64) -> (u16, Value) {
    let version = report_version(a, wo);
    a.post(
        token,
        &format!("/api/work-orders/{wo}/report/revisions"),
        json!({ "version": version }),
    )
}

/// The engineer writes the report and the customer 李经理 signs it.
pub fn write_and_sign(a: &Archive, engineer: &str, wo: u64) -> Value {
    let (status, r) = put(a, engineer, wo, report_body());
    assert_eq!(status, 200, "{r}");
    let (status, signed) = a.post(
        engineer,
        &format!("/api/work-orders/{wo}/report/sign"),
        json!({"version": r["version"], "signer_name": "李经理", "strokes": strokes()}),
    );
    assert_eq!(status, 200, "{signed}");
    signed
}

pub fn started(d: &Desk) -> (Value, Value) {
    let (customer, device) = covered_device(d);
    let request = d.request(Some(device), customer, "normal");
    let wo = d.work_order(&request, "field");
    let (status, _) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    assert_eq!(status, 200);
    for kind in ["arrived", "left"] {
        let (status, _) = d.step(&d.wang.1, &wo, json!({"kind": kind}));
        assert_eq!(status, 201);
    }
    (request, wo)
}

#[test]
fn a_report_is_signed_by_the_customer_then_frozen_and_corrected_as_a_new_revision() {
    let d = desk();
    let (request, wo) = started(&d);
    let id = wo["id"].as_u64().unwrap();
    let (status, _) = d.a.get(&format!("/api/work-orders/{id}/report"));
    assert_eq!(status, 404, "no report yet");
    let sign_path = format!("/api/work-orders/{id}/report/sign");
    let (status, p) = d.a.post(
        &d.wang.1,
        &sign_path,
        json!({"version": 1, "signer_name": "李经理", "strokes": strokes()}),
    );
    assert_eq!(status, 409, "nothing to sign yet: {p}");

    let mut bad = report_body();
    bad["fix"] = Value::Null;
    bad["hours_worked"] = json!(-1);
    let (status, p) = put(&d.a, &d.wang.1, id, bad);
    assert_eq!(status, 422);
    assert!(
        p["errors"]["fix"].is_string() && p["errors"]["hours_worked"].is_string(),
        "{p}"
    );
    let (status, p) = put(&d.a, &d.zhao.1, id, report_body());
    assert_eq!(status, 403, "not assigned: {p}");
    let (status, draft) = put(&d.a, &d.wang.1, id, report_body());
    assert_eq!(status, 200, "{draft}");
    assert_eq!(draft["revision"], 1);
    assert_eq!(draft["written_by"], "王工");

    // The customer signs: not empty, not as the engineer, not stale.
    let v = draft["version"].clone();
    let (status, p) = d.a.post(
        &d.wang.1,
        &sign_path,
        json!({"version": v, "signer_name": "李经理", "strokes": [[[10, 10], [11, 10]]]}),
    );
    assert_eq!(status, 422, "{p}");
    assert!(
        p["errors"]["strokes"].as_str().unwrap().contains("empty"),
        "{p}"
    );
    let (status, p) = d.a.post(
        &d.wang.1,
        &sign_path,
        json!({"version": v, "signer_name": "王工", "strokes": strokes()}),
    );
    assert_eq!(status, 422, "the engineer's own name: {p}");
    let (status, _) = d.a.post(
        &d.wang.1,
        &sign_path,
        json!({"version": 99, "signer_name": "李经理", "strokes": strokes()}),
    );
    assert_eq!(status, 409, "stale");
    let huge: Vec<[f32; 2]> = vec![[1.0, 1.0]; 5000];
    let (status, _) = d.a.post(
        &d.wang.1,
        &sign_path,
        json!({"version": v, "signer_name": "李经理", "strokes": [huge]}),
    );
    assert_eq!(status, 422, "too large");
    let (status, signed) = d.a.post(
        &d.wang.1,
        &sign_path,
        json!({"version": v, "signer_name": "李经理", "strokes": strokes()}),
    );
    assert_eq!(status, 200, "{signed}");
    assert_eq!(signed["signature"]["signer_name"], "李经理");
    let (status, p) = d.a.post(
        &d.wang.1,
        &sign_path,
        json!({"version": signed["version"], "signer_name": "李经理", "strokes": strokes()}),
    );
    assert_eq!(status, 409, "signed twice: {p}");
    let (status, p) = put(&d.a, &d.wang.1, id, report_body());
    assert_eq!(status, 409, "frozen: {p}");

    let svg = d.a.server.call(
        "GET",
        &format!("/api/work-orders/{id}/report/signature.svg"),
        Some(&d.wang.1),
        None,
    );
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type"), "image/svg+xml");
    assert!(svg.text().contains("<polyline"));
    let r = d.get(&format!("/api/requests/{}", request["id"]));
    let filed = r["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["leg"] == "report_filed")
        .unwrap();
    assert!(
        filed["met_at"].is_string(),
        "signing files the report: {filed}"
    );

    // A correction: a new revision, unsigned, with the same content; the
    // signed one stays readable with its signature.
    let (status, next) = revise(&d.a, &d.wang.1, id);
    assert_eq!(status, 201, "{next}");
    assert_eq!(next["revision"], 2);
    assert_eq!(next["signature"], Value::Null);
    assert_eq!(next["findings"], signed["findings"]);
    assert_eq!(next["earlier_revisions"], json!([signed["id"]]));
    let old = d.a.server.call(
        "GET",
        &format!(
            "/api/work-orders/{id}/report/signature.svg?report_id={}",
            signed["id"]
        ),
        Some(&d.wang.1),
        None,
    );
    assert_eq!(old.status, 200, "the signed revision keeps its signature");
    let (status, p) = revise(&d.a, &d.wang.1, id);
    assert_eq!(status, 409, "the new revision is not signed yet: {p}");
    let (status, p) = d.act(&d.wang.1, &wo, "request-completion", json!({}));
    assert_eq!(status, 409, "the current revision is unsigned: {p}");
    let mut fixed = report_body();
    fixed["version"] = next["version"].clone();
    fixed["parts_used"] = json!("风扇 x1，导热硅脂");
    let (status, r2) = put(&d.a, &d.wang.1, id, fixed);
    assert_eq!(status, 200, "{r2}");
    let (status, _) = d.a.post(
        &d.wang.1,
        &sign_path,
        json!({"version": r2["version"], "signer_name": "李经理", "strokes": strokes()}),
    );
    assert_eq!(status, 200);
    let (status, w) = d.act(&d.wang.1, &wo, "request-completion", json!({}));
    assert_eq!(status, 200, "{w}");

    let trail = d.get(&format!(
        "/api/audit?record_type=reports&record_id={}",
        signed["id"]
    ));
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"sign") && actions.contains(&"create"),
        "{actions:?}"
    );
}

#[test]
fn a_signing_link_lets_the_customer_sign_once_without_an_account() {
    let d = desk();
    let (request, wo) = started(&d);
    let id = wo["id"].as_u64().unwrap();
    let link_path = format!("/api/work-orders/{id}/report/sign-link");
    let (status, p) = d.a.post(&d.wang.1, &link_path, Value::Null);
    assert_eq!(status, 409, "no report to send yet: {p}");
    let (status, draft) = put(&d.a, &d.wang.1, id, report_body());
    assert_eq!(status, 200);
    let (status, p) = d.a.post(&d.zhao.1, &link_path, Value::Null);
    assert_eq!(status, 403, "{p}");
    let (status, link) = d.a.post(&d.wang.1, &link_path, Value::Null);
    assert_eq!(status, 201, "{link}");
    let path = link["path"].as_str().unwrap();
    assert!(path.starts_with("/sign/"), "{link}");
    let token = path.trim_start_matches("/sign/");
    let public = format!("/api/public/sign/{token}");

    // No session: the customer sees the report.
    let r = d.a.server.call("GET", &public, None, None);
    assert_eq!(r.status, 200, "{}", r.text());
    let shown = r.json();
    assert_eq!(shown["report"]["findings"], draft["findings"]);
    assert_eq!(shown["customer_name"], "深圳华为技术有限公司");
    let r =
        d.a.server
            .call("GET", "/api/public/sign/not-a-token", None, None);
    assert_eq!(r.status, 404);

    let sign = |body: Value| d.a.server.call("POST", &public, None, Some(body));
    let r = sign(json!({"signer_name": "李经理", "strokes": []}));
    assert_eq!(r.status, 422, "empty: {}", r.text());
    let r = sign(json!({"signer_name": "李经理", "strokes": strokes()}));
    assert_eq!(r.status, 200, "{}", r.text());
    let r = sign(json!({"signer_name": "李经理", "strokes": strokes()}));
    assert_eq!(r.status, 410, "once only: {}", r.text());
    assert_eq!(d.a.server.call("GET", &public, None, None).status, 410);

    let report = d.get(&format!("/api/work-orders/{id}/report"));
    assert_eq!(report["signature"]["via"], "link");
    assert_eq!(report["signature"]["signer_name"], "李经理");
    let r = d.get(&format!("/api/requests/{}", request["id"]));
    let filed = r["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["leg"] == "report_filed")
        .unwrap();
    assert!(filed["met_at"].is_string(), "{filed}");

    // A link sent before the report changed no longer works.
    let (_, next) = revise(&d.a, &d.wang.1, id);
    let (status, link) = d.a.post(&d.wang.1, &link_path, Value::Null);
    assert_eq!(status, 201, "{link}");
    let mut edited = report_body();
    edited["version"] = next["version"].clone();
    edited["customer_remarks"] = json!("改了");
    let (status, _) = put(&d.a, &d.wang.1, id, edited);
    assert_eq!(status, 200);
    let stale = format!(
        "/api/public/sign/{}",
        link["path"].as_str().unwrap().trim_start_matches("/sign/")
    );
    assert_eq!(d.a.server.call("GET", &stale, None, None).status, 410);
    let r = d.a.server.call(
        "POST",
        &stale,
        None,
        Some(json!({"signer_name": "李经理", "strokes": strokes()})),
    );
    assert_eq!(r.status, 409, "{}", r.text());
}
