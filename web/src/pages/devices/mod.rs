//! One device: what it is, where, its warranty and covering contracts, an
//! edit form for those who may, and its history.

pub mod labels;
pub mod list;

use crate::api;
use crate::auth::use_auth;
use crate::components::categories::CategorySelect;
use crate::components::documents::Documents;
use crate::components::error::{field_error, ErrorView, FormError};
use crate::components::history::History;
use crate::components::requests_of::{Of, RequestsOf};
use crate::i18n::use_i18n;
use crate::pages::contracts::ContractSummary;
use crate::pages::customers::detail::can_edit_devices;
use crate::pages::inspections::readings::{DeviceReadings, DeviceVisits};
use crate::pages::repairs::of::{Of as RepairsOfWhom, RepairsOf};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::devices::DevicePatch;
use servicebook_shared::files::AttachedTo;
use servicebook_shared::{permissions, ApiProblem};

#[component]
pub fn DeviceDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let refresh = RwSignal::new(0usize);
    let docs = RwSignal::new(0usize);
    let found = crate::load::load(move || {
        let (id, _) = (id(), refresh.get());
        async move {
            let d = api::devices::get(id).await?;
            api::devices::lookup(&d.serial_number, Some(&d.product)).await
        }
    });
    let (product, model, serial, asset, install, warranty, notes) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let category = RwSignal::new(String::new());
    let version = RwSignal::new(0u64);
    Effect::new(move |_| {
        if let Some(Ok(f)) = found.get() {
            let d = &f.device;
            product.set(d.product.clone());
            model.set(d.model.clone());
            serial.set(d.serial_number.clone());
            asset.set(d.asset_tag.clone());
            category.set(d.category.clone());
            install.set(d.install_date.map(|x| x.to_string()).unwrap_or_default());
            warranty.set(d.warranty_end.map(|x| x.to_string()).unwrap_or_default());
            notes.set(d.notes.clone());
            version.set(d.version);
        }
    });
    let error = RwSignal::new(None::<ApiProblem>);
    let save = crate::load::act(move |p: &DevicePatch| {
        let (p, id) = (p.clone(), id());
        async move { api::devices::update(id, &p).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => refresh.update(|n| *n += 1),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        save.dispatch(DevicePatch {
            version: version.get_untracked(),
            product: Some(product.get_untracked()),
            model: Some(model.get_untracked()),
            serial_number: Some(serial.get_untracked()),
            asset_tag: Some(asset.get_untracked()),
            category: Some(category.get_untracked()),
            install_date: install.get_untracked().parse().ok(),
            warranty_end: warranty.get_untracked().parse().ok(),
            notes: Some(notes.get_untracked()),
            ..Default::default()
        });
    };
    let editable = can_edit_devices();
    let attaches = use_auth().may(|w| permissions::attach_documents(w, AttachedTo::Device, false));
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(f) => {
                        let w = f.warranty;
                        let d = f.device.clone();
                        view! {
                            <section class="card">
                                <div class="row-between">
                                    <h1>{d.serial_number.clone()}</h1>
                                    <a class="button" href=format!("/labels?device_id={}", d.id) data-testid="device-label">{move || i.t("labels.print_one")}</a>
                                </div>
                                <p><a href=format!("/customers/{}", f.customer.id)>{f.customer.name.clone()}</a>{(!d.site.is_empty()).then(|| format!(" · {}", d.site))}</p>
                                <p data-testid="warranty-status" class=if w.in_warranty { "ok" } else { "bad" }>
                                    {move || if w.in_warranty { i.t("device.in_warranty") } else { i.t("device.out_of_warranty") }}
                                    {w.ends.map(|e| format!(" ({e})"))}
                                </p>
                                <form on:submit=submit class="grid-form">
                                    <fieldset class="plain" disabled=!editable>
                                        <label>{move || i.t("device.product")}<input bind:value=product/><span class="field-error">{err("product")}</span></label>
                                        <label>{move || i.t("device.model")}<input bind:value=model/><span class="field-error">{err("model")}</span></label>
                                        <label>{move || i.t("device.serial")}<input bind:value=serial/><span class="field-error">{err("serial_number")}</span></label>
                                        <label>{move || i.t("device.asset_tag")}<input bind:value=asset/><span class="field-error">{err("asset_tag")}</span></label>
                                        <label>{move || i.t("device.category")}<CategorySelect value=category/><span class="field-error">{err("category")}</span></label>
                                        <label>{move || i.t("device.install_date")}<input type="date" min=servicebook_shared::bounds::FIRST_DATE.to_string() max=servicebook_shared::bounds::LAST_DATE.to_string() bind:value=install/><span class="field-error">{err("install_date")}</span></label>
                                        <label>{move || i.t("device.warranty_end")}<input type="date" min=servicebook_shared::bounds::FIRST_DATE.to_string() max=servicebook_shared::bounds::LAST_DATE.to_string() bind:value=warranty/><span class="field-error">{err("warranty_end")}</span></label>
                                        <label class="span">{move || i.t("customer.notes")}<textarea rows="2" bind:value=notes></textarea><span class="field-error">{err("notes")}</span></label>
                                    </fieldset>
                                    {editable.then(|| view! { <button type="submit" class="primary" disabled=move || save.pending().get()>{move || i.t("common.save")}</button> })}
                                </form>
                                <FormError problem=error shown=&["product", "model", "serial_number", "asset_tag", "category", "install_date", "warranty_end", "notes"]/>
                            </section>
                            <section class="card">
                                <h2>{move || i.t("lookup.covering")}</h2>
                                {if f.contracts.is_empty() {
                                    view! { <p class="bad">{move || i.t("lookup.no_contract")}</p> }.into_any()
                                } else {
                                    f.contracts.into_iter().map(|c| view! { <ContractSummary contract=c/> }).collect_view().into_any()
                                }}
                            </section>
                            <RequestsOf of=Of::Device(d.id)/>
                            <RepairsOf of=RepairsOfWhom::Device(d.id)/>
                            <DeviceVisits device_id=d.id/>
                            <DeviceReadings device_id=d.id/>
                            <Documents record_type=AttachedTo::Device record_id=d.id editable=attaches refresh=docs/>
                            <History record_type="devices" record_id=d.id refresh=Signal::derive(move || refresh.get() + docs.get())
                                names=vec![(f.customer.id, f.customer.name.clone())]/>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}
