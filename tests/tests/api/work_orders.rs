//! Work orders: dispatch by skill and load, every state action allowed and
//! refused, steps on site feeding the request's clocks, the quote that
//! chargeable work needs, the sale contract field work must be linked to,
//! and the firm's settings behind them.

use crate::archive::{setup, Archive};
use serde_json::{json, Value};
use servicebook_tests::{first_password, user_password};

pub struct Desk {
    pub a: Archive,
    pub dispatcher: String,
    pub manager: String,
    /// (id, token) of the engineer with the fitting skill.
    pub wang: (u64, String),
    /// (id, token) of an engineer without it.
    pub zhao: (u64, String),
}

pub fn engineer(a: &Archive, username: &str, name: &str, skills: &[&str]) -> (u64, String) {
    let one_time = first_password(username);
    let (status, u) = a.post(
        &a.admin,
        "/api/users",
        json!({"username": username, "display_name": name, "roles": ["engineer"],
               "skills": skills, "password": one_time}),
    );
    assert_eq!(status, 201, "{u}");
    let token = a
        .server
        .first_sign_in(username, &one_time, &user_password(username));
    (u["id"].as_u64().unwrap(), token)
}

pub fn desk() -> Desk {
    let a = setup();
    let (_, dispatcher) = a.server.user(&a.admin, "disp.chen", &["dispatcher"]);
    let (_, manager) = a.server.user(&a.admin, "mgr.liu", &["manager"]);
    let wang = engineer(&a, "eng.wang", "王工", &["服务器", "Lenovo"]);
    let zhao = engineer(&a, "eng.zhao", "赵工", &["printer"]);
    Desk {
        a,
        dispatcher,
        manager,
        wang,
        zhao,
    }
}

impl Desk {
    pub fn request(&self, device: Option<u64>, customer: u64, urgency: &str) -> Value {
        let (status, r) = self.a.post(
            &self.dispatcher,
            "/api/requests",
            json!({"source": "phone", "customer_id": customer, "device_id": device,
                   "description": "服务器无法开机", "urgency": urgency, "fault_level": 1}),
        );
        assert_eq!(status, 201, "{r}");
        r
    }

    pub fn work_order(&self, request: &Value, kind: &str) -> Value {
        let (status, wo) = self.a.post(
            &self.dispatcher,
            "/api/work-orders",
            json!({"request_id": request["id"], "kind": kind}),
        );
        assert_eq!(status, 201, "{wo}");
        wo
    }

    /// The work order's current version (as anyone reading it sees it).
    pub fn version_of(&self, wo: &Value) -> Value {
        self.get(&format!("/api/work-orders/{}", wo["id"]))["version"].clone()
    }

    /// `body` with the work order's current version, unless it names one.
    fn at_current(&self, wo: &Value, mut body: Value) -> Value {
        if body.get("version").is_none() {
            body["version"] = self.version_of(wo);
        }
        body
    }

    /// An action at the work order's current version (unless `body` names
    /// one: a stale copy).
    pub fn act(&self, token: &str, wo: &Value, verb: &str, body: Value) -> (u16, Value) {
        let body = self.at_current(wo, body);
        self.act_raw(token, wo, verb, body)
    }

    /// An action with exactly this body.
    pub fn act_raw(&self, token: &str, wo: &Value, verb: &str, body: Value) -> (u16, Value) {
        self.a.post(
            token,
            &format!("/api/work-orders/{}/actions/{verb}", wo["id"]),
            body,
        )
    }

    /// A step at the work order's current version (unless `body` names one).
    pub fn step(&self, token: &str, wo: &Value, body: Value) -> (u16, Value) {
        let body = self.at_current(wo, body);
        self.step_raw(token, wo, body)
    }

    /// A step with exactly this body.
    pub fn step_raw(&self, token: &str, wo: &Value, body: Value) -> (u16, Value) {
        self.a
            .post(token, &format!("/api/work-orders/{}/steps", wo["id"]), body)
    }

    /// The request's current version.
    pub fn request_version(&self, request: &Value) -> Value {
        self.get(&format!("/api/requests/{}", request["id"]))["version"].clone()
    }

    /// A request action (`pause`, `resume`, `close`) at the request's
    /// current version (unless `body` names one).
    pub fn request_act(
        &self,
        token: &str,
        request: &Value,
        verb: &str,
        mut body: Value,
    ) -> (u16, Value) {
        if body.get("version").is_none() {
            body["version"] = self.request_version(request);
        }
        self.a.post(
            token,
            &format!("/api/requests/{}/actions/{verb}", request["id"]),
            body,
        )
    }

    pub fn get_as(&self, token: &str, path: &str) -> Value {
        let r = self.a.server.call("GET", path, Some(token), None);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        r.json()
    }

    pub fn get(&self, path: &str) -> Value {
        let (status, v) = self.a.get(path);
        assert_eq!(status, 200, "{path}: {v}");
        v
    }
}

pub fn covered_device(d: &Desk) -> (u64, u64) {
    let customer =
        d.a.customer("深圳华为技术有限公司", "李经理", "13800138000");
    // Installed this year: in its free warranty.
    let install = chrono::Utc::now().format("%Y-01-02").to_string();
    let device = d.a.device(customer, "SN-WO-1", &install);
    (customer, device)
}

#[test]
fn a_request_goes_from_dispatch_to_completion_and_every_wrong_move_is_refused() {
    let d = desk();
    let (customer, device) = covered_device(&d);
    let request = d.request(Some(device), customer, "urgent");
    let wo = d.work_order(&request, "field");
    let year = chrono::Utc::now().format("%Y").to_string();
    assert_eq!(wo["number"], format!("WO-{year}-000001"));
    assert_eq!(wo["state"], "requested");
    assert_eq!(
        wo["description"], "服务器无法开机",
        "the request's words by default"
    );

    // The engineer whose skills fit the device is suggested.
    let ranked = d.get_as(
        &d.dispatcher,
        &format!("/api/work-orders/{}/candidates", wo["id"]),
    );
    assert_eq!(ranked[0]["user_id"], d.wang.0);
    assert_eq!(ranked[0]["suggested"], true);
    assert!(ranked[0]["matching_skills"]
        .as_array()
        .unwrap()
        .contains(&json!("Lenovo")));
    let (status, _) = d.a.post(
        &d.wang.1,
        "/api/work-orders",
        json!({"request_id": request["id"], "kind": "support"}),
    );
    assert_eq!(status, 403, "engineers do not open work orders");

    // Refused before dispatch.
    let (status, p) = d.act(&d.wang.1, &wo, "start", json!({}));
    assert_eq!(status, 403, "not assigned yet: {p}");
    let (status, p) = d.act(&d.manager, &wo, "start", json!({}));
    assert_eq!(status, 409, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("requested"), "{p}");
    let (status, p) = d.act(&d.dispatcher, &wo, "dispatch", json!({"assignees": []}));
    assert_eq!(status, 422);
    assert!(p["errors"]["assignees"].is_string());
    let (status, p) = d.act(&d.dispatcher, &wo, "fly", json!({}));
    assert_eq!(status, 404, "{p}");

    // Dispatched to 赵工, then reassigned to 王工: the history keeps both.
    let (status, wo1) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.zhao.0], "version": wo["version"]}),
    );
    assert_eq!(status, 200, "{wo1}");
    assert_eq!(wo1["state"], "dispatched");
    let (status, p) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.wang.0], "version": wo["version"]}),
    );
    assert_eq!(status, 409, "a second dispatcher on a stale copy: {p}");
    let (status, wo2) = d.act(
        &d.dispatcher,
        &wo1,
        "dispatch",
        json!({"assignees": [d.wang.0], "version": wo1["version"]}),
    );
    assert_eq!(status, 200, "{wo2}");
    assert_eq!(wo2["assignee_names"], json!(["王工"]));
    let history = wo2["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["assignees"], json!([d.zhao.0]));
    let (status, _) = d.step(&d.zhao.1, &wo, json!({"kind": "called"}));
    assert_eq!(status, 403, "赵工 no longer has it");
    let my = d.get_as(&d.wang.1, "/api/work-orders?assignee=me");
    assert_eq!(my["items"].as_array().unwrap().len(), 1);
    let theirs = d.get_as(&d.zhao.1, "/api/work-orders?assignee=me");
    assert!(theirs["items"].as_array().unwrap().is_empty());

    // Steps on site run the request's clocks.
    let (status, p) = d.step(&d.wang.1, &wo, json!({"kind": "left"}));
    assert_eq!(status, 409, "not arrived yet: {p}");
    let (status, _) = d.step(
        &d.wang.1,
        &wo,
        json!({"kind": "called", "note": "约好上门"}),
    );
    assert_eq!(status, 201);
    let (status, w) = d.step(&d.wang.1, &wo, json!({"kind": "arrived"}));
    assert_eq!(status, 201, "{w}");
    assert_eq!(w["state"], "in_progress", "arriving starts the work");
    assert_eq!(w["on_site"], true);
    let r = d.get(&format!("/api/requests/{}", request["id"]));
    let on_site = r["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["leg"] == "on_site")
        .unwrap();
    assert!(on_site["met_at"].is_string(), "{on_site}");
    let call_back = r["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["leg"] == "call_back")
        .unwrap();
    assert_eq!(call_back["breached"], false);
    let (status, p) = d.act(&d.wang.1, &wo, "request-completion", json!({}));
    assert_eq!(status, 409, "still on site: {p}");
    let (status, _) = d.step(&d.wang.1, &wo, json!({"kind": "left"}));
    assert_eq!(status, 201);

    // An extension: asked by the engineer, decided by the manager only.
    let until = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
    let (status, p) = d.act(&d.wang.1, &wo, "request-extension", json!({"until": until}));
    assert_eq!(status, 422, "needs a reason: {p}");
    let (status, w) = d.act(
        &d.wang.1,
        &wo,
        "request-extension",
        json!({"reason": "等待厂商主板", "until": until, "leg": "report_filed"}),
    );
    assert_eq!(status, 200, "{w}");
    assert_eq!(w["state"], "extension_requested");
    let waiting = d.get_as(&d.manager, "/api/work-orders?state=extension_requested");
    assert_eq!(waiting["items"][0]["id"], wo["id"]);
    let (status, _) = d.act(&d.wang.1, &wo, "approve-extension", json!({}));
    assert_eq!(status, 403);
    let (status, w) = d.act(&d.manager, &wo, "approve-extension", json!({}));
    assert_eq!(status, 200, "{w}");
    let r = d.get(&format!("/api/requests/{}", request["id"]));
    let filed = r["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["leg"] == "report_filed")
        .unwrap();
    assert_eq!(filed["extension"]["approved_by"], "mgr.liu");
    assert_eq!(filed["extension"]["reason"], "等待厂商主板");
    assert_ne!(filed["due_at"], filed["first_due_at"]);

    // Completion: asked, sent back once, asked again, completed.
    let (status, _) = d.act(&d.manager, &wo, "complete", json!({}));
    assert_eq!(status, 409, "completion is asked for first");
    let (status, p) = d.act(&d.wang.1, &wo, "request-completion", json!({}));
    assert_eq!(status, 409, "field work needs the signed report: {p}");
    crate::reports::write_and_sign(&d.a, &d.wang.1, wo["id"].as_u64().unwrap());
    let (status, _) = d.act(&d.wang.1, &wo, "request-completion", json!({}));
    assert_eq!(status, 200);
    let (status, p) = d.act(&d.manager, &wo, "refuse-completion", json!({}));
    assert_eq!(status, 422, "{p}");
    let (status, w) = d.act(
        &d.manager,
        &wo,
        "refuse-completion",
        json!({"reason": "客户未确认"}),
    );
    assert_eq!(status, 200);
    assert_eq!(w["state"], "in_progress");
    d.act(&d.wang.1, &wo, "request-completion", json!({}));
    let (status, _) = d.act(&d.wang.1, &wo, "complete", json!({}));
    assert_eq!(status, 403);
    let (status, done) = d.act(&d.manager, &wo, "complete", json!({}));
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["state"], "completed");
    let r = d.get(&format!("/api/requests/{}", request["id"]));
    assert_eq!(r["closed"], true, "its only work is done");
    assert!(r["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["running"] == false));
    for verb in ["dispatch", "start", "cancel", "complete"] {
        let (status, p) = d.act(
            &d.manager,
            &wo,
            verb,
            json!({"assignees": [d.wang.0], "reason": "x"}),
        );
        assert_eq!(status, 409, "{verb} on completed work: {p}");
    }
    let (status, p) = d.a.post(
        &d.dispatcher,
        "/api/work-orders",
        json!({"request_id": request["id"], "kind": "support"}),
    );
    assert_eq!(status, 409, "the request is closed: {p}");

    let trail = d.get(&format!(
        "/api/audit?record_type=work_orders&record_id={}",
        wo["id"]
    ));
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "create",
        "dispatch",
        "step-arrived",
        "approve-extension",
        "complete",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
}

#[test]
fn dispatch_refuses_disabled_people_and_non_engineers_and_cancelling_needs_a_reason() {
    let d = desk();
    let (customer, device) = covered_device(&d);
    let request = d.request(Some(device), customer, "normal");
    let wo = d.work_order(&request, "support");
    let (_, me) = d.a.server.user(&d.a.admin, "sales.he", &["sales"]);
    let me_id = d.get_as(&me, "/api/auth/me")["id"].clone();
    let (status, p) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [me_id]}),
    );
    assert_eq!(status, 422);
    assert!(
        p["errors"]["assignees"]
            .as_str()
            .unwrap()
            .contains("not an engineer"),
        "{p}"
    );
    let zhao = d.get_as(&d.a.admin, &format!("/api/users/{}", d.zhao.0));
    let (status, _) = d.a.post(
        &d.a.admin,
        &format!("/api/users/{}/actions/disable", d.zhao.0),
        json!({"version": zhao["version"]}),
    );
    assert_eq!(status, 200);
    let (status, p) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.zhao.0]}),
    );
    assert_eq!(status, 422);
    assert!(
        p["errors"]["assignees"]
            .as_str()
            .unwrap()
            .contains("disabled"),
        "{p}"
    );
    let (status, p) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [987654]}),
    );
    assert_eq!(status, 422, "{p}");
    let (status, _) = d.act(&d.dispatcher, &wo, "cancel", json!({}));
    assert_eq!(status, 422);
    let (status, w) = d.act(
        &d.dispatcher,
        &wo,
        "cancel",
        json!({"reason": "客户自行解决"}),
    );
    assert_eq!(status, 200);
    assert_eq!(w["state"], "cancelled");
    let r = d.get(&format!("/api/requests/{}", request["id"]));
    assert_eq!(
        r["closed"], false,
        "cancelled work does not settle the request"
    );
}

#[test]
fn chargeable_work_waits_for_an_approved_quote_and_big_sales_must_be_linked() {
    let d = desk();
    let customer = d.a.customer("Acme Printing Ltd", "Joe", "555-0101");
    let old = d.a.device(customer, "SN-OLD-WO", "2019-03-01");
    let request = d.request(Some(old), customer, "normal");
    assert_eq!(request["coverage"]["chargeable"], true);
    let wo = d.work_order(&request, "field");
    assert_eq!(wo["chargeable"], true);
    let (status, w) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    assert_eq!(status, 200, "{w}");
    let (status, p) = d.act(&d.wang.1, &wo, "start", json!({}));
    assert_eq!(status, 409);
    assert!(p["detail"].as_str().unwrap().contains("quote"), "{p}");
    let (status, p) = d.step(&d.wang.1, &wo, json!({"kind": "arrived"}));
    assert_eq!(status, 409, "arriving does not start it either: {p}");
    let (status, p) = d.act(
        &d.dispatcher,
        &wo,
        "approve-quote",
        json!({"approved_by": "Joe"}),
    );
    assert_eq!(status, 409, "no quote yet: {p}");

    let settings = d.get("/api/settings");
    assert_eq!(settings["hourly_rate"], 30000, "in minor units (分)");
    let quote = |version: &Value, hours: f64| {
        d.a.server.call("PUT", &format!("/api/work-orders/{}/quote", wo["id"]), Some(&d.dispatcher),
            Some(json!({"version": version, "hours": hours, "travel": true, "parts_amount": 12050, "parts_note": "fuser"})))
    };
    let r = quote(&w["version"], -2.0);
    assert_eq!(r.status, 422, "{}", r.text());
    let r = quote(&w["version"], 2.0);
    assert_eq!(r.status, 200, "{}", r.text());
    let q = r.json();
    assert_eq!(
        q["quote"]["total"], 82050,
        "2 h × 300 + 100 travel + 120.5 parts"
    );
    let (status, p) = d.act(&d.dispatcher, &wo, "approve-quote", json!({}));
    assert_eq!(status, 422, "{p}");
    let (status, a) = d.act(
        &d.dispatcher,
        &wo,
        "approve-quote",
        json!({"approved_by": "Joe (phone)"}),
    );
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["quote"]["approved"]["by"], "Joe (phone)");
    let r = quote(&a["version"], 3.0);
    assert_eq!(r.status, 409, "an approved quote is frozen: {}", r.text());
    let (status, w) = d.act(&d.wang.1, &wo, "start", json!({}));
    assert_eq!(status, 200, "{w}");

    // A big sale contract on the device: field work is linked before dispatch.
    let other = d.a.device(customer, "SN-BIG-SALE", "2026-01-02");
    let (status, c) = d.a.post(
        &d.a.sales,
        "/api/contracts",
        json!({
        "number": "XS-2026-088", "kind": "sale", "customer_id": customer, "value": 8_600_000,
        "start_date": "2026-01-01", "end_date": "2099-12-31", "device_ids": [other],
        "scope": {"remote_support": true}}),
    );
    assert_eq!(status, 201, "{c}");
    let big = d.request(Some(other), customer, "normal");
    let support = d.work_order(&big, "support");
    let (status, _) = d.act(
        &d.dispatcher,
        &support,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    assert_eq!(status, 200, "support work needs no link");
    let (status, field) = d.a.post(
        &d.dispatcher,
        "/api/work-orders",
        json!({"request_id": big["id"], "kind": "field", "contract_id": null}),
    );
    assert_eq!(status, 201);
    // The request on the device was covered by the sale contract: its work
    // is linked from the start. A call the maintenance contract covers is
    // not, and its field work waits for the sale contract's link.
    assert_eq!(field["contract_id"], c["id"]);
    let (status, m) = d.a.post(
        &d.a.sales,
        "/api/contracts",
        json!({
        "number": "WB-2026-031", "kind": "maintenance", "customer_id": customer,
        "start_date": "2026-01-01", "end_date": "2099-12-31",
        "scope": {"remote_support": true, "onsite_repair": true}}),
    );
    assert_eq!(status, 201, "{m}");
    let loose = d.request(None, customer, "normal");
    assert_eq!(loose["coverage"]["contract_id"], m["id"]);
    let (status, field2) = d.a.post(
        &d.dispatcher,
        "/api/work-orders",
        json!({"request_id": loose["id"], "kind": "field"}),
    );
    assert_eq!(status, 201, "{field2}");
    let (status, p) = d.act(
        &d.dispatcher,
        &field2,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    assert_eq!(status, 409, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("XS-2026-088"), "{p}");
    let (status, w) = d.act(
        &d.dispatcher,
        &field2,
        "dispatch",
        json!({"assignees": [d.wang.0], "contract_id": c["id"]}),
    );
    assert_eq!(status, 200, "{w}");
    assert_eq!(w["contract_id"], c["id"]);
}

#[test]
fn requests_pause_while_waiting_and_close_only_without_open_work() {
    let d = desk();
    let (customer, device) = covered_device(&d);
    let request = d.request(Some(device), customer, "normal");
    let act = |verb: &str, body: Value| d.request_act(&d.dispatcher, &request, verb, body);
    let (status, p) = act("pause", json!({}));
    assert_eq!(status, 422, "{p}");
    let (status, r) = act("pause", json!({"waiting_for": "waiting_for_customer"}));
    assert_eq!(status, 200, "{r}");
    let visit = r["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["leg"] == "visit_booked")
        .unwrap();
    assert_eq!(visit["paused"], true, "{visit}");
    let (status, _) = act("pause", json!({"waiting_for": "waiting_for_parts"}));
    assert_eq!(status, 409, "already paused");
    let (status, r) = act("resume", json!({"version": r["version"]}));
    assert_eq!(status, 200);
    let (status, _) = act("resume", json!({}));
    assert_eq!(status, 409, "not paused");
    let wo = d.work_order(&r, "support");
    let (status, p) = act("close", json!({"note": "电话指导解决"}));
    assert_eq!(status, 409, "{p}");
    d.act(
        &d.dispatcher,
        &wo,
        "cancel",
        json!({"reason": "电话指导已解决"}),
    );
    let (status, r) = act("close", json!({"note": "电话指导解决"}));
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["closed"], true);
    assert_eq!(r["closing_note"], "电话指导解决");
    let (status, _) = act("resume", json!({}));
    assert_eq!(status, 409, "closed");
    let (status, p) = d.request_act(&d.wang.1, &request, "close", json!({"note": "x"}));
    assert_eq!(
        status, 403,
        "an engineer acts only on requests they work on: {p}"
    );
}
