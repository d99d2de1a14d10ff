//! Contracts: summaries, the list with its filters, create and detail.

pub mod detail;
pub mod list;
pub mod new;

use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::contracts::{Contract, ContractKind, ServiceHours};
use servicebook_shared::coverage::ContractStatus;

pub fn status_key(s: ContractStatus) -> &'static str {
    match s {
        ContractStatus::Draft => "status.draft",
        ContractStatus::Pending => "status.pending",
        ContractStatus::Active => "status.active",
        ContractStatus::Expired => "status.expired",
        ContractStatus::Terminated => "status.terminated",
    }
}

pub fn kind_key(k: ContractKind) -> &'static str {
    match k {
        ContractKind::Sale => "contract.kind.sale",
        ContractKind::Maintenance => "contract.kind.maintenance",
    }
}

fn hours(minutes: u32) -> String {
    if minutes % 60 == 0 {
        format!("{} h", minutes / 60)
    } else {
        format!("{minutes} min")
    }
}

/// What a contract promises, at a glance.
#[component]
pub fn ContractSummary(contract: Contract) -> impl IntoView {
    let i = use_i18n();
    let c = contract;
    let s = c.scope.clone();
    let p = c.promises;
    let mut scope: Vec<&'static str> = Vec::new();
    if s.remote_support {
        scope.push("scope.remote");
    }
    if s.onsite_repair {
        scope.push("scope.onsite");
    }
    if s.spare_parts {
        scope.push("scope.parts");
    }
    if s.loaners {
        scope.push("scope.loaners");
    }
    scope.push(if s.hours == ServiceHours::AllDay {
        "scope.all_day"
    } else {
        "scope.business"
    });
    let inspections = s.inspections_per_year;
    view! {
        <div class="summary" data-testid="contract-summary">
            <strong><a href=format!("/contracts/{}", c.id)>{c.number.clone()}</a></strong>
            " · "{move || i.t(kind_key(c.kind))}" · "{format!("{} – {}", c.start_date, c.end_date)}" "
            <span class="badge">{move || i.t(status_key(c.status))}</span>
            <p class="muted">
                {move || scope.iter().map(|k| i.t(k)).collect::<Vec<_>>().join(" · ")}
                {move || (inspections > 0).then(|| format!(" · {} {}", i.t("scope.inspections"), inspections))}
            </p>
            <p class="muted">
                {move || format!("{} {} · {} {} · {} {}",
                    i.t("promise.call_back"), hours(p.call_back_minutes),
                    i.t("promise.urgent_on_site"), hours(p.urgent_on_site_minutes),
                    i.t("promise.visit_booked"), hours(p.visit_booked_minutes))}
            </p>
        </div>
    }
}

#[component]
pub fn ContractRows(contracts: Vec<Contract>) -> impl IntoView {
    let i = use_i18n();
    if contracts.is_empty() {
        return view! { <p class="muted">{move || i.t("contracts.none")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap"><table data-testid="contracts-table">
            <thead><tr>
                <th>{move || i.t("contract.number")}</th>
                <th>{move || i.t("contract.kind")}</th>
                <th>{move || i.t("contract.period")}</th>
                <th>{move || i.t("contract.status")}</th>
            </tr></thead>
            <tbody>
                {contracts.into_iter().map(|c| view! { <tr>
                    <td><a href=format!("/contracts/{}", c.id)>{c.number.clone()}</a></td>
                    <td>{move || i.t(kind_key(c.kind))}</td>
                    <td class="nowrap">{format!("{} – {}", c.start_date, c.end_date)}</td>
                    <td><span class="badge">{move || i.t(status_key(c.status))}</span></td>
                </tr> }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}
