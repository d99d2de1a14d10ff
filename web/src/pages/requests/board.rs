//! The request board: open requests in the order they breach, with the
//! clock that is running out; filters for urgency and order.

use super::{can_log, clock_class, clock_text, leg_label, urgency_label};
use crate::api;
use crate::api::requests::RequestQuery;
use crate::components::error::ErrorView;
use crate::components::filters::{href, Filters};
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::permissions;
use servicebook_shared::requests::Urgency;

fn urgency_of(s: &str) -> Option<Urgency> {
    match s {
        "urgent" => Some(Urgency::Urgent),
        "important" => Some(Urgency::Important),
        "normal" => Some(Urgency::Normal),
        _ => None,
    }
}

#[component]
pub fn RequestBoard() -> impl IntoView {
    let i = use_i18n();
    let filters = Filters::new(
        "/requests",
        &["order", "urgency", "state", "engineer", "due_within"],
    );
    let param = move |k: &str| filters.get(k);
    let query_of = move || {
        let some = |s: String| (!s.is_empty()).then_some(s);
        RequestQuery {
            order: some(param("order")),
            urgency: urgency_of(&param("urgency")),
            state: some(param("state")),
            engineer: param("engineer").parse().ok(),
            due_within: param("due_within").parse().ok(),
            limit: Some(200),
            ..Default::default()
        }
    };
    let requests = crate::load::load(move || {
        let q = query_of();
        async move { api::requests::list(&q).await }
    });
    let export_filters = Signal::derive(move || crate::components::export::filters_of(&query_of()));
    let auth = crate::auth::use_auth();
    // Picking an engineer needs the staff list.
    let desk = auth.may(permissions::list_users);
    let engineers = crate::load::load(move || async move {
        if desk {
            api::users::engineers().await.unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let set = move |key: &'static str, value: String| filters.set(key, value);
    let (set_order, set_urgency, set_state, set_engineer, set_due) = (set, set, set, set, set);
    let saved = RwSignal::new(saved_filters());
    let name = RwSignal::new(String::new());
    let save = move |_| {
        let n = name.get_untracked().trim().to_owned();
        if n.is_empty() {
            return;
        }
        let pairs: Vec<(&str, String)> = ["order", "urgency", "state", "engineer", "due_within"]
            .into_iter()
            .map(|k| (k, filters.get_untracked(k)))
            .collect();
        let q = href("", &pairs).trim_start_matches('?').to_owned();
        saved.update(|list| {
            list.retain(|(k, _)| *k != n);
            list.push((n, q));
        });
        store_filters(&saved.get_untracked());
        name.set(String::new());
    };
    view! {
        <crate::pages::inspections::due::InspectionsDueLine/>
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("requests.title")}</h1>
                <span class="row">
                    <crate::components::export::ExportLinks path="/api/requests/export" filters=export_filters testid="requests-export"/>
                    <Show when=can_log><a class="button primary" href="/requests/new" data-testid="requests-new">{move || i.t("requests.new")}</a></Show>
                </span>
            </div>
            <div class="filters row-fields">
                <select data-testid="requests-order" on:change=move |ev| set_order("order", event_target_value(&ev)) prop:value=move || param("order")>
                    <option value="">{move || i.t("requests.order_due")}</option>
                    <option value="newest">{move || i.t("requests.order_newest")}</option>
                </select>
                <select data-testid="requests-urgency" on:change=move |ev| set_urgency("urgency", event_target_value(&ev)) prop:value=move || param("urgency")>
                    <option value="">{move || i.t("requests.all_urgencies")}</option>
                    <option value="urgent">{move || i.t("urgency.urgent")}</option>
                    <option value="important">{move || i.t("urgency.important")}</option>
                    <option value="normal">{move || i.t("urgency.normal")}</option>
                </select>
                <select data-testid="requests-state" on:change=move |ev| set_state("state", event_target_value(&ev)) prop:value=move || param("state")>
                    <option value="">{move || i.t("requests.all_open")}</option>
                    <option value="unassigned">{move || i.t("requests.unassigned")}</option>
                    <option value="closed">{move || i.t("requests.closed")}</option>
                </select>
                <select data-testid="requests-due" on:change=move |ev| set_due("due_within", event_target_value(&ev)) prop:value=move || param("due_within")>
                    <option value="">{move || i.t("requests.any_due")}</option>
                    <option value="0">{move || i.t("requests.late")}</option>
                    <option value="60">{move || i.t("requests.due_hour")}</option>
                    <option value="240">{move || i.t("requests.due_4h")}</option>
                </select>
                {desk.then(|| view! {
                    <select data-testid="requests-engineer" on:change=move |ev| set_engineer("engineer", event_target_value(&ev)) prop:value=move || param("engineer")>
                        <option value="">{move || i.t("requests.any_engineer")}</option>
                        <Suspense>{move || Suspend::new(async move {
                            engineers.await.into_iter().map(|u| view! { <option value=u.id.to_string()>{u.display_name}</option> }).collect_view()
                        })}</Suspense>
                    </select>
                })}
            </div>
            <div class="row-fields saved-filters">
                {move || saved.get().into_iter().map(|(n, q)| {
                    let remove = n.clone();
                    view! { <span class="chip"><a href=format!("/requests?{q}")>{n.clone()}</a>
                        <button class="link" aria-label=move || i.t("requests.forget_filter") on:click=move |_| {
                            saved.update(|l| l.retain(|(k, _)| *k != remove));
                            store_filters(&saved.get_untracked());
                        }>"×"</button></span> }
                }).collect_view()}
                <input placeholder=move || i.t("requests.filter_name") bind:value=name data-testid="filter-name"/>
                <button on:click=save data-testid="filter-save">{move || i.t("requests.save_filter")}</button>
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
                                                <span class=if urgent { "badge bad" } else { "badge" }>{move || urgency_label(i, u)}</span>
                                                {r.closed.then(|| view! { " " <span class="badge muted">{move || i.t("request.closed_badge")}</span> })}</td>
                                            <td class="customer">{r.customer_name.clone()}
                                                <span class="board-desc muted small">{description.clone()}</span></td>
                                            <td class="hide-narrow">{description}</td>
                                            <td class="clock">{next.map(|c| {
                                                let due = c.due_at;
                                                let leg = c.leg;
                                                let class = clock_class(&c);
                                                view! {
                                                    <span class=class><span class="leg">{move || leg_label(i, leg)}": "</span>{move || clock_text(i, &c)}</span><br/>
                                                    <span class="muted small">{move || due.map(|d| local(d, i.lang.get())).unwrap_or_default()}</span>
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

const SAVED_KEY: &str = "servicebook.board.filters";

/// The board filters this browser saved: (name, query string).
fn saved_filters() -> Vec<(String, String)> {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(SAVED_KEY).ok().flatten())
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default()
}

fn store_filters(list: &[(String, String)]) {
    if let (Some(s), Ok(v)) = (
        window().local_storage().ok().flatten(),
        serde_json::to_string(list),
    ) {
        let _ = s.set_item(SAVED_KEY, &v);
    }
}
