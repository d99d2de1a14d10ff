//! The manager's desk: extensions and completions waiting for a decision.
//! Approving is one click here; refusing needs a reason, on the order's page.

use super::{send_action, state_label, verb_label};
use crate::api;
use crate::api::work_orders::WorkOrderQuery;
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::work_orders::{ActionInput, Verb, WoState};
use servicebook_shared::ApiProblem;

#[component]
pub fn Approvals() -> impl IntoView {
    let i = use_i18n();
    let done = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<ApiProblem>);
    let waiting = LocalResource::new(move || {
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
                all.extend(page.items);
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
                                    {list.into_iter().map(|w| {
                                        let (id, version, state) = (w.id, w.version, w.state);
                                        let verb = if state == WoState::ExtensionRequested { Verb::ApproveExtension } else { Verb::Complete };
                                        let ask = w.extension.clone().map(|x| {
                                            let until = x.until;
                                            view! { <br/><span class="small">{move || local(until, i.lang.get())}" — "{x.reason.clone()}</span> }
                                        });
                                        view! { <tr>
                                            <td><a href=format!("/work-orders/{id}")>{w.number.clone()}</a></td>
                                            <td>{w.customer_name.clone()}<br/><span class="muted small">{w.assignee_names.join("、")}</span></td>
                                            <td>{move || state_label(i, state)}{ask}</td>
                                            <td><button class="primary" data-testid=format!("approve-{id}")
                                                on:click=move |_| send_action(id, verb, ActionInput { version, ..Default::default() }, done, problem)>
                                                {move || verb_label(i, verb)}</button></td>
                                        </tr> }
                                    }).collect_view()}
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
