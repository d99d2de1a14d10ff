//! Work orders: one order with its dispatch, actions and steps; an
//! engineer's own tasks (made for a phone); the manager's approvals. Which
//! buttons show comes from the same state table the server enforces.

pub mod approvals;
pub mod detail;
pub mod escalation;
pub mod list;
pub mod mine;
pub mod parts;
pub mod print;
pub mod report;
pub mod report_parts;
pub mod signature;
pub mod steps;

use crate::api;
use crate::i18n::I18n;
use leptos::prelude::*;
use servicebook_shared::permissions;
use servicebook_shared::work_orders::{ActionInput, StepKind, Verb, WoState, WorkKind, WorkOrder};
use servicebook_shared::ApiProblem;

pub fn state_label(i: I18n, s: WoState) -> String {
    i.t(&format!("wo_state.{}", s.as_str()))
}

pub fn kind_label(i: I18n, k: WorkKind) -> String {
    i.t(match k {
        WorkKind::Support => "wo_kind.support",
        WorkKind::Field => "wo_kind.field",
        WorkKind::Repair => "wo_kind.repair",
        WorkKind::Inspection => "wo_kind.inspection",
    })
}

pub fn verb_label(i: I18n, v: Verb) -> String {
    i.t(&format!("verb.{}", v.as_str()))
}

pub fn step_label(i: I18n, k: StepKind) -> String {
    i.t(match k {
        StepKind::Called => "step.called",
        StepKind::Arrived => "step.arrived",
        StepKind::Left => "step.left",
        StepKind::Remote => "step.remote",
    })
}

pub fn state_class(s: WoState) -> &'static str {
    match s {
        WoState::ExtensionRequested | WoState::CompletionRequested => "badge warn",
        WoState::Completed => "badge ok",
        WoState::Cancelled => "badge muted",
        _ => "badge",
    }
}

/// Whether the signed-in user is one of the work order's engineers.
pub fn assigned(wo: &WorkOrder) -> bool {
    crate::auth::use_auth().is_one_of(&wo.assignees)
}

/// Whether the signed-in user may take `verb` on `wo` now: the state table
/// and the permission question the server asks.
pub fn can(wo: &WorkOrder, verb: Verb) -> bool {
    let mine = assigned(wo);
    verb.next(wo.state).is_ok()
        && crate::auth::use_auth().may(|w| permissions::work_order_action(w, verb, mine))
}

/// Whether the work is in a state that takes steps (dispatched or running).
pub fn takes_steps(state: WoState) -> bool {
    matches!(
        state,
        WoState::Dispatched | WoState::InProgress | WoState::ExtensionRequested
    )
}

/// Whether the signed-in user logs steps on `wo` now.
pub fn logs_steps(wo: &WorkOrder) -> bool {
    let mine = assigned(wo);
    takes_steps(wo.state) && crate::auth::use_auth().may(|w| permissions::log_steps(w, mine))
}

/// Takes an action; on success bumps `done`, else shows the refusal.
pub fn send_action(
    id: u64,
    verb: Verb,
    input: ActionInput,
    done: RwSignal<u32>,
    problem: RwSignal<Option<ApiProblem>>,
) {
    leptos::task::spawn_local(async move {
        match api::work_orders::act(id, verb, &input).await {
            Ok(_) => {
                let _ = problem.try_set(None);
                let _ = done.try_update(|n| *n += 1);
            }
            Err(p) => {
                let _ = problem.try_set(Some(p));
            }
        }
    });
}
