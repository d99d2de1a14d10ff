//! The customer's signature on a loan's receipt or return: on the staff
//! member's phone (the shared signing pad, a printed name) or through a
//! one-time link the customer opens on their own.

use crate::api;
use crate::components::error::{ErrorView, FieldError};
use crate::i18n::use_i18n;
use crate::pages::work_orders::signature::SignaturePad;
use leptos::prelude::*;
use servicebook_shared::loaners::LoanStage;
use servicebook_shared::reports::SignInput;
use servicebook_shared::ApiProblem;

/// Sign here, or send a link: `done` is bumped once signed.
#[component]
pub fn LoanSign(
    loan_id: u64,
    version: u64,
    stage: LoanStage,
    done: RwSignal<u32>,
) -> impl IntoView {
    let i = use_i18n();
    let problem = RwSignal::new(None::<ApiProblem>);
    let name = RwSignal::new(String::new());
    let strokes = RwSignal::new(Vec::<Vec<[f32; 2]>>::new());
    let link = RwSignal::new(None::<String>);
    let sign = crate::load::act(move |body: &SignInput| {
        let body = body.clone();
        async move { api::loaners::sign(loan_id, stage, &body).await }
    });
    Effect::new(move |_| match sign.value().get() {
        Some(Ok(_)) => done.update(|n| *n += 1),
        Some(Err(p)) => problem.set(Some(p)),
        None => {}
    });
    let submit = move |_| {
        problem.set(None);
        sign.dispatch(SignInput {
            version,
            signer_name: name.get_untracked(),
            strokes: strokes.get_untracked(),
        });
    };
    let send = move |_| {
        leptos::task::spawn_local(async move {
            match api::loaners::sign_link(loan_id, stage).await {
                Ok(l) => {
                    let url = if l.url.starts_with('/') {
                        format!(
                            "{}{}",
                            window().location().origin().unwrap_or_default(),
                            l.url
                        )
                    } else {
                        l.url
                    };
                    let _ = link.try_set(Some(url));
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let (title, hint) = match stage {
        LoanStage::HandOver => ("loaners.sign_receipt", "loaners.sign_receipt_hint"),
        LoanStage::Return => ("loaners.sign_return", "loaners.sign_return_hint"),
    };
    view! {
        <section class="card form handover" data-testid="loan-sign">
            <h2>{move || i.t(title)}</h2>
            <p class="muted">{move || i.t(hint)}</p>
            <label>{move || i.t("loaners.signer_name")}<input data-testid="sign-name" bind:value=name/>
                <FieldError problem=problem field="signer_name"/></label>
            <SignaturePad strokes=strokes/>
            <FieldError problem=problem field="strokes"/>
            {move || problem.get().map(|p| view! { <ErrorView problem=p shown=&["signer_name", "strokes"]/> })}
            <div class="actions">
                <button class="primary" data-testid="sign-submit" disabled=move || sign.pending().get() on:click=submit>{move || i.t("loaners.sign")}</button>
            </div>
        </section>
        <section class="card">
            <h2>{move || i.t("loaners.send_link")}</h2>
            <p class="muted">{move || i.t("loaners.link_hint")}</p>
            {move || match link.get() {
                Some(url) => view! { <input readonly data-testid="sign-link" prop:value=url/> }.into_any(),
                None => view! { <button data-testid="sign-link-create" on:click=send>{move || i.t("loaners.send_link")}</button> }.into_any(),
            }}
        </section>
    }
}
