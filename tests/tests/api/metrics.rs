//! `/metrics` in the Prometheus text format (admins on the main listener,
//! anyone on `--metrics-listen`), and JSON logs.

use crate::work_orders::{covered_device, desk};
use serde_json::json;
use servicebook_tests::server_binary;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// Every line a `# HELP`/`# TYPE` comment or a sample `name{labels} value`;
/// the samples by their full series text (name and labels).
fn parse(text: &str) -> HashMap<String, f64> {
    let mut samples = HashMap::new();
    let mut typed = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            assert!(matches!(kind, "counter" | "gauge" | "histogram"), "{line}");
            typed.push(name.to_owned());
            continue;
        }
        if line.starts_with("# HELP ") {
            continue;
        }
        let (series, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("no value: {line:?}"));
        let value: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("not a number: {line:?}"));
        let name = series.split('{').next().unwrap();
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':'),
            "bad metric name: {line:?}"
        );
        if let Some(labels) = series.strip_prefix(name) {
            if !labels.is_empty() {
                assert!(labels.starts_with('{') && labels.ends_with('}'), "{line:?}");
                for pair in labels[1..labels.len() - 1].split("\",") {
                    let (k, v) = pair.split_once("=\"").unwrap_or_else(|| panic!("{line:?}"));
                    assert!(!k.is_empty() && !v.contains('\n'), "{line:?}");
                }
            }
        }
        assert!(
            typed.iter().any(|t| name == t
                || ["_bucket", "_sum", "_count"]
                    .iter()
                    .any(|s| name.strip_suffix(s) == Some(t))),
            "sample without a # TYPE: {line:?}"
        );
        samples.insert(series.to_owned(), value);
    }
    samples
}

const HEALTH_OK: &str =
    "servicebook_http_requests_seconds_count{method=\"GET\",route=\"/api/health\",status=\"200\"}";

#[test]
fn admins_read_the_metrics_and_they_follow_requests_writes_and_late_work() {
    let d = desk();
    let server = &d.a.server;
    assert_eq!(server.get("/api/metrics").status, 401);
    assert_eq!(
        server
            .call("GET", "/api/metrics", Some(&d.manager), None)
            .status,
        403
    );
    let scrape = || {
        let r = server.call("GET", "/api/metrics", Some(&d.a.admin), None);
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(r
            .header("content-type")
            .starts_with("text/plain; version=0.0.4"));
        parse(&r.text())
    };
    let before = scrape();
    for name in [
        "servicebook_store_write_batch_size_count",
        "servicebook_store_sync_seconds_count",
        "servicebook_store_writer_queue_depth",
        "servicebook_store_size_bytes",
        "servicebook_requests_open_with_clock",
        "servicebook_requests_breached",
        "servicebook_work_orders_open{state=\"dispatched\"}",
        "servicebook_repairs_open{state=\"received\"}",
    ] {
        assert!(before.contains_key(name), "{name} missing");
    }
    assert!(before["servicebook_store_size_bytes"] > 0.0);
    // Signing in and creating the desk's users were durable writes.
    assert!(before["servicebook_store_write_batch_size_count"] >= 1.0);
    assert_eq!(before["servicebook_requests_breached"], 0.0);

    for _ in 0..3 {
        assert_eq!(server.get("/api/health").status, 200);
    }
    let (customer, device) = covered_device(&d);
    let on_time = d.request(Some(device), customer, "normal");
    let wo = d.work_order(&on_time, "support");
    d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    let received = (chrono::Utc::now() - chrono::Duration::days(20)).to_rfc3339();
    let (status, late) = d.a.post(&d.dispatcher, "/api/requests", json!({"source": "phone", "customer_id": customer,
        "description": "三周前的来电", "urgency": "normal", "fault_level": 3, "received_at": received}));
    assert_eq!(status, 201, "{late}");
    // An urgent call nobody has been sent to yet tops the board (its index
    // key is not its due time) but is not late: its dispatch clock just began.
    d.request(None, customer, "urgent");

    let after = scrape();
    let health = |m: &HashMap<String, f64>| m.get(HEALTH_OK).copied().unwrap_or(0.0);
    assert!(health(&after) >= health(&before) + 3.0);
    assert!(
        after["servicebook_store_write_batch_size_count"]
            > before["servicebook_store_write_batch_size_count"]
    );
    assert_eq!(after["servicebook_requests_breached"], 1.0);
    assert!(after["servicebook_requests_open_with_clock"] >= 3.0);
    assert_eq!(
        after["servicebook_work_orders_open{state=\"dispatched\"}"],
        1.0
    );
    // Ids never become labels: a request by id is counted under its pattern.
    let id = on_time["id"].as_u64().unwrap();
    d.get_as(&d.dispatcher, &format!("/api/requests/{id}"));
    let last = scrape();
    assert!(last.contains_key(
        "servicebook_http_requests_seconds_count{method=\"GET\",route=\"/api/requests/{id}\",status=\"200\"}"
    ));
    assert!(!last.keys().any(|k| k.contains(&format!("/{id}\""))));
}

/// A child server whose stdout was read up to its "running" line: the
/// metrics address printed before it, and the main address.
struct Started {
    child: std::process::Child,
    metrics: Option<String>,
    main: String,
    _data: tempfile::TempDir,
}

fn start(envs: &[(&str, &str)]) -> Started {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(server_binary())
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data.path())
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut metrics, mut main) = (None, None);
    for line in lines.by_ref() {
        let line = line.unwrap();
        let addr = || {
            line.split("http://")
                .nth(1)
                .map(|r| r.split(['/', ' ']).next().unwrap().to_owned())
        };
        if line.starts_with("Metrics are served at") {
            metrics = addr();
        }
        if line.starts_with("Servicebook is running") {
            main = addr();
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    Started {
        child,
        metrics,
        main: main.expect("the running line"),
        _data: data,
    }
}

fn get(url: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut r = agent.get(url).call().unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

#[test]
fn a_metrics_address_serves_them_without_a_session_and_nothing_else() {
    let Started {
        mut child,
        metrics,
        main,
        _data,
    } = start(&[("SERVICEBOOK_METRICS_LISTEN", "127.0.0.1:0")]);
    let metrics = metrics.expect("the metrics address was printed");
    assert_ne!(metrics, main);
    assert_eq!(get(&format!("http://{main}/api/health")).0, 200);
    let (status, text) = get(&format!("http://{metrics}/metrics"));
    assert_eq!(status, 200);
    let samples = parse(&text);
    assert!(
        samples.get(HEALTH_OK).copied().unwrap_or(0.0) >= 1.0,
        "{text}"
    );
    assert_eq!(get(&format!("http://{metrics}/api/health")).0, 404);
    assert_eq!(get(&format!("http://{main}/api/metrics")).0, 401);
    // SIGTERM stops both listeners and the process exits cleanly (waiting
    // on its exit, not on a clock).
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "exit after SIGTERM: {status}");
}

#[test]
fn json_logs_are_one_object_per_line_with_the_request_fields() {
    let Started {
        mut child,
        main,
        _data,
        ..
    } = start(&[("SERVICEBOOK_LOG_FORMAT", "json")]);
    let (status, _) = get(&format!("http://{main}/api/public/sign/secret-token-123"));
    child.kill().unwrap();
    child.wait().unwrap();
    // Killed: stderr is complete, read to its end without waiting on anything.
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(lines.iter().any(|l| l["level"] == "INFO"
        && l["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("listening on"))));
    let request = lines
        .iter()
        .find(|l| l["target"] == "http")
        .unwrap_or_else(|| panic!("no request line in {stderr}"));
    assert!(request["timestamp"].as_str().is_some());
    assert_eq!(request["message"], "request");
    assert_eq!(request["method"], "GET");
    assert_eq!(
        request["path"], "/api/public/sign/[token]",
        "the secret is not logged"
    );
    assert_eq!(request["status"], status);
    assert!(request["duration_ms"].as_f64().is_some());
    assert!(!stderr.contains("secret-token-123"));
}

#[test]
fn an_unknown_log_format_is_refused_at_start() {
    let out = Command::new(server_binary())
        .args([
            "user",
            "passwd",
            "--username",
            "x",
            "--data",
            "/nonexistent/x",
        ])
        .env("SERVICEBOOK_LOG_FORMAT", "xml")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("SERVICEBOOK_LOG_FORMAT=xml"));
}
