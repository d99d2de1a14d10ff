//! `/kpi`: a period's figures for the firm, an engineer, a customer or a
//! contract, each against its target and each a link to the requests it
//! is made of (`/kpi/requests`), so every figure can be checked. The
//! period and whom it is about are in the address (linkable).

pub mod drill;
pub mod overview;
pub mod to_handle;

use crate::api;
use crate::api::kpi::KpiQuery;
use crate::components::error::ErrorView;
use crate::components::filters::href;
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use servicebook_shared::kpi::{meets, Figures};
use servicebook_shared::kpi_report::KpiReport;
use servicebook_shared::sla::Leg;

/// A rate in per mille as a percentage (`95.3 %`), or a dash.
pub fn percent(rate: Option<u32>) -> String {
    rate.map_or("–".into(), |r| format!("{:.1} %", r as f32 / 10.0))
}

/// The tile's colour: met, missed, or nothing to judge.
pub fn judged(rate: Option<u32>, target: u32) -> &'static str {
    match meets(rate, target) {
        Some(true) => "kpi-good",
        Some(false) => "kpi-bad",
        None => "kpi-none",
    }
}

/// The query of the address: the period (none: the server's default, the
/// last 30 days of the firm's own calendar) and the dimension.
pub fn query_of(m: &ParamsMap) -> KpiQuery {
    KpiQuery {
        from: m.get("from").filter(|s| !s.is_empty()),
        to: m.get("to").filter(|s| !s.is_empty()),
        engineer: m.get("engineer").filter(|s| !s.is_empty()),
        customer_id: m.get("customer_id").and_then(|s| s.parse().ok()),
        contract_id: m.get("contract_id").and_then(|s| s.parse().ok()),
        ..Default::default()
    }
}

/// `q` with the period the figures were computed for, so the links from
/// them (drill-downs, complaints) name the same days.
pub fn with_period(q: &KpiQuery, r: &KpiReport) -> KpiQuery {
    KpiQuery {
        from: Some(r.from.to_string()),
        to: Some(r.to.to_string()),
        ..q.clone()
    }
}

/// The address parameters of a query (for links to drill-downs).
pub fn params_of(q: &KpiQuery) -> Vec<(&'static str, String)> {
    let mut p = vec![
        ("from", q.from.clone().unwrap_or_default()),
        ("to", q.to.clone().unwrap_or_default()),
    ];
    if let Some(e) = &q.engineer {
        p.push(("engineer", e.clone()));
    }
    if let Some(c) = q.customer_id {
        p.push(("customer_id", c.to_string()));
    }
    if let Some(c) = q.contract_id {
        p.push(("contract_id", c.to_string()));
    }
    p
}

/// The complaints behind the complaint figures: the complaint list with
/// the period and the person or customer (a contract's complaints are
/// found through its requests, so the list shows the period's).
pub fn complaints_href(q: &KpiQuery) -> String {
    let mut p = vec![
        ("from", q.from.clone().unwrap_or_default()),
        ("to", q.to.clone().unwrap_or_default()),
    ];
    if let Some(e) = &q.engineer {
        p.push(("person", e.clone()));
    }
    if let Some(c) = q.customer_id {
        p.push(("customer_id", c.to_string()));
    }
    href("/complaints", &p)
}

pub fn drill_href(q: &KpiQuery, figure: &str) -> String {
    let mut p = params_of(q);
    p.push(("figure", figure.to_owned()));
    href("/kpi/requests", &p)
}

#[component]
pub fn KpiPage() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let start = query.with_untracked(query_of);
    let from = RwSignal::new(start.from.clone().unwrap_or_default());
    let to = RwSignal::new(start.to.clone().unwrap_or_default());
    let (kind0, value0) = match (&start.engineer, start.customer_id, start.contract_id) {
        (Some(e), _, _) => ("engineer", e.clone()),
        (_, Some(c), _) => ("customer_id", c.to_string()),
        (_, _, Some(c)) => ("contract_id", c.to_string()),
        _ => ("firm", String::new()),
    };
    let kind = RwSignal::new(kind0.to_owned());
    let value = RwSignal::new(value0);
    let report = crate::load::load(move || {
        let q = query.with(query_of);
        async move {
            let r = api::kpi::report(&q).await;
            // Without dates in the address the server chose the period:
            // show it in the inputs, so the next "Show" keeps it.
            if let Ok(r) = &r {
                if from.get_untracked().is_empty() && to.get_untracked().is_empty() {
                    from.set(r.from.to_string());
                    to.set(r.to.to_string());
                }
            }
            r
        }
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut p = vec![("from", from.get_untracked()), ("to", to.get_untracked())];
        let k = kind.get_untracked();
        if k != "firm" {
            p.push((
                match k.as_str() {
                    "engineer" => "engineer",
                    "customer_id" => "customer_id",
                    _ => "contract_id",
                },
                value.get_untracked().trim().to_owned(),
            ));
        }
        navigate(&href("/kpi", &p), Default::default());
    };
    view! {
        <section class="card">
            <h1>{move || i.t("kpi.title")}</h1>
            <form class="filters" on:submit=apply data-testid="kpi-filters">
                <label>{move || i.t("kpi.from")}<input type="date" bind:value=from data-testid="kpi-from"/></label>
                <label>{move || i.t("kpi.to")}<input type="date" bind:value=to data-testid="kpi-to"/></label>
                <select bind:value=kind data-testid="kpi-dimension">
                    <option value="firm">{move || i.t("kpi.dim.firm")}</option>
                    <option value="engineer">{move || i.t("kpi.dim.engineer")}</option>
                    <option value="customer_id">{move || i.t("kpi.dim.customer")}</option>
                    <option value="contract_id">{move || i.t("kpi.dim.contract")}</option>
                </select>
                <Show when=move || kind.get() != "firm">
                    <input type="text" bind:value=value placeholder=move || i.t("kpi.dim.value") data-testid="kpi-dimension-value"/>
                </Show>
                <button type="submit">{move || i.t("kpi.show")}</button>
            </form>
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                let q = query.with_untracked(query_of);
                match report.await {
                    Ok(r) => {
                        let q = with_period(&q, &r);
                        view! { <KpiFigures r=r q=q/> }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The tiles of the headline figures, each against its target.
pub fn headline_tiles(i: I18n, f: &Figures, q: &KpiQuery) -> impl IntoView {
    let t = f.targets;
    let tile = move |key: &'static str, rate: Option<u32>, target: u32, figure: &'static str| {
        let link = drill_href(q, figure);
        view! {
            <a class=format!("tile kpi-tile {}", judged(rate, target)) href=link data-testid=format!("kpi-{key}")>
                <strong>{percent(rate)}</strong>
                <span>{move || i.t(&format!("kpi.fig.{key}"))}</span>
                <small>{move || i.t("kpi.target")}" ≥ "{percent(Some(target))}</small>
            </a>
        }
    };
    view! {
        <div class="tiles kpi-tiles">
            {tile("on_time_first", f.on_time_first, t.on_time, "on_time_missed_first")}
            {tile("on_time_extended", f.on_time_extended, t.on_time, "on_time_missed")}
            {tile("first_time_fix", f.first_time_fix, t.first_time_fix, "ftf_failed")}
            {tile("satisfaction", f.satisfaction, t.satisfaction, "dissatisfied")}
        </div>
    }
}

#[component]
fn KpiFigures(r: KpiReport, q: KpiQuery) -> impl IntoView {
    let i = use_i18n();
    let c = r.counters;
    let f = r.figures.clone();
    let hours = |m: i64| format!("{:.1} h", m as f64 / 60.0);
    let legs = f
        .legs
        .iter()
        .map(|l| {
            let link = drill_href(&q, &format!("leg_missed:{}", l.leg.as_str()));
            let leg: Leg = l.leg;
            view! {
                <tr>
                    <td>{move || i.t(&format!("clock.{}", leg.as_str()))}</td>
                    <td class=judged(l.first, f.targets.on_time)>{percent(l.first)}</td>
                    <td class=judged(l.extended, f.targets.on_time)>{percent(l.extended)}</td>
                    <td><a href=link>{l.counted}</a></td>
                </tr>
            }
        })
        .collect_view();
    let count = |key: &'static str, n: String, link: String| {
        view! {
            <a class="tile" href=link data-testid=format!("kpi-{key}")>
                <strong>{n}</strong><span>{move || i.t(&format!("kpi.fig.{key}"))}</span>
            </a>
        }
    };
    view! {
        <section class="card" data-testid="kpi-figures">
            {headline_tiles(i, &f, &q)}
            <div class="tiles">
                {count("response_rate", percent(f.response_rate), drill_href(&q, "unanswered"))}
                {count("closed", c.closed.to_string(), drill_href(&q, "closed"))}
                {count("reopened", c.reopened.to_string(), drill_href(&q, "reopened"))}
                {count("hours", hours(c.hours_minutes), drill_href(&q, "closed"))}
                {count("travel", hours(c.travel_minutes), drill_href(&q, "closed"))}
                {count("parts_cost", servicebook_shared::Money(c.parts_cost).to_string(), drill_href(&q, "closed"))}
                {count("complaints", r.complaints.received.to_string(), complaints_href(&q))}
                {count("complaints_upheld", r.complaints.upheld.to_string(), complaints_href(&q))}
                {count("open", r.load.open.to_string(), "/requests".to_owned())}
                {count("overdue", r.load.overdue.to_string(), "/requests?due_within=0".to_owned())}
            </div>
            <h2>{move || i.t("kpi.per_leg")}</h2>
            <div class="table-wrap">
                <table data-testid="kpi-legs">
                    <thead><tr>
                        <th>{move || i.t("kpi.leg")}</th>
                        <th>{move || i.t("kpi.fig.on_time_first")}</th>
                        <th>{move || i.t("kpi.fig.on_time_extended")}</th>
                        <th>{move || i.t("kpi.counted")}</th>
                    </tr></thead>
                    <tbody>{legs}</tbody>
                </table>
            </div>
        </section>
    }
}
