//! The request board's filters: by engineer, not yet assigned, late.

use crate::work_orders::{covered_device, desk};
use serde_json::{json, Value};

#[test]
fn the_board_filters_by_engineer_by_unassigned_and_by_what_is_late() {
    let d = desk();
    let (customer, device) = covered_device(&d);
    let assigned = d.request(Some(device), customer, "normal");
    let wo = d.work_order(&assigned, "support");
    d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    let waiting = d.request(None, customer, "normal");
    let received = (chrono::Utc::now() - chrono::Duration::days(20)).to_rfc3339();
    let (status, late) = d.a.post(&d.dispatcher, "/api/requests", json!({"source": "phone", "customer_id": customer,
        "description": "三周前的来电，一直没人处理", "urgency": "normal", "fault_level": 3, "received_at": received}));
    assert_eq!(status, 201, "{late}");
    let numbers = |path: &str| -> Vec<String> {
        d.get_as(&d.dispatcher, path)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        numbers(&format!("/api/requests?engineer={}", d.wang.0)),
        [assigned["number"].as_str().unwrap()]
    );
    assert!(numbers(&format!("/api/requests?engineer={}", d.zhao.0)).is_empty());
    let open = numbers("/api/requests?state=unassigned");
    assert!(
        open.contains(&waiting["number"].as_str().unwrap().to_owned())
            && !open.contains(&assigned["number"].as_str().unwrap().to_owned()),
        "{open:?}"
    );
    assert_eq!(
        numbers("/api/requests?due_within=0"),
        [late["number"].as_str().unwrap()],
        "only the late one"
    );
    let (status, _) = d.a.get("/api/requests?state=sleeping");
    assert_eq!(status, 422);
}

/// An urgent call nobody has been dispatched to yet runs a dispatch clock
/// of its own (a firm setting): it is on the default board, first while it
/// is the most pressing, in the unassigned and urgent filters, and late
/// once its dispatch clock has run out.
#[test]
fn an_urgent_request_waiting_for_dispatch_is_first_on_the_board_and_late_after_its_dispatch_clock()
{
    let d = desk();
    // A 7x24 contract: the clocks count around the clock, whenever this runs.
    let customer = d.a.customer("甲数据中心", "甲", "13800000001");
    let (status, c) = d.a.post(
        &d.a.sales,
        "/api/contracts",
        json!({"number": "BD-7X24", "kind": "maintenance", "customer_id": customer,
            "start_date": "2020-01-01", "end_date": "2099-12-31",
            "scope": {"onsite_repair": true, "hours": "all_day"}}),
    );
    assert_eq!(status, 201, "{c}");
    let normal = d.request(None, customer, "normal");
    let received = (chrono::Utc::now() - chrono::Duration::minutes(5)).to_rfc3339();
    let (status, urgent) = d.a.post(
        &d.dispatcher,
        "/api/requests",
        json!({"source": "phone",
        "customer_id": customer, "description": "核心交换机宕机，全公司断网",
        "urgency": "urgent", "fault_level": 1, "received_at": received}),
    );
    assert_eq!(status, 201, "{urgent}");
    let number = urgent["number"].as_str().unwrap().to_owned();
    let numbers = |path: &str| -> Vec<String> {
        d.get_as(&d.dispatcher, path)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_str().unwrap().to_owned())
            .collect()
    };
    let dispatch_clock = || -> Value {
        let r = d.get(&format!("/api/requests/{}", urgent["id"]));
        r["clocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["leg"] == "dispatch")
            .cloned()
            .unwrap_or_else(|| panic!("no dispatch clock: {r}"))
    };

    // Due 15 minutes after it was received, before the normal call's 4 h.
    let board = numbers("/api/requests");
    assert_eq!(
        board,
        [
            number.clone(),
            normal["number"].as_str().unwrap().to_owned()
        ]
    );
    assert_eq!(numbers("/api/requests?state=unassigned")[0], number);
    assert_eq!(numbers("/api/requests?urgency=urgent"), [number.clone()]);
    let clock = dispatch_clock();
    assert_eq!(clock["running"], true, "{clock}");
    assert_eq!(clock["target_minutes"], 15, "{clock}");
    assert_eq!(clock["breached"], false, "{clock}");
    assert!(clock["elapsed_minutes"].as_i64().unwrap() >= 5, "{clock}");
    assert!(
        numbers("/api/requests?due_within=0").is_empty(),
        "not late yet"
    );
    assert_eq!(numbers("/api/requests?due_within=15"), [number.clone()]);

    // A dispatch clock of one minute: five minutes after receipt, it is late.
    let mut s = d.get("/api/settings");
    assert_eq!(
        s["dispatch_minutes"],
        json!({"urgent": 15, "important": 60, "normal": 240})
    );
    let mut bad = s.clone();
    bad["dispatch_minutes"]["urgent"] = json!(0);
    let r =
        d.a.server
            .call("PUT", "/api/settings", Some(&d.manager), Some(bad));
    assert_eq!(r.status, 422, "{}", r.text());
    s["dispatch_minutes"]["urgent"] = json!(1);
    let r =
        d.a.server
            .call("PUT", "/api/settings", Some(&d.manager), Some(s));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(numbers("/api/requests?due_within=0"), [number.clone()]);
    let clock = dispatch_clock();
    assert_eq!(clock["breached"], true, "{clock}");
    assert!(clock["minutes_left"].as_i64().unwrap() <= -3, "{clock}");

    // Dispatched: the dispatch clock stops, and it is no longer unassigned.
    let wo = d.work_order(&urgent, "field");
    let (status, body) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    assert_eq!(status, 200, "{body}");
    let clock = dispatch_clock();
    assert_eq!(
        (clock["running"].clone(), clock["met_at"].is_string()),
        (json!(false), true),
        "{clock}"
    );
    assert!(!numbers("/api/requests?state=unassigned").contains(&number));
}

/// Work already under way has someone on it; an urgent call nobody has been
/// sent to is the dispatcher's next job. So it heads the default board even
/// when older work is further past its due time, and drops into due order
/// once an engineer is dispatched.
#[test]
fn an_urgent_call_waiting_for_dispatch_heads_the_board_before_older_late_work() {
    let d = desk();
    let (customer, device) = covered_device(&d);
    let received = (chrono::Utc::now() - chrono::Duration::days(20)).to_rfc3339();
    let (status, old) = d.a.post(&d.dispatcher, "/api/requests", json!({"source": "phone", "customer_id": customer,
        "device_id": device, "description": "三周前的来电", "urgency": "normal", "fault_level": 3, "received_at": received}));
    assert_eq!(status, 201, "{old}");
    d.work_order(&old, "support");
    let urgent = d.request(None, customer, "urgent");
    let numbers = || -> Vec<String> {
        d.get_as(&d.dispatcher, "/api/requests")["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_str().unwrap().to_owned())
            .collect()
    };
    let (old_n, urgent_n) = (
        old["number"].as_str().unwrap().to_owned(),
        urgent["number"].as_str().unwrap().to_owned(),
    );
    assert_eq!(numbers(), [urgent_n.clone(), old_n.clone()]);
    // Dispatched, it is no longer waiting for the desk: due order.
    let wo = d.work_order(&urgent, "field");
    let (status, body) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(numbers(), [old_n, urgent_n]);
}
