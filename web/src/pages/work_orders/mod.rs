//! Work orders: one order with its dispatch, actions and steps; an
//! engineer's own tasks (made for a phone); the manager's approvals. Which
//! buttons show comes from the same state table the server enforces.

pub mod approvals;
pub mod detail;
pub mod escalation;
pub mod mine;
pub mod print;
pub mod report;
pub mod signature;
pub mod steps;

use crate::api;
use crate::i18n::I18n;
use leptos::prelude::*;
use servicebook_shared::users::Role;
use servicebook_shared::work_orders::{ActionInput, StepKind, Verb, WoState, WorkKind, WorkOrder};
use servicebook_shared::ApiProblem;

pub fn state_label(i: I18n, s: WoState) -> String {
    i.t(&format!("wo_state.{}", s.as_str()))
}

pub fn kind_label(i: I18n, k: WorkKind) -> String {
    i.t(match k {
        WorkKind::Support => "wo_kind.support",
        WorkKind::Field => "wo_kind.field",
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

/// Whether the signed-in user may take `verb` on `wo` now.
pub fn can(wo: &WorkOrder, verb: Verb) -> bool {
    let auth = crate::auth::use_auth();
    let (roles, id): (Vec<Role>, u64) = auth.user.with_untracked(|u| {
        u.as_ref()
            .map(|u| (u.roles.clone(), u.id))
            .unwrap_or_default()
    });
    verb.next(wo.state).is_ok() && verb.allowed_for(&roles, wo.assignees.contains(&id))
}

/// Whether the signed-in user logs steps on `wo`.
pub fn logs_steps(wo: &WorkOrder) -> bool {
    let auth = crate::auth::use_auth();
    let mine = auth
        .user
        .with_untracked(|u| u.as_ref().is_some_and(|u| wo.assignees.contains(&u.id)));
    (mine || auth.has(Role::Manager))
        && matches!(
            wo.state,
            WoState::Dispatched | WoState::InProgress | WoState::ExtensionRequested
        )
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
        let path = format!("/api/work-orders/{id}/actions/{}", verb.as_str());
        match api::post::<_, WorkOrder>(&path, &input).await {
            Ok(_) => {
                problem.set(None);
                done.update(|n| *n += 1);
            }
            Err(p) => problem.set(Some(p)),
        }
    });
}
