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
    assert!(p["detail"].as_str().unwrap().contains("invalid type"));
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
