//! Personal API tokens for scripts: shown once, kept as a hash, limited to
//! some of the owner's roles, revocable at their version, refused for
//! managing tokens or passwords, dead with a disabled owner, and their use
//! is in the audit trail.

use serde_json::{json, Value};
use servicebook_tests::TestServer;

fn make(server: &TestServer, session: &str, body: Value) -> (u16, Value) {
    let r = server.call("POST", "/api/auth/tokens", Some(session), Some(body));
    (r.status, r.json())
}

#[test]
fn a_backup_token_downloads_backups_and_nothing_it_was_not_given() {
    let server = TestServer::start();
    let admin = server.admin();
    let (status, made) = make(
        &server,
        &admin,
        json!({"name": "nightly backup", "days": 90, "roles": ["admin"]}),
    );
    assert_eq!(status, 201, "{made}");
    let secret = made["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("sbk_") && secret.len() > 40, "{secret}");
    let id = made["token"]["id"].as_u64().unwrap();

    let r = server.call("GET", "/api/admin/backup", Some(&secret), None);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "application/x-tar");

    // Listed without the secret, with its use noted.
    let list = server
        .call("GET", "/api/auth/tokens", Some(&admin), None)
        .json();
    let t = &list[0];
    assert_eq!(t["name"], "nightly backup");
    assert!(t["last_used_at"].is_string(), "{t}");
    assert!(!list.to_string().contains(&secret[4..]), "{list}");
    // Neither the secret nor its hash reach the audit trail.
    let trail = server
        .call(
            "GET",
            &format!("/api/audit?record_type=api_tokens&record_id={id}"),
            Some(&admin),
            None,
        )
        .json();
    let text = trail.to_string();
    assert!(text.contains("token-used"), "{trail}");
    assert!(
        !text.contains("token_hash") && !text.contains(&secret[4..]),
        "{trail}"
    );

    // A token may not make tokens, change the password or sign out sessions.
    let (status, _) = make(&server, &secret, json!({"name": "x", "days": 1}));
    assert_eq!(status, 403);
    let r = server.call(
        "POST",
        "/api/auth/password",
        Some(&secret),
        Some(json!({"current_password": "x", "new_password": "y"})),
    );
    assert_eq!(r.status, 403);

    // Revoked at its version: a stale one is refused, then it stops at once.
    let version = t["version"].as_u64().unwrap();
    let revoke = |v: Value| {
        server.call(
            "POST",
            &format!("/api/auth/tokens/{id}/revoke"),
            Some(&admin),
            Some(v),
        )
    };
    assert_eq!(revoke(json!({})).status, 422);
    assert_eq!(revoke(json!({"version": version - 1})).status, 409);
    assert_eq!(revoke(json!({"version": version})).status, 200);
    assert_eq!(
        server
            .call("GET", "/api/admin/backup", Some(&secret), None)
            .status,
        401
    );
}

#[test]
fn a_token_acts_with_the_roles_it_names_that_its_owner_still_holds() {
    let server = TestServer::start();
    let admin = server.admin();
    let (uid, person) = server.user(&admin, "desk.he", &["dispatcher", "engineer"]);
    let (status, p) = make(
        &server,
        &person,
        json!({"name": "x", "days": 1, "roles": ["admin"]}),
    );
    assert_eq!(status, 422, "not a role of theirs: {p}");
    assert!(p["errors"]["roles"].is_string());
    let (status, made) = make(
        &server,
        &person,
        json!({"name": "board screen", "days": 30, "roles": ["engineer"]}),
    );
    assert_eq!(status, 201);
    let secret = made["secret"].as_str().unwrap().to_owned();
    let me = server
        .call("GET", "/api/auth/me", Some(&secret), None)
        .json();
    assert_eq!(me["roles"], json!(["engineer"]), "{me}");
    // Dispatching is the desk's: the engineer-only token cannot, its owner can.
    for (token, status) in [(&secret, 403), (&person, 404)] {
        let r = server.call(
            "POST",
            "/api/work-orders/999/actions/dispatch",
            Some(token),
            Some(json!({"version": 1, "assignees": []})),
        );
        assert_eq!(r.status, status, "{}", r.text());
    }
    // Someone else's token cannot be revoked (or even seen) by others.
    let r = server.call(
        "POST",
        &format!("/api/auth/tokens/{}/revoke", made["token"]["id"]),
        Some(&admin),
        Some(json!({"version": made["token"]["version"]})),
    );
    assert_eq!(r.status, 404);
    // Disabling the owner ends the token.
    let user = server
        .call("GET", &format!("/api/users/{uid}"), Some(&admin), None)
        .json();
    let r = server.call(
        "POST",
        &format!("/api/users/{uid}/actions/disable"),
        Some(&admin),
        Some(json!({"version": user["version"]})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        server
            .call("GET", "/api/auth/me", Some(&secret), None)
            .status,
        401
    );
}
