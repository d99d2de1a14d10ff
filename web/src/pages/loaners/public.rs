//! What a customer's signing link shows for a loan: the unit handed over
//! (or brought back) and the terms, then their name and signature. The
//! signing itself is the public page's (`pages/sign.rs`).

use super::loan::LoanFacts;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::loaners::{LoanStage, PublicLoan};

#[component]
pub fn PublicLoanView(doc: PublicLoan) -> impl IntoView {
    let i = use_i18n();
    let (title, hint) = match doc.stage {
        LoanStage::HandOver => ("loaners.receipt_title", "loaners.public_receipt_hint"),
        LoanStage::Return => ("loaners.return_section", "loaners.public_return_hint"),
    };
    let firm = doc.firm_name.clone();
    view! {
        <section class="card" data-testid="public-loan">
            <h1>{move || if firm.is_empty() { i.t(title) } else { format!("{} · {}", firm, i.t(title)) }}</h1>
            <p class="muted">{doc.loan.number.clone()}</p>
            <p>{move || i.t(hint)}</p>
            <LoanFacts loan=doc.loan.clone()/>
            {(doc.stage == LoanStage::HandOver).then(|| view! { <p class="small">{move || i.t("loaners.receipt_terms")}</p> })}
        </section>
    }
}
