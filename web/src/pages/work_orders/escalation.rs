//! Escalation: the first line hands unfinished work to the second line
//! with what it found, the environment and what it tried, plus its logs;
//! the second line sees every earlier work order of the request — steps,
//! reports and files — and never needs to ask the customer again.

use super::{kind_label, state_label, step_label};
use crate::api;
use crate::components::documents::Documents;
use crate::components::error::{ErrorView, FieldError};
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use servicebook_shared::files::AttachedTo;
use servicebook_shared::work_orders::{NewWorkOrder, WorkKind, WorkOrder};
use servicebook_shared::ApiProblem;

#[component]
pub fn EscalateForm(w: WorkOrder) -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    let context = RwSignal::new(String::new());
    let kind = RwSignal::new(WorkKind::Support);
    let problem = RwSignal::new(None::<ApiProblem>);
    let (id, request_id) = (w.id, w.request_id);
    let send = move |_| {
        let body = NewWorkOrder {
            request_id,
            kind: kind.get_untracked(),
            description: String::new(),
            contract_id: w.contract_id,
            escalated_from: Some(id),
            context: context.get_untracked(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::work_orders::create(&body).await {
                Ok(next) => navigate(&format!("/work-orders/{}", next.id), Default::default()),
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    view! {
        <section class="card">
            <h2>{move || i.t("escalate.title")}</h2>
            <p class="muted">{move || i.t("escalate.hint")}</p>
            {move || problem.get().map(|p| view! { <ErrorView problem=p shown=&["context"]/> })}
            <label>{move || i.t("escalate.context")}
                <textarea data-testid="escalate-context" bind:value=context></textarea>
                <FieldError problem=problem field="context"/></label>
            <label>{move || i.t("wo.kind")}
                <select on:change=move |ev| kind.set(WorkKind::parse(&event_target_value(&ev)).unwrap_or(WorkKind::Support))>
                    <option value="support">{move || i.t("wo_kind.support")}</option>
                    <option value="repair">{move || i.t("wo_kind.repair")}</option>
                    <option value="field">{move || i.t("wo_kind.field")}</option>
                </select></label>
            <button data-testid="escalate" on:click=send>{move || i.t("escalate.send")}</button>
        </section>
    }
}

/// The request's other work orders, with their steps, reports and files.
#[component]
pub fn EarlierWork(w: WorkOrder) -> impl IntoView {
    let i = use_i18n();
    let (id, request_id) = (w.id, w.request_id);
    let earlier = crate::load::load(move || async move {
        let all = api::work_orders::of_request(request_id).await?;
        let mut out = Vec::new();
        for o in all.into_iter().filter(|o| o.id != id) {
            let report = api::reports::find(o.id).await?;
            out.push((o, report));
        }
        out.sort_by_key(|(o, _)| o.id);
        Ok::<_, ApiProblem>(out)
    });
    view! {
        <section class="card" data-testid="earlier-work">
            <h2>{move || i.t("escalate.earlier")}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match earlier.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{move || i.t("escalate.none")}</p> }.into_any(),
                        Ok(list) => list.into_iter().map(|(o, report)| {
                            let (s, k) = (o.state, o.kind);
                            view! {
                                <article class="earlier">
                                    <h3><a href=format!("/work-orders/{}", o.id)>{o.number.clone()}</a>" · "
                                        {move || kind_label(i, k)}" · "{move || state_label(i, s)}" · "{o.assignee_names.join("、")}</h3>
                                    {(!o.context.is_empty()).then(|| view! { <p class="pre">{o.context.clone()}</p> })}
                                    <ul class="timeline">
                                        {o.steps.iter().map(|st| {
                                            let at = st.at;
                                            let kind = st.kind;
                                            view! { <li><span class="muted nowrap">{move || local(at, i.lang.get())}</span>" "
                                                {move || step_label(i, kind)}" · "{st.by.clone()}
                                                {(!st.note.is_empty()).then(|| format!(" — {}", st.note))}</li> }
                                        }).collect_view()}
                                    </ul>
                                    {report.map(|r| view! {
                                        <p><strong>{move || i.t("report.findings")}": "</strong>{r.findings.clone()}</p>
                                        <p><strong>{move || i.t("report.actions")}": "</strong>{r.actions.clone()}</p>
                                    })}
                                    <Documents record_type=AttachedTo::WorkOrder record_id=o.id editable=false refresh=RwSignal::new(0usize)/>
                                </article>
                            }
                        }).collect_view().into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
