//! Escalation to the second line with the first line's context and logs.

use crate::work_orders::{covered_device, desk};
use serde_json::{json, Value};

#[test]
fn unfinished_work_escalates_to_the_second_line_with_its_context_and_logs() {
    let d = desk();
    let (customer, device) = covered_device(&d);
    let request = d.request(Some(device), customer, "urgent");
    let first = d.work_order(&request, "field");
    d.act(
        &d.dispatcher,
        &first,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    let (status, _) = d.step(
        &d.wang.1,
        &first,
        json!({"kind": "arrived", "note": "RAID 卡告警"}),
    );
    assert_eq!(status, 201);
    // The engineer attaches the controller's log to the work order.
    let log = d.a.server.send_bytes(
        "POST",
        &format!(
            "/api/files?record_type=work_order&record_id={}&name=raid.log",
            first["id"]
        ),
        &d.wang.1,
        b"2026-11-23 10:01 controller: battery failed\n",
    );
    assert_eq!(log.status, 201, "{}", log.text());

    let escalate = |token: &str, context: &str| {
        d.a.post(
            token,
            "/api/work-orders",
            json!({"request_id": request["id"], "kind": "support",
            "escalated_from": first["id"], "context": context}),
        )
    };
    let (status, p) = escalate(&d.wang.1, " ");
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["context"].is_string());
    let (status, _) = escalate(&d.zhao.1, "x");
    assert_eq!(status, 403, "not their work");
    let (status, second) = escalate(
        &d.wang.1,
        "RAID 卡电池故障，已更换电池无效；Windows Server 2019，阵列 RAID5，日志见附件",
    );
    assert_eq!(status, 201, "{second}");
    assert_eq!(second["level"], 2);
    assert_eq!(second["escalated_from"], first["id"]);
    let r = d.get(&format!("/api/requests/{}", request["id"]));
    assert_eq!(r["work_order_ids"], json!([first["id"], second["id"]]));

    // The second line (赵工, once dispatched) sees everything: the context,
    // the first line's steps and its attached log.
    let (status, _) = d.act(
        &d.dispatcher,
        &second,
        "dispatch",
        json!({"assignees": [d.zhao.0]}),
    );
    assert_eq!(status, 200);
    let theirs = d.get_as(&d.zhao.1, &format!("/api/work-orders/{}", second["id"]));
    assert!(theirs["context"].as_str().unwrap().contains("RAID5"));
    let before = d.get_as(&d.zhao.1, &format!("/api/work-orders/{}", first["id"]));
    assert_eq!(before["steps"][0]["note"], "RAID 卡告警");
    let files = d.get_as(
        &d.zhao.1,
        &format!(
            "/api/files?record_type=work_order&record_id={}",
            first["id"]
        ),
    );
    assert_eq!(files["items"][0]["name"], "raid.log");
    let (status, p) = d.a.post(&d.dispatcher, "/api/work-orders", json!({"request_id": 999999, "kind": "support", "escalated_from": first["id"], "context": "x"}));
    assert_eq!(status, 422, "{p}");
}

#[test]
fn only_work_under_way_escalates_and_only_by_its_engineers_or_the_desk() {
    let d = desk();
    let (customer, device) = covered_device(&d);
    let request = d.request(Some(device), customer, "urgent");
    let escalate = |token: &str, from: &Value| {
        d.a.post(
            token,
            "/api/work-orders",
            json!({"request_id": request["id"], "kind": "support",
            "escalated_from": from["id"], "context": "一线无法解决，日志见附件"}),
        )
    };
    let ids = || d.get(&format!("/api/requests/{}", request["id"]))["work_order_ids"].clone();

    // Not yet dispatched: nothing is under way to hand on.
    let first = d.work_order(&request, "field");
    let (status, p) = escalate(&d.dispatcher, &first);
    assert_eq!(status, 409, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("requested"), "{p}");
    let (status, p) = escalate(&d.wang.1, &first);
    assert_eq!(status, 403, "not his work (yet): {p}");

    // Dispatched: its engineer or the desk may; another engineer may not.
    let (status, _) = d.act(
        &d.dispatcher,
        &first,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    assert_eq!(status, 200);
    let (status, p) = escalate(&d.zhao.1, &first);
    assert_eq!(status, 403, "{p}");
    let (status, second) = escalate(&d.wang.1, &first);
    assert_eq!(status, 201, "{second}");
    assert_eq!(second["level"], 2);

    // Closed work is not escalated, by anyone.
    let (status, _) = d.act(
        &d.dispatcher,
        &first,
        "cancel",
        json!({"reason": "转二线处理"}),
    );
    assert_eq!(status, 200);
    let before = ids();
    for token in [&d.wang.1, &d.dispatcher, &d.manager] {
        let (status, p) = escalate(token, &first);
        assert_eq!(status, 409, "{p}");
    }
    assert_eq!(ids(), before, "nothing was opened");
}
