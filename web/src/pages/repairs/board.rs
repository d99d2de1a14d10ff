//! The repair board: devices with the firm, grouped by state in the order
//! they travel, overdue ones marked; `?overdue=true` shows only those, and
//! `?closed=true` adds the handed-back ones.

use super::{days_since, state_class, state_label};
use crate::api;
use crate::api::repairs::RepairQuery;
use crate::auth::use_auth;
use crate::components::error::ErrorView;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use servicebook_shared::permissions;
use servicebook_shared::repairs::RepairState;

#[component]
pub fn RepairBoard() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let flag = move |k: &str| query.with(|q| q.get(k).is_some_and(|v| v == "true"));
    let repairs = crate::load::load(move || {
        let (overdue, closed) = (flag("overdue"), flag("closed"));
        async move {
            api::repairs::list(&RepairQuery {
                open: (!closed).then_some(true),
                overdue: overdue.then_some(true),
                limit: Some(500),
                ..Default::default()
            })
            .await
        }
    });
    let may_take_in = use_auth().may(permissions::take_in_repairs);
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("repairs.title")}</h1>
                {may_take_in.then(|| view! { <a class="button primary" href="/repairs/new" data-testid="repairs-new">{move || i.t("repairs.new")}</a> })}
            </div>
            <p class="checks">
                <a href="/repairs" class:active=move || !flag("overdue") && !flag("closed")>{move || i.t("repairs.with_us")}</a>" · "
                <a href="/repairs?overdue=true" data-testid="repairs-overdue" class:active=move || flag("overdue")>{move || i.t("repairs.overdue")}</a>" · "
                <a href="/repairs?closed=true" class:active=move || flag("closed")>{move || i.t("repairs.all")}</a>
            </p>
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match repairs.await {
                    Ok(page) if page.items.is_empty() => view! { <p class="muted" data-testid="repairs-none">{move || i.t("repairs.none")}</p> }.into_any(),
                    Ok(page) => view! {
                        <div class="board" data-testid="repair-board">
                            {RepairState::ALL.into_iter().filter_map(|s| {
                                let here: Vec<_> = page.items.iter().filter(|r| r.state == s).cloned().collect();
                                (!here.is_empty()).then(|| view! {
                                    <section class="card" data-testid=format!("repair-column-{}", s.as_str())>
                                        <h2><span class=state_class(s)>{move || state_label(i, s)}</span>" "{here.len()}</h2>
                                        <ul class="timeline">
                                            {here.into_iter().map(|r| {
                                                let days = days_since(r.received_at);
                                                view! { <li>
                                                    <a href=format!("/repairs/{}", r.id)>{r.number.clone()}</a>" "
                                                    {r.customer_name.clone()}" · "{r.device_name.clone()}" "
                                                    <span class="muted small">{r.serial_number.clone()}</span>" "
                                                    <span class="muted small nowrap">{move || i.t("repairs.days_in").replace("{n}", &days.to_string())}</span>
                                                    {r.overdue.then(|| view! { " " <span class="badge bad">{move || i.t("repairs.overdue")}</span> })}
                                                    {r.chargeable.then(|| view! { " " <span class="badge warn">{move || i.t("coverage.chargeable")}</span> })}
                                                </li> }
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })
                            }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}
