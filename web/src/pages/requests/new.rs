//! Taking a call: find the device by serial (or the customer by name or
//! phone), see at once what covers it and whether it is already being
//! handled, write down what is wrong and where, log it. Every field is
//! reachable with the keyboard; Enter in the serial box looks it up.

use super::intake_customer::{primary_contact, CustomerFinder};
use super::{local_input_to_utc, now, site_line, CoverageView};
use crate::api;
use crate::api::contracts::ContractQuery;
use crate::api::requests::RequestQuery;
use crate::components::error::{field_error, FieldError, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use servicebook_shared::contracts::Contract;
use servicebook_shared::coverage::{firm_today, DEFAULT_UTC_OFFSET_MINUTES};
use servicebook_shared::customers::{Customer, Site};
use servicebook_shared::devices::Device;
use servicebook_shared::requests::{
    default_site, device_name, intake_coverage, suggested_fault_level, NewRequest, ServiceRequest,
    Source, Urgency,
};
use servicebook_shared::{ApiProblem, ProblemCode};

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    let serial = RwSignal::new(String::new());
    let customer = RwSignal::new(None::<Customer>);
    let device = RwSignal::new(None::<Device>);
    let contracts = RwSignal::new(Vec::<Contract>::new());
    let site = RwSignal::new(None::<Site>);
    // The customer's requests still open (a second call about the same fault).
    let open = RwSignal::new(Vec::<ServiceRequest>::new());
    let contact = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let urgency = RwSignal::new(Urgency::Normal);
    let fault_level = RwSignal::new(suggested_fault_level(Urgency::Normal));
    // Once the desk picks a fault level itself, urgency no longer moves it.
    let fault_chosen = RwSignal::new(false);
    let source = RwSignal::new(Source::Phone);
    let received = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiProblem>);

    let load_open = move |customer_id: u64| {
        leptos::task::spawn_local(async move {
            let q = RequestQuery {
                customer_id: Some(customer_id),
                limit: Some(50),
                ..Default::default()
            };
            if let Ok(page) = api::requests::list(&q).await {
                _ = open.try_set(page.items.into_iter().filter(|r| !r.closed).collect());
            }
        });
    };
    let look_up = move || {
        let s = serial.get_untracked().trim().to_owned();
        if s.is_empty() {
            return;
        }
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::devices::lookup(&s, None).await {
                Ok(found) => {
                    contact.set(primary_contact(&found.customer));
                    site.set(default_site(
                        &found.customer.sites,
                        Some(&found.device.site),
                    ));
                    load_open(found.customer.id);
                    customer.set(Some(found.customer));
                    device.set(Some(found.device));
                    contracts.set(found.contracts);
                }
                Err(p) => error.set(Some(p)),
            }
        });
    };
    // A device is chosen by its serial: once the box no longer says that
    // serial (cleared, or being typed anew) the device is not sent.
    let forget_device = move || {
        let typed = serial.get_untracked().trim().to_lowercase();
        if device.with_untracked(|d| {
            d.as_ref()
                .is_some_and(|d| d.serial_number.to_lowercase() != typed)
        }) {
            device.set(None);
        }
        error.update(|p| crate::components::error::clear_field(p, "serial"));
    };
    let pick = move |c: Customer| {
        contact.set(primary_contact(&c));
        site.set(default_site(&c.sites, None));
        let id = c.id;
        load_open(id);
        customer.set(Some(c));
        device.set(None);
        leptos::task::spawn_local(async move {
            let query = ContractQuery {
                customer_id: Some(id),
                limit: Some(200),
                ..Default::default()
            };
            if let Ok(page) = api::contracts::list(&query).await {
                contracts.set(page.items);
            }
        });
    };
    // The same rule the server applies when the request is written.
    let coverage = Memo::new(move |_| {
        customer.with(Option::is_some).then(|| {
            let today = firm_today(now(), DEFAULT_UTC_OFFSET_MINUTES);
            let warranty = device.with(|d| d.as_ref().and_then(|d| d.warranty_end));
            contracts.with(|cs| intake_coverage(warranty, cs, today))
        })
    });
    let create = crate::load::act(move |body: &NewRequest| {
        let body = body.clone();
        async move { api::requests::create(&body).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(r)) => navigate(&format!("/requests/{}", r.id), Default::default()),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let Some(c) = customer.get_untracked() else {
            error.set(Some(
                ApiProblem::new(422, ProblemCode::Invalid, &i.t("request.pick_customer"), "")
                    .with_field("customer_id", i.t("request.pick_customer")),
            ));
            return;
        };
        create.dispatch(NewRequest {
            source: source.get_untracked(),
            customer_id: c.id,
            contact: contact.get_untracked(),
            device_id: device.get_untracked().map(|d| d.id),
            description: description.get_untracked(),
            urgency: urgency.get_untracked(),
            fault_level: fault_level.get_untracked(),
            site: site.get_untracked(),
            received_at: local_input_to_utc(&received.get_untracked()),
        });
    };
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    let urgencies = [
        (Urgency::Urgent, "urgency.urgent"),
        (Urgency::Important, "urgency.important"),
        (Urgency::Normal, "urgency.normal"),
    ];
    let sources = [
        (Source::Phone, "source.phone"),
        (Source::Email, "source.email"),
        (Source::Web, "source.web"),
        (Source::Inspection, "source.inspection"),
        (Source::FollowUp, "source.follow_up"),
    ];
    view! {
        <section class="card">
            <h1>{move || i.t("requests.new")}</h1>
            <div class="two">
                <label>{move || i.t("device.serial")}
                    <input type="search" autofocus bind:value=serial data-testid="intake-serial"
                        on:input=move |_| forget_device()
                        on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); look_up(); }/>
                    <span class="hint">{move || i.t("intake.serial_hint")}</span>
                </label>
                <CustomerFinder on_pick=pick/>
            </div>
            {move || customer.get().map(|c| view! {
                <p data-testid="intake-customer"><strong>{c.name.clone()}</strong>
                    {device.get().map(|d| format!(" · {}", device_name(&d.brand, &d.product, &d.model, &d.serial_number)))}</p>
            })}
            <OpenRequests open=open device=device/>
            {move || coverage.get().map(|c| view! { <CoverageView coverage=c/> })}
            <span class="field-error">{err("customer_id")}</span>
            <form on:submit=submit class="grid-form">
                <label class="span">{move || i.t("request.description")}
                    <textarea rows="3" bind:value=description data-testid="intake-description"></textarea>
                    <span class="field-error">{err("description")}</span></label>
                <fieldset class="plain span">
                    <legend>{move || i.t("request.urgency")}</legend>
                    <div class="segmented" role="radiogroup" aria-label=move || i.t("request.urgency")>
                        {urgencies.into_iter().map(|(u, key)| view! {
                            <label class="segment" class:selected=move || urgency.get() == u>
                                <input type="radio" name="urgency" data-testid=format!("intake-urgency-{key}")
                                    prop:checked=move || urgency.get() == u on:change=move |_| {
                                        urgency.set(u);
                                        if !fault_chosen.get_untracked() { fault_level.set(suggested_fault_level(u)); }
                                    }/>
                                <span>{move || i.t(key)}</span>
                            </label>
                        }).collect_view()}
                    </div>
                    <FieldError problem=error field="urgency"/>
                </fieldset>
                <label>{move || i.t("request.fault_level")}
                    <select data-testid="intake-fault-level" on:change=move |ev| {
                        fault_chosen.set(true);
                        fault_level.set(event_target_value(&ev).parse().unwrap_or(3));
                    } prop:value=move || fault_level.get().to_string()>
                        <option value="1">{move || i.t("fault.1")}</option>
                        <option value="2">{move || i.t("fault.2")}</option>
                        <option value="3">{move || i.t("fault.3")}</option>
                    </select>
                    <span class="hint" data-testid="intake-fault-hint">{move || i.t("intake.fault_hint")
                        .replace("{urgency}", &super::urgency_label(i, urgency.get()))
                        .replace("{level}", &i.t(&format!("fault.{}", suggested_fault_level(urgency.get()))))}</span>
                    <span class="field-error">{err("fault_level")}</span></label>
                <label>{move || i.t("request.source")}
                    <select on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some((s, _)) = sources.iter().find(|(_, k)| *k == v) { source.set(*s); }
                    }>
                        {sources.into_iter().map(|(_, key)| view! { <option value=key>{move || i.t(key)}</option> }).collect_view()}
                    </select></label>
                <label>{move || i.t("request.contact")}<input bind:value=contact/><span class="field-error">{err("contact")}</span></label>
                <SitePicker customer=customer site=site/>
                <span class="field-error span">{err("site")}</span>
                <label>{move || i.t("request.received_at")}<input type="datetime-local" bind:value=received/>
                    <span class="muted small">{move || i.t("request.received_hint")}</span><span class="field-error">{err("received_at")}</span></label>
                <div class="actions span">
                    <button type="submit" class="primary" disabled=move || create.pending().get() data-testid="intake-submit">{move || i.t("requests.log")}</button>
                    <a href="/requests">{move || i.t("common.cancel")}</a>
                </div>
            </form>
            <FormError problem=error shown=&["customer_id", "description", "urgency", "fault_level", "contact", "received_at", "site"]/>
        </section>
    }
}

/// Where the work is: one of the customer's sites (the device's by
/// default), its address under it; a customer without sites gets a box
/// for the address.
#[component]
fn SitePicker(customer: RwSignal<Option<Customer>>, site: RwSignal<Option<Site>>) -> impl IntoView {
    let i = use_i18n();
    let sites = move || customer.with(|c| c.as_ref().map(|c| c.sites.clone()).unwrap_or_default());
    view! {
        <Show when=move || customer.with(Option::is_some)>
            <label>{move || i.t("request.site")}
                {move || if sites().is_empty() {
                    view! {
                        <input data-testid="intake-site-address" placeholder=move || i.t("intake.site_address")
                            prop:value=move || site.with(|s| s.as_ref().map(|s| s.address.clone()).unwrap_or_default())
                            on:input=move |ev| site.set(Some(Site { name: String::new(), address: event_target_value(&ev) }))/>
                    }.into_any()
                } else {
                    let list = sites();
                    let choose = list.clone();
                    view! {
                        <select data-testid="intake-site" prop:value=move || site.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default())
                            on:change=move |ev| {
                                let name = event_target_value(&ev);
                                site.set(choose.iter().find(|s| s.name == name).cloned());
                            }>
                            {list.into_iter().map(|s| view! { <option value=s.name.clone()>{s.name.clone()}</option> }).collect_view()}
                        </select>
                        <span class="hint" data-testid="intake-site-line">{move || site.with(|s| s.as_ref().map(site_line).unwrap_or_default())}</span>
                    }.into_any()
                }}
            </label>
        </Show>
    }
}

/// A warning when the caller's customer (or device) already has a request
/// open: most second calls are about the same fault.
#[component]
fn OpenRequests(
    open: RwSignal<Vec<ServiceRequest>>,
    device: RwSignal<Option<Device>>,
) -> impl IntoView {
    let i = use_i18n();
    move || {
        let list = open.get();
        (!list.is_empty()).then(|| {
            let device_id = device.with(|d| d.as_ref().map(|d| d.id));
            view! {
                <div class="notice" data-testid="intake-open-requests">
                    <p>{move || i.t("intake.already_open")}</p>
                    <ul class="picks">
                        {list.into_iter().map(|r| {
                            let same_device = device_id.is_some() && r.device_id == device_id;
                            let words: String = r.description.chars().take(40).collect();
                            view! { <li>
                                <a href=format!("/requests/{}", r.id)>{r.number.clone()}</a>" · "{words}
                                {same_device.then(|| view! { " " <strong class="badge warn">{move || i.t("intake.same_device")}</strong> })}
                            </li> }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
