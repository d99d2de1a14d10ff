//! The customer form (create and edit): contacts and sites as editable rows.

use crate::components::error::{field_error, row_errors};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::customers::{Contact, Customer, Site, Tier};
use servicebook_shared::ApiProblem;

/// The fields the form shows errors for next to their inputs.
pub const CUSTOMER_FIELDS: &[&str] = &["name", "industry", "tier", "contacts", "sites", "notes"];

#[derive(Clone, Copy)]
pub struct ContactRow {
    key: usize,
    name: RwSignal<String>,
    phone: RwSignal<String>,
    email: RwSignal<String>,
    primary: RwSignal<bool>,
}

#[derive(Clone, Copy)]
pub struct SiteRow {
    key: usize,
    name: RwSignal<String>,
    address: RwSignal<String>,
}

/// The form's state; rows keep their own signals so typing in one does not
/// redraw the others.
#[derive(Clone, Copy)]
pub struct CustomerFields {
    pub name: RwSignal<String>,
    pub industry: RwSignal<String>,
    pub tier: RwSignal<String>,
    pub notes: RwSignal<String>,
    contacts: RwSignal<Vec<ContactRow>>,
    sites: RwSignal<Vec<SiteRow>>,
    next_key: StoredValue<usize>,
}

impl CustomerFields {
    pub fn new() -> Self {
        let f = CustomerFields {
            name: RwSignal::new(String::new()),
            industry: RwSignal::new(String::new()),
            tier: RwSignal::new("normal".into()),
            notes: RwSignal::new(String::new()),
            contacts: RwSignal::new(Vec::new()),
            sites: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
        };
        f.add_contact(Contact::default());
        f
    }

    fn key(&self) -> usize {
        let k = self.next_key.get_value();
        self.next_key.set_value(k + 1);
        k
    }

    pub fn add_contact(&self, c: Contact) {
        let row = ContactRow {
            key: self.key(),
            name: RwSignal::new(c.name),
            phone: RwSignal::new(c.phone),
            email: RwSignal::new(c.email),
            primary: RwSignal::new(c.primary),
        };
        self.contacts.update(|v| v.push(row));
    }

    pub fn add_site(&self, s: Site) {
        let row = SiteRow {
            key: self.key(),
            name: RwSignal::new(s.name),
            address: RwSignal::new(s.address),
        };
        self.sites.update(|v| v.push(row));
    }

    pub fn fill(&self, c: &Customer) {
        self.name.set(c.name.clone());
        self.industry.set(c.industry.clone());
        self.tier
            .set(if c.tier == Tier::Key { "key" } else { "normal" }.into());
        self.notes.set(c.notes.clone());
        self.contacts.set(Vec::new());
        self.sites.set(Vec::new());
        c.contacts.iter().cloned().for_each(|x| self.add_contact(x));
        c.sites.iter().cloned().for_each(|x| self.add_site(x));
    }

    pub fn tier(&self) -> Tier {
        if self.tier.get_untracked() == "key" {
            Tier::Key
        } else {
            Tier::Normal
        }
    }

    /// Rows left entirely empty are dropped.
    pub fn contacts(&self) -> Vec<Contact> {
        self.contacts
            .get_untracked()
            .iter()
            .map(|r| Contact {
                name: r.name.get_untracked(),
                phone: r.phone.get_untracked(),
                email: r.email.get_untracked(),
                primary: r.primary.get_untracked(),
            })
            .filter(|c| {
                !(c.name.trim().is_empty()
                    && c.phone.trim().is_empty()
                    && c.email.trim().is_empty())
            })
            .collect()
    }

    /// A row's place in what is sent (empty rows are left out), which is
    /// how the server names its errors (`contacts[2].phone`).
    fn contact_index(&self, key: usize) -> Option<usize> {
        self.contacts.with(|rows| {
            rows.iter()
                .filter(|r| {
                    !(r.name.get().trim().is_empty()
                        && r.phone.get().trim().is_empty()
                        && r.email.get().trim().is_empty())
                })
                .position(|r| r.key == key)
        })
    }

    fn site_index(&self, key: usize) -> Option<usize> {
        self.sites.with(|rows| {
            rows.iter()
                .filter(|r| !(r.name.get().trim().is_empty() && r.address.get().trim().is_empty()))
                .position(|r| r.key == key)
        })
    }

    pub fn sites(&self) -> Vec<Site> {
        self.sites
            .get_untracked()
            .iter()
            .map(|r| Site {
                name: r.name.get_untracked(),
                address: r.address.get_untracked(),
            })
            .filter(|s| !(s.name.trim().is_empty() && s.address.trim().is_empty()))
            .collect()
    }
}

#[component]
pub fn CustomerInputs(
    fields: CustomerFields,
    error: RwSignal<Option<ApiProblem>>,
    #[prop(optional)] read_only: bool,
) -> impl IntoView {
    let i = use_i18n();
    let err = move |f: String| move || error.with(|p| field_error(p, &f));
    view! {
        <fieldset class="plain" disabled=read_only>
            <label>{move || i.t("customer.name")}
                <input required bind:value=fields.name data-testid="customer-name"/>
                <span class="field-error">{err("name".into())}</span>
            </label>
            <div class="two">
                <label>{move || i.t("customer.industry")}<input bind:value=fields.industry/>
                    <span class="field-error">{err("industry".into())}</span></label>
                <label>{move || i.t("customer.tier")}
                    <select bind:value=fields.tier>
                        <option value="normal">{move || i.t("tier.normal")}</option>
                        <option value="key">{move || i.t("tier.key")}</option>
                    </select>
                </label>
            </div>
            <fieldset>
                <legend>{move || i.t("customer.contacts")}</legend>
                <span class="field-error">{err("contacts".into())}</span>
                <For each=move || fields.contacts.get() key=|r| r.key let(row)>
                    <div class="row-fields">
                        <input placeholder=move || i.t("contact.name") bind:value=row.name data-testid="contact-name"/>
                        <input type="tel" placeholder=move || i.t("contact.phone") bind:value=row.phone data-testid="contact-phone"/>
                        <input type="email" placeholder=move || i.t("contact.email") bind:value=row.email/>
                        <label class="check"><input type="checkbox" bind:checked=row.primary/>{move || i.t("contact.primary")}</label>
                        <button type="button" class="link" on:click=move |_| fields.contacts.update(|v| v.retain(|r| r.key != row.key))>{move || i.t("common.remove")}</button>
                    </div>
                    <span class="field-error">{move || fields.contact_index(row.key).and_then(|n| error.with(|p| row_errors(i, p, "contacts", n)))}</span>
                </For>
                <button type="button" on:click=move |_| fields.add_contact(Contact::default())>{move || i.t("customer.add_contact")}</button>
            </fieldset>
            <fieldset>
                <legend>{move || i.t("customer.sites")}</legend>
                <For each=move || fields.sites.get() key=|r| r.key let(row)>
                    <div class="row-fields">
                        <input placeholder=move || i.t("site.name") bind:value=row.name/>
                        <input class="wide" placeholder=move || i.t("site.address") bind:value=row.address/>
                        <button type="button" class="link" on:click=move |_| fields.sites.update(|v| v.retain(|r| r.key != row.key))>{move || i.t("common.remove")}</button>
                    </div>
                    <span class="field-error">{move || fields.site_index(row.key).and_then(|n| error.with(|p| row_errors(i, p, "sites", n)))}</span>
                </For>
                <span class="field-error">{err("sites".into())}</span>
                <button type="button" on:click=move |_| fields.add_site(Site::default())>{move || i.t("customer.add_site")}</button>
            </fieldset>
            <label>{move || i.t("customer.notes")}<textarea rows="3" bind:value=fields.notes></textarea>
                <span class="field-error">{err("notes".into())}</span></label>
        </fieldset>
    }
}
