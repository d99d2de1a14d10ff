//! The manager's follow-ups of poor survey scores: the queue, and one
//! follow-up with its calls, reopening the request (with a reason) and
//! closing it with an outcome.

use super::{follow_up_label, outcome_key};
use crate::api;
use crate::components::error::{ErrorView, FieldError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::permissions;
use servicebook_shared::surveys::{
    CloseFollowUp, FollowUp, FollowUpState, NewCall, OutcomeKind, ReopenInput,
};
use servicebook_shared::ApiProblem;

#[component]
pub fn FollowUpQueue() -> impl IntoView {
    let i = use_i18n();
    let closed = RwSignal::new(false);
    let list = crate::load::load(move || {
        let state = if closed.get() { "closed" } else { "" };
        async move { api::surveys::follow_ups(state).await }
    });
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("follow_up.title")}</h1>
                <a class="button" href="/surveys">{move || i.t("survey.title_staff")}</a>
            </div>
            <label class="check"><input type="checkbox" prop:checked=move || closed.get()
                on:change=move |ev| closed.set(event_target_checked(&ev))/>{move || i.t("follow_up.show_closed")}</label>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <p class="muted">{move || i.t("follow_up.none")}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="picks" data-testid="follow-ups">
                                {items.into_iter().map(|f| {
                                    let s = f.state;
                                    view! { <li><a href=format!("/follow-ups/{}", f.id) data-testid=format!("follow-up-{}", f.request_number)>{f.request_number.clone()}</a>" · "
                                        {f.customer_name.clone()}" · "{move || i.t("survey.q_overall")}" "<strong>{f.overall}</strong>" · "
                                        <span class="badge">{move || follow_up_label(i, s)}</span></li> }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn FollowUpDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let done = RwSignal::new(0u32);
    let f = crate::load::load(move || {
        done.track();
        let id = id();
        async move { api::surveys::follow_up(id).await }
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match f.await {
                    Ok(f) => view! { <FollowUpView f=f done=done/> }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn FollowUpView(f: FollowUp, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let auth = crate::auth::use_auth();
    let (id, version, state) = (f.id, f.version, f.state);
    let handles = auth.may(permissions::handle_follow_ups) && state != FollowUpState::Closed;
    let problem = RwSignal::new(None::<ApiProblem>);
    let notes = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let outcome = RwSignal::new(OutcomeKind::Satisfied);
    let note = RwSignal::new(String::new());
    let finish = move |r: Result<FollowUp, ApiProblem>| match r {
        Ok(_) => {
            let _ = problem.try_set(None);
            let _ = done.try_update(|n| *n += 1);
        }
        Err(p) => {
            let _ = problem.try_set(Some(p));
        }
    };
    let call = move |_| {
        let body = NewCall {
            version,
            notes: notes.get_untracked(),
            called_at: None,
        };
        leptos::task::spawn_local(
            async move { finish(api::surveys::follow_up_call(id, &body).await) },
        );
    };
    let reopen = move |_| {
        let body = ReopenInput {
            version,
            reason: reason.get_untracked(),
        };
        leptos::task::spawn_local(async move { finish(api::surveys::reopen(id, &body).await) });
    };
    let close = move |_| {
        let body = CloseFollowUp {
            version,
            outcome: outcome.get_untracked(),
            note: note.get_untracked(),
        };
        leptos::task::spawn_local(async move { finish(api::surveys::close(id, &body).await) });
    };
    let outcomes = [
        ("satisfied", OutcomeKind::Satisfied),
        ("not_satisfied", OutcomeKind::NotSatisfied),
        ("unreachable", OutcomeKind::Unreachable),
    ];
    view! {
        <section class="card" data-testid="follow-up">
            <div class="row-between">
                <h1>{move || i.t("follow_up.one")}" "<a href=format!("/requests/{}", f.request_id)>{f.request_number.clone()}</a></h1>
                <span class="badge" data-testid="follow-up-state">{move || follow_up_label(i, state)}</span>
            </div>
            <p>{f.customer_name.clone()}" · "{move || i.t("survey.q_overall")}" "<strong>{f.overall}</strong></p>
            {(!f.comment.is_empty()).then(|| view! { <p class="pre">{f.comment.clone()}</p> })}
            {f.reopen_reason.clone().map(|r| view! { <p><strong>{move || i.t("request.reopen_reason")}": "</strong>{r}
                " · "{f.reopened_by.clone().unwrap_or_default()}</p> })}
            {f.outcome.clone().map(|o| view! { <p><strong>{move || i.t(outcome_key(o.kind))}</strong>" · "{o.note.clone()}</p> })}
            <h2>{move || i.t("follow_up.calls")}</h2>
            {if f.calls.is_empty() {
                view! { <p class="muted">{move || i.t("follow_up.no_calls")}</p> }.into_any()
            } else {
                view! { <ul class="picks">{f.calls.iter().map(|c| view! {
                    <li>{c.called_at.format("%Y-%m-%d %H:%M").to_string()}" · "{c.called_by.clone()}" · "{c.notes.clone()}</li>
                }).collect_view()}</ul> }.into_any()
            }}
            {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ErrorView problem=p/> })}
            {handles.then(|| view! {
                <div class="row-fields">
                    <label>{move || i.t("follow_up.call_notes")}<input data-testid="follow-up-call-notes" bind:value=notes/>
                        <FieldError problem=problem field="notes"/></label>
                    <button data-testid="follow-up-log-call" on:click=call>{move || i.t("follow_up.log_call")}</button>
                </div>
                <div class="row-fields">
                    <label>{move || i.t("request.reopen_reason")}<input data-testid="follow-up-reopen-reason" bind:value=reason/>
                        <FieldError problem=problem field="reason"/></label>
                    <button data-testid="follow-up-reopen" on:click=reopen>{move || i.t("follow_up.reopen")}</button>
                </div>
                <div class="row-fields">
                    <label>{move || i.t("follow_up.outcome")}
                        <select data-testid="follow-up-outcome" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some((_, o)) = outcomes.iter().find(|(k, _)| *k == v) { outcome.set(*o); }
                        }>
                            {outcomes.iter().map(|(k, o)| { let o = *o; view! { <option value=*k>{move || i.t(outcome_key(o))}</option> } }).collect_view()}
                        </select></label>
                    <label>{move || i.t("follow_up.note")}<input bind:value=note/>
                        <FieldError problem=problem field="note"/></label>
                    <button data-testid="follow-up-close" on:click=close>{move || i.t("follow_up.close")}</button>
                </div>
            })}
        </section>
    }
}
