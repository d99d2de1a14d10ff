//! The manager's overview, on the home page: the last 30 days' KPIs
//! against their targets with the twelve-week trend, what breaches now and
//! next, approvals waiting, overdue repairs and loaners, and the poor
//! scores and complaints to handle. Each block
//! reads the API the page of its own reads (the board, approvals, repairs,
//! loans), so the overview never disagrees with them.

use super::{headline_tiles, query_of};
use crate::api;
use crate::api::kpi::KpiQuery;
use crate::api::loaners::LoanQuery;
use crate::api::repairs::RepairQuery;
use crate::api::requests::RequestQuery;
use crate::api::work_orders::WorkOrderQuery;
use crate::components::trend_chart::{Series, TrendChart};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use servicebook_shared::requests::ServiceRequest;
use servicebook_shared::work_orders::WoState;

#[component]
pub fn ManagerOverview() -> impl IntoView {
    let i = use_i18n();
    let q = query_of(&ParamsMap::new());
    let report = crate::load::load({
        let q = q.clone();
        move || {
            let q = q.clone();
            async move { api::kpi::report(&q).await }
        }
    });
    let trend = crate::load::load(move || async move {
        api::kpi::trend(&KpiQuery {
            weeks: Some(12),
            ..Default::default()
        })
        .await
    });
    let breaches = crate::load::load(move || async move {
        let late = api::requests::list(&RequestQuery {
            due_within: Some(0),
            limit: Some(10),
            ..Default::default()
        })
        .await?
        .items;
        let soon = api::requests::list(&RequestQuery {
            due_within: Some(8 * 60),
            limit: Some(20),
            ..Default::default()
        })
        .await?
        .items
        .into_iter()
        .filter(|r| !late.iter().any(|l| l.id == r.id))
        .take(5)
        .collect::<Vec<_>>();
        Ok::<_, servicebook_shared::ApiProblem>((late, soon))
    });
    let waiting = crate::load::load(move || async move {
        let mut approvals = 0;
        for s in [WoState::ExtensionRequested, WoState::CompletionRequested] {
            approvals += api::work_orders::list(&WorkOrderQuery {
                state: Some(s),
                limit: Some(200),
                ..Default::default()
            })
            .await
            .map(|p| p.items.len())
            .unwrap_or(0);
        }
        let repairs = api::repairs::list(&RepairQuery {
            overdue: Some(true),
            limit: Some(200),
            ..Default::default()
        })
        .await
        .map(|p| p.items.len())
        .unwrap_or(0);
        let loans = api::loaners::loans(&LoanQuery {
            overdue: Some(true),
            limit: Some(200),
            ..Default::default()
        })
        .await
        .map(|p| p.items.len())
        .unwrap_or(0);
        (approvals, repairs, loans)
    });
    let request_row = move |r: ServiceRequest| {
        let due = r
            .next_due_at
            .map(|d| crate::components::time::local(d, i.lang.get_untracked()))
            .unwrap_or_default();
        view! {
            <li>
                <a href=format!("/requests/{}", r.id)>{r.number.clone()}</a>
                " · "{r.customer_name.clone()}" · "{r.description.chars().take(40).collect::<String>()}
                " · "<span class="muted">{due}</span>
            </li>
        }
    };
    view! {
        <section class="card" data-testid="manager-overview">
            <div class="row-between">
                <h2>{move || i.t("overview.kpis")}</h2>
                <a href="/kpi">{move || i.t("overview.all_kpis")}</a>
            </div>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new({
                    let q = q.clone();
                    async move {
                        report.await.ok().map(|r| headline_tiles(i, &r.figures, &super::with_period(&q, &r)).into_any())
                    }
                })}
                {move || Suspend::new(async move {
                    trend.await.ok().map(|t| {
                        let targets = t.weeks.first().map(|w| w.figures.targets).unwrap_or_default();
                        let series = vec![
                            Series {
                                label: i.t("kpi.fig.on_time_extended"),
                                class: "s-on-time",
                                rates: t.weeks.iter().map(|w| w.figures.on_time_extended).collect(),
                                target: targets.on_time,
                            },
                            Series {
                                label: i.t("kpi.fig.first_time_fix"),
                                class: "s-ftf",
                                rates: t.weeks.iter().map(|w| w.figures.first_time_fix).collect(),
                                target: targets.first_time_fix,
                            },
                            Series {
                                label: i.t("kpi.fig.satisfaction"),
                                class: "s-satisfaction",
                                rates: t.weeks.iter().map(|w| w.figures.satisfaction).collect(),
                                target: targets.satisfaction,
                            },
                        ];
                        view! { <TrendChart series=series caption=i.t("overview.trend")/> }
                    })
                })}
            </Transition>
        </section>
        <section class="card" data-testid="overview-breaches">
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match breaches.await {
                        Ok((late, soon)) => view! {
                            <h2><a href="/requests?due_within=0">{move || i.t("overview.breached")}" ("{late.len()}")"</a></h2>
                            <ul class="plain">{late.into_iter().map(request_row).collect_view()}</ul>
                            <h2><a href="/requests">{move || i.t("overview.next")}</a></h2>
                            <ul class="plain">{soon.into_iter().map(request_row).collect_view()}</ul>
                        }.into_any(),
                        Err(p) => view! { <crate::components::error::ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <section class="tiles" data-testid="overview-waiting">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let (approvals, repairs, loans) = waiting.await;
                    let tile = move |href: &'static str, key: &'static str, n: usize| view! {
                        <a class={if n > 0 { "tile kpi-bad" } else { "tile" }} href=href data-testid=format!("overview-{key}")>
                            <strong>{n}</strong><span>{move || i.t(&format!("overview.{key}"))}</span>
                        </a>
                    };
                    view! {
                        {tile("/approvals", "approvals", approvals)}
                        {tile("/repairs?overdue=true", "repairs_overdue", repairs)}
                        {tile("/loaners/loans?overdue=true", "loans_overdue", loans)}
                    }
                })}
            </Transition>
        </section>
        <super::to_handle::ToHandle/>
    }
}
