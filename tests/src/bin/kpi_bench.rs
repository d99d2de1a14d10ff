//! `cargo xtask bench`: the KPIs at 1,000,000 requests closed over the last
//! year (50 customers × 20 engineers, some late, some repeat calls, some
//! surveys). Seeding goes through the store's writes, so the daily sums are
//! kept as every write keeps them; then a full recomputation is timed, and
//! over HTTP the firm's KPIs for a year, the 12-week trend and a
//! drill-down page.

use chrono::{Duration as Span, NaiveDate, Utc};
use servicebook::store::RequestRecord;
use servicebook_shared::kpi::WorkFigures;
use servicebook_shared::requests::{SurveyMark, Urgency};
use servicebook_shared::sla::{SlaEvent, TimedEvent};
use servicebook_shared::Money;
use servicebook_tests::{bench_seed, TestServer};
use std::time::{Duration, Instant};

const STORED: usize = 1_000_000;
const BATCH: usize = 2_000;
const CUSTOMERS: usize = 50;
const ENGINEERS: usize = 20;
const MINUTES_A_YEAR: usize = 365 * 24 * 60;

fn pct(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    times[((times.len() as f64 * p) as usize).min(times.len() - 1)].as_secs_f64() * 1000.0
}

fn ev(at: chrono::DateTime<Utc>, event: SlaEvent) -> TimedEvent {
    TimedEvent { at, event }
}

/// A request served and closed some time in the last year.
fn request(n: usize, customer: u64) -> RequestRecord {
    let now = Utc::now();
    let received = now - Span::minutes(((n * 7919) % MINUTES_A_YEAR) as i64 + 24 * 60);
    let late = n % 13 == 0;
    let dispatched = received + Span::minutes(if late { 400 } else { 20 });
    let left = dispatched + Span::minutes(180);
    let events = vec![
        ev(received, SlaEvent::Received),
        ev(received + Span::minutes(5), SlaEvent::Logged),
        ev(dispatched, SlaEvent::Assigned),
        ev(dispatched + Span::minutes(10), SlaEvent::Called),
        ev(dispatched + Span::minutes(20), SlaEvent::VisitBooked),
        ev(dispatched + Span::minutes(120), SlaEvent::Arrived),
        ev(left, SlaEvent::Left),
        ev(left + Span::minutes(10), SlaEvent::ReportFiled),
        ev(left + Span::minutes(60), SlaEvent::Closed),
    ];
    let surveys = if n % 3 == 0 {
        vec![SurveyMark {
            survey_id: n as u64,
            sent_at: left + Span::minutes(70),
            expires_at: Some(left + Span::days(14)),
            answered_at: (n % 2 == 0).then_some(left + Span::days(1)),
            overall: (n % 2 == 0).then_some((n % 5 + 1) as u8),
        }]
    } else {
        Vec::new()
    };
    RequestRecord {
        description: format!("服务器告警 {n}"),
        urgency: Urgency::Normal,
        logged_at: received + Span::minutes(5),
        closed: true,
        work_order_ids: vec![n as u64],
        closing_note: "ok".into(),
        surveys,
        engineers: vec![format!("eng.{}", n % ENGINEERS)],
        work: vec![WorkFigures {
            work_order_id: n as u64,
            hours_minutes: 90,
            travel_minutes: 40,
            parts_cost: Money((n % 4) as i64 * 5_000),
        }],
        // One in twenty called again within a week.
        next_request_at: (n % 20 == 0).then_some(left + Span::days(5)),
        ..bench_seed::request(n, customer, received, events)
    }
}

fn main() {
    // A smaller run for trying the bench out (`KPI_BENCH_REQUESTS=20000`).
    let stored = std::env::var("KPI_BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(STORED)
        .max(BATCH);
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let store = bench_seed::open(dir.path());
        let start = Instant::now();
        let customers = bench_seed::customers(&store, CUSTOMERS);
        bench_seed::requests(&store, &customers, stored, BATCH, request);
        println!(
            "seeded {stored} closed requests, daily sums kept by every write, in {:.0} s",
            start.elapsed().as_secs_f64()
        );
        let running = store.kpi_snapshot().expect("sums");
        let t = Instant::now();
        let read = store.recompute_kpi_blocking().expect("recompute");
        println!(
            "KPI recomputation from all {read} requests: {:.1} s ({} daily sums)",
            t.elapsed().as_secs_f64(),
            running.len()
        );
        assert_eq!(
            running,
            store.kpi_snapshot().expect("sums"),
            "the running sums are a recomputation"
        );
        store.close();
    }
    let server = TestServer::start_with_data(dir.path());
    let admin = server.admin();
    let (_, boss) = server.user(&admin, "boss.kpi", &["manager"]);
    let today: NaiveDate = Utc::now().date_naive();
    let year = format!("from={}&to={today}", today - Span::days(365));
    for (label, path, runs) in [
        (
            "KPIs, the firm over a year",
            format!("/api/kpi?{year}"),
            300,
        ),
        (
            "KPIs, one engineer over a year",
            format!("/api/kpi?{year}&engineer=eng.3"),
            300,
        ),
        ("trend, 12 weeks", "/api/kpi/trend?weeks=12".to_owned(), 300),
        (
            "drill-down, late requests, first page",
            format!("/api/kpi/requests?{year}&figure=on_time_missed&limit=50"),
            50,
        ),
    ] {
        let mut times = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let r = server.call("GET", &path, Some(&boss), None);
            times.push(t.elapsed());
            assert_eq!(r.status, 200, "{}", r.text());
        }
        println!(
            "{label:<42} p50 {:.2} ms, p99 {:.2} ms",
            pct(&mut times, 0.50),
            pct(&mut times, 0.99)
        );
    }
    let r = server.call("GET", &format!("/api/kpi?{year}"), Some(&boss), None);
    let k = r.json();
    println!(
        "the year: {} closed, on time {} ‰, first-time fix {} ‰, satisfaction {} ‰",
        k["counters"]["closed"],
        k["figures"]["on_time_extended"],
        k["figures"]["first_time_fix"],
        k["figures"]["satisfaction"]
    );
}
