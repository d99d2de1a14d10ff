//! `cargo xtask bench`: the server under load and under kill -9.
//!
//! 1. 256 connections for 60 s (LOAD_SECONDS), each a client doing the
//!    desk's mix: 4 reads (board, customer list, one request, health) to
//!    1 durable write (a new service request). Prints throughput, the
//!    latency spread, the slowest request and every error; the verdict
//!    line says whether no request took over 1 s and none failed.
//! 2. 100 cycles (KILL_CYCLES) of: start the release server on the same
//!    data directory, 4 writers logging requests, kill -9 after a few
//!    hundred ms; after each restart every acknowledged request must be
//!    there with its number, and no human number may appear twice.

use servicebook_tests::TestServer;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// A desk user (logs requests) and a customer to log them for.
fn desk(server: &TestServer) -> (String, u64) {
    let admin = server.admin();
    let (_, desk) = server.user(&admin, "desk.load", &["dispatcher", "sales"]);
    let c = server.call(
        "POST",
        "/api/customers",
        Some(&desk),
        Some(serde_json::json!({"name": "深圳华为技术有限公司"})),
    );
    assert_eq!(c.status, 201, "{}", c.text());
    (desk, c.json()["id"].as_u64().unwrap())
}

fn new_request(customer: u64, tag: &str) -> serde_json::Value {
    serde_json::json!({"source": "phone", "customer_id": customer,
        "description": format!("load {tag}"), "urgency": "normal", "fault_level": 3})
}

fn load() {
    let connections = env_or("LOAD_CONNECTIONS", 256) as usize;
    let seconds = env_or("LOAD_SECONDS", 60);
    let server = TestServer::start();
    let (desk, customer) = desk(&server);
    let first = server.call(
        "POST",
        "/api/requests",
        Some(&desk),
        Some(new_request(customer, "seed")),
    );
    let first_id = first.json()["id"].as_u64().unwrap_or(0);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let errors = Mutex::new(HashMap::<String, usize>::new());
    let started = Instant::now();
    let (mut times, writes): (Vec<Duration>, usize) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..connections)
            .map(|c| {
                let (server, desk, errors) = (&server, &desk, &errors);
                s.spawn(move || {
                    let mut times = Vec::new();
                    let mut writes = 0;
                    let mut n = 0usize;
                    while Instant::now() < deadline {
                        let (method, path, body) = match n % 5 {
                            0 => (
                                "POST",
                                "/api/requests".to_owned(),
                                Some(new_request(customer, &format!("{c}-{n}"))),
                            ),
                            1 => ("GET", "/api/requests?limit=50".to_owned(), None),
                            2 => ("GET", "/api/customers?limit=20".to_owned(), None),
                            3 => ("GET", format!("/api/requests/{first_id}"), None),
                            _ => ("GET", "/api/health".to_owned(), None),
                        };
                        let t = Instant::now();
                        let r = server.try_call(method, &path, Some(desk), body);
                        times.push(t.elapsed());
                        match r {
                            Ok(r) if r.status < 400 => writes += usize::from(method == "POST"),
                            Ok(r) => {
                                *errors
                                    .lock()
                                    .unwrap()
                                    .entry(format!(
                                        "{method} {} → {}",
                                        path.split('?').next().unwrap_or(""),
                                        r.status
                                    ))
                                    .or_default() += 1
                            }
                            Err(e) => {
                                *errors
                                    .lock()
                                    .unwrap()
                                    .entry(format!("{method} transport: {e}"))
                                    .or_default() += 1
                            }
                        }
                        n += 1;
                    }
                    (times, writes)
                })
            })
            .collect();
        handles
            .into_iter()
            .fold((Vec::new(), 0), |(mut all, w), h| {
                let (t, n) = h.join().unwrap();
                all.extend(t);
                (all, w + n)
            })
    });
    let elapsed = started.elapsed().as_secs_f64();
    times.sort();
    let errors = errors.into_inner().unwrap();
    let error_count: usize = errors.values().sum();
    let slowest = times.last().copied().unwrap_or_default();
    println!(
        "load               {connections} connections for {seconds} s: {} requests ({:.0}/s), {writes} durable writes ({:.0}/s)",
        times.len(),
        times.len() as f64 / elapsed,
        writes as f64 / elapsed
    );
    println!(
        "                   latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {error_count} errors",
        pct(&times, 0.5),
        pct(&times, 0.99),
        slowest.as_secs_f64() * 1000.0
    );
    for (what, n) in &errors {
        println!("                   error: {what} ×{n}");
    }
    println!(
        "                   verdict: {}",
        if error_count == 0 && slowest <= Duration::from_secs(1) {
            "no error, no request over 1 s"
        } else {
            "FAILED: errors or a request over 1 s"
        }
    );
}

fn kill_cycles() {
    let cycles = env_or("KILL_CYCLES", 100);
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path().join("data");
    let (desk, customer) = {
        let mut server = TestServer::start_with_data(&data);
        let d = desk(&server);
        server.kill9();
        d
    };
    let mut acked: Vec<(u64, String)> = Vec::new();
    let mut lost = 0usize;
    let mut duplicates = 0usize;
    let started = Instant::now();
    for cycle in 0..cycles {
        let mut server = TestServer::start_with_data(&data);
        // Everything acknowledged before the last kill is there, as it was.
        for (id, number) in &acked {
            let r = server.call("GET", &format!("/api/requests/{id}"), Some(&desk), None);
            if r.status != 200 || r.json()["number"].as_str() != Some(number.as_str()) {
                lost += 1;
            }
        }
        let stop = AtomicBool::new(false);
        let new: Vec<(u64, String)> = std::thread::scope(|s| {
            let writers: Vec<_> = (0..4)
                .map(|w| {
                    let (server, desk, stop) = (&server, &desk, &stop);
                    s.spawn(move || {
                        let mut mine = Vec::new();
                        let mut n = 0;
                        while !stop.load(Ordering::Relaxed) {
                            let body = new_request(customer, &format!("{cycle}-{w}-{n}"));
                            match server.try_call("POST", "/api/requests", Some(desk), Some(body)) {
                                Ok(r) if r.status == 201 => {
                                    let j = r.json();
                                    mine.push((
                                        j["id"].as_u64().unwrap(),
                                        j["number"].as_str().unwrap().to_owned(),
                                    ));
                                }
                                _ => break, // killed
                            }
                            n += 1;
                        }
                        mine
                    })
                })
                .collect();
            std::thread::sleep(Duration::from_millis(150 + (cycle % 7) * 50));
            // SIGKILL while the writers are still sending.
            std::process::Command::new("kill")
                .args(["-KILL", &server.pid().to_string()])
                .status()
                .unwrap();
            stop.store(true, Ordering::Relaxed);
            writers
                .into_iter()
                .flat_map(|w| w.join().unwrap())
                .collect()
        });
        server.kill9();
        acked.extend(new);
    }
    // One last start: every number is unique across everything on disk.
    let server = TestServer::start_with_data(&data);
    let mut numbers = HashSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/requests?order=newest&limit=500&cursor={c}"),
            None => "/api/requests?order=newest&limit=500".to_owned(),
        };
        let page = server.call("GET", &path, Some(&desk), None).json();
        for r in page["items"].as_array().cloned().unwrap_or_default() {
            if !numbers.insert(r["number"].as_str().unwrap_or("").to_owned()) {
                duplicates += 1;
            }
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    for (id, number) in &acked {
        let r = server.call("GET", &format!("/api/requests/{id}"), Some(&desk), None);
        if r.status != 200 || r.json()["number"].as_str() != Some(number.as_str()) {
            lost += 1;
        }
    }
    println!(
        "kill -9            {cycles} cycles in {:.0} s: {} acknowledged creates, {lost} lost, {duplicates} duplicate numbers ({} on disk)",
        started.elapsed().as_secs_f64(),
        acked.len(),
        numbers.len()
    );
}

fn main() {
    load();
    kill_cycles();
}
