//! Loaner units (备机): the pool, lending a unit against the customer's
//! signed receipt 《直接客户设备接收单》, the loans out and overdue, the
//! return, and the printable receipt. Buttons and pages follow the same
//! `permissions` questions the server asks.

pub mod give_back;
pub mod lend;
pub mod loan;
pub mod loans;
pub mod pool;
pub mod public;
pub mod receipt;
pub mod sign;
pub mod unit;

use crate::api;
use crate::api::loaners::LoanQuery;
use crate::auth::use_auth;
use crate::components::error::ErrorView;
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use servicebook_shared::loaners::{Loan, LoanState, UnitStatus};
use servicebook_shared::permissions;

pub fn unit_status_label(i: I18n, s: UnitStatus) -> String {
    i.t(&format!("loaners.status_{}", s.as_str()))
}

pub fn loan_state_label(i: I18n, s: LoanState) -> String {
    i.t(&format!("loaners.state_{}", s.as_str()))
}

/// A loan's state as a badge, with "overdue" when it is.
#[component]
pub fn LoanBadge(loan: Loan) -> impl IntoView {
    let i = use_i18n();
    let (state, overdue) = (loan.state, loan.overdue);
    view! {
        <span class="badge" data-testid="loan-state">{move || loan_state_label(i, state)}</span>
        {overdue.then(|| view! { " "<span class="badge bad" data-testid="loan-overdue">{move || i.t("loaners.overdue")}</span> })}
    }
}

/// Whose loans a small section lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoansOf {
    Customer(u64),
    Request(u64),
}

/// The loans of a customer or a request, newest first, on its page, with
/// a "lend a unit" link for whoever may.
#[component]
pub fn LoansSection(of: LoansOf) -> impl IntoView {
    let i = use_i18n();
    let lends = use_auth().may(permissions::lend_loaners);
    let query = LoanQuery {
        customer_id: match of {
            LoansOf::Customer(id) => Some(id),
            LoansOf::Request(_) => None,
        },
        request_id: match of {
            LoansOf::Request(id) => Some(id),
            LoansOf::Customer(_) => None,
        },
        limit: Some(50),
        ..Default::default()
    };
    let loans = crate::load::load(move || {
        let q = query.clone();
        async move { api::loaners::loans(&q).await }
    });
    let lend_href = match of {
        LoansOf::Customer(id) => format!("/loaners/lend?customer_id={id}"),
        LoansOf::Request(id) => format!("/loaners/lend?request_id={id}"),
    };
    view! {
        <section class="card" data-testid="loans-section">
            <div class="row-between">
                <h2>{move || i.t("loaners.loans_here")}</h2>
                {lends.then(|| view! { <a class="button" href=lend_href.clone() data-testid="loans-section-lend">{move || i.t("loaners.lend")}</a> })}
            </div>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match loans.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">{move || i.t("loaners.no_loans")}</p> }.into_any(),
                        Ok(page) => view! {
                            <ul class="timeline" data-testid="loans-of">
                                {page.items.into_iter().rev().map(|l| {
                                    let unit = format!("{} {} · {}", l.unit.product, l.unit.model, l.unit.serial_number);
                                    let due = l.due_date.to_string();
                                    view! { <li>
                                        <a href=format!("/loaners/loans/{}", l.id)>{l.number.clone()}</a>" "
                                        <LoanBadge loan=l.clone()/>" "{unit}" "
                                        <span class="muted small nowrap">{move || i.t("loaners.due_date")}" "{due.clone()}</span>
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
