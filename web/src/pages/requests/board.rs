//! The request board: open requests in the order they breach, with the
//! clock that is running out; filters for urgency and order.

use super::{can_log, clock_class, clock_text, leg_label, urgency_label};
use crate::api;
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use servicebook_shared::requests::{ServiceRequest, Urgency};
use servicebook_shared::Page;

#[component]
pub fn RequestBoard() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let param = move |k: &str| query.with(|m| m.get(k).unwrap_or_default());
    let requests = LocalResource::new(move || {
        let (order, urgency) = (param("order"), param("urgency"));
        async move {
            api::get::<Page<ServiceRequest>>(&format!(
                "/api/requests?{}",
                api::query(&[
                    ("order", order),
                    ("urgency", urgency),
                    ("limit", "200".into())
                ])
            ))
            .await
        }
    });
    let set = move |key: &'static str, value: String| {
        let (mut order, mut urgency) = (param("order"), param("urgency"));
        match key {
            "order" => order = value,
            _ => urgency = value,
        }
        navigate(
            &format!(
                "/requests?{}",
                api::query(&[("order", order), ("urgency", urgency)])
            ),
            Default::default(),
        );
    };
    let set_order = set.clone();
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("requests.title")}</h1>
                <Show when=can_log><a class="button primary" href="/requests/new" data-testid="requests-new">{move || i.t("requests.new")}</a></Show>
            </div>
            <div class="filters row-fields">
                <select data-testid="requests-order" on:change=move |ev| set_order("order", event_target_value(&ev)) prop:value=move || param("order")>
                    <option value="">{move || i.t("requests.order_due")}</option>
                    <option value="newest">{move || i.t("requests.order_newest")}</option>
                </select>
                <select data-testid="requests-urgency" on:change=move |ev| set("urgency", event_target_value(&ev)) prop:value=move || param("urgency")>
                    <option value="">{move || i.t("requests.all_urgencies")}</option>
                    <option value="urgent">{move || i.t("urgency.urgent")}</option>
                    <option value="important">{move || i.t("urgency.important")}</option>
                    <option value="normal">{move || i.t("urgency.normal")}</option>
                </select>
            </div>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match requests.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">{move || i.t("requests.none")}</p> }.into_any(),
                        Ok(page) => view! {
                            <div class="table-wrap"><table data-testid="requests-table">
                                <thead><tr>
                                    <th>{move || i.t("request.number")}</th>
                                    <th>{move || i.t("request.customer")}</th>
                                    <th class="hide-narrow">{move || i.t("request.description")}</th>
                                    <th>{move || i.t("request.next_clock")}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|r| {
                                        // The running clock due soonest, else the last one that breached.
                                        let next = r.clocks.iter().filter(|c| c.running).min_by_key(|c| c.due_at).cloned()
                                            .or_else(|| r.clocks.iter().rev().find(|c| c.breached).cloned());
                                        let urgent = r.urgency == Urgency::Urgent;
                                        let u = r.urgency;
                                        let description: String = r.description.chars().take(60).collect();
                                        view! { <tr>
                                            <td class="nowrap"><a href=format!("/requests/{}", r.id)>{r.number.clone()}</a><br/>
                                                <span class=if urgent { "badge bad" } else { "badge" }>{move || urgency_label(i, u)}</span></td>
                                            <td>{r.customer_name.clone()}</td>
                                            <td class="hide-narrow">{description}</td>
                                            <td>{next.map(|c| {
                                                let due = c.due_at.map(|d| d.to_rfc3339()).unwrap_or_default();
                                                let leg = c.leg;
                                                let class = clock_class(&c);
                                                view! {
                                                    <span class=class>{move || leg_label(i, leg)}": "{move || clock_text(i, &c)}</span><br/>
                                                    <span class="muted small">{move || if due.is_empty() { String::new() } else { local(&due, i.lang.get()) }}</span>
                                                }
                                            })}</td>
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
