//! `cargo xtask bench`: service requests at volume. Durable creates per
//! second through the real server's HTTP API (every create on disk and in
//! the audit trail before its 201), and the request board's list latency
//! with 1,000,000 requests in the store (a tenth of them open).

use chrono::{Duration as Span, Utc};
use servicebook::domain::requests::refresh_due;
use servicebook::store::RequestRecord;
use servicebook_shared::sla::{BusinessHours, SlaEvent, TimedEvent};
use servicebook_tests::{bench_seed, TestServer};
use std::time::{Duration, Instant};

const WRITERS: usize = 16;
const CREATES_PER_WRITER: usize = 150;
const STORED: usize = 1_000_000;
const BATCH: usize = 2_000;
const CUSTOMERS: usize = 1_000;

fn pct(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    times[((times.len() as f64 * p) as usize).min(times.len() - 1)].as_secs_f64() * 1000.0
}

fn creates() {
    let server = TestServer::start();
    let admin = server.admin();
    let (_, desk) = server.user(&admin, "disp.bench", &["dispatcher"]);
    let (_, sales) = server.user(&admin, "sales.bench", &["sales"]);
    let c = server.call(
        "POST",
        "/api/customers",
        Some(&sales),
        Some(serde_json::json!({"name": "深圳华为技术有限公司"})),
    );
    assert_eq!(c.status, 201, "{}", c.text());
    let customer = c.json()["id"].as_u64().unwrap();
    let start = Instant::now();
    let mut latencies: Vec<Duration> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (server, desk) = (&server, &desk);
                s.spawn(move || {
                    (0..CREATES_PER_WRITER)
                        .map(|n| {
                            let body = serde_json::json!({"source": "phone", "customer_id": customer,
                                "description": format!("bench call {w}-{n}"), "urgency": "normal", "fault_level": 3});
                            let t = Instant::now();
                            let r = server.call("POST", "/api/requests", Some(desk), Some(body));
                            assert_eq!(r.status, 201, "{}", r.text());
                            t.elapsed()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("writer"))
            .collect()
    });
    let elapsed = start.elapsed();
    println!(
        "request create (HTTP, durable, {WRITERS} clients): {:>6.0} creates/s, p50 {:.1} ms, p99 {:.1} ms ({} creates)",
        latencies.len() as f64 / elapsed.as_secs_f64(),
        pct(&mut latencies, 0.50),
        pct(&mut latencies, 0.99),
        latencies.len()
    );
}

fn request(n: usize, customer: u64, hours: &BusinessHours) -> RequestRecord {
    let now = Utc::now();
    // Received over the last month; nine in ten closed since.
    let received = now - Span::minutes((n % 43_000) as i64);
    let open = n % 10 == 0;
    let mut events = vec![
        TimedEvent {
            at: received,
            event: SlaEvent::Received,
        },
        TimedEvent {
            at: received + Span::minutes(10),
            event: SlaEvent::Logged,
        },
    ];
    if !open {
        events.push(TimedEvent {
            at: received + Span::minutes(30),
            event: SlaEvent::Closed,
        });
    }
    let mut r = RequestRecord {
        description: format!("服务器告警 {n}"),
        closed: !open,
        ..bench_seed::request(n, customer, received, events)
    };
    if open {
        let settings = servicebook_shared::settings::Settings {
            business_hours: hours.clone(),
            ..Default::default()
        };
        refresh_due(&mut r, &settings, now);
    }
    r
}

fn board() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hours = BusinessHours::default();
    {
        let store = bench_seed::open(dir.path());
        let start = Instant::now();
        let customers = bench_seed::customers(&store, CUSTOMERS);
        let hours_of = hours.clone();
        bench_seed::requests(&store, &customers, STORED, BATCH, move |n, c| {
            request(n, c, &hours_of)
        });
        println!(
            "seeded {STORED} requests ({} open) in {:.0} s",
            STORED / 10,
            start.elapsed().as_secs_f64()
        );
        store.close();
    }
    let server = TestServer::start_with_data(dir.path());
    let admin = server.admin();
    let (_, desk) = server.user(&admin, "disp.board", &["dispatcher"]);
    for (label, path) in [
        (
            "board (open, by what breaches next)",
            "/api/requests?limit=50",
        ),
        (
            "board, urgent only",
            "/api/requests?limit=50&urgency=urgent",
        ),
        (
            "all requests, newest first",
            "/api/requests?order=newest&limit=50",
        ),
    ] {
        let mut times = Vec::new();
        for _ in 0..300 {
            let t = Instant::now();
            let r = server.call("GET", path, Some(&desk), None);
            times.push(t.elapsed());
            assert_eq!(r.status, 200, "{}", r.text());
        }
        println!(
            "list {label:<38} 50 per page: p50 {:.2} ms, p99 {:.2} ms",
            pct(&mut times, 0.50),
            pct(&mut times, 0.99)
        );
    }
    // Paging deep into the board: each page continues from the cursor.
    let mut cursor = String::new();
    let mut times = Vec::new();
    for _ in 0..100 {
        let path = format!("/api/requests?limit=50{cursor}");
        let t = Instant::now();
        let r = server.call("GET", &path, Some(&desk), None);
        times.push(t.elapsed());
        let page = r.json();
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    println!(
        "list board, pages 1–{:<28} 50 per page: p50 {:.2} ms, p99 {:.2} ms",
        times.len(),
        pct(&mut times, 0.50),
        pct(&mut times, 0.99)
    );
}

fn main() {
    creates();
    board();
}
