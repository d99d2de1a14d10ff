//! Writes probes through the store from several threads and prints
//! `acked <id> <tag>` for each write the store acknowledged, until killed
//! (or after 60 s / 50,000 writes). The durability test kills it with -9.

use servicebook::store::{Store, StoreOptions};
use servicebook_tests::probe::{Probe, SCHEMA};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: store-writer DIR");
    let store =
        Store::open_with(dir.as_ref(), &StoreOptions::default(), &SCHEMA).expect("open store");
    let out = Arc::new(Mutex::new(std::io::stdout()));
    let start = Instant::now();
    let threads: Vec<_> = (0..8u32)
        .map(|w| {
            let (store, out) = (store.clone(), out.clone());
            std::thread::spawn(move || {
                for n in 0..6_250u64 {
                    if start.elapsed() > Duration::from_secs(60) {
                        break;
                    }
                    let probe = Probe::new(w, n);
                    let saved = store
                        .write_blocking(move |tx| tx.insert(probe.clone()))
                        .expect("write");
                    let mut out = out.lock().unwrap();
                    writeln!(out, "acked {} {}", saved.meta.id, saved.tag).unwrap();
                    out.flush().unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}
