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
        let by_tag: Option<Probe> = store.find_unique("by_tag", &keys::text(tag)).unwrap();
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
                .ids_by_index::<Probe>("by_writer", &w.to_be_bytes())
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(all.len(), indexed);
}
