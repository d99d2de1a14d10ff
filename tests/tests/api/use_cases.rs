//! The use cases behind requests, work orders and reports, across the
//! board: every change names the version it was made on (missing: 422,
//! stale: 409, and nothing is written either way), who may act is judged on
//! the record as it is (an engineer only on their own work), and a
//! request's audit entries stay the size of the change however long its
//! history grows.

use crate::reports::{put, put_raw, report_body, started, strokes};
use crate::work_orders::{covered_device, desk};
use serde_json::{json, Value};

/// `body` without a version is refused naming the field, and with `stale`
/// as a stale copy; `current` reads the record's version, the same after
/// both.
fn needs_its_version(
    what: &str,
    send: impl Fn(Value) -> (u16, Value),
    body: Value,
    stale: Value,
    current: impl Fn() -> Value,
) {
    let before = current();
    assert!(body.get("version").is_none(), "{what}: {body}");
    let (status, p) = send(body.clone());
    assert_eq!(status, 422, "{what} without a version: {p}");
    assert!(p["errors"]["version"].is_string(), "{what}: {p}");
    let mut old = body;
    old["version"] = stale;
    let (status, p) = send(old);
    assert_eq!(status, 409, "{what} on a stale copy: {p}");
    assert_eq!(p["type"], "/problems/stale-version", "{what}: {p}");
    assert!(p["errors"]["version"].is_string(), "{what}: {p}");
    assert_eq!(current(), before, "{what}: nothing was written");
}

fn older(v: &Value) -> Value {
    json!(v.as_u64().unwrap() - 1)
}

#[test]
fn every_change_needs_the_version_it_was_made_on_and_a_stale_one_changes_nothing() {
    let d = desk();
    let (request, wo) = started(&d);
    let id = wo["id"].as_u64().unwrap();
    let wo_path = format!("/api/work-orders/{id}");
    let request_path = format!("/api/requests/{}", request["id"]);
    let wo_version = || d.get(&wo_path)["version"].clone();
    let request_version = || d.get(&request_path)["version"].clone();

    needs_its_version(
        "pause",
        |b| {
            d.a.post(&d.dispatcher, &format!("{request_path}/actions/pause"), b)
        },
        json!({"waiting_for": "waiting_for_customer"}),
        older(&request_version()),
        request_version,
    );

    let until = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
    needs_its_version(
        "request-extension",
        |b| d.act_raw(&d.wang.1, &wo, "request-extension", b),
        json!({"reason": "等待备件", "until": until}),
        older(&wo_version()),
        wo_version,
    );
    assert_eq!(d.get(&wo_path)["state"], "in_progress");

    needs_its_version(
        "a step",
        |b| d.step_raw(&d.wang.1, &wo, b),
        json!({"kind": "called"}),
        older(&wo_version()),
        wo_version,
    );
    assert_eq!(d.get(&wo_path)["steps"].as_array().unwrap().len(), 2);

    // The report: 0 is the version of "no report yet".
    let report_version = || crate::reports::report_version(&d.a, id);
    needs_its_version(
        "the first draft",
        |b| put_raw(&d.a, &d.wang.1, id, b),
        report_body(),
        json!(3),
        report_version,
    );
    let (status, draft) = put(&d.a, &d.wang.1, id, report_body());
    assert_eq!(status, 200, "{draft}");
    assert_eq!(draft["version"], 1);
    let (status, p) = put_raw(
        &d.a,
        &d.wang.1,
        id,
        json!({"version": 0, "findings": "两人同时写", "actions": "x", "fix": "temporary", "hours_worked": 1, "result": "resolved"}),
    );
    assert_eq!(
        status, 409,
        "a second first draft is a stale copy, not an overwrite: {p}"
    );
    let (status, draft) = put(&d.a, &d.wang.1, id, report_body());
    assert_eq!(status, 200, "{draft}");
    needs_its_version(
        "a draft",
        |b| put_raw(&d.a, &d.wang.1, id, b),
        report_body(),
        older(&draft["version"]),
        report_version,
    );

    let sign_path = format!("/api/work-orders/{id}/report/sign");
    needs_its_version(
        "signing",
        |b| d.a.post(&d.wang.1, &sign_path, b),
        json!({"signer_name": "李经理", "strokes": strokes()}),
        older(&draft["version"]),
        report_version,
    );
    let report = d.get(&format!("/api/work-orders/{id}/report"));
    assert_eq!(report["signature"], Value::Null);
    let (status, signed) = d.a.post(
        &d.wang.1,
        &sign_path,
        json!({"version": draft["version"], "signer_name": "李经理", "strokes": strokes()}),
    );
    assert_eq!(status, 200, "{signed}");

    needs_its_version(
        "a correction",
        |b| {
            d.a.post(
                &d.wang.1,
                &format!("/api/work-orders/{id}/report/revisions"),
                b,
            )
        },
        json!({}),
        older(&signed["version"]),
        report_version,
    );
    let report = d.get(&format!("/api/work-orders/{id}/report"));
    assert_eq!(report["revision"], 1, "no new revision: {report}");

    // The quote of chargeable work.
    let customer = d.a.customer("Acme Printing Ltd", "Joe", "555-0101");
    let old = d.a.device(customer, "SN-OLD-UC", "2019-03-01");
    let chargeable = d.request(Some(old), customer, "normal");
    let paid = d.work_order(&chargeable, "field");
    let paid_path = format!("/api/work-orders/{}", paid["id"]);
    let paid_version = || d.get(&paid_path)["version"].clone();
    needs_its_version(
        "a quote",
        |b| {
            let r = d.a.server.call(
                "PUT",
                &format!("{paid_path}/quote"),
                Some(&d.dispatcher),
                Some(b),
            );
            (r.status, r.json())
        },
        json!({"hours": 2, "travel": true}),
        json!(paid_version().as_u64().unwrap() + 1),
        paid_version,
    );
    assert_eq!(d.get(&paid_path)["quote"], Value::Null);
}

#[test]
fn an_engineer_acts_only_on_their_own_work_and_never_approves_their_own_quote() {
    let d = desk();
    let (customer, device) = covered_device(&d);
    let request = d.request(Some(device), customer, "normal");
    let wo = d.work_order(&request, "support");
    let (status, _) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    assert_eq!(status, 200);
    let request_path = format!("/api/requests/{}", request["id"]);
    let wo_path = format!("/api/work-orders/{}", wo["id"]);

    // 赵工 has no work on this request: no pausing its clocks, no steps.
    let before = d.get(&request_path);
    for (verb, body) in [
        ("pause", json!({"waiting_for": "waiting_for_parts"})),
        ("resume", json!({})),
        ("close", json!({"note": "不是我的"})),
    ] {
        let (status, p) = d.request_act(&d.zhao.1, &request, verb, body);
        assert_eq!(status, 403, "{verb}: {p}");
    }
    let (status, p) = d.step(&d.zhao.1, &wo, json!({"kind": "called"}));
    assert_eq!(status, 403, "{p}");
    assert_eq!(d.get(&request_path)["version"], before["version"]);
    // 王工 works on it: he may pause and resume it.
    let (status, p) = d.request_act(
        &d.wang.1,
        &request,
        "pause",
        json!({"waiting_for": "waiting_for_customer"}),
    );
    assert_eq!(status, 200, "{p}");
    let (status, p) = d.request_act(&d.wang.1, &request, "resume", json!({}));
    assert_eq!(status, 200, "{p}");
    // Sales and admins do not act on requests at all.
    let (status, _) = d.request_act(
        &d.a.sales,
        &request,
        "pause",
        json!({"waiting_for": "waiting_for_parts"}),
    );
    assert_eq!(status, 403);

    // Chargeable work: the quote is for its engineer or the desk, and the
    // customer's approval is recorded by the desk, not by the engineer.
    let acme = d.a.customer("Acme Printing Ltd", "Joe", "555-0101");
    let old = d.a.device(acme, "SN-OLD-OWN", "2019-03-01");
    let chargeable = d.request(Some(old), acme, "normal");
    let paid = d.work_order(&chargeable, "field");
    let (status, _) = d.act(
        &d.dispatcher,
        &paid,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    assert_eq!(status, 200);
    let quote = |token: &str| {
        let version = d.version_of(&paid);
        let r = d.a.server.call(
            "PUT",
            &format!("/api/work-orders/{}/quote", paid["id"]),
            Some(token),
            Some(json!({"version": version, "hours": 2, "travel": true})),
        );
        (r.status, r.json())
    };
    let (status, p) = quote(&d.zhao.1);
    assert_eq!(status, 403, "not his work: {p}");
    assert_eq!(
        d.get(&format!("/api/work-orders/{}", paid["id"]))["quote"],
        Value::Null
    );
    let (status, q) = quote(&d.wang.1);
    assert_eq!(status, 200, "{q}");
    let (status, p) = d.act(
        &d.wang.1,
        &paid,
        "approve-quote",
        json!({"approved_by": "Joe"}),
    );
    assert_eq!(status, 403, "not his own price: {p}");
    let (status, a) = d.act(
        &d.dispatcher,
        &paid,
        "approve-quote",
        json!({"approved_by": "Joe"}),
    );
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["quote"]["approved"]["recorded_by"], "disp.chen");

    // A manager corrects anyone's record.
    let (status, p) = d.step(&d.manager, &wo, json!({"kind": "called"}));
    assert_eq!(status, 201, "{p}");
    assert_eq!(d.get(&wo_path)["steps"].as_array().unwrap().len(), 1);
}

/// One audit entry's size as JSON.
fn size(entry: &Value) -> usize {
    entry.to_string().len()
}

#[test]
fn a_requests_audit_entries_stay_the_size_of_the_change_as_its_history_grows() {
    let d = desk();
    let (customer, device) = covered_device(&d);
    let request = d.request(Some(device), customer, "normal");
    let mut version = request["version"].clone();
    for n in 0..200 {
        let (verb, body) = if n % 2 == 0 {
            (
                "pause",
                json!({"waiting_for": "waiting_for_customer", "version": version}),
            )
        } else {
            ("resume", json!({"version": version}))
        };
        let (status, r) = d.request_act(&d.dispatcher, &request, verb, body);
        assert_eq!(status, 200, "change {n}: {r}");
        version = r["version"].clone();
    }
    let trail = d.get_as(
        &d.manager,
        &format!(
            "/api/audit?record_type=requests&record_id={}&limit=500",
            request["id"]
        ),
    );
    // Newest first: the creation, then 200 changes.
    let entries: Vec<&Value> = trail["items"].as_array().unwrap().iter().rev().collect();
    assert_eq!(entries.len(), 201, "{trail}");
    // The 10th change and the 200th: both a resume.
    let (tenth, last) = (entries[10], entries[200]);
    assert_eq!(tenth["action"], last["action"]);
    let events = last["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "events")
        .unwrap_or_else(|| panic!("{last}"));
    assert_eq!(events["kind"], "added");
    assert_eq!(events["after"].as_array().unwrap().len(), 1, "{events}");
    // Times differ in length (fractions of a second): about the same size,
    // where a copy of the whole history would be dozens of times larger.
    assert!(
        size(last) * 4 <= size(tenth) * 5,
        "the 201st entry ({} bytes) is about the 10th's ({} bytes): {last}",
        size(last),
        size(tenth)
    );
}
