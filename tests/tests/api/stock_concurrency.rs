//! Stock under concurrent writes: two issues of the last unit at once, and
//! the kept balances against a replay of every movement after a random
//! concurrent workload.

use crate::stock::{stock_setup, Stock};
use serde_json::{json, Value};
use servicebook_shared::stock::{replay, Movement};
use std::collections::BTreeMap;

#[test]
fn two_issues_of_the_last_unit_at_once_one_succeeds_and_the_other_is_refused() {
    let s = stock_setup();
    let (wang, _) = s.wang();
    let (zhao, _) = s.zhao();
    let k = s.keeper();
    for round in 0..5 {
        let part = s.part_id(&format!("LAST-{round}"), false, json!([]));
        s.ok(k, json!({"kind": "receive", "part_id": part, "quantity": 1, "to_location_id": s.warehouse}));
        let barrier = std::sync::Barrier::new(2);
        let statuses: Vec<(u16, Value)> = std::thread::scope(|scope| {
            let handles: Vec<_> = [wang, zhao]
                .into_iter()
                .map(|engineer| {
                    let barrier = &barrier;
                    let s = &s;
                    scope.spawn(move || {
                        barrier.wait();
                        s.mv(k, json!({"kind": "issue", "part_id": part, "quantity": 1, "from_location_id": s.warehouse,
                                       "engineer_id": engineer, "work_order_id": s.wo}))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut codes: Vec<u16> = statuses.iter().map(|(c, _)| *c).collect();
        codes.sort();
        assert_eq!(codes, vec![201, 409], "round {round}: {statuses:?}");
        let refused = statuses.iter().find(|(c, _)| *c == 409).unwrap();
        assert_eq!(refused.1["type"], "/problems/insufficient-stock");
        assert_eq!(s.balance(part, s.warehouse), (0, 0, 0));
    }
}

/// A small deterministic generator: the workload is random but the same on
/// every run (what happens in parallel may interleave differently, and the
/// checks hold for any interleaving).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn all_movements(s: &Stock) -> Vec<Movement> {
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let (status, page) = s.p.get_as(
            s.keeper(),
            &format!("/api/stock/movements?limit=500&cursor={cursor}"),
        );
        assert_eq!(status, 200, "{page}");
        out.extend(serde_json::from_value::<Vec<Movement>>(page["items"].clone()).unwrap());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => return out,
        }
    }
}

#[test]
fn after_a_random_concurrent_workload_the_balances_equal_a_replay_of_the_movements() {
    let s = stock_setup();
    let (wang, wang_token) = s.wang();
    let (zhao, zhao_token) = s.zhao();
    let k = s.keeper().to_owned();
    let parts: Vec<u64> = (0..3)
        .map(|i| s.part_id(&format!("MIX-{i}"), false, json!([])))
        .collect();
    for &p in &parts {
        s.ok(
            &k,
            json!({"kind": "receive", "part_id": p, "quantity": 4, "to_location_id": s.warehouse}),
        );
        s.ok(&k, json!({"kind": "issue", "part_id": p, "quantity": 1, "from_location_id": s.warehouse, "engineer_id": wang, "work_order_id": s.wo}));
        s.ok(&k, json!({"kind": "issue", "part_id": p, "quantity": 1, "from_location_id": s.warehouse, "engineer_id": zhao, "work_order_id": s.wo}));
    }
    let kits = [
        (s.kit_of(wang).unwrap(), wang_token.to_owned()),
        (s.kit_of(zhao).unwrap(), zhao_token.to_owned()),
    ];
    let (w, f, wo) = (s.warehouse, s.faulty, s.wo);
    let refused = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for worker in 0..4u64 {
            let (s, k, kits, parts, refused) = (&s, &k, &kits, &parts, &refused);
            scope.spawn(move || {
                let mut rng = Lcg(worker + 17);
                for _ in 0..40 {
                    let part = parts[rng.next(parts.len() as u64) as usize];
                    let (kit, kit_token) = &kits[rng.next(2) as usize];
                    let q = rng.next(3) + 1;
                    let engineer = if *kit == kits[0].0 { wang } else { zhao };
                    let (token, body) = match rng.next(8) {
                        0 => (k.as_str(), json!({"kind": "receive", "part_id": part, "quantity": q, "to_location_id": w})),
                        1 => (k.as_str(), json!({"kind": "issue", "part_id": part, "quantity": q, "from_location_id": w, "engineer_id": engineer, "work_order_id": wo})),
                        2 => (kit_token.as_str(), json!({"kind": "consume", "part_id": part, "quantity": q, "from_location_id": kit, "work_order_id": wo})),
                        3 => (kit_token.as_str(), json!({"kind": "return_good", "part_id": part, "quantity": q, "from_location_id": kit, "to_location_id": w})),
                        4 => (k.as_str(), json!({"kind": "reserve", "part_id": part, "quantity": q, "location_id": w, "work_order_id": wo})),
                        5 => (k.as_str(), json!({"kind": "release", "part_id": part, "quantity": 1, "location_id": w, "work_order_id": wo})),
                        6 => (kit_token.as_str(), json!({"kind": "return_faulty", "part_id": part, "quantity": 1, "from_location_id": kit, "to_location_id": f})),
                        _ => (k.as_str(), json!({"kind": "adjust", "part_id": part, "delta": if rng.next(2) == 0 { -(q as i64) } else { q as i64 }, "location_id": w, "reason": "盘点"})),
                    };
                    let (status, m) = s.mv(token, body.clone());
                    match status {
                        201 => {}
                        409 => {
                            assert!(
                                m["type"] == "/problems/insufficient-stock" || m["type"] == "/problems/not-allowed-now",
                                "{body} → {m}"
                            );
                            refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                        _ => panic!("{body} → {status} {m}"),
                    }
                }
            });
        }
    });

    // The server's own recomputation agrees with what it kept …
    let (status, check) = s.p.get_as(&k, "/api/stock/check");
    assert_eq!(status, 200, "{check}");
    assert_eq!(check["mismatches"], json!([]), "{check}");
    let movements = all_movements(&s);
    assert_eq!(check["movements"].as_u64(), Some(movements.len() as u64));
    assert!(movements.len() > 9 + 40, "most of the workload was written");
    // … and so does a replay of the listed movements, here, balance by
    // balance; nothing is ever below zero or below what is reserved.
    let replayed = replay(&movements);
    let mut seen = 0;
    for &part in &parts {
        let (_, page) = s.p.get_as(&k, &format!("/api/stock?part_id={part}"));
        let kept: BTreeMap<u64, (i64, i64)> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["location_id"].as_u64().unwrap(),
                    (
                        b["on_hand"].as_i64().unwrap(),
                        b["reserved"].as_i64().unwrap(),
                    ),
                )
            })
            .collect();
        for ((p, loc), (on_hand, reserved)) in &replayed {
            if *p != part {
                continue;
            }
            let reserved: i64 = reserved.values().sum();
            assert!(
                *on_hand >= reserved && reserved >= 0,
                "{p}@{loc}: {on_hand} {reserved}"
            );
            let kept_here = kept.get(loc).copied().unwrap_or((0, 0));
            assert_eq!(kept_here, (*on_hand, reserved), "part {p} at {loc}");
            seen += 1;
        }
        assert!(kept.keys().all(|l| replayed.contains_key(&(part, *l))));
    }
    assert!(seen >= parts.len() * 3, "warehouse and both kits per part");
}
