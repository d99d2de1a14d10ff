//! Customers: search by name, contact or phone digits; new customer.

use super::form::{CustomerFields, CustomerInputs, CUSTOMER_FIELDS};
use crate::api;
use crate::api::customers::CustomerQuery;
use crate::auth::use_auth;
use crate::components::error::{ErrorView, FormError};
use crate::components::filters::href;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use servicebook_shared::customers::{NewCustomer, Tier};
use servicebook_shared::permissions;
use servicebook_shared::ApiProblem;

/// Whether the signed-in user creates and edits customers (reactive).
pub fn can_edit() -> bool {
    use_auth().may(permissions::edit_customers)
}

#[component]
pub fn CustomerList() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let q = RwSignal::new(query.with_untracked(|m| m.get("q").unwrap_or_default()));
    let query_of = move || {
        let q = query.with(|m| m.get("q").unwrap_or_default());
        CustomerQuery {
            q: (!q.is_empty()).then_some(q),
            limit: Some(100),
            ..Default::default()
        }
    };
    let customers = crate::load::load(move || {
        let query = query_of();
        async move { api::customers::list(&query).await }
    });
    let export_filters = Signal::derive(move || crate::components::export::filters_of(&query_of()));
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        navigate(
            &href("/customers", &[("q", q.get_untracked())]),
            Default::default(),
        );
    };
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("customers.title")}</h1>
                <span class="row">
                    <crate::components::export::ExportLinks path="/api/customers/export" filters=export_filters testid="customers-export"/>
                    <Show when=can_edit><a class="button primary" href="/customers/new" data-testid="customers-new">{move || i.t("customers.new")}</a></Show>
                </span>
            </div>
            <form class="filters" on:submit=search>
                <input type="search" bind:value=q placeholder=move || i.t("customers.search") data-testid="customers-search"/>
                <button type="submit">{move || i.t("common.search")}</button>
            </form>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match customers.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">{move || i.t("customers.none")}</p> }.into_any(),
                        Ok(page) => view! {
                            <div class="table-wrap"><table data-testid="customers-table">
                                <thead><tr>
                                    <th>{move || i.t("customer.name")}</th>
                                    <th class="hide-narrow">{move || i.t("customer.industry")}</th>
                                    <th>{move || i.t("customer.primary_contact")}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|c| {
                                        let contact = c.contacts.iter().find(|x| x.primary).or(c.contacts.first()).map(|x| format!("{} {}", x.name, x.phone)).unwrap_or_default();
                                        let key = c.tier == Tier::Key;
                                        view! { <tr>
                                            <td><a href=format!("/customers/{}", c.id)>{c.name.clone()}</a>
                                                {key.then(|| view! { " " <span class="badge warn">{move || i.t("tier.key")}</span> })}</td>
                                            <td class="hide-narrow">{c.industry.clone()}</td>
                                            <td>{contact}</td>
                                        </tr> }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn NewCustomerPage() -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    let fields = CustomerFields::new();
    let error = RwSignal::new(None::<ApiProblem>);
    let create = crate::load::act(move |body: &NewCustomer| {
        let body = body.clone();
        async move { api::customers::create(&body).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(c)) => navigate(&format!("/customers/{}", c.id), Default::default()),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        create.dispatch(NewCustomer {
            name: fields.name.get_untracked(),
            industry: fields.industry.get_untracked(),
            tier: fields.tier(),
            notes: fields.notes.get_untracked(),
            sales_owner_id: None,
            contacts: fields.contacts(),
            sites: fields.sites(),
        });
    };
    view! {
        <section class="card">
            <h1>{move || i.t("customers.new")}</h1>
            <form on:submit=submit>
                <CustomerInputs fields=fields error=error/>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || create.pending().get() data-testid="customer-save">{move || i.t("common.save")}</button>
                    <a href="/customers">{move || i.t("common.cancel")}</a>
                </div>
            </form>
            <FormError problem=error shown=CUSTOMER_FIELDS/>
        </section>
    }
}
