//! Inspection schedules: a maintenance contract's rhythm becomes planned
//! visits for its whole term; editing the schedule or the contract, or
//! restarting, never duplicates or loses one.

use crate::archive::{setup, Archive};
use serde_json::{json, Value};
use servicebook_tests::TestServer;

pub(crate) struct Plan {
    pub a: Archive,
    pub manager: String,
    pub customer: u64,
    pub devices: [u64; 3],
    pub contract: Value,
    pub template: u64,
}

pub(crate) fn plan_setup() -> Plan {
    let a = setup();
    let (_, manager) = a.server.user(&a.admin, "mgr.liu", &["manager"]);
    let customer = a.customer("华南制造", "王工", "13800000001");
    let devices = [
        a.device(customer, "UPS-001", "2026-01-10"),
        a.device(customer, "UPS-002", "2026-01-10"),
        a.device(customer, "SRV-009", "2026-01-10"),
    ];
    let (status, contract) = a.post(
        &a.sales,
        "/api/contracts",
        json!({"number": "WB-2027-01", "kind": "maintenance", "customer_id": customer,
               "start_date": "2027-01-01", "end_date": "2027-12-31", "device_ids": devices,
               "scope": {"remote_support": true, "onsite_repair": true, "inspections_per_year": 4}}),
    );
    assert_eq!(status, 201, "{contract}");
    let (status, examples) = get(&a.server, &manager, "/api/inspection-templates/examples");
    assert_eq!(status, 200);
    let ups = examples
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "ups")
        .unwrap()["template"]
        .clone();
    let (status, t) = a.post(&manager, "/api/inspection-templates", ups);
    assert_eq!(status, 201, "{t}");
    Plan {
        template: t["id"].as_u64().unwrap(),
        a,
        manager,
        customer,
        devices,
        contract,
    }
}

pub(crate) fn get(server: &TestServer, token: &str, path: &str) -> (u16, Value) {
    let r = server.call("GET", path, Some(token), None);
    (r.status, r.json())
}

impl Plan {
    fn visits(&self, schedule: &Value) -> Vec<(String, String)> {
        let (status, v) = get(
            &self.a.server,
            &self.a.engineer,
            &format!("/api/inspections/schedules/{}/visits", schedule["id"]),
        );
        assert_eq!(status, 200, "{v}");
        v.as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["due_date"].as_str().unwrap().to_owned(),
                    v["state"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    fn planned(&self, schedule: &Value) -> Vec<String> {
        self.visits(schedule)
            .into_iter()
            .filter(|(_, s)| s == "planned")
            .map(|(d, _)| d)
            .collect()
    }

    fn patch_contract(&self, end: &str) {
        let (_, c) = get(
            &self.a.server,
            &self.a.sales,
            &format!("/api/contracts/{}", self.contract["id"]),
        );
        let r = self.a.server.call(
            "PATCH",
            &format!("/api/contracts/{}", self.contract["id"]),
            Some(&self.a.sales),
            Some(json!({"version": c["version"], "end_date": end})),
        );
        assert_eq!(r.status, 200, "{}", r.text());
    }
}

const FIRST_MONDAYS: [&str; 4] = ["2027-01-04", "2027-04-05", "2027-07-05", "2027-10-04"];

#[test]
fn a_contracts_rhythm_plans_every_visit_once_through_edits_and_restarts() {
    let p = plan_setup();
    // "The first Monday of each quarter", for the two UPS units.
    let (status, schedule) = p.a.post(
        &p.manager,
        "/api/inspections/schedules",
        json!({"contract_id": p.contract["id"], "template_id": p.template, "device_ids": [p.devices[0], p.devices[1]],
               "rhythm": {"kind": "nth_weekday", "every_months": 3, "nth": 1, "weekday": "monday"}}),
    );
    assert_eq!(status, 201, "{schedule}");
    assert_eq!(p.planned(&schedule), FIRST_MONDAYS);

    // Saving it again as it is changes nothing.
    let r = p.a.server.call(
        "PATCH",
        &format!("/api/inspections/schedules/{}", schedule["id"]),
        Some(&p.manager),
        Some(json!({"version": schedule["version"], "notes": "机房钥匙在前台"})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let schedule = r.json();
    assert_eq!(p.visits(&schedule).len(), 4);

    // The contract is cut short to June: the later visits are cancelled …
    p.patch_contract("2027-06-30");
    assert_eq!(p.planned(&schedule), FIRST_MONDAYS[..2]);
    assert_eq!(p.visits(&schedule).len(), 4);
    // … and come back, as the same visits, when it is extended again.
    p.patch_contract("2027-12-31");
    assert_eq!(p.planned(&schedule), FIRST_MONDAYS);
    assert_eq!(p.visits(&schedule).len(), 4);

    // A device leaving the contract leaves the schedule's future visits.
    let (_, c) = get(
        &p.a.server,
        &p.a.sales,
        &format!("/api/contracts/{}", p.contract["id"]),
    );
    let r = p.a.server.call(
        "PATCH",
        &format!("/api/contracts/{}", p.contract["id"]),
        Some(&p.a.sales),
        Some(json!({"version": c["version"], "device_ids": [p.devices[0], p.devices[2]]})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let (_, visits) = get(
        &p.a.server,
        &p.a.engineer,
        &format!("/api/inspections/schedules/{}/visits", schedule["id"]),
    );
    assert!(
        visits
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["device_ids"] == json!([p.devices[0]])),
        "{visits}"
    );

    // Without a rhythm the contract's four a year apply, from its start.
    let (status, by_promise) = p.a.post(
        &p.manager,
        "/api/inspections/schedules",
        json!({"contract_id": p.contract["id"], "template_id": p.template, "device_ids": [p.devices[2]]}),
    );
    assert_eq!(status, 201, "{by_promise}");
    assert_eq!(
        p.planned(&by_promise),
        ["2027-01-01", "2027-04-01", "2027-07-01", "2027-10-01"]
    );

    // The due list: planned visits by date, across schedules.
    let (status, due) = get(
        &p.a.server,
        &p.manager,
        "/api/inspections/due?until=2027-04-02",
    );
    assert_eq!(status, 200, "{due}");
    let dates: Vec<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["due_date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2027-01-01", "2027-01-04", "2027-04-01"]);
    assert!(due
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["customer_id"] == p.customer && v["overdue"] == false));

    // A restart plans nothing new and loses nothing (read with an API
    // token: sessions end with the process).
    let (status, made) = p.a.post(
        &p.a.admin,
        "/api/auth/tokens",
        json!({"name": "restart check", "days": 1}),
    );
    assert_eq!(status, 201, "{made}");
    let token = made["secret"].as_str().unwrap().to_owned();
    let Plan { mut a, .. } = p;
    a.server.terminate();
    let dir = a.server.data.path().join("data");
    let again = TestServer::start_with_data(&dir);
    let r = again.call(
        "GET",
        &format!("/api/inspections/schedules/{}/visits", schedule["id"]),
        Some(&token),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json().as_array().unwrap().len(), 4);
}

#[test]
fn schedules_are_refused_for_the_wrong_contract_devices_rhythm_or_person() {
    let p = plan_setup();
    let body = |extra: Value| {
        let mut b = json!({"contract_id": p.contract["id"], "template_id": p.template});
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        b
    };
    let (status, _) =
        p.a.post(&p.a.engineer, "/api/inspections/schedules", body(json!({})));
    assert_eq!(status, 403);
    let other = p.a.customer("别家公司", "李", "13900000002");
    let theirs = p.a.device(other, "X-1", "2026-01-01");
    let (status, e) = p.a.post(
        &p.manager,
        "/api/inspections/schedules",
        body(json!({"device_ids": [theirs]})),
    );
    assert_eq!(status, 422, "{e}");
    assert!(e["errors"]["device_ids"].is_string());
    let (status, e) = p.a.post(
        &p.manager,
        "/api/inspections/schedules",
        body(json!({"rhythm": {"kind": "nth_weekday", "every_months": 3, "nth": 6, "weekday": "monday"}})),
    );
    assert_eq!(status, 422, "{e}");
    assert!(e["errors"]["rhythm"].is_string());
    let (status, sale) = p.a.post(
        &p.a.sales,
        "/api/contracts",
        json!({"number": "XS-1", "kind": "sale", "customer_id": p.customer, "start_date": "2027-01-01", "end_date": "2027-12-31"}),
    );
    assert_eq!(status, 201);
    let (status, e) = p.a.post(
        &p.manager,
        "/api/inspections/schedules",
        json!({"contract_id": sale["id"], "template_id": p.template}),
    );
    assert_eq!(status, 409, "{e}");
    let (status, list) = get(
        &p.a.server,
        &p.manager,
        &format!(
            "/api/inspections/schedules?contract_id={}",
            p.contract["id"]
        ),
    );
    assert_eq!(status, 200);
    assert!(
        list.as_array().unwrap().is_empty(),
        "nothing was written: {list}"
    );
}
