//! Demo service work on top of the demo archive: requests and work orders
//! in every state, some breaching their promises, some with signed reports.
//! Everything goes through the same domain rules as the API, at times in
//! the past, so the clocks tell a true story.

use crate::domain::reports as report_rules;
use crate::domain::requests as request_rules;
use crate::domain::work_orders::{self as wo_rules, Acting, ActionContext};
use crate::store::reports::ReportRecord;
use crate::store::{
    Actor, ContractRecord, CustomerRecord, DeviceRecord, RequestRecord, Store, UserRecord,
    WorkOrderRecord,
};
use chrono::{DateTime, Datelike, Duration, Utc};
use servicebook_shared::coverage::firm_today;
use servicebook_shared::reports::{Fix, Outcome, ReportInput, SignInput};
use servicebook_shared::requests::{NewRequest, RequestActionInput, RequestVerb, Source, Urgency};
use servicebook_shared::sla::{BusinessHours, PauseReason};
use servicebook_shared::users::Role;
use servicebook_shared::work_orders::{
    ActionInput, NewStep, NewWorkOrder, StepKind, Verb, WorkKind,
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
        kind: WorkKind::Field,
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

fn strokes() -> Vec<Vec<[f32; 2]>> {
    vec![(0..30)
        .map(|k| {
            [
                30.0 + k as f32 * 17.0,
                120.0 + ((k % 4) as f32 - 1.5) * 25.0,
            ]
        })
        .collect()]
}

fn first_with(store: &Store, role: Role) -> Result<Option<UserRecord>, String> {
    for id in store.user_ids_with_role(role).map_err(|e| e.to_string())? {
        if let Some(u) = store.get::<UserRecord>(id).map_err(|e| e.to_string())? {
            if u.active {
                return Ok(Some(u));
            }
        }
    }
    Ok(None)
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
    let hours = store.settings().map_err(|e| e.to_string())?.business_hours;
    let mut made = 0;
    for (n, (s, customer)) in SCENARIOS.iter().zip(customers.iter().cycle()).enumerate() {
        let devices = store
            .devices_of_customer(customer.meta.id)
            .map_err(|e| e.to_string())?;
        let device = devices.get(n % devices.len().max(1)).cloned();
        let contracts: Vec<ContractRecord> = match &device {
            Some(d) => store.contracts_of_device(d.meta.id),
            None => store.contracts_of_customer(customer.meta.id),
        }
        .map_err(|e| e.to_string())?;
        let received = now - Duration::hours(s.received_hours_ago);
        let (request, wo, report) = scenario(
            s,
            customer,
            device.as_ref(),
            &contracts,
            (&desk, &boss, &engineer),
            &hours,
            received,
            now,
        )?;
        let year = received.year();
        let actor = Actor::system();
        store
            .write_blocking(move |tx| {
                let mut r = request.clone();
                r.number = request_rules::number(
                    year,
                    tx.next_number(crate::store::Sequence::Requests, year)?,
                );
                let mut r = tx.insert_audited(r, &actor)?;
                if let Some(wo) = &wo {
                    let mut w = wo.clone();
                    w.request_id = r.meta.id;
                    w.number = wo_rules::number(
                        year,
                        tx.next_number(crate::store::Sequence::WorkOrders, year)?,
                    );
                    let mut w = tx.insert_audited(w, &actor)?;
                    if let Some(rep) = &report {
                        let mut rep = rep.clone();
                        rep.work_order_id = w.meta.id;
                        let rep = tx.insert_audited(rep, &actor)?;
                        w.report_ids.push(rep.meta.id);
                        let v = w.meta.version;
                        w = tx.update_audited(w, v, &actor, "report")?;
                    }
                    r.work_order_ids.push(w.meta.id);
                    let v = r.meta.version;
                    r = tx.update_audited(r, v, &actor, "add-work-order")?;
                }
                Ok(r)
            })
            .map_err(|e| e.to_string())?;
        made += 1;
    }
    Ok(made)
}

type Built = (RequestRecord, Option<WorkOrderRecord>, Option<ReportRecord>);

/// One scenario played through the rules with the clock set back.
#[allow(clippy::too_many_arguments)]
fn scenario(
    s: &Scenario,
    customer: &CustomerRecord,
    device: Option<&DeviceRecord>,
    contracts: &[ContractRecord],
    (desk, boss, engineer): (&UserRecord, &UserRecord, &UserRecord),
    hours: &BusinessHours,
    received: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Built, String> {
    let bad = |what: &str| format!("demo scenario \"{}\": {what}", s.description);
    let today = firm_today(received, hours.utc_offset_minutes);
    let wire: Vec<_> = contracts.iter().map(|c| c.to_wire(today)).collect();
    let contact = customer
        .contacts
        .first()
        .map(|c| format!("{} {}", c.name, c.phone))
        .unwrap_or_default();
    let logged = received + Duration::minutes(20);
    let mut request = request_rules::new_request(
        NewRequest {
            source: Source::Phone,
            customer_id: customer.meta.id,
            contact,
            device_id: device.map(|d| d.meta.id),
            description: s.description.into(),
            urgency: s.urgency,
            fault_level: if s.urgency == Urgency::Urgent { 1 } else { 3 },
            received_at: Some(received),
        },
        customer,
        device,
        &wire,
        &desk.username,
        hours,
        logged,
    )
    .map_err(|e| bad(&format!("{e:?}")))?;
    if s.stage == Stage::Logged {
        return Ok((request, None, None));
    }
    let mut wo = wo_rules::new_work_order(
        NewWorkOrder {
            request_id: 0,
            kind: s.kind,
            description: String::new(),
            contract_id: None,
            escalated_from: None,
            context: String::new(),
        },
        &request,
        None,
    )
    .map_err(|e| bad(&format!("{e:?}")))?;
    // Chargeable demo work comes with its quote already agreed.
    if wo.chargeable {
        let settings = servicebook_shared::settings::Settings::default();
        let q = servicebook_shared::work_orders::QuoteInput {
            version: 0,
            hours: 2.0,
            travel: true,
            parts_amount: 0.0,
            parts_note: String::new(),
        };
        wo_rules::set_quote(&mut wo, &q, &settings).map_err(|e| bad(&format!("{e:?}")))?;
        if let Some(q) = wo.quote.as_mut() {
            q.approved = Some(servicebook_shared::work_orders::QuoteApproval {
                by: customer
                    .contacts
                    .first()
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                recorded_by: desk.display_name.clone(),
                at: logged,
            });
        }
    }
    let mut at = logged + Duration::minutes(15);
    let ctx = |when: DateTime<Utc>, assignees: Vec<(u64, Option<UserRecord>)>| ActionContext {
        assignees,
        big_sales: &[],
        others_closed: true,
        report_signed: true,
        now: when,
    };
    let act = |wo: &mut WorkOrderRecord,
               request: &mut RequestRecord,
               verb: Verb,
               input: ActionInput,
               who: &UserRecord,
               when: DateTime<Utc>| {
        let c = ctx(when, vec![(engineer.meta.id, Some(engineer.clone()))]);
        wo_rules::act(wo, request, verb, &input, &Acting::of(who), &c)
            .map_err(|e| bad(&format!("{verb:?}: {e:?}")))
    };
    let step = |wo: &mut WorkOrderRecord,
                request: &mut RequestRecord,
                kind: StepKind,
                when: DateTime<Utc>| {
        let st = NewStep {
            kind,
            at: Some(when),
            note: String::new(),
            visit_at: None,
        };
        wo_rules::log_step(wo, request, st, &Acting::of(engineer), when)
            .map_err(|e| bad(&format!("{kind:?}: {e:?}")))
    };
    if s.stage >= Stage::Dispatched {
        act(
            &mut wo,
            &mut request,
            Verb::Dispatch,
            ActionInput {
                assignees: vec![engineer.meta.id],
                ..Default::default()
            },
            desk,
            at,
        )?;
    }
    if s.stage >= Stage::Called {
        at += Duration::minutes(20);
        step(&mut wo, &mut request, StepKind::Called, at)?;
    }
    if s.stage >= Stage::OnSite {
        at += Duration::minutes(if s.urgency == Urgency::Urgent {
            70
        } else {
            600
        })
        .min(now - at - Duration::minutes(5));
        step(
            &mut wo,
            &mut request,
            if s.kind == WorkKind::Field {
                StepKind::Arrived
            } else {
                StepKind::Remote
            },
            at,
        )?;
    }
    if s.paused_for_parts {
        request_rules::act(
            &mut request,
            RequestVerb::Pause,
            &RequestActionInput {
                waiting_for: Some(PauseReason::WaitingForParts),
                ..Default::default()
            },
            1,
            at + Duration::minutes(30),
        )
        .map_err(|e| bad(&format!("pause: {e:?}")))?;
    }
    let mut report = None;
    if s.stage >= Stage::ExtensionAsked && s.kind == WorkKind::Field {
        at += Duration::minutes(90);
        step(&mut wo, &mut request, StepKind::Left, at)?;
    }
    if s.stage == Stage::ExtensionAsked {
        let input = ActionInput {
            reason: "客户要求在周末停机窗口实施".into(),
            until: Some(now + Duration::days(3)),
            leg: Some(servicebook_shared::sla::Leg::ReportFiled),
            ..Default::default()
        };
        act(
            &mut wo,
            &mut request,
            Verb::RequestExtension,
            input,
            engineer,
            at + Duration::minutes(10),
        )?;
    }
    if s.stage >= Stage::CompletionAsked {
        at += Duration::minutes(30);
        let input = ReportInput {
            version: None,
            findings: format!("{}：现场检查确认故障。", s.description),
            actions: "更换故障部件，测试运行正常，已向客户演示。".into(),
            fix: Some(Fix::RootCause),
            parts_used: String::new(),
            hours_worked: 1.5,
            travel_hours: 0.5,
            result: Outcome::Resolved,
            customer_remarks: "满意".into(),
        };
        let mut rep = report_rules::write(None, &input, &wo, &Acting::of(engineer))
            .map_err(|e| bad(&format!("report: {e:?}")))?;
        let signer = customer
            .contacts
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "客户".into());
        let sign = SignInput {
            version: 0,
            signer_name: signer,
            strokes: strokes(),
        };
        report_rules::sign(&mut rep, &sign, "in_person", None, at)
            .map_err(|e| bad(&format!("sign: {e:?}")))?;
        request.events.push(servicebook_shared::sla::TimedEvent {
            at,
            event: servicebook_shared::sla::SlaEvent::ReportFiled,
        });
        report = Some(rep);
        act(
            &mut wo,
            &mut request,
            Verb::RequestCompletion,
            ActionInput::default(),
            engineer,
            at + Duration::minutes(5),
        )?;
    }
    if s.stage >= Stage::Completed {
        act(
            &mut wo,
            &mut request,
            Verb::Complete,
            ActionInput::default(),
            boss,
            at + Duration::hours(2),
        )?;
    }
    request_rules::refresh_due(&mut request, hours, now);
    Ok((request, Some(wo), report))
}
