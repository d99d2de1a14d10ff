//! "My tasks": an engineer's open work on a phone, booked visits first,
//! then by urgency and due time (`shared::work_orders::task_order`), with
//! the call / arrive / leave buttons right on each card.

use super::steps::StepButtons;
use super::{kind_label, logs_steps, state_class, state_label};
use crate::api;
use crate::api::work_orders::{Assignee, WorkOrderQuery};
use crate::components::error::ErrorView;
use crate::i18n::use_i18n;
use crate::pages::requests::{site_line, urgency_label};
use leptos::prelude::*;
use servicebook_shared::permissions::{self, Who};
use servicebook_shared::requests::Urgency;
use servicebook_shared::work_orders::task_order;
use servicebook_shared::ApiProblem;

/// Whether "My tasks" is for the user: whoever logs steps on work
/// assigned to them (the page's buttons are those steps).
pub fn has_tasks(who: Who) -> bool {
    permissions::log_steps(who, true)
}

#[component]
pub fn MyTasks() -> impl IntoView {
    let i = use_i18n();
    let done = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<ApiProblem>);
    let tasks = crate::load::load(move || {
        done.track();
        async move {
            let page = api::work_orders::list(&WorkOrderQuery {
                assignee: Some(Assignee::Me),
                limit: Some(200),
                ..Default::default()
            })
            .await?;
            // Each task's request, for its earliest due time (an engineer
            // has a handful of open tasks, so one read each is cheap).
            let mut tasks = Vec::with_capacity(page.items.len());
            for w in page.items {
                let due = api::requests::get(w.request_id)
                    .await
                    .ok()
                    .and_then(|r| r.next_due_at);
                tasks.push((task_order(&w, due), w));
            }
            tasks.sort_by(|a, b| a.0.cmp(&b.0));
            Ok::<_, ApiProblem>(tasks.into_iter().map(|(_, w)| w).collect::<Vec<_>>())
        }
    });
    view! {
        <section class="card">
            <h1>{move || i.t("mine.title")}</h1>
            {move || problem.get().map(|p| view! { <ErrorView problem=p/> })}
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match tasks.await {
                    Ok(items) if items.is_empty() => view! { <p class="card muted">{move || i.t("mine.none")}</p> }.into_any(),
                    Ok(items) => {
                        view! {
                            <div data-testid="my-tasks">
                                {items.into_iter().map(|w| {
                                    let (state, kind, u) = (w.state, w.kind, w.urgency);
                                    let steps = logs_steps(&w).then(|| view! { <StepButtons wo=w.clone() done=done problem=problem/> });
                                    view! {
                                        <section class="card task">
                                            <div class="row-between">
                                                <a href=format!("/work-orders/{}", w.id)><strong>{w.number.clone()}</strong></a>
                                                <span class=state_class(state)>{move || state_label(i, state)}</span>
                                            </div>
                                            <p><span class=if u == Urgency::Urgent { "badge bad" } else { "badge" }>{move || urgency_label(i, u)}</span>" "
                                                {move || kind_label(i, kind)}" · "{w.customer_name.clone()}
                                                {w.on_site.then(|| view! { " · " <span class="badge ok">{move || i.t("mine.on_site")}</span> })}</p>
                                            <p class="pre">{w.description.clone()}</p>
                                            {(!w.device_name.is_empty()).then(|| view! { <p class="small" data-testid=format!("task-device-{}", w.id)>{w.device_name.clone()}</p> })}
                                            {w.site.clone().map(|s| view! { <p class="small" data-testid=format!("task-site-{}", w.id)>{move || i.t("request.site")}": "{site_line(&s)}</p> })}
                                            {steps}
                                            {match w.inspection_visit_id {
                                                Some(v) => view! { <a class="button primary" data-testid=format!("task-visit-{}", w.id) href=format!("/inspections/visits/{v}")>{move || i.t("visit.open_visit")}</a> }.into_any(),
                                                None => view! { <a class="button" data-testid=format!("task-report-{}", w.id) href=format!("/work-orders/{}/report", w.id)>{move || i.t("report.title")}</a> }.into_any(),
                                            }}
                                        </section>
                                    }
                                }).collect_view()}
                            </div>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}
