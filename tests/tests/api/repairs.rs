//! Repairs (送修): a device taken in at the counter with its accessories,
//! its coverage kept as at intake, the quote the customer must approve
//! before chargeable work, the repair record, and the hand-back only
//! against the claim voucher's code or a manager's ID check — with every
//! refusal (state, role, version, input).

use serde_json::{json, Value};
use servicebook_tests::TestServer;

pub struct Counter {
    pub server: TestServer,
    pub admin: String,
    pub desk: String,
    pub eng: String,
    pub boss: String,
    pub sales: String,
    pub customer: u64,
    /// Out of warranty, no contract: chargeable.
    pub old_device: u64,
    /// In warranty: covered.
    pub new_device: u64,
}

pub fn setup() -> Counter {
    let server = TestServer::start();
    let admin = server.admin();
    let (_, desk) = server.user(&admin, "desk.chen", &["dispatcher"]);
    let (_, eng) = server.user(&admin, "eng.wang", &["engineer"]);
    let (_, boss) = server.user(&admin, "mgr.liu", &["manager"]);
    let (_, sales) = server.user(&admin, "sales.wu", &["sales"]);
    let mut c = Counter {
        server,
        admin,
        desk,
        eng,
        boss,
        sales,
        customer: 0,
        old_device: 0,
        new_device: 0,
    };
    let (s, customer) = c.post(
        &c.sales,
        "/api/customers",
        json!({"name": "深圳华信科技有限公司", "contacts": [{"name": "李经理", "phone": "13800138000"}]}),
    );
    assert_eq!(s, 201, "{customer}");
    c.customer = customer["id"].as_u64().unwrap();
    c.old_device = c.device("SN-RP-OLD", "2015-01-01", "2016-01-01");
    c.new_device = c.device("SN-RP-NEW", "2026-01-01", "2099-12-31");
    c
}

impl Counter {
    pub fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let r = self.server.call("POST", path, Some(token), Some(body));
        let v = if r.body.is_empty() {
            Value::Null
        } else {
            r.json()
        };
        (r.status, v)
    }

    pub fn put(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let r = self.server.call("PUT", path, Some(token), Some(body));
        (r.status, r.json())
    }

    pub fn get(&self, token: &str, path: &str) -> (u16, Value) {
        let r = self.server.call("GET", path, Some(token), None);
        (r.status, r.json())
    }

    pub fn read(&self, id: u64) -> Value {
        let (s, r) = self.get(&self.desk, &format!("/api/repairs/{id}"));
        assert_eq!(s, 200, "{r}");
        r
    }

    fn device(&self, serial: &str, install: &str, warranty_end: &str) -> u64 {
        let (s, d) = self.post(
            &self.eng,
            "/api/devices",
            json!({"customer_id": self.customer, "product": "ThinkPad T14", "brand": "Lenovo",
                "serial_number": serial, "install_date": install, "warranty_end": warranty_end}),
        );
        assert_eq!(s, 201, "{d}");
        d["id"].as_u64().unwrap()
    }

    /// Takes `device` in with a power cable and a dongle; (repair, code).
    pub fn take_in(&self, device: u64) -> (Value, String) {
        let (s, r) = self.post(
            &self.desk,
            "/api/repairs",
            json!({"device_id": device, "brought_by": "李经理", "contact_phone": "13800138000",
                "accessories": [{"standard": "power_cable"}, {"standard": "dongle", "text": "USB 加密狗"}],
                "condition": "外壳左上角有划痕", "fault": "无法开机，电源灯不亮"}),
        );
        assert_eq!(s, 201, "{r}");
        let code = r["voucher_code"].as_str().unwrap().to_owned();
        (r["repair"].clone(), code)
    }

    /// An action at the repair's current version; (status, answer).
    pub fn act(&self, token: &str, id: u64, verb: &str, mut body: Value) -> (u16, Value) {
        body["version"] = self.read(id)["version"].clone();
        self.post(token, &format!("/api/repairs/{id}/actions/{verb}"), body)
    }

    pub fn state(&self, id: u64) -> String {
        self.read(id)["state"].as_str().unwrap().to_owned()
    }
}

fn ok(r: (u16, Value)) -> Value {
    assert_eq!(r.0, 200, "{}", r.1);
    r.1
}

fn kind(v: &Value) -> &str {
    v["type"].as_str().unwrap_or_default()
}

#[test]
fn a_chargeable_repair_goes_from_the_counter_to_pickup_only_after_an_approved_quote() {
    let c = setup();
    let (r, code) = c.take_in(c.old_device);
    let id = r["id"].as_u64().unwrap();
    assert!(r["number"].as_str().unwrap().starts_with("RP-"), "{r}");
    assert!(r["number"].as_str().unwrap().ends_with("-000001"), "{r}");
    assert_eq!(r["state"], "received");
    assert_eq!(r["chargeable"], true);
    assert_eq!(r["coverage"]["covered_by"], "nothing");
    assert_eq!(r["coverage"]["in_warranty"], false);
    assert_eq!(r["customer_name"], "深圳华信科技有限公司");
    assert_eq!(r["accessories"].as_array().unwrap().len(), 2);
    assert!(r.get("voucher_hash").is_none(), "the hash is never shown");
    assert_eq!(code.len(), 11, "ABCDE-FGHJK: {code}");

    // The code is in no answer and no audit entry.
    let (_, trail) = c.get(
        &c.admin,
        &format!("/api/audit?record_type=repairs&record_id={id}"),
    );
    assert!(!trail.to_string().contains(&code.replace('-', "")));
    assert!(!trail.to_string().contains("voucher_hash"), "{trail}");

    assert_eq!(
        c.act(&c.desk, id, "diagnose", json!({})).0,
        403,
        "the desk does not diagnose"
    );
    ok(c.act(&c.eng, id, "diagnose", json!({"note": "上台检测"})));
    let (s, p) = c.act(&c.eng, id, "start-repair", json!({}));
    assert_eq!(s, 409, "{p}");
    assert_eq!(kind(&p), "/problems/quote-not-approved");
    assert!(p["detail"].as_str().unwrap().contains("quote"), "{p}");

    let (s, p) = c.act(&c.eng, id, "send-quote", json!({}));
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"]["amount"].is_string() && p["errors"]["quote_text"].is_string());
    let q = ok(c.act(
        &c.eng,
        id,
        "send-quote",
        json!({"amount": 45000, "quote_text": "更换主板"}),
    ));
    assert_eq!(q["state"], "quote_sent");
    assert_eq!(q["quote"]["amount"], 45000);
    assert_eq!(
        c.act(&c.eng, id, "start-repair", json!({})).0,
        409,
        "not before the customer approves"
    );
    assert_eq!(
        c.act(
            &c.eng,
            id,
            "approve-quote",
            json!({"answered_by": "李经理", "channel": "phone"})
        )
        .0,
        403,
        "the engineer does not record the customer's approval of their own price"
    );
    let (s, p) = c.act(&c.desk, id, "approve-quote", json!({}));
    assert_eq!(s, 422, "{p}");
    let a = ok(c.act(
        &c.desk,
        id,
        "approve-quote",
        json!({"answered_by": "李经理", "channel": "phone"}),
    ));
    assert_eq!(a["state"], "quote_approved");
    let d = &a["quote"]["decision"];
    assert_eq!(
        (&d["approved"], &d["by"], &d["channel"]),
        (&json!(true), &json!("李经理"), &json!("phone"))
    );
    assert!(d["recorded_by"].is_string() && d["at"].is_string());

    assert_eq!(
        ok(c.act(&c.eng, id, "start-repair", json!({})))["state"],
        "repairing"
    );
    let v = c.read(id)["version"].clone();
    let sheet = ok(c.put(
        &c.eng,
        &format!("/api/repairs/{id}/record"),
        json!({"version": v, "findings": "主板电源管理芯片烧毁", "actions": "更换主板",
            "parts": [{"part": "主板 T14", "quantity": 1, "amount": 40000}], "minutes": 90}),
    ));
    assert_eq!(sheet["sheet"]["parts"][0]["part"], "主板 T14");
    assert_eq!(sheet["sheet"]["minutes"], 90);
    assert!(sheet["sheet"]["engineer"].is_string());
    assert_eq!(
        ok(c.act(&c.eng, id, "mark-ready", json!({})))["state"],
        "ready"
    );

    // Pickup: no code, a wrong code, a missing accessory without a note.
    let (s, p) = c.act(&c.desk, id, "pick-up", json!({"returned": [0, 1]}));
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"]["voucher_code"].is_string(), "{p}");
    let (s, p) = c.act(
        &c.desk,
        id,
        "pick-up",
        json!({"voucher_code": "ZZZZZ-ZZZZZ", "returned": [0, 1]}),
    );
    assert_eq!(s, 422, "{p}");
    assert_eq!(kind(&p), "/problems/wrong-voucher-code");
    assert_eq!(p["errors"]["voucher_code"], "wrong code");
    assert_eq!(c.state(id), "ready", "nothing changed");
    let (s, p) = c.act(
        &c.desk,
        id,
        "pick-up",
        json!({"voucher_code": code, "returned": [0]}),
    );
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"]["missing_note"].is_string(), "{p}");
    let (s, p) = c.act(
        &c.desk,
        id,
        "pick-up",
        json!({"voucher_code": code, "returned": [0, 7]}),
    );
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"]["returned"].is_string(), "{p}");

    // Scanned codes come in any case and with or without the dash.
    let done = ok(c.act(
        &c.desk,
        id,
        "pick-up",
        json!({"voucher_code": code.to_lowercase().replace('-', " "), "returned": [1, 0]}),
    ));
    assert_eq!(done["state"], "picked_up");
    let h = &done["hand_over"];
    assert_eq!(h["with_voucher"], true);
    assert_eq!(h["returned"], json!([0, 1]));
    assert!(h["id_check"].is_null());
    let verbs: Vec<&str> = done["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["verb"].as_str().unwrap())
        .collect();
    assert_eq!(
        verbs,
        [
            "diagnose",
            "send-quote",
            "approve-quote",
            "start-repair",
            "mark-ready",
            "pick-up"
        ]
    );
    // Handed back: nothing more, and the record is closed.
    let (s, p) = c.act(&c.eng, id, "mark-ready", json!({}));
    assert_eq!(s, 409, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("picked_up"), "{p}");
    let v = c.read(id)["version"].clone();
    let (s, _) = c.put(
        &c.eng,
        &format!("/api/repairs/{id}/record"),
        json!({"version": v, "findings": "x"}),
    );
    assert_eq!(s, 409);
    // Every change is in the audit trail, the code never.
    let (_, trail) = c.get(
        &c.admin,
        &format!("/api/audit?record_type=repairs&record_id={id}&limit=500"),
    );
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "create",
        "diagnose",
        "send-quote",
        "approve-quote",
        "start-repair",
        "record",
        "mark-ready",
        "pick-up",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert!(!trail.to_string().contains(&code.replace('-', "")));
}

#[test]
fn a_covered_repair_may_skip_the_quote_and_a_declined_one_goes_back_unrepaired() {
    let c = setup();
    let (r, code) = c.take_in(c.new_device);
    let id = r["id"].as_u64().unwrap();
    assert_eq!(r["chargeable"], false);
    assert_eq!(r["coverage"]["covered_by"], "warranty");
    assert_eq!(r["coverage"]["warranty_ends"], "2099-12-31");
    // The coverage stays as at intake when the device changes later.
    let (_, d) = c.get(&c.eng, &format!("/api/devices/{}", c.new_device));
    let r2 = c.server.call(
        "PATCH",
        &format!("/api/devices/{}", c.new_device),
        Some(&c.eng),
        Some(json!({"version": d["version"], "warranty_end": "2026-01-01"})),
    );
    assert_eq!(r2.status, 200, "{}", r2.text());
    assert_eq!(c.read(id)["coverage"]["covered_by"], "warranty");

    ok(c.act(&c.eng, id, "diagnose", json!({})));
    ok(c.act(&c.eng, id, "start-repair", json!({})));
    ok(c.act(&c.eng, id, "mark-ready", json!({})));
    let (s, p) = c.act(
        &c.desk,
        id,
        "return-unrepaired",
        json!({"voucher_code": code, "returned": [0, 1]}),
    );
    assert_eq!(s, 409, "a repaired device is picked up: {p}");
    ok(c.act(
        &c.desk,
        id,
        "pick-up",
        json!({"voucher_code": code, "returned": [0, 1]}),
    ));

    // Chargeable, quote declined: handed back unrepaired against the voucher.
    let (r, code) = c.take_in(c.old_device);
    let id = r["id"].as_u64().unwrap();
    assert!(r["number"].as_str().unwrap().ends_with("-000002"));
    assert_eq!(
        c.act(
            &c.eng,
            id,
            "send-quote",
            json!({"amount": 1, "quote_text": "x"})
        )
        .0,
        409,
        "diagnosis first"
    );
    ok(c.act(&c.eng, id, "diagnose", json!({})));
    ok(c.act(
        &c.eng,
        id,
        "send-quote",
        json!({"amount": 80000, "quote_text": "更换屏幕"}),
    ));
    let no = ok(c.act(
        &c.desk,
        id,
        "decline-quote",
        json!({"answered_by": "李经理", "channel": "in_person"}),
    ));
    assert_eq!(no["state"], "quote_declined");
    assert_eq!(no["quote"]["decision"]["approved"], false);
    let (s, p) = c.act(&c.eng, id, "start-repair", json!({}));
    assert_eq!(s, 409);
    assert_eq!(kind(&p), "/problems/quote-not-approved");
    let (s, _) = c.act(
        &c.desk,
        id,
        "pick-up",
        json!({"voucher_code": code, "returned": [0, 1]}),
    );
    assert_eq!(s, 409, "not repaired: not a pickup");
    let back = ok(c.act(
        &c.desk,
        id,
        "return-unrepaired",
        json!({"voucher_code": code, "returned": [0, 1]}),
    ));
    assert_eq!(back["state"], "returned_unrepaired");
    assert_eq!(back["repaired"], false);

    // Ready without repair (no fault found), then returned unrepaired.
    let (r, code) = c.take_in(c.old_device);
    let id = r["id"].as_u64().unwrap();
    ok(c.act(&c.eng, id, "diagnose", json!({})));
    ok(c.act(&c.eng, id, "mark-ready", json!({"note": "未发现故障"})));
    ok(c.act(
        &c.desk,
        id,
        "return-unrepaired",
        json!({"voucher_code": code, "returned": [0, 1]}),
    ));
}

#[test]
fn a_lost_voucher_is_replaced_by_a_managers_id_check_and_a_missing_accessory_by_a_note() {
    let c = setup();
    let (r, _code) = c.take_in(c.new_device);
    let id = r["id"].as_u64().unwrap();
    ok(c.act(&c.eng, id, "diagnose", json!({})));
    ok(c.act(&c.eng, id, "start-repair", json!({})));
    ok(c.act(&c.eng, id, "mark-ready", json!({})));
    let id_check = json!({"id_type": "resident_id", "last_digits": "123x", "holder_name": "李四"});
    let (s, p) = c.act(
        &c.desk,
        id,
        "pick-up",
        json!({"id_check": id_check, "returned": [0, 1]}),
    );
    assert_eq!(s, 403, "only a manager checks ID: {p}");
    let (s, p) = c.act(
        &c.boss,
        id,
        "pick-up",
        json!({"id_check": {"id_type": "resident_id", "last_digits": "1", "holder_name": ""}, "returned": [0, 1]}),
    );
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"]["id_check.last_digits"].is_string(), "{p}");
    let (s, p) = c.act(
        &c.boss,
        id,
        "pick-up",
        json!({"id_check": id_check, "voucher_code": "ABCDE-FGHJK", "returned": [0, 1]}),
    );
    assert_eq!(s, 422, "not both: {p}");
    let done = ok(c.act(
        &c.boss,
        id,
        "pick-up",
        json!({"id_check": id_check, "returned": [0], "missing_note": "加密狗客户说已在公司，不必取回"}),
    ));
    let h = &done["hand_over"];
    assert_eq!(h["with_voucher"], false);
    assert_eq!(h["id_check"]["last_digits"], "123X");
    assert_eq!(h["id_check"]["holder_name"], "李四");
    assert!(h["checked_by_manager"].is_string());
    assert_eq!(h["returned"], json!([0]));
    assert_eq!(h["missing_note"], "加密狗客户说已在公司，不必取回");
}

#[test]
fn versions_roles_and_bad_input_are_refused_clearly() {
    let c = setup();
    let (r, _) = c.take_in(c.old_device);
    let id = r["id"].as_u64().unwrap();
    // Missing version: 422 naming it; stale: 409; nothing written.
    let (s, p) = c.post(
        &c.eng,
        &format!("/api/repairs/{id}/actions/diagnose"),
        json!({}),
    );
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"]["version"].is_string(), "{p}");
    let v = c.read(id)["version"].as_u64().unwrap();
    ok(c.post(
        &c.eng,
        &format!("/api/repairs/{id}/actions/diagnose"),
        json!({"version": v}),
    ));
    let before = c.read(id);
    let (s, p) = c.post(
        &c.eng,
        &format!("/api/repairs/{id}/actions/mark-ready"),
        json!({"version": v}),
    );
    assert_eq!(s, 409, "{p}");
    assert_eq!(kind(&p), "/problems/stale-version");
    let (s, p) = c.put(
        &c.eng,
        &format!("/api/repairs/{id}/record"),
        json!({"version": v, "findings": "旧版本"}),
    );
    assert_eq!(s, 409, "{p}");
    let (s, p) = c.put(
        &c.eng,
        &format!("/api/repairs/{id}/record"),
        json!({"findings": "无版本"}),
    );
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"]["version"].is_string(), "{p}");
    assert_eq!(c.read(id), before, "nothing written");

    // Who may: sales and admins do not take devices in; the desk does not
    // write the repair record; everyone signed in reads.
    let body = json!({"device_id": c.old_device, "brought_by": "李经理", "fault": "蓝屏"});
    assert_eq!(c.post(&c.sales, "/api/repairs", body.clone()).0, 403);
    assert_eq!(c.post(&c.admin, "/api/repairs", body.clone()).0, 403);
    let (s, p) = c.post(&c.boss, "/api/repairs", body.clone());
    assert_eq!(s, 409, "the device is in repair already: {p}");
    assert!(p["detail"].as_str().unwrap().contains("RP-"), "{p}");
    let mut other = body;
    other["device_id"] = json!(c.new_device);
    assert_eq!(c.post(&c.eng, "/api/repairs", other.clone()).0, 201);
    let (s, _) = c.put(
        &c.desk,
        &format!("/api/repairs/{id}/record"),
        json!({"version": before["version"], "findings": "x"}),
    );
    assert_eq!(s, 403);
    assert_eq!(c.get(&c.sales, &format!("/api/repairs/{id}")).0, 200);
    assert_eq!(
        c.server
            .call("GET", &format!("/api/repairs/{id}"), None, None)
            .status,
        401
    );

    // Bad input: problem+json, never a 500.
    let (s, p) = c.post(
        &c.desk,
        "/api/repairs",
        json!({"device_id": c.old_device, "brought_by": " ", "fault": "",
            "accessories": [{"text": ""}]}),
    );
    assert_eq!(s, 422, "{p}");
    for f in ["brought_by", "fault", "accessories"] {
        assert!(p["errors"][f].is_string(), "{f}: {p}");
    }
    let (s, p) = c.post(
        &c.desk,
        "/api/repairs",
        json!({"device_id": 999999, "brought_by": "x", "fault": "y"}),
    );
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"]["device_id"].is_string(), "{p}");
    let (s, p) = c.post(
        &c.desk,
        "/api/repairs",
        json!({"device_id": c.old_device, "brought_by": "x", "fault": "y",
            "accessories": [{"standard": "spaceship"}]}),
    );
    assert_eq!(s, 422, "{p}");
    let (s, p) = c.post(
        &c.desk,
        "/api/repairs",
        json!({"device_id": c.old_device, "brought_by": "x", "fault": "y", "request_id": 424242}),
    );
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"]["request_id"].is_string(), "{p}");
    let (s, p) = c.act(&c.eng, id, "teleport", json!({}));
    assert_eq!(s, 404, "{p}");
    let (s, p) = c.get(&c.desk, "/api/repairs?state=lost");
    assert_eq!(s, 422, "{p}");
    let (s, p) = c.get(&c.desk, "/api/repairs/424242");
    assert_eq!(s, 404, "{p}");
    let v = c.read(id)["version"].clone();
    let (s, p) = c.put(
        &c.eng,
        &format!("/api/repairs/{id}/record"),
        json!({"version": v, "minutes": 60001, "parts": [{"part": "", "quantity": 0}]}),
    );
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"]["minutes"].is_string() && p["errors"]["parts"].is_string());
}

#[test]
fn lists_by_state_device_and_customer_the_voucher_qr_and_condition_photos() {
    let c = setup();
    let (a, code) = c.take_in(c.old_device);
    let (b, _) = c.take_in(c.new_device);
    let (a, b) = (a["id"].as_u64().unwrap(), b["id"].as_u64().unwrap());
    ok(c.act(&c.eng, b, "diagnose", json!({})));
    let ids = |path: &str| -> Vec<u64> {
        let (s, p) = c.get(&c.sales, path);
        assert_eq!(s, 200, "{p}");
        p["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(ids("/api/repairs"), vec![a, b]);
    assert_eq!(ids("/api/repairs?state=received"), vec![a]);
    assert_eq!(ids("/api/repairs?state=diagnosing"), vec![b]);
    assert_eq!(
        ids(&format!("/api/repairs?device_id={}", c.new_device)),
        vec![b]
    );
    assert_eq!(
        ids(&format!("/api/repairs?customer_id={}", c.customer)),
        vec![a, b]
    );
    assert_eq!(ids("/api/repairs?open=true&limit=1"), vec![a]);
    // Just taken in: not overdue (the default is 7 days).
    assert!(ids("/api/repairs?overdue=true").is_empty());
    let (_, s) = c.get(&c.boss, "/api/settings");
    assert_eq!(s["repair_overdue_days"], 7);

    // The voucher's QR code holds the code as printed.
    let r = c.server.call(
        "GET",
        &format!("/api/repairs/{a}/voucher-qr.svg?code={code}"),
        Some(&c.desk),
        None,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "image/svg+xml");
    assert!(r.text().starts_with("<svg"));
    let r = c.server.call(
        "GET",
        &format!("/api/repairs/{a}/voucher-qr.svg?code=not-a-code"),
        Some(&c.desk),
        None,
    );
    assert_eq!(r.status, 422);

    // Condition photos attach to the repair.
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    let r = c.server.send_bytes(
        "POST",
        &format!("/api/files?record_type=repair&record_id={a}&name=scratch.png"),
        &c.desk,
        PNG,
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let r = c.server.send_bytes(
        "POST",
        &format!("/api/files?record_type=repair&record_id={a}&name=scratch.png"),
        &c.sales,
        PNG,
    );
    assert_eq!(r.status, 403, "sales do not take devices in");
    let (s, files) = c.get(
        &c.sales,
        &format!("/api/files?record_type=repair&record_id={a}"),
    );
    assert_eq!(s, 200);
    assert_eq!(files["items"][0]["name"], "scratch.png");
}

#[test]
fn the_demo_has_repairs_in_every_state_and_an_overdue_one() {
    let server = TestServer::start_with(&["--demo"]);
    let r = server.login("manager.zhou", "servicebook demo 2026");
    assert_eq!(r.status, 200, "{}", r.text());
    let token = r.json()["token"].as_str().unwrap().to_owned();
    let r = server.call("GET", "/api/repairs?limit=500", Some(&token), None);
    assert_eq!(r.status, 200, "{}", r.text());
    let all = r.json()["items"].as_array().unwrap().clone();
    for state in [
        "received",
        "diagnosing",
        "quote_sent",
        "quote_approved",
        "quote_declined",
        "repairing",
        "ready",
        "picked_up",
        "returned_unrepaired",
    ] {
        assert!(all.iter().any(|r| r["state"] == state), "{state}");
    }
    let r = server.call("GET", "/api/repairs?overdue=true", Some(&token), None);
    let overdue = r.json()["items"].as_array().unwrap().clone();
    assert!(!overdue.is_empty());
    assert!(overdue
        .iter()
        .all(|r| r["overdue"] == true && r["state"] != "picked_up"));
    assert!(all.iter().any(|r| r["overdue"] == false));
}
