//! A new contract for a customer, with the devices it covers.

use crate::api;
use crate::components::error::{field_error, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use servicebook_shared::contracts::{
    ContractKind, NewContract, Promises, Scope, ServiceHours, DEFAULT_WARRANTY_MONTHS,
};
use servicebook_shared::{ApiProblem, Money, ProblemCode};

#[component]
pub fn NewContractPage() -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    let query = use_query_map();
    let customer_id = query.with_untracked(|m| {
        m.get("customer_id")
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(0)
    });
    let number = RwSignal::new(String::new());
    let kind = RwSignal::new("maintenance".to_owned());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let warranty = RwSignal::new(DEFAULT_WARRANTY_MONTHS.to_string());
    let remote = RwSignal::new(true);
    let onsite = RwSignal::new(true);
    let parts = RwSignal::new(false);
    let loaners = RwSignal::new(false);
    let all_day = RwSignal::new(false);
    let inspections = RwSignal::new("0".to_owned());
    let chosen = RwSignal::new(Vec::<u64>::new());
    let error = RwSignal::new(None::<ApiProblem>);
    let devices =
        crate::load::load(move || async move { api::devices::all_of_customer(customer_id).await });
    let create = crate::load::act(move |c: &NewContract| {
        let c = c.clone();
        async move { api::contracts::create(&c).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(c)) => navigate(&format!("/contracts/{}", c.id), Default::default()),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let (Ok(start_date), Ok(end_date)) =
            (start.get_untracked().parse(), end.get_untracked().parse())
        else {
            error.set(Some(
                ApiProblem::new(422, ProblemCode::Invalid, "Invalid input", "")
                    .with_field("start_date", i.t("contract.dates_required")),
            ));
            return;
        };
        let value_text = value.get_untracked();
        let Some(amount) = (if value_text.trim().is_empty() {
            Some(Money::ZERO)
        } else {
            Money::parse(&value_text)
        }) else {
            error.set(Some(
                ApiProblem::new(422, ProblemCode::Invalid, "Invalid input", "")
                    .with_field("value", i.t("quote.bad_amount")),
            ));
            return;
        };
        create.dispatch(NewContract {
            number: number.get_untracked(),
            kind: if kind.get_untracked() == "sale" {
                ContractKind::Sale
            } else {
                ContractKind::Maintenance
            },
            customer_id,
            sales_owner_id: None,
            start_date,
            end_date,
            value: amount,
            device_ids: chosen.get_untracked(),
            scope: Scope {
                remote_support: remote.get_untracked(),
                onsite_repair: onsite.get_untracked(),
                inspections_per_year: inspections.get_untracked().parse().unwrap_or(0),
                spare_parts: parts.get_untracked(),
                loaners: loaners.get_untracked(),
                hours: if all_day.get_untracked() {
                    ServiceHours::AllDay
                } else {
                    ServiceHours::Business
                },
            },
            promises: Promises::default(),
            warranty_months: warranty
                .get_untracked()
                .parse()
                .unwrap_or(DEFAULT_WARRANTY_MONTHS),
            draft: false,
            notes: String::new(),
        });
    };
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    let check = move |signal: RwSignal<bool>, key: &'static str| {
        view! {
            <label class="check"><input type="checkbox" bind:checked=signal/>{move || i.t(key)}</label>
        }
    };
    view! {
        <section class="card">
            <h1>{move || i.t("contracts.new")}</h1>
            <form on:submit=submit class="grid-form">
                <label>{move || i.t("contract.number")}<input required bind:value=number data-testid="contract-number"/><span class="field-error">{err("number")}</span></label>
                <label>{move || i.t("contract.kind")}
                    <select bind:value=kind>
                        <option value="maintenance">{move || i.t("contract.kind.maintenance")}</option>
                        <option value="sale">{move || i.t("contract.kind.sale")}</option>
                    </select>
                </label>
                <label>{move || i.t("contract.start")}<input type="date" min=servicebook_shared::bounds::FIRST_DATE.to_string() max=servicebook_shared::bounds::LAST_DATE.to_string() required bind:value=start/><span class="field-error">{err("start_date")}</span></label>
                <label>{move || i.t("contract.end")}<input type="date" min=servicebook_shared::bounds::FIRST_DATE.to_string() max=servicebook_shared::bounds::LAST_DATE.to_string() required bind:value=end/><span class="field-error">{err("end_date")}</span></label>
                <label>{move || i.t("contract.value")}<input inputmode="decimal" bind:value=value/><span class="field-error">{err("value")}</span></label>
                <label>{move || i.t("contract.warranty_months")}<input inputmode="numeric" bind:value=warranty/><span class="field-error">{err("warranty_months")}</span></label>
                <fieldset class="span">
                    <legend>{move || i.t("contract.scope")}</legend>
                    <div class="checks">
                        {check(remote, "scope.remote")}{check(onsite, "scope.onsite")}{check(parts, "scope.parts")}
                        {check(loaners, "scope.loaners")}{check(all_day, "scope.all_day")}
                    </div>
                    <label class="compact">{move || i.t("scope.inspections")}<input inputmode="numeric" bind:value=inspections/></label>
                </fieldset>
                <fieldset class="span">
                    <legend>{move || i.t("contract.devices")}</legend>
                    <span class="field-error">{err("device_ids")}</span>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            devices.await.map(|list| list.into_iter().map(|d| {
                                let id = d.id;
                                view! { <label class="check">
                                    <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&id))
                                        on:change=move |_| chosen.update(|c| if let Some(p) = c.iter().position(|x| *x == id) { c.remove(p); } else { c.push(id); })/>
                                    {format!("{} ({})", d.serial_number, d.product)}
                                </label> }
                            }).collect_view()).ok()
                        })}
                    </Transition>
                </fieldset>
                <div class="actions span">
                    <button type="submit" class="primary" disabled=move || create.pending().get() data-testid="contract-save">{move || i.t("common.save")}</button>
                    <a href=format!("/customers/{customer_id}")>{move || i.t("common.cancel")}</a>
                </div>
            </form>
            <FormError problem=error shown=&["number", "start_date", "end_date", "value", "warranty_months", "device_ids", "promises", "scope", "terminated_on"]/>
        </section>
    }
}
