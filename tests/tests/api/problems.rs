//! Errors are RFC 9457 problem+json, whatever produced them.

use servicebook_tests::{Reply, TestServer};

fn assert_problem(r: &Reply, status: u16) -> serde_json::Value {
    assert_eq!(r.status, status, "{}", r.text());
    assert_eq!(
        r.header("content-type"),
        "application/problem+json",
        "{}",
        r.text()
    );
    let p = r.json();
    assert_eq!(p["status"], status);
    assert!(p["type"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(p["title"].as_str().is_some_and(|t| !t.is_empty()));
    p
}

#[test]
fn an_unknown_api_route_is_a_problem_not_the_app() {
    let server = TestServer::start();
    for path in ["/api/nope", "/api/customers/42/nothing", "/api/"] {
        let p = assert_problem(&server.get(path), 404);
        assert_eq!(p["type"], "/problems/not-found");
    }
}

#[test]
fn a_wrong_method_is_a_problem() {
    let server = TestServer::start();
    let r = server.send("DELETE", "/api/health", &[], b"");
    assert!(r.status == 404 || r.status == 405, "{}", r.status);
    assert_problem(&r, r.status);
}

#[test]
fn malformed_json_wrong_types_and_unknown_fields_are_problems() {
    let server = TestServer::start();
    let json = [("content-type", "application/json")];
    let p = assert_problem(
        &server.send("POST", "/api/auth/login", &json, b"{\"username\": "),
        400,
    );
    assert!(p["detail"].as_str().unwrap().contains("not valid JSON"));
    let p = assert_problem(
        &server.send(
            "POST",
            "/api/auth/login",
            &json,
            br#"{"username": 5, "password": "x"}"#,
        ),
        422,
    );
    // A wrong type names its field in words, never serde's message.
    assert_eq!(
        p["errors"]["username"], "expected text, not a number",
        "{p}"
    );
    assert_eq!(p["codes"]["username"], "wrong_type", "{p}");
    assert!(
        !p["detail"].as_str().unwrap().contains("invalid type"),
        "{p}"
    );
    let p = assert_problem(
        &server.send("POST", "/api/auth/login", &json, br#"{"username": "a"}"#),
        422,
    );
    assert!(p["errors"]["password"].is_string(), "{p}");
    let p = assert_problem(
        &server.send(
            "POST",
            "/api/auth/login",
            &json,
            br#"{"username": "a", "password": "b", "role": "admin"}"#,
        ),
        422,
    );
    assert!(p["errors"]["role"].is_string(), "{p}");
    assert_problem(
        &server.send(
            "POST",
            "/api/auth/login",
            &[("content-type", "text/plain")],
            b"hello",
        ),
        415,
    );
}

#[test]
fn an_oversized_body_is_refused_with_413() {
    let server = TestServer::start();
    let big = format!(
        r#"{{"username": "a", "password": "{}"}}"#,
        "x".repeat(200 * 1024)
    );
    let p = assert_problem(
        &server.send(
            "POST",
            "/api/auth/login",
            &[("content-type", "application/json")],
            big.as_bytes(),
        ),
        413,
    );
    assert!(p["detail"].as_str().unwrap().contains("larger than"));
}

#[test]
fn a_null_where_a_number_belongs_names_the_field_not_serde() {
    let server = TestServer::start();
    let admin = server.admin();
    let (_, manager) = server.user(&admin, "mgr.type", &["manager"]);
    // A nested field, several lines into the body, as the app's report
    // form once sent an empty number: `null`.
    let body = br#"{
  "name": "Acme",
  "contacts": [
    {"name": "Li", "phone": "1"},
    {"name": "Wu", "phone": null}
  ]
}"#;
    let auth = format!("Bearer {manager}");
    let r = server.send(
        "POST",
        "/api/customers",
        &[
            ("content-type", "application/json"),
            ("authorization", &auth),
        ],
        body,
    );
    let p = assert_problem(&r, 422);
    assert_eq!(
        p["errors"]["contacts[1].phone"], "expected text, not null (nothing)",
        "{p}"
    );
    assert_eq!(p["codes"]["contacts[1].phone"], "wrong_type", "{p}");
    let text = r.text();
    for serde_words in ["invalid type", "line ", "column"] {
        assert!(!text.contains(serde_words), "no serde message: {text}");
    }
}
