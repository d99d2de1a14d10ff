//! Demo inspections done, through the same use cases as the API, told as
//! they happened: two maintenance contracts with schedules set up when
//! their terms began, each past visit dispatched, recorded device by device
//! and signed on its day (one a few days late), one UPS's battery voltage
//! drifting down month by month until the last visit fails it and opens a
//! request, and the most recent UPS visit left overdue.

use crate::cli::block_on;
use crate::service::contracts::update_contract;
use crate::service::devices::create_device;
use crate::service::files::{attach_document, NewDocument};
use crate::service::inspection_plans::create_schedule_at;
use crate::service::inspection_visits as visits;
use crate::service::requests::At;
use crate::service::work_orders::{act, log_step};
use crate::service::Caller;
use crate::store::{
    ContractRecord, CustomerRecord, Store, StoreError, TemplateRecord, VisitRecord,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use servicebook_shared::contracts::{ContractKind, ContractPatch};
use servicebook_shared::devices::NewDevice;
use servicebook_shared::files::AttachedTo;
use servicebook_shared::inspections::plans::{NewSchedule, VisitState};
use servicebook_shared::inspections::visits::{CheckInput, DispatchVisit, ItemAnswer, NewFinding};
use servicebook_shared::inspections::{Answer, ChecklistItem, ItemKind};
use servicebook_shared::reports::SignInput;
use servicebook_shared::users::Role;
use servicebook_shared::work_orders::{ActionInput, NewStep, StepKind, Verb};

/// A 1×1 PNG: the panel photo every demo check carries.
const PHOTO: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

fn fail(e: StoreError) -> String {
    format!("demo inspections: {e}")
}

fn run<T>(f: impl std::future::Future<Output = Result<T, StoreError>>) -> Result<T, String> {
    block_on(f)?.map_err(fail)
}

/// 09:00 in Beijing on `day`, plus `minutes`.
fn at(day: NaiveDate, minutes: i64) -> DateTime<Utc> {
    day.and_hms_opt(1, 0, 0).expect("a valid time").and_utc() + Duration::minutes(minutes)
}

struct Cast {
    manager: Caller,
    engineer: Caller,
    engineer_id: u64,
}

/// Seeds the visits; `standards` are the demo's templates (newest
/// revisions). Returns how many visits were done.
pub fn seed(
    store: &Store,
    customers: &[CustomerRecord],
    standards: &[TemplateRecord],
    today: NaiveDate,
) -> Result<usize, String> {
    let user = |r| crate::demo_service::first_with(store, r);
    let (Some(manager), Some(engineer)) = (user(Role::Manager)?, user(Role::Engineer)?) else {
        return Ok(0);
    };
    let cast = Cast {
        manager: Caller::of(&manager),
        engineer: Caller::of(&engineer),
        engineer_id: engineer.meta.id,
    };
    let standard = |class: &str| {
        standards
            .iter()
            .find(|t| t.current && t.device_class.eq_ignore_ascii_case(class))
    };
    let mut done = 0;
    // The key customer: two UPS units joined the contract, inspected
    // monthly; its servers quarterly.
    if let Some((customer, contract)) = maintained(store, customers, 0)? {
        let ups = ups_units(store, &cast, &customer, &contract)?;
        if let Some(t) = standard("UPS") {
            done += schedule(store, &cast, &customer, &contract, t, ups, 12, today, true)?;
        }
        let servers = devices_like(store, &contract, &["ThinkSystem", "PowerEdge"])?;
        if let (Some(t), false) = (standard("服务器"), servers.is_empty()) {
            done += schedule(
                store, &cast, &customer, &contract, t, servers, 4, today, false,
            )?;
        }
    }
    // The airport: its network switches, every quarter, all done.
    if let Some((customer, contract)) = maintained(store, customers, 1)? {
        let switches = devices_like(store, &contract, &["Catalyst", "FortiGate"])?;
        if let (Some(t), false) = (standard("交换机"), switches.is_empty()) {
            done += schedule(
                store, &cast, &customer, &contract, t, switches, 4, today, false,
            )?;
        }
    }
    Ok(done)
}

/// Customer `n`'s maintenance contract.
fn maintained(
    store: &Store,
    customers: &[CustomerRecord],
    n: usize,
) -> Result<Option<(CustomerRecord, ContractRecord)>, String> {
    let Some(customer) = customers.get(n) else {
        return Ok(None);
    };
    let contract = store
        .contracts_of_customer(customer.meta.id)
        .map_err(fail)?
        .into_iter()
        .find(|c| c.kind == ContractKind::Maintenance);
    Ok(contract.map(|c| (customer.clone(), c)))
}

fn devices_like(store: &Store, c: &ContractRecord, products: &[&str]) -> Result<Vec<u64>, String> {
    let mut out = Vec::new();
    for id in &c.device_ids {
        if let Some(d) = store.get::<crate::store::DeviceRecord>(*id).map_err(fail)? {
            if products.iter().any(|p| d.product.contains(p)) {
                out.push(*id);
            }
        }
    }
    Ok(out)
}

/// Two UPS units in the machine room, added to the contract.
fn ups_units(
    store: &Store,
    cast: &Cast,
    customer: &CustomerRecord,
    contract: &ContractRecord,
) -> Result<Vec<u64>, String> {
    let mut ids = Vec::new();
    for k in 1..=2 {
        let d = run(create_device(
            store,
            &cast.manager,
            NewDevice {
                customer_id: customer.meta.id,
                site: customer
                    .sites
                    .first()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                product: "Smart-UPS SRT 10kVA".into(),
                brand: "APC".into(),
                model: "SRT10KXLI".into(),
                category: "ups".into(),
                serial_number: format!("AS19{k:02}0{}", 4410 + k * 3),
                install_date: Some(contract.start_date - Duration::days(400)),
                ..Default::default()
            },
        ))?;
        ids.push(d.meta.id);
    }
    let mut device_ids = contract.device_ids.clone();
    device_ids.extend(&ids);
    run(update_contract(
        store,
        &Caller::system(),
        contract.meta.id,
        ContractPatch {
            version: contract.meta.version,
            device_ids: Some(device_ids),
            ..Default::default()
        },
    ))?;
    Ok(ids)
}

/// A schedule set up on the contract's first day; its past visits done
/// (with `drift`, the first device's battery falling toward its limit and
/// the latest past visit left overdue). Returns the visits done.
#[allow(clippy::too_many_arguments)]
fn schedule(
    store: &Store,
    cast: &Cast,
    customer: &CustomerRecord,
    contract: &ContractRecord,
    standard: &TemplateRecord,
    devices: Vec<u64>,
    per_year: u32,
    today: NaiveDate,
    drift: bool,
) -> Result<usize, String> {
    let s = run(create_schedule_at(
        store,
        &cast.manager,
        NewSchedule {
            contract_id: contract.meta.id,
            template_id: standard.meta.id,
            device_ids: devices,
            rhythm: servicebook_shared::inspections::rhythm::Rhythm::from_per_year(
                per_year,
                contract.start_date,
            ),
            notes: "机房钥匙在前台登记领取 Machine-room key at the front desk".into(),
        },
        At::Past(at(contract.start_date, -60)),
    ))?;
    let mut past: Vec<VisitRecord> = store
        .visits_of_schedule(s.meta.id)
        .map_err(fail)?
        .into_iter()
        .filter(|v| v.state == VisitState::Planned && v.due_date < today)
        .collect();
    past.sort_by_key(|v| v.due_date);
    if drift {
        // The latest one waits: overdue on the overview.
        past.pop();
    }
    let signer = customer
        .contacts
        .first()
        .map(|c| c.name.clone())
        .unwrap_or_else(|| "客户".into());
    let n = past.len();
    for (k, v) in past.into_iter().enumerate() {
        // The third visit was put off by the customer for four days.
        let day = if k == 2 {
            v.due_date + Duration::days(4)
        } else {
            v.due_date
        };
        let volt = drift.then(|| 12.15 + 0.25 * (n - 1 - k) as f64);
        visit(store, cast, &v, standard, day, volt, &signer)?;
    }
    Ok(n)
}

/// One visit as it went on `day`.
fn visit(
    store: &Store,
    cast: &Cast,
    planned: &VisitRecord,
    standard: &TemplateRecord,
    day: NaiveDate,
    volt: Option<f64>,
    signer: &str,
) -> Result<(), String> {
    let id = planned.meta.id;
    let mut v = run(visits::dispatch(
        store,
        &cast.manager,
        id,
        DispatchVisit {
            version: planned.meta.version,
            assignees: vec![cast.engineer_id],
        },
        At::Past(at(day, -30)),
    ))?;
    let photo = photo(store, cast, id)?;
    for (i, device) in planned.device_ids.clone().into_iter().enumerate() {
        let first = i == 0;
        let answers = standard
            .items
            .iter()
            .filter_map(|item| {
                let reading = match (first, volt, item.code.as_str()) {
                    (true, Some(x), "battery_voltage") => Some(x),
                    _ => None,
                };
                answer(item, photo, reading, i).map(|answer| ItemAnswer {
                    code: item.code.clone(),
                    answer,
                })
            })
            .collect();
        v = run(visits::record_device(
            store,
            &cast.engineer,
            id,
            device,
            CheckInput {
                version: v.meta.version,
                answers,
                not_checkable: None,
                notes: String::new(),
            },
            At::Past(at(day, 20 + 25 * i as i64)),
        ))?;
    }
    let failed: Vec<(u64, String)> = v
        .checks
        .iter()
        .flat_map(|c| c.failed().map(move |r| (c.device_id, r.code.clone())))
        .collect();
    for (device_id, item_code) in failed {
        v = run(visits::open_finding(
            store,
            &cast.engineer,
            id,
            NewFinding {
                version: v.meta.version,
                device_id,
                item_code,
                urgency: None,
                remarks: "建议更换整组电池 Replace the battery string".into(),
            },
            At::Past(at(day, 90)),
        ))?;
    }
    let v = run(visits::sign_in_person(
        store,
        &cast.engineer,
        id,
        SignInput {
            version: v.meta.version,
            signer_name: signer.to_owned(),
            strokes: crate::demo_service::strokes(),
        },
        At::Past(at(day, 100)),
    ))?;
    finish_work(store, cast, &v, day)
}

/// The engineer leaves and asks for completion; the manager completes.
fn finish_work(store: &Store, cast: &Cast, v: &VisitRecord, day: NaiveDate) -> Result<(), String> {
    let Some(wo_id) = v.work_order_id else {
        return Ok(());
    };
    let wo = store
        .get::<crate::store::WorkOrderRecord>(wo_id)
        .map_err(fail)?
        .ok_or("demo inspections: the work order is gone")?;
    let left = at(day, 110);
    let wo = run(log_step(
        store,
        &cast.engineer,
        wo_id,
        NewStep {
            version: wo.meta.version,
            kind: StepKind::Left,
            at: Some(left),
            note: String::new(),
            visit_at: None,
            late_reason: String::new(),
        },
        At::Past(left),
    ))?;
    let input = |version| ActionInput {
        version,
        ..Default::default()
    };
    let wo = run(act(
        store,
        &cast.engineer,
        wo_id,
        Verb::RequestCompletion,
        input(wo.meta.version),
        At::Past(left + Duration::minutes(5)),
    ))?;
    run(act(
        store,
        &cast.manager,
        wo_id,
        Verb::Complete,
        input(wo.meta.version),
        At::Past(left + Duration::hours(3)),
    ))?;
    Ok(())
}

/// The panel photo, uploaded to the visit as the engineer would.
fn photo(store: &Store, cast: &Cast, visit: u64) -> Result<u64, String> {
    let mut upload = store.begin_upload(64).map_err(fail)?;
    upload.write(PHOTO).map_err(fail)?;
    let bytes = store.keep_upload(upload).map_err(fail)?;
    let doc = NewDocument {
        record_type: AttachedTo::Inspection,
        record_id: visit,
        name: "panel.png".into(),
        content_type: "image/png".into(),
        size: bytes.size,
        sha256: bytes.sha256.clone(),
        stored_as: bytes.stored_as.clone(),
    };
    Ok(run(attach_document(store, &cast.engineer, doc))?.meta.id)
}

/// A passing answer for `item` (the `reading` given instead, if any);
/// device `n` reads a little differently from the others.
fn answer(item: &ChecklistItem, photo: u64, reading: Option<f64>, n: usize) -> Option<Answer> {
    Some(match item.kind {
        ItemKind::PassFail => Answer::Pass,
        ItemKind::Reading => {
            let value = reading.unwrap_or_else(|| {
                let v = match (item.min, item.max) {
                    (Some(lo), Some(hi)) => lo + (hi - lo) * 0.6,
                    (Some(lo), None) => lo * 1.5 + 1.0,
                    (None, Some(hi)) => hi * 0.55,
                    (None, None) => 1.0,
                };
                v + 0.1 * n as f64
            });
            Answer::Reading {
                value: (value * 100.0).round() / 100.0,
            }
        }
        ItemKind::Choice => Answer::Choice {
            value: item
                .choices
                .iter()
                .find(|c| !item.failing_choices.contains(c))?
                .clone(),
        },
        ItemKind::Note => Answer::Note {
            text: "运行正常 Running normally".into(),
        },
        ItemKind::Photo => Answer::Photo { file_id: photo },
    })
}
