//! Demo history for the KPIs: a few months of requests served and closed,
//! most on time, some late, some done in two visits, some devices reported
//! again within days, so the figures and the twelve-week trend show
//! something real. Every step is the use case the API runs, back-dated.
//! The KPI tests run the same history with other seeds.

use crate::demo_service::{act, step, strokes};
use crate::service::requests::{self as requests, At};
use crate::service::{reports, work_orders, Caller};
use crate::store::{CustomerRecord, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use servicebook_shared::reports::{Fix, Outcome, ReportInput, SignInput};
use servicebook_shared::requests::{NewRequest, RequestActionInput, RequestVerb, Source, Urgency};
use servicebook_shared::work_orders::{NewWorkOrder, QuoteInput, StepKind, Verb, WorkKind};

/// A small deterministic generator (xorshift): the demo is the same each
/// time, a test picks its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

pub struct KpiStaff {
    pub desk: Caller,
    pub boss: Caller,
    /// Engineers with their user ids.
    pub engineers: Vec<(Caller, u64)>,
}

const FAULTS: &[&str] = &[
    "打印机卡纸",
    "服务器风扇告警",
    "交换机端口故障",
    "UPS 电池老化",
    "Copier scanner error",
    "NAS disk degraded",
    "Wi-Fi drops in office",
];

/// `count` requests received over the last `days` days, each served and
/// closed before `now`.
pub async fn history(
    store: &Store,
    staff: &KpiStaff,
    customers: &[CustomerRecord],
    now: DateTime<Utc>,
    rng: &mut Rng,
    count: usize,
    days: i64,
) -> Result<usize, StoreError> {
    let mut devices = Vec::new();
    for c in customers {
        for d in store.devices_of_customer(c.meta.id)? {
            devices.push((c.clone(), d.meta.id));
        }
    }
    if devices.is_empty() || staff.engineers.is_empty() {
        return Ok(0);
    }
    // Oldest first, so a repeat call comes after the one it repeats.
    let mut starts: Vec<i64> = (0..count)
        .map(|_| 3 * 24 * 60 + rng.below((days.max(4) as u64 - 3) * 24 * 60) as i64)
        .collect();
    starts.sort_unstable_by(|a, b| b.cmp(a));
    let mut made = 0;
    for minutes_ago in starts {
        // A few devices come back again and again.
        let (customer, device) = if rng.chance(25) {
            devices[rng.below(3.min(devices.len() as u64)) as usize].clone()
        } else {
            devices[rng.below(devices.len() as u64) as usize].clone()
        };
        let (engineer, engineer_id) =
            &staff.engineers[rng.below(staff.engineers.len() as u64) as usize];
        let received = now - Duration::minutes(minutes_ago);
        serve(
            store,
            staff,
            &customer,
            device,
            engineer,
            *engineer_id,
            received,
            rng,
        )
        .await?;
        made += 1;
    }
    Ok(made)
}

#[allow(clippy::too_many_arguments)]
async fn serve(
    store: &Store,
    staff: &KpiStaff,
    customer: &CustomerRecord,
    device: u64,
    engineer: &Caller,
    engineer_id: u64,
    received: DateTime<Utc>,
    rng: &mut Rng,
) -> Result<(), StoreError> {
    let (desk, boss) = (&staff.desk, &staff.boss);
    let urgent = rng.chance(20);
    let contact = customer.contacts.first();
    let log_within = if rng.chance(10) { 120 } else { 20 };
    let mut at = received + Duration::minutes(5 + rng.below(log_within) as i64);
    let request = requests::log_request(
        store,
        desk,
        NewRequest {
            source: Source::Phone,
            customer_id: customer.meta.id,
            contact: contact
                .map(|c| format!("{} {}", c.name, c.phone))
                .unwrap_or_default(),
            device_id: Some(device),
            site: None,
            description: FAULTS[rng.below(FAULTS.len() as u64) as usize].into(),
            urgency: if urgent {
                Urgency::Urgent
            } else {
                Urgency::Normal
            },
            fault_level: if urgent { 1 } else { 3 },
            received_at: Some(received),
        },
        At::Past(at),
    )
    .await?;
    let mut wo = work_orders::create(
        store,
        desk,
        NewWorkOrder {
            request_id: request.meta.id,
            kind: WorkKind::Field,
            description: String::new(),
            contract_id: None,
            escalated_from: None,
            context: String::new(),
        },
        At::Past(at),
    )
    .await?;
    if wo.chargeable {
        wo = work_orders::set_quote(
            store,
            desk,
            wo.meta.id,
            QuoteInput {
                version: wo.meta.version,
                hours: 2.0,
                travel: true,
                parts_amount: Default::default(),
                parts_note: String::new(),
            },
        )
        .await?;
        let approved_by = contact.map(|c| c.name.clone()).unwrap_or_default();
        wo = act(store, desk, &wo, Verb::ApproveQuote, at, |i| {
            i.approved_by = approved_by
        })
        .await?;
    }
    // Mostly quick; one in eight waits past the dispatch clock.
    at += Duration::minutes(if rng.chance(12) {
        300 + rng.below(600) as i64
    } else {
        5 + rng.below(10) as i64
    });
    wo = act(store, desk, &wo, Verb::Dispatch, at, |i| {
        i.assignees = vec![engineer_id]
    })
    .await?;
    at += Duration::minutes(if rng.chance(10) {
        60
    } else {
        10 + rng.below(15) as i64
    });
    wo = step(store, engineer, &wo, StepKind::Called, at).await?;
    let visits = if rng.chance(12) { 2 } else { 1 };
    for _ in 0..visits {
        at += Duration::minutes(if urgent {
            40 + rng.below(100) as i64
        } else {
            120 + rng.below(1200) as i64
        });
        wo = step(store, engineer, &wo, StepKind::Arrived, at).await?;
        at += Duration::minutes(45 + rng.below(120) as i64);
        wo = step(store, engineer, &wo, StepKind::Left, at).await?;
    }
    at += Duration::minutes(10);
    let (_, draft) = reports::save_draft(
        store,
        engineer,
        wo.meta.id,
        ReportInput {
            version: 0,
            findings: "现场检查确认故障。".into(),
            actions: "更换故障部件，测试运行正常。".into(),
            fix: Some(Fix::RootCause),
            parts_used: String::new(),
            parts: Vec::new(),
            hours_worked: 1.0 + rng.below(6) as f64 * 0.5,
            travel_hours: 0.5 + rng.below(3) as f64 * 0.5,
            result: Outcome::Resolved,
            customer_remarks: String::new(),
        },
    )
    .await?;
    let (signed, _) = reports::sign_in_person(
        store,
        engineer,
        wo.meta.id,
        SignInput {
            version: draft.meta.version,
            signer_name: contact
                .map(|c| c.name.clone())
                .unwrap_or_else(|| "客户".into()),
            strokes: strokes(),
        },
        At::Past(at),
    )
    .await?;
    at += Duration::minutes(5);
    let wo = act(
        store,
        engineer,
        &signed,
        Verb::RequestCompletion,
        at,
        |_| {},
    )
    .await?;
    at += Duration::minutes(30);
    act(store, boss, &wo, Verb::Complete, at, |_| {}).await?;
    at += Duration::minutes(20);
    let current: crate::store::RequestRecord =
        store.get(request.meta.id)?.ok_or(StoreError::NotFound {
            table: "requests",
            id: request.meta.id,
        })?;
    // Completing its last work order usually closed it already.
    if current.closed {
        return Ok(());
    }
    requests::act(
        store,
        desk,
        request.meta.id,
        RequestVerb::Close,
        RequestActionInput {
            version: current.meta.version,
            waiting_for: None,
            note: "已修复，客户确认".into(),
            reason: String::new(),
        },
        At::Past(at),
    )
    .await?;
    Ok(())
}
