//! `/kpi/requests`: the requests one KPI figure is made of, each with why
//! it is there (a leg missed, the repeat call, the score), each opening
//! its request.

use super::{params_of, query_of};
use crate::api;
use crate::api::kpi::KpiQuery;
use crate::components::error::ErrorView;
use crate::components::filters::href;
use crate::components::paged::Paged;
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A reason (`leg_missed:call_back`, `ftf:reopened`, `score:2`,
/// `survey:unanswered`) in words.
fn reason_text(i: I18n, r: &str) -> String {
    let (kind, what) = r.split_once(':').unwrap_or((r, ""));
    match kind {
        "leg_missed" | "leg_extended" => format!(
            "{}: {}",
            i.t(&format!("kpi.reason.{kind}")),
            i.t(&format!("clock.{what}"))
        ),
        "ftf" => i.t(&format!("kpi.reason.ftf.{what}")),
        "score" => format!("{} {what}/5", i.t("kpi.reason.score")),
        _ => i.t("kpi.reason.unanswered"),
    }
}

#[component]
pub fn KpiRequests() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let figure = move || query.with(|m| m.get("figure").unwrap_or_else(|| "closed".into()));
    let list = Paged::new(
        move || {
            query.with(|m| KpiQuery {
                figure: m.get("figure"),
                ..query_of(m)
            })
        },
        |q: KpiQuery, cursor| async move { api::kpi::requests(&KpiQuery { cursor, ..q }).await },
    );
    let (items, error, loading) = (list.items, list.error, list.loading);
    let back = move || href("/kpi", &query.with(|m| params_of(&query_of(m))));
    let title = move || {
        let f = figure();
        let key = f.split(':').next().unwrap_or("closed").to_owned();
        let leg = f
            .split_once(':')
            .map(|(_, l)| format!(" · {}", i.t(&format!("clock.{l}"))))
            .unwrap_or_default();
        format!("{}{leg}", i.t(&format!("kpi.list.{key}")))
    };
    let export_filters = Signal::derive(move || {
        crate::components::export::filters_of(&query.with(|m| KpiQuery {
            figure: m.get("figure"),
            ..query_of(m)
        }))
    });
    let period = move || {
        query.with(|m| {
            match query_of(m) {
                KpiQuery {
                    from: Some(f),
                    to: Some(t),
                    ..
                } => format!("{f} – {t}"),
                // The server's default period.
                _ => i.t("kpi.default_period"),
            }
        })
    };
    view! {
        <section class="card">
            <div class="row-between">
                <h1 data-testid="kpi-list-title">{title}</h1>
                <a href=back>{move || i.t("kpi.back")}</a>
            </div>
            <p class="muted">{period}</p>
            <crate::components::export::ExportLinks path="/api/kpi/requests/export" filters=export_filters testid="kpi-export"/>
            {move || error.get().map(|p| view! { <ErrorView problem=p/> })}
            <div class="table-wrap">
                <table data-testid="kpi-requests">
                    <thead><tr>
                        <th>{move || i.t("kpi.col.number")}</th>
                        <th>{move || i.t("kpi.col.customer")}</th>
                        <th>{move || i.t("kpi.col.closed")}</th>
                        <th>{move || i.t("kpi.col.engineers")}</th>
                        <th>{move || i.t("kpi.col.why")}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || items.get() key=|r| r.id let:r>
                            <tr>
                                <td><a href=format!("/requests/{}", r.id)>{r.number.clone()}</a></td>
                                <td><a href=format!("/customers/{}", r.customer_id)>{r.customer_name.clone()}</a></td>
                                <td>{r.closed_day.to_string()}</td>
                                <td>{r.engineers.join(", ")}</td>
                                <td>{
                                    let reasons = r.reasons.clone();
                                    move || reasons.iter().map(|x| reason_text(i, x)).collect::<Vec<_>>().join("; ")
                                }</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || !loading.get() && items.with(|v| v.is_empty()) && error.with(|e| e.is_none())>
                <p class="muted">{move || i.t("kpi.list.none")}</p>
            </Show>
            <Show when=move || list.has_more()>
                <button on:click=move |_| list.more() disabled=move || loading.get()>{move || i.t("common.more")}</button>
            </Show>
        </section>
    }
}
