//! The repair counter: scan or type the serial, see at once what covers the
//! device, tick the accessories handed in, write down the fault and the
//! condition, take it in — then print the claim voucher. A device not in
//! the archive is added on the spot (the archive's own device create).

use super::keep_code;
use crate::api;
use crate::api::customers::CustomerQuery;
use crate::api::repairs::RepairQuery;
use crate::api::requests::RequestQuery;
use crate::components::error::{field_error, FormError};
use crate::i18n::{use_i18n, Lang};
use crate::pages::requests::{now, CoverageView};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use servicebook_shared::coverage::{firm_today, DEFAULT_UTC_OFFSET_MINUTES};
use servicebook_shared::customers::Customer;
use servicebook_shared::devices::{DeviceLookup, NewDevice};
use servicebook_shared::repairs::{Accessory, AccessoryItem, Arrival, NewRepair};
use servicebook_shared::requests::intake_coverage;
use servicebook_shared::{ApiProblem, ProblemCode};

#[component]
pub fn RepairIntakePage() -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    let serial = RwSignal::new(String::new());
    let found = RwSignal::new(None::<DeviceLookup>);
    let unknown = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiProblem>);
    let brought_by = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let arrival = RwSignal::new(Arrival::Counter);
    let ticked: Vec<(Accessory, RwSignal<bool>)> = Accessory::ALL
        .into_iter()
        .map(|a| (a, RwSignal::new(false)))
        .collect();
    let others = RwSignal::new(String::new());
    let condition = RwSignal::new(String::new());
    let fault = RwSignal::new(String::new());
    let request = RwSignal::new(String::new());

    let show = move |f: DeviceLookup| {
        if let Some(c) = f
            .customer
            .contacts
            .iter()
            .find(|c| c.primary)
            .or(f.customer.contacts.first())
        {
            brought_by.set(c.name.clone());
            phone.set(c.phone.clone());
        }
        unknown.set(false);
        found.set(Some(f));
    };
    let look_up = move || {
        let s = serial.get_untracked().trim().to_owned();
        if s.is_empty() {
            return;
        }
        error.set(None);
        found.set(None);
        leptos::task::spawn_local(async move {
            match api::devices::lookup(&s, None).await {
                Ok(f) => show(f),
                Err(p) if p.is(ProblemCode::NotFound) => {
                    let _ = unknown.try_set(true);
                }
                Err(p) => {
                    let _ = error.try_set(Some(p));
                }
            }
        });
    };
    let coverage = Memo::new(move |_| {
        found.with(|f| {
            f.as_ref().map(|f| {
                let today = firm_today(now(), DEFAULT_UTC_OFFSET_MINUTES);
                intake_coverage(f.device.warranty_end, &f.contracts, today)
            })
        })
    });
    // The customer's open requests, to link the repair to one.
    let requests = crate::load::load(move || {
        let customer = found.with(|f| f.as_ref().map(|f| f.customer.id));
        async move {
            match customer {
                Some(c) => api::requests::list(&RequestQuery {
                    customer_id: Some(c),
                    limit: Some(50),
                    ..Default::default()
                })
                .await
                .map(|p| {
                    p.items
                        .into_iter()
                        .filter(|r| !r.closed)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    // A device already with the firm is not taken in twice: say where it is.
    let in_repair = crate::load::load(move || {
        let device = found.with(|f| f.as_ref().map(|f| f.device.id));
        async move {
            match device {
                Some(d) => api::repairs::list(&RepairQuery {
                    device_id: Some(d),
                    open: Some(true),
                    ..Default::default()
                })
                .await
                .map(|p| p.items)
                .unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    let create = crate::load::act(move |body: &NewRepair| {
        let body = body.clone();
        async move { api::repairs::create(&body).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(taken)) => {
            keep_code(taken.repair.id, &taken.voucher_code);
            navigate(
                &format!("/repairs/{}/voucher", taken.repair.id),
                Default::default(),
            );
        }
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let ticks = ticked.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let Some(device) = found.with_untracked(|f| f.as_ref().map(|f| f.device.id)) else {
            error.set(Some(
                ApiProblem::new(
                    422,
                    ProblemCode::Invalid,
                    &i.t("repairs.find_device_first"),
                    "",
                )
                .with_field("device_id", i.t("repairs.find_device_first")),
            ));
            return;
        };
        let mut accessories: Vec<AccessoryItem> = ticks
            .iter()
            .filter(|(_, on)| on.get_untracked())
            .map(|(a, _)| AccessoryItem {
                standard: Some(*a),
                text: String::new(),
            })
            .collect();
        accessories.extend(
            others
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| AccessoryItem {
                    standard: None,
                    text: l.to_owned(),
                }),
        );
        create.dispatch(NewRepair {
            device_id: device,
            arrival: arrival.get_untracked(),
            brought_by: brought_by.get_untracked(),
            contact_phone: phone.get_untracked(),
            accessories,
            condition: condition.get_untracked(),
            fault: fault.get_untracked(),
            request_id: request.get_untracked().parse().ok(),
        });
    };
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    view! {
        <section class="card form">
            <h1>{move || i.t("repairs.intake_title")}</h1>
            <label>{move || i.t("device.serial")}
                <input type="search" autofocus enterkeyhint="search" bind:value=serial data-testid="repair-serial"
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); look_up(); }/>
            </label>
            <button type="button" data-testid="repair-look-up" on:click=move |_| look_up()>{move || i.t("repairs.look_up")}</button>
            {move || found.get().map(|f| view! {
                <p data-testid="repair-device"><strong>{f.customer.name.clone()}</strong>
                    {format!(" · {} {} {} · {}", f.device.brand, f.device.product, f.device.model, f.device.serial_number)}</p>
            })}
            {move || coverage.get().map(|c| view! { <CoverageView coverage=c/> })}
            {move || in_repair.get().unwrap_or_default().into_iter().map(|r| view! {
                <p class="bad" data-testid="repair-already-in">{move || i.t("repairs.already_in")}" "
                    <a href=format!("/repairs/{}", r.id)>{r.number.clone()}</a></p>
            }).collect_view()}
            {move || unknown.get().then(|| view! { <AddDevice serial=serial on_added=Callback::new(show)/> })}
            <span class="field-error">{err("device_id")}</span>
        </section>
        <form on:submit=submit class="card form" data-testid="repair-form">
            <fieldset class="plain">
                <legend>{move || i.t("repairs.arrival")}</legend>
                <div class="segmented" role="radiogroup">
                    {[(Arrival::Counter, "repairs.arrival_counter"), (Arrival::Shipped, "repairs.arrival_shipped")].into_iter().map(|(a, key)| view! {
                        <label class="segment" class:selected=move || arrival.get() == a>
                            <input type="radio" name="arrival" prop:checked=move || arrival.get() == a on:change=move |_| arrival.set(a)/>
                            <span>{move || i.t(key)}</span>
                        </label>
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="row-fields">
                <label>{move || i.t("repairs.brought_by")}<input bind:value=brought_by data-testid="repair-brought-by"/>
                    <span class="field-error">{err("brought_by")}</span></label>
                <label>{move || i.t("repairs.contact_phone")}<input type="tel" bind:value=phone/>
                    <span class="field-error">{err("contact_phone")}</span></label>
            </div>
            <fieldset>
                <legend>{move || i.t("repairs.accessories")}</legend>
                <div class="checks">
                    {ticked.into_iter().map(|(a, on)| view! {
                        <label class="check"><input type="checkbox" bind:checked=on data-testid=format!("acc-{}", a.as_str())/>
                            {move || if i.lang.get() == Lang::Zh { a.zh() } else { a.en() }}</label>
                    }).collect_view()}
                </div>
                <label>{move || i.t("repairs.other_accessories")}
                    <textarea rows="2" bind:value=others data-testid="repair-other-accessories"></textarea></label>
                <span class="field-error">{err("accessories")}</span>
            </fieldset>
            <label>{move || i.t("repairs.fault")}<textarea rows="3" bind:value=fault data-testid="repair-fault"></textarea>
                <span class="field-error">{err("fault")}</span></label>
            <label>{move || i.t("repairs.condition")}<textarea rows="2" bind:value=condition data-testid="repair-condition"></textarea>
                <span class="muted small">{move || i.t("repairs.photos_hint")}</span>
                <span class="field-error">{err("condition")}</span></label>
            <label>{move || i.t("repairs.request")}
                <select on:change=move |ev| request.set(event_target_value(&ev))>
                    <option value="">{move || i.t("repairs.no_request")}</option>
                    {move || requests.get().map(|rs| rs.into_iter().map(|r| {
                        let label = format!("{} · {}", r.number, r.description.chars().take(40).collect::<String>());
                        view! { <option value=r.id.to_string()>{label}</option> }
                    }).collect_view())}
                </select><span class="field-error">{err("request_id")}</span></label>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || create.pending().get() data-testid="repair-submit">{move || i.t("repairs.take_in")}</button>
                <a href="/repairs">{move || i.t("common.cancel")}</a>
            </div>
            <FormError problem=error shown=&["device_id", "brought_by", "contact_phone", "accessories", "fault", "condition", "request_id"]/>
        </form>
    }
}

/// A device not in the archive, added on the spot: its customer (found by
/// name or phone), product line and serial.
#[component]
fn AddDevice(serial: RwSignal<String>, on_added: Callback<DeviceLookup>) -> impl IntoView {
    let i = use_i18n();
    let search = RwSignal::new(String::new());
    let matches = RwSignal::new(Vec::<Customer>::new());
    let customer = RwSignal::new(None::<Customer>);
    let product = RwSignal::new(String::new());
    let brand = RwSignal::new(String::new());
    let model = RwSignal::new(String::new());
    let warranty = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiProblem>);
    let find = move || {
        let q = search.get_untracked().trim().to_owned();
        if q.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let query = CustomerQuery {
                q: Some(q),
                limit: Some(10),
                ..Default::default()
            };
            match api::customers::list(&query).await {
                Ok(p) => {
                    let _ = matches.try_set(p.items);
                }
                Err(p) => {
                    let _ = error.try_set(Some(p));
                }
            }
        });
    };
    let add = move |_| {
        error.set(None);
        let Some(c) = customer.get_untracked() else {
            error.set(Some(
                ApiProblem::new(422, ProblemCode::Invalid, &i.t("request.pick_customer"), "")
                    .with_field("customer_id", i.t("request.pick_customer")),
            ));
            return;
        };
        let body = NewDevice {
            customer_id: c.id,
            product: product.get_untracked(),
            brand: brand.get_untracked(),
            model: model.get_untracked(),
            serial_number: serial.get_untracked(),
            warranty_end: warranty.get_untracked().parse().ok(),
            ..Default::default()
        };
        leptos::task::spawn_local(async move {
            let done = async {
                let d = api::devices::create(&body).await?;
                api::devices::lookup(&d.serial_number, Some(&d.product)).await
            };
            match done.await {
                Ok(f) => on_added.run(f),
                Err(p) => {
                    let _ = error.try_set(Some(p));
                }
            }
        });
    };
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    view! {
        <div class="summary" data-testid="repair-add-device">
            <p class="bad">{move || i.t("repairs.not_in_archive")}</p>
            <label>{move || i.t("request.find_customer")}
                <input type="search" bind:value=search data-testid="repair-customer-search"
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); find(); }/></label>
            <ul class="picks">
                {move || matches.get().into_iter().map(|c| {
                    let name = c.name.clone();
                    view! { <li><button type="button" class="link" on:click=move |_| { customer.set(Some(c.clone())); matches.set(Vec::new()); }>{name}</button></li> }
                }).collect_view()}
            </ul>
            {move || customer.get().map(|c| view! { <p><strong>{c.name}</strong></p> })}
            <span class="field-error">{err("customer_id")}</span>
            <div class="row-fields">
                <label>{move || i.t("device.product")}<input bind:value=product data-testid="repair-new-product"/>
                    <span class="field-error">{err("product")}</span></label>
                <label>{move || i.t("repairs.brand")}<input bind:value=brand/></label>
                <label>{move || i.t("device.model")}<input bind:value=model/></label>
                <label>{move || i.t("device.warranty_end")}<input type="date" bind:value=warranty/>
                    <span class="field-error">{err("warranty_end")}</span></label>
            </div>
            <span class="field-error">{err("serial_number")}</span>
            <button type="button" on:click=add data-testid="repair-add-device-submit">{move || i.t("repairs.add_device")}</button>
            <FormError problem=error shown=&["customer_id", "product", "warranty_end", "serial_number"]/>
        </div>
    }
}
