//! Finding the caller's customer at intake: results appear under the box
//! while typing (after a short pause, so a fast typist sends one search);
//! when nothing matches, the desk may create the customer on the spot —
//! a first-time caller is not asked to wait for sales.

use crate::api;
use crate::api::customers::CustomerQuery;
use crate::components::error::{FieldError, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::customers::{Contact, Customer, NewCustomer, Site};
use servicebook_shared::{permissions, ApiProblem};

/// How long typing must pause before the search runs.
const PAUSE_MS: u64 = 300;

pub fn primary_contact(c: &Customer) -> String {
    c.contacts
        .iter()
        .find(|x| x.primary)
        .or(c.contacts.first())
        .map(|x| format!("{} {}", x.name, x.phone).trim().to_owned())
        .unwrap_or_default()
}

#[component]
pub fn CustomerFinder(#[prop(into)] on_pick: Callback<Customer>) -> impl IntoView {
    let i = use_i18n();
    let may_create = crate::auth::use_auth().may(permissions::create_customers);
    let query = RwSignal::new(String::new());
    // The results and the words they are for (None: nothing searched yet).
    let found = RwSignal::new(None::<(String, Vec<Customer>)>);
    let generation = RwSignal::new(0u32);
    let creating = RwSignal::new(false);
    let problem = RwSignal::new(None::<ApiProblem>);

    let search = move |q: String| {
        leptos::task::spawn_local(async move {
            let query = CustomerQuery {
                q: Some(q.clone()),
                limit: Some(10),
                ..Default::default()
            };
            match api::customers::list(&query).await {
                Ok(page) => _ = found.try_set(Some((q, page.items))),
                Err(p) => _ = problem.try_set(Some(p)),
            }
        });
    };
    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        query.set(q.clone());
        creating.set(false);
        let g = generation.get_untracked().wrapping_add(1);
        generation.set(g);
        let q = q.trim().to_owned();
        if q.is_empty() {
            found.set(None);
            return;
        }
        set_timeout(
            move || {
                // A later keystroke scheduled its own search; the page may be gone.
                if generation.try_get_untracked() == Some(g) {
                    search(q);
                }
            },
            std::time::Duration::from_millis(PAUSE_MS),
        );
    };
    let pick = move |c: Customer| {
        found.set(None);
        query.set(String::new());
        creating.set(false);
        on_pick.run(c);
    };

    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let create = crate::load::act(move |body: &NewCustomer| {
        let body = body.clone();
        async move { api::customers::create(&body).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(c)) => pick(c),
        Some(Err(p)) => problem.set(Some(p)),
        None => {}
    });
    let submit = move |_| {
        problem.set(None);
        let address = address.get_untracked().trim().to_owned();
        create.dispatch(NewCustomer {
            name: name.get_untracked().trim().to_owned(),
            contacts: vec![Contact {
                name: contact.get_untracked().trim().to_owned(),
                phone: phone.get_untracked().trim().to_owned(),
                primary: true,
                ..Default::default()
            }],
            sites: if address.is_empty() {
                Vec::new()
            } else {
                vec![Site {
                    name: i.t("intake.main_site"),
                    address,
                }]
            },
            ..Default::default()
        });
    };
    let start_creating = move |_| {
        name.set(query.get_untracked().trim().to_owned());
        creating.set(true);
    };

    view! {
        <div class="customer-finder">
            <label>{move || i.t("request.find_customer")}
                <input type="search" prop:value=move || query.get() on:input=on_input autocomplete="off"
                    data-testid="intake-customer-search"/>
                <span class="hint">{move || i.t("intake.search_hint")}</span>
            </label>
            {move || found.get().map(|(q, list)| if list.is_empty() {
                view! {
                    <p class="notice" data-testid="intake-no-match">{i.t("intake.no_match").replace("{q}", &q)}" "
                        {may_create.then(|| view! {
                            <button type="button" class="link" data-testid="intake-create-customer" on:click=start_creating>{move || i.t("intake.create_customer")}</button>
                        })}</p>
                }.into_any()
            } else {
                view! {
                    <ul class="picks" data-testid="intake-matches">
                        {list.into_iter().map(|c| {
                            let label = format!("{} · {}", c.name, primary_contact(&c));
                            view! { <li><button type="button" class="link" on:click=move |_| pick(c.clone())>{label}</button></li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <Show when=move || creating.get()>
                <fieldset class="new-customer" data-testid="intake-new-customer">
                    <legend>{move || i.t("intake.new_customer")}</legend>
                    <div class="two">
                        <label>{move || i.t("customer.name")}<input bind:value=name data-testid="new-customer-name"/>
                            <FieldError problem=problem field="name"/></label>
                        <label>{move || i.t("intake.contact_name")}<input bind:value=contact data-testid="new-customer-contact"/></label>
                        <label>{move || i.t("intake.phone")}<input type="tel" bind:value=phone data-testid="new-customer-phone"/></label>
                        <label>{move || i.t("intake.site_address")}<input bind:value=address data-testid="new-customer-address"/></label>
                    </div>
                    <div class="actions">
                        <button type="button" class="primary" on:click=submit disabled=move || create.pending().get()
                            data-testid="new-customer-save">{move || i.t("intake.create_and_use")}</button>
                        <button type="button" class="link" on:click=move |_| creating.set(false)>{move || i.t("common.cancel")}</button>
                    </div>
                    <FormError problem=problem shown=&["name"]/>
                </fieldset>
            </Show>
        </div>
    }
}
