//! Device labels to print on an A4 sheet of 3 × 8 stickers (70 × 37 mm, the
//! common office label sheet): QR code (drawn by the server) that opens the
//! device's page, with the serial, product and customer beside it.
//! `/labels?customer_id=…` prints all of a customer's devices,
//! `/labels?device_id=…` one device.

use crate::api;
use crate::components::error::ErrorView;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use servicebook_shared::customers::Customer;
use servicebook_shared::devices::Device;
use servicebook_shared::{ApiProblem, ProblemCode};

async fn devices_and_owner(
    customer_id: Option<u64>,
    device_id: Option<u64>,
) -> Result<(Vec<Device>, Customer), ApiProblem> {
    let devices = match (customer_id, device_id) {
        (_, Some(id)) => vec![api::devices::get(id).await?],
        (Some(c), None) => api::devices::all_of_customer(c).await?,
        (None, None) => {
            return Err(ApiProblem::new(
                400,
                ProblemCode::BadRequest,
                "No devices chosen",
                "Open labels from a customer's or a device's page.",
            ))
        }
    };
    let owner = match devices.first() {
        Some(d) => d.customer_id,
        None => customer_id.unwrap_or(0),
    };
    let customer = api::customers::get(owner).await?;
    Ok((devices, customer))
}

#[component]
pub fn Labels() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let number = move |key: &str| query.with(|m| m.get(key).and_then(|v| v.parse::<u64>().ok()));
    let found = crate::load::load(move || {
        let (c, d) = (number("customer_id"), number("device_id"));
        devices_and_owner(c, d)
    });
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <section class="card no-print">
            <div class="row-between">
                <h1>{move || i.t("labels.title")}</h1>
                <button type="button" class="primary" on:click=print data-testid="labels-print">{move || i.t("labels.print")}</button>
            </div>
            <p class="muted">{move || i.t("labels.hint")}</p>
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok((devices, _)) if devices.is_empty() => view! { <p class="muted">{move || i.t("customer.no_devices")}</p> }.into_any(),
                    Ok((devices, customer)) => view! {
                        <div class="label-sheet" data-testid="label-sheet">
                            {devices.into_iter().map(|d| view! {
                                <div class="label">
                                    <img src=api::devices::qr_url(d.id) alt=d.serial_number.clone()/>
                                    <div class="label-text">
                                        <strong>{d.serial_number.clone()}</strong>
                                        <span>{format!("{} {} {}", d.brand, d.product, d.model).trim().to_owned()}</span>
                                        {(!d.asset_tag.is_empty()).then(|| view! { <span>{d.asset_tag.clone()}</span> })}
                                        <span class="muted">{customer.name.clone()}</span>
                                        <span class="muted">{move || i.t("labels.scan")}</span>
                                    </div>
                                </div>
                            }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}
