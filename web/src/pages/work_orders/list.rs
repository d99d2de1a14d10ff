//! Every work order, newest first, filtered by state, engineer, kind and
//! the day it was opened. The filters live in the address, so a filtered
//! list is linkable; more pages load on demand.

use super::mine::has_tasks;
use super::{kind_label, state_class, state_label};
use crate::api;
use crate::api::work_orders::{Assignee, WorkOrderQuery};
use crate::auth::use_auth;
use crate::components::error::ErrorView;
use crate::components::filters::Filters;
use crate::components::paged::Paged;
use crate::components::time::{day_to_utc, local_date};
use crate::i18n::use_i18n;
use crate::pages::requests::urgency_label;
use leptos::prelude::*;
use servicebook_shared::permissions::{self, Who};
use servicebook_shared::requests::Urgency;
use servicebook_shared::work_orders::{WoState, WorkKind};

/// Whether the list is for the user: the desk's view of all work.
pub fn may_list(who: Who) -> bool {
    permissions::dispatch(who)
}

const KEYS: &[&str] = &["state", "assignee", "kind", "from", "to"];

fn kind_of(s: &str) -> Option<WorkKind> {
    WorkKind::parse(s)
}

#[component]
pub fn WorkOrderList() -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let filters = Filters::new("/work-orders", KEYS);
    let query_of = move || WorkOrderQuery {
        state: WoState::parse(&filters.get("state")),
        assignee: Assignee::parse(&filters.get("assignee")),
        kind: kind_of(&filters.get("kind")),
        from: day_to_utc(&filters.get("from"), false),
        to: day_to_utc(&filters.get("to"), true),
        limit: Some(50),
        ..Default::default()
    };
    let export_filters = Signal::derive(move || crate::components::export::filters_of(&query_of()));
    let orders = Paged::new(query_of, |q: WorkOrderQuery, cursor| async move {
        api::work_orders::list(&WorkOrderQuery { cursor, ..q }).await
    });
    // Engineers are picked by name, from the staff list.
    let picks = auth.may(permissions::list_users);
    let mine = auth.may(has_tasks);
    let engineers = crate::load::load(move || async move {
        if picks {
            api::users::engineers().await.unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let set = move |key: &'static str| {
        move |ev: leptos::ev::Event| filters.set(key, event_target_value(&ev))
    };
    let any_filter = move || KEYS.iter().any(|k| !filters.get(k).is_empty());
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("work_orders.title")}</h1>
                <crate::components::export::ExportLinks path="/api/work-orders/export" filters=export_filters testid="work-orders-export"/>
            </div>
            <div class="filters" data-testid="wo-filters">
                <select data-testid="wo-filter-state" aria-label=move || i.t("wo.state")
                    on:change=set("state") prop:value=move || filters.get("state")>
                    <option value="">{move || i.t("work_orders.any_state")}</option>
                    {WoState::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{move || state_label(i, s)}</option> }).collect_view()}
                </select>
                {(picks || mine).then(|| view! {
                    <select data-testid="wo-filter-engineer" aria-label=move || i.t("wo.assignees")
                        on:change=set("assignee") prop:value=move || filters.get("assignee")>
                        <option value="">{move || i.t("requests.any_engineer")}</option>
                        {mine.then(|| view! { <option value="me">{move || i.t("work_orders.mine")}</option> })}
                        <Suspense>{move || Suspend::new(async move {
                            engineers.await.into_iter().map(|u| {
                                let id = u.id.to_string();
                                let selected = filters.get_untracked("assignee") == id;
                                view! { <option value=id selected=selected>{u.display_name}</option> }
                            }).collect_view()
                        })}</Suspense>
                    </select>
                })}
                <select data-testid="wo-filter-kind" aria-label=move || i.t("wo.kind")
                    on:change=set("kind") prop:value=move || filters.get("kind")>
                    <option value="">{move || i.t("work_orders.any_kind")}</option>
                    <option value="field">{move || i.t("wo_kind.field")}</option>
                    <option value="support">{move || i.t("wo_kind.support")}</option>
                    <option value="repair">{move || i.t("wo_kind.repair")}</option>
                    <option value="inspection">{move || i.t("wo_kind.inspection")}</option>
                </select>
                <label class="compact">{move || i.t("work_orders.created_from")}
                    <input type="date" data-testid="wo-filter-from" on:change=set("from") prop:value=move || filters.get("from")/></label>
                <label class="compact">{move || i.t("work_orders.created_to")}
                    <input type="date" data-testid="wo-filter-to" on:change=set("to") prop:value=move || filters.get("to")/></label>
                <Show when=any_filter>
                    <a class="button" href="/work-orders" data-testid="wo-filter-clear">{move || i.t("common.clear")}</a>
                </Show>
            </div>
            <Show when=move || !filters.get("assignee").is_empty() && filters.get("state").is_empty()>
                <p class="muted small">{move || i.t("work_orders.open_only")}</p>
            </Show>
            {move || orders.error.get().map(|p| view! { <ErrorView problem=p/> })}
            <div class="table-wrap">
                <table data-testid="work-orders-table">
                    <thead><tr>
                        <th>{move || i.t("wo.number")}</th>
                        <th>{move || i.t("wo.state")}</th>
                        <th>{move || i.t("request.customer")}</th>
                        <th class="hide-narrow">{move || i.t("wo.assignees")}</th>
                        <th class="hide-narrow">{move || i.t("work_orders.created")}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || orders.items.get() key=|w| (w.id, w.version) let(w)>
                            {
                                let (state, kind, u) = (w.state, w.kind, w.urgency);
                                let created = w.created_at;
                                let engineers = if w.assignee_names.is_empty() { "—".to_owned() } else { w.assignee_names.join("、") };
                                let narrow = engineers.clone();
                                view! {
                                    <tr>
                                        <td><a class="nowrap" href=format!("/work-orders/{}", w.id)>{w.number.clone()}</a><br/>
                                            <span class=if u == Urgency::Urgent { "badge bad" } else { "badge" }>{move || urgency_label(i, u)}</span>" "
                                            <span class="muted small">{move || kind_label(i, kind)}</span></td>
                                        <td><span class=state_class(state)>{move || state_label(i, state)}</span></td>
                                        <td>{w.customer_name.clone()}
                                            <span class="show-narrow muted small"><br/>{narrow}" · "{move || local_date(created, i.lang.get())}</span></td>
                                        <td class="hide-narrow">{engineers}</td>
                                        <td class="hide-narrow nowrap">{move || local_date(created, i.lang.get())}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || !orders.loading.get() && orders.items.with(Vec::is_empty) && orders.error.with(Option::is_none)>
                <p class="muted">{move || i.t("work_orders.none")}</p>
            </Show>
            <Show when=move || orders.loading.get()>
                <p class="muted">{move || i.t("common.loading")}</p>
            </Show>
            <Show when=move || orders.has_more()>
                <button class="list-more" data-testid="wo-more" on:click=move |_| orders.more() disabled=move || orders.loading.get()>{move || i.t("common.more")}</button>
            </Show>
        </section>
    }
}
