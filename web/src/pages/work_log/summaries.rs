//! The weekly record (周工作记录, `/work-summaries/week`) and the monthly
//! project summary (月项目汇总表, `/work-summaries/month`): filters by
//! period, customer and contract; bilingual column labels so the printed
//! A4 page reads in both; CSV and XLSX of the same filters.

use crate::api;
use crate::api::work_log::SummaryQuery;
use crate::components::error::ErrorView;
use crate::components::export::{filters_of, ExportLinks};
use crate::components::filters::href;
use crate::i18n::{both, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

fn query_of(m: &leptos_router::params::ParamsMap) -> SummaryQuery {
    let some = |k: &str| m.get(k).filter(|s| !s.trim().is_empty());
    SummaryQuery {
        week: some("week"),
        month: some("month"),
        customer_id: some("customer_id").and_then(|s| s.trim().parse().ok()),
        contract_id: some("contract_id").and_then(|s| s.trim().parse().ok()),
    }
}

/// The period, customer and contract fields; "Show" puts them in the URL.
#[component]
fn Filters(path: &'static str, period: &'static str) -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let get = move |k: &str| query.with_untracked(|m| m.get(k).unwrap_or_default());
    let (when, customer, contract) = (
        RwSignal::new(get(period)),
        RwSignal::new(get("customer_id")),
        RwSignal::new(get("contract_id")),
    );
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        navigate(
            &href(
                path,
                &[
                    (period, when.get_untracked()),
                    ("customer_id", customer.get_untracked()),
                    ("contract_id", contract.get_untracked()),
                ],
            ),
            Default::default(),
        );
    };
    let placeholder = if period == "week" {
        "2026-W48"
    } else {
        "2026-11"
    };
    view! {
        <form class="filters row-fields no-print" on:submit=show>
            <label>{move || i.t(if period == "week" { "weekly.week" } else { "monthly.month" })}
                <input bind:value=when placeholder=placeholder data-testid="summary-period"/></label>
            <label>{move || i.t("summary.customer_id")}
                <input bind:value=customer inputmode="numeric" data-testid="summary-customer"/></label>
            <label>{move || i.t("summary.contract_id")}
                <input bind:value=contract inputmode="numeric" data-testid="summary-contract"/></label>
            <button type="submit" data-testid="summary-show">{move || i.t("summary.show")}</button>
        </form>
    }
}

#[component]
pub fn WeeklyRecordPage() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let record = crate::load::load(move || {
        let q = query.with(query_of);
        async move { api::work_log::weekly_record(&q).await }
    });
    let export = Signal::derive(move || filters_of(&query.with(query_of)));
    view! {
        <article class="card print-report" data-testid="weekly-record">
            <div class="row-between">
                <h1>{both("summary.weekly_record")}</h1>
                <span class="row no-print">
                    <ExportLinks path="/api/reports/weekly-record" filters=export testid="weekly-record-export"/>
                    <button on:click=|_| { let _ = window().print(); }>{move || i.t("report.print")}</button>
                </span>
            </div>
            <Filters path="/work-summaries/week" period="week"/>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match record.await {
                        Ok(r) => {
                            let rows = r.rows.into_iter().map(|row| {
                                let kind = format!("summary.kind.{}", serde_json::to_value(row.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default());
                                view! { <tr>
                                    <td class="nowrap">{row.date.to_string()}</td>
                                    <td>{move || i.t(&kind)}</td>
                                    <td>{row.number}</td>
                                    <td>{row.customer}</td>
                                    <td>{row.contract}</td>
                                    <td>{row.device}</td>
                                    <td>{row.work}</td>
                                    <td>{row.engineers}</td>
                                    <td class="num">{(row.hours > 0.0).then(|| format!("{}", row.hours))}</td>
                                </tr> }
                            }).collect_view();
                            view! {
                                <p data-testid="weekly-record-period">{format!("{} ({} – {})", r.week, r.from, r.to)}</p>
                                <div class="table-wrap"><table class="grid">
                                    <thead><tr>
                                        {["summary.date", "summary.kind", "summary.number", "summary.customer", "summary.contract", "summary.device", "summary.work", "summary.engineers", "weekly.hours"]
                                            .into_iter().map(|k| view! { <th>{both(k)}</th> }).collect_view()}
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                    <tfoot><tr><th colspan="8">{both("summary.total")}</th><td class="num">{format!("{}", r.total_hours)}</td></tr></tfoot>
                                </table></div>
                            }.into_any()
                        }
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </article>
    }
}

#[component]
pub fn MonthlySummaryPage() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let summary = crate::load::load(move || {
        let q = query.with(query_of);
        async move { api::work_log::monthly(&q).await }
    });
    let export = Signal::derive(move || filters_of(&query.with(query_of)));
    view! {
        <article class="card print-report" data-testid="monthly-summary">
            <div class="row-between">
                <h1>{both("summary.monthly")}</h1>
                <span class="row no-print">
                    <ExportLinks path="/api/reports/monthly" filters=export testid="monthly-export"/>
                    <button on:click=|_| { let _ = window().print(); }>{move || i.t("report.print")}</button>
                </span>
            </div>
            <Filters path="/work-summaries/month" period="month"/>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(s) => {
                            let no_contract = both("summary.no_contract");
                            let cells = |r: &servicebook_shared::work_summaries::MonthlyRow| {
                                [
                                    r.requests_received.to_string(), r.requests_closed.to_string(),
                                    r.onsite_visits.to_string(), r.remote.to_string(),
                                    format!("{}", r.hours), r.travel_minutes.to_string(),
                                    r.parts_cost.format(),
                                    format!("{} / {}", r.inspections_done, r.inspections_due),
                                    r.reports_signed.to_string(),
                                ].into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()
                            };
                            let rows = s.rows.iter().map(|r| {
                                let contract = if r.contract_id.is_some() { r.contract.clone() } else { no_contract.clone() };
                                view! { <tr data-testid="monthly-row"><td>{r.customer.clone()}</td><td>{contract}</td>{cells(r)}</tr> }
                            }).collect_view();
                            view! {
                                <p data-testid="monthly-period">{s.month.clone()}</p>
                                <div class="table-wrap"><table class="grid">
                                    <thead><tr>
                                        {["summary.customer", "summary.contract", "monthly.received", "monthly.closed", "monthly.onsite", "monthly.remote", "weekly.hours", "weekly.travel_minutes", "monthly.parts_cost", "monthly.inspections", "monthly.reports"]
                                            .into_iter().map(|k| view! { <th>{both(k)}</th> }).collect_view()}
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                    <tfoot><tr><th colspan="2">{both("summary.total")}</th>{cells(&s.totals)}</tr></tfoot>
                                </table></div>
                            }.into_any()
                        }
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </article>
    }
}
