//! One repair: what came in (device, coverage at intake, accessories,
//! fault, condition photos), the quote and the customer's answer, the
//! actions the state table allows this user, the repair record, the
//! hand-back, and its history.

use super::actions::Actions;
use super::hand_back::HandBack;
use super::sheet::SheetForm;
use super::{accessory_label, can, state_class, state_label};
use crate::api;
use crate::auth::use_auth;
use crate::components::documents::Documents;
use crate::components::error::ErrorView;
use crate::components::history::History;
use crate::components::time::local;
use crate::i18n::use_i18n;
use crate::pages::requests::CoverageView;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::files::AttachedTo;
use servicebook_shared::permissions;
use servicebook_shared::repairs::{Channel, Repair, RepairVerb};

#[component]
pub fn RepairDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let done = RwSignal::new(0u32);
    let docs = RwSignal::new(0usize);
    let repair = crate::load::load(move || {
        let (id, _) = (id(), done.get());
        async move { api::repairs::get(id).await }
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match repair.await {
                    Ok(r) => view! { <RepairView r=r done=done docs=docs/> }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RepairView(r: Repair, done: RwSignal<u32>, docs: RwSignal<usize>) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let state = r.state;
    let attaches = auth.may(|w| permissions::attach_documents(w, AttachedTo::Repair, false));
    let writes_sheet = auth.may(permissions::write_repair_sheet)
        && state.is_open()
        && state != servicebook_shared::repairs::RepairState::Received;
    let hands_back = [RepairVerb::PickUp, RepairVerb::ReturnUnrepaired]
        .into_iter()
        .filter(|v| auth.may(|w| can(w, &r, *v)))
        .collect::<Vec<_>>();
    let lang = i.lang.get_untracked();
    let accessories = r.accessories.iter().enumerate().map(|(n, a)| {
        let back = r.hand_over.as_ref().map(|h| h.returned.contains(&(n as u32)));
        let label = accessory_label(i, a);
        view! { <li>{label}{back.map(|b| view! { " " <span class=if b { "badge ok" } else { "badge bad" }>
            {move || if b { i.t("repairs.returned") } else { i.t("repairs.not_returned") }}</span> })}</li> }
    }).collect_view();
    let quote = r.quote.clone().map(|q| {
        let decision = q.decision.clone().map(|d| {
            let how = match d.channel { Channel::Phone => "repairs.channel_phone", Channel::InPerson => "repairs.channel_in_person" };
            let verdict = if d.approved { "repairs.quote_approved_by" } else { "repairs.quote_declined_by" };
            view! { <p data-testid="repair-quote-decision" class=if d.approved { "ok" } else { "bad" }>
                {move || i.t(verdict)}" "{d.by.clone()}" · "{move || i.t(how)}" · "{local(d.at, lang)}" · "{move || i.t("repairs.recorded_by")}" "{d.recorded_by.clone()}</p> }
        });
        view! {
            <section class="card" data-testid="repair-quote">
                <h2>{move || i.t("repairs.quote")}</h2>
                <p><strong>{q.amount.format()}</strong>" · "{q.text.clone()}</p>
                <p class="muted small">{q.sent_by.clone()}" · "{local(q.sent_at, lang)}</p>
                {decision}
            </section>
        }
    });
    let hand_over = r.hand_over.clone().map(|h| view! {
        <section class="card" data-testid="repair-hand-over">
            <h2>{move || i.t("repairs.hand_over")}</h2>
            <p>{h.by.clone()}" · "{local(h.at, lang)}" · "
                {move || if h.with_voucher { i.t("repairs.with_voucher") } else { i.t("repairs.with_id_check") }}</p>
            {h.id_check.clone().map(|c| view! { <p>{c.holder_name.clone()}" · …"{c.last_digits.clone()}" · "{move || i.t("repairs.checked_by")}" "{h.checked_by_manager.clone().unwrap_or_default()}</p> })}
            {(!h.missing_note.is_empty()).then(|| view! { <p class="bad">{move || i.t("repairs.missing_note")}": "{h.missing_note.clone()}</p> })}
        </section>
    });
    let history: Vec<_> = r.history.iter().map(|t| {
        let (verb, to, at, by, note) = (t.verb, t.to, t.at, t.by.clone(), t.note.clone());
        view! { <li><span class="muted nowrap">{local(at, lang)}</span>" "{move || super::verb_label(i, verb)}" → "{move || state_label(i, to)}" · "{by}{(!note.is_empty()).then(|| format!(" · {note}"))}</li> }
    }).collect();
    let sheet = r.sheet.clone();
    view! {
        <section class="card">
            <div class="row-between">
                <h1 data-testid="repair-number" data-version=r.version.to_string()>{r.number.clone()}</h1>
                <span class=state_class(state) data-testid="repair-state">{move || state_label(i, state)}</span>
            </div>
            {r.overdue.then(|| view! { <p class="bad">{move || i.t("repairs.overdue")}</p> })}
            <div class="actions no-print">
                <a class="button" href=format!("/repairs/{}/voucher", r.id) data-testid="repair-voucher-link">{move || i.t("repairs.voucher")}</a>
                <a class="button" href=format!("/repairs/{}/print", r.id) data-testid="repair-print-link">{move || i.t("repairs.print_record")}</a>
            </div>
            <table class="kv">
                <tr><th>{move || i.t("request.customer")}</th><td><a href=format!("/customers/{}", r.customer_id)>{r.customer_name.clone()}</a></td></tr>
                <tr><th>{move || i.t("request.device")}</th><td><a href=format!("/devices/{}", r.device_id) data-testid="repair-device-link">{format!("{} · {}", r.device_name, r.serial_number)}</a></td></tr>
                <tr><th>{move || i.t("repairs.brought_by")}</th><td>{format!("{} {}", r.brought_by, r.contact_phone)}</td></tr>
                <tr><th>{move || i.t("repairs.received")}</th><td>{local(r.received_at, lang)}" · "{r.received_by.clone()}</td></tr>
                <tr><th>{move || i.t("repairs.fault")}</th><td class="pre">{r.fault.clone()}</td></tr>
                <tr><th>{move || i.t("repairs.condition")}</th><td class="pre">{r.condition.clone()}</td></tr>
                {r.request_id.map(|q| view! { <tr><th>{move || i.t("repairs.request")}</th><td><a href=format!("/requests/{q}")>{move || i.t("repairs.open_request")}</a></td></tr> })}
            </table>
            <CoverageView coverage=r.coverage.clone()/>
            <h2>{move || i.t("repairs.accessories")}</h2>
            <ul data-testid="repair-accessories">{accessories}</ul>
        </section>
        {quote}
        <Actions r=r.clone() done=done/>
        {(!hands_back.is_empty()).then(|| view! { <HandBack r=r.clone() verbs=hands_back.clone() done=done/> })}
        {hand_over}
        {if writes_sheet {
            view! {
                <SheetForm r=r.clone() done=done/>
                <super::stock_part::UseStockPartForm r=r.clone() done=done/>
            }.into_any()
        } else {
            view! {
                <section class="card" data-testid="repair-sheet">
                    <h2>{move || i.t("repairs.sheet")}</h2>
                    <p class="pre">{sheet.findings.clone()}</p>
                    <p class="pre">{sheet.actions.clone()}</p>
                    <ul>{sheet.parts.iter().map(|p| view! { <li>{format!("{} × {} · {}", p.part, p.quantity, p.amount.format())}</li> }).collect_view()}</ul>
                    {(sheet.minutes > 0).then(|| view! { <p>{format!("{} min · {}", sheet.minutes, sheet.engineer)}</p> })}
                </section>
            }.into_any()
        }}
        <section class="card">
            <h2>{move || i.t("repairs.steps")}</h2>
            <ul class="timeline" data-testid="repair-history">{history}</ul>
        </section>
        <Documents record_type=AttachedTo::Repair record_id=r.id editable=attaches refresh=docs/>
        <History record_type="repairs" record_id=r.id refresh=Signal::derive(move || done.get() as usize + docs.get())/>
    }
}
