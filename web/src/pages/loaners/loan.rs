//! One loan: what went out to whom and until when, the customer's
//! signature on the receipt (or the pad and the link to get it), the
//! return with its own signature, and the way to the printable receipt.

use super::sign::LoanSign;
use super::LoanBadge;
use crate::api;
use crate::auth::use_auth;
use crate::components::error::ErrorView;
use crate::components::history::History;
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::loaners::{Loan, LoanStage};
use servicebook_shared::permissions;
use servicebook_shared::reports::Signature;

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "—".into()
    } else {
        items.join("、")
    }
}

/// The loan's facts as the customer reads them before signing (no links:
/// the public page shows them too).
#[component]
pub fn LoanFacts(loan: Loan) -> impl IntoView {
    let i = use_i18n();
    let h = loan.hand_over.clone();
    let unit = format!(
        "{} {} {}",
        loan.unit.brand, loan.unit.product, loan.unit.model
    )
    .trim()
    .to_owned();
    let contact = format!("{} {}", loan.contact, loan.contact_phone)
        .trim()
        .to_owned();
    let lent_at = h.lent_at;
    view! {
        <table class="kv" data-testid="loan-facts">
            <tr><th>{move || i.t("loaners.customer")}</th><td>{loan.customer_name.clone()}</td></tr>
            <tr><th>{move || i.t("loaners.contact")}</th><td>{contact}</td></tr>
            <tr><th>{move || i.t("loaners.unit")}</th><td>{unit}</td></tr>
            <tr><th>{move || i.t("loaners.serial")}</th><td>{loan.unit.serial_number.clone()}</td></tr>
            <tr><th>{move || i.t("loaners.asset_tag")}</th><td>{loan.unit.asset_tag.clone()}</td></tr>
            <tr><th>{move || i.t("loaners.accessories_out")}</th><td>{list(&h.accessories)}</td></tr>
            <tr><th>{move || i.t("loaners.condition_out")}</th><td>{h.condition.clone()}</td></tr>
            <tr><th>{move || i.t("loaners.lent_at")}</th><td>{move || local(lent_at, i.lang.get())}" · "{h.lent_by.clone()}</td></tr>
            <tr><th>{move || i.t("loaners.due_date")}</th><td data-testid="loan-due">{loan.due_date.to_string()}</td></tr>
            {(!h.notes.is_empty()).then(|| view! { <tr><th>{move || i.t("loaners.notes")}</th><td class="pre">{h.notes.clone()}</td></tr> })}
        </table>
        {loan.returned.map(|r| {
            let at = r.returned_at;
            view! {
                <h3>{move || i.t("loaners.return_section")}</h3>
                <table class="kv" data-testid="loan-return">
                    <tr><th>{move || i.t("loaners.returned_at")}</th><td>{move || local(at, i.lang.get())}" · "{r.received_by.clone()}</td></tr>
                    <tr><th>{move || i.t("loaners.condition_back")}</th><td>{r.condition.clone()}</td></tr>
                    <tr><th>{move || i.t("loaners.accessories_back")}</th><td>{list(&r.accessories_back)}</td></tr>
                    <tr><th>{move || i.t("loaners.accessories_missing")}</th><td class=if r.accessories_missing.is_empty() { "" } else { "bad" }>{list(&r.accessories_missing)}</td></tr>
                    {(!r.notes.is_empty()).then(|| view! { <tr><th>{move || i.t("loaners.notes")}</th><td class="pre">{r.notes.clone()}</td></tr> })}
                </table>
            }
        })}
    }
}

/// A signature: its image and who signed when.
#[component]
fn Signed(loan_id: u64, stage: LoanStage, s: Signature) -> impl IntoView {
    let i = use_i18n();
    let at = s.signed_at;
    let via = if s.via == "link" {
        "loaners.via_link"
    } else {
        "loaners.via_in_person"
    };
    view! {
        <div class="signature">
            <img data-testid=format!("loan-signature-{}", stage.as_str()) alt=move || i.t("loaners.signature")
                src=api::loaners::signature_url(loan_id, stage)/>
            <p>{s.signer_name.clone()}" · "{move || local(at, i.lang.get())}" · "{move || i.t(via)}</p>
        </div>
    }
}

#[component]
pub fn LoanDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let done = RwSignal::new(0u32);
    let loan = crate::load::load(move || {
        let (id, _) = (id(), done.get());
        async move { api::loaners::loan(id).await }
    });
    let lends = use_auth().may(permissions::lend_loaners);
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match loan.await {
                    Ok(l) => {
                        let id = l.id;
                        let out = l.state.is_out();
                        let receipt = l.hand_over.signature.clone();
                        let back = l.returned.clone();
                        view! {
                            <section class="card">
                                <div class="row-between">
                                    <h1>{move || i.t("loaners.loan")}" "{l.number.clone()}</h1>
                                    <span><LoanBadge loan=l.clone()/></span>
                                </div>
                                <p>
                                    <a href=format!("/customers/{}", l.customer_id)>{l.customer_name.clone()}</a>" · "
                                    <a href=format!("/loaners/{}", l.unit.id)>{l.unit.serial_number.clone()}</a>
                                    {l.request_id.map(|r| view! { " · "<a href=format!("/requests/{r}")>{l.request_number.clone().unwrap_or_default()}</a> })}
                                </p>
                                <div class="actions">
                                    {(lends && out).then(|| view! {
                                        <a class="button primary" data-testid="loan-take-back" href=format!("/loaners/loans/{id}/return")>{move || i.t("loaners.take_back")}</a>
                                    })}
                                    <a class="button" data-testid="loan-print" href=format!("/loaners/loans/{id}/receipt")>{move || i.t("loaners.print_receipt")}</a>
                                </div>
                                <LoanFacts loan=l.clone()/>
                            </section>
                            <section class="card">
                                <h2>{move || i.t("loaners.receipt_signature")}</h2>
                                {match receipt {
                                    Some(s) => view! { <Signed loan_id=id stage=LoanStage::HandOver s=s/> }.into_any(),
                                    None => view! { <p class="bad" data-testid="loan-unsigned">{move || i.t("loaners.awaiting_signature")}</p> }.into_any(),
                                }}
                                {back.as_ref().and_then(|r| r.signature.clone()).map(|s| view! {
                                    <h2>{move || i.t("loaners.return_signature")}</h2>
                                    <Signed loan_id=id stage=LoanStage::Return s=s/>
                                })}
                            </section>
                            {(lends && l.hand_over.signature.is_none()).then(|| view! {
                                <LoanSign loan_id=id version=l.version stage=LoanStage::HandOver done=done/>
                            })}
                            {(lends && back.as_ref().is_some_and(|r| r.signature.is_none())).then(|| view! {
                                <LoanSign loan_id=id version=l.version stage=LoanStage::Return done=done/>
                            })}
                            <History record_type="loans" record_id=id refresh=Signal::derive(move || done.get() as usize)
                                names=vec![(l.customer_id, l.customer_name.clone())]/>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}
