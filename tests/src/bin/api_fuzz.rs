//! `cargo xtask test` runs this: Schemathesis against the real server's own
//! OpenAPI document, signed in with an admin's API token (so logging out or
//! changing the password, which a token may not, cannot end the run's
//! session). Seeded and bounded in time, so a run is repeatable.
//!
//! Checks: no server error, and no status code, media type or body that the
//! document does not declare. Exits with Schemathesis's status.

use servicebook_tests::TestServer;
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let st = std::env::var("SCHEMATHESIS").unwrap_or_else(|_| "st".into());
    let seconds = std::env::var("FUZZ_SECONDS").unwrap_or_else(|_| "120".into());
    let server = TestServer::start();
    let admin = server.admin();
    let made = server.call(
        "POST",
        "/api/auth/tokens",
        Some(&admin),
        Some(serde_json::json!({"name": "api fuzzing", "days": 1})),
    );
    assert_eq!(made.status, 201, "{}", made.text());
    let secret = made.json()["secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // Schemathesis keeps a crash cache and Hypothesis an example database
    // in its working directory; a fresh one keeps runs repeatable and the
    // checkout clean.
    let workdir = std::env::temp_dir().join(format!("servicebook-fuzz-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&workdir) {
        eprintln!("api-fuzz: cannot create {}: {e}", workdir.display());
        return ExitCode::FAILURE;
    }
    let status = Command::new(&st)
        .current_dir(&workdir)
        .args([
            "run",
            &format!("{}/api/openapi.json", server.base),
            "--header",
            &format!("Authorization: Bearer {secret}"),
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--phases",
            "examples,coverage,fuzzing",
            "--max-time",
            &seconds,
            // One worker: Python 3.11's parser is not thread-safe under
            // Hypothesis's lambda descriptions (a spurious SystemError).
            "--workers",
            "1",
            // The users' own pages and actions (reset a password, disable,
            // change roles) could lock the fuzzing admin out and leave the
            // rest of the run unauthorised; tests/tests/api/users.rs covers them.
            "--exclude-path-regex",
            "^/api/users/",
            "--seed",
            "20261203",
            // A hang, not a slow hash on a busy machine.
            "--max-response-time",
            "30",
        ])
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .status();
    let _ = std::fs::remove_dir_all(&workdir);
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => {
            eprintln!("api-fuzz: schemathesis failed ({s})");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("api-fuzz: cannot run {st}: {e}");
            ExitCode::FAILURE
        }
    }
}
