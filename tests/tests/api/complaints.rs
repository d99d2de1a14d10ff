//! Complaints (投诉): logged by the desk or sales about named staff,
//! acknowledged and closed by the manager against their clocks, counted
//! per person, and the refusals (unknown person, another customer's
//! request, missing findings, stale version, wrong state, wrong role).

use crate::work_orders::{desk, Desk};
use serde_json::{json, Value};

struct Case {
    d: Desk,
    customer: u64,
    request: Value,
}

fn case() -> Case {
    let d = desk();
    let customer =
        d.a.customer("深圳华为技术有限公司", "李经理", "13800138000");
    let request = d.request(None, customer, "normal");
    Case {
        d,
        customer,
        request,
    }
}

impl Case {
    fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        self.d.a.post(token, path, body)
    }

    fn get_as(&self, token: &str, path: &str) -> (u16, Value) {
        let r = self.d.a.server.call("GET", path, Some(token), None);
        (r.status, r.json())
    }

    fn log(&self, token: &str, body: Value) -> (u16, Value) {
        self.post(token, "/api/complaints", body)
    }

    fn logged(&self, persons: &[&str]) -> Value {
        let (status, c) = self.log(
            &self.d.dispatcher,
            json!({"source": "phone", "customer_id": self.customer,
                   "request_id": self.request["id"], "persons": persons,
                   "summary": "工程师未按约定时间到场，也没有提前通知"}),
        );
        assert_eq!(status, 201, "{c}");
        c
    }

    fn act(&self, token: &str, c: &Value, verb: &str, body: Value) -> (u16, Value) {
        self.post(
            token,
            &format!("/api/complaints/{}/actions/{verb}", c["id"]),
            body,
        )
    }

    fn close(&self, c: &Value, outcome: &str) -> Value {
        let (status, acked) = self.act(
            &self.d.manager,
            c,
            "acknowledge",
            json!({"version": c["version"]}),
        );
        assert_eq!(status, 200, "{acked}");
        let (status, closed) = self.act(
            &self.d.manager,
            &acked,
            "close",
            json!({"version": acked["version"], "findings": "查明属实", "action": "已约谈工程师",
                   "outcome": outcome}),
        );
        assert_eq!(status, 200, "{closed}");
        closed
    }
}

#[test]
fn a_complaint_is_logged_acknowledged_and_closed_by_the_manager() {
    let c = case();
    let logged = c.logged(&["eng.wang", "eng.wang"]);
    assert!(logged["number"].as_str().unwrap().starts_with("CP-"));
    assert_eq!(logged["state"], "open");
    assert_eq!(logged["persons"], json!(["eng.wang"]));
    assert_eq!(logged["person_names"], json!(["王工"]));
    assert_eq!(logged["request_number"], c.request["number"]);
    assert_eq!(logged["logged_by"], "disp.chen");
    assert_eq!(logged["clocks"]["acknowledge"]["breached"], false);
    assert_eq!(logged["clocks"]["acknowledge"]["business_days"], 1);
    assert_eq!(logged["clocks"]["close"]["business_days"], 5);

    // Closing before it is acknowledged: 409, nothing changes.
    let (status, p) = c.act(
        &c.d.manager,
        &logged,
        "close",
        json!({"version": logged["version"], "findings": "x", "action": "y", "outcome": "upheld"}),
    );
    assert_eq!(status, 409, "{p}");

    let (status, acked) = c.act(
        &c.d.manager,
        &logged,
        "acknowledge",
        json!({"version": logged["version"], "note": "已电话联系客户"}),
    );
    assert_eq!(status, 200, "{acked}");
    assert_eq!(acked["state"], "acknowledged");
    assert_eq!(acked["acknowledged_by"], "mgr.liu");
    assert!(acked["clocks"]["acknowledge"]["met_at"].is_string());

    // Acknowledging twice: 409 (the state), a stale version: 409.
    let (status, _) = c.act(
        &c.d.manager,
        &acked,
        "acknowledge",
        json!({"version": acked["version"]}),
    );
    assert_eq!(status, 409);
    let (status, _) = c.act(
        &c.d.manager,
        &acked,
        "close",
        json!({"version": logged["version"], "findings": "x", "action": "y", "outcome": "upheld"}),
    );
    assert_eq!(status, 409);

    // Findings, action and outcome are required.
    let (status, p) = c.act(
        &c.d.manager,
        &acked,
        "close",
        json!({"version": acked["version"], "action": "已约谈"}),
    );
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["findings"].is_string(), "{p}");
    assert!(p["errors"]["outcome"].is_string(), "{p}");
    // No version at all: 422 naming it.
    let (status, p) = c.act(&c.d.manager, &acked, "close", json!({"findings": "x"}));
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["version"].is_string(), "{p}");

    let (status, closed) = c.act(
        &c.d.manager,
        &acked,
        "close",
        json!({"version": acked["version"], "findings": "工程师路上堵车，未通知客户",
               "action": "已约谈工程师，向客户致歉", "outcome": "partly_upheld"}),
    );
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["outcome"], "partly_upheld");
    assert_eq!(closed["closed_by"], "mgr.liu");
    let (_, read) = c.get_as(
        &c.d.dispatcher,
        &format!("/api/complaints/{}", logged["id"]),
    );
    assert_eq!(read["findings"], "工程师路上堵车，未通知客户");
    // Every step is in the audit trail.
    let (status, trail) = c.get_as(
        &c.d.manager,
        &format!(
            "/api/audit?record_type=complaints&record_id={}",
            logged["id"]
        ),
    );
    assert_eq!(status, 200, "{trail}");
    assert!(trail["items"].as_array().unwrap().len() >= 3, "{trail}");
}

#[test]
fn bad_complaints_are_refused_whole_naming_the_field() {
    let c = case();
    let base = json!({"source": "sales", "customer_id": c.customer, "persons": ["eng.wang"],
                      "summary": "工程师与客户沟通后未汇报"});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    let (status, p) = c.log(
        &c.d.a.sales,
        with("persons", json!(["eng.wang", "nobody.here"])),
    );
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["persons"]
        .as_str()
        .unwrap()
        .contains("nobody.here"));
    let (status, p) = c.log(&c.d.a.sales, with("request_id", json!(999_999)));
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["request_id"].is_string());
    let other = c.d.a.customer("另一家公司", "王", "13900139000");
    let (status, p) = c.log(&c.d.a.sales, with("customer_id", json!(other)).clone());
    assert_eq!(status, 201, "{p}");
    let mut b = with("customer_id", json!(other));
    b["request_id"] = c.request["id"].clone();
    let (status, p) = c.log(&c.d.a.sales, b);
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["request_id"].is_string());
    let (status, p) = c.log(&c.d.a.sales, with("work_order_id", json!(999_999)));
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["work_order_id"].is_string());
    let (status, p) = c.log(&c.d.a.sales, with("summary", json!("  ")));
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["summary"].is_string());
    let (status, p) = c.log(
        &c.d.a.sales,
        with("received_at", json!("2999-01-01T00:00:00Z")),
    );
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["received_at"].is_string());
    // Nothing half-written: only the one good complaint exists.
    let (_, all) = c.get_as(&c.d.manager, "/api/complaints");
    assert_eq!(all["items"].as_array().unwrap().len(), 1, "{all}");
    assert_eq!(all["items"][0]["number"].as_str().unwrap().len(), 14);
}

#[test]
fn only_the_manager_handles_and_an_engineer_reads_only_complaints_naming_them() {
    let c = case();
    let about_wang = c.logged(&["eng.wang"]);
    let about_zhao = c.logged(&["eng.zhao"]);
    let (wang_id, wang) = &c.d.wang;
    let _ = wang_id;
    // An engineer may neither log nor acknowledge.
    let (status, _) = c.log(
        wang,
        json!({"source": "phone", "customer_id": c.customer, "summary": "x"}),
    );
    assert_eq!(status, 403);
    for token in [wang, &c.d.dispatcher, &c.d.a.sales] {
        let (status, _) = c.act(
            token,
            &about_wang,
            "acknowledge",
            json!({"version": about_wang["version"]}),
        );
        assert_eq!(status, 403);
    }
    // Their own complaint: yes; a colleague's: no.
    let (status, _) = c.get_as(wang, &format!("/api/complaints/{}", about_wang["id"]));
    assert_eq!(status, 200);
    let (status, _) = c.get_as(wang, &format!("/api/complaints/{}", about_zhao["id"]));
    assert_eq!(status, 403);
    // Nor its history in the audit trail.
    let trail = |id: &Value| format!("/api/audit?record_type=complaints&record_id={id}");
    let (status, _) = c.get_as(wang, &trail(&about_zhao["id"]));
    assert_eq!(status, 403);
    let (status, _) = c.get_as(wang, &trail(&about_wang["id"]));
    assert_eq!(status, 200);
    let (status, mine) = c.get_as(wang, "/api/complaints");
    assert_eq!(status, 200);
    let mine = mine["items"].as_array().unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], about_wang["id"]);
    let (status, _) = c.get_as(wang, "/api/complaints?person=eng.zhao");
    assert_eq!(status, 403);
    let (status, _) = c.get_as(wang, "/api/complaints/counts");
    assert_eq!(status, 403);
    // Sales reads them all, and may pick people for the form.
    let (status, all) = c.get_as(&c.d.a.sales, "/api/complaints");
    assert_eq!(status, 200);
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    let (status, people) = c.get_as(&c.d.a.sales, "/api/complaints/people");
    assert_eq!(status, 200);
    assert!(people
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["username"] == "eng.wang" && p["display_name"] == "王工"));
}

#[test]
fn filters_find_complaints_by_state_person_customer_and_request() {
    let c = case();
    let first = c.logged(&["eng.wang"]);
    c.logged(&["eng.zhao"]);
    c.close(&first, "upheld");
    let count = |q: &str| {
        let (status, page) = c.get_as(&c.d.manager, &format!("/api/complaints?{q}"));
        assert_eq!(status, 200, "{q}: {page}");
        page["items"].as_array().unwrap().len()
    };
    assert_eq!(count("state=open"), 1);
    assert_eq!(count("state=closed"), 1);
    assert_eq!(count("person=eng.wang"), 1);
    assert_eq!(count(&format!("customer_id={}", c.customer)), 2);
    assert_eq!(count(&format!("request_id={}", c.request["id"])), 2);
    assert_eq!(count("request_id=999999"), 0);
    assert_eq!(count("to=2000-01-01T00:00:00Z"), 0);
    assert_eq!(count("from=2000-01-01T00:00:00Z"), 2);
    assert_eq!(count("state=open&from=2000-01-01T00:00:00Z"), 1);
    assert_eq!(count("limit=1"), 1);
    let (status, p) = c.get_as(&c.d.manager, "/api/complaints?state=lost");
    assert_eq!(status, 422, "{p}");
    let (_, page) = c.get_as(&c.d.manager, "/api/complaints?limit=1");
    let next = page["next_cursor"].as_str().unwrap();
    assert_eq!(count(&format!("limit=1&cursor={next}")), 1);
}

#[test]
fn counts_per_person_show_received_upheld_and_open() {
    let c = case();
    let a = c.logged(&["eng.wang", "eng.zhao"]);
    let b = c.logged(&["eng.wang"]);
    let n = c.logged(&["eng.zhao"]);
    c.logged(&["eng.wang"]);
    c.close(&a, "upheld");
    c.close(&b, "partly_upheld");
    c.close(&n, "not_upheld");
    let (status, counts) = c.get_as(&c.d.manager, "/api/complaints/counts");
    assert_eq!(status, 200, "{counts}");
    let row = |u: &str| {
        counts
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["username"] == u)
            .map(|p| {
                (
                    p["received"].clone(),
                    p["upheld"].clone(),
                    p["open"].clone(),
                )
            })
            .unwrap()
    };
    assert_eq!(row("eng.wang"), (json!(3), json!(2), json!(1)));
    assert_eq!(row("eng.zhao"), (json!(2), json!(1), json!(0)));
    assert_eq!(counts[0]["username"], "eng.wang");
    assert_eq!(counts[0]["name"], "王工");
    // A period before any of them: nothing.
    let (_, none) = c.get_as(
        &c.d.manager,
        "/api/complaints/counts?from=2000-01-01T00:00:00Z&to=2000-02-01T00:00:00Z",
    );
    assert_eq!(none, json!([]));

    // The KPIs count the same complaints for each engineer, the customer
    // and the firm over a period that holds today.
    let today = chrono::Utc::now().date_naive();
    let period = format!(
        "from={}&to={}",
        today - chrono::Duration::days(1),
        today + chrono::Duration::days(1)
    );
    let figures = |dim: &str| {
        let (status, k) = c.get_as(&c.d.manager, &format!("/api/kpi?{period}{dim}"));
        assert_eq!(status, 200, "{k}");
        (
            k["complaints"]["received"].clone(),
            k["complaints"]["upheld"].clone(),
            k["complaints"]["open"].clone(),
        )
    };
    assert_eq!(
        figures("&engineer=eng.wang"),
        (json!(3), json!(2), json!(1))
    );
    assert_eq!(
        figures("&engineer=eng.zhao"),
        (json!(2), json!(1), json!(0))
    );
    let customer = format!("&customer_id={}", c.customer);
    assert_eq!(figures(&customer), (json!(4), json!(2), json!(1)));
    assert_eq!(figures(""), (json!(4), json!(2), json!(1)));
    let (_, before) = c.get_as(&c.d.manager, "/api/kpi?from=2000-01-01&to=2000-01-31");
    assert_eq!(before["complaints"]["received"], 0);
}

#[test]
fn a_complaint_received_friday_afternoon_is_due_for_acknowledgement_on_monday() {
    let c = case();
    // Friday 2025-11-28, 15:00 in Shanghai (the default business hours:
    // Monday to Friday, 09:00–18:00, UTC+8).
    let (status, logged) = c.log(
        &c.d.a.sales,
        json!({"source": "email", "customer_id": c.customer, "summary": "报告未提交",
               "received_at": "2025-11-28T07:00:00Z"}),
    );
    assert_eq!(status, 201, "{logged}");
    assert!(logged["number"].as_str().unwrap().starts_with("CP-2025-"));
    let ack = &logged["clocks"]["acknowledge"];
    assert_eq!(ack["due_at"], "2025-12-01T07:00:00Z", "{ack}");
    assert_eq!(ack["breached"], true, "long past, not acknowledged");
    assert!(ack["minutes_left"].as_i64().unwrap() < 0);
    assert_eq!(logged["clocks"]["close"]["due_at"], "2025-12-05T07:00:00Z");
}

#[test]
fn the_firm_sets_both_clocks_in_business_days() {
    let c = case();
    let mut s = c.d.get("/api/settings");
    assert_eq!(s["complaint_ack_business_days"], 1);
    assert_eq!(s["complaint_close_business_days"], 5);
    s["complaint_close_business_days"] = json!(31);
    let r =
        c.d.a
            .server
            .call("PUT", "/api/settings", Some(&c.d.manager), Some(s.clone()));
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.json()["errors"]["complaint_close_business_days"].is_string());
    s["complaint_ack_business_days"] = json!(2);
    s["complaint_close_business_days"] = json!(10);
    let r =
        c.d.a
            .server
            .call("PUT", "/api/settings", Some(&c.d.manager), Some(s));
    assert_eq!(r.status, 200, "{}", r.text());
    // Friday 2025-11-28 15:00 Shanghai: two business days → Tuesday 15:00.
    let (status, logged) = c.log(
        &c.d.dispatcher,
        json!({"source": "phone", "customer_id": c.customer, "summary": "无人回电",
               "received_at": "2025-11-28T07:00:00Z"}),
    );
    assert_eq!(status, 201, "{logged}");
    assert_eq!(
        logged["clocks"]["acknowledge"]["due_at"],
        "2025-12-02T07:00:00Z"
    );
    assert_eq!(logged["clocks"]["close"]["due_at"], "2025-12-12T07:00:00Z");
}

#[test]
fn a_work_order_of_another_customer_is_refused_and_one_of_the_customer_fills_the_request() {
    let c = case();
    let wo = c.d.work_order(&c.request, "field");
    let other = c.d.a.customer("另一家公司", "王", "13900139000");
    let (status, p) = c.log(
        &c.d.dispatcher,
        json!({"source": "phone", "customer_id": other, "work_order_id": wo["id"],
               "summary": "x"}),
    );
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["work_order_id"].is_string(), "{p}");
    let (status, logged) = c.log(
        &c.d.dispatcher,
        json!({"source": "phone", "customer_id": c.customer, "work_order_id": wo["id"],
               "summary": "x"}),
    );
    assert_eq!(status, 201, "{logged}");
    assert_eq!(logged["request_id"], c.request["id"]);
    assert_eq!(logged["work_order_number"], wo["number"]);
}
