//! The printable receipt 《直接客户设备接收单》: one A4 page, labels in
//! Chinese and English side by side, the firm, the customer, the unit as
//! it went out, the customer's signature and printed name beside the
//! firm's staff member, and — once back — the return with its signature.

use crate::api;
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::{both, text, use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::loaners::LoanStage;
use servicebook_shared::reports::Signature;
use servicebook_shared::ApiProblem;

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "—".into()
    } else {
        items.join("、")
    }
}

/// A signature box: the image and printed name, or an empty line to sign
/// on paper.
fn signature_box(
    loan_id: u64,
    stage: LoanStage,
    s: Option<Signature>,
    lang: Lang,
) -> impl IntoView {
    match s {
        Some(s) => view! {
            <div>
                <img class="sig" data-testid=format!("receipt-signature-{}", stage.as_str()) alt="signature"
                    src=api::loaners::signature_url(loan_id, stage)/>
                <p>{both("loaners.printed_name")}": "{s.signer_name.clone()}" · "{local(s.signed_at, lang)}</p>
            </div>
        }
        .into_any(),
        None => view! { <p class="sig-line">"________________________"</p> }.into_any(),
    }
}

#[component]
pub fn LoanReceipt() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let data = crate::load::load(move || {
        let id = id();
        async move {
            let loan = api::loaners::loan(id).await?;
            let settings = api::settings::get().await?;
            let logo = api::settings::logo_url(settings.id).await;
            Ok::<_, ApiProblem>((loan, settings, logo))
        }
    });
    view! {
        <div class="no-print actions">
            <button class="primary" data-testid="print-now" on:click=|_| { let _ = window().print(); }>{move || i.t("loaners.print")}</button>
        </div>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((l, settings, logo)) => {
                        let lang = i.lang.get_untracked();
                        let h = l.hand_over.clone();
                        let unit = format!("{} {} {}", l.unit.brand, l.unit.product, l.unit.model).trim().to_owned();
                        let contact = format!("{} {}", l.contact, l.contact_phone).trim().to_owned();
                        let firm = if settings.firm_name.is_empty() { text(Lang::Zh, "app.name") } else { settings.firm_name.clone() };
                        let returned = l.returned.clone().map(|r| view! {
                            <h3>{both("loaners.return_section")}</h3>
                            <table class="kv">
                                <tr><th>{both("loaners.returned_at")}</th><td>{local(r.returned_at, lang)}</td></tr>
                                <tr><th>{both("loaners.condition_back")}</th><td>{r.condition.clone()}</td></tr>
                                <tr><th>{both("loaners.accessories_back")}</th><td>{list(&r.accessories_back)}</td></tr>
                                <tr><th>{both("loaners.accessories_missing")}</th><td>{list(&r.accessories_missing)}</td></tr>
                                <tr><th>{both("loaners.notes")}</th><td class="pre">{r.notes.clone()}</td></tr>
                                <tr><th>{both("loaners.received_by")}</th><td>{r.received_by.clone()}</td></tr>
                            </table>
                            <footer>
                                <p><strong>{both("loaners.return_signature")}</strong></p>
                                {signature_box(l.id, LoanStage::Return, r.signature.clone(), lang)}
                            </footer>
                        });
                        view! {
                            <article class="print-report" data-testid="loan-receipt">
                                <header>
                                    {logo.map(|src| view! { <img class="logo" alt="logo" src=src/> })}
                                    <h1>{firm}</h1>
                                    <h2>{both("loaners.receipt_title")}</h2>
                                    <p>{l.number.clone()}</p>
                                </header>
                                <table class="kv">
                                    <tr><th>{both("loaners.customer")}</th><td>{l.customer_name.clone()}</td></tr>
                                    <tr><th>{both("loaners.contact")}</th><td>{contact}</td></tr>
                                    {l.request_number.clone().map(|n| view! { <tr><th>{both("loaners.request")}</th><td>{n}</td></tr> })}
                                    <tr><th>{both("loaners.unit")}</th><td>{unit}</td></tr>
                                    <tr><th>{both("loaners.serial")}</th><td>{l.unit.serial_number.clone()}</td></tr>
                                    <tr><th>{both("loaners.asset_tag")}</th><td>{l.unit.asset_tag.clone()}</td></tr>
                                    <tr><th>{both("loaners.accessories_out")}</th><td>{list(&h.accessories)}</td></tr>
                                    <tr><th>{both("loaners.condition_out")}</th><td>{h.condition.clone()}</td></tr>
                                    <tr><th>{both("loaners.lent_at")}</th><td>{local(h.lent_at, lang)}</td></tr>
                                    <tr><th>{both("loaners.due_date")}</th><td>{l.due_date.to_string()}</td></tr>
                                    <tr><th>{both("loaners.notes")}</th><td class="pre">{h.notes.clone()}</td></tr>
                                </table>
                                <p class="small">{both("loaners.receipt_terms")}</p>
                                <footer>
                                    <div class="two">
                                        <div>
                                            <p><strong>{both("loaners.customer_signature")}</strong></p>
                                            {signature_box(l.id, LoanStage::HandOver, h.signature.clone(), lang)}
                                        </div>
                                        <div>
                                            <p><strong>{both("loaners.firm_staff")}</strong></p>
                                            <p data-testid="receipt-staff">{h.lent_by.clone()}</p>
                                        </div>
                                    </div>
                                </footer>
                                {returned}
                            </article>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}
