//! The customer service archive: customers, devices, contracts, the serial
//! lookup, and their refusals.

use serde_json::{json, Value};
use servicebook_tests::TestServer;

pub struct Archive {
    pub server: TestServer,
    pub sales: String,
    pub engineer: String,
    pub admin: String,
}

pub fn setup() -> Archive {
    let server = TestServer::start();
    let admin = server.admin();
    let (_, sales) = server.user(&admin, "sales.wu", &["sales"]);
    let (_, engineer) = server.user(&admin, "eng.li", &["engineer"]);
    Archive {
        server,
        sales,
        engineer,
        admin,
    }
}

impl Archive {
    pub fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let r = self.server.call("POST", path, Some(token), Some(body));
        (
            r.status,
            if r.body.is_empty() {
                Value::Null
            } else {
                r.json()
            },
        )
    }

    pub fn get(&self, path: &str) -> (u16, Value) {
        let r = self.server.call("GET", path, Some(&self.engineer), None);
        (r.status, r.json())
    }

    pub fn customer(&self, name: &str, contact: &str, phone: &str) -> u64 {
        let body = json!({"name": name, "industry": "制造", "contacts": [{"name": contact, "phone": phone}], "sites": [{"name": "总部", "address": "深圳市南山区"}]});
        let (status, c) = self.post(&self.sales, "/api/customers", body);
        assert_eq!(status, 201, "{c}");
        c["id"].as_u64().unwrap()
    }

    pub fn device(&self, customer: u64, serial: &str, install: &str) -> u64 {
        let body = json!({"customer_id": customer, "site": "总部", "product": "ThinkSystem SR650", "brand": "Lenovo", "model": "7X06", "serial_number": serial, "install_date": install});
        let (status, d) = self.post(&self.engineer, "/api/devices", body);
        assert_eq!(status, 201, "{d}");
        d["id"].as_u64().unwrap()
    }
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn customers_are_found_by_part_of_a_name_in_chinese_or_english_or_by_phone_digits() {
    let a = setup();
    a.customer("深圳华为技术有限公司", "李经理", "+86 138-0013-8000");
    a.customer("Acme Printing Ltd", "John Smith", "010 6555 1234");
    a.customer("华润万家", "王主任", "0755 8888 9999");
    let search = |q: &str| names(&a.get(&format!("/api/customers?q={}", js_escape(q))).1);
    assert_eq!(search("华为"), vec!["深圳华为技术有限公司"]);
    assert_eq!(search("华"), vec!["深圳华为技术有限公司", "华润万家"]);
    assert_eq!(search("acme print"), vec!["Acme Printing Ltd"]);
    assert_eq!(search("PRINTING"), vec!["Acme Printing Ltd"]);
    assert_eq!(
        search("smith"),
        vec!["Acme Printing Ltd"],
        "by contact name"
    );
    assert_eq!(
        search("8000"),
        vec!["深圳华为技术有限公司"],
        "by the last digits of a phone"
    );
    assert_eq!(search("王主任"), vec!["华润万家"]);
    assert!(search("小米").is_empty());
}

fn js_escape(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn roles_decide_who_edits_what() {
    let a = setup();
    let body = json!({"name": "某公司"});
    assert_eq!(
        a.post(&a.engineer, "/api/customers", body.clone()).0,
        403,
        "engineers do not create customers"
    );
    let customer = a.customer("某公司", "张三", "13900000000");
    assert_eq!(
        a.get(&format!("/api/customers/{customer}")).0,
        200,
        "engineers read customers"
    );
    let contract = json!({"number": "HT-1", "kind": "sale", "customer_id": customer, "start_date": "2026-01-01", "end_date": "2026-12-31"});
    assert_eq!(
        a.post(&a.engineer, "/api/contracts", contract.clone()).0,
        403,
        "engineers do not create contracts"
    );
    assert_eq!(a.post(&a.sales, "/api/contracts", contract).0, 201);
    a.device(customer, "SN-R1", "2026-03-15");
    assert_eq!(
        a.server.call("GET", "/api/customers", None, None).status,
        401
    );
}

#[test]
fn a_serial_lookup_answers_owner_warranty_and_covering_contracts() {
    let a = setup();
    let customer = a.customer("深圳华为技术有限公司", "李经理", "13800138000");
    let device = a.device(customer, "sn-7x06-001 ", "2025-03-15");
    let (_, d) = a.get(&format!("/api/devices/{device}"));
    assert_eq!(d["serial_number"], "SN-7X06-001", "serials are normalised");
    assert_eq!(
        d["warranty_end"], "2026-03-14",
        "install date + 12 months by default"
    );

    let maintenance = json!({"number": "WB-2026-01", "kind": "maintenance", "customer_id": customer, "start_date": "2026-01-01", "end_date": "2099-12-31",
        "device_ids": [device], "scope": {"onsite_repair": true, "hours": "all_day"}, "promises": {"urgent_on_site_minutes": 240}});
    let (status, c) = a.post(&a.sales, "/api/contracts", maintenance);
    assert_eq!(status, 201, "{c}");
    assert_eq!(c["status"], "active");
    assert_eq!(c["promises"]["urgent_on_site_minutes"], 240);
    assert_eq!(
        c["promises"]["log_minutes"], 60,
        "unset promises take the SLA defaults"
    );
    let expired = json!({"number": "WB-2020-01", "kind": "maintenance", "customer_id": customer, "start_date": "2020-01-01", "end_date": "2020-12-31", "device_ids": [device]});
    assert_eq!(a.post(&a.sales, "/api/contracts", expired).0, 201);

    let (status, found) = a.get("/api/devices/lookup?serial=sn-7x06-001");
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["device"]["id"], device);
    assert_eq!(found["customer"]["name"], "深圳华为技术有限公司");
    assert_eq!(
        found["warranty"],
        json!({"in_warranty": false, "ends": "2026-03-14"})
    );
    let contracts = found["contracts"].as_array().unwrap();
    assert_eq!(
        contracts.len(),
        1,
        "only the contract in force covers it: {contracts:?}"
    );
    assert_eq!(contracts[0]["number"], "WB-2026-01");
    assert_eq!(contracts[0]["scope"]["hours"], "all_day");

    assert_eq!(a.get("/api/devices/lookup?serial=NOPE").0, 404);
    assert_eq!(a.get("/api/devices/lookup?serial=%20").0, 422);
}

#[test]
fn duplicate_serials_and_numbers_are_refused_with_the_field_named() {
    let a = setup();
    let customer = a.customer("客户甲", "甲", "13800000001");
    a.device(customer, "SN-1", "2026-01-01");
    let again =
        json!({"customer_id": customer, "product": "thinksystem sr650", "serial_number": "sn-1"});
    let (status, p) = a.post(&a.engineer, "/api/devices", again);
    assert_eq!(status, 409, "{p}");
    assert!(p["errors"]["serial_number"].is_string(), "{p}");
    // The same serial in another product line is another device.
    let other_line =
        json!({"customer_id": customer, "product": "Router AX3", "serial_number": "SN-1"});
    assert_eq!(a.post(&a.engineer, "/api/devices", other_line).0, 201);
    let (status, p) = a.get("/api/devices/lookup?serial=SN-1");
    assert_eq!(status, 409, "ambiguous: {p}");
    assert_eq!(
        a.get("/api/devices/lookup?serial=SN-1&product=Router%20AX3")
            .0,
        200
    );

    let contract = json!({"number": "HT-9", "kind": "sale", "customer_id": customer, "start_date": "2026-01-01", "end_date": "2026-12-31"});
    assert_eq!(a.post(&a.sales, "/api/contracts", contract.clone()).0, 201);
    let (status, p) = a.post(&a.sales, "/api/contracts", contract);
    assert_eq!(status, 409);
    assert!(p["errors"]["number"].is_string());
}

#[test]
fn bad_archive_input_is_refused_field_by_field_and_nothing_is_written() {
    let a = setup();
    let mine = a.customer("客户甲", "甲", "13800000001");
    let theirs = a.customer("客户乙", "乙", "13800000002");
    let their_device = a.device(theirs, "SN-THEIRS", "2026-01-01");

    let (status, p) = a.post(&a.sales, "/api/contracts", json!({"number": "HT-X", "kind": "sale", "customer_id": mine, "start_date": "2026-12-31", "end_date": "2026-01-01", "device_ids": [their_device]}));
    assert_eq!(status, 422, "{p}");
    assert!(
        p["errors"]["end_date"].is_string() && p["errors"]["device_ids"].is_string(),
        "{p}"
    );
    let (status, p) = a.post(&a.sales, "/api/contracts", json!({"number": "HT-Y", "kind": "sale", "customer_id": 999_999, "start_date": "2026-01-01", "end_date": "2026-12-31"}));
    assert_eq!(status, 422);
    assert!(p["errors"]["customer_id"].is_string());
    let (status, _) = a.post(
        &a.engineer,
        "/api/devices",
        json!({"customer_id": 999_999, "product": "X", "serial_number": "S"}),
    );
    assert_eq!(status, 422);
    let (status, p) = a.post(
        &a.engineer,
        "/api/devices",
        json!({"customer_id": mine, "product": "X", "serial_number": "S", "site": "火星"}),
    );
    assert_eq!(status, 422);
    assert!(p["errors"]["site"].is_string());
    let (status, _) = a.post(&a.sales, "/api/contracts", json!({"number": "HT-Z", "kind": "lease", "customer_id": mine, "start_date": "2026-01-01", "end_date": "2026-12-31"}));
    assert_eq!(status, 422, "an unknown kind");
    let (_, list) = a.get(&format!("/api/contracts?customer_id={mine}"));
    assert!(
        list["items"].as_array().unwrap().is_empty(),
        "nothing was written"
    );
}

#[test]
fn contracts_expiring_soon_are_listed_soonest_first() {
    let a = setup();
    let customer = a.customer("客户丙", "丙", "13800000003");
    let today = chrono::Utc::now().date_naive();
    for (number, days) in [("LATER", 60), ("SOON", 5), ("SOONER", 1), ("PAST", -3)] {
        let end = today + chrono::Duration::days(days);
        let body = json!({"number": number, "kind": "maintenance", "customer_id": customer, "start_date": "2020-01-01", "end_date": end.to_string()});
        assert_eq!(a.post(&a.sales, "/api/contracts", body).0, 201);
    }
    let (_, page) = a.get("/api/contracts?expiring_days=30");
    let numbers: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, vec!["SOONER", "SOON"]);
    let (_, expired) = a.get("/api/contracts?status=expired");
    assert_eq!(expired["items"][0]["number"], "PAST");
}

#[test]
fn a_stale_customer_edit_is_refused() {
    let a = setup();
    let id = a.customer("客户丁", "丁", "13800000004");
    let edit = |phone: &str| {
        a.server.call(
            "PATCH",
            &format!("/api/customers/{id}"),
            Some(&a.sales),
            Some(json!({"version": 1, "contacts": [{"name": "丁", "phone": phone}]})),
        )
    };
    assert_eq!(edit("111").status, 200);
    assert_eq!(edit("222").status, 409);
    let (_, c) = a.get(&format!("/api/customers/{id}"));
    assert_eq!(c["contacts"][0]["phone"], "111");
    let trail = a.server.call(
        "GET",
        &format!("/api/audit?record_type=customers&record_id={id}"),
        Some(&a.engineer),
        None,
    );
    assert_eq!(trail.status, 200);
    assert_eq!(
        trail.json()["items"].as_array().unwrap().len(),
        2,
        "create and one update"
    );
}

#[test]
fn a_device_label_qr_code_opens_its_page_and_needs_a_session() {
    let a = setup();
    let customer = a.customer("深圳华为技术有限公司", "李经理", "13800138000");
    let device = a.device(customer, "SN-QR-1", "2026-01-10");
    let path = format!("/api/devices/{device}/qr.svg");
    let r = a.server.call("GET", &path, Some(&a.engineer), None);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "image/svg+xml");
    let svg = r.text();
    assert!(
        svg.starts_with("<svg") && svg.contains("<path d=\"M4,4h1v1h-1z"),
        "{svg}"
    );
    assert_eq!(
        a.server.get(&path).status,
        401,
        "no label image without signing in"
    );
    let r = a
        .server
        .call("GET", "/api/devices/999999/qr.svg", Some(&a.engineer), None);
    assert_eq!(r.status, 404);
}

#[test]
fn a_sale_contract_gives_its_devices_its_free_warranty_unless_set_by_hand() {
    let a = setup();
    let customer = a.customer("深圳华为技术有限公司", "李经理", "13800138000");
    let defaulted = a.device(customer, "SN-WARR-1", "2026-03-01");
    let body = json!({"customer_id": customer, "site": "总部", "product": "ThinkSystem SR650", "brand": "Lenovo", "model": "7X06",
        "serial_number": "SN-WARR-2", "install_date": "2026-03-01", "warranty_end": "2026-12-31"});
    let (status, by_hand) = a.post(&a.engineer, "/api/devices", body);
    assert_eq!(status, 201, "{by_hand}");
    let (_, d) = a.get(&format!("/api/devices/{defaulted}"));
    assert_eq!(d["warranty_end"], "2027-02-28", "12 months by default");
    let (status, c) = a.post(
        &a.sales,
        "/api/contracts",
        json!({
        "number": "XS-2026-WARR", "kind": "sale", "customer_id": customer, "value": 80000,
        "start_date": "2026-03-01", "end_date": "2029-02-28", "warranty_months": 36,
        "device_ids": [defaulted, by_hand["id"]]}),
    );
    assert_eq!(status, 201, "{c}");
    let (_, d) = a.get(&format!("/api/devices/{defaulted}"));
    assert_eq!(d["warranty_end"], "2029-02-28", "the contract's 36 months");
    let (_, h) = a.get(&format!("/api/devices/{}", by_hand["id"]));
    assert_eq!(h["warranty_end"], "2026-12-31", "set by hand: kept");
    let (_, trail) = a.get(&format!(
        "/api/audit?record_type=devices&record_id={defaulted}"
    ));
    assert_eq!(trail["items"][0]["action"], "warranty");
}
