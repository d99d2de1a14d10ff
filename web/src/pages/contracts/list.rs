//! Contracts: by kind and status, or those expiring within N days.

use super::ContractRows;
use crate::api;
use crate::api::contracts::ContractQuery;
use crate::components::error::ErrorView;
use crate::components::filters::href;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use servicebook_shared::contracts::ContractKind;
use servicebook_shared::coverage::ContractStatus;

fn status_of(s: &str) -> Option<ContractStatus> {
    [
        ContractStatus::Draft,
        ContractStatus::Pending,
        ContractStatus::Active,
        ContractStatus::Expired,
        ContractStatus::Terminated,
    ]
    .into_iter()
    .find(|c| super::status_key(*c) == format!("status.{s}"))
}

#[component]
pub fn ContractList() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let get = move |k: &str| query.with_untracked(|m| m.get(k).unwrap_or_default());
    let (kind, status, expiring) = (
        RwSignal::new(get("kind")),
        RwSignal::new(get("status")),
        RwSignal::new(get("expiring_days")),
    );
    let query_of = move || {
        query.with(|m| ContractQuery {
            kind: match m.get_str("kind") {
                Some("sale") => Some(ContractKind::Sale),
                Some("maintenance") => Some(ContractKind::Maintenance),
                _ => None,
            },
            status: m.get_str("status").and_then(status_of),
            expiring_days: m.get_str("expiring_days").and_then(|d| d.parse().ok()),
            limit: Some(200),
            ..Default::default()
        })
    };
    let contracts = crate::load::load(move || {
        let q = query_of();
        async move { api::contracts::list(&q).await }
    });
    let export_filters = Signal::derive(move || crate::components::export::filters_of(&query_of()));
    let filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        navigate(
            &href(
                "/contracts",
                &[
                    ("kind", kind.get_untracked()),
                    ("status", status.get_untracked()),
                    ("expiring_days", expiring.get_untracked()),
                ],
            ),
            Default::default(),
        );
    };
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("contracts.title")}</h1>
                <crate::components::export::ExportLinks path="/api/contracts/export" filters=export_filters testid="contracts-export"/>
            </div>
            <form class="filters" on:submit=filter>
                <select bind:value=kind>
                    <option value="">{move || i.t("contracts.all_kinds")}</option>
                    <option value="sale">{move || i.t("contract.kind.sale")}</option>
                    <option value="maintenance">{move || i.t("contract.kind.maintenance")}</option>
                </select>
                <select bind:value=status>
                    <option value="">{move || i.t("contracts.all_statuses")}</option>
                    {["draft", "pending", "active", "expired", "terminated"].into_iter().map(|s| view! {
                        <option value=s>{move || i.t(&format!("status.{s}"))}</option>
                    }).collect_view()}
                </select>
                <select bind:value=expiring>
                    <option value="">{move || i.t("contracts.any_end")}</option>
                    <option value="30">{move || i.t("contracts.expiring_30")}</option>
                    <option value="90">{move || i.t("contracts.expiring_90")}</option>
                </select>
                <button type="submit">{move || i.t("common.search")}</button>
            </form>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match contracts.await {
                        Ok(page) => view! { <ContractRows contracts=page.items/> }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
