//! The KPIs over the demo's months of served requests: each figure's
//! drill-down lists exactly the requests it counts, the trend adds up to
//! the period, who may read whose figures, and bad periods are refused.

use chrono::{Duration, Utc};
use serde_json::Value;
use servicebook_tests::TestServer;

const PASSWORD: &str = "servicebook demo 2026";

fn token(server: &TestServer, user: &str) -> String {
    let r = server.login(user, PASSWORD);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["token"].as_str().unwrap().to_owned()
}

fn get(server: &TestServer, token: &str, path: &str) -> (u16, Value) {
    let r = server.call("GET", path, Some(token), None);
    let v = if r.body.is_empty() {
        Value::Null
    } else {
        r.json()
    };
    (r.status, v)
}

/// Every request of a drill-down, page by page.
fn all(server: &TestServer, token: &str, path: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let (status, page) = get(server, token, &format!("{path}&limit=7&cursor={cursor}"));
        assert_eq!(status, 200, "{page}");
        out.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => return out,
        }
    }
}

#[test]
fn every_figure_drills_down_to_the_requests_it_counts() {
    let server = TestServer::start_with(&["--demo"]);
    let boss = token(&server, "manager.zhou");
    let today = Utc::now().date_naive() + Duration::days(1);
    let from = today - Duration::days(120);
    let period = format!("from={from}&to={today}");
    let (status, k) = get(&server, &boss, &format!("/api/kpi?{period}"));
    assert_eq!(status, 200, "{k}");
    let c = &k["counters"];
    let n = |v: &Value| v.as_i64().unwrap();
    assert!(n(&c["closed"]) >= 100, "{k}");
    assert_eq!(k["figures"]["targets"]["on_time"], 950);
    assert!(k["load"]["open"].as_u64().unwrap() > 0, "{k}");

    let ids = |figure: &str| -> Vec<Value> {
        all(
            &server,
            &boss,
            &format!("/api/kpi/requests?{period}&figure={figure}"),
        )
    };
    assert_eq!(ids("closed").len() as i64, n(&c["closed"]));
    let missed = ids("on_time_missed");
    assert_eq!(
        missed.len() as i64,
        n(&c["all_counted"]) - n(&c["all_extended"])
    );
    assert!(!missed.is_empty(), "the demo has late requests");
    assert!(missed[0]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str().unwrap().starts_with("leg_missed:")));
    let failed = ids("ftf_failed");
    assert_eq!(failed.len() as i64, n(&c["ftf_counted"]) - n(&c["ftf_yes"]));
    assert!(
        failed.iter().any(|r| r["reasons"]
            .as_array()
            .unwrap()
            .contains(&Value::from("ftf:repeat_request"))),
        "the demo has devices reported again within 30 days"
    );

    // The same drill-down as a file: one row per request, in both formats.
    let file = |format: &str| {
        let r = server.call(
            "GET",
            &format!(
                "/api/kpi/requests/export?{period}&figure=on_time_missed&format={format}&lang=zh"
            ),
            Some(&boss),
            None,
        );
        assert_eq!(r.status, 200, "{}", r.text());
        r.body
    };
    let lines = crate::exports::csv_lines(&file("csv"));
    assert_eq!(lines.len(), missed.len() + 1, "{lines:?}");
    assert!(lines[0].starts_with("编号,客户,关闭日期"), "{}", lines[0]);
    let numbers: Vec<&str> = missed
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert!(lines[1..]
        .iter()
        .all(|l| numbers.iter().any(|n| l.starts_with(n))));
    let rows = crate::exports::xlsx_rows(&file("xlsx"));
    assert_eq!(rows.len(), missed.len() + 1);
    assert!(rows[1][4].contains("leg_missed:"), "{:?}", rows[1]);
    let engineer = token(&server, "eng.wang");
    let r = server.call(
        "GET",
        &format!("/api/kpi/requests/export?{period}&format=csv"),
        Some(&engineer),
        None,
    );
    assert_eq!(
        r.status, 403,
        "an engineer may not export the firm's figures"
    );

    // The twelve weeks add up to no more than the period holds.
    let (status, t) = get(&server, &boss, "/api/kpi/trend?weeks=12");
    assert_eq!(status, 200, "{t}");
    let weeks = t["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 12);
    let closed: i64 = weeks.iter().map(|w| n(&w["counters"]["closed"])).sum();
    assert!(closed > 0 && closed <= n(&c["closed"]));

    // An engineer's own figures: theirs, and only theirs.
    let wang = token(&server, "eng.wang");
    let (status, own) = get(
        &server,
        &wang,
        &format!("/api/kpi?{period}&engineer=eng.wang"),
    );
    assert_eq!(status, 200, "{own}");
    assert!(n(&own["counters"]["closed"]) < n(&c["closed"]));
    for r in all(
        &server,
        &wang,
        &format!("/api/kpi/requests?{period}&engineer=eng.wang&figure=closed"),
    ) {
        assert!(r["engineers"]
            .as_array()
            .unwrap()
            .contains(&Value::from("eng.wang")));
    }
    assert_eq!(get(&server, &wang, &format!("/api/kpi?{period}")).0, 403);
    assert_eq!(
        get(
            &server,
            &wang,
            &format!("/api/kpi?{period}&engineer=eng.zhao")
        )
        .0,
        403
    );
    let desk = token(&server, "dispatch.li");
    assert_eq!(get(&server, &desk, &format!("/api/kpi?{period}")).0, 200);
    assert_eq!(
        get(
            &server,
            &desk,
            &format!("/api/kpi?{period}&engineer=eng.zhao")
        )
        .0,
        403
    );
}

#[test]
fn a_period_backwards_too_long_or_not_a_day_is_refused_field_by_field() {
    let server = TestServer::start_with(&["--demo"]);
    let boss = token(&server, "manager.zhou");
    for (query, field) in [
        ("from=2026-03-02&to=2026-03-01", "to"),
        ("from=2025-01-01&to=2026-01-02", "to"),
        ("from=2026-13-01&to=2026-03-01", "from"),
        ("to=2026-03-01", "from"),
        (
            "from=2026-01-01&to=2026-01-31&engineer=eng.wang&customer_id=1",
            "engineer",
        ),
    ] {
        let (status, p) = get(&server, &boss, &format!("/api/kpi?{query}"));
        assert_eq!(status, 422, "{query}: {p}");
        assert!(p["errors"][field].is_string(), "{query}: {p}");
    }
    let (status, p) = get(
        &server,
        &boss,
        "/api/kpi/requests?from=2026-01-01&to=2026-01-31&figure=nope",
    );
    assert_eq!(status, 422, "{p}");
    assert_eq!(get(&server, &boss, "/api/kpi/trend?weeks=0").0, 422);
    // No period at all: the last 30 days up to the firm's today (its own
    // calendar: the demo firm is in UTC+8, so after 16:00 UTC it is the
    // next day there), the same for the figures and their drill-down.
    let offset = get(&server, &boss, "/api/settings").1["business_hours"]["utc_offset_minutes"]
        .as_i64()
        .unwrap();
    let firm_day = || crate::archive_use_cases::day_at(offset).to_string();
    let before = firm_day();
    let (status, r) = get(&server, &boss, "/api/kpi");
    let after = firm_day();
    assert_eq!(status, 200, "{r}");
    let to = r["to"].as_str().unwrap();
    assert!(to == before || to == after, "{to} is not the firm's today");
    let to_day = chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d").unwrap();
    assert_eq!(
        r["from"].as_str().unwrap(),
        (to_day - chrono::Duration::days(29)).to_string()
    );
    let (status, p) = get(&server, &boss, "/api/kpi/requests?figure=closed");
    assert_eq!(status, 200, "{p}");
}
