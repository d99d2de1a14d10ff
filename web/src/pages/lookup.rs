//! What a serial number tells at once: the device, its owner, its warranty,
//! and the contracts covering it today with their promises.

use crate::api;
use crate::components::error::ErrorView;
use crate::i18n::use_i18n;
use crate::pages::contracts::ContractSummary;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Lookup() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let result = crate::load::load(move || {
        let serial = query.with(|q| q.get("serial").unwrap_or_default());
        async move { api::devices::lookup(&serial, None).await }
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match result.await {
                    Ok(found) => {
                        let w = found.warranty;
                        let device = found.device.clone();
                        view! {
                            <section class="card" data-testid="lookup-result">
                                <h1><a href=format!("/devices/{}", device.id)>{device.serial_number.clone()}</a></h1>
                                <p>{device.product.clone()}" · "{device.brand.clone()}" "{device.model.clone()}</p>
                                <p><a href=format!("/customers/{}", found.customer.id) data-testid="lookup-customer">{found.customer.name.clone()}</a>
                                   {(!device.site.is_empty()).then(|| format!(" · {}", device.site))}</p>
                                <p data-testid="warranty-status" class=if w.in_warranty { "ok" } else { "bad" }>
                                    {move || if w.in_warranty { i.t("device.in_warranty") } else { i.t("device.out_of_warranty") }}
                                    {w.ends.map(|e| format!(" ({})", e))}
                                </p>
                            </section>
                            <section class="card">
                                <h2>{move || i.t("lookup.covering")}</h2>
                                {if found.contracts.is_empty() {
                                    view! { <p class="bad" data-testid="no-contract">{move || i.t("lookup.no_contract")}</p> }.into_any()
                                } else {
                                    found.contracts.into_iter().map(|c| view! { <ContractSummary contract=c/> }).collect_view().into_any()
                                }}
                            </section>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}
