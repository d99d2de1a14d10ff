//! The engineer's buttons on site: called (perhaps booking a visit),
//! arrived, left, remote. Big enough for a thumb; the time is now unless
//! the engineer logs it afterwards.

use super::step_label;
use crate::api;
use crate::i18n::use_i18n;
use crate::pages::requests::local_input_to_utc;
use leptos::prelude::*;
use servicebook_shared::work_orders::{NewStep, StepKind, WorkOrder};
use servicebook_shared::ApiProblem;

#[component]
pub fn StepButtons(
    wo: WorkOrder,
    done: RwSignal<u32>,
    problem: RwSignal<Option<ApiProblem>>,
) -> impl IntoView {
    let i = use_i18n();
    let id = wo.id;
    let on_site = wo.on_site;
    let version = wo.version;
    let note = RwSignal::new(String::new());
    let visit = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let log = move |kind: StepKind| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = NewStep {
            version,
            kind,
            at: None,
            note: note.get_untracked(),
            visit_at: if kind == StepKind::Called {
                local_input_to_utc(&visit.get_untracked())
            } else {
                None
            },
        };
        leptos::task::spawn_local(async move {
            let r = api::work_orders::log_step(id, &body).await;
            let _ = busy.try_set(false);
            match r {
                Ok(_) => {
                    let _ = problem.try_set(None);
                    let _ = note.try_set(String::new());
                    let _ = visit.try_set(String::new());
                    let _ = done.try_update(|n| *n += 1);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let kinds: Vec<StepKind> = if on_site {
        vec![StepKind::Called, StepKind::Left]
    } else {
        vec![StepKind::Called, StepKind::Arrived, StepKind::Remote]
    };
    view! {
        <div class="steps">
            <div class="step-buttons">
                {kinds.into_iter().map(|k| view! {
                    <button class="big" data-testid=format!("step-{}-{id}", k.as_str()) disabled=move || busy.get()
                        on:click=move |_| log(k)>{move || step_label(i, k)}</button>
                }).collect_view()}
            </div>
            <label>{move || i.t("step.note")}
                <input data-testid=format!("step-note-{id}") bind:value=note/></label>
            <label>{move || i.t("step.visit_at")}
                <input type="datetime-local" bind:value=visit/></label>
        </div>
    }
}
