//! Demo satisfaction surveys, through the same use cases as the API, told
//! as they happened: one customer asked for no surveys before its service
//! was completed (its survey reads "not sent"); of the demo's completed
//! services, most were answered well by link or by call, two poorly — one
//! whose follow-up reopened the request, which was then given to an
//! engineer again, and one still waiting for the manager's call — the
//! oldest link expired unanswered, one is sent and pending, and the newest
//! still waits to be sent.

use crate::cli::block_on;
use crate::service::follow_ups;
use crate::service::requests::At;
use crate::service::surveys as service;
use crate::service::work_orders;
use crate::service::Caller;
use crate::store::surveys::SurveyRecord;
use crate::store::{CustomerRecord, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use servicebook_shared::customers::CustomerPatch;
use servicebook_shared::surveys::{CallAnswer, NewCall, ReopenInput, Scores, SurveyState};
use servicebook_shared::users::Role;
use servicebook_shared::work_orders::{ActionInput, NewWorkOrder, Verb, WorkKind};

fn fail(e: StoreError) -> String {
    format!("demo surveys: {e}")
}

fn run<T>(f: impl std::future::Future<Output = Result<T, StoreError>>) -> Result<T, String> {
    block_on(f)?.map_err(fail)
}

/// Which demo customer asked not to get surveys: the airport, whose Wi-Fi
/// support call (the last demo scenario) and inspections are completed.
const OPTED_OUT: usize = 1;

/// Before the services are seeded: the customer who asked for no surveys.
pub fn opt_out(store: &Store, customers: &[CustomerRecord]) -> Result<(), String> {
    let Some(c) = customers.get(OPTED_OUT) else {
        return Ok(());
    };
    let patch = CustomerPatch {
        version: c.meta.version,
        surveys_off: Some(true),
        ..Default::default()
    };
    run(crate::service::customers::update_customer(
        store,
        &Caller::system(),
        c.meta.id,
        patch,
    ))?;
    Ok(())
}

fn scores(overall: u8, comment: &str) -> Scores {
    let good = overall.max(3);
    Scores {
        response_speed: good,
        professionalism: good,
        attitude: 5,
        result: overall,
        overall,
        comment: comment.into(),
    }
}

/// Answers through a fresh link, as the customer would, a day after `at`.
fn by_link(
    store: &Store,
    who: &Caller,
    s: &SurveyRecord,
    at: DateTime<Utc>,
    sc: Scores,
) -> Result<SurveyRecord, String> {
    let (_, token) = run(service::make_link(
        store,
        who,
        s.meta.id,
        s.meta.version,
        At::Past(at),
    ))?;
    run(service::answer_by_link(
        store,
        &token,
        sc,
        At::Past(at + Duration::hours(20)),
    ))
}

/// Seeds the surveys of the services completed so far; says what it did.
pub fn seed(store: &Store, now: DateTime<Utc>) -> Result<String, String> {
    let (Some(boss), Some(desk), Some(engineer)) = (
        crate::demo_service::first_with(store, Role::Manager)?,
        crate::demo_service::first_with(store, Role::Dispatcher)?,
        crate::demo_service::first_with(store, Role::Engineer)?,
    ) else {
        return Ok(String::new());
    };
    let (boss_c, desk_c) = (Caller::of(&boss), Caller::of(&desk));
    let mut waiting = Vec::new();
    for id in store.surveys_in_state(SurveyState::ToSend).map_err(fail)? {
        if let Some(s) = store.get::<SurveyRecord>(id).map_err(fail)? {
            waiting.push(s);
        }
    }
    // Oldest service first: the story runs forward in time.
    waiting.sort_by_key(|s| s.completed_at);
    let n = waiting.len();
    if n == 0 {
        return Ok(String::new());
    }
    let hour_after = |s: &SurveyRecord| (s.completed_at + Duration::hours(2)).min(now);
    let mut answered = 0;
    for (k, s) in waiting.iter().enumerate() {
        let sent = hour_after(s);
        let fresh = now - s.completed_at < Duration::days(10);
        match k {
            // The oldest link went out and expired unanswered.
            0 if n > 4 => {
                run(service::make_link(
                    store,
                    &desk_c,
                    s.meta.id,
                    s.meta.version,
                    At::Past(sent),
                ))?;
            }
            // The newest: still to send; the one before it: sent, pending.
            k if k == n - 1 && n > 2 => {}
            k if k == n - 2 && n > 3 => {
                run(service::make_link(
                    store,
                    &desk_c,
                    s.meta.id,
                    s.meta.version,
                    At::Past(now - Duration::hours(3)),
                ))?;
            }
            // Poor on a call: the manager calls back, reopens, reassigns.
            1 => {
                let call = CallAnswer {
                    version: s.meta.version,
                    response_speed: 3,
                    professionalism: 3,
                    attitude: 4,
                    result: 1,
                    overall: 2,
                    comment: "修好第二天又出现同样的故障".into(),
                    called_at: Some(sent),
                    notes: "回访电话，客户不满意".into(),
                };
                let s = run(service::answer_by_call(
                    store,
                    &desk_c,
                    s.meta.id,
                    call,
                    At::Past(sent),
                ))?;
                answered += 1;
                let Some(f) = s.follow_up_id else { continue };
                let later = sent + Duration::hours(1);
                let f = run(follow_ups::log_call(
                    store,
                    &boss_c,
                    f,
                    NewCall {
                        version: 1,
                        notes: "经理致电客户致歉，约定再次上门".into(),
                        called_at: Some(later),
                    },
                    At::Past(later),
                ))?;
                let f = run(follow_ups::reopen(
                    store,
                    &boss_c,
                    f.meta.id,
                    ReopenInput {
                        version: f.meta.version,
                        reason: "回访不满意：故障复现".into(),
                    },
                    At::Past(later + Duration::minutes(10)),
                ))?;
                let wo = run(work_orders::create(
                    store,
                    &desk_c,
                    NewWorkOrder {
                        request_id: f.request_id,
                        kind: WorkKind::Field,
                        description: "回访不满意，再次上门彻底排查".into(),
                        contract_id: None,
                        escalated_from: None,
                        context: String::new(),
                    },
                    At::Past(later + Duration::minutes(20)),
                ))?;
                run(work_orders::act(
                    store,
                    &desk_c,
                    wo.meta.id,
                    Verb::Dispatch,
                    ActionInput {
                        version: wo.meta.version,
                        assignees: vec![engineer.meta.id],
                        ..Default::default()
                    },
                    At::Past(later + Duration::minutes(25)),
                ))?;
            }
            // Poor by link: the follow-up waits for the manager.
            2 => {
                by_link(store, &desk_c, s, sent, scores(3, "工程师迟到了一个多小时"))?;
                answered += 1;
            }
            _ => {
                let sc = if k % 2 == 0 {
                    scores(5, "工程师很专业，解决得很快")
                } else {
                    scores(4, "")
                };
                if fresh || k % 3 == 0 {
                    by_link(store, &desk_c, s, sent, sc)?;
                } else {
                    let call = CallAnswer {
                        version: s.meta.version,
                        response_speed: sc.response_speed,
                        professionalism: sc.professionalism,
                        attitude: sc.attitude,
                        result: sc.result,
                        overall: sc.overall,
                        comment: sc.comment.clone(),
                        called_at: Some(sent),
                        notes: "回访电话".into(),
                    };
                    run(service::answer_by_call(
                        store,
                        &desk_c,
                        s.meta.id,
                        call,
                        At::Past(sent),
                    ))?;
                }
                answered += 1;
            }
        }
    }
    Ok(format!("{n} satisfaction surveys ({answered} answered)"))
}
