//! The state actions of one repair that the shared table allows this user
//! now: plain buttons (diagnose, start repair, ready), the quote, and the
//! customer's answer to it. Handing back is its own form (`hand_back`).

use super::{can, verb_label};
use crate::api;
use crate::auth::use_auth;
use crate::components::error::{field_error, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::repairs::{Channel, Repair, RepairActionInput, RepairVerb};
use servicebook_shared::{ApiProblem, Money, ProblemCode};

/// Sends `verb`; on success bumps `done`, else shows the refusal.
pub fn send(
    id: u64,
    verb: RepairVerb,
    input: RepairActionInput,
    done: RwSignal<u32>,
    problem: RwSignal<Option<ApiProblem>>,
) {
    leptos::task::spawn_local(async move {
        match api::repairs::act(id, verb, &input).await {
            Ok(_) => {
                let _ = problem.try_set(None);
                let _ = done.try_update(|n| *n += 1);
            }
            Err(p) => {
                let _ = problem.try_set(Some(p));
            }
        }
    });
}

#[component]
pub fn Actions(r: Repair, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let (id, version) = (r.id, r.version);
    let may = |v: RepairVerb| auth.may(|w| can(w, &r, v));
    let plain: Vec<RepairVerb> = [
        RepairVerb::Diagnose,
        RepairVerb::StartRepair,
        RepairVerb::MarkReady,
    ]
    .into_iter()
    .filter(|v| may(*v))
    .collect();
    let quotes = may(RepairVerb::SendQuote);
    let answers = may(RepairVerb::ApproveQuote) || may(RepairVerb::DeclineQuote);
    if plain.is_empty() && !quotes && !answers {
        return ().into_any();
    }
    let problem = RwSignal::new(None::<ApiProblem>);
    let note = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let quote_text = RwSignal::new(String::new());
    let answered_by = RwSignal::new(r.brought_by.clone());
    let channel = RwSignal::new(Channel::Phone);
    let base = move || RepairActionInput {
        version,
        note: note.get_untracked(),
        ..Default::default()
    };
    let send_quote = move |_| {
        let Some(a) = Money::parse(&amount.get_untracked()) else {
            problem.set(Some(
                ApiProblem::new(422, ProblemCode::Invalid, &i.t("quote.bad_amount"), "")
                    .with_field("amount", i.t("quote.bad_amount")),
            ));
            return;
        };
        let input = RepairActionInput {
            amount: Some(a),
            quote_text: quote_text.get_untracked(),
            ..base()
        };
        send(id, RepairVerb::SendQuote, input, done, problem);
    };
    let answer = move |verb: RepairVerb| {
        let input = RepairActionInput {
            answered_by: answered_by.get_untracked(),
            channel: Some(channel.get_untracked()),
            ..base()
        };
        send(id, verb, input, done, problem);
    };
    let err = move |f: &'static str| move || problem.with(|p| field_error(p, f));
    view! {
        <section class="card" data-testid="repair-actions">
            <h2>{move || i.t("repairs.next_step")}</h2>
            <label>{move || i.t("repairs.note")}<input bind:value=note data-testid="repair-note"/>
                <span class="field-error">{err("note")}</span></label>
            <div class="actions">
                {plain.into_iter().map(|v| view! {
                    <button class="primary" data-testid=format!("repair-{}", v.as_str())
                        on:click=move |_| send(id, v, base(), done, problem)>{move || verb_label(i, v)}</button>
                }).collect_view()}
            </div>
            {quotes.then(|| view! {
                <fieldset>
                    <legend>{move || i.t("repairs.quote")}</legend>
                    <div class="row-fields">
                        <label>{move || i.t("repairs.amount")}<input inputmode="decimal" bind:value=amount data-testid="repair-quote-amount"/>
                            <span class="field-error">{err("amount")}</span></label>
                        <label>{move || i.t("repairs.quote_text")}<input bind:value=quote_text data-testid="repair-quote-text"/>
                            <span class="field-error">{err("quote_text")}</span></label>
                    </div>
                    <button data-testid="repair-send-quote" on:click=send_quote>{move || verb_label(i, RepairVerb::SendQuote)}</button>
                </fieldset>
            })}
            {answers.then(|| view! {
                <fieldset>
                    <legend>{move || i.t("repairs.answer")}</legend>
                    <div class="row-fields">
                        <label>{move || i.t("repairs.answered_by")}<input bind:value=answered_by data-testid="repair-answered-by"/>
                            <span class="field-error">{err("answered_by")}</span></label>
                        <label>{move || i.t("repairs.channel")}
                            <select on:change=move |ev| channel.set(if event_target_value(&ev) == "in_person" { Channel::InPerson } else { Channel::Phone })>
                                <option value="phone">{move || i.t("repairs.channel_phone")}</option>
                                <option value="in_person">{move || i.t("repairs.channel_in_person")}</option>
                            </select></label>
                    </div>
                    <div class="actions">
                        <button class="primary" data-testid="repair-approve-quote" on:click=move |_| answer(RepairVerb::ApproveQuote)>{move || verb_label(i, RepairVerb::ApproveQuote)}</button>
                        <button data-testid="repair-decline-quote" on:click=move |_| answer(RepairVerb::DeclineQuote)>{move || verb_label(i, RepairVerb::DeclineQuote)}</button>
                    </div>
                </fieldset>
            })}
            <FormError problem=problem shown=&["note", "amount", "quote_text", "answered_by"]/>
        </section>
    }
    .into_any()
}
