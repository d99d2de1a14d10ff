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
    // The urgent call nobody has been dispatched to yet (SR-…-000001 of the
    // service scenarios; the inspections' requests are numbered in their
    // own, earlier days) is on
    // the default board by its dispatch clock, late, and first among the
    // urgent ones waiting for an engineer.
    let first = requests
        .iter()
        .find(|r| r["number"].as_str().unwrap().ends_with("-000001") && r["source"] != "inspection")
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
        .find(|w| w["state"] == "completed" && w["kind"] != "inspection")
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

    // Inspections: one UPS visit overdue, the earlier ones done and signed,
    // one battery drifting down until it failed and opened a request.
    let due = get("/api/inspections/due");
    let overdue: Vec<&Value> = due
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["overdue"] == true)
        .collect();
    assert_eq!(overdue.len(), 1, "{due}");
    let contract = overdue[0]["contract_id"].as_u64().unwrap();
    // The buckets are the firm's (Asia/Shanghai) day, not the caller's:
    // read around the call, so a midnight in between cannot fail it.
    let before = crate::archive_use_cases::day_at(480).to_string();
    let compliance = get(&format!("/api/contracts/{contract}/inspection-compliance"));
    let after = crate::archive_use_cases::day_at(480).to_string();
    let as_of = compliance["as_of"].as_str().unwrap_or_default().to_owned();
    assert!(as_of == before || as_of == after, "{compliance}");
    assert!(compliance["on_time"].as_u64().unwrap() >= 2, "{compliance}");
    assert!(compliance["late"].as_u64().unwrap() >= 1, "{compliance}");
    let ups_schedule = get(&format!(
        "/api/inspections/schedules?contract_id={contract}"
    ))
    .as_array()
    .unwrap()
    .iter()
    .find(|s| s["id"] == overdue[0]["schedule_id"])
    .cloned()
    .unwrap();
    let visits = get(&format!(
        "/api/inspections/schedules/{}/visits",
        ups_schedule["id"]
    ));
    let done: Vec<&Value> = visits
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["state"] == "done")
        .collect();
    assert!(done.len() >= 4, "{visits}");
    let last = get(&format!(
        "/api/inspections/visits/{}",
        done.last().unwrap()["id"]
    ));
    assert_eq!(last["signature"]["via"], "in_person");
    let finding = &last["findings"][0];
    assert_eq!(finding["item_code"], "battery_voltage");
    let opened = get(&format!("/api/requests/{}", finding["request_id"]));
    assert_eq!(opened["source"], "inspection");
    let device = ups_schedule["device_ids"][0].as_u64().unwrap();
    let series = get(&format!("/api/devices/{device}/readings"));
    let volts: Vec<f64> = series
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "battery_voltage")
        .unwrap()["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_f64().unwrap())
        .collect();
    assert!(
        volts.windows(2).all(|w| w[1] < w[0]),
        "drifting down: {volts:?}"
    );
    assert!(*volts.last().unwrap() < 12.2, "{volts:?}");

    // Complaints in each state: one open and late on its acknowledgement,
    // one acknowledged, one upheld against an engineer, one not upheld.
    let complaints = get("/api/complaints?limit=500");
    let complaints = complaints["items"].as_array().unwrap();
    assert!(complaints
        .iter()
        .any(|c| c["state"] == "open" && c["clocks"]["acknowledge"]["breached"] == true));
    assert!(complaints.iter().any(|c| c["state"] == "acknowledged"));
    let upheld = complaints
        .iter()
        .find(|c| c["outcome"] == "upheld")
        .expect("an upheld complaint");
    assert!(upheld["persons"][0].as_str().unwrap().starts_with("eng."));
    assert!(upheld["request_id"].is_u64(), "{upheld}");
    assert!(complaints.iter().any(|c| c["outcome"] == "not_upheld"));
    assert!(!get("/api/complaints/counts").as_array().unwrap().is_empty());
    // Weekly reports: the two weeks before this one submitted (one late),
    // this week begun but not submitted.
    let this = get("/api/reports/weekly/status");
    let lines = this["engineers"].as_array().unwrap();
    assert!(!lines.is_empty());
    assert!(
        lines
            .iter()
            .all(|l| l["status"] == "not_yet" || l["status"] == "overdue"),
        "{this}"
    );
    let monday = chrono::NaiveDate::parse_from_str(
        &get("/api/reports/weekly?engineer=eng.wang")["from"]
            .as_str()
            .unwrap()
            .to_owned(),
        "%Y-%m-%d",
    )
    .unwrap();
    let week_of = |days: i64| {
        (monday - chrono::Duration::days(days))
            .format("%G-W%V")
            .to_string()
    };
    let last = get(&format!("/api/reports/weekly/status?week={}", week_of(7)));
    assert!(
        last["engineers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["status"] == "submitted"),
        "{last}"
    );
    let before = get(&format!("/api/reports/weekly/status?week={}", week_of(14)));
    assert!(
        before["engineers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["status"] == "submitted_late"),
        "{before}"
    );
    let draft = get("/api/reports/weekly?engineer=eng.wang");
    assert_eq!(draft["state"], "draft");
    assert!(!draft["notes"]["summary"].as_str().unwrap().is_empty() || draft["version"] == 0);
}
