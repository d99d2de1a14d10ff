//! Helpers for the black-box tests: start the real `servicebook` binary on a
//! free port with a throwaway data directory, and talk HTTP to it.

pub mod bench_seed;
pub mod probe;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server binary under test: `SERVICEBOOK_BIN` (set by `cargo xtask
/// test`), else the workspace's release build, else its debug build.
pub fn server_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("SERVICEBOOK_BIN") {
        return PathBuf::from(p);
    }
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target");
    for profile in ["release", "debug"] {
        let p = target.join(profile).join("servicebook");
        if p.exists() {
            return p;
        }
    }
    panic!("no servicebook binary: run `cargo xtask test`, or build it and set SERVICEBOOK_BIN");
}

pub const ADMIN_PASSWORD: &str = "chosen by the boss";

/// The password [`TestServer::user`] gives a user.
pub fn user_password(username: &str) -> String {
    format!("secret of {}", reversed(username))
}

/// The one-time password [`TestServer::user`] creates a user with.
pub fn first_password(username: &str) -> String {
    format!("first pass of {}", reversed(username))
}

/// Passwords must not contain the username.
fn reversed(s: &str) -> String {
    s.chars().rev().collect()
}

/// `127.0.0.1:41234` from "Servicebook is running at http://127.0.0.1:41234 (data: …)".
fn running_address(line: &str) -> Option<String> {
    let rest = line.split("http://").nth(1)?;
    let addr: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ',')
        .collect();
    (!addr.is_empty()).then_some(addr)
}

/// Reads a started server's stdout up to its "running" line and returns the
/// address it listens on (`--listen 127.0.0.1:0` lets the kernel choose);
/// the rest of its output is drained so the pipe never fills.
pub fn wait_running(child: &mut Child) -> String {
    let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
    let mut addr = None;
    for line in lines.by_ref() {
        let line = line.unwrap_or_default();
        if line.starts_with("Servicebook is running") {
            addr = running_address(&line);
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    addr.expect("servicebook printed the address it listens on")
}

/// Runs `command` with `input` on its stdin and collects its output. A
/// command that refuses early may exit before reading its stdin: the write
/// then fails with a broken pipe, which is part of the refusal (the caller
/// asserts on the exit status and the message), not a failure of the test.
pub fn run_with_stdin(command: &mut Command, input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the command");
    let mut stdin = child.stdin.take().expect("piped stdin");
    match stdin.write_all(input.as_bytes()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => panic!("writing to the command's stdin: {e}"),
    }
    drop(stdin);
    child.wait_with_output().expect("wait for the command")
}

/// A port free right now. Only for tests of a port in use or of the
/// `--listen` flag itself: another process may take it before it is used.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct TestServer {
    child: Option<Child>,
    /// The first admin's one-time password, as printed at first start.
    pub first_password: Option<String>,
    pub addr: String,
    pub base: String,
    pub data: tempfile::TempDir,
    agent: ureq::Agent,
}

/// A response with its status, headers and raw body.
pub struct Reply {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

impl TestServer {
    pub fn start() -> TestServer {
        Self::start_with(&[])
    }

    /// Starts the server with extra arguments and waits until /api/health
    /// answers (10 s at most).
    pub fn start_with(extra: &[&str]) -> TestServer {
        let data = tempfile::tempdir().unwrap();
        let dir = data.path().join("data");
        Self::spawn(data, &dir, extra)
    }

    /// Starts the server on an existing data directory (kept by the caller).
    pub fn start_with_data(dir: &std::path::Path) -> TestServer {
        Self::spawn(tempfile::tempdir().unwrap(), dir, &[])
    }

    fn spawn(data: tempfile::TempDir, dir: &std::path::Path, extra: &[&str]) -> TestServer {
        // Port 0: the kernel picks a free port while the server binds, and the
        // server prints it. Picking one here and passing it on would race with
        // every other test (and client socket) taking ports meanwhile.
        let mut child = Command::new(server_binary())
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(dir)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start servicebook");
        // Read up to the "running" line (the first admin's password comes
        // before it), then drain the rest so the pipe never fills.
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut first_password = None;
        let mut addr = None;
        for line in lines.by_ref() {
            let line = line.unwrap_or_default();
            if let Some(rest) = line.split("one-time password").nth(1) {
                first_password = Some(rest.trim().to_owned());
            }
            if line.starts_with("Servicebook is running") {
                addr = running_address(&line);
                break;
            }
        }
        let addr = addr.expect("servicebook printed the address it listens on");
        std::thread::spawn(move || for _ in lines {});
        // A request that never answers fails its test instead of hanging CI.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(120)))
            .build()
            .into();
        let server = TestServer {
            child: Some(child),
            first_password,
            base: format!("http://{addr}"),
            addr,
            data,
            agent,
        };
        let start = Instant::now();
        while server.try_get("/api/health").map(|r| r.status) != Some(200) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "servicebook did not answer within 10 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    fn try_get(&self, path: &str) -> Option<Reply> {
        self.request("GET", path, &[], None).ok()
    }

    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[], None).unwrap()
    }

    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.request("GET", path, headers, None).unwrap()
    }

    pub fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        self.request(method, path, headers, Some(body)).unwrap()
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Result<Reply, ureq::Error> {
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{}", self.base, path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req
            .body(body.map(<[u8]>::to_vec).unwrap_or_default())
            .expect("valid request");
        let mut res = self.agent.run(req)?;
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()?;
        Ok(Reply {
            status,
            headers,
            body,
        })
    }

    /// Raw bytes (an upload) with a bearer token.
    pub fn send_bytes(&self, method: &str, path: &str, token: &str, bytes: &[u8]) -> Reply {
        let auth = format!("Bearer {token}");
        self.request(
            method,
            path,
            &[
                ("authorization", &auth),
                ("content-type", "application/octet-stream"),
            ],
            Some(bytes),
        )
        .unwrap()
    }

    /// A JSON request with a bearer token (or none).
    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> Reply {
        self.try_call(method, path, token, body).unwrap()
    }

    /// [`TestServer::call`] that reports a dropped connection instead of panicking.
    pub fn try_call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> Result<Reply, ureq::Error> {
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut headers: Vec<(&str, &str)> = vec![("content-type", "application/json")];
        if let Some(a) = &auth {
            headers.push(("authorization", a));
        }
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        self.request(
            method,
            path,
            &headers,
            (method != "GET").then_some(body.as_bytes()),
        )
    }

    /// Signs in; returns the reply (token in `json()["token"]` on success).
    pub fn login(&self, username: &str, password: &str) -> Reply {
        self.call(
            "POST",
            "/api/auth/login",
            None,
            Some(serde_json::json!({"username": username, "password": password})),
        )
    }

    /// Signs in with a one-time password and sets `new_password`; the token.
    pub fn first_sign_in(&self, username: &str, one_time: &str, new_password: &str) -> String {
        let r = self.login(username, one_time);
        assert_eq!(r.status, 200, "sign-in of {username}: {}", r.text());
        let token = r.json()["token"].as_str().unwrap().to_owned();
        let body = serde_json::json!({"current_password": one_time, "new_password": new_password});
        let r = self.call("POST", "/api/auth/password", Some(&token), Some(body));
        assert_eq!(r.status, 200, "password change of {username}: {}", r.text());
        r.json()["token"].as_str().unwrap().to_owned()
    }

    /// The first admin, signed in with its password changed to [`ADMIN_PASSWORD`].
    pub fn admin(&self) -> String {
        let one_time = self
            .first_password
            .clone()
            .expect("the first start printed a password");
        self.first_sign_in("admin", &one_time, ADMIN_PASSWORD)
    }

    /// Creates a user as `admin_token`, signs them in and changes their
    /// password to [`user_password`]; returns (id, token).
    pub fn user(&self, admin_token: &str, username: &str, roles: &[&str]) -> (u64, String) {
        let one_time = first_password(username);
        let body = serde_json::json!({"username": username, "roles": roles, "password": one_time});
        let r = self.call("POST", "/api/users", Some(admin_token), Some(body));
        assert_eq!(r.status, 201, "create {username}: {}", r.text());
        let id = r.json()["id"].as_u64().unwrap();
        (
            id,
            self.first_sign_in(username, &one_time, &user_password(username)),
        )
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(Child::id).unwrap_or(0)
    }

    /// Sends SIGKILL and reaps the process, so its file locks are gone
    /// before the caller reopens the data directory.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill(); // it may be dead already
            child.wait().unwrap();
        }
    }

    /// Sends SIGTERM and waits for the exit status (10 s at most).
    /// The data directory stays until the `TestServer` is dropped.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().unwrap();
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        let start = Instant::now();
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "servicebook did not stop within 10 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
