//! Unit tests of the work order rules.
use super::*;
use servicebook_shared::contracts::{Promises, ServiceHours};
use servicebook_shared::requests::{Coverage, Source, Urgency};
use servicebook_shared::work_orders::WorkKind;

fn now() -> DateTime<Utc> {
    "2026-11-23T02:00:00Z".parse().unwrap()
}

fn request(chargeable: bool) -> RequestRecord {
    RequestRecord {
        meta: RecordMeta {
            id: 7,
            ..RecordMeta::new()
        },
        number: "SR-2026-000007".into(),
        source: Source::Phone,
        customer_id: 1,
        contact: String::new(),
        device_id: None,
        site: None,
        description: "打印机卡纸".into(),
        urgency: Urgency::Urgent,
        fault_level: 2,
        received_at: now(),
        logged_at: now(),
        logged_by: "desk".into(),
        coverage: Coverage {
            covered_by: if chargeable {
                CoveredBy::Nothing
            } else {
                CoveredBy::Warranty
            },
            in_warranty: !chargeable,
            warranty_ends: None,
            contract_id: None,
            contract_number: None,
            remote_support: !chargeable,
            onsite_repair: !chargeable,
            spare_parts: false,
            loaners: false,
            hours: ServiceHours::Business,
            promises: Promises::default(),
            chargeable,
        },
        closed: false,
        events: vec![],
        next_due_at: None,
        work_order_ids: vec![],
        closing_note: String::new(),
        inspection_visit_id: None,
        surveys: vec![],
        engineers: Vec::new(),
        work: Vec::new(),
        next_request_at: None,
    }
}

fn engineer(id: u64, active: bool) -> UserRecord {
    UserRecord {
        meta: RecordMeta {
            id,
            ..RecordMeta::new()
        },
        username: format!("e{id}"),
        display_name: format!("工程师{id}"),
        phone: String::new(),
        email: String::new(),
        roles: vec![Role::Engineer],
        skills: vec![],
        active,
        password_hash: String::new(),
        must_change_password: false,
        session_epoch: 0,
        totp: None,
        totp_pending: None,
    }
}

const DESK: Acting = Acting {
    user_id: Some(1),
    name: "desk",
    roles: &[Role::Dispatcher],
};
const ENG: Acting = Acting {
    user_id: Some(5),
    name: "e5",
    roles: &[Role::Engineer],
};

fn ctx<'a>(assignees: Vec<(u64, Option<UserRecord>)>, big: &'a [BigSale]) -> ActionContext<'a> {
    ActionContext {
        assignees,
        big_sales: big,
        others_closed: true,
        report_signed: true,
        now: now(),
    }
}

fn dispatch_to(ids: &[u64]) -> ActionInput {
    ActionInput {
        assignees: ids.to_vec(),
        ..Default::default()
    }
}

#[test]
fn dispatch_refuses_disabled_users_and_marks_the_request_assigned() {
    let mut r = request(false);
    let mut wo = new_work_order(
        NewWorkOrder {
            request_id: 7,
            kind: WorkKind::Support,
            description: String::new(),
            contract_id: None,
            escalated_from: None,
            context: String::new(),
        },
        &r,
        None,
    )
    .unwrap();
    assert_eq!(wo.description, "打印机卡纸");
    let c = ctx(vec![(5, Some(engineer(5, false)))], &[]);
    let got = act(
        &mut wo,
        &mut r,
        Verb::Dispatch,
        &dispatch_to(&[5]),
        &DESK,
        &c,
    );
    assert!(matches!(got, Err(Refusal::Invalid(e)) if e["assignees"].contains("disabled")));
    assert_eq!(wo.state, WoState::Requested);
    let c = ctx(vec![(5, Some(engineer(5, true)))], &[]);
    act(
        &mut wo,
        &mut r,
        Verb::Dispatch,
        &dispatch_to(&[5]),
        &DESK,
        &c,
    )
    .unwrap();
    assert_eq!(wo.state, WoState::Dispatched);
    assert!(matches!(r.events.last().unwrap().event, SlaEvent::Assigned));
    assert!(matches!(
        act(
            &mut wo,
            &mut r,
            Verb::Start,
            &ActionInput::default(),
            &DESK,
            &c
        ),
        Err(Refusal::Forbidden(_))
    ));
}

#[test]
fn field_work_under_a_big_sale_contract_needs_it_linked() {
    let mut r = request(false);
    let mut wo = new_work_order(
        NewWorkOrder {
            request_id: 7,
            kind: WorkKind::Field,
            description: "上门安装".into(),
            contract_id: None,
            escalated_from: None,
            context: String::new(),
        },
        &r,
        None,
    )
    .unwrap();
    let big = [BigSale {
        id: 3,
        number: "XS-2026-001".into(),
    }];
    let c = ctx(vec![(5, Some(engineer(5, true)))], &big);
    let got = act(
        &mut wo,
        &mut r,
        Verb::Dispatch,
        &dispatch_to(&[5]),
        &DESK,
        &c,
    );
    assert!(matches!(got, Err(Refusal::Conflict(m)) if m.contains("XS-2026-001")));
    let linked = ActionInput {
        contract_id: Some(3),
        ..dispatch_to(&[5])
    };
    act(&mut wo, &mut r, Verb::Dispatch, &linked, &DESK, &c).unwrap();
    assert_eq!(wo.contract_id, Some(3));
}

#[test]
fn chargeable_work_starts_only_after_the_customer_approves_the_quote() {
    let mut r = request(true);
    let mut wo = new_work_order(
        NewWorkOrder {
            request_id: 7,
            kind: WorkKind::Field,
            description: String::new(),
            contract_id: None,
            escalated_from: None,
            context: String::new(),
        },
        &r,
        None,
    )
    .unwrap();
    assert!(wo.chargeable);
    let c = ctx(vec![(5, Some(engineer(5, true)))], &[]);
    act(
        &mut wo,
        &mut r,
        Verb::Dispatch,
        &dispatch_to(&[5]),
        &DESK,
        &c,
    )
    .unwrap();
    let arrive = NewStep {
        version: 1,
        kind: StepKind::Arrived,
        at: None,
        note: String::new(),
        visit_at: None,
        late_reason: String::new(),
    };
    assert!(matches!(
        log_step(&mut wo, &mut r, arrive.clone(), &ENG, now()),
        Err(Refusal::Conflict(m)) if m.contains("quote")
    ));
    let settings = Settings::default();
    let q = QuoteInput {
        version: 1,
        hours: 2.0,
        travel: true,
        parts_amount: servicebook_shared::Money::from_major(50),
        parts_note: "搓纸轮".into(),
    };
    set_quote(&mut wo, &q, &settings).unwrap();
    assert_eq!(
        wo.quote.as_ref().unwrap().total,
        servicebook_shared::Money::from_major(750)
    );
    let ok = ActionInput {
        approved_by: "李经理（电话确认）".into(),
        ..Default::default()
    };
    // The desk records the customer's approval, not the engineer whose
    // price it is.
    assert!(matches!(
        act(&mut wo, &mut r, Verb::ApproveQuote, &ok, &ENG, &c),
        Err(Refusal::Forbidden(_))
    ));
    act(&mut wo, &mut r, Verb::ApproveQuote, &ok, &DESK, &c).unwrap();
    assert!(
        set_quote(&mut wo, &q, &settings).is_err(),
        "frozen once approved"
    );
    log_step(&mut wo, &mut r, arrive, &ENG, now()).unwrap();
    assert_eq!(wo.state, WoState::InProgress);
    assert!(matches!(r.events.last().unwrap().event, SlaEvent::Arrived));
}

#[test]
fn an_approved_extension_moves_the_promise_and_completion_closes_the_request() {
    let mut r = request(false);
    r.events.push(TimedEvent {
        at: now(),
        event: SlaEvent::Received,
    });
    let mut wo = new_work_order(
        NewWorkOrder {
            request_id: 7,
            kind: WorkKind::Support,
            description: String::new(),
            contract_id: None,
            escalated_from: None,
            context: String::new(),
        },
        &r,
        None,
    )
    .unwrap();
    let c = ctx(vec![(5, Some(engineer(5, true)))], &[]);
    act(
        &mut wo,
        &mut r,
        Verb::Dispatch,
        &dispatch_to(&[5]),
        &DESK,
        &c,
    )
    .unwrap();
    act(
        &mut wo,
        &mut r,
        Verb::Start,
        &ActionInput::default(),
        &ENG,
        &c,
    )
    .unwrap();
    let until = now() + chrono::Duration::hours(8);
    let ask = ActionInput {
        reason: "等待厂商备件".into(),
        until: Some(until),
        leg: Some(Leg::OnSite),
        ..Default::default()
    };
    act(&mut wo, &mut r, Verb::RequestExtension, &ask, &ENG, &c).unwrap();
    let boss = Acting {
        user_id: Some(2),
        name: "boss",
        roles: &[Role::Manager],
    };
    assert!(matches!(
        act(
            &mut wo,
            &mut r,
            Verb::ApproveExtension,
            &ActionInput::default(),
            &ENG,
            &c
        ),
        Err(Refusal::Forbidden(_))
    ));
    act(
        &mut wo,
        &mut r,
        Verb::ApproveExtension,
        &ActionInput::default(),
        &boss,
        &c,
    )
    .unwrap();
    assert!(r.events.iter().any(|e| matches!(
        &e.event,
        SlaEvent::Extended { until: u, approved_by, .. } if *u == until && approved_by == "boss"
    )));
    act(
        &mut wo,
        &mut r,
        Verb::RequestCompletion,
        &ActionInput::default(),
        &ENG,
        &c,
    )
    .unwrap();
    act(
        &mut wo,
        &mut r,
        Verb::Complete,
        &ActionInput::default(),
        &boss,
        &c,
    )
    .unwrap();
    assert!(r.closed);
    assert_eq!(wo.history.len(), 6);
    assert!(matches!(
        act(&mut wo, &mut r, Verb::Cancel, &dispatch_to(&[]), &boss, &c),
        Err(Refusal::Conflict(_))
    ));
}

#[test]
fn only_active_sale_contracts_above_the_threshold_need_linking() {
    use servicebook_shared::contracts::{Contract, ContractKind, Promises, Scope};
    use servicebook_shared::coverage::ContractStatus;
    let c = |id: u64, kind: ContractKind, value: i64, status: ContractStatus| Contract {
        id,
        version: 1,
        created_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
        updated_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
        number: format!("C-{id}"),
        kind,
        customer_id: 1,
        sales_owner_id: None,
        start_date: "2026-01-01".parse().unwrap(),
        end_date: "2027-01-01".parse().unwrap(),
        value: servicebook_shared::Money::from_major(value),
        device_ids: vec![],
        scope: Scope::default(),
        promises: Promises::default(),
        warranty_months: 12,
        draft: false,
        terminated_on: None,
        status,
        notes: String::new(),
    };
    let found = big_sales(
        &[
            c(1, ContractKind::Sale, 80_000, ContractStatus::Active),
            c(2, ContractKind::Sale, 50_000, ContractStatus::Active),
            c(3, ContractKind::Maintenance, 90_000, ContractStatus::Active),
            c(4, ContractKind::Sale, 90_000, ContractStatus::Expired),
        ],
        servicebook_shared::Money::from_major(50_000),
    );
    assert_eq!(found.iter().map(|b| b.id).collect::<Vec<_>>(), [1]);
}

#[test]
fn a_step_logged_hours_later_keeps_both_times_and_says_why() {
    let mut r = request(false);
    let mut wo = new_work_order(
        NewWorkOrder {
            request_id: 7,
            kind: WorkKind::Field,
            description: String::new(),
            contract_id: None,
            escalated_from: None,
            context: String::new(),
        },
        &r,
        None,
    )
    .unwrap();
    let c = ctx(vec![(5, Some(engineer(5, true)))], &[]);
    act(
        &mut wo,
        &mut r,
        Verb::Dispatch,
        &dispatch_to(&[5]),
        &DESK,
        &c,
    )
    .unwrap();
    let hour = chrono::Duration::hours(1);
    let mut arrive = NewStep {
        version: 1,
        kind: StepKind::Arrived,
        at: Some(now() - hour),
        note: String::new(),
        visit_at: None,
        late_reason: String::new(),
    };
    let refused = |e: Result<(), Refusal>, field: &str| matches!(e, Err(Refusal::Invalid(f)) if f.contains_key(field));
    // Before the work was given out.
    assert!(refused(
        log_step(&mut wo, &mut r, arrive.clone(), &ENG, now() + hour),
        "at"
    ));
    // Four hours after it happened, without a reason.
    arrive.at = Some(now() + hour);
    let later = now() + hour * 5;
    assert!(refused(
        log_step(&mut wo, &mut r, arrive.clone(), &ENG, later),
        "late_reason"
    ));
    assert!(wo.steps.is_empty(), "nothing logged");
    arrive.late_reason = "现场无信号，回公司后补录".into();
    log_step(&mut wo, &mut r, arrive, &ENG, later).unwrap();
    let s = wo.steps.last().unwrap();
    assert_eq!((s.at, s.logged_at), (now() + hour, Some(later)));
    assert!(s.logged_late());
    assert_eq!(s.late_reason, "现场无信号，回公司后补录");
    // The clocks count the time it happened, not the time it was logged.
    assert_eq!(r.events.last().unwrap().at, now() + hour);
}
