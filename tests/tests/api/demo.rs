//! `serve --demo`: a living system to look around in — the archive, and
//! service work in every state, some of it breaching, with signed reports.

use serde_json::Value;
use servicebook_tests::TestServer;

#[test]
fn the_demo_seeds_an_archive_and_service_work_in_every_state() {
    let server = TestServer::start_with(&["--demo"]);
    let r = server.login("manager.zhou", "servicebook demo 2026");
    assert_eq!(r.status, 200, "{}", r.text());
    let token = r.json()["token"].as_str().unwrap().to_owned();
    let get = |path: &str| -> Value {
        let r = server.call("GET", path, Some(&token), None);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        r.json()
    };
    assert!(
        get("/api/customers?limit=500")["items"]
            .as_array()
            .unwrap()
            .len()
            >= 8
    );
    let board = get("/api/requests?order=newest&limit=500");
    let requests = board["items"].as_array().unwrap();
    assert!(requests.len() >= 8, "{}", requests.len());
    assert!(
        requests.iter().any(|r| r["clocks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["breached"] == true && c["running"] == true)),
        "some request is breaching now"
    );
    assert!(requests.iter().any(|r| r["closed"] == true));
    // The urgent call nobody has been dispatched to yet (SR-…-000001) is on
    // the default board by its dispatch clock, late, and first among the
    // urgent ones waiting for an engineer.
    let first = requests
        .iter()
        .find(|r| r["number"].as_str().unwrap().ends_with("-000001"))
        .unwrap();
    let numbers = |path: &str| -> Vec<String> {
        get(path)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_str().unwrap().to_owned())
            .collect()
    };
    let number = first["number"].as_str().unwrap().to_owned();
    assert_eq!(
        numbers("/api/requests")[0],
        number,
        "first on the default board"
    );
    assert!(numbers("/api/requests?due_within=0&limit=500").contains(&number));
    assert_eq!(
        numbers("/api/requests?state=unassigned&urgency=urgent")[0],
        number
    );
    let orders = get("/api/work-orders?limit=500");
    let states: Vec<&str> = orders["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["state"].as_str().unwrap())
        .collect();
    for s in [
        "requested",
        "dispatched",
        "in_progress",
        "extension_requested",
        "completion_requested",
        "completed",
    ] {
        assert!(states.contains(&s), "{s} in {states:?}");
    }
    let done = orders["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["state"] == "completed")
        .unwrap();
    let report = get(&format!("/api/work-orders/{}/report", done["id"]));
    assert!(report["signature"]["signer_name"].is_string(), "{report}");
    let svg = server.call(
        "GET",
        &format!("/api/work-orders/{}/report/signature.svg", done["id"]),
        Some(&token),
        None,
    );
    assert_eq!(svg.status, 200);

    // The inspection standards: the four shipped examples, UPS revised.
    let standards = get("/api/inspection-templates");
    let standards = standards["items"].as_array().unwrap();
    assert_eq!(standards.len(), 4, "{standards:?}");
    let ups = standards
        .iter()
        .find(|t| t["device_class"] == "UPS")
        .unwrap();
    assert_eq!(ups["revision"], 2);
    let revisions = get(&format!(
        "/api/inspection-templates/{}/revisions",
        ups["id"]
    ));
    assert_eq!(revisions.as_array().unwrap().len(), 2);
}
