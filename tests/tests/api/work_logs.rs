//! Weekly reports (工作周报): drafted from a real week of work (a request,
//! its work order, steps on site, a signed report), the engineer's notes
//! saved at a version, submitted once, and the manager seeing who has not.

use crate::reports::{started, write_and_sign};
use crate::work_orders::desk;
use serde_json::{json, Value};

fn get(d: &crate::work_orders::Desk, token: &str, path: &str) -> (u16, Value) {
    let r = d.a.server.call("GET", path, Some(token), None);
    (r.status, r.json())
}

fn send(
    d: &crate::work_orders::Desk,
    token: &str,
    method: &str,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let r = d.a.server.call(method, path, Some(token), Some(body));
    (r.status, r.json())
}

#[test]
fn the_week_is_drafted_from_the_engineers_records() {
    let d = desk();
    let (_, wo) = started(&d);
    let wo_id = wo["id"].as_u64().unwrap();
    write_and_sign(&d.a, &d.wang.1, wo_id);

    let (status, week) = get(&d, &d.wang.1, "/api/reports/weekly");
    assert_eq!(status, 200, "{week}");
    assert_eq!(week["engineer"], "eng.wang");
    assert_eq!(week["state"], "draft");
    assert_eq!(week["version"], 0);
    let orders = week["work_orders"].as_array().unwrap();
    assert_eq!(orders.len(), 1, "{week}");
    assert_eq!(orders[0]["number"], wo["number"]);
    assert_eq!(orders[0]["customer"], "深圳华为技术有限公司");
    assert_eq!(orders[0]["kind"], "field");
    let kinds: Vec<&str> = orders[0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["arrived", "left"]);
    let reports = week["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["hours_worked"], 1.5);
    assert_eq!(reports[0]["travel_minutes"], 30);
    assert_eq!(
        week["totals"],
        json!({"hours": 1.5, "travel_minutes": 30, "work_orders": 1, "steps": 2, "reports": 1, "visits": 0})
    );

    // Another engineer's week has none of it.
    let (status, other) = get(&d, &d.zhao.1, "/api/reports/weekly");
    assert_eq!(status, 200, "{other}");
    assert_eq!(other["totals"]["work_orders"], 0);
    assert_eq!(other["totals"]["reports"], 0);

    // A namesake (another 王工) works too, on a job both are sent to: steps
    // and reports are matched by who logged or wrote them, not by the name
    // shown, so neither week takes the other's.
    let namesake = crate::work_orders::engineer(&d.a, "eng.wang2", "王工", &["printer"]);
    // The same covered device (no quote needed before work starts).
    let request = d.request(
        wo["device_id"].as_u64(),
        wo["customer_id"].as_u64().unwrap(),
        "normal",
    );
    let theirs = d.work_order(&request, "field");
    let (status, _) = d.act(
        &d.dispatcher,
        &theirs,
        "dispatch",
        json!({"assignees": [namesake.0, d.wang.0]}),
    );
    assert_eq!(status, 200);
    for kind in ["arrived", "left"] {
        let (status, _) = d.step(&namesake.1, &theirs, json!({"kind": kind}));
        assert_eq!(status, 201);
    }
    write_and_sign(&d.a, &namesake.1, theirs["id"].as_u64().unwrap());
    let (_, again) = get(&d, &d.wang.1, "/api/reports/weekly");
    assert_eq!(again["totals"]["work_orders"], 1, "{again}");
    assert_eq!(again["totals"]["steps"], 2, "{again}");
    assert_eq!(again["totals"]["reports"], 1, "{again}");
    assert_eq!(again["reports"][0]["work_order_id"], wo["id"], "{again}");
    let (_, theirs_week) = get(&d, &namesake.1, "/api/reports/weekly");
    let orders = theirs_week["work_orders"].as_array().unwrap();
    assert_eq!(orders.len(), 1, "{theirs_week}");
    assert_eq!(orders[0]["number"], theirs["number"]);
    assert_eq!(theirs_week["totals"]["reports"], 1, "{theirs_week}");

    // The week before is empty.
    let this = week["week"].as_str().unwrap().to_owned();
    let monday =
        chrono::NaiveDate::parse_from_str(week["from"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let before = (monday - chrono::Duration::days(7))
        .format("%G-W%V")
        .to_string();
    assert_ne!(before, this);
    let (_, earlier) = get(&d, &d.wang.1, &format!("/api/reports/weekly?week={before}"));
    assert_eq!(earlier["totals"]["work_orders"], 0, "{earlier}");
}

#[test]
fn notes_are_saved_at_a_version_and_submitted_once() {
    let d = desk();
    let (status, week) = get(&d, &d.wang.1, "/api/reports/weekly");
    assert_eq!(status, 200, "{week}");
    let w = week["week"].as_str().unwrap().to_owned();
    let path = format!("/api/reports/weekly/eng.wang/{w}");

    let notes = json!({"version": 0, "summary": "完成华为服务器维修", "problems": "备件到货慢", "next_week": "巡检两家客户"});
    let (status, saved) = send(&d, &d.wang.1, "PUT", &path, notes.clone());
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["notes"]["summary"], "完成华为服务器维修");
    assert_eq!(saved["version"], 1);
    // A stale version is refused.
    let (status, _) = send(&d, &d.wang.1, "PUT", &path, notes.clone());
    assert_eq!(status, 409);
    let (status, saved) = send(
        &d,
        &d.wang.1,
        "PUT",
        &path,
        json!({"version": 1, "summary": "改过", "problems": "", "next_week": ""}),
    );
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["version"], 2);

    // Nobody writes someone else's; the manager reads anyone's, a colleague not.
    let (status, _) = send(
        &d,
        &d.zhao.1,
        "PUT",
        &path,
        json!({"version": 2, "summary": "x"}),
    );
    assert_eq!(status, 403);
    let (status, _) = send(
        &d,
        &d.manager,
        "PUT",
        &path,
        json!({"version": 2, "summary": "x"}),
    );
    assert_eq!(status, 403);
    let (status, read) = get(
        &d,
        &d.manager,
        &format!("/api/reports/weekly?engineer=eng.wang&week={w}"),
    );
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["notes"]["summary"], "改过");
    let (status, _) = get(&d, &d.zhao.1, "/api/reports/weekly?engineer=eng.wang");
    assert_eq!(status, 403);

    // Who has not submitted: both at first, then only 赵工.
    let (status, before) = get(
        &d,
        &d.manager,
        &format!("/api/reports/weekly/status?week={w}"),
    );
    assert_eq!(status, 200, "{before}");
    let of = |s: &Value, who: &str| -> String {
        s["engineers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["engineer"] == who)
            .map(|l| l["status"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("{who} missing in {s}"))
    };
    assert!(["not_yet", "overdue"].contains(&of(&before, "eng.wang").as_str()));

    let submit = format!("{path}/submit");
    let (status, done) = send(&d, &d.wang.1, "POST", &submit, json!({"version": 2}));
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["state"], "submitted");
    assert!(done["submitted_at"].is_string());
    let (status, again) = send(
        &d,
        &d.wang.1,
        "POST",
        &submit,
        json!({"version": done["version"]}),
    );
    assert_eq!(status, 409, "{again}");
    // Submitted notes stay as they were.
    let (status, _) = send(
        &d,
        &d.wang.1,
        "PUT",
        &path,
        json!({"version": done["version"], "summary": "再改"}),
    );
    assert_eq!(status, 409);

    let (_, after) = get(
        &d,
        &d.manager,
        &format!("/api/reports/weekly/status?week={w}"),
    );
    assert!(["submitted", "submitted_late"].contains(&of(&after, "eng.wang").as_str()));
    assert!(["not_yet", "overdue"].contains(&of(&after, "eng.zhao").as_str()));
    // Those who have not submitted come first.
    let lines = after["engineers"].as_array().unwrap();
    assert_eq!(lines.last().unwrap()["engineer"], "eng.wang");
    let (status, _) = get(
        &d,
        &d.dispatcher,
        &format!("/api/reports/weekly/status?week={w}"),
    );
    assert_eq!(status, 403);
}

#[test]
fn a_week_that_does_not_exist_is_refused() {
    let d = desk();
    let (status, p) = get(&d, &d.wang.1, "/api/reports/weekly?week=2026-W60");
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["week"].is_string(), "{p}");
    let (status, _) = send(
        &d,
        &d.wang.1,
        "PUT",
        "/api/reports/weekly/eng.wang/2026-W60",
        json!({"version": 0}),
    );
    assert_eq!(status, 422);
    let (status, _) = get(&d, &d.manager, "/api/reports/weekly/status?week=nope");
    assert_eq!(status, 422);
    let (status, _) = get(&d, &d.manager, "/api/reports/weekly?engineer=nobody");
    assert_eq!(status, 404);
}

#[test]
fn the_weekly_record_and_monthly_summary_come_from_the_same_work() {
    let d = desk();
    let (request, wo) = started(&d);
    write_and_sign(&d.a, &d.wang.1, wo["id"].as_u64().unwrap());

    let (status, record) = get(&d, &d.manager, "/api/reports/weekly-record");
    assert_eq!(status, 200, "{record}");
    let rows = record["rows"].as_array().unwrap();
    let kinds: Vec<&str> = rows.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains(&"work_order") && kinds.contains(&"report"),
        "{record}"
    );
    assert!(rows.iter().all(|r| r["number"] == wo["number"]));
    assert!(rows.iter().all(|r| r["engineers"] == "王工"));
    assert_eq!(record["total_hours"], 1.5);
    // Another customer's record is empty.
    let (_, other) = get(
        &d,
        &d.dispatcher,
        &format!(
            "/api/reports/weekly-record?customer_id={}",
            request["customer_id"].as_u64().unwrap() + 1000
        ),
    );
    assert_eq!(other["rows"].as_array().unwrap().len(), 0);

    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let (status, summary) = get(
        &d,
        &d.a.sales,
        &format!("/api/reports/monthly?month={month}"),
    );
    assert_eq!(status, 200, "{summary}");
    let month = summary["month"].as_str().unwrap().to_owned();
    let t = &summary["totals"];
    assert_eq!(t["requests_received"], 1, "{summary}");
    assert_eq!(t["onsite_visits"], 1);
    assert_eq!(t["reports_signed"], 1);
    assert_eq!(t["hours"], 1.5);
    assert_eq!(t["travel_minutes"], 30);

    // As files, Chinese headers.
    let r = d.a.server.call(
        "GET",
        &format!("/api/reports/monthly?month={month}&format=csv&lang=zh"),
        Some(&d.manager),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let lines = crate::exports::csv_lines(&r.body);
    assert!(lines[0].starts_with("客户,合同,受理请求"), "{lines:?}");
    assert!(lines.last().unwrap().starts_with("合计,"), "{lines:?}");
    let r = d.a.server.call(
        "GET",
        "/api/reports/weekly-record?format=xlsx&lang=zh",
        Some(&d.manager),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let sheet = crate::exports::xlsx_rows(&r.body);
    assert_eq!(sheet[0][0], "日期");
    assert_eq!(sheet.len(), rows.len() + 1);

    // Engineers do not read the firm's summaries; a bad month is 422.
    let (status, _) = get(&d, &d.wang.1, "/api/reports/weekly-record");
    assert_eq!(status, 403);
    let (status, _) = get(&d, &d.manager, "/api/reports/monthly?month=2026-13");
    assert_eq!(status, 422);
    let (status, _) = get(&d, &d.manager, "/api/reports/weekly-record?week=2026-W60");
    assert_eq!(status, 422);
}
