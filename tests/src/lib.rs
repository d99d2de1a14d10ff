//! Helpers for the black-box tests: start the real `servicebook` binary on a
//! free port with a throwaway data directory, and talk HTTP to it.

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

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct TestServer {
    child: Option<Child>,
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
        let addr = format!("127.0.0.1:{}", free_port());
        let mut child = Command::new(server_binary())
            .args(["serve", "--listen", &addr, "--data"])
            .arg(data.path().join("data"))
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start servicebook");
        // The first stdout line says it is listening (and, later, the first
        // admin's password); drain the rest so the pipe never fills.
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || for _ in BufReader::new(stdout).lines() {});
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let server = TestServer {
            child: Some(child),
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

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(Child::id).unwrap_or(0)
    }

    /// Sends SIGTERM and waits for the exit status (10 s at most).
    pub fn terminate(mut self) -> std::process::ExitStatus {
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
