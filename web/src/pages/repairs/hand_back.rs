//! Handing the device back at the counter: the voucher's code (scanned or
//! typed), or — the voucher lost — a manager's ID check; the accessories of
//! the intake list ticked off one by one, a note for any not handed back.

use super::actions::send;
use super::{accessory_label, verb_label};
use crate::auth::use_auth;
use crate::components::error::{field_error, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::permissions;
use servicebook_shared::repairs::{IdCheck, IdType, Repair, RepairActionInput, RepairVerb};
use servicebook_shared::ApiProblem;

#[component]
pub fn HandBack(r: Repair, verbs: Vec<RepairVerb>, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let manager = use_auth().may(permissions::check_id_for_lost_voucher);
    let (id, version) = (r.id, r.version);
    let problem = RwSignal::new(None::<ApiProblem>);
    let code = RwSignal::new(String::new());
    let lost = RwSignal::new(false);
    let id_type = RwSignal::new(IdType::ResidentId);
    let digits = RwSignal::new(String::new());
    let holder = RwSignal::new(String::new());
    let missing_note = RwSignal::new(String::new());
    let ticks: Vec<RwSignal<bool>> = r.accessories.iter().map(|_| RwSignal::new(false)).collect();
    let all_back = {
        let t = ticks.clone();
        move || t.iter().all(|s| s.get())
    };
    let t = ticks.clone();
    let hand = move |verb: RepairVerb| {
        let returned = t
            .iter()
            .enumerate()
            .filter(|(_, s)| s.get_untracked())
            .map(|(n, _)| n as u32)
            .collect();
        let lost = lost.get_untracked();
        let input = RepairActionInput {
            version,
            voucher_code: (!lost).then(|| code.get_untracked()),
            id_check: lost.then(|| IdCheck {
                id_type: id_type.get_untracked(),
                last_digits: digits.get_untracked(),
                holder_name: holder.get_untracked(),
            }),
            returned,
            missing_note: missing_note.get_untracked(),
            ..Default::default()
        };
        send(id, verb, input, done, problem);
    };
    let err = move |f: &'static str| move || problem.with(|p| field_error(p, f));
    let id_types = IdType::ALL;
    view! {
        <section class="card form" data-testid="repair-hand-back">
            <h2>{move || i.t("repairs.hand_back")}</h2>
            {manager.then(|| view! {
                <label class="check"><input type="checkbox" bind:checked=lost data-testid="repair-voucher-lost"/>{move || i.t("repairs.voucher_lost")}</label>
            })}
            <Show when=move || !lost.get()>
                <label>{move || i.t("repairs.voucher_code")}
                    <input bind:value=code autocomplete="off" autocapitalize="characters" data-testid="repair-voucher-code"/>
                    <span class="muted small">{move || i.t("repairs.scan_hint")}</span>
                    <span class="field-error">{err("voucher_code")}</span></label>
            </Show>
            <Show when=move || lost.get()>
                <div class="row-fields">
                    <label>{move || i.t("repairs.id_type")}
                        <select on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(t) = id_types.iter().find(|t| t.as_str() == v) { id_type.set(*t); }
                        }>
                            {id_types.into_iter().map(|t| {
                                let key = format!("repairs.id_type_{}", t.as_str());
                                view! { <option value=t.as_str()>{move || i.t(&key)}</option> }
                            }).collect_view()}
                        </select></label>
                    <label>{move || i.t("repairs.last_digits")}<input bind:value=digits data-testid="repair-id-digits"/>
                        <span class="field-error">{err("id_check.last_digits")}</span></label>
                    <label>{move || i.t("repairs.holder_name")}<input bind:value=holder data-testid="repair-id-holder"/>
                        <span class="field-error">{err("id_check.holder_name")}</span></label>
                </div>
            </Show>
            <fieldset>
                <legend>{move || i.t("repairs.tick_off")}</legend>
                {r.accessories.iter().zip(ticks.iter()).enumerate().map(|(n, (a, on))| {
                    let (label, on) = (accessory_label(i, a), *on);
                    view! { <label class="check"><input type="checkbox" bind:checked=on data-testid=format!("repair-return-{n}")/>{label}</label> }
                }).collect_view()}
                {r.accessories.is_empty().then(|| view! { <p class="muted">{move || i.t("repairs.no_accessories")}</p> })}
                <span class="field-error">{err("returned")}</span>
            </fieldset>
            <Show when=move || !all_back()>
                <label>{move || i.t("repairs.missing_note")}<textarea rows="2" bind:value=missing_note data-testid="repair-missing-note"></textarea>
                    <span class="field-error">{err("missing_note")}</span></label>
            </Show>
            <div class="actions">
                {verbs.into_iter().map(|v| {
                    let hand = hand.clone();
                    view! { <button class="primary" data-testid=format!("repair-{}", v.as_str()) on:click=move |_| hand(v)>{move || verb_label(i, v)}</button> }
                }).collect_view()}
            </div>
            <FormError problem=problem shown=&["voucher_code", "id_check", "returned", "missing_note"]/>
        </section>
    }
}
