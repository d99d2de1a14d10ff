//! Sign-in under attack: a burst of guesses is counted as it arrives, a
//! guesser cannot lock the owner (or colleagues at the same address) out,
//! forwarding headers count only from the trusted proxy, and the answers
//! carry the headers an auditor looks for.

use servicebook_tests::{TestServer, ADMIN_PASSWORD};

fn login_from(server: &TestServer, forwarded_for: &str, username: &str, password: &str) -> u16 {
    let body = serde_json::json!({"username": username, "password": password}).to_string();
    server
        .send(
            "POST",
            "/api/auth/login",
            &[
                ("content-type", "application/json"),
                ("x-forwarded-for", forwarded_for),
            ],
            body.as_bytes(),
        )
        .status
}

#[test]
fn a_burst_of_guesses_gets_five_answers_and_the_owner_still_signs_in_elsewhere() {
    let server = TestServer::start_with(&["--trusted-proxy", "127.0.0.1"]);
    let admin = server.admin();
    server.user(&admin, "eng.wang", &["engineer"]);
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..200)
            .map(|_| s.spawn(|| login_from(&server, "203.0.113.9", "admin", "guess 123456")))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let evaluated = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(evaluated + refused, 200, "{statuses:?}");
    assert!(evaluated <= 5, "{evaluated} guesses were checked");
    // The attacked pair stays locked, even for the right password…
    assert_eq!(
        login_from(&server, "203.0.113.9", "admin", ADMIN_PASSWORD),
        429
    );
    // …but a colleague at that address, and the owner elsewhere, sign in.
    let colleague = servicebook_tests::user_password("eng.wang");
    assert_eq!(
        login_from(&server, "203.0.113.9", "eng.wang", &colleague),
        200
    );
    assert_eq!(
        login_from(&server, "198.51.100.7", "admin", ADMIN_PASSWORD),
        200
    );
}

#[test]
fn forwarding_headers_from_anyone_but_the_trusted_proxy_are_ignored() {
    let server = TestServer::start();
    server.admin();
    for i in 0..5 {
        // A guesser cannot dodge the limit by inventing addresses.
        let status = login_from(&server, &format!("192.0.2.{i}"), "admin", "guess 123456");
        assert_eq!(status, 401);
    }
    assert_eq!(
        login_from(&server, "192.0.2.200", "admin", "guess 123456"),
        429
    );
    assert_eq!(
        login_from(&server, "192.0.2.201", "admin", ADMIN_PASSWORD),
        429
    );
}

#[test]
fn cookies_are_secure_only_when_the_proxy_or_the_public_url_says_https() {
    let plain = TestServer::start();
    plain.admin();
    let cookie = |server: &TestServer, headers: &[(&str, &str)]| {
        let mut all = vec![("content-type", "application/json")];
        all.extend_from_slice(headers);
        let r = server.send(
            "POST",
            "/api/auth/login",
            &all,
            serde_json::json!({"username": "admin", "password": ADMIN_PASSWORD})
                .to_string()
                .as_bytes(),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        r.header("set-cookie").to_owned()
    };
    let c = cookie(&plain, &[("x-forwarded-proto", "https")]);
    assert!(!c.contains("Secure"), "a client's own header: {c}");

    let proxied = TestServer::start_with(&["--trusted-proxy", "127.0.0.1"]);
    proxied.admin();
    let c = cookie(&proxied, &[("x-forwarded-proto", "https")]);
    assert!(c.contains("Secure"), "{c}");
    let c = cookie(&proxied, &[]);
    assert!(!c.contains("Secure"), "{c}");

    let public = TestServer::start_with(&["--public-url", "https://service.example.cn"]);
    let token = public.admin();
    let c = cookie(&public, &[]);
    assert!(c.contains("Secure"), "{c}");
    let r = public.get_with(
        "/api/auth/me",
        &[("authorization", &format!("Bearer {token}"))],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("strict-transport-security"), "max-age=31536000");
    assert_eq!(r.header("cache-control"), "no-store");
    // Plain HTTP without a public URL: no HSTS (it would lock browsers out).
    let r = plain.get("/api/health");
    assert_eq!(r.header("strict-transport-security"), "");
}
