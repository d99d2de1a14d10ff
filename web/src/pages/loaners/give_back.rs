//! Taking a unit back: its condition, the accessories ticked against the
//! hand-over's list, notes; then the customer signs that they handed it
//! back (here, or through a link).

use super::loan::LoanFacts;
use super::sign::LoanSign;
use crate::api;
use crate::components::error::{field_error, ErrorView, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use servicebook_shared::loaners::{Loan, LoanStage, ReturnInput};
use servicebook_shared::ApiProblem;

#[component]
pub fn ReturnPage() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let loan = crate::load::load(move || {
        let id = id();
        async move { api::loaners::loan(id).await }
    });
    let condition = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let ticks = RwSignal::new(Vec::<(String, bool)>::new());
    let version = RwSignal::new(0u64);
    Effect::new(move |_| {
        if let Some(Ok(l)) = loan.get() {
            ticks.set(
                l.hand_over
                    .accessories
                    .iter()
                    .map(|a| (a.clone(), true))
                    .collect(),
            );
            version.set(l.version);
        }
    });
    let error = RwSignal::new(None::<ApiProblem>);
    let returned = RwSignal::new(None::<Loan>);
    let give_back = crate::load::act(move |body: &ReturnInput| {
        let (body, id) = (body.clone(), id());
        async move { api::loaners::take_back(id, &body).await }
    });
    Effect::new(move |_| match give_back.value().get() {
        Some(Ok(l)) => returned.set(Some(l)),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        give_back.dispatch(ReturnInput {
            version: version.get_untracked(),
            condition: condition.get_untracked(),
            accessories_back: ticks
                .get_untracked()
                .into_iter()
                .filter_map(|(a, on)| on.then_some(a))
                .collect(),
            notes: notes.get_untracked(),
        });
    };
    // Once the return's signature is in, the loan's page.
    let signed = RwSignal::new(0u32);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if signed.get() > 0 {
            navigate(&format!("/loaners/loans/{}", id()), Default::default());
        }
    });
    let err = move |name: &'static str| move || error.with(|p| field_error(p, name));
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match loan.await {
                    Ok(l) => {
                        let number = l.number.clone();
                        view! {
                            <section class="card">
                                <h1>{move || i.t("loaners.take_back")}" "{number.clone()}</h1>
                                <LoanFacts loan=l.clone()/>
                            </section>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
        {move || match returned.get() {
            None => view! {
                <section class="card">
                    <form on:submit=submit class="grid-form" data-testid="return-form">
                        <label class="span">{move || i.t("loaners.condition_back")}<input data-testid="return-condition" bind:value=condition/><span class="field-error">{err("condition")}</span></label>
                        <fieldset class="span plain">
                            <legend>{move || i.t("loaners.accessories_back")}</legend>
                            <div class="checks" data-testid="return-accessories">
                                {move || ticks.get().into_iter().enumerate().map(|(n, (a, on))| view! {
                                    <label><input type="checkbox" prop:checked=on
                                        on:change=move |ev| ticks.update(|t| t[n].1 = event_target_checked(&ev))/>{a}</label>
                                }).collect_view()}
                            </div>
                            <span class="field-error">{err("accessories_back")}</span>
                        </fieldset>
                        <label class="span">{move || i.t("loaners.notes")}<textarea rows="2" bind:value=notes></textarea><span class="field-error">{err("notes")}</span></label>
                        <button type="submit" class="primary" data-testid="return-submit" disabled=move || give_back.pending().get()>{move || i.t("loaners.take_back")}</button>
                    </form>
                    <FormError problem=error shown=&["condition", "accessories_back", "notes"]/>
                </section>
            }.into_any(),
            Some(l) => view! {
                <LoanSign loan_id=l.id version=l.version stage=LoanStage::Return done=signed/>
            }.into_any(),
        }}
    }
}
