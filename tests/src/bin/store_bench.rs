//! `cargo xtask bench`: durable create throughput and latency of the store
//! (writer thread + group commit), at both durability settings.

use servicebook::store::{Durability, Store, StoreOptions};
use servicebook_tests::probe::{Probe, SCHEMA};
use std::time::{Duration, Instant};

const THREADS: u32 = 64;
const PER_THREAD: u64 = 300;

fn main() {
    for durability in [Durability::Full, Durability::Flush] {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = StoreOptions {
            durability,
            ..StoreOptions::default()
        };
        let store = Store::open_with(dir.path(), &options, &SCHEMA).expect("open store");
        let start = Instant::now();
        let threads: Vec<_> = (0..THREADS)
            .map(|w| {
                let store = store.clone();
                std::thread::spawn(move || {
                    let mut latencies = Vec::with_capacity(PER_THREAD as usize);
                    for n in 0..PER_THREAD {
                        let probe = Probe::new(w, n);
                        let t = Instant::now();
                        store
                            .write_blocking(move |tx| tx.insert(probe.clone()))
                            .expect("write");
                        latencies.push(t.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        let mut latencies: Vec<Duration> = threads
            .into_iter()
            .flat_map(|t| t.join().expect("writer"))
            .collect();
        let elapsed = start.elapsed();
        latencies.sort();
        let pct = |p: f64| {
            latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)]
                .as_secs_f64()
                * 1000.0
        };
        println!(
            "store durable create ({}, {THREADS} writers): {:>7.0} writes/s, p50 {:.2} ms, p99 {:.2} ms ({} writes)",
            durability.as_str(),
            latencies.len() as f64 / elapsed.as_secs_f64(),
            pct(0.50),
            pct(0.99),
            latencies.len()
        );
        store.close();
    }
}
