//! The request board's filters: by engineer, not yet assigned, late.

use crate::work_orders::{covered_device, desk};
use serde_json::json;

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
