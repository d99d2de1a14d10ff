//! One contract: its terms, its status today, changes to dates, value and
//! state, and its history.

use super::ContractSummary;
use crate::api;
use crate::auth::use_auth;
use crate::components::documents::Documents;
use crate::components::error::{field_error, ErrorView, FormError};
use crate::components::history::History;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::contracts::ContractPatch;
use servicebook_shared::files::AttachedTo;
use servicebook_shared::{permissions, ApiProblem, Money, ProblemCode};

#[component]
pub fn ContractDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let refresh = RwSignal::new(0usize);
    let docs = RwSignal::new(0usize);
    let contract = crate::load::load(move || {
        let (id, _) = (id(), refresh.get());
        api::contracts::get(id)
    });
    let (end, value, terminated, draft, version) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(false),
        RwSignal::new(0u64),
    );
    Effect::new(move |_| {
        if let Some(Ok(c)) = contract.get() {
            end.set(c.end_date.to_string());
            value.set(c.value.plain());
            terminated.set(c.terminated_on.map(|t| t.to_string()).unwrap_or_default());
            draft.set(c.draft);
            version.set(c.version);
        }
    });
    let error = RwSignal::new(None::<ApiProblem>);
    let save = crate::load::act(move |p: &ContractPatch| {
        let (p, id) = (p.clone(), id());
        async move { api::contracts::update(id, &p).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => refresh.update(|n| *n += 1),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let Some(amount) = Money::parse(&value.get_untracked()) else {
            error.set(Some(
                ApiProblem::new(422, ProblemCode::Invalid, "Invalid input", "")
                    .with_field("value", i.t("quote.bad_amount")),
            ));
            return;
        };
        save.dispatch(ContractPatch {
            version: version.get_untracked(),
            end_date: end.get_untracked().parse().ok(),
            value: Some(amount),
            terminated_on: terminated.get_untracked().parse().ok(),
            draft: Some(draft.get_untracked()),
            ..Default::default()
        });
    };
    let editable = use_auth().may(permissions::edit_contracts);
    let attaches =
        use_auth().may(|w| permissions::attach_documents(w, AttachedTo::Contract, false));
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match contract.await {
                    Ok(c) => {
                        let (cid, customer) = (c.id, c.customer_id);
                        view! {
                            <section class="card">
                                <ContractSummary contract=c.clone()/>
                                <p><a href=format!("/customers/{customer}")>{move || i.t("contract.customer")}</a></p>
                                {editable.then(|| view! {
                                    <form on:submit=submit class="grid-form">
                                        <label>{move || i.t("contract.end")}<input type="date" min=servicebook_shared::bounds::FIRST_DATE.to_string() max=servicebook_shared::bounds::LAST_DATE.to_string() bind:value=end/><span class="field-error">{err("end_date")}</span></label>
                                        <label>{move || i.t("contract.value")}<input inputmode="decimal" bind:value=value/><span class="field-error">{err("value")}</span></label>
                                        <label>{move || i.t("contract.terminated_on")}<input type="date" min=servicebook_shared::bounds::FIRST_DATE.to_string() max=servicebook_shared::bounds::LAST_DATE.to_string() bind:value=terminated/><span class="field-error">{err("terminated_on")}</span></label>
                                        <label class="check"><input type="checkbox" bind:checked=draft/>{move || i.t("status.draft")}</label>
                                        <button type="submit" class="primary" disabled=move || save.pending().get()>{move || i.t("common.save")}</button>
                                    </form>
                                })}
                                <FormError problem=error shown=&["end_date", "value", "terminated_on"]/>
                            </section>
                            <crate::pages::inspections::plan::ContractInspections contract=c.clone()/>
                            <Documents record_type=AttachedTo::Contract record_id=cid editable=attaches refresh=docs/>
                            <History record_type="contracts" record_id=cid refresh=Signal::derive(move || refresh.get() + docs.get())/>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}
