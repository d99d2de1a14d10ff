//! `cargo xtask bench`: routine inspections at volume (issue #13). Seeds
//! 1,000 customers, each with one year-long maintenance contract covering
//! 20 devices, and one inspection standard copied from a shipped example.
//! Then, in-process through the planning use case itself (`service::
//! inspection_plans::create_schedule`, durable writes): the time to create
//! 1,000 schedules — each plans its contract's whole term of visits in the
//! same write — and to re-plan all of them through the contract edit
//! (`service::contracts::update_contract`, which re-plans in its write),
//! checking that re-planning changed no visit. Then, through the real
//! server's HTTP API: p50/p99 of the due list as the overview asks for it
//! (`GET /api/inspections/due`, no parameters).
//!
//! `INSPECTIONS_BENCH_CONTRACTS` and `INSPECTIONS_BENCH_DEVICES` (devices
//! per contract) change the volume (defaults 1,000 and 20).

use chrono::{Duration as Span, Months, NaiveDate};
use servicebook::cli::block_on;
use servicebook::domain::archive::{new_customer, new_device};
use servicebook::service::contracts::{create_contract, update_contract};
use servicebook::service::inspection_plans::create_schedule;
use servicebook::service::inspection_templates::create_template;
use servicebook::service::Caller;
use servicebook::store::{
    ContractRecord, CustomerRecord, Durability, Store, StoreOptions, VisitRecord,
};
use servicebook_shared::contracts::{
    ContractKind, ContractPatch, NewContract, Promises, Scope, ServiceHours,
};
use servicebook_shared::customers::{NewCustomer, Site};
use servicebook_shared::devices::NewDevice;
use servicebook_shared::inspections::examples;
use servicebook_shared::inspections::plans::{wanted_dates, NewSchedule, VisitState};
use servicebook_shared::inspections::rhythm::{Day, Rhythm};
use servicebook_shared::users::Role;
use servicebook_shared::Money;
use servicebook_tests::TestServer;
use std::path::Path;
use std::time::{Duration, Instant};

const BATCH: usize = 100;
const DUE_RUNS: usize = 200;
const PRODUCTS: &[(&str, &str, &str)] = &[
    ("服务器", "华为", "FusionServer 2288H V5"),
    ("UPS", "山特", "C10KS"),
    ("交换机", "华三", "S5130-28S"),
    ("存储", "浪潮", "AS2150G2"),
    ("空调", "艾默生", "DataMate 3000"),
];

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

fn manager() -> Caller {
    Caller {
        user_id: None,
        username: "bench".into(),
        display_name: "bench".into(),
        roles: vec![Role::Manager],
    }
}

/// Contract `n`'s schedule rhythm: a mix of what firms ask for. `None`
/// takes the contract's inspections a year (12 or 4) on its start day.
fn rhythm(n: usize) -> Option<Rhythm> {
    match n % 5 {
        0 => None,
        1 => Some(Rhythm::MonthDay {
            every_months: 1,
            day: 1 + (n % 28) as u8,
        }),
        2 => Some(Rhythm::NthWeekday {
            every_months: 1,
            nth: 1,
            weekday: Day::Monday,
        }),
        3 => Some(Rhythm::MonthDay {
            every_months: 3,
            day: 31,
        }),
        _ => Some(Rhythm::Weeks {
            every_weeks: 2 + (n % 3) as u8,
            weekday: Day::ALL[n % 5],
        }),
    }
}

/// Every visit as (id, version, schedule, date, state, devices), in id order.
type Snapshot = Vec<(u64, u64, u64, NaiveDate, VisitState, Vec<u64>)>;

fn snapshot(store: &Store) -> Snapshot {
    let (visits, _) = store
        .list::<VisitRecord>(None, usize::MAX)
        .expect("read the visits");
    visits
        .into_iter()
        .map(|v| {
            (
                v.meta.id,
                v.meta.version,
                v.schedule_id,
                v.due_date,
                v.state,
                v.device_ids,
            )
        })
        .collect()
}

fn open(dir: &Path, durability: Durability) -> Store {
    Store::open(
        dir,
        &StoreOptions {
            durability,
            ..Default::default()
        },
    )
    .expect("open store")
}

/// Customers, their devices (batched, through the archive's rules), one
/// standard and one maintenance contract per customer (through their use
/// cases). Returns the standard's id and the contracts.
fn seed(dir: &Path, count: usize, per: usize) -> (u64, Vec<ContractRecord>) {
    // Seeding is not what is measured: skip the fsync per write.
    let store = open(dir, Durability::Flush);
    let start = Instant::now();
    let mut owned: Vec<(u64, Vec<u64>)> = Vec::with_capacity(count);
    for from in (0..count).step_by(BATCH) {
        let to = (from + BATCH).min(count);
        let made = store
            .write_blocking(move |tx| {
                (from..to)
                    .map(|n| {
                        let c = new_customer(NewCustomer {
                            name: format!("巡检客户{n:05}有限公司"),
                            sites: vec![Site {
                                name: "机房".into(),
                                address: format!("深圳市南山区 {n} 号"),
                            }],
                            ..Default::default()
                        })
                        .expect("customer");
                        let c = tx.insert::<CustomerRecord>(c)?;
                        let devices = (0..per)
                            .map(|k| {
                                let (product, brand, model) = PRODUCTS[(n + k) % PRODUCTS.len()];
                                let d = new_device(
                                    NewDevice {
                                        customer_id: c.meta.id,
                                        site: "机房".into(),
                                        product: product.into(),
                                        brand: brand.into(),
                                        model: model.into(),
                                        serial_number: format!("INSP{n:06}D{k:03}"),
                                        ..Default::default()
                                    },
                                    &c,
                                    None,
                                )
                                .expect("device");
                                tx.insert(d).map(|d| d.meta.id)
                            })
                            .collect::<Result<Vec<_>, _>>()?;
                        Ok((c.meta.id, devices))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("customers and devices");
        owned.extend(made);
    }
    let today = servicebook::service::settings::today(&store).expect("today");
    let caller = manager();
    let (template, contracts) = block_on(async {
        let example = examples::all().remove(0);
        let template = create_template(&store, &caller, example.template)
            .await
            .expect("standard");
        let mut contracts = Vec::with_capacity(count);
        for (n, (customer, devices)) in owned.into_iter().enumerate() {
            // Terms start over the coming month, so each is planned whole.
            let from = today + Span::days((n % 30) as i64);
            let to = from + Months::new(12) - Span::days(1);
            let input = NewContract {
                number: format!("WB-BENCH-{n:05}"),
                kind: ContractKind::Maintenance,
                customer_id: customer,
                sales_owner_id: None,
                start_date: from,
                end_date: to,
                value: Money::from_major(20_000 + (n % 50) as i64 * 1_000),
                device_ids: devices,
                scope: Scope {
                    remote_support: true,
                    onsite_repair: true,
                    inspections_per_year: if n % 2 == 0 { 12 } else { 4 },
                    spare_parts: n % 2 == 0,
                    loaners: false,
                    hours: ServiceHours::Business,
                },
                promises: Promises::default(),
                warranty_months: 12,
                draft: false,
                notes: String::new(),
            };
            contracts.push(
                create_contract(&store, &caller, input)
                    .await
                    .expect("contract"),
            );
        }
        (template.meta.id, contracts)
    })
    .expect("runtime");
    println!(
        "seeded {count} customers, {} devices, {count} maintenance contracts and 1 standard in {:.1} s",
        count * per,
        start.elapsed().as_secs_f64()
    );
    store.close();
    (template, contracts)
}

fn main() {
    let count = env_count("INSPECTIONS_BENCH_CONTRACTS", 1_000).max(1);
    let per = env_count("INSPECTIONS_BENCH_DEVICES", 20).max(1);
    let dir = tempfile::tempdir().expect("temp dir");
    let (template, contracts) = seed(dir.path(), count, per);

    // Planning is measured as the server writes: durable (fsync per write).
    let store = open(dir.path(), Durability::Full);
    let caller = manager();
    let today = servicebook::service::settings::today(&store).expect("today");
    let start = Instant::now();
    let schedules = block_on(async {
        let mut out = Vec::with_capacity(contracts.len());
        for (n, c) in contracts.iter().enumerate() {
            let input = NewSchedule {
                contract_id: c.meta.id,
                template_id: template,
                device_ids: Vec::new(),
                rhythm: rhythm(n),
                notes: String::new(),
            };
            out.push(
                create_schedule(&store, &caller, input)
                    .await
                    .expect("schedule"),
            );
        }
        out
    })
    .expect("runtime");
    let planning = start.elapsed();
    let planned = snapshot(&store);
    // The plan is exactly each rhythm's dates in its contract (every term
    // starts today or later, so no date is in the past).
    let wanted: usize = schedules
        .iter()
        .zip(&contracts)
        .map(|(s, c)| {
            wanted_dates(s.rhythm, true, c.start_date, c.end_date)
                .iter()
                .filter(|d| **d >= today)
                .count()
        })
        .sum();
    assert_eq!(planned.len(), wanted, "visits planned against wanted");
    assert!(planned
        .iter()
        .all(|v| v.4 == VisitState::Planned && v.5.len() == per));
    println!(
        "create {} schedules (durable, each plans its whole term): {:.2} s, {:.0} schedules/s, {} visits planned ({:.1} ms per schedule)",
        schedules.len(),
        planning.as_secs_f64(),
        schedules.len() as f64 / planning.as_secs_f64(),
        planned.len(),
        planning.as_secs_f64() * 1000.0 / schedules.len() as f64
    );

    // Re-plan every schedule through the contract edit (same devices, same
    // dates): nothing may change.
    let start = Instant::now();
    block_on(async {
        for c in &contracts {
            let patch = ContractPatch {
                version: c.meta.version,
                device_ids: Some(c.device_ids.clone()),
                end_date: Some(c.end_date),
                ..Default::default()
            };
            update_contract(&store, &caller, c.meta.id, patch)
                .await
                .expect("contract edit");
        }
    })
    .expect("runtime");
    let replanning = start.elapsed();
    let again = snapshot(&store);
    assert_eq!(
        again.len(),
        planned.len(),
        "re-planning changed the number of visits"
    );
    assert!(again == planned, "re-planning changed a visit");
    // …and the edits did re-plan: each schedule was saved again.
    for s in &schedules {
        let now = store
            .schedules_of_contract(s.contract_id)
            .expect("schedules");
        assert!(
            now.iter()
                .any(|x| x.meta.id == s.meta.id && x.meta.version > s.meta.version),
            "schedule {} was not re-planned",
            s.meta.id
        );
    }
    println!(
        "re-plan {} schedules (durable contract edits, same devices and dates): {:.2} s, {:.0} contracts/s; {} visits, none changed",
        schedules.len(),
        replanning.as_secs_f64(),
        contracts.len() as f64 / replanning.as_secs_f64(),
        again.len()
    );
    store.close();
    drop(store);
    let fortnight = today + Span::days(14);
    println!(
        "{} of the {} visits fall due within two weeks (the overview shows the first 200)",
        planned.iter().filter(|v| v.3 <= fortnight).count(),
        planned.len()
    );

    let server = TestServer::start_with_data(dir.path());
    let admin = server.admin();
    let (_, boss) = server.user(&admin, "manager.bench", &["manager"]);
    for (label, path, runs) in [
        // The overview's list (web/src/api/inspections.rs: no parameters:
        // due within two weeks, at most 200).
        (
            "due list as the overview asks",
            "/api/inspections/due".to_owned(),
            DUE_RUNS,
        ),
        // The same list reading every planned visit: what the overview
        // reads once a year of visits is overdue (nothing closes a visit
        // yet), still at most 200.
        (
            "due list over the whole plan",
            format!("/api/inspections/due?until={}", today + Months::new(13)),
            50,
        ),
    ] {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let r = server.call("GET", &path, Some(&boss), None);
            times.push(t.elapsed());
            assert_eq!(r.status, 200, "{}", r.text());
            rows = r.json().as_array().map_or(0, Vec::len);
        }
        println!(
            "{label:<32} ({rows:>4} rows, {runs} requests): p50 {:.2} ms, p99 {:.2} ms",
            pct(&mut times, 0.50),
            pct(&mut times, 0.99)
        );
    }
}
