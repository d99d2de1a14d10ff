//! The binary as an operator meets it: help, one instance per data
//! directory, a port in use, a bad data directory, a clean stop.

use servicebook_tests::{server_binary, wait_running, TestServer};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn run(args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let out = Command::new(server_binary())
        .args(args)
        .output()
        .expect("run servicebook");
    (out, start.elapsed())
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn help_explains_the_commands_and_flags() {
    let (out, _) = run(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for word in [
        "serve",
        "--data",
        "--listen",
        "SERVICEBOOK_DATA",
        "SERVICEBOOK_LISTEN",
    ] {
        assert!(
            text.contains(word),
            "--help does not mention {word}:\n{text}"
        );
    }
    let (out, _) = run(&["serve", "--help"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("--durability"));
}

#[test]
fn a_second_instance_on_the_same_data_directory_fails_at_once() {
    let server = TestServer::start();
    let data = server.data.path().join("data");
    let listen = "127.0.0.1:0";
    let (out, took) = run(&[
        "serve",
        "--data",
        data.to_str().unwrap(),
        "--listen",
        listen,
    ]);
    assert!(!out.status.success());
    assert!(took < Duration::from_secs(5));
    let err = stderr(&out);
    assert!(
        err.contains("in use by another servicebook process"),
        "{err}"
    );
    assert!(err.contains(&format!("pid {}", server.pid())), "{err}");
    // The first server did not notice.
    assert_eq!(server.get("/api/health").status, 200);
}

#[test]
fn a_port_in_use_is_one_clear_line_and_a_failure() {
    let server = TestServer::start();
    let other = tempfile::tempdir().unwrap();
    let (out, _) = run(&[
        "serve",
        "--data",
        other.path().to_str().unwrap(),
        "--listen",
        &server.addr,
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&format!("cannot listen on {}", server.addr)),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unusable_data_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let (out, _) = run(&[
        "serve",
        "--data",
        file.to_str().unwrap(),
        "--listen",
        "127.0.0.1:0",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot use the data directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn flags_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(server_binary())
        .env("SERVICEBOOK_DATA", dir.path())
        .env("SERVICEBOOK_LISTEN", "127.0.0.1:0")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let listen = wait_running(&mut child);
    std::net::TcpStream::connect(&listen).expect("listening where it said");
    assert!(dir.path().join("db").exists());
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn sigterm_stops_cleanly_and_the_data_reopens() {
    let mut server = TestServer::start();
    let data = server.data.path().join("data");
    let status = server.terminate();
    assert!(status.success(), "exit status after SIGTERM: {status}");
    // The lock is released and the store opens again.
    let mut again = Command::new(server_binary())
        .args([
            "serve",
            "--data",
            data.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let listen = wait_running(&mut again);
    assert!(
        again.try_wait().unwrap().is_none(),
        "the restarted server exited"
    );
    std::net::TcpStream::connect(&listen).expect("listening where it said");
    again.kill().unwrap();
    again.wait().unwrap();
}

#[test]
fn demo_accounts_are_never_added_next_to_real_users() {
    let mut server = TestServer::start();
    let admin = server.admin();
    server.user(&admin, "kuaiji.wu", &["manager"]);
    let data = server.data.path().join("data");
    assert!(server.terminate().success());
    let (out, _) = run(&[
        "serve",
        "--data",
        data.to_str().unwrap(),
        "--listen",
        "127.0.0.1:0",
        "--demo",
    ]);
    assert!(
        !out.status.success(),
        "--demo on a firm's data must not start"
    );
    let err = stderr(&out);
    assert!(
        err.contains("--demo refused") && err.contains("kuaiji.wu"),
        "{err}"
    );
}
