//! Lending a unit: pick a unit on the shelf, find the customer, the
//! request whose repair the loan covers, the due date, and what goes out
//! with it. Saved, the loan opens for the customer's signature (in person
//! or by link). `?unit_id=`, `?customer_id=` and `?request_id=` prefill.

use super::unit::split_list;
use crate::api;
use crate::api::customers::CustomerQuery;
use crate::api::loaners::UnitQuery;
use crate::api::requests::RequestQuery;
use crate::components::error::{field_error, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use servicebook_shared::customers::Customer;
use servicebook_shared::loaners::{LoanerUnit, NewLoan, UnitStatus};
use servicebook_shared::requests::ServiceRequest;
use servicebook_shared::ApiProblem;

const FIELDS: &[&str] = &[
    "unit_id",
    "customer_id",
    "contact",
    "contact_phone",
    "request_id",
    "due_date",
    "condition",
    "accessories",
    "notes",
];

/// "Lenovo ThinkPad T14 20W0 · PF-3LN01": what the shelf's label says.
fn unit_label(u: &LoanerUnit) -> String {
    let name: Vec<&str> = [&u.brand, &u.product, &u.model]
        .into_iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    format!("{} · {}", name.join(" "), u.serial_number)
}

#[component]
pub fn LendPage() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let param =
        move |k: &str| query.with_untracked(|q| q.get(k).and_then(|v| v.parse::<u64>().ok()));
    let navigate = use_navigate();
    let error = RwSignal::new(None::<ApiProblem>);

    let units = RwSignal::new(Vec::<LoanerUnit>::new());
    let unit = RwSignal::new(None::<u64>);
    let customer = RwSignal::new(None::<Customer>);
    let requests = RwSignal::new(Vec::<ServiceRequest>::new());
    let request = RwSignal::new(None::<u64>);
    let (contact, phone, due, condition, extra, notes) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    // The chosen unit's accessories, each ticked when it goes out.
    let ticks = RwSignal::new(Vec::<(String, bool)>::new());

    let choose_unit = move |id: Option<u64>| {
        unit.set(id);
        let u = units.with_untracked(|us| us.iter().find(|u| Some(u.id) == id).cloned());
        ticks.set(
            u.as_ref()
                .map(|u| u.accessories.iter().map(|a| (a.clone(), true)).collect())
                .unwrap_or_default(),
        );
        condition.set(u.map(|u| u.condition).unwrap_or_default());
    };
    let choose_customer = move |c: Customer| {
        let primary = c
            .contacts
            .iter()
            .find(|k| k.primary)
            .or(c.contacts.first())
            .cloned();
        contact.set(primary.as_ref().map(|k| k.name.clone()).unwrap_or_default());
        phone.set(primary.map(|k| k.phone).unwrap_or_default());
        let id = c.id;
        customer.set(Some(c));
        leptos::task::spawn_local(async move {
            let q = RequestQuery {
                customer_id: Some(id),
                limit: Some(100),
                ..Default::default()
            };
            if let Ok(page) = api::requests::list(&q).await {
                let _ = requests.try_set(page.items);
            }
        });
    };
    // The shelf, and what the address names.
    leptos::task::spawn_local(async move {
        let q = UnitQuery {
            status: Some(UnitStatus::Available),
            limit: Some(500),
            ..Default::default()
        };
        if let Ok(page) = api::loaners::units(&q).await {
            if units.try_set(page.items).is_some() {
                return;
            }
            if let Some(u) = param("unit_id") {
                choose_unit(Some(u));
            }
        }
        let mut customer_id = param("customer_id");
        if let Some(r) = param("request_id") {
            if let Ok(r) = api::requests::get(r).await {
                customer_id = Some(r.customer_id);
                let _ = request.try_set(Some(r.id));
            }
        }
        if let Some(c) = customer_id {
            if let Ok(c) = api::customers::get(c).await {
                choose_customer(c);
            }
        }
    });

    let search = RwSignal::new(String::new());
    let matches = RwSignal::new(Vec::<Customer>::new());
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
            if let Ok(page) = api::customers::list(&query).await {
                let _ = matches.try_set(page.items);
            }
        });
    };

    let lend = crate::load::act(|body: &NewLoan| {
        let body = body.clone();
        async move { api::loaners::lend(&body).await }
    });
    Effect::new(move |_| match lend.value().get() {
        Some(Ok(loan)) => navigate(&format!("/loaners/loans/{}", loan.id), Default::default()),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let mut missing = ApiProblem::new(
            422,
            servicebook_shared::ProblemCode::Invalid,
            &i.t("loaners.fill_in"),
            "",
        );
        if unit.get_untracked().is_none() {
            missing = missing.with_field("unit_id", i.t("loaners.pick_unit"));
        }
        if customer.with_untracked(Option::is_none) {
            missing = missing.with_field("customer_id", i.t("loaners.pick_customer"));
        }
        let due_date = due.get_untracked().parse().ok();
        if due_date.is_none() {
            missing = missing.with_field("due_date", i.t("loaners.pick_due"));
        }
        let (Some(unit_id), Some(c), Some(due_date)) =
            (unit.get_untracked(), customer.get_untracked(), due_date)
        else {
            error.set(Some(missing));
            return;
        };
        let mut accessories: Vec<String> = ticks
            .get_untracked()
            .into_iter()
            .filter_map(|(a, on)| on.then_some(a))
            .collect();
        accessories.extend(split_list(&extra.get_untracked()));
        lend.dispatch(NewLoan {
            unit_id,
            customer_id: c.id,
            contact: contact.get_untracked(),
            contact_phone: phone.get_untracked(),
            request_id: request.get_untracked(),
            repair_id: None,
            due_date,
            condition: condition.get_untracked(),
            accessories: Some(accessories),
            notes: notes.get_untracked(),
            lent_at: None,
        });
    };
    let err = move |name: &'static str| move || error.with(|p| field_error(p, name));
    view! {
        <section class="card">
            <h1>{move || i.t("loaners.lend_title")}</h1>
            <form on:submit=submit class="grid-form" data-testid="lend-form">
                <label class="span">{move || i.t("loaners.unit")}
                    <select data-testid="lend-unit" on:change=move |ev| choose_unit(event_target_value(&ev).parse().ok())>
                        <option value="" prop:selected=move || unit.get().is_none()>{move || i.t("loaners.pick_unit")}</option>
                        {move || units.get().into_iter().map(|u| {
                            let id = u.id;
                            view! {
                                <option value=id.to_string() prop:selected=move || unit.get() == Some(id)>{unit_label(&u)}</option>
                            }
                        }).collect_view()}
                    </select>
                    <span class="field-error">{err("unit_id")}</span>
                </label>
                <label class="span">{move || i.t("loaners.customer")}
                    {move || match customer.get() {
                        Some(c) => view! {
                            <span class="chip" data-testid="lend-customer">{c.name.clone()}
                                <button type="button" class="link" aria-label=move || i.t("common.remove")
                                    on:click=move |_| { customer.set(None); requests.set(Vec::new()); request.set(None); }>"×"</button></span>
                        }.into_any(),
                        None => view! {
                            <input type="search" bind:value=search data-testid="lend-customer-search" placeholder=move || i.t("loaners.customer_search")
                                on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); find(); }
                                on:change=move |_| find()/>
                        }.into_any(),
                    }}
                    <span class="field-error">{err("customer_id")}</span>
                </label>
                {move || (customer.with(Option::is_none) && !matches.with(Vec::is_empty)).then(|| view! {
                    <ul class="picks span" data-testid="lend-customer-matches">
                        {matches.get().into_iter().map(|c| {
                            let label = c.name.clone();
                            view! { <li><button type="button" class="link" on:click=move |_| { matches.set(Vec::new()); choose_customer(c.clone()); }>{label}</button></li> }
                        }).collect_view()}
                    </ul>
                })}
                <label>{move || i.t("loaners.contact")}<input data-testid="lend-contact" bind:value=contact/><span class="field-error">{err("contact")}</span></label>
                <label>{move || i.t("loaners.contact_phone")}<input type="tel" data-testid="lend-phone" bind:value=phone/><span class="field-error">{err("contact_phone")}</span></label>
                <label>{move || i.t("loaners.request")}
                    <select data-testid="lend-request" on:change=move |ev| request.set(event_target_value(&ev).parse().ok())>
                        <option value="" prop:selected=move || request.get().is_none()>{move || i.t("loaners.no_request")}</option>
                        {move || requests.get().into_iter().map(|r| {
                            let id = r.id;
                            let text: String = format!("{} {}", r.number, r.description.chars().take(40).collect::<String>());
                            view! { <option value=id.to_string() prop:selected=move || request.get() == Some(id)>{text}</option> }
                        }).collect_view()}
                    </select>
                    <span class="field-error">{err("request_id")}</span>
                </label>
                <label>{move || i.t("loaners.due_date")}<input type="date" data-testid="lend-due" bind:value=due/><span class="field-error">{err("due_date")}</span></label>
                <label class="span">{move || i.t("loaners.condition_out")}<input data-testid="lend-condition" bind:value=condition/><span class="field-error">{err("condition")}</span></label>
                <fieldset class="span plain">
                    <legend>{move || i.t("loaners.accessories_out")}</legend>
                    <div class="checks" data-testid="lend-accessories">
                        {move || ticks.get().into_iter().enumerate().map(|(n, (a, on))| view! {
                            <label><input type="checkbox" prop:checked=on
                                on:change=move |ev| ticks.update(|t| t[n].1 = event_target_checked(&ev))/>{a}</label>
                        }).collect_view()}
                    </div>
                    <input data-testid="lend-extra" bind:value=extra placeholder=move || i.t("loaners.more_accessories")/>
                    <span class="field-error">{err("accessories")}</span>
                </fieldset>
                <label class="span">{move || i.t("loaners.notes")}<textarea rows="2" bind:value=notes></textarea><span class="field-error">{err("notes")}</span></label>
                <button type="submit" class="primary" data-testid="lend-submit" disabled=move || lend.pending().get()>{move || i.t("loaners.lend_and_sign")}</button>
            </form>
            <FormError problem=error shown=FIELDS/>
        </section>
    }
}
