//! `cargo xtask run | test | bench`: the README's commands.
//!
//! Each step checks first and skips what is already installed or built, so
//! running a command twice costs seconds. Tools go under the user's home
//! (cargo's bin dir, ~/.cache/servicebook), never into the repository.

mod budget;
mod compress;
mod dist;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant, SystemTime};

type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  run [SERVE ARGS…]  install what is missing, build the app and the server, and serve
                     at http://127.0.0.1:8080 with data in ./data (extra arguments go to
                     `servicebook serve`, e.g. --listen 0.0.0.0:8080)
  test               install what is missing, build, and run every test (unit, HTTP
                     against the real binary, API fuzzing with Schemathesis, and the
                     browser test)
  dist               build, then package the release binary as target/dist/servicebook_<version>_<arch>.deb
                     and target/dist/servicebook-<version>-<target>.tar.gz, and check both
  browser [TEXT]     build, then run only the browser test (only the flows whose name
                     contains TEXT, when given)
  bench              build, then print the binary size, the app's download against its
                     350 KB brotli budget (failing when over), the phone cold load, the
                     start-up time and the store, archive, load, requests, KPI, stock, inspections and export benches";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("dist") => dist(),
        Some("browser") => browser(args.get(1).map(String::as_str)),
        Some("bench") => bench(),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

pub fn step(what: &str) {
    println!("==> {what}");
}

/// Runs a command in the workspace root with `tools::path()` first on PATH;
/// a non-zero exit is an error naming the command.
pub fn sh(program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result {
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .env("PATH", tools::path())
        .envs(envs.iter().copied())
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

fn build_all() -> Result<PathBuf> {
    tools::ensure_build_tools()?;
    build_web()?;
    step("building the server (release)");
    sh(
        "cargo",
        &["build", "--release", "--package", "servicebook"],
        &[],
    )?;
    Ok(server_binary())
}

fn server_binary() -> PathBuf {
    root().join("target/release/servicebook")
}

/// Trunk builds the app into web/dist unless it is newer than every input.
fn build_web() -> Result {
    let root = root();
    let index = root.join("web/dist/index.html");
    let inputs = [
        "web/src",
        "web/locales",
        "web/index.html",
        "web/style.css",
        "web/Cargo.toml",
        "web/build.rs",
        "shared",
        "Cargo.lock",
        "Trunk.toml",
        // Holds the wasm32 rustflags (erase_components).
        ".cargo/config.toml",
    ];
    let newest_input = inputs
        .iter()
        .filter_map(|p| newest_mtime(&root.join(p)))
        .max();
    let built = std::fs::metadata(&index).and_then(|m| m.modified()).ok();
    if let (Some(built), Some(input)) = (built, newest_input) {
        if built > input {
            step("browser app is up to date (web/dist)");
            return compress::brotli_dist(&root.join("web/dist"));
        }
    }
    step("building the browser app (trunk build --release)");
    sh("trunk", &["build", "--release"], &[])?;
    step("brotli copies of the app's assets (web/dist/*.br)");
    compress::brotli_dist(&root.join("web/dist"))
}

fn newest_mtime(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_file() {
        return meta.modified().ok();
    }
    std::fs::read_dir(path)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() != "target" && e.file_name() != "dist")
        .filter_map(|e| newest_mtime(&e.path()))
        .max()
}

fn run(serve_args: &[String]) -> Result {
    let bin = build_all()?;
    step("starting servicebook (add --demo on an empty data directory for sample data; Ctrl-C stops)");
    let mut cmd = Command::new(&bin);
    cmd.current_dir(root()).arg("serve");
    if !serve_args
        .iter()
        .any(|a| a == "--data" || a.starts_with("--data="))
    {
        cmd.args(["--data", "./data"]);
    }
    if !serve_args
        .iter()
        .any(|a| a == "--listen" || a.starts_with("--listen="))
    {
        cmd.args(["--listen", "127.0.0.1:8080"]);
    }
    cmd.args(serve_args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Replace this process so Ctrl-C and SIGTERM reach the server itself.
        Err(format!("cannot start {}: {}", bin.display(), cmd.exec()))
    }
    #[cfg(not(unix))]
    {
        let status = cmd.status().map_err(|e| e.to_string())?;
        status
            .success()
            .then_some(())
            .ok_or_else(|| format!("servicebook exited with {status}"))
    }
}

fn test() -> Result {
    let started = Instant::now();
    let bin = build_all()?;
    tools::ensure_browser_tools()?;
    let bin = bin.to_string_lossy().into_owned();
    step("checking formatting");
    sh("cargo", &["fmt", "--all", "--check"], &[])?;
    step("unit and HTTP tests (cargo test --release)");
    sh(
        "cargo",
        &["test", "--release"],
        &[("SERVICEBOOK_BIN", &bin)],
    )?;
    // The packages wrap the release binary just built: seconds, not a build.
    let built = dist::build(Path::new(&bin))?;
    dist::check(&built)?;
    api_fuzz(&bin)?;
    browser_test(&bin, None)?;
    step(&format!(
        "all tests passed in {:.0} s",
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

fn dist() -> Result {
    let bin = build_all()?;
    let built = dist::build(&bin)?;
    dist::check(&built)
}

/// Schemathesis against the release binary's own OpenAPI document, with an
/// admin's API token, bounded in time and seeded: no 5xx, no status, media
/// type or body the document does not declare, no hang.
fn api_fuzz(bin: &str) -> Result {
    let st = tools::ensure_schemathesis()?;
    step("API fuzzing (Schemathesis, 120 s, against /api/openapi.json)");
    sh(
        "cargo",
        &[
            "run",
            "--release",
            "--quiet",
            "--package",
            "servicebook-tests",
            "--bin",
            "api-fuzz",
        ],
        &[
            ("SERVICEBOOK_BIN", bin),
            ("SCHEMATHESIS", &st.to_string_lossy()),
        ],
    )
}

fn browser(only: Option<&str>) -> Result {
    let bin = build_all()?;
    tools::ensure_browser_tools()?;
    browser_test(&bin.to_string_lossy(), only)
}

fn browser_test(bin: &str, only: Option<&str>) -> Result {
    step("browser test (headless Chromium)");
    let node_path = tools::node_modules().to_string_lossy().into_owned();
    sh(
        "node",
        &["tests/browser/app.cjs"],
        &[
            ("SERVICEBOOK_BIN", bin),
            ("NODE_PATH", &node_path),
            ("FLOWS", only.unwrap_or("")),
        ],
    )
}

fn bench() -> Result {
    let bin = build_all()?;
    let root = root();
    step("sizes");
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    println!("release binary {:>10}  {}", kib(size(&bin)), bin.display());
    step("the app's download: raw, gzip and brotli as served, against the budget");
    // Printed now, failed on at the end: the other figures still get measured.
    let budget = budget::report(&budget::sizes(&root.join("web/dist"))?);
    budget::cold_load(&bin)?;
    step("start-up time (process start → /api/health answers), 5 runs");
    let mut times: Vec<Duration> = (0..5).map(|_| startup_time(&bin)).collect::<Result<_>>()?;
    times.sort();
    println!(
        "start-up            min {:.1} ms, median {:.1} ms",
        ms(times[0]),
        ms(times[2])
    );
    step("store: durable writes (cargo run --release --bin store-bench)");
    sh(
        "cargo",
        &[
            "run",
            "--release",
            "--quiet",
            "--package",
            "servicebook-tests",
            "--bin",
            "store-bench",
        ],
        &[],
    )?;
    step(
        "archive: 100,000 customers and 300,000 devices (cargo run --release --bin archive-bench)",
    );
    sh(
        "cargo",
        &[
            "run",
            "--release",
            "--quiet",
            "--package",
            "servicebook-tests",
            "--bin",
            "archive-bench",
        ],
        &[],
    )?;
    step("load: 256 connections for 60 s, then 100 kill -9 cycles under writes (cargo run --release --bin load-bench)");
    sh(
        "cargo",
        &[
            "run",
            "--release",
            "--quiet",
            "--package",
            "servicebook-tests",
            "--bin",
            "load-bench",
        ],
        &[("SERVICEBOOK_BIN", bin.to_string_lossy().as_ref())],
    )?;
    step("service requests: durable creates over HTTP, and the board with 1,000,000 requests (cargo run --release --bin requests-bench)");
    sh(
        "cargo",
        &[
            "run",
            "--release",
            "--quiet",
            "--package",
            "servicebook-tests",
            "--bin",
            "requests-bench",
        ],
        &[("SERVICEBOOK_BIN", bin.to_string_lossy().as_ref())],
    )?;
    step("KPIs: 1,000,000 requests closed over a year; the recomputation, and the firm's KPIs for a year over HTTP (cargo run --release --bin kpi-bench)");
    sh(
        "cargo",
        &[
            "run",
            "--release",
            "--quiet",
            "--package",
            "servicebook-tests",
            "--bin",
            "kpi-bench",
        ],
        &[("SERVICEBOOK_BIN", bin.to_string_lossy().as_ref())],
    )?;
    step("stock: 10,000 parts and 1,000,000 movements; stock on hand and movement writes over HTTP (cargo run --release --bin stock-bench)");
    sh(
        "cargo",
        &[
            "run",
            "--release",
            "--quiet",
            "--package",
            "servicebook-tests",
            "--bin",
            "stock-bench",
        ],
        &[("SERVICEBOOK_BIN", bin.to_string_lossy().as_ref())],
    )?;
    step("inspections: plan 1,000 contracts × 20 devices, and the due list at that size (cargo run --release --bin inspections-bench)");
    sh(
        "cargo",
        &[
            "run",
            "--release",
            "--quiet",
            "--package",
            "servicebook-tests",
            "--bin",
            "inspections-bench",
        ],
        &[("SERVICEBOOK_BIN", bin.to_string_lossy().as_ref())],
    )?;
    step("exports: 100,000 requests as CSV (streamed) and XLSX over HTTP, time and the server's peak memory (cargo run --release --bin export-bench)");
    sh(
        "cargo",
        &[
            "run",
            "--release",
            "--quiet",
            "--package",
            "servicebook-tests",
            "--bin",
            "export-bench",
        ],
        &[("SERVICEBOOK_BIN", bin.to_string_lossy().as_ref())],
    )?;
    budget
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn startup_time(bin: &Path) -> Result<Duration> {
    let data = std::env::temp_dir().join(format!("servicebook-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let port = free_port()?;
    let addr = format!("127.0.0.1:{port}");
    let start = Instant::now();
    let mut child = Command::new(bin)
        .args(["serve", "--data"])
        .arg(&data)
        .args(["--listen", &addr])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let result = loop {
        if health_ok(&addr) {
            break Ok(start.elapsed());
        }
        if start.elapsed() > Duration::from_secs(20) {
            break Err("the server did not answer /api/health within 20 s".to_owned());
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&data);
    result
}

fn free_port() -> Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn health_ok(addr: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /api/health HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut buf = [0u8; 16];
    s.read(&mut buf).is_ok_and(|n| {
        buf[..n].starts_with(b"HTTP/1.0 200") || buf[..n].starts_with(b"HTTP/1.1 200")
    })
}
