//! Every device in the archive, filtered by customer (found by name), model
//! and a free warranty that ends soon — the list for renewals and for
//! planning visits. The filters live in the address, so a filtered list is
//! linkable; more pages load on demand.

use crate::api;
use crate::api::customers::CustomerQuery;
use crate::api::devices::DeviceQuery;
use crate::components::error::ErrorView;
use crate::components::filters::Filters;
use crate::components::paged::Paged;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::customers::Customer;
use servicebook_shared::permissions::{self, Who};
use std::collections::HashMap;

/// Whether the list is for the user: whoever looks after devices.
pub fn may_list(who: Who) -> bool {
    permissions::edit_devices(who)
}

const KEYS: &[&str] = &["customer_id", "model", "warranty_days"];

#[component]
pub fn DeviceList() -> impl IntoView {
    let i = use_i18n();
    let filters = Filters::new("/devices", KEYS);
    let query_of = move || {
        let model = filters.get("model");
        DeviceQuery {
            customer_id: filters.get("customer_id").parse().ok(),
            model: (!model.trim().is_empty()).then(|| model.trim().to_owned()),
            warranty_ending_within_days: filters.get("warranty_days").parse().ok(),
            limit: Some(50),
            ..Default::default()
        }
    };
    let export_filters = Signal::derive(move || crate::components::export::filters_of(&query_of()));
    let devices = Paged::new(query_of, |q: DeviceQuery, cursor| async move {
        api::devices::list(&DeviceQuery { cursor, ..q }).await
    });
    // Customers' names, for the rows and the chosen filter.
    let names = RwSignal::new(HashMap::<u64, String>::new());
    Effect::new(move |_| {
        let mut wanted: Vec<u64> = devices
            .items
            .with(|d| d.iter().map(|d| d.customer_id).collect());
        wanted.extend(filters.get("customer_id").parse::<u64>().ok());
        wanted.sort_unstable();
        wanted.dedup();
        wanted.retain(|id| names.with_untracked(|n| !n.contains_key(id)));
        if wanted.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            for id in wanted {
                if let Ok(c) = api::customers::get(id).await {
                    if names.try_update(|n| n.insert(c.id, c.name)).is_none() {
                        return;
                    }
                }
            }
        });
    });
    let name_of = move |id: u64| {
        names
            .with(|n| n.get(&id).cloned())
            .unwrap_or_else(|| format!("#{id}"))
    };

    // Finding the customer: type part of the name, pick from the matches.
    let search = RwSignal::new(String::new());
    let matches = RwSignal::new(Vec::<Customer>::new());
    let find = move || {
        let q = search.get_untracked().trim().to_owned();
        if q.is_empty() {
            matches.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let query = CustomerQuery {
                q: Some(q),
                limit: Some(10),
                ..Default::default()
            };
            if let Ok(page) = api::customers::list(&query).await {
                let _ = matches.try_set(page.items);
            }
        });
    };
    let pick = move |c: Customer| {
        names.update(|n| {
            n.insert(c.id, c.name.clone());
        });
        matches.set(Vec::new());
        search.set(String::new());
        filters.set("customer_id", c.id.to_string());
    };
    let model = RwSignal::new(filters.get_untracked("model"));
    let set_model = move || filters.set("model", model.get_untracked());
    let any_filter = move || KEYS.iter().any(|k| !filters.get(k).is_empty());
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("devices.title")}</h1>
                <crate::components::export::ExportLinks path="/api/devices/export" filters=export_filters testid="devices-export"/>
            </div>
            <div class="filters" data-testid="device-filters">
                {move || match filters.get("customer_id").parse::<u64>().ok() {
                    Some(id) => view! {
                        <span class="chip" data-testid="device-filter-customer">{move || name_of(id)}
                            <button class="link" aria-label=move || i.t("devices.any_customer")
                                on:click=move |_| filters.set("customer_id", String::new())>"×"</button></span>
                    }.into_any(),
                    None => view! {
                        <input type="search" bind:value=search data-testid="device-filter-customer-search"
                            placeholder=move || i.t("devices.customer_search") aria-label=move || i.t("request.customer")
                            on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); find(); }
                            on:change=move |_| find()/>
                    }.into_any(),
                }}
                <input type="search" bind:value=model data-testid="device-filter-model"
                    placeholder=move || i.t("device.model") aria-label=move || i.t("device.model")
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); set_model(); }
                    on:change=move |_| set_model()/>
                <select data-testid="device-filter-warranty" aria-label=move || i.t("device.warranty_end")
                    on:change=move |ev| filters.set("warranty_days", event_target_value(&ev)) prop:value=move || filters.get("warranty_days")>
                    <option value="">{move || i.t("devices.any_warranty")}</option>
                    {[30u32, 60, 90, 180].into_iter().map(|d| view! {
                        <option value=d.to_string()>{move || i.t("devices.warranty_within").replace("{n}", &d.to_string())}</option>
                    }).collect_view()}
                </select>
                <Show when=any_filter>
                    <a class="button" href="/devices" data-testid="device-filter-clear">{move || i.t("common.clear")}</a>
                </Show>
            </div>
            {move || (!matches.with(Vec::is_empty)).then(|| view! {
                <ul class="picks" data-testid="device-customer-matches">
                    {matches.get().into_iter().map(|c| {
                        let label = c.name.clone();
                        view! { <li><button type="button" class="link" on:click=move |_| pick(c.clone())>{label}</button></li> }
                    }).collect_view()}
                </ul>
            })}
            {move || devices.error.get().map(|p| view! { <ErrorView problem=p/> })}
            <div class="table-wrap">
                <table data-testid="devices-table">
                    <thead><tr>
                        <th>{move || i.t("device.serial")}</th>
                        <th class="hide-narrow">{move || i.t("device.product")}</th>
                        <th>{move || i.t("request.customer")}</th>
                        <th class="hide-narrow">{move || i.t("device.site")}</th>
                        <th>{move || i.t("device.warranty_end")}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || devices.items.get() key=|d| (d.id, d.version) let(d)>
                            {
                                let customer = d.customer_id;
                                let product = format!("{} {}", d.product, d.model).trim().to_owned();
                                view! {
                                    <tr>
                                        <td><a class="nowrap" href=format!("/devices/{}", d.id)>{d.serial_number.clone()}</a>
                                            <span class="show-narrow muted small"><br/>{product.clone()}</span></td>
                                        <td class="hide-narrow">{product}</td>
                                        <td><a href=format!("/customers/{customer}")>{move || name_of(customer)}</a></td>
                                        <td class="hide-narrow">{d.site.clone()}</td>
                                        <td class="nowrap">{d.warranty_end.map(|w| w.to_string()).unwrap_or_else(|| "—".into())}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || !devices.loading.get() && devices.items.with(Vec::is_empty) && devices.error.with(Option::is_none)>
                <p class="muted">{move || i.t("devices.none")}</p>
            </Show>
            <Show when=move || devices.loading.get()>
                <p class="muted">{move || i.t("common.loading")}</p>
            </Show>
            <Show when=move || devices.has_more()>
                <button class="list-more" data-testid="devices-more" on:click=move |_| devices.more() disabled=move || devices.loading.get()>{move || i.t("common.more")}</button>
            </Show>
        </section>
    }
}
