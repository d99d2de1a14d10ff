//! Two-factor sign-in: set up with the password and a first code, then a
//! code is needed to sign in (each works once; recovery codes once each),
//! turned off only with the password and a code, and required of admins
//! when the firm says so.

use serde_json::{json, Value};
use servicebook::auth::totp;
use servicebook_tests::{TestServer, ADMIN_PASSWORD};

fn now() -> u64 {
    chrono::Utc::now().timestamp() as u64
}

fn post(server: &TestServer, token: &str, path: &str, body: Value) -> (u16, Value) {
    let r = server.call("POST", path, Some(token), Some(body));
    (r.status, r.json())
}

fn login(server: &TestServer, code: Option<&str>) -> (u16, Value) {
    let r = server.call(
        "POST",
        "/api/auth/login",
        None,
        Some(json!({"username": "admin", "password": ADMIN_PASSWORD, "code": code})),
    );
    (r.status, r.json())
}

#[test]
fn a_second_factor_is_set_up_used_once_per_code_and_turned_off_with_both() {
    let server = TestServer::start();
    let admin = server.admin();
    let (status, p) = post(
        &server,
        &admin,
        "/api/auth/two-factor/setup",
        json!({"password": "not it"}),
    );
    assert_eq!(status, 422, "{p}");
    let (status, setup) = post(
        &server,
        &admin,
        "/api/auth/two-factor/setup",
        json!({"password": ADMIN_PASSWORD}),
    );
    assert_eq!(status, 200, "{setup}");
    assert!(setup["qr_svg"].as_str().unwrap().starts_with("<svg"));
    assert!(setup["otpauth_url"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/"));
    let secret = totp::from_base32(setup["secret"].as_str().unwrap()).unwrap();
    // Until a first code confirms it, sign-in is unchanged.
    assert_eq!(login(&server, None).0, 200);
    let (status, p) = post(
        &server,
        &admin,
        "/api/auth/two-factor/enable",
        json!({"code": "000000"}),
    );
    assert_eq!(status, 422, "{p}");
    let first = totp::code_at(&secret, now()).unwrap();
    let (status, on) = post(
        &server,
        &admin,
        "/api/auth/two-factor/enable",
        json!({"code": first}),
    );
    assert_eq!(status, 200, "{on}");
    let recovery: Vec<String> = on["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(recovery.len(), 10);

    // The password alone is not enough now; a wrong code is a failure.
    let (status, p) = login(&server, None);
    assert_eq!(status, 401);
    assert_eq!(p["type"], "/problems/second-factor-required", "{p}");
    assert_eq!(login(&server, Some("123456")).0, 401);
    // The code used to turn it on does not sign in again; the next one does.
    let (status, _) = login(&server, Some(&first));
    assert_eq!(status, 401, "a code works once");
    let next = totp::code_at(&secret, now() + 30).unwrap();
    let (status, me) = login(&server, Some(&next));
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["user"]["two_factor"], true);
    // A recovery code works once.
    assert_eq!(login(&server, Some(&recovery[0].to_uppercase())).0, 200);
    assert_eq!(login(&server, Some(&recovery[0])).0, 401);

    // Off: the password and a code.
    let (status, _) = post(
        &server,
        &admin,
        "/api/auth/two-factor/disable",
        json!({"password": "not it", "code": recovery[1]}),
    );
    assert_eq!(status, 422);
    let (status, user) = post(
        &server,
        &admin,
        "/api/auth/two-factor/disable",
        json!({"password": ADMIN_PASSWORD, "code": recovery[1]}),
    );
    assert_eq!(status, 200, "{user}");
    assert_eq!(user["two_factor"], false);
    assert_eq!(login(&server, None).0, 200);
    // The secret never reaches the trail.
    let trail = server
        .call(
            "GET",
            "/api/audit?record_type=users&record_id=1",
            Some(&admin),
            None,
        )
        .text();
    assert!(trail.contains("two-factor-on"), "{trail}");
    assert!(
        !trail.contains("\"secret\"") && !trail.contains("recovery\""),
        "{trail}"
    );
}

#[test]
fn when_the_firm_requires_it_an_admin_sets_it_up_before_anything_else() {
    let server = TestServer::start();
    let admin = server.admin();
    let mut settings = server
        .call("GET", "/api/settings", Some(&admin), None)
        .json();
    settings["require_admin_two_factor"] = json!(true);
    let r = server.call("PUT", "/api/settings", Some(&admin), Some(settings));
    assert_eq!(r.status, 200, "{}", r.text());
    let (status, signed) = login(&server, None);
    assert_eq!(status, 200);
    assert_eq!(signed["user"]["must_set_up_two_factor"], true);
    let token = signed["token"].as_str().unwrap().to_owned();
    let r = server.call("GET", "/api/users", Some(&token), None);
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["type"], "/problems/two-factor-setup-required");
    // Setting it up is allowed, and then everything else is.
    let (_, setup) = post(
        &server,
        &token,
        "/api/auth/two-factor/setup",
        json!({"password": ADMIN_PASSWORD}),
    );
    let secret = totp::from_base32(setup["secret"].as_str().unwrap()).unwrap();
    let code = totp::code_at(&secret, now()).unwrap();
    let (status, _) = post(
        &server,
        &token,
        "/api/auth/two-factor/enable",
        json!({"code": code}),
    );
    assert_eq!(status, 200);
    assert_eq!(
        server.call("GET", "/api/users", Some(&token), None).status,
        200
    );
}
