//! Demo service work on top of the demo archive: requests and work orders
//! in every state, some breaching their promises, some with signed reports.
//! Every step is the use case the API runs (`service`), acted by the demo
//! staff at times in the past, so the clocks tell a true story.

use crate::service::reports;
use crate::service::requests::{self as requests, At};
use crate::service::work_orders;
use crate::service::Caller;
use crate::store::{CustomerRecord, RequestRecord, Store, UserRecord, WorkOrderRecord};
use chrono::{DateTime, Duration, Utc};
use servicebook_shared::reports::{Fix, Outcome, ReportInput, SignInput};
use servicebook_shared::requests::{NewRequest, RequestActionInput, RequestVerb, Source, Urgency};
use servicebook_shared::sla::{Leg, PauseReason};
use servicebook_shared::users::Role;
use servicebook_shared::work_orders::{
    ActionInput, NewStep, NewWorkOrder, QuoteInput, StepKind, Verb, WorkKind,
};

/// How far a scenario's work got.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Logged,
    Opened,
    Dispatched,
    Called,
    OnSite,
    ExtensionAsked,
    CompletionAsked,
    Completed,
}

struct Scenario {
    description: &'static str,
    urgency: Urgency,
    /// Hours before now the call came in.
    received_hours_ago: i64,
    stage: Stage,
    kind: WorkKind,
    paused_for_parts: bool,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        description: "核心交换机宕机，全公司断网",
        urgency: Urgency::Urgent,
        received_hours_ago: 1,
        stage: Stage::Logged,
        kind: WorkKind::Field,
        paused_for_parts: false,
    },
    Scenario {
        description: "打印机频繁卡纸，需上门检修",
        urgency: Urgency::Normal,
        received_hours_ago: 60,
        stage: Stage::Opened,
        kind: WorkKind::Repair,
        paused_for_parts: false,
    },
    Scenario {
        description: "ERP 服务器无法开机",
        urgency: Urgency::Urgent,
        received_hours_ago: 4,
        stage: Stage::Dispatched,
        kind: WorkKind::Field,
        paused_for_parts: false,
    },
    Scenario {
        description: "VPN 用户无法登录",
        urgency: Urgency::Important,
        received_hours_ago: 6,
        stage: Stage::Called,
        kind: WorkKind::Support,
        paused_for_parts: false,
    },
    Scenario {
        description: "机房 UPS 告警",
        urgency: Urgency::Urgent,
        received_hours_ago: 3,
        stage: Stage::OnSite,
        kind: WorkKind::Field,
        paused_for_parts: false,
    },
    Scenario {
        description: "存储阵列硬盘故障，等待厂商备件",
        urgency: Urgency::Normal,
        received_hours_ago: 50,
        stage: Stage::OnSite,
        kind: WorkKind::Field,
        paused_for_parts: true,
    },
    Scenario {
        description: "防火墙策略调整，需要停机窗口",
        urgency: Urgency::Normal,
        received_hours_ago: 30,
        stage: Stage::ExtensionAsked,
        kind: WorkKind::Field,
        paused_for_parts: false,
    },
    Scenario {
        description: "Server fan failure, CPU throttling",
        urgency: Urgency::Important,
        received_hours_ago: 28,
        stage: Stage::CompletionAsked,
        kind: WorkKind::Field,
        paused_for_parts: false,
    },
    Scenario {
        description: "复印机扫描到邮箱失败",
        urgency: Urgency::Normal,
        received_hours_ago: 120,
        stage: Stage::Completed,
        kind: WorkKind::Field,
        paused_for_parts: false,
    },
    Scenario {
        description: "Wi-Fi coverage in meeting room B",
        urgency: Urgency::Normal,
        received_hours_ago: 200,
        stage: Stage::Completed,
        kind: WorkKind::Support,
        paused_for_parts: false,
    },
];

pub fn strokes() -> Vec<Vec<[f32; 2]>> {
    vec![(0..30)
        .map(|k| {
            [
                30.0 + k as f32 * 17.0,
                120.0 + ((k % 4) as f32 - 1.5) * 25.0,
            ]
        })
        .collect()]
}

pub fn first_with(store: &Store, role: Role) -> Result<Option<UserRecord>, String> {
    for id in store.user_ids_with_role(role).map_err(|e| e.to_string())? {
        if let Some(u) = store.get::<UserRecord>(id).map_err(|e| e.to_string())? {
            if u.active {
                return Ok(Some(u));
            }
        }
    }
    Ok(None)
}

/// The demo staff who play the scenarios.
struct Staff {
    desk: Caller,
    boss: Caller,
    engineer: Caller,
    engineer_id: u64,
}

/// Adds the scenarios to the demo customers; returns how many requests.
pub fn seed(
    store: &Store,
    customers: &[CustomerRecord],
    now: DateTime<Utc>,
) -> Result<usize, String> {
    let (Some(desk), Some(boss), Some(engineer)) = (
        first_with(store, Role::Dispatcher)?,
        first_with(store, Role::Manager)?,
        first_with(store, Role::Engineer)?,
    ) else {
        return Ok(0);
    };
    let staff = Staff {
        desk: Caller::of(&desk),
        boss: Caller::of(&boss),
        engineer: Caller::of(&engineer),
        engineer_id: engineer.meta.id,
    };
    // The use cases are the API's (async); seeding runs before the server,
    // on a runtime of its own.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    let mut made = 0;
    for (n, (s, customer)) in SCENARIOS.iter().zip(customers.iter().cycle()).enumerate() {
        let devices = store
            .devices_of_customer(customer.meta.id)
            .map_err(|e| e.to_string())?;
        let device = devices.get(n % devices.len().max(1)).map(|d| d.meta.id);
        let received = now - Duration::hours(s.received_hours_ago);
        runtime
            .block_on(scenario(store, s, customer, device, &staff, received, now))
            .map_err(|e| format!("demo scenario \"{}\": {e}", s.description))?;
        made += 1;
    }
    // Devices at the repair counter, in every state (crate::demo_repairs).
    let mut devices = Vec::new();
    for c in customers {
        devices.extend(
            store
                .devices_of_customer(c.meta.id)
                .map_err(|e| e.to_string())?,
        );
    }
    let mut engineers = Vec::new();
    for id in store
        .user_ids_with_role(Role::Engineer)
        .map_err(|e| e.to_string())?
    {
        if let Some(u) = store.get::<UserRecord>(id).map_err(|e| e.to_string())? {
            if u.active {
                engineers.push((Caller::of(&u), u.meta.id));
            }
        }
    }
    let kpi_staff = crate::demo_kpi::KpiStaff {
        desk: staff.desk.clone(),
        boss: staff.boss.clone(),
        engineers,
    };
    made += runtime
        .block_on(crate::demo_kpi::history(
            store,
            &kpi_staff,
            customers,
            now,
            &mut crate::demo_kpi::Rng(0x5eed_cafe),
            120,
            84,
        ))
        .map_err(|e| format!("demo KPI history: {e}"))?;
    runtime
        .block_on(crate::demo_repairs::seed(
            store,
            &staff.desk,
            &staff.engineer,
            &devices,
            now,
        ))
        .map_err(|e| format!("demo repairs: {e}"))?;
    Ok(made)
}

/// One scenario played through the use cases with the clock set back.
async fn scenario(
    store: &Store,
    s: &Scenario,
    customer: &CustomerRecord,
    device: Option<u64>,
    staff: &Staff,
    received: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), crate::store::StoreError> {
    let Staff {
        desk,
        boss,
        engineer,
        engineer_id,
    } = staff;
    let contact = customer.contacts.first();
    let logged = received + Duration::minutes(20);
    let request = requests::log_request(
        store,
        desk,
        NewRequest {
            source: Source::Phone,
            customer_id: customer.meta.id,
            contact: contact
                .map(|c| format!("{} {}", c.name, c.phone))
                .unwrap_or_default(),
            device_id: device,
            // The device's site, else the customer's first.
            site: None,
            description: s.description.into(),
            urgency: s.urgency,
            fault_level: if s.urgency == Urgency::Urgent { 1 } else { 3 },
            received_at: Some(received),
        },
        At::Past(logged),
    )
    .await?;
    if s.stage == Stage::Logged {
        return Ok(());
    }
    let mut wo = work_orders::create(
        store,
        desk,
        NewWorkOrder {
            request_id: request.meta.id,
            kind: s.kind,
            description: String::new(),
            contract_id: None,
            escalated_from: None,
            context: String::new(),
        },
        At::Past(logged),
    )
    .await?;
    // Chargeable demo work comes with its quote already agreed.
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
        wo = act(store, desk, &wo, Verb::ApproveQuote, logged, |i| {
            i.approved_by = approved_by
        })
        .await?;
    }
    let mut at = logged + Duration::minutes(15);
    if s.stage >= Stage::Dispatched {
        wo = act(store, desk, &wo, Verb::Dispatch, at, |i| {
            i.assignees = vec![*engineer_id]
        })
        .await?;
    }
    if s.stage >= Stage::Called {
        at += Duration::minutes(20);
        wo = step(store, engineer, &wo, StepKind::Called, at).await?;
    }
    if s.stage >= Stage::OnSite {
        at += Duration::minutes(if s.urgency == Urgency::Urgent {
            70
        } else {
            600
        })
        .min(now - at - Duration::minutes(5));
        let kind = if s.kind.on_site() {
            StepKind::Arrived
        } else {
            StepKind::Remote
        };
        wo = step(store, engineer, &wo, kind, at).await?;
    }
    if s.paused_for_parts {
        let current = store.get::<RequestRecord>(request.meta.id)?.ok_or(
            crate::store::StoreError::NotFound {
                table: "requests",
                id: request.meta.id,
            },
        )?;
        requests::act(
            store,
            desk,
            request.meta.id,
            RequestVerb::Pause,
            RequestActionInput {
                version: current.meta.version,
                waiting_for: Some(PauseReason::WaitingForParts),
                note: String::new(),
                reason: String::new(),
            },
            At::Past(at + Duration::minutes(30)),
        )
        .await?;
    }
    if s.stage >= Stage::ExtensionAsked && s.kind.on_site() {
        at += Duration::minutes(90);
        if s.stage == Stage::ExtensionAsked {
            // Logged back at the office that evening: "logged late", with why.
            let input = NewStep {
                version: wo.meta.version,
                kind: StepKind::Left,
                at: Some(at),
                note: String::new(),
                visit_at: None,
                late_reason: "机房内无手机信号，回公司后补录".into(),
            };
            at += Duration::hours(4);
            wo = work_orders::log_step(store, engineer, wo.meta.id, input, At::Past(at)).await?;
        } else {
            wo = step(store, engineer, &wo, StepKind::Left, at).await?;
        }
    }
    if s.stage == Stage::ExtensionAsked {
        wo = act(
            store,
            engineer,
            &wo,
            Verb::RequestExtension,
            at + Duration::minutes(10),
            |i| {
                i.reason = "客户要求在周末停机窗口实施".into();
                i.until = Some(now + Duration::days(3));
                i.leg = Some(Leg::ReportFiled);
            },
        )
        .await?;
    }
    if s.stage >= Stage::CompletionAsked {
        at += Duration::minutes(30);
        let (_, draft) = reports::save_draft(
            store,
            engineer,
            wo.meta.id,
            ReportInput {
                version: 0,
                findings: format!("{}：现场检查确认故障。", s.description),
                actions: "更换故障部件，测试运行正常，已向客户演示。".into(),
                fix: Some(Fix::RootCause),
                parts_used: String::new(),
                parts: Vec::new(),
                hours_worked: 1.5,
                travel_hours: 0.5,
                result: Outcome::Resolved,
                customer_remarks: "满意".into(),
            },
        )
        .await?;
        let (signed_wo, _) = reports::sign_in_person(
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
        wo = act(
            store,
            engineer,
            &signed_wo,
            Verb::RequestCompletion,
            at + Duration::minutes(5),
            |_| {},
        )
        .await?;
    }
    if s.stage >= Stage::Completed {
        act(
            store,
            boss,
            &wo,
            Verb::Complete,
            at + Duration::hours(2),
            |_| {},
        )
        .await?;
    }
    Ok(())
}

/// A work order action at the version just seen, at `when`.
pub(crate) async fn act(
    store: &Store,
    who: &Caller,
    wo: &WorkOrderRecord,
    verb: Verb,
    when: DateTime<Utc>,
    fill: impl FnOnce(&mut ActionInput),
) -> Result<WorkOrderRecord, crate::store::StoreError> {
    let mut input = ActionInput {
        version: wo.meta.version,
        ..Default::default()
    };
    fill(&mut input);
    work_orders::act(store, who, wo.meta.id, verb, input, At::Past(when)).await
}

/// A step logged by `who` as it happened at `when`.
pub(crate) async fn step(
    store: &Store,
    who: &Caller,
    wo: &WorkOrderRecord,
    kind: StepKind,
    when: DateTime<Utc>,
) -> Result<WorkOrderRecord, crate::store::StoreError> {
    let input = NewStep {
        version: wo.meta.version,
        kind,
        at: Some(when),
        note: String::new(),
        visit_at: None,
        late_reason: String::new(),
    };
    work_orders::log_step(store, who, wo.meta.id, input, At::Past(when)).await
}
