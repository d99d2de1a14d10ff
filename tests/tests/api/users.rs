//! Staff accounts: roles enforced on the server, optimistic versions, the
//! last admin, and the audit entry of every kind of write.

use serde_json::json;
use servicebook_tests::{first_password, run_with_stdin, server_binary, user_password, TestServer};
use std::process::Command;

#[test]
fn every_role_but_admin_is_refused_the_admin_endpoints() {
    let server = TestServer::start();
    let admin = server.admin();
    let (target, _) = server.user(&admin, "target", &["engineer"]);
    for role in ["manager", "dispatcher", "engineer", "sales"] {
        let (_, token) = server.user(&admin, &format!("{role}1"), &[role]);
        let create = server.call(
            "POST",
            "/api/users",
            Some(&token),
            Some(json!({"username": "x1", "roles": ["admin"], "password": "some long password"})),
        );
        assert_eq!(create.status, 403, "{role} created a user");
        assert_eq!(create.header("content-type"), "application/problem+json");
        let patch = server.call(
            "PATCH",
            &format!("/api/users/{target}"),
            Some(&token),
            Some(json!({"version": 2, "roles": ["admin"]})),
        );
        assert_eq!(patch.status, 403, "{role} changed roles");
        let disable = server.call(
            "POST",
            &format!("/api/users/{target}/actions/disable"),
            Some(&token),
            Some(json!({"version": 2})),
        );
        assert_eq!(disable.status, 403, "{role} disabled a user");
        let reset = server.call(
            "POST",
            &format!("/api/users/{target}/actions/reset-password"),
            Some(&token),
            Some(json!({"version": 2, "new_password": "a new long secret"})),
        );
        assert_eq!(reset.status, 403, "{role} reset a password");
        let list = server.call("GET", "/api/users", Some(&token), None).status;
        let expected = if matches!(role, "manager" | "dispatcher") {
            200
        } else {
            403
        };
        assert_eq!(list, expected, "{role} listing users");
    }
    let unsigned = server.call(
        "POST",
        "/api/users",
        None,
        Some(json!({"username": "x1", "roles": ["admin"], "password": "some long password"})),
    );
    assert_eq!(unsigned.status, 401);
}

#[test]
fn users_are_searched_and_filtered_and_paged() {
    let server = TestServer::start();
    let admin = server.admin();
    for (name, roles) in [
        ("zhang.san", &["engineer"][..]),
        ("li.si", &["engineer", "dispatcher"]),
        ("wang.wu", &["sales"]),
    ] {
        server.user(&admin, name, roles);
    }
    let names = |path: &str| -> Vec<String> {
        let r = server.call("GET", path, Some(&admin), None);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        r.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        names("/api/users?role=engineer"),
        vec!["zhang.san", "li.si"]
    );
    assert_eq!(names("/api/users?q=WANG"), vec!["wang.wu"]);
    let first = server
        .call("GET", "/api/users?limit=2", Some(&admin), None)
        .json();
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"]
        .as_str()
        .expect("more pages")
        .to_owned();
    let rest = server
        .call(
            "GET",
            &format!("/api/users?limit=2&cursor={cursor}"),
            Some(&admin),
            None,
        )
        .json();
    assert_eq!(rest["items"].as_array().unwrap().len(), 2);
    assert!(rest["next_cursor"].is_null());
    assert_eq!(
        server
            .call("GET", "/api/users?role=root", Some(&admin), None)
            .status,
        422
    );
    assert_eq!(
        server
            .call("GET", "/api/users?limit=0", Some(&admin), None)
            .status,
        422
    );
    assert_eq!(
        server
            .call("GET", "/api/users?cursor=abc", Some(&admin), None)
            .status,
        422
    );
}

#[test]
fn bad_account_input_is_refused_field_by_field() {
    let server = TestServer::start();
    let admin = server.admin();
    let r = server.call(
        "POST",
        "/api/users",
        Some(&admin),
        Some(json!({"username": "A B", "roles": [], "password": "short", "email": "nope"})),
    );
    assert_eq!(r.status, 422);
    let errors = r.json()["errors"].clone();
    for f in ["username", "roles", "password", "email"] {
        assert!(errors[f].is_string(), "{f}: {errors}");
    }
    let r = server.call(
        "POST",
        "/api/users",
        Some(&admin),
        Some(json!({"username": "ok.name", "roles": ["root"], "password": "long enough pass"})),
    );
    assert_eq!(r.status, 422, "an unknown role: {}", r.text());
    let r = server.call("POST", "/api/users", Some(&admin), Some(json!({"username": "x".repeat(10_000), "roles": ["engineer"], "password": "long enough pass"})));
    assert_eq!(r.status, 422);
    server.user(&admin, "taken", &["engineer"]);
    let r = server.call(
        "POST",
        "/api/users",
        Some(&admin),
        Some(json!({"username": "taken", "roles": ["engineer"], "password": "long enough pass"})),
    );
    assert_eq!(r.status, 409);
    assert!(r.json()["errors"]["username"].is_string());
}

#[test]
fn a_stale_edit_is_refused_and_changes_nothing() {
    let server = TestServer::start();
    let admin = server.admin();
    let (id, _) = server.user(&admin, "zhao.liu", &["engineer"]);
    let loaded = server
        .call("GET", &format!("/api/users/{id}"), Some(&admin), None)
        .json();
    let v = loaded["version"].as_u64().unwrap();
    let first = server.call(
        "PATCH",
        &format!("/api/users/{id}"),
        Some(&admin),
        Some(json!({"version": v, "phone": "111"})),
    );
    assert_eq!(first.status, 200);
    let second = server.call(
        "PATCH",
        &format!("/api/users/{id}"),
        Some(&admin),
        Some(json!({"version": v, "phone": "222"})),
    );
    assert_eq!(second.status, 409);
    assert_eq!(second.json()["type"], "/problems/stale-version");
    let now = server
        .call("GET", &format!("/api/users/{id}"), Some(&admin), None)
        .json();
    assert_eq!(now["phone"], "111");
    assert_eq!(now["version"].as_u64().unwrap(), v + 1);
}

#[test]
fn the_last_active_admin_cannot_be_disabled_or_demoted() {
    let server = TestServer::start();
    let admin = server.admin();
    let me = server
        .call("GET", "/api/auth/me", Some(&admin), None)
        .json();
    let id = me["id"].as_u64().unwrap();
    let r = server.call(
        "POST",
        &format!("/api/users/{id}/actions/disable"),
        Some(&admin),
        Some(json!({"version": me["version"]})),
    );
    assert_eq!(r.status, 409);
    assert_eq!(r.json()["type"], "/problems/last-admin");
    let r = server.call(
        "PATCH",
        &format!("/api/users/{id}"),
        Some(&admin),
        Some(json!({"version": me["version"], "roles": ["manager"]})),
    );
    assert_eq!(r.status, 409);
    // With a second admin, the first may step down.
    server.user(&admin, "second.admin", &["admin"]);
    let r = server.call(
        "PATCH",
        &format!("/api/users/{id}"),
        Some(&admin),
        Some(json!({"version": me["version"], "roles": ["manager"]})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn every_kind_of_write_is_in_the_audit_trail() {
    let server = TestServer::start();
    let admin = server.admin();
    let (id, token) = server.user(&admin, "qian.qi", &["engineer"]);
    let get = |t: &str| {
        server
            .call("GET", &format!("/api/users/{id}"), Some(t), None)
            .json()
    };
    let v = get(&admin)["version"].clone();
    let r = server.call(
        "PATCH",
        &format!("/api/users/{id}"),
        Some(&admin),
        Some(json!({"version": v, "skills": ["network", "printer"]})),
    );
    assert_eq!(r.status, 200);
    let r = server.call(
        "POST",
        &format!("/api/users/{id}/actions/disable"),
        Some(&admin),
        Some(json!({"version": r.json()["version"]})),
    );
    let r = server.call(
        "POST",
        &format!("/api/users/{id}/actions/enable"),
        Some(&admin),
        Some(json!({"version": r.json()["version"]})),
    );
    let r = server.call(
        "POST",
        &format!("/api/users/{id}/actions/reset-password"),
        Some(&admin),
        Some(json!({"version": r.json()["version"], "new_password": "reset by the admin"})),
    );
    assert_eq!(r.status, 200);
    let token2 = server.first_sign_in("qian.qi", "reset by the admin", "chosen by qian again");
    let me = get(&token2);
    let r = server.call(
        "PATCH",
        "/api/auth/me",
        Some(&token2),
        Some(json!({"version": me["version"], "phone": "139 0000 0000"})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        server
            .call("POST", "/api/auth/logout", Some(&token2), None)
            .status,
        204
    );
    assert_eq!(
        server
            .call("GET", "/api/auth/me", Some(&token), None)
            .status,
        401
    );

    let trail = server.call(
        "GET",
        &format!("/api/audit?record_type=users&record_id={id}&limit=100"),
        Some(&admin),
        None,
    );
    assert_eq!(trail.status, 200, "{}", trail.text());
    let entries = trail.json()["items"].as_array().unwrap().clone();
    let actions: Vec<&str> = entries
        .iter()
        .rev()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec![
            "create",
            "password-change",
            "update",
            "disable",
            "enable",
            "password-reset",
            "password-change",
            "update",
            "logout"
        ],
        "{entries:?}"
    );
    let skills = entries
        .iter()
        .find(|e| e["action"] == "update" && e["actor"] == "admin")
        .unwrap();
    assert_eq!(
        skills["changes"][0],
        json!({"field": "skills", "kind": "added", "before": null, "after": ["network", "printer"]}),
        "a list that only grew records the items added"
    );
    let own = entries
        .iter()
        .find(|e| e["action"] == "update" && e["actor"] == "qian.qi")
        .unwrap();
    assert_eq!(
        own["changes"][0],
        json!({"field": "phone", "kind": "set", "before": "", "after": "139 0000 0000"})
    );
    assert!(
        !trail.text().contains("argon2"),
        "secrets never reach the audit trail"
    );
    assert!(!trail.text().contains("session_epoch"));

    // The person may read their own history but not the whole trail.
    let token3 = server.login("qian.qi", "chosen by qian again").json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        server
            .call(
                "GET",
                &format!("/api/audit?record_type=users&record_id={id}"),
                Some(&token3),
                None
            )
            .status,
        200
    );
    assert_eq!(
        server.call("GET", "/api/audit", Some(&token3), None).status,
        403
    );
    assert_eq!(
        server
            .call(
                "GET",
                "/api/audit?record_type=users&record_id=1",
                Some(&token3),
                None
            )
            .status,
        403
    );

    // Filters: by actor, and by time.
    let by_qian = server
        .call(
            "GET",
            &format!("/api/audit?actor_id={id}"),
            Some(&admin),
            None,
        )
        .json();
    assert!(by_qian["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor"] == "qian.qi"));
    let future = server
        .call(
            "GET",
            "/api/audit?from=2100-01-01T00:00:00Z",
            Some(&admin),
            None,
        )
        .json();
    assert!(future["items"].as_array().unwrap().is_empty());
    assert_eq!(
        server
            .call("GET", "/api/audit?from=yesterday", Some(&admin), None)
            .status,
        422
    );
}

#[test]
fn the_command_line_adds_users_with_the_server_stopped() {
    let data = tempfile::tempdir().unwrap();
    let add = |username: &str, password: &str| {
        let mut command = Command::new(server_binary());
        command
            .args([
                "user",
                "add",
                "--username",
                username,
                "--role",
                "engineer",
                "--role",
                "dispatcher",
                "--skill",
                "printer",
                "--data",
            ])
            .arg(data.path());
        run_with_stdin(&mut command, &format!("{password}\n"))
    };
    let out = add("sun.ba", &first_password("sun.ba"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let weak = add("zhou.jiu", "password123");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("common"));

    // The server on that directory knows the user (and created no first admin).
    let server = TestServer::start_with_data(data.path());
    assert!(server.first_password.is_none());
    let token = server.first_sign_in(
        "sun.ba",
        &first_password("sun.ba"),
        &user_password("sun.ba"),
    );
    let me = server
        .call("GET", "/api/auth/me", Some(&token), None)
        .json();
    assert_eq!(me["roles"], json!(["dispatcher", "engineer"]));
    assert_eq!(me["skills"], json!(["printer"]));
    // While it runs, the command line is refused.
    let busy = add("zheng.shi", &first_password("zheng.shi"));
    assert!(!busy.status.success());
    assert!(String::from_utf8_lossy(&busy.stderr).contains("in use"));
    // The refusal comes before the password is read. With more input than
    // a pipe holds, the write is certain to meet the closed pipe (the race
    // that once failed a CI run, made deterministic): still a refusal.
    let long = "x".repeat(1 << 20);
    let busy = add("zheng.shi", &long);
    assert!(!busy.status.success());
    assert!(String::from_utf8_lossy(&busy.stderr).contains("in use"));
}

#[test]
fn the_audit_finds_a_record_by_its_number_serial_username_or_name() {
    let a = crate::archive::setup();
    let customer = a.customer("华南制造有限公司", "王工", "13800000001");
    let device = a.device(customer, "SN-AUD-42", "2026-01-10");
    let find = |token: &str, q: &str| {
        let r = a.server.call(
            "GET",
            &format!("/api/audit/records?q={}", crate::documents::encode(q)),
            Some(token),
            None,
        );
        (r.status, r.json())
    };
    let (status, found) = find(&a.admin, "SN-AUD-42");
    assert_eq!(status, 200, "{found}");
    assert_eq!(found[0]["record_type"], "devices");
    assert_eq!(found[0]["record_id"], device);
    assert!(found[0]["label"].as_str().unwrap().contains("SN-AUD-42"));
    let (_, found) = find(&a.admin, "华南");
    assert_eq!(found[0]["record_type"], "customers");
    assert_eq!(found[0]["record_id"], customer);
    let (_, found) = find(&a.admin, "eng.li");
    assert_eq!(found[0]["record_type"], "users");
    // What it finds opens the record's history.
    let r = a.server.call(
        "GET",
        &format!("/api/audit?record_type=devices&record_id={device}"),
        Some(&a.admin),
        None,
    );
    assert_eq!(r.json()["items"][0]["action"], "create", "{}", r.text());
    let (_, none) = find(&a.admin, "no such thing 123");
    assert_eq!(none, serde_json::json!([]));
    let (status, _) = find(&a.engineer, "SN-AUD-42");
    assert_eq!(status, 403);
}
