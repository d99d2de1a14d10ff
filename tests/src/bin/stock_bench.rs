//! `cargo xtask bench`: stock at volume. Seeds 10,000 parts and 1,000,000
//! movements through the stock use case itself (`service::stock::
//! record_movement`: the same checks, balance and reorder updates and audit
//! entries as the API), a few thousand movements per write instead of one
//! per request — the documented shortcut that makes seeding take minutes,
//! not hours. Then, through the real server's HTTP API: p99 of stock on
//! hand for one part and for a whole location, and durable movement writes
//! per second.
//!
//! `STOCK_BENCH_PARTS` and `STOCK_BENCH_MOVEMENTS` change the volume
//! (defaults 10,000 and 1,000,000).

use servicebook::domain::parts::new_part;
use servicebook::service::stock::record_movement;
use servicebook::service::Caller;
use servicebook::store::{Durability, LocationRecord, RecordMeta, Store, StoreOptions};
use servicebook_shared::parts::NewPart;
use servicebook_shared::stock::{LocationKind, MovementKind, NewMovement};
use servicebook_shared::users::Role;
use servicebook_shared::Money;
use servicebook_tests::TestServer;
use std::time::{Duration, Instant};

const KITS: usize = 20;
const BATCH: usize = 2_000;
const WRITERS: usize = 16;
const WRITES_PER_WRITER: usize = 100;

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn pct(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    times[((times.len() as f64 * p) as usize).min(times.len() - 1)].as_secs_f64() * 1000.0
}

/// Movement `n`: groups of four on one part and one kit — receive 3 into
/// the warehouse, transfer 2 to the kit, return 1, count one short in the
/// warehouse — so every movement is valid and both places keep stock.
fn movement(n: usize, parts: &[u64], warehouse: u64, kits: &[u64]) -> NewMovement {
    let group = n / 4;
    let part_id = parts[group % parts.len()];
    let kit = kits[group % kits.len()];
    let base = NewMovement {
        part_id,
        ..Default::default()
    };
    match n % 4 {
        0 => NewMovement {
            kind: Some(MovementKind::Receive),
            quantity: Some(3),
            to_location_id: Some(warehouse),
            supplier: "联想".into(),
            reference: format!("DN-{group}"),
            ..base
        },
        1 => NewMovement {
            kind: Some(MovementKind::Transfer),
            quantity: Some(2),
            from_location_id: Some(warehouse),
            to_location_id: Some(kit),
            ..base
        },
        2 => NewMovement {
            kind: Some(MovementKind::ReturnGood),
            quantity: Some(1),
            from_location_id: Some(kit),
            to_location_id: Some(warehouse),
            ..base
        },
        _ => NewMovement {
            kind: Some(MovementKind::Adjust),
            delta: Some(-1),
            location_id: Some(warehouse),
            reason: "盘点".into(),
            ..base
        },
    }
}

struct Seeded {
    dir: tempfile::TempDir,
    warehouse: u64,
    kit: u64,
    parts: Vec<u64>,
}

fn seed(part_count: usize, movements: usize) -> Seeded {
    let dir = tempfile::tempdir().expect("temp dir");
    // Seeding is not what is measured: skip the fsync per batch.
    let store = Store::open(
        dir.path(),
        &StoreOptions {
            durability: Durability::Flush,
            ..Default::default()
        },
    )
    .expect("open store");
    let keeper = Caller {
        user_id: None,
        username: "bench".into(),
        display_name: "bench".into(),
        roles: vec![Role::Storekeeper],
    };
    let start = Instant::now();
    let (warehouse, kits) = store
        .write_blocking(|tx| {
            let place = |name: String, kind, engineer_id| {
                tx.insert(LocationRecord {
                    meta: RecordMeta::new(),
                    name,
                    kind,
                    engineer_id,
                })
                .map(|l| l.meta.id)
            };
            let warehouse = place("主仓库".into(), LocationKind::Warehouse, None)?;
            let kits = (0..KITS)
                .map(|k| {
                    place(
                        format!("工程师 {k} 备件包"),
                        LocationKind::Kit,
                        Some(1_000_000 + k as u64),
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((warehouse, kits))
        })
        .expect("locations");
    let mut parts = Vec::with_capacity(part_count);
    for chunk in (0..part_count).collect::<Vec<_>>().chunks(BATCH) {
        let chunk = chunk.to_vec();
        let ids = store
            .write_blocking(move |tx| {
                chunk
                    .iter()
                    .map(|n| {
                        let p = new_part(NewPart {
                            part_number: format!("BENCH-{n:06}"),
                            name_zh: format!("备件 {n}"),
                            name_en: format!("Part {n}"),
                            compatible_models: vec![format!("Model {}", n % 300)],
                            unit_cost: Money::from_major(100 + (n % 900) as i64),
                            price: Money::from_major(200 + (n % 900) as i64),
                            unit: "个".into(),
                            ..Default::default()
                        })
                        .expect("part");
                        tx.insert(p).map(|p| p.meta.id)
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("parts");
        parts.extend(ids);
    }
    for batch in 0..movements.div_ceil(BATCH) {
        let (parts, kits, keeper) = (parts.clone(), kits.clone(), keeper.clone());
        let to = ((batch + 1) * BATCH).min(movements);
        store
            .write_blocking(move |tx| {
                for n in batch * BATCH..to {
                    record_movement(tx, &keeper, &movement(n, &parts, warehouse, &kits))?;
                }
                Ok(())
            })
            .expect("movements");
        if batch % 50 == 49 {
            eprintln!("  … {to} movements, {:.0} s", start.elapsed().as_secs_f64());
        }
    }
    println!(
        "seeded {part_count} parts, {} locations and {movements} movements in {:.0} s",
        KITS + 1,
        start.elapsed().as_secs_f64()
    );
    store.close();
    Seeded {
        dir,
        warehouse,
        kit: kits[0],
        parts,
    }
}

fn main() {
    let part_count = env_count("STOCK_BENCH_PARTS", 10_000).max(1);
    let movements = env_count("STOCK_BENCH_MOVEMENTS", 1_000_000);
    let seeded = seed(part_count, movements);
    let server = TestServer::start_with_data(seeded.dir.path());
    let admin = server.admin();
    let (_, keeper) = server.user(&admin, "store.bench", &["storekeeper"]);

    let mut times = Vec::new();
    for k in 0..300 {
        let part = seeded.parts[(k * 7919) % seeded.parts.len()];
        let t = Instant::now();
        let r = server.call(
            "GET",
            &format!("/api/stock?part_id={part}"),
            Some(&keeper),
            None,
        );
        times.push(t.elapsed());
        assert_eq!(r.status, 200, "{}", r.text());
    }
    println!(
        "stock on hand of one part (every location):      p50 {:.2} ms, p99 {:.2} ms",
        pct(&mut times, 0.50),
        pct(&mut times, 0.99)
    );
    for (label, location, runs) in [
        ("the warehouse", seeded.warehouse, 30),
        ("one engineer's kit", seeded.kit, 100),
    ] {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let r = server.call(
                "GET",
                &format!("/api/stock?location_id={location}"),
                Some(&keeper),
                None,
            );
            times.push(t.elapsed());
            assert_eq!(r.status, 200, "{}", r.text());
            rows = r.json()["items"].as_array().map_or(0, Vec::len);
        }
        println!(
            "stock on hand of {label:<20} ({rows:>5} parts): p50 {:.2} ms, p99 {:.2} ms",
            pct(&mut times, 0.50),
            pct(&mut times, 0.99)
        );
    }

    let start = Instant::now();
    let mut latencies: Vec<Duration> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (server, keeper, seeded) = (&server, &keeper, &seeded);
                s.spawn(move || {
                    (0..WRITES_PER_WRITER)
                        .map(|n| {
                            let part = seeded.parts[(w * WRITES_PER_WRITER + n) % seeded.parts.len()];
                            let body = serde_json::json!({"kind": "receive", "part_id": part, "quantity": 2,
                                "to_location_id": seeded.warehouse, "reference": format!("bench {w}-{n}")});
                            let t = Instant::now();
                            let r = server.call("POST", "/api/stock/movements", Some(keeper), Some(body));
                            assert_eq!(r.status, 201, "{}", r.text());
                            t.elapsed()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("writer"))
            .collect()
    });
    let elapsed = start.elapsed();
    println!(
        "movement writes (HTTP, durable, {WRITERS} clients):  {:>6.0} writes/s, p50 {:.1} ms, p99 {:.1} ms ({} writes)",
        latencies.len() as f64 / elapsed.as_secs_f64(),
        pct(&mut latencies, 0.50),
        pct(&mut latencies, 0.99),
        latencies.len()
    );
    let r = server.call("GET", "/api/stock/check", Some(&keeper), None);
    let check = r.json();
    assert_eq!(check["mismatches"], serde_json::json!([]), "{check}");
    println!(
        "balances recomputed from {} movements: no mismatch",
        check["movements"]
    );
}
