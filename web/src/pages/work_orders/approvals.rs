//! The manager's desk: extensions and completions waiting for a decision,
//! each with what the engineer reported (summary, hours, whether the
//! customer signed), so most are decided from the list: approve in one
//! click, or send back with a reason.

use super::{send_action, state_label, verb_label};
use crate::api;
use crate::api::work_orders::WorkOrderQuery;
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::reports::ServiceReport;
use servicebook_shared::work_orders::{ActionInput, Verb, WoState, WorkOrder};
use servicebook_shared::ApiProblem;

#[component]
pub fn Approvals() -> impl IntoView {
    let i = use_i18n();
    let done = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<ApiProblem>);
    let waiting = crate::load::load(move || {
        done.track();
        async move {
            let mut all = Vec::new();
            for s in [WoState::ExtensionRequested, WoState::CompletionRequested] {
                let page = api::work_orders::list(&WorkOrderQuery {
                    state: Some(s),
                    limit: Some(200),
                    ..Default::default()
                })
                .await?;
                for w in page.items {
                    // A completion is judged by its report; an extension has none yet.
                    let report = if s == WoState::CompletionRequested {
                        api::reports::find(w.id).await.ok().flatten()
                    } else {
                        None
                    };
                    all.push((w, report));
                }
            }
            Ok::<_, ApiProblem>(all)
        }
    });
    view! {
        <section class="card">
            <h1>{move || i.t("approvals.title")}</h1>
            {move || problem.get().map(|p| view! { <ErrorView problem=p/> })}
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match waiting.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{move || i.t("approvals.none")}</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap"><table data-testid="approvals">
                                <thead><tr>
                                    <th>{move || i.t("wo.number")}</th>
                                    <th>{move || i.t("request.customer")}</th>
                                    <th>{move || i.t("approvals.asked")}</th>
                                    <th></th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|(w, report)| view! { <ApprovalRow w=w report=report done=done problem=problem/> }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ApprovalRow(
    w: WorkOrder,
    report: Option<ServiceReport>,
    done: RwSignal<u32>,
    problem: RwSignal<Option<ApiProblem>>,
) -> impl IntoView {
    let i = use_i18n();
    let (id, version, state) = (w.id, w.version, w.state);
    let (verb, back) = if state == WoState::ExtensionRequested {
        (Verb::ApproveExtension, Verb::RefuseExtension)
    } else {
        (Verb::Complete, Verb::RefuseCompletion)
    };
    let reason = RwSignal::new(String::new());
    let ask = w.extension.clone().map(|x| {
        let until = x.until;
        view! { <br/><span class="small">{move || local(until, i.lang.get())}" — "{x.reason.clone()}</span> }
    });
    let report = report.map(|r| {
        let summary: String = r.actions.chars().take(120).collect();
        let hours = r.hours_worked + r.travel_hours;
        let signed = r.signature.is_some();
        view! {
            <div class="small" data-testid=format!("approval-report-{id}")>
                <span class="pre">{summary}</span><br/>
                <span class="nowrap">{move || i.t("approvals.hours").replace("{h}", &format!("{hours:.1}"))}</span>" · "
                <span class=if signed { "badge ok" } else { "badge warn" }>
                    {move || i.t(if signed { "approvals.signed" } else { "approvals.unsigned" })}</span>
            </div>
        }
    });
    let send_back = move |_| {
        let why = reason.get_untracked().trim().to_owned();
        send_action(
            id,
            back,
            ActionInput {
                version,
                reason: why,
                ..Default::default()
            },
            done,
            problem,
        )
    };
    view! { <tr>
        <td><a href=format!("/work-orders/{id}")>{w.number.clone()}</a></td>
        <td>{w.customer_name.clone()}<br/><span class="muted small">{w.assignee_names.join("、")}</span></td>
        <td>{move || state_label(i, state)}{ask}{report}</td>
        <td class="approval-actions">
            <button class="primary" data-testid=format!("approve-{id}")
                on:click=move |_| send_action(id, verb, ActionInput { version, ..Default::default() }, done, problem)>
                {move || verb_label(i, verb)}</button>
            <input placeholder=move || i.t("approvals.reason") bind:value=reason data-testid=format!("send-back-reason-{id}")/>
            <button data-testid=format!("send-back-{id}") on:click=send_back>{move || i.t("approvals.send_back")}</button>
        </td>
    </tr> }
}
