//! The engineer's buttons on site: called (perhaps booking a visit),
//! arrived, left, remote. Big enough for a thumb. The last step logged shows
//! right above them ("arrived · done at 14:05") and the buttons are the
//! steps that come next (`shared::work_orders::next_steps`), so nobody taps
//! twice or looks down the page for proof. The time is now unless
//! the engineer logs it afterwards, and a step logged hours after it
//! happened says why (the server's bounds, from `shared::bounds`).

use super::step_label;
use crate::api;
use crate::components::error::FieldError;
use crate::components::time::local_time;
use crate::i18n::use_i18n;
use crate::pages::requests::local_input_to_utc;
use leptos::prelude::*;
use servicebook_shared::bounds;
use servicebook_shared::work_orders::{next_steps, NewStep, StepKind, WorkOrder};
use servicebook_shared::ApiProblem;

#[component]
pub fn StepButtons(
    wo: WorkOrder,
    done: RwSignal<u32>,
    problem: RwSignal<Option<ApiProblem>>,
) -> impl IntoView {
    let i = use_i18n();
    let id = wo.id;
    let version = wo.version;
    let last = wo.steps.last().map(|s| (s.kind, s.at));
    let note = RwSignal::new(String::new());
    let visit = RwSignal::new(String::new());
    let happened = RwSignal::new(String::new());
    let late_reason = RwSignal::new(String::new());
    // The reason box shows once the time entered is late enough to need it.
    let late = move || {
        happened.with(|h| local_input_to_utc(h)).is_some_and(|at| {
            let now =
                chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or(at);
            bounds::logged_late(at, now)
        })
    };
    let busy = RwSignal::new(false);
    let log = move |kind: StepKind| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = NewStep {
            version,
            kind,
            at: local_input_to_utc(&happened.get_untracked()),
            note: note.get_untracked(),
            late_reason: late_reason.get_untracked(),
            visit_at: if kind == StepKind::Called {
                local_input_to_utc(&visit.get_untracked())
            } else {
                None
            },
        };
        leptos::task::spawn_local(async move {
            let r = api::work_orders::log_step(id, &body).await;
            match r {
                // The buttons stay disabled until the page shows the work
                // order as it now is, with the next steps.
                Ok(_) => {
                    let _ = problem.try_set(None);
                    let _ = note.try_set(String::new());
                    let _ = visit.try_set(String::new());
                    let _ = happened.try_set(String::new());
                    let _ = late_reason.try_set(String::new());
                    let _ = done.try_update(|n| *n += 1);
                }
                Err(p) => {
                    let _ = busy.try_set(false);
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let kinds = next_steps(&wo.steps);
    view! {
        <div class="steps">
            {last.map(|(k, at)| view! {
                <p class="step-done" role="status" data-testid=format!("step-done-{id}")>
                    "✓ "{move || i.t("step.done_at").replace("{step}", &step_label(i, k)).replace("{time}", &local_time(at))}
                </p>
            })}
            <div class="step-buttons">
                {kinds.into_iter().map(|k| view! {
                    <button class="big" data-testid=format!("step-{}-{id}", k.as_str()) disabled=move || busy.get()
                        on:click=move |_| log(k)>{move || step_label(i, k)}</button>
                }).collect_view()}
            </div>
            <label>{move || i.t("step.note")}
                <input data-testid=format!("step-note-{id}") bind:value=note/></label>
            <label>{move || i.t("step.visit_at")}
                <input type="datetime-local" bind:value=visit/>
                <FieldError problem=problem field="visit_at"/></label>
            <details>
                <summary>{move || i.t("step.afterwards")}</summary>
                <label>{move || i.t("step.happened_at")}
                    <input type="datetime-local" data-testid=format!("step-at-{id}") bind:value=happened/>
                    <FieldError problem=problem field="at"/></label>
                <Show when=late>
                    <label>{move || i.t("step.late_reason")}
                        <input data-testid=format!("step-late-reason-{id}") bind:value=late_reason/>
                        <FieldError problem=problem field="late_reason"/></label>
                </Show>
            </details>
        </div>
    }
}
