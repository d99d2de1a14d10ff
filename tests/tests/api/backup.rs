//! Backups: consistent under concurrent writes, admin only, restorable with
//! exactly the data, and refused when damaged or aimed at a busy directory.

use serde_json::json;
use servicebook::store::{AuditFilter, Store, StoreOptions, UserRecord};
use servicebook_tests::{server_binary, user_password, TestServer, ADMIN_PASSWORD};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn servicebook(args: &[&str]) -> Output {
    Command::new(server_binary())
        .args(args)
        .output()
        .expect("run servicebook")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn restore(archive: &Path, into: &Path, force: bool) -> Output {
    let mut args = vec![
        "restore",
        "--from",
        archive.to_str().unwrap(),
        "--data",
        into.to_str().unwrap(),
    ];
    if force {
        args.push("--force");
    }
    servicebook(&args)
}

/// Members of a tar by path, and the manifest's checksums verified.
fn verified_members(archive: &[u8]) -> serde_json::Value {
    let mut tar = tar::Archive::new(archive);
    let mut manifest = None;
    let mut sums = std::collections::BTreeMap::new();
    for entry in tar.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().to_string_lossy().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if path == "manifest.json" {
            manifest = Some(serde_json::from_slice::<serde_json::Value>(&data).unwrap());
        } else {
            let sum: String = Sha256::digest(&data)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            sums.insert(path, sum);
        }
    }
    let manifest = manifest.expect("manifest.json");
    assert!(
        !sums.contains_key("jwt.key"),
        "a backup must never hold the session key"
    );
    for m in manifest["members"].as_array().unwrap() {
        assert_eq!(
            sums.get(m["path"].as_str().unwrap()).map(String::as_str),
            m["sha256"].as_str(),
            "{m}"
        );
    }
    manifest
}

/// Every user's unique index and audit trail agree with the user record.
fn assert_consistent(data: &Path) -> usize {
    let store = Store::open(data, &StoreOptions::default()).expect("restored store opens");
    let (users, _) = store.list::<UserRecord>(None, 100_000).unwrap();
    for u in &users {
        let by_name = store
            .user_by_username(&u.username)
            .unwrap()
            .map(|x| x.meta.id);
        assert_eq!(
            by_name,
            Some(u.meta.id),
            "index of {} disagrees",
            u.username
        );
        let filter = AuditFilter {
            record: Some(("users".into(), u.meta.id)),
            ..Default::default()
        };
        let (trail, _) = store.audit_entries(&filter, None, 10).unwrap();
        assert!(
            trail.iter().any(|e| e.action == "create"),
            "{} has no create entry",
            u.username
        );
    }
    users.len()
}

#[test]
fn a_backup_taken_during_writes_restores_to_a_consistent_state() {
    let server = Arc::new(TestServer::start());
    let admin = server.admin();
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (server, stop, admin) = (server.clone(), stop.clone(), admin.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    let body = json!({"username": format!("w{w}.n{n}"), "roles": ["engineer"], "password": "load test password"});
                    assert_eq!(server.call("POST", "/api/users", Some(&admin), Some(body)).status, 201);
                    n += 1;
                }
                n
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let r = server.call("GET", "/api/admin/backup", Some(&admin), None);
    stop.store(true, Ordering::Relaxed);
    let written: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "application/x-tar");
    assert!(r
        .header("content-disposition")
        .contains("servicebook-backup-"));
    let manifest = verified_members(&r.body);
    let in_backup = manifest["counts"]["users"].as_u64().unwrap() as usize;
    assert!(
        in_backup >= 1 && in_backup <= written + 1,
        "{in_backup} users of {written} + admin"
    );

    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("b.tar");
    std::fs::write(&archive, &r.body).unwrap();
    let data = dir.path().join("restored");
    let out = restore(&archive, &data, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(assert_consistent(&data), in_backup);

    // The restored server knows the admin's password, but a session from
    // before the backup does not open it: the key was not in the archive.
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("everyone signs in again"),
        "the restore says sessions end"
    );
    assert!(!data.join("jwt.key").exists());
    let restored = TestServer::start_with_data(&data);
    assert_eq!(restored.login("admin", ADMIN_PASSWORD).status, 200);
    assert_eq!(
        restored
            .call("GET", "/api/auth/me", Some(&admin), None)
            .status,
        401
    );
    // Taking the backup is in the audit trail (of the server it came from).
    let trail = server
        .call(
            "GET",
            "/api/audit?record_type=backup&record_id=0",
            Some(&admin),
            None,
        )
        .json();
    let entry = &trail["items"][0];
    assert_eq!(entry["action"], "backup", "{trail}");
    assert_eq!(entry["actor"], "admin", "{trail}");
}

#[test]
fn only_admins_download_backups() {
    let server = TestServer::start();
    let admin = server.admin();
    for role in ["manager", "dispatcher", "engineer", "sales"] {
        let (_, token) = server.user(&admin, &format!("{role}.b"), &[role]);
        assert_eq!(
            server
                .call("GET", "/api/admin/backup", Some(&token), None)
                .status,
            403,
            "{role}"
        );
    }
    assert_eq!(server.get("/api/admin/backup").status, 401);
}

#[test]
fn the_command_line_backs_up_and_restores_exactly() {
    let mut server = TestServer::start();
    let admin = server.admin();
    server.user(&admin, "kong.yi", &["engineer", "dispatcher"]);
    let data = server.data.path().join("data");
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("nightly.tar");

    // While the server runs, the command line points to the HTTP endpoint.
    let busy = servicebook(&[
        "backup",
        "--data",
        data.to_str().unwrap(),
        "--out",
        archive.to_str().unwrap(),
    ]);
    assert!(!busy.status.success());
    assert!(
        stderr(&busy).contains("/api/admin/backup"),
        "{}",
        stderr(&busy)
    );

    let status = server.terminate();
    assert!(status.success());
    let out = servicebook(&[
        "backup",
        "--data",
        data.to_str().unwrap(),
        "--out",
        archive.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    verified_members(&std::fs::read(&archive).unwrap());

    let target = dir.path().join("fresh");
    let out = restore(&archive, &target, false);
    assert!(out.status.success(), "{}", stderr(&out));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&archive), 0o600, "the archive is private");
        assert_eq!(mode(&data), 0o700, "the data directory is private");
        assert_eq!(mode(&target), 0o700, "the restored directory is private");
    }
    let restored = TestServer::start_with_data(&target);
    assert!(
        restored.first_password.is_none(),
        "no new admin on restored data"
    );
    assert_eq!(
        restored.login("kong.yi", &user_password("kong.yi")).status,
        200
    );
    let token = restored.login("admin", ADMIN_PASSWORD).json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let users = restored
        .call("GET", "/api/users", Some(&token), None)
        .json();
    let names: Vec<&str> = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["admin", "kong.yi"]);

    // A running server's directory is refused even with --force.
    let out = restore(&archive, &target, true);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("in use"), "{}", stderr(&out));
    drop(restored);

    // A non-empty directory needs --force, and then keeps the old contents aside.
    let out = restore(&archive, &target, false);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    let out = restore(&archive, &target, true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_dir(dir.path()).unwrap().flatten().any(|e| e
        .file_name()
        .to_string_lossy()
        .starts_with("fresh.before-restore-")));
}

#[test]
fn damaged_archives_are_refused_and_nothing_is_written() {
    let server = TestServer::start();
    let admin = server.admin();
    server.user(&admin, "feng.er", &["sales"]);
    let good = server
        .call("GET", "/api/admin/backup", Some(&admin), None)
        .body;
    let dir = tempfile::tempdir().unwrap();

    // Flip one byte inside db.dump.
    let mut flipped = good.clone();
    let mut tar = tar::Archive::new(good.as_slice());
    let offset = tar
        .entries()
        .unwrap()
        .map(|e| e.unwrap())
        .find(|e| e.path().unwrap().to_string_lossy() == "db.dump")
        .map(|e| e.raw_file_position() as usize)
        .unwrap();
    flipped[offset + 20] ^= 0x55;
    let truncated = good[..good.len() / 2].to_vec();
    let not_a_backup = b"hello, this is not a tar file at all".repeat(40);

    for (name, bytes, expect) in [
        ("flipped", flipped, "checksum"),
        ("truncated", truncated, "damaged"),
        ("junk", not_a_backup, ""),
    ] {
        let archive = dir.path().join(format!("{name}.tar"));
        std::fs::write(&archive, bytes).unwrap();
        let target = dir.path().join(format!("into-{name}"));
        let out = restore(&archive, &target, false);
        assert!(!out.status.success(), "{name} was accepted");
        assert!(stderr(&out).contains(expect), "{name}: {}", stderr(&out));
        assert!(
            !target.exists() || std::fs::read_dir(&target).unwrap().next().is_none(),
            "{name} left files behind"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{name} left a staging directory");
    }
}
