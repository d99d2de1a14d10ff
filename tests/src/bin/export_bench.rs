//! `cargo xtask bench`: exporting 100,000 service requests over HTTP as CSV
//! (streamed a page at a time) and as XLSX (constant-memory workbook), with
//! the time each takes and the server's peak memory (VmHWM) for each, on a
//! fresh server process so one export's peak does not hide the other's.

use chrono::{Duration as Span, Utc};
use servicebook::store::RequestRecord;
use servicebook_shared::sla::{SlaEvent, TimedEvent};
use servicebook_tests::{bench_seed, TestServer, ADMIN_PASSWORD};
use std::time::Instant;

const STORED: usize = 100_000;
const BATCH: usize = 2_000;
const CUSTOMERS: usize = 500;

/// A request received over the last month and closed half an hour later.
fn request(n: usize, customer: u64) -> RequestRecord {
    let received = Utc::now() - Span::minutes((n % 43_000) as i64);
    let events = vec![
        TimedEvent {
            at: received,
            event: SlaEvent::Received,
        },
        TimedEvent {
            at: received + Span::minutes(30),
            event: SlaEvent::Closed,
        },
    ];
    RequestRecord {
        closed: true,
        ..bench_seed::request(n, customer, received, events)
    }
}

fn seed(dir: &std::path::Path) {
    let store = bench_seed::open(dir);
    let start = Instant::now();
    let customers = bench_seed::customers(&store, CUSTOMERS);
    bench_seed::requests(&store, &customers, STORED, BATCH, request);
    println!(
        "seeded {STORED} requests in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    store.close();
}

/// A line of /proc/<pid>/status, in MiB.
fn status_mib(pid: u32, key: &str) -> f64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn export(dir: &std::path::Path, first: bool, format: &str) {
    let mut server = TestServer::start_with_data(dir);
    let token = if first {
        server.admin()
    } else {
        let r = server.login("admin", ADMIN_PASSWORD);
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["token"].as_str().unwrap().to_owned()
    };
    let pid = server.pid();
    let before = status_mib(pid, "VmHWM:");
    // Its own client: the download is read as it comes (never held whole)
    // and may take longer than the test client's timeout.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(1800)))
        .http_status_as_error(false)
        .build()
        .into();
    let t = Instant::now();
    let mut res = agent
        .get(format!(
            "{}/api/requests/export?order=newest&format={format}&lang=zh",
            server.base
        ))
        .header("authorization", &format!("Bearer {token}"))
        .call()
        .expect("export");
    assert_eq!(res.status().as_u16(), 200);
    let (mut bytes, mut lines) = (0usize, 0usize);
    let mut reader = res.body_mut().with_config().limit(u64::MAX).reader();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = std::io::Read::read(&mut reader, &mut buf).expect("read");
        if n == 0 {
            break;
        }
        bytes += n;
        lines += buf[..n].iter().filter(|b| **b == b'\n').count();
    }
    let secs = t.elapsed().as_secs_f64();
    let peak = status_mib(pid, "VmHWM:");
    if format == "csv" {
        assert_eq!(lines - 1, STORED, "every request exported");
    }
    println!(
        "export {STORED} requests as {format:<4}: {secs:>6.2} s, {:>6.1} MiB file, server peak RSS {peak:.0} MiB (before {before:.0} MiB)",
        bytes as f64 / 1024.0 / 1024.0
    );
    server.terminate();
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    seed(dir.path());
    export(dir.path(), true, "csv");
    export(dir.path(), false, "xlsx");
}
