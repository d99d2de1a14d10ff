//! Every acknowledged write survives `kill -9`.

use servicebook::store::{keys, Store, StoreOptions};
use servicebook_tests::probe::{Probe, SCHEMA};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_store-writer"))
        .arg(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start store-writer");
    let mut acked: Vec<(u64, String)> = Vec::new();
    let start = Instant::now();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        let mut parts = line.split_whitespace().skip(1);
        let id: u64 = parts.next().unwrap().parse().unwrap();
        acked.push((id, parts.next().unwrap().to_owned()));
        // Kill it mid-stream: after enough writes, while it keeps writing.
        if acked.len() >= 500 || start.elapsed() > Duration::from_secs(20) {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        acked.len() >= 100,
        "only {} writes were acknowledged",
        acked.len()
    );

    let store = Store::open_with(dir.path(), &StoreOptions::default(), &SCHEMA)
        .expect("reopen after kill -9");
    for (id, tag) in &acked {
        let probe: Probe = store
            .get(*id)
            .unwrap()
            .unwrap_or_else(|| panic!("acknowledged write {id} ({tag}) is lost"));
        assert_eq!(&probe.tag, tag);
        let by_tag: Option<Probe> = store
            .find_unique(&servicebook_tests::probe::BY_TAG, &keys::text(tag))
            .unwrap();
        assert_eq!(
            by_tag.map(|p| p.meta.id),
            Some(*id),
            "index of {tag} disagrees with its record"
        );
    }
    // Records and index entries agree for everything that made it to disk.
    let (all, _) = store.list::<Probe>(None, 100_000).unwrap();
    let indexed: usize = (0..8u32)
        .map(|w| {
            store
                .ids_by_index::<Probe>(&servicebook_tests::probe::BY_WRITER, &w.to_be_bytes())
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(all.len(), indexed);
}

#[test]
fn acknowledged_http_writes_survive_kill_9() {
    use servicebook_tests::TestServer;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};

    let server = Arc::new(TestServer::start());
    let admin = server.admin();
    let acked = Arc::new(Mutex::new(Vec::<(u64, String)>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (server, admin, acked, stop) = (server.clone(), admin.clone(), acked.clone(), stop.clone());
            std::thread::spawn(move || {
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let username = format!("k{w}.n{n}");
                    let body = serde_json::json!({"username": username, "roles": ["engineer"], "password": "durable test pass"});
                    let Ok(r) = server.try_call("POST", "/api/users", Some(&admin), Some(body)) else {
                        break; // the server is gone
                    };
                    if r.status != 201 {
                        break;
                    }
                    acked.lock().unwrap().push((r.json()["id"].as_u64().unwrap(), username));
                }
            })
        })
        .collect();
    let start = Instant::now();
    while acked.lock().unwrap().len() < 40 && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(10));
    }
    // SIGKILL while the writers are still sending.
    Command::new("kill")
        .args(["-KILL", &server.pid().to_string()])
        .status()
        .unwrap();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    // Reap the process: its lock on the directory goes only when it is gone.
    let mut server = Arc::into_inner(server).expect("writers hold no server");
    server.kill9();
    let acked = acked.lock().unwrap().clone();
    // However slow a loaded machine made the writers, what counts is that
    // every acknowledged create is there (the bench counts many more).
    assert!(!acked.is_empty(), "no create was acknowledged");

    let data = server.data.path().join("data");
    let store = Store::open(&data, &StoreOptions::default()).expect("reopen after kill -9");
    for (id, username) in &acked {
        let user = store.get::<servicebook::store::UserRecord>(*id).unwrap();
        assert_eq!(
            user.map(|u| u.username),
            Some(username.clone()),
            "acknowledged user {username} is lost"
        );
        assert_eq!(
            store.user_by_username(username).unwrap().map(|u| u.meta.id),
            Some(*id)
        );
    }
}
