//! One customer: edit, its devices (add one), its contracts, its history.

use super::form::{CustomerFields, CustomerInputs, CUSTOMER_FIELDS};
use super::list::can_edit;
use crate::api;
use crate::api::contracts::ContractQuery;
use crate::auth::use_auth;
use crate::components::documents::Documents;
use crate::components::error::{field_error, ErrorView, FormError};
use crate::components::history::History;
use crate::components::requests_of::{Of, RequestsOf};
use crate::i18n::use_i18n;
use crate::pages::contracts::ContractRows;
use crate::pages::loaners::{LoansOf, LoansSection};
use crate::pages::repairs::of::{Of as RepairsOfWhom, RepairsOf};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::customers::{Customer, CustomerPatch};
use servicebook_shared::devices::{Device, NewDevice};
use servicebook_shared::files::AttachedTo;
use servicebook_shared::permissions;
use servicebook_shared::ApiProblem;

/// Whether the signed-in user creates and edits devices (reactive).
pub fn can_edit_devices() -> bool {
    use_auth().may(permissions::edit_devices)
}

#[component]
pub fn CustomerDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let fields = CustomerFields::new();
    let customer = RwSignal::new(None::<Customer>);
    let error = RwSignal::new(None::<ApiProblem>);
    let saved = RwSignal::new(false);
    let surveys_off = RwSignal::new(false);
    let refresh = RwSignal::new(0usize);
    let docs = RwSignal::new(0usize);
    let loaded = crate::load::load(move || {
        let id = id();
        api::customers::get(id)
    });
    Effect::new(move |_| match loaded.get() {
        Some(Ok(c)) => {
            fields.fill(&c);
            surveys_off.set(c.surveys_off);
            customer.set(Some(c));
        }
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let devices = crate::load::load(move || {
        let (id, _) = (id(), refresh.get());
        api::devices::all_of_customer(id)
    });
    let contracts = crate::load::load(move || {
        let id = id();
        let q = ContractQuery {
            customer_id: Some(id),
            limit: Some(500),
            ..Default::default()
        };
        async move { api::contracts::list(&q).await }
    });
    let save = crate::load::act(move |patch: &CustomerPatch| {
        let (patch, id) = (patch.clone(), id());
        async move { api::customers::update(id, &patch).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(c)) => {
            fields.fill(&c);
            surveys_off.set(c.surveys_off);
            customer.set(Some(c));
            saved.set(true);
            refresh.update(|n| *n += 1);
        }
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(false);
        let version = customer.with_untracked(|c| c.as_ref().map(|c| c.version).unwrap_or(0));
        save.dispatch(CustomerPatch {
            version,
            name: Some(fields.name.get_untracked()),
            industry: Some(fields.industry.get_untracked()),
            tier: Some(fields.tier()),
            notes: Some(fields.notes.get_untracked()),
            sales_owner_id: None,
            contacts: Some(fields.contacts()),
            sites: Some(fields.sites()),
            surveys_off: Some(surveys_off.get_untracked()),
        });
    };
    let editable = can_edit();
    view! {
        {move || customer.get().map(|c| view! {
            <section class="card">
                <h1 data-testid="customer-title">{c.name.clone()}</h1>
                <form on:submit=submit>
                    <CustomerInputs fields=fields error=error read_only=!editable/>
                    <label class="check"><input type="checkbox" data-testid="customer-surveys-off" disabled=!editable
                        prop:checked=move || surveys_off.get() on:change=move |ev| surveys_off.set(event_target_checked(&ev))/>
                        {move || i.t("customer.surveys_off")}</label>
                    {editable.then(|| view! {
                        <button type="submit" class="primary" disabled=move || save.pending().get()>{move || i.t("common.save")}</button>
                    })}
                </form>
                <Show when=move || saved.get()><p class="ok">{move || i.t("common.saved")}</p></Show>
                <FormError problem=error shown=CUSTOMER_FIELDS/>
            </section>
            <section class="card">
                <div class="row-between">
                    <h2>{move || i.t("customer.devices")}</h2>
                    <a class="button" href=format!("/labels?customer_id={}", c.id)>{move || i.t("labels.print_all")}</a>
                </div>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match devices.await {
                            Ok(list) => view! { <DeviceRows devices=list/> }.into_any(),
                            Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                        }
                    })}
                </Transition>
                {can_edit_devices().then(|| view! { <AddDevice customer=c.clone() on_added=move || refresh.update(|n| *n += 1)/> })}
            </section>
            <section class="card">
                <div class="row-between">
                    <h2>{move || i.t("customer.contracts")}</h2>
                    {use_auth().may(permissions::edit_contracts).then(|| view! { <a class="button" href=format!("/contracts/new?customer_id={}", c.id)>{move || i.t("contracts.new")}</a> })}
                </div>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match contracts.await {
                            Ok(page) => view! { <ContractRows contracts=page.items/> }.into_any(),
                            Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <RequestsOf of=Of::Customer(c.id)/>
            <LoansSection of=LoansOf::Customer(c.id)/>
            <RepairsOf of=RepairsOfWhom::Customer(c.id)/>
            <Documents record_type=AttachedTo::Customer record_id=c.id
                editable=use_auth().may(|w| permissions::attach_documents(w, AttachedTo::Customer, false)) refresh=docs/>
            <History record_type="customers" record_id=c.id refresh=Signal::derive(move || refresh.get() + docs.get())/>
        })}
        {move || (customer.with(Option::is_none) && error.with(Option::is_some)).then(|| error.get().map(|p| view! { <ErrorView problem=p/> }))}
    }
}

#[component]
pub fn DeviceRows(devices: Vec<Device>) -> impl IntoView {
    let i = use_i18n();
    if devices.is_empty() {
        return view! { <p class="muted">{move || i.t("customer.no_devices")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap"><table>
            <thead><tr>
                <th>{move || i.t("device.serial")}</th>
                <th>{move || i.t("device.product")}</th>
                <th class="hide-narrow">{move || i.t("device.site")}</th>
                <th>{move || i.t("device.warranty_end")}</th>
            </tr></thead>
            <tbody>
                {devices.into_iter().map(|d| view! { <tr>
                    <td><a href=format!("/devices/{}", d.id)>{d.serial_number.clone()}</a></td>
                    <td>{format!("{} {}", d.product, d.model)}</td>
                    <td class="hide-narrow">{d.site.clone()}</td>
                    <td>{d.warranty_end.map(|w| w.to_string()).unwrap_or_default()}</td>
                </tr> }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}

#[component]
fn AddDevice(customer: Customer, on_added: impl Fn() + Copy + 'static) -> impl IntoView {
    let i = use_i18n();
    let customer_id = customer.id;
    let product = RwSignal::new(String::new());
    let serial = RwSignal::new(String::new());
    let model = RwSignal::new(String::new());
    let site = RwSignal::new(
        customer
            .sites
            .first()
            .map(|s| s.name.clone())
            .unwrap_or_default(),
    );
    let install = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiProblem>);
    let add = crate::load::act(move |d: &NewDevice| {
        let d = d.clone();
        async move { api::devices::create(&d).await }
    });
    Effect::new(move |_| match add.value().get() {
        Some(Ok(_)) => {
            serial.set(String::new());
            error.set(None);
            on_added();
        }
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        add.dispatch(NewDevice {
            customer_id,
            site: site.get_untracked(),
            product: product.get_untracked(),
            model: model.get_untracked(),
            serial_number: serial.get_untracked(),
            category: category.get_untracked(),
            install_date: install.get_untracked().parse().ok(),
            ..Default::default()
        });
    };
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    view! {
        <details class="add">
            <summary>{move || i.t("device.add")}</summary>
            <form on:submit=submit class="grid-form">
                <label>{move || i.t("device.product")}<input required bind:value=product/><span class="field-error">{err("product")}</span></label>
                <label>{move || i.t("device.model")}<input bind:value=model/><span class="field-error">{err("model")}</span></label>
                <label>{move || i.t("device.serial")}<input required bind:value=serial/><span class="field-error">{err("serial_number")}</span></label>
                <label>{move || i.t("device.category")}<crate::components::categories::CategorySelect value=category/><span class="field-error">{err("category")}</span></label>
                <label>{move || i.t("device.site")}
                    <select bind:value=site>
                        <option value="">"—"</option>
                        {customer.sites.iter().map(|s| view! { <option value=s.name.clone()>{s.name.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label>{move || i.t("device.install_date")}<input type="date" min=servicebook_shared::bounds::FIRST_DATE.to_string() max=servicebook_shared::bounds::LAST_DATE.to_string() bind:value=install/><span class="field-error">{err("install_date")}</span></label>
                <button type="submit" class="primary" disabled=move || add.pending().get()>{move || i.t("device.add")}</button>
            </form>
            <FormError problem=error shown=&["product", "model", "serial_number", "category", "install_date"]/>
        </details>
    }
}
