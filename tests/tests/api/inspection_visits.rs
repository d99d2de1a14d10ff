//! An inspection visit done: dispatched as a work order of kind inspection,
//! devices recorded (a reading out of range fails by itself, bad answers
//! refused field by field), a failed item opening a service request linked
//! both ways, the customer's signature in person or by link, and what the
//! visits add up to: a device's readings and the contract's compliance.

use crate::inspection_plans::{get, plan_setup, Plan};
use crate::reports::strokes;
use serde_json::{json, Value};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

struct Visit {
    p: Plan,
    engineer: String,
    engineer_id: u64,
    id: u64,
}

/// A quarterly schedule over a UPS and a server; the first visit.
fn visit() -> Visit {
    let p = plan_setup();
    let (engineer_id, engineer) = p.a.server.user(&p.a.admin, "eng.zhao", &["engineer"]);
    let (status, schedule) = p.a.post(
        &p.manager,
        "/api/inspections/schedules",
        json!({"contract_id": p.contract["id"], "template_id": p.template,
               "device_ids": [p.devices[0], p.devices[2]]}),
    );
    assert_eq!(status, 201, "{schedule}");
    let (_, visits) = get(
        &p.a.server,
        &p.manager,
        &format!("/api/inspections/schedules/{}/visits", schedule["id"]),
    );
    let id = visits[0]["id"].as_u64().unwrap();
    Visit {
        p,
        engineer,
        engineer_id,
        id,
    }
}

impl Visit {
    fn path(&self, rest: &str) -> String {
        format!("/api/inspections/visits/{}{rest}", self.id)
    }

    fn call(&self, method: &str, token: &str, rest: &str, body: Value) -> (u16, Value) {
        let r = self
            .p
            .a
            .server
            .call(method, &self.path(rest), Some(token), Some(body));
        let v = if r.body.is_empty() {
            Value::Null
        } else {
            r.json()
        };
        (r.status, v)
    }

    fn now(&self) -> Value {
        get(&self.p.a.server, &self.p.manager, &self.path("")).1
    }

    fn version(&self) -> Value {
        self.now()["visit"]["version"].clone()
    }

    fn dispatch(&self) -> Value {
        let (status, v) = self.call(
            "POST",
            &self.p.manager,
            "/dispatch",
            json!({"version": self.version(), "assignees": [self.engineer_id]}),
        );
        assert_eq!(status, 200, "{v}");
        v
    }

    fn photo(&self, bytes: &[u8], name: &str) -> (u16, Value) {
        let r = self.p.a.server.send_bytes(
            "POST",
            &format!(
                "/api/files?record_type=inspection&record_id={}&name={name}",
                self.id
            ),
            &self.engineer,
            bytes,
        );
        (r.status, r.json())
    }

    fn ups_answers(&self, voltage: Value, photo: u64) -> Value {
        json!([
            {"code": "battery_voltage", "answer": {"kind": "reading", "value": voltage}},
            {"code": "load", "answer": {"kind": "reading", "value": 42}},
            {"code": "input_voltage", "answer": {"kind": "reading", "value": 221}},
            {"code": "room_temp", "answer": {"kind": "reading", "value": 24}},
            {"code": "self_test", "answer": {"kind": "pass"}},
            {"code": "alarms", "answer": {"kind": "pass"}},
            {"code": "panel_photo", "answer": {"kind": "photo", "file_id": photo}},
        ])
    }

    fn record(&self, device: u64, body: Value) -> (u16, Value) {
        self.call("PUT", &self.engineer, &format!("/devices/{device}"), body)
    }
}

#[test]
fn a_visit_is_dispatched_recorded_device_by_device_and_signed() {
    let v = visit();
    let ups = v.p.devices[0];
    let server_device = v.p.devices[2];
    // Not dispatched yet: nobody records it, and only the desk dispatches.
    let (status, _) = v.record(ups, json!({"version": v.version(), "answers": []}));
    assert_eq!(status, 403, "not its engineer yet");
    let (status, _) = v.call(
        "POST",
        &v.engineer,
        "/dispatch",
        json!({"version": v.version(), "assignees": [v.engineer_id]}),
    );
    assert_eq!(status, 403);

    let shown = v.dispatch();
    assert_eq!(shown["visit"]["state"], "dispatched");
    // Its label scanned on a phone, the UPS offers today's visit first.
    let (status, open) = get(
        &v.p.a.server,
        &v.engineer,
        &format!("/api/devices/{ups}/inspections"),
    );
    assert_eq!(status, 200, "{open}");
    assert_eq!(open[0]["id"], v.id, "{open}");
    assert_eq!(open[0]["state"], "dispatched");
    assert_eq!(
        open.as_array().unwrap().len(),
        4,
        "the quarter's visits still to do"
    );
    assert_eq!(shown["engineers"], json!(["eng.zhao"]));
    let wo_id = shown["visit"]["work_order_id"].as_u64().unwrap();
    let (_, wo) = get(
        &v.p.a.server,
        &v.engineer,
        &format!("/api/work-orders/{wo_id}"),
    );
    assert_eq!(wo["kind"], "inspection");
    assert_eq!(wo["state"], "dispatched");
    assert_eq!(wo["inspection_visit_id"], v.id);
    assert_eq!(wo["contract_id"], v.p.contract["id"]);
    let (_, request) = get(
        &v.p.a.server,
        &v.p.manager,
        &format!("/api/requests/{}", shown["visit"]["request_id"]),
    );
    assert_eq!(request["source"], "inspection");
    assert_eq!(request["inspection_visit_id"], v.id);
    let (status, _) = v.call(
        "POST",
        &v.p.manager,
        "/dispatch",
        json!({"version": v.version(), "assignees": [v.engineer_id]}),
    );
    assert_eq!(status, 409, "dispatched once");

    // Bad input, refused with nothing written.
    let (status, photo) = v.photo(PNG, "panel.png");
    assert_eq!(status, 201, "{photo}");
    let photo = photo["id"].as_u64().unwrap();
    let (status, pdf) = v.photo(PDF, "panel.pdf");
    assert_eq!(status, 201, "{pdf}");
    let version = v.version();
    let (status, e) = v.record(
        ups,
        json!({"version": version, "answers": v.ups_answers(json!("eleven"), photo)}),
    );
    assert!(status == 400 || status == 422, "{status} {e}");
    let mut missing = v.ups_answers(json!(12.5), photo);
    missing
        .as_array_mut()
        .unwrap()
        .retain(|a| a["code"] != "self_test");
    let (status, e) = v.record(ups, json!({"version": version, "answers": missing}));
    assert_eq!(status, 422, "{e}");
    assert!(e["errors"]["answers.self_test"].is_string(), "{e}");
    let (status, e) = v.record(
        ups,
        json!({"version": version, "answers": v.ups_answers(json!(12.5), pdf["id"].as_u64().unwrap())}),
    );
    assert_eq!(status, 422, "{e}");
    assert!(e["errors"]["answers.panel_photo"]
        .as_str()
        .unwrap()
        .contains("image"));
    let (status, _) = v.record(
        ups,
        json!({"version": version.as_u64().unwrap() + 7, "answers": v.ups_answers(json!(12.5), photo)}),
    );
    assert_eq!(status, 409, "stale version");
    assert_eq!(v.version(), version, "nothing was written");

    // The UPS: the battery reads 11.2 V, below 12–13.8 V: failed by itself.
    let (status, shown) = v.record(
        ups,
        json!({"version": version, "answers": v.ups_answers(json!(11.2), photo), "notes": "电池鼓包"}),
    );
    assert_eq!(status, 200, "{shown}");
    assert_eq!(shown["visit"]["state"], "in_progress");
    let check = &shown["checks"][0];
    let volt = check["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "battery_voltage")
        .unwrap();
    assert_eq!(volt["verdict"], "failed");
    let (_, wo) = get(
        &v.p.a.server,
        &v.engineer,
        &format!("/api/work-orders/{wo_id}"),
    );
    assert_eq!(
        wo["state"], "in_progress",
        "the first device recorded starts the work"
    );

    // Signing waits for the server, the second device.
    let version = shown["visit"]["version"].clone();
    let (status, e) = v.call(
        "POST",
        &v.engineer,
        "/sign",
        json!({"version": version, "signer_name": "王工", "strokes": strokes()}),
    );
    assert_eq!(status, 409, "{e}");

    // The failed item opens a request in one tap; a passed one does not.
    let (status, _) = v.call(
        "POST",
        &v.engineer,
        "/findings",
        json!({"version": version, "device_id": ups, "item_code": "load"}),
    );
    assert_eq!(status, 422);
    let (status, shown) = v.call(
        "POST",
        &v.engineer,
        "/findings",
        json!({"version": version, "device_id": ups, "item_code": "battery_voltage"}),
    );
    assert_eq!(status, 201, "{shown}");
    let finding = &shown["findings"][0];
    assert_eq!(finding["urgency"], "important", "from the item's severity");
    let (_, opened) = get(
        &v.p.a.server,
        &v.p.manager,
        &format!("/api/requests/{}", finding["request_id"]),
    );
    assert_eq!(opened["source"], "inspection");
    assert_eq!(opened["device_id"], ups);
    assert_eq!(opened["urgency"], "important");
    assert_eq!(opened["inspection_visit_id"], v.id);
    assert_eq!(opened["number"], finding["request_number"]);
    assert!(
        opened["description"]
            .as_str()
            .unwrap()
            .contains("11.2 V (passes 12–13.8 V)"),
        "{opened}"
    );
    let version = shown["visit"]["version"].clone();
    let (status, _) = v.call(
        "POST",
        &v.engineer,
        "/findings",
        json!({"version": version, "device_id": ups, "item_code": "battery_voltage"}),
    );
    assert_eq!(status, 422, "one request per finding");

    // The server's room is locked: recorded with the reason, not skipped.
    let (status, e) = v.record(
        server_device,
        json!({"version": version, "not_checkable": " "}),
    );
    assert_eq!(status, 422, "{e}");
    let (status, shown) = v.record(
        server_device,
        json!({"version": version, "not_checkable": "机房钥匙不在，客户改约"}),
    );
    assert_eq!(status, 200, "{shown}");

    // The engineer's own name is not the customer's signature.
    let version = shown["visit"]["version"].clone();
    let sign = |name: &str| {
        v.call(
            "POST",
            &v.engineer,
            "/sign",
            json!({"version": version, "signer_name": name, "strokes": strokes()}),
        )
    };
    let (status, _) = sign("eng.zhao");
    assert_eq!(status, 422);
    let (status, done) = sign("王工");
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["visit"]["state"], "done");
    assert_eq!(done["signature"]["signer_name"], "王工");
    assert_eq!(done["signature"]["via"], "in_person");
    assert!(done["visit"]["done_on"].is_string());
    let r =
        v.p.a
            .server
            .call("GET", &v.path("/signature.svg"), Some(&v.engineer), None);
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("image/svg+xml"));

    let (_, open) = get(
        &v.p.a.server,
        &v.engineer,
        &format!("/api/devices/{ups}/inspections"),
    );
    assert!(
        open.as_array().unwrap().iter().all(|o| o["id"] != v.id),
        "done is not open"
    );
    // Signed: frozen.
    let (status, _) = v.record(
        ups,
        json!({"version": done["visit"]["version"], "answers": v.ups_answers(json!(12.5), photo)}),
    );
    assert_eq!(status, 409);
    // The request's report is filed: its work order may now be completed.
    let (_, request) = get(
        &v.p.a.server,
        &v.p.manager,
        &format!("/api/requests/{}", done["visit"]["request_id"]),
    );
    assert!(
        request["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "report_filed"),
        "{request}"
    );

    // The UPS's readings, and the contract's year.
    let (status, series) = get(
        &v.p.a.server,
        &v.engineer,
        &format!("/api/devices/{ups}/readings"),
    );
    assert_eq!(status, 200, "{series}");
    let volt = series
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "battery_voltage")
        .unwrap();
    assert_eq!(volt["points"][0]["value"], 11.2);
    assert_eq!(volt["points"][0]["passed"], false);
    assert_eq!(volt["min"], 12.0);
    let (_, none) = get(
        &v.p.a.server,
        &v.engineer,
        &format!("/api/devices/{server_device}/readings"),
    );
    assert_eq!(none, json!([]), "a device not checked has no readings");
    let (status, c) = get(
        &v.p.a.server,
        &v.p.manager,
        &format!(
            "/api/contracts/{}/inspection-compliance?year=2027",
            v.p.contract["id"]
        ),
    );
    assert_eq!(status, 200, "{c}");
    assert_eq!(
        (
            &c["promised"],
            &c["on_time"],
            &c["late"],
            &c["missed"],
            &c["upcoming"]
        ),
        (&json!(4), &json!(1), &json!(0), &json!(0), &json!(3)),
        "{c}"
    );
    let (status, _) = get(
        &v.p.a.server,
        &v.p.manager,
        &format!(
            "/api/contracts/{}/inspection-compliance?year=99999",
            v.p.contract["id"]
        ),
    );
    assert_eq!(status, 422);
}

#[test]
fn the_customer_signs_a_visit_through_a_one_time_link() {
    let v = visit();
    v.dispatch();
    let (_, photo) = v.photo(PNG, "panel.png");
    let photo = photo["id"].as_u64().unwrap();
    let (status, _) = v.call(
        "POST",
        &v.engineer,
        "/sign-link",
        json!({"version": v.version()}),
    );
    assert_eq!(status, 409, "nothing recorded yet");
    let (status, e) = v.record(
        v.p.devices[0],
        json!({"version": v.version(), "answers": v.ups_answers(json!(13.1), photo)}),
    );
    assert_eq!(status, 200, "{e}");
    let (status, _) = v.record(
        v.p.devices[2],
        json!({"version": v.version(), "answers": v.ups_answers(json!(13.0), photo)}),
    );
    assert_eq!(status, 200);
    let (status, link) = v.call(
        "POST",
        &v.engineer,
        "/sign-link",
        json!({"version": v.version()}),
    );
    assert_eq!(status, 201, "{link}");
    let token = link["path"].as_str().unwrap().trim_start_matches("/sign/");
    let public = format!("/api/public/sign/{token}");
    let r = v.p.a.server.call("GET", &public, None, None);
    assert_eq!(r.status, 200, "{}", r.text());
    let shown = r.json();
    assert_eq!(shown["kind"], "inspection");
    assert_eq!(shown["visit"]["devices"].as_array().unwrap().len(), 2);
    assert_eq!(shown["visit"]["customer_name"], "华南制造");
    let r = v.p.a.server.call(
        "POST",
        &public,
        None,
        Some(json!({"signer_name": "王工", "strokes": strokes()})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let now = v.now();
    assert_eq!(now["visit"]["state"], "done");
    assert_eq!(now["signature"]["via"], "link");
    let r = v.p.a.server.call(
        "POST",
        &public,
        None,
        Some(json!({"signer_name": "王工", "strokes": strokes()})),
    );
    assert_eq!(r.status, 410, "a link works once");
}
