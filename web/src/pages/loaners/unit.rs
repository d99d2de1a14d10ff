//! One loaner unit: its details (an edit form for the pool's keepers),
//! retiring it or bringing it back, lending it, and its loan history.
//! The form's fields serve the new-unit form of the pool page too.

use super::{unit_status_label, LoanBadge};
use crate::api;
use crate::auth::use_auth;
use crate::components::error::{field_error, ErrorView, FormError};
use crate::components::history::History;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::loaners::{LoanerUnit, LoanerUnitPatch, NewLoanerUnit, UnitStatus};
use servicebook_shared::{permissions, ApiProblem};

/// A list typed as text: one item per comma, 、 or line.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The unit's editable fields, as the form holds them.
#[derive(Clone, Copy)]
pub struct UnitFields {
    pub product: RwSignal<String>,
    pub brand: RwSignal<String>,
    pub model: RwSignal<String>,
    pub serial: RwSignal<String>,
    pub asset_tag: RwSignal<String>,
    pub accessories: RwSignal<String>,
    pub condition: RwSignal<String>,
    pub notes: RwSignal<String>,
}

impl UnitFields {
    pub fn new() -> Self {
        UnitFields {
            product: RwSignal::new(String::new()),
            brand: RwSignal::new(String::new()),
            model: RwSignal::new(String::new()),
            serial: RwSignal::new(String::new()),
            asset_tag: RwSignal::new(String::new()),
            accessories: RwSignal::new(String::new()),
            condition: RwSignal::new(String::new()),
            notes: RwSignal::new(String::new()),
        }
    }

    pub fn fill(&self, u: &LoanerUnit) {
        self.product.set(u.product.clone());
        self.brand.set(u.brand.clone());
        self.model.set(u.model.clone());
        self.serial.set(u.serial_number.clone());
        self.asset_tag.set(u.asset_tag.clone());
        self.accessories.set(u.accessories.join("、"));
        self.condition.set(u.condition.clone());
        self.notes.set(u.notes.clone());
    }

    pub fn new_unit(&self) -> NewLoanerUnit {
        NewLoanerUnit {
            product: self.product.get_untracked(),
            brand: self.brand.get_untracked(),
            model: self.model.get_untracked(),
            serial_number: self.serial.get_untracked(),
            asset_tag: self.asset_tag.get_untracked(),
            accessories: split_list(&self.accessories.get_untracked()),
            condition: self.condition.get_untracked(),
            notes: self.notes.get_untracked(),
        }
    }

    pub fn patch(&self, version: u64) -> LoanerUnitPatch {
        let n = self.new_unit();
        LoanerUnitPatch {
            version,
            product: Some(n.product),
            brand: Some(n.brand),
            model: Some(n.model),
            serial_number: Some(n.serial_number),
            asset_tag: Some(n.asset_tag),
            accessories: Some(n.accessories),
            condition: Some(n.condition),
            notes: Some(n.notes),
            status: None,
        }
    }
}

pub const FIELDS: &[&str] = &[
    "product",
    "brand",
    "model",
    "serial_number",
    "asset_tag",
    "accessories",
    "condition",
    "notes",
];

/// The fields of a unit's form.
#[component]
pub fn UnitFieldsView(f: UnitFields, error: RwSignal<Option<ApiProblem>>) -> impl IntoView {
    let i = use_i18n();
    let err = move |name: &'static str| move || error.with(|p| field_error(p, name));
    view! {
        <label>{move || i.t("loaners.product")}<input data-testid="unit-product" bind:value=f.product/><span class="field-error">{err("product")}</span></label>
        <label>{move || i.t("loaners.brand")}<input data-testid="unit-brand" bind:value=f.brand/><span class="field-error">{err("brand")}</span></label>
        <label>{move || i.t("loaners.model")}<input data-testid="unit-model" bind:value=f.model/><span class="field-error">{err("model")}</span></label>
        <label>{move || i.t("loaners.serial")}<input data-testid="unit-serial" bind:value=f.serial/><span class="field-error">{err("serial_number")}</span></label>
        <label>{move || i.t("loaners.asset_tag")}<input data-testid="unit-asset-tag" bind:value=f.asset_tag/><span class="field-error">{err("asset_tag")}</span></label>
        <label>{move || i.t("loaners.accessories")}<input data-testid="unit-accessories" bind:value=f.accessories placeholder=move || i.t("loaners.accessories_hint")/><span class="field-error">{err("accessories")}</span></label>
        <label class="span">{move || i.t("loaners.condition")}<input data-testid="unit-condition" bind:value=f.condition/><span class="field-error">{err("condition")}</span></label>
        <label class="span">{move || i.t("loaners.notes")}<textarea rows="2" bind:value=f.notes></textarea><span class="field-error">{err("notes")}</span></label>
    }
}

#[component]
pub fn UnitDetail() -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let refresh = RwSignal::new(0u32);
    let unit = crate::load::load(move || {
        let (id, _) = (id(), refresh.get());
        async move { api::loaners::unit(id).await }
    });
    let history = crate::load::load(move || {
        let (id, _) = (id(), refresh.get());
        async move { api::loaners::history(id).await }
    });
    let f = UnitFields::new();
    let version = RwSignal::new(0u64);
    Effect::new(move |_| {
        if let Some(Ok(u)) = unit.get() {
            f.fill(&u);
            version.set(u.version);
        }
    });
    let error = RwSignal::new(None::<ApiProblem>);
    let save = crate::load::act(move |p: &LoanerUnitPatch| {
        let (p, id) = (p.clone(), id());
        async move { api::loaners::update_unit(id, &p).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => refresh.update(|n| *n += 1),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        save.dispatch(f.patch(version.get_untracked()));
    };
    let set_status = move |s: UnitStatus| {
        error.set(None);
        save.dispatch(LoanerUnitPatch {
            version: version.get_untracked(),
            status: Some(s),
            ..Default::default()
        });
    };
    let manages = auth.may(permissions::manage_loaner_pool);
    let lends = auth.may(permissions::lend_loaners);
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match unit.await {
                    Ok(u) => {
                        let status = u.status;
                        view! {
                            <section class="card">
                                <div class="row-between">
                                    <h1>{format!("{} {}", u.product, u.model).trim().to_owned()}" · "{u.serial_number.clone()}</h1>
                                    <span class="badge" data-testid="unit-status">{move || unit_status_label(i, status)}</span>
                                </div>
                                <div class="actions">
                                    {(lends && status == UnitStatus::Available).then(|| view! {
                                        <a class="button primary" data-testid="unit-lend" href=format!("/loaners/lend?unit_id={}", u.id)>{move || i.t("loaners.lend")}</a>
                                    })}
                                    {u.current_loan_id.map(|l| view! {
                                        <a class="button" data-testid="unit-current-loan" href=format!("/loaners/loans/{l}")>{move || i.t("loaners.current_loan")}</a>
                                    })}
                                    {(manages && status == UnitStatus::Available).then(|| view! {
                                        <button data-testid="unit-retire" on:click=move |_| set_status(UnitStatus::Retired)>{move || i.t("loaners.retire")}</button>
                                    })}
                                    {(manages && status == UnitStatus::Retired).then(|| view! {
                                        <button data-testid="unit-restore" on:click=move |_| set_status(UnitStatus::Available)>{move || i.t("loaners.restore")}</button>
                                    })}
                                </div>
                                <form on:submit=submit class="grid-form">
                                    <fieldset class="plain" disabled=!manages>
                                        <UnitFieldsView f=f error=error/>
                                    </fieldset>
                                    {manages.then(|| view! { <button type="submit" class="primary" data-testid="unit-save" disabled=move || save.pending().get()>{move || i.t("common.save")}</button> })}
                                </form>
                                <FormError problem=error shown=FIELDS/>
                            </section>
                            <History record_type="loaner_units" record_id=u.id refresh=Signal::derive(move || refresh.get() as usize)/>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
        <section class="card">
            <h2>{move || i.t("loaners.history")}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(loans) if loans.is_empty() => view! { <p class="muted">{move || i.t("loaners.no_loans")}</p> }.into_any(),
                        Ok(loans) => view! {
                            <ul class="timeline" data-testid="unit-history">
                                {loans.into_iter().map(|l| {
                                    let back = l.returned.as_ref().map(|r| r.returned_at.date_naive().to_string());
                                    view! { <li>
                                        <a href=format!("/loaners/loans/{}", l.id)>{l.number.clone()}</a>" "
                                        <LoanBadge loan=l.clone()/>" "{l.customer_name.clone()}" "
                                        <span class="muted small nowrap">{l.hand_over.lent_at.date_naive().to_string()}" → "{back.unwrap_or_else(|| l.due_date.to_string())}</span>
                                    </li> }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
