use super::*;
use crate::money::Money;
use WoState::*;

#[test]
fn each_step_turns_into_the_next() {
    let called = step(StepKind::Called, "2026-11-23T01:00:00Z");
    let arrived = step(StepKind::Arrived, "2026-11-23T02:00:00Z");
    let left = step(StepKind::Left, "2026-11-23T03:00:00Z");
    assert_eq!(
        next_steps(&[]),
        [StepKind::Called, StepKind::Arrived, StepKind::Remote]
    );
    assert_eq!(
        next_steps(std::slice::from_ref(&called)),
        [StepKind::Arrived, StepKind::Remote]
    );
    assert_eq!(
        next_steps(&[called.clone(), arrived.clone()]),
        [StepKind::Left]
    );
    assert_eq!(
        next_steps(&[called, arrived, left]),
        [StepKind::Arrived, StepKind::Called]
    );
}

#[test]
fn booked_visits_come_first_then_urgency_then_due() {
    let mut wo: WorkOrder = serde_json::from_value(serde_json::json!({
        "id": 9, "version": 1, "created_at": "2026-11-23T00:00:00Z", "updated_at": "2026-11-23T00:00:00Z",
        "number": "WO-1", "request_id": 1, "request_number": "SR-1", "customer_id": 1, "customer_name": "x",
        "device_id": null, "urgency": "normal", "kind": "field", "state": "dispatched", "description": "",
        "assignees": [], "assignee_names": [], "contract_id": null, "chargeable": false, "quote": null,
        "extension": null, "steps": [], "history": [], "on_site": false, "level": 1, "escalated_from": null, "context": ""
    }))
    .unwrap();
    let normal = task_order(&wo, Some(at("2026-11-23T05:00:00Z")));
    wo.urgency = Urgency::Urgent;
    let urgent_late_due = task_order(&wo, Some(at("2026-11-24T05:00:00Z")));
    let urgent_soon_due = task_order(&wo, Some(at("2026-11-23T04:00:00Z")));
    wo.urgency = Urgency::Normal;
    let mut booked = step(StepKind::Called, "2026-11-23T01:00:00Z");
    booked.visit_at = Some(at("2026-11-25T01:00:00Z"));
    wo.steps = vec![booked];
    let booked_normal = task_order(&wo, None);
    let mut keys = [normal, urgent_late_due, booked_normal, urgent_soon_due];
    keys.sort();
    assert_eq!(
        keys,
        [booked_normal, urgent_soon_due, urgent_late_due, normal]
    );
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn every_state_allows_exactly_its_actions() {
    let allowed: &[(Verb, WoState, WoState)] = &[
        (Verb::Dispatch, Requested, Dispatched),
        (Verb::Dispatch, Dispatched, Dispatched),
        (Verb::Dispatch, InProgress, InProgress),
        (Verb::Dispatch, ExtensionRequested, ExtensionRequested),
        (Verb::Start, Dispatched, InProgress),
        (Verb::RequestExtension, InProgress, ExtensionRequested),
        (Verb::ApproveExtension, ExtensionRequested, InProgress),
        (Verb::RefuseExtension, ExtensionRequested, InProgress),
        (Verb::RequestCompletion, InProgress, CompletionRequested),
        (Verb::RefuseCompletion, CompletionRequested, InProgress),
        (Verb::Complete, CompletionRequested, Completed),
        (Verb::Cancel, Requested, Cancelled),
        (Verb::Cancel, Dispatched, Cancelled),
        (Verb::Cancel, InProgress, Cancelled),
        (Verb::Cancel, ExtensionRequested, Cancelled),
        (Verb::Cancel, CompletionRequested, Cancelled),
        (Verb::ApproveQuote, Requested, Requested),
        (Verb::ApproveQuote, Dispatched, Dispatched),
    ];
    for verb in Verb::ALL {
        for from in WoState::ALL {
            let expected = allowed
                .iter()
                .find(|(v, f, _)| *v == verb && *f == from)
                .map(|t| t.2);
            match (verb.next(from), expected) {
                (Ok(to), Some(e)) => assert_eq!(to, e, "{verb:?} from {from:?}"),
                (Err(why), None) => assert!(why.contains(from.as_str()), "{why}"),
                (got, want) => panic!("{verb:?} from {from:?}: got {got:?}, want {want:?}"),
            }
        }
    }
}

#[test]
fn roles_decide_who_may_act_and_engineers_only_on_their_own_work() {
    use Role::*;
    assert!(Verb::Dispatch.allowed_for(&[Dispatcher], false));
    assert!(!Verb::Dispatch.allowed_for(&[Engineer], true));
    assert!(Verb::Start.allowed_for(&[Engineer], true));
    assert!(!Verb::Start.allowed_for(&[Engineer], false));
    assert!(Verb::Start.allowed_for(&[Manager], false));
    assert!(!Verb::ApproveExtension.allowed_for(&[Engineer, Dispatcher], true));
    assert!(Verb::Complete.allowed_for(&[Manager], false));
    assert!(!Verb::Complete.allowed_for(&[Admin], false));
    assert!(!Verb::Cancel.allowed_for(&[Sales], false));
}

fn step(kind: StepKind, t: &str) -> Step {
    Step {
        kind,
        at: at(t),
        by: "wang".into(),
        by_id: None,
        note: String::new(),
        visit_at: None,
        logged_at: None,
        late_reason: String::new(),
    }
}

fn new(kind: StepKind) -> NewStep {
    NewStep {
        version: 1,
        kind,
        at: None,
        note: String::new(),
        visit_at: None,
        late_reason: String::new(),
    }
}

#[test]
fn steps_follow_the_engineer_on_and_off_site() {
    let now = at("2026-11-23T03:00:00Z");
    assert!(check_step(Dispatched, &[], &new(StepKind::Called), now).is_ok());
    assert!(check_step(Requested, &[], &new(StepKind::Called), now).is_err());
    assert!(check_step(Completed, &[], &new(StepKind::Called), now).is_err());
    assert!(check_step(InProgress, &[], &new(StepKind::Left), now).is_err());
    let here = [step(StepKind::Arrived, "2026-11-23T02:00:00Z")];
    assert!(check_step(InProgress, &here, &new(StepKind::Arrived), now).is_err());
    assert!(check_step(InProgress, &here, &new(StepKind::Left), now).is_ok());
    let early = NewStep {
        at: Some(at("2026-11-23T01:00:00Z")),
        ..new(StepKind::Left)
    };
    assert!(check_step(InProgress, &here, &early, now).is_err());
    let future = NewStep {
        at: Some(at("2026-11-23T04:00:00Z")),
        ..new(StepKind::Called)
    };
    assert!(check_step(Dispatched, &[], &future, now).is_err());
    let booked_before = NewStep {
        visit_at: Some(at("2026-11-23T02:00:00Z")),
        ..new(StepKind::Called)
    };
    assert!(check_step(Dispatched, &[], &booked_before, now).is_err());
    assert!(on_site(&here));
    assert_eq!(
        StepKind::Called.events(true),
        [SlaEvent::Called, SlaEvent::VisitBooked]
    );
}

#[test]
fn actions_ask_for_what_they_need() {
    let now = at("2026-11-23T03:00:00Z");
    let e = check_action(Verb::Dispatch, &ActionInput::default(), now);
    assert!(e.contains_key("assignees"));
    let twice = ActionInput {
        assignees: vec![3, 3],
        ..Default::default()
    };
    assert!(check_action(Verb::Dispatch, &twice, now).contains_key("assignees"));
    let late = ActionInput {
        until: Some(at("2026-11-23T02:00:00Z")),
        ..Default::default()
    };
    let e = check_action(Verb::RequestExtension, &late, now);
    assert_eq!(e.keys().collect::<Vec<_>>(), ["reason", "until"]);
    assert!(check_action(Verb::Cancel, &ActionInput::default(), now).contains_key("reason"));
    assert!(check_action(Verb::Start, &ActionInput::default(), now).is_empty());
}

#[test]
fn a_quote_is_hours_at_the_rate_plus_travel_and_parts() {
    assert_eq!(
        quote_total(2.5, Money(30_000), Money(10_000), Money(4_999)),
        Money(89_999)
    );
    let mut q = QuoteInput {
        version: 1,
        hours: -1.0,
        travel: true,
        parts_amount: Money(-1),
        parts_note: String::new(),
    };
    assert_eq!(check_quote(&q).len(), 2);
    q.hours = 1.0;
    q.parts_amount = Money::ZERO;
    assert!(check_quote(&q).is_empty());
}

#[test]
fn a_step_lies_after_dispatch_and_a_late_one_says_why() {
    let dispatched = at("2026-11-20T01:00:00Z");
    let now = at("2026-11-20T09:00:00Z");
    let mut s = new(StepKind::Arrived);
    s.at = Some(at("2026-11-20T00:59:00Z"));
    assert!(check_step_time(&s, dispatched, now).contains_key("at"));
    s.at = Some(at("-200000-01-01T00:00:00Z"));
    assert!(check_step_time(&s, dispatched, now).contains_key("at"));
    s.at = Some(at("2026-11-20T05:00:00Z"));
    assert!(check_step_time(&s, dispatched, now).contains_key("late_reason"));
    s.late_reason = "phone had no signal on site".into();
    assert!(check_step_time(&s, dispatched, now).is_empty());
    s.at = Some(at("2026-11-20T06:30:00Z"));
    s.late_reason.clear();
    assert!(check_step_time(&s, dispatched, now).is_empty());
}
