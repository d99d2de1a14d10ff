//! On a maintenance contract's page: how this year's inspections stand —
//! promised, on time, late, missed, overdue, upcoming (the figure shown at
//! renewal) — and each visit's standing (shared `bucket`), a done visit
//! linking to its printed report, the copy filed in the contract's archive.

use super::{visit_state_class, visit_state_label};
use crate::api;
use crate::components::error::ErrorView;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::inspections::plans::VisitState;
use servicebook_shared::inspections::visits::{bucket, Compliance};

fn bucket_class(b: &str) -> &'static str {
    match b {
        "on_time" => "badge ok",
        "late" | "overdue" => "badge warn",
        "missed" => "badge bad",
        _ => "badge",
    }
}

#[component]
pub fn ContractCompliance(contract_id: u64) -> impl IntoView {
    let i = use_i18n();
    // The server picks the year and the day from the firm's calendar.
    let data = crate::load::load(move || api::inspections::compliance(contract_id, None));
    view! {
        <div class="compliance" data-testid="contract-compliance">
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(c) => view! { <Shown c=c/> }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Shown(c: Compliance) -> impl IntoView {
    let i = use_i18n();
    let day = c.as_of;
    let year = c.year;
    let figures = [
        ("compliance.promised", c.promised, "figure"),
        ("compliance.on_time", c.on_time, "figure ok"),
        ("compliance.late", c.late, "figure warn"),
        ("compliance.missed", c.missed, "figure bad"),
        ("compliance.overdue", c.overdue, "figure warn"),
        ("compliance.upcoming", c.upcoming, "figure"),
    ];
    view! {
        <h3>{move || i.t("compliance.title").replace("{year}", &year.to_string())}</h3>
        <dl class="figures">
            {figures.into_iter().map(|(key, n, class)| view! {
                <div class=class data-testid=key.replace('.', "-")><dt>{move || i.t(key)}</dt><dd>{n}</dd></div>
            }).collect_view()}
        </dl>
        {if c.visits.is_empty() {
            view! { <p class="muted">{move || i.t("compliance.no_visits")}</p> }.into_any()
        } else {
            view! {
                <ul class="plain-list" data-testid="compliance-visits">
                    {c.visits.into_iter().map(|v| {
                        let b = bucket(&v, day);
                        let state = v.state;
                        let link = if state == VisitState::Done {
                            view! { <a href=format!("/inspections/visits/{}/print", v.id) data-testid="compliance-report">{move || i.t("visit.report")}</a> }.into_any()
                        } else {
                            view! { <a href=format!("/inspections/visits/{}", v.id)>{move || i.t("visit.open")}</a> }.into_any()
                        };
                        view! {
                            <li>
                                <span class="nowrap">{v.due_date.to_string()}</span>" "
                                <span class=visit_state_class(state)>{move || visit_state_label(i, state)}</span>" "
                                {b.map(|b| view! { <span class=bucket_class(b)>{move || i.t(&format!("compliance.{b}"))}</span> })}
                                {v.done_on.map(|d| view! { <span class="muted small">" · "{move || i.t("visit.done_on")}" "{d.to_string()}</span> })}
                                " · "{link}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
