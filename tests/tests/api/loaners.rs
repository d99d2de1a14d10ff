//! Loaner units (备机): the pool and its refusals, lending against the
//! customer's signed receipt (in person or by a one-time link), the return
//! with its own signature, the overdue list and who may do what.

use crate::reports::strokes;
use crate::work_orders::{desk, Desk};
use serde_json::{json, Value};

struct Pool {
    d: Desk,
    storekeeper: String,
    sales: String,
    customer: u64,
}

fn pool() -> Pool {
    let d = desk();
    let (_, storekeeper) = d.a.server.user(&d.a.admin, "store.sun", &["storekeeper"]);
    let sales = d.a.sales.clone();
    let customer =
        d.a.customer("深圳华为技术有限公司", "李经理", "13800138000");
    Pool {
        d,
        storekeeper,
        sales,
        customer,
    }
}

impl Pool {
    fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        self.d.a.post(token, path, body)
    }

    fn patch(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let r = self.d.a.server.call("PATCH", path, Some(token), Some(body));
        (r.status, r.json())
    }

    fn get(&self, path: &str) -> Value {
        self.d.get(path)
    }

    fn unit(&self, serial: &str) -> Value {
        let (status, u) = self.post(
            &self.storekeeper,
            "/api/loaners",
            json!({"product": "ThinkPad T14", "brand": "Lenovo", "model": "20W0",
                   "serial_number": serial, "asset_tag": "BJ-001",
                   "accessories": ["电源适配器", "电脑包"], "condition": "外壳轻微划痕"}),
        );
        assert_eq!(status, 201, "{u}");
        u
    }

    fn lend(&self, token: &str, body: Value) -> (u16, Value) {
        self.post(token, "/api/loaners/loans", body)
    }

    fn lend_unit(&self, unit: &Value, due: &str) -> Value {
        let (status, loan) = self.lend(
            &self.d.dispatcher,
            json!({"unit_id": unit["id"], "customer_id": self.customer, "due_date": due}),
        );
        assert_eq!(status, 201, "{loan}");
        loan
    }

    fn sign(&self, token: &str, loan: &Value, stage: &str, name: &str) -> (u16, Value) {
        let version = self.get(&format!("/api/loaners/loans/{}", loan["id"]))["version"].clone();
        self.post(
            token,
            &format!("/api/loaners/loans/{}/{stage}/sign", loan["id"]),
            json!({"version": version, "signer_name": name, "strokes": strokes()}),
        )
    }

    fn give_back(&self, token: &str, loan: &Value, body: Value) -> (u16, Value) {
        self.post(
            token,
            &format!("/api/loaners/loans/{}/actions/return", loan["id"]),
            body,
        )
    }
}

fn code(p: &Value) -> &str {
    p["type"].as_str().unwrap_or_default()
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["number"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_pool_is_kept_by_the_store_keeper_with_unique_serials_and_versioned_changes() {
    let p = pool();
    let u = p.unit(" pf-3a1 ");
    assert_eq!(u["serial_number"], "PF-3A1");
    assert_eq!(u["status"], "available");
    let (status, dup) = p.post(
        &p.storekeeper,
        "/api/loaners",
        json!({"product": "ThinkPad", "serial_number": "PF-3A1"}),
    );
    assert_eq!(status, 409, "the serial is in the pool: {dup}");
    let (status, bad) = p.post(
        &p.storekeeper,
        "/api/loaners",
        json!({"product": " ", "serial_number": "X1"}),
    );
    assert_eq!(status, 422);
    assert!(bad["errors"]["product"].is_string(), "{bad}");

    let path = format!("/api/loaners/{}", u["id"]);
    let (status, p422) = p.patch(&p.storekeeper, &path, json!({"notes": "电池 80%"}));
    assert_eq!(status, 422, "version is required: {p422}");
    let (status, changed) = p.patch(
        &p.storekeeper,
        &path,
        json!({"version": u["version"], "notes": "电池 80%"}),
    );
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["notes"], "电池 80%");
    let (status, stale) = p.patch(
        &p.storekeeper,
        &path,
        json!({"version": u["version"], "notes": "旧"}),
    );
    assert_eq!(status, 409, "{stale}");
    assert_eq!(p.get(&path)["notes"], "电池 80%", "nothing overwritten");
    let (status, out) = p.patch(
        &p.storekeeper,
        &path,
        json!({"version": changed["version"], "status": "out"}),
    );
    assert_eq!(status, 422, "out only by lending: {out}");
    let (status, retired) = p.patch(
        &p.d.manager,
        &path,
        json!({"version": changed["version"], "status": "retired"}),
    );
    assert_eq!(status, 200, "{retired}");
    let (status, _) = p.lend(
        &p.d.dispatcher,
        json!({"unit_id": u["id"], "customer_id": p.customer, "due_date": "2099-01-01"}),
    );
    assert_eq!(status, 409, "a retired unit is not lent");

    p.unit("PF-3A2");
    let available = p.get("/api/loaners?status=available");
    assert_eq!(available["items"].as_array().unwrap().len(), 1);
    assert_eq!(available["items"][0]["serial_number"], "PF-3A2");
    let found = p.get("/api/loaners?q=3a1");
    assert_eq!(found["items"][0]["status"], "retired");
}

#[test]
fn a_unit_is_lent_against_the_customers_signature_and_taken_back_against_another() {
    let p = pool();
    let unit = p.unit("PF-100");
    let request = p.d.request(None, p.customer, "normal");
    let (status, loan) = p.lend(
        &p.d.wang.1,
        json!({"unit_id": unit["id"], "customer_id": p.customer, "request_id": request["id"],
               "due_date": "2099-03-01", "accessories": ["电源适配器", "电脑包"]}),
    );
    assert_eq!(status, 201, "{loan}");
    let year = chrono::Utc::now().format("%Y").to_string();
    assert_eq!(loan["number"], format!("LN-{year}-000001"));
    assert_eq!(loan["state"], "awaiting_signature");
    assert_eq!(loan["contact"], "李经理", "the customer's primary contact");
    assert_eq!(loan["request_number"], request["number"]);
    assert_eq!(loan["hand_over"]["lent_by"], "王工");
    assert_eq!(loan["hand_over"]["condition"], "外壳轻微划痕");
    let shelf = p.get(&format!("/api/loaners/{}", unit["id"]));
    assert_eq!(shelf["status"], "out");
    assert_eq!(shelf["current_loan_id"], loan["id"]);

    let (status, twice) = p.lend(
        &p.d.dispatcher,
        json!({"unit_id": unit["id"], "customer_id": p.customer, "due_date": "2099-03-01"}),
    );
    assert_eq!(status, 409, "{twice}");
    assert_eq!(code(&twice), "/problems/loaner-not-available");

    let (status, own) = p.sign(&p.d.wang.1, &loan, "hand-over", "王工");
    assert_eq!(
        status, 422,
        "the engineer never signs for the customer: {own}"
    );
    let (status, empty) = p.post(
        &p.d.wang.1,
        &format!("/api/loaners/loans/{}/hand-over/sign", loan["id"]),
        json!({"version": loan["version"], "signer_name": "李经理", "strokes": []}),
    );
    assert_eq!(status, 422, "{empty}");
    let (status, early) = p.sign(&p.d.wang.1, &loan, "return", "李经理");
    assert_eq!(status, 409, "nothing returned yet: {early}");
    let (status, signed) = p.sign(&p.d.wang.1, &loan, "hand-over", "李经理");
    assert_eq!(status, 200, "{signed}");
    assert_eq!(signed["state"], "out");
    assert_eq!(signed["hand_over"]["signature"]["via"], "in_person");
    assert_eq!(signed["hand_over"]["signature"]["signer_name"], "李经理");
    let svg = p.d.a.server.call(
        "GET",
        &format!("/api/loaners/loans/{}/hand-over/signature.svg", loan["id"]),
        Some(&p.d.a.engineer),
        None,
    );
    assert_eq!(svg.status, 200);
    assert!(svg.text().starts_with("<svg"));

    let (status, missing) = p.give_back(
        &p.storekeeper,
        &loan,
        json!({"condition": "完好", "accessories_back": ["电源适配器"]}),
    );
    assert_eq!(status, 422, "version is required: {missing}");
    let (status, stale) = p.give_back(
        &p.storekeeper,
        &loan,
        json!({"version": loan["version"], "condition": "完好"}),
    );
    assert_eq!(status, 409, "{stale}");
    let (status, foreign) = p.give_back(
        &p.storekeeper,
        &loan,
        json!({"version": signed["version"], "condition": "完好", "accessories_back": ["鼠标"]}),
    );
    assert_eq!(status, 422, "a mouse never went out: {foreign}");
    let (status, back) = p.give_back(
        &p.storekeeper,
        &loan,
        json!({"version": signed["version"], "condition": "完好，屏幕有指纹",
               "accessories_back": ["电源适配器"], "notes": "电脑包下周送回"}),
    );
    assert_eq!(status, 200, "{back}");
    assert_eq!(back["state"], "returned");
    assert_eq!(back["returned"]["accessories_missing"], json!(["电脑包"]));
    assert_eq!(back["returned"]["received_by"], "store.sun");
    let shelf = p.get(&format!("/api/loaners/{}", unit["id"]));
    assert_eq!(shelf["status"], "available");
    assert_eq!(shelf["condition"], "完好，屏幕有指纹");
    assert!(shelf["current_loan_id"].is_null());

    let (status, again) = p.give_back(
        &p.storekeeper,
        &loan,
        json!({"version": back["version"], "condition": "完好"}),
    );
    assert_eq!(status, 409, "{again}");
    assert_eq!(code(&again), "/problems/loan-not-out");

    let (status, ack) = p.sign(&p.storekeeper, &loan, "return", "李经理");
    assert_eq!(status, 200, "{ack}");
    assert_eq!(ack["returned"]["signature"]["signer_name"], "李经理");
    let (status, _) = p.sign(&p.storekeeper, &loan, "return", "李经理");
    assert_eq!(status, 409, "signed once");

    let history = p.get(&format!("/api/loaners/{}/loans", unit["id"]));
    assert_eq!(history[0]["number"], loan["number"]);
    let of_request = p.get(&format!("/api/loaners/loans?request_id={}", request["id"]));
    assert_eq!(numbers(&of_request), vec![loan["number"].as_str().unwrap()]);
}

#[test]
fn the_customer_signs_the_receipt_and_the_return_through_one_time_links() {
    let p = pool();
    let unit = p.unit("PF-200");
    let loan = p.lend_unit(&unit, "2099-03-01");
    let link_path = format!("/api/loaners/loans/{}/hand-over/sign-link", loan["id"]);
    let (status, _) = p.post(&p.sales, &link_path, Value::Null);
    assert_eq!(status, 403, "sales does not lend");
    let (status, link) = p.post(&p.d.dispatcher, &link_path, Value::Null);
    assert_eq!(status, 201, "{link}");
    let token = link["path"].as_str().unwrap().trim_start_matches("/sign/");
    let public = format!("/api/public/sign/{token}");

    let r = p.d.a.server.call("GET", &public, None, None);
    assert_eq!(r.status, 200, "{}", r.text());
    let shown = r.json();
    assert_eq!(shown["kind"], "loan");
    assert_eq!(shown["stage"], "hand_over");
    assert_eq!(shown["loan"]["unit"]["serial_number"], "PF-200");
    assert_eq!(shown["loan"]["customer_name"], "深圳华为技术有限公司");

    let sign = |path: &str, body: Value| p.d.a.server.call("POST", path, None, Some(body));
    let r = sign(&public, json!({"signer_name": "李经理", "strokes": []}));
    assert_eq!(r.status, 422, "{}", r.text());
    let r = sign(
        &public,
        json!({"signer_name": "李经理", "strokes": strokes()}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = sign(
        &public,
        json!({"signer_name": "李经理", "strokes": strokes()}),
    );
    assert_eq!(r.status, 410, "once only: {}", r.text());
    let signed = p.get(&format!("/api/loaners/loans/{}", loan["id"]));
    assert_eq!(signed["state"], "out");
    assert_eq!(signed["hand_over"]["signature"]["via"], "link");
    let (status, _) = p.post(&p.d.dispatcher, &link_path, Value::Null);
    assert_eq!(status, 409, "the receipt is signed");

    let return_link = format!("/api/loaners/loans/{}/return/sign-link", loan["id"]);
    let (status, _) = p.post(&p.d.dispatcher, &return_link, Value::Null);
    assert_eq!(status, 409, "not returned yet");
    let (status, back) = p.give_back(
        &p.d.dispatcher,
        &loan,
        json!({"version": signed["version"], "condition": "完好",
               "accessories_back": ["电源适配器", "电脑包"]}),
    );
    assert_eq!(status, 200, "{back}");
    let (status, link) = p.post(&p.d.dispatcher, &return_link, Value::Null);
    assert_eq!(status, 201, "{link}");
    let public = format!(
        "/api/public/sign/{}",
        link["path"].as_str().unwrap().trim_start_matches("/sign/")
    );
    let shown = p.d.a.server.call("GET", &public, None, None).json();
    assert_eq!(shown["stage"], "return");
    let r = sign(
        &public,
        json!({"signer_name": "李经理", "strokes": strokes()}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let done = p.get(&format!("/api/loaners/loans/{}", loan["id"]));
    assert_eq!(done["returned"]["signature"]["via"], "link");
    assert_eq!(done["state"], "returned");
}

#[test]
fn loans_past_their_due_date_are_overdue_until_returned() {
    let p = pool();
    let late_unit = p.unit("PF-301");
    let fine_unit = p.unit("PF-302");
    let back_unit = p.unit("PF-303");
    // Entered from the paper book: lent in January, due a week later.
    let (status, late) = p.lend(
        &p.storekeeper,
        json!({"unit_id": late_unit["id"], "customer_id": p.customer,
               "due_date": "2025-01-08", "lent_at": "2025-01-01T02:00:00Z"}),
    );
    assert_eq!(status, 201, "{late}");
    assert_eq!(late["overdue"], true);
    let fine = p.lend_unit(&fine_unit, "2099-01-01");
    let (status, back) = p.lend(
        &p.storekeeper,
        json!({"unit_id": back_unit["id"], "customer_id": p.customer,
               "due_date": "2025-01-08", "lent_at": "2025-01-01T02:00:00Z"}),
    );
    assert_eq!(status, 201);
    let (status, _) = p.give_back(
        &p.storekeeper,
        &back,
        json!({"version": back["version"], "condition": "完好"}),
    );
    assert_eq!(status, 200);

    let overdue = p.get("/api/loaners/loans?overdue=true");
    assert_eq!(numbers(&overdue), vec![late["number"].as_str().unwrap()]);
    let out = p.get("/api/loaners/loans?out=true");
    assert_eq!(
        numbers(&out),
        vec![
            late["number"].as_str().unwrap(),
            fine["number"].as_str().unwrap()
        ]
    );
    let mine = p.get(&format!(
        "/api/loaners/loans?customer_id={}&state=returned",
        p.customer
    ));
    assert_eq!(numbers(&mine), vec![back["number"].as_str().unwrap()]);
    assert!(
        numbers(&p.get("/api/loaners/loans?customer_id=999999")).is_empty(),
        "another customer has none"
    );

    let (status, bad) = p.lend(
        &p.storekeeper,
        json!({"unit_id": fine_unit["id"], "customer_id": p.customer, "due_date": "2020-01-01"}),
    );
    assert_eq!(status, 409, "the unit is out first of all: {bad}");
    let spare = p.unit("PF-304");
    let (status, bad) = p.lend(
        &p.storekeeper,
        json!({"unit_id": spare["id"], "customer_id": p.customer, "due_date": "2020-01-01"}),
    );
    assert_eq!(status, 422, "due before the hand-over: {bad}");
    assert!(bad["errors"]["due_date"].is_string());
    let (status, bad) = p.lend(
        &p.storekeeper,
        json!({"unit_id": spare["id"], "customer_id": 424242, "due_date": "2099-01-01"}),
    );
    assert_eq!(status, 422, "{bad}");
    assert!(bad["errors"]["customer_id"].is_string());
}

#[test]
fn the_desk_engineers_and_store_keeper_lend_the_pool_is_theirs_to_manage_and_all_read() {
    let p = pool();
    let unit = p.unit("PF-400");
    let new_unit = json!({"product": "HP LaserJet", "serial_number": "CN-1"});
    for token in [&p.d.dispatcher, &p.d.wang.1, &p.sales] {
        let (status, _) = p.post(token, "/api/loaners", new_unit.clone());
        assert_eq!(status, 403);
    }
    let (status, _) = p.post(&p.d.manager, "/api/loaners", new_unit);
    assert_eq!(status, 201, "the manager adds units");
    let body = json!({"unit_id": unit["id"], "customer_id": p.customer, "due_date": "2099-01-01"});
    let (status, refused) = p.lend(&p.sales, body.clone());
    assert_eq!(status, 403, "{refused}");
    let (status, _) = p.lend(&p.d.a.admin, body.clone());
    assert_eq!(status, 403, "the admin does not lend");
    let (status, loan) = p.lend(&p.storekeeper, body);
    assert_eq!(status, 201);
    let (status, _) = p.sign(&p.sales, &loan, "hand-over", "李经理");
    assert_eq!(status, 403);
    let (status, _) = p.give_back(
        &p.sales,
        &loan,
        json!({"version": loan["version"], "condition": "完好"}),
    );
    assert_eq!(status, 403);
    for token in [&p.sales, &p.d.a.admin] {
        for path in [
            "/api/loaners".to_owned(),
            "/api/loaners/loans".to_owned(),
            format!("/api/loaners/loans/{}", loan["id"]),
        ] {
            let r = p.d.a.server.call("GET", &path, Some(token), None);
            assert_eq!(r.status, 200, "{path}: {}", r.text());
        }
    }
    let r = p.d.a.server.call("GET", "/api/loaners", None, None);
    assert_eq!(r.status, 401);
    let r =
        p.d.a
            .server
            .call("GET", "/api/loaners/loans/424242", Some(&p.sales), None);
    assert_eq!(r.status, 404);
    let r = p.d.a.server.call(
        "POST",
        &format!("/api/loaners/loans/{}/sideways/sign", loan["id"]),
        Some(&p.d.dispatcher),
        Some(json!({"version": 1, "signer_name": "李经理", "strokes": strokes()})),
    );
    assert_eq!(r.status, 404, "{}", r.text());
}

#[test]
fn the_demo_has_a_pool_with_a_unit_out_one_overdue_one_returned_and_one_on_the_shelf() {
    let server = servicebook_tests::TestServer::start_with(&["--demo"]);
    let r = server.login("store.sun", "servicebook demo 2026");
    assert_eq!(r.status, 200, "{}", r.text());
    let token = r.json()["token"].as_str().unwrap().to_owned();
    let get = |path: &str| -> Value {
        let r = server.call("GET", path, Some(&token), None);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        r.json()
    };
    let pool = get("/api/loaners");
    let statuses: Vec<&str> = pool["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["out", "out", "available", "available"]);
    let loans = get("/api/loaners/loans");
    let states: Vec<(&str, bool)> = loans["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["state"].as_str().unwrap(),
                l["overdue"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(states, [("out", false), ("out", true), ("returned", false)]);
    assert_eq!(
        get("/api/loaners/loans?overdue=true")["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let back = &loans["items"][2];
    assert!(
        back["returned"]["signature"]["signer_name"].is_string(),
        "{back}"
    );
    let svg = server.call(
        "GET",
        &format!("/api/loaners/loans/{}/return/signature.svg", back["id"]),
        Some(&token),
        None,
    );
    assert_eq!(svg.status, 200);
}
