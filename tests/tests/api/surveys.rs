//! Satisfaction surveys: made when a request closes with a signed report,
//! sent as a one-time link a customer answers without an account (once,
//! each score 1–5, every unusable link answered alike, guessing slowed
//! down), or answered on a call; a poor score opens a follow-up that
//! reopens the request, whose clocks start again.

use crate::reports::{started, write_and_sign};
use crate::work_orders::{desk, Desk};
use serde_json::{json, Value};

/// A request whose field work was completed with a signed report.
fn completed(d: &Desk) -> Value {
    let (request, wo) = started(d);
    finish(d, &wo);
    request
}

fn finish(d: &Desk, wo: &Value) {
    write_and_sign(&d.a, &d.wang.1, wo["id"].as_u64().unwrap());
    let (status, p) = d.act(&d.wang.1, wo, "request-completion", json!({}));
    assert_eq!(status, 200, "{p}");
    let (status, p) = d.act(&d.manager, wo, "complete", json!({}));
    assert_eq!(status, 200, "{p}");
}

fn surveys_of(d: &Desk, request: &Value) -> Vec<Value> {
    let page = d.get_as(
        &d.manager,
        &format!("/api/surveys?request_id={}", request["id"]),
    );
    page["items"].as_array().unwrap().clone()
}

fn scores(overall: u8) -> Value {
    json!({"response_speed": 5, "professionalism": 4, "attitude": 5, "result": 4,
           "overall": overall, "comment": "工程师很专业"})
}

fn public(d: &Desk, method: &str, token: &str, body: Option<Value>) -> (u16, Value) {
    let r =
        d.a.server
            .call(method, &format!("/api/public/surveys/{token}"), None, body);
    let v = if r.body.is_empty() {
        Value::Null
    } else {
        r.json()
    };
    (r.status, v)
}

fn make_link(d: &Desk, survey: &Value) -> (u16, Value) {
    let version =
        d.get_as(&d.manager, &format!("/api/surveys/{}", survey["id"]))["version"].clone();
    d.a.post(
        &d.manager,
        &format!("/api/surveys/{}/link", survey["id"]),
        json!({ "version": version }),
    )
}

#[test]
fn a_survey_link_is_answered_once_without_an_account() {
    let d = desk();
    let request = completed(&d);
    let list = surveys_of(&d, &request);
    assert_eq!(list.len(), 1, "one survey per completed service");
    let survey = list[0].clone();
    assert_eq!(survey["state"], "to_send");
    assert_eq!(survey["customer_name"], "深圳华为技术有限公司");
    assert_eq!(survey["engineers"][0]["username"], "eng.wang");
    let r = d.get(&format!("/api/requests/{}", request["id"]));
    assert_eq!(r["surveys"], json!([]), "not sent yet");

    // Engineers read the surveys of their own work only, and send none.
    let path = format!("/api/surveys/{}", survey["id"]);
    assert_eq!(
        d.a.server.call("GET", &path, Some(&d.wang.1), None).status,
        200
    );
    assert_eq!(
        d.a.server.call("GET", &path, Some(&d.zhao.1), None).status,
        403
    );
    let (status, _) = d.a.post(
        &d.wang.1,
        &format!("{path}/link"),
        json!({"version": survey["version"]}),
    );
    assert_eq!(status, 403);

    let (status, first) = make_link(&d, &survey);
    assert_eq!(status, 201, "{first}");
    assert!(
        first["qr_svg"].as_str().unwrap().starts_with("<svg"),
        "{first}"
    );
    let old = first["token"].as_str().unwrap().to_owned();
    assert_eq!(first["path"], format!("/survey/{old}"));
    // A second link voids the first.
    let (status, link) = make_link(&d, &survey);
    assert_eq!(status, 201, "{link}");
    let token = link["token"].as_str().unwrap().to_owned();
    let (status, _) = public(&d, "GET", &old, None);
    assert_eq!(status, 404, "the replaced link is dead");

    let r = d.get(&format!("/api/requests/{}", request["id"]));
    let mark = &r["surveys"][0];
    assert_eq!(mark["survey_id"], survey["id"]);
    assert!(
        mark["sent_at"].is_string() && mark["expires_at"].is_string(),
        "{mark}"
    );
    assert!(mark["answered_at"].is_null());

    let (status, shown) = public(&d, "GET", &token, None);
    assert_eq!(status, 200, "{shown}");
    assert_eq!(shown["request_number"], request["number"]);
    assert_eq!(shown["engineers"], json!(["王工"]));
    assert!(
        shown["device"].as_str().unwrap().contains("ThinkSystem"),
        "{shown}"
    );

    // A score outside 1–5: refused, nothing written.
    let (status, p) = public(
        &d,
        "POST",
        &token,
        Some(json!({"response_speed": 6, "professionalism": 0,
        "attitude": 5, "result": 5, "overall": 5, "comment": ""})),
    );
    assert_eq!(status, 422, "{p}");
    assert!(
        p["errors"]["response_speed"].is_string() && p["errors"]["professionalism"].is_string(),
        "{p}"
    );
    let s = d.get_as(&d.manager, &path);
    assert_eq!(
        (s["state"].as_str(), s["answer"].is_null()),
        (Some("sent"), true)
    );

    let (status, p) = public(&d, "POST", &token, Some(scores(5)));
    assert_eq!(status, 200, "{p}");
    let s = d.get_as(&d.manager, &path);
    assert_eq!(s["state"], "answered");
    assert_eq!(s["answer"]["overall"], 5);
    assert!(
        s["follow_up_id"].is_null(),
        "a good score needs no follow-up"
    );
    let r = d.get(&format!("/api/requests/{}", request["id"]));
    assert_eq!(r["surveys"][0]["overall"], 5);
    assert!(r["surveys"][0]["answered_at"].is_string());

    // Answered twice, or an unknown token: the same refusal.
    let (used_status, used) = public(&d, "POST", &token, Some(scores(1)));
    let (unknown_status, unknown) = public(&d, "GET", "not-a-token-at-all", None);
    assert_eq!((used_status, unknown_status), (404, 404));
    assert_eq!(used["detail"], unknown["detail"], "no oracle");
    assert_eq!(
        d.get_as(&d.manager, &path)["answer"]["overall"],
        5,
        "unchanged"
    );

    let stats = d.get_as(&d.manager, "/api/surveys/stats");
    assert_eq!(
        (stats["sent"].as_u64(), stats["answered"].as_u64()),
        (Some(1), Some(1)),
        "{stats}"
    );
    assert_eq!(stats["response_rate"], 1.0);

    // Guessing is slowed down: refusals from one address soon get 429.
    let throttled = (0..12).any(|i| public(&d, "GET", &format!("guess-{i}"), None).0 == 429);
    assert!(throttled);
}

#[test]
fn a_customer_who_turned_surveys_off_gets_none_sent() {
    let d = desk();
    let (request, wo) = started(&d);
    let customer = request["customer_id"].as_u64().unwrap();
    let (_, c) = d.a.get(&format!("/api/customers/{customer}"));
    let r = d.a.server.call(
        "PATCH",
        &format!("/api/customers/{customer}"),
        Some(&d.a.sales),
        Some(json!({"version": c["version"], "surveys_off": true})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["surveys_off"], true);
    finish(&d, &wo);
    let list = surveys_of(&d, &request);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["state"], "not_sent");
    let (status, p) = make_link(&d, &list[0]);
    assert_eq!(status, 409, "{p}");
}

#[test]
fn a_poor_score_opens_a_follow_up_that_reopens_the_request() {
    let d = desk();
    let request = completed(&d);
    let survey = surveys_of(&d, &request)[0].clone();
    let rid = request["id"].as_u64().unwrap();

    // Taken on a follow-up call: overall 2.
    let mut body = scores(2);
    body["version"] = survey["version"].clone();
    body["notes"] = json!("客户说第二天又死机了");
    let (status, s) = d.a.post(
        &d.dispatcher,
        &format!("/api/surveys/{}/call", survey["id"]),
        body,
    );
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["state"], "answered");
    assert_eq!(s["channel"], "call");
    assert!(s["answer"]["by_call"]["called_by"].is_string(), "{s}");
    let follow_up = s["follow_up_id"]
        .as_u64()
        .expect("a poor score opens a follow-up");
    let r = d.get(&format!("/api/requests/{rid}"));
    assert_eq!(r["surveys"][0]["overall"], 2);

    let queue = d.get_as(&d.manager, "/api/follow-ups");
    assert!(
        queue
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == follow_up),
        "{queue}"
    );
    let fpath = format!("/api/follow-ups/{follow_up}");
    let f = d.get_as(&d.manager, &fpath);
    assert_eq!(
        (f["state"].as_str(), f["overall"].as_u64()),
        (Some("open"), Some(2))
    );

    // Only the manager handles it; an engineer cannot reopen the request.
    let (status, _) = d.request_act(&d.wang.1, &request, "reopen", json!({"reason": "x"}));
    assert_eq!(status, 403);
    let (status, _) = d.a.post(
        &d.dispatcher,
        &format!("{fpath}/calls"),
        json!({"version": f["version"], "notes": "已致电"}),
    );
    assert_eq!(status, 403);

    let (status, f) = d.a.post(
        &d.manager,
        &format!("{fpath}/calls"),
        json!({"version": f["version"], "notes": "已致电客户，同意再次上门"}),
    );
    assert_eq!(status, 200, "{f}");
    assert_eq!(f["calls"].as_array().unwrap().len(), 1);

    let (status, p) = d.a.post(
        &d.manager,
        &format!("{fpath}/actions/reopen"),
        json!({"version": f["version"], "reason": "  "}),
    );
    assert_eq!(status, 422, "{p}");
    assert_eq!(
        d.get(&format!("/api/requests/{rid}"))["closed"],
        true,
        "nothing written"
    );

    let (status, f) = d.a.post(
        &d.manager,
        &format!("{fpath}/actions/reopen"),
        json!({"version": f["version"], "reason": "回访不满意：又死机"}),
    );
    assert_eq!(status, 200, "{f}");
    assert_eq!(f["state"], "reopened");
    let r = d.get(&format!("/api/requests/{rid}"));
    assert_eq!(r["closed"], false);
    assert!(
        r["events"].to_string().contains("reopened"),
        "{}",
        r["events"]
    );
    let dispatch = r["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["leg"] == "dispatch")
        .expect("a dispatch clock")
        .clone();
    assert_eq!(
        dispatch["running"], true,
        "waits for an engineer again: {dispatch}"
    );

    // An open request cannot be reopened.
    let (status, p) = d.request_act(&d.manager, &request, "reopen", json!({"reason": "再开"}));
    assert_eq!(status, 409, "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("is not closed"),
        "{p}"
    );

    // Reassigned and completed again: a new survey for the new service.
    let wo = d.work_order(&request, "field");
    let (status, _) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    assert_eq!(status, 200);
    for kind in ["arrived", "left"] {
        let (status, _) = d.step(&d.wang.1, &wo, json!({"kind": kind}));
        assert_eq!(status, 201);
    }
    finish(&d, &wo);
    assert_eq!(surveys_of(&d, &request).len(), 2);

    let (status, f) = d.a.post(
        &d.manager,
        &format!("{fpath}/actions/close"),
        json!({"version": f["version"], "outcome": "satisfied", "note": "客户确认已解决"}),
    );
    assert_eq!(status, 200, "{f}");
    assert_eq!(f["state"], "closed");
    assert_eq!(f["outcome"]["kind"], "satisfied");
    let (status, _) = d.a.post(
        &d.manager,
        &format!("{fpath}/actions/close"),
        json!({"version": f["version"], "outcome": "satisfied"}),
    );
    assert_eq!(status, 409, "closed once");
}

#[test]
fn the_dispatcher_reopens_a_closed_request_with_a_reason() {
    let d = desk();
    let request = completed(&d);
    let (status, p) = d.request_act(&d.dispatcher, &request, "reopen", json!({}));
    assert_eq!(status, 422, "a reason is required: {p}");
    let (status, r) = d.request_act(
        &d.dispatcher,
        &request,
        "reopen",
        json!({"reason": "故障复现"}),
    );
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["closed"], false);
}

#[test]
fn the_demo_shows_surveys_in_every_state_and_both_kinds_of_follow_up() {
    let server = servicebook_tests::TestServer::start_with(&["--demo"]);
    let r = server.login("manager.zhou", "servicebook demo 2026");
    assert_eq!(r.status, 200, "{}", r.text());
    let token = r.json()["token"].as_str().unwrap().to_owned();
    let get = |path: &str| -> Value {
        let r = server.call("GET", path, Some(&token), None);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        r.json()
    };
    let page = get("/api/surveys?limit=500");
    let states: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    for s in ["to_send", "sent", "answered", "expired", "not_sent"] {
        assert!(states.contains(&s), "no {s} survey: {states:?}");
    }
    let open = get("/api/follow-ups");
    let states: Vec<&str> = open
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["state"].as_str().unwrap())
        .collect();
    assert!(
        states.contains(&"open") && states.contains(&"reopened"),
        "{states:?}"
    );
    let reopened = open
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["state"] == "reopened")
        .unwrap();
    let request = get(&format!("/api/requests/{}", reopened["request_id"]));
    assert_eq!(request["closed"], false);
    assert!(
        request["work_order_ids"].as_array().unwrap().len() >= 2,
        "reassigned"
    );
}
