//! Sign-in, sessions and their revocation, token forgery, rate limiting,
//! CSRF.

use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::json;
use servicebook_tests::{user_password, TestServer, ADMIN_PASSWORD};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn the_first_admin_must_change_the_one_time_password_first() {
    let server = TestServer::start();
    let one_time = server
        .first_password
        .clone()
        .expect("first start prints a password");
    let r = server.login("admin", &one_time);
    assert_eq!(r.status, 200);
    let body = r.json();
    assert_eq!(body["user"]["must_change_password"], true);
    assert!(body["user"].get("password_hash").is_none());
    let token = body["token"].as_str().unwrap();
    let blocked = server.call("GET", "/api/users", Some(token), None);
    assert_eq!(blocked.status, 403);
    assert_eq!(blocked.json()["type"], "/problems/password-change-required");
    assert_eq!(
        server.call("GET", "/api/auth/me", Some(token), None).status,
        200
    );

    let weak = server.call(
        "POST",
        "/api/auth/password",
        Some(token),
        Some(json!({"current_password": one_time, "new_password": "password123"})),
    );
    assert_eq!(weak.status, 422);
    assert!(weak.json()["errors"]["new_password"].is_string());

    let new_token = server.first_sign_in("admin", &one_time, ADMIN_PASSWORD);
    assert_eq!(
        server
            .call("GET", "/api/users", Some(&new_token), None)
            .status,
        200
    );
    // The one-time password no longer works; the new one does.
    assert_eq!(server.login("admin", &one_time).status, 401);
    assert_eq!(server.login("admin", ADMIN_PASSWORD).status, 200);
}

#[test]
fn the_session_cookie_is_httponly_and_strict_and_logout_ends_sessions() {
    let server = TestServer::start();
    server.admin();
    let r = server.login("admin", ADMIN_PASSWORD);
    let cookie = r.header("set-cookie").to_owned();
    assert!(cookie.starts_with("sb_session="), "{cookie}");
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attr), "{attr} missing from {cookie}");
    }
    let pair = cookie.split(';').next().unwrap().to_owned();
    let me = server.get_with("/api/auth/me", &[("cookie", &pair)]);
    assert_eq!(me.status, 200);
    assert_eq!(me.json()["username"], "admin");

    let other = server.login("admin", ADMIN_PASSWORD).json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = server.send(
        "POST",
        "/api/auth/logout",
        &[("cookie", &pair), ("x-requested-with", "servicebook")],
        b"",
    );
    assert_eq!(out.status, 204);
    assert!(
        out.header("set-cookie").contains("sb_session=;")
            || out.header("set-cookie").contains("Max-Age=0")
    );
    assert_eq!(
        server.get_with("/api/auth/me", &[("cookie", &pair)]).status,
        401
    );
    assert_eq!(
        server
            .call("GET", "/api/auth/me", Some(&other), None)
            .status,
        401,
        "logout ends every session of the user"
    );
}

#[test]
fn a_password_change_ends_other_sessions_and_keeps_this_one() {
    let server = TestServer::start();
    let admin = server.admin();
    let (_, laptop) = server.user(&admin, "wang.wei", &["engineer"]);
    let phone = server.login("wang.wei", &user_password("wang.wei")).json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = server.call(
        "POST",
        "/api/auth/password",
        Some(&laptop),
        Some(json!({"current_password": user_password("wang.wei"), "new_password": "a fresh engineer secret"})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let fresh = r.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(
        server
            .call("GET", "/api/auth/me", Some(&phone), None)
            .status,
        401
    );
    assert_eq!(
        server
            .call("GET", "/api/auth/me", Some(&laptop), None)
            .status,
        401
    );
    assert_eq!(
        server
            .call("GET", "/api/auth/me", Some(&fresh), None)
            .status,
        200
    );

    let wrong = server.call(
        "POST",
        "/api/auth/password",
        Some(&fresh),
        Some(json!({"current_password": "not it at all", "new_password": "another fine secret"})),
    );
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.json()["errors"]["current_password"], "is wrong");
}

#[test]
fn disabling_a_user_or_changing_roles_ends_their_sessions() {
    let server = TestServer::start();
    let admin = server.admin();
    let (id, token) = server.user(&admin, "li.na", &["engineer"]);
    let user = server
        .call("GET", &format!("/api/users/{id}"), Some(&admin), None)
        .json();

    let r = server.call(
        "PATCH",
        &format!("/api/users/{id}"),
        Some(&admin),
        Some(json!({"version": user["version"], "roles": ["engineer", "dispatcher"]})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        server
            .call("GET", "/api/auth/me", Some(&token), None)
            .status,
        401,
        "role change ends sessions"
    );

    let token = server.login("li.na", &user_password("li.na")).json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let version = r.json()["version"].clone();
    let r = server.call(
        "POST",
        &format!("/api/users/{id}/actions/disable"),
        Some(&admin),
        Some(json!({"version": version})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["active"], false);
    assert_eq!(
        server
            .call("GET", "/api/auth/me", Some(&token), None)
            .status,
        401
    );
    let login = server.login("li.na", &user_password("li.na"));
    assert_eq!(login.status, 403);
    assert!(login.json()["detail"]
        .as_str()
        .unwrap()
        .contains("disabled"));

    let r = server.call(
        "POST",
        &format!("/api/users/{id}/actions/enable"),
        Some(&admin),
        Some(json!({"version": r.json()["version"]})),
    );
    assert_eq!(r.status, 200);
    assert_eq!(server.login("li.na", &user_password("li.na")).status, 200);
}

#[test]
fn forged_none_alg_expired_and_stale_tokens_get_401() {
    let server = TestServer::start();
    let admin = server.admin();
    assert_eq!(
        server
            .call("GET", "/api/auth/me", Some(&admin), None)
            .status,
        200
    );
    let key = std::fs::read(server.data.path().join("data/jwt.key")).unwrap();
    let sign = |key: &[u8], claims: serde_json::Value| {
        encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(key),
        )
        .unwrap()
    };
    let me = |token: &str| server.call("GET", "/api/auth/me", Some(token), None);
    // The admin's session epoch is 1 after its password change.
    let valid = sign(
        &key,
        json!({"sub": "1", "epoch": 1, "iat": now(), "exp": now() + 600}),
    );
    assert_eq!(
        me(&valid).status,
        200,
        "a token signed with the server's key is accepted"
    );

    let forged = sign(
        b"not the server's key at all, but long enough",
        json!({"sub": "1", "epoch": 1, "iat": now(), "exp": now() + 600}),
    );
    assert_eq!(me(&forged).status, 401);

    let expired = sign(
        &key,
        json!({"sub": "1", "epoch": 1, "iat": now() - 7200, "exp": now() - 3600}),
    );
    assert_eq!(me(&expired).status, 401);

    let no_exp = sign(&key, json!({"sub": "1", "epoch": 1, "iat": now()}));
    assert_eq!(me(&no_exp).status, 401);

    let stale_epoch = sign(
        &key,
        json!({"sub": "1", "epoch": 0, "iat": now(), "exp": now() + 600}),
    );
    assert_eq!(me(&stale_epoch).status, 401);

    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let claims = json!({"sub": "1", "epoch": 1, "iat": now(), "exp": now() + 600}).to_string();
    let none = format!("{}.{}.", b64(r#"{"alg":"none","typ":"JWT"}"#), b64(&claims));
    let r = me(&none);
    assert_eq!(r.status, 401);
    assert_eq!(r.header("content-type"), "application/problem+json");

    assert_eq!(me("garbage").status, 401);
    assert_eq!(server.get("/api/auth/me").status, 401);
}

#[test]
fn repeated_failures_are_refused_for_a_while_alike_for_known_and_unknown_users() {
    let server = TestServer::start();
    server.admin();
    for username in ["admin", "nobody-here"] {
        let mut statuses = Vec::new();
        for _ in 0..6 {
            let r = server.login(username, "wrong password 123");
            statuses.push(r.status);
            if r.status == 401 {
                assert_eq!(r.json()["detail"], "Wrong username or password.");
            }
        }
        assert_eq!(statuses, vec![401, 401, 401, 401, 401, 429], "{username}");
        let r = server.login(username, "wrong password 123");
        assert_eq!(r.status, 429);
        let retry: u64 = r
            .header("retry-after")
            .parse()
            .expect("Retry-After in seconds");
        assert!(retry > 60 && retry <= 900, "{retry}");
    }
    // Even the right password waits out the lock.
    assert_eq!(server.login("admin", ADMIN_PASSWORD).status, 429);
}

#[test]
fn cookie_writes_need_the_custom_header_and_the_same_origin() {
    let server = TestServer::start();
    let admin = server.admin();
    let cookie = server
        .login("admin", ADMIN_PASSWORD)
        .header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body = json!({"version": 2, "phone": "010 8888 0000"}).to_string();
    let json = ("content-type", "application/json");

    let r = server.send(
        "PATCH",
        "/api/auth/me",
        &[("cookie", &cookie), json],
        body.as_bytes(),
    );
    assert_eq!(
        (r.status, r.json()["type"].as_str().unwrap().to_owned()),
        (403, "/problems/cross-site".to_owned())
    );

    let hdr = ("x-requested-with", "servicebook");
    let r = server.send(
        "PATCH",
        "/api/auth/me",
        &[
            ("cookie", &cookie),
            json,
            hdr,
            ("origin", "https://evil.example"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 403);
    let r = server.send(
        "PATCH",
        "/api/auth/me",
        &[
            ("cookie", &cookie),
            json,
            hdr,
            ("sec-fetch-site", "cross-site"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 403);

    let origin = server.base.clone();
    let r = server.send(
        "PATCH",
        "/api/auth/me",
        &[
            ("cookie", &cookie),
            json,
            hdr,
            ("origin", &origin),
            ("sec-fetch-site", "same-origin"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["phone"], "010 8888 0000");

    // Scripts with a bearer token need no header.
    let r = server.call(
        "PATCH",
        "/api/auth/me",
        Some(&admin),
        Some(json!({"version": r.json()["version"], "display_name": "系统管理员"})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn the_session_state_answers_200_with_or_without_a_session() {
    let server = TestServer::start();
    let anonymous = server.get("/api/auth/session");
    assert_eq!(anonymous.status, 200);
    assert!(anonymous.json()["user"].is_null());
    let token = server.admin();
    let signed_in = server.call("GET", "/api/auth/session", Some(&token), None);
    assert_eq!(signed_in.json()["user"]["username"], "admin");
    let expired = server.call("GET", "/api/auth/session", Some("not.a.token"), None);
    assert_eq!(
        (expired.status, expired.json()["user"].is_null()),
        (200, true)
    );
}
