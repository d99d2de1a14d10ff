//! The customer's own signing page, opened from the link staff sent: no
//! account, just the document (a service report, a loaner's receipt or
//! return, or an inspection visit's results), a name and a signature.
//! Served before the sign-in gate.

use crate::api;
use crate::components::error::{ErrorView, FieldError, FormError};
use crate::i18n::use_i18n;
use crate::pages::inspections::results::VisitResults;
use crate::pages::loaners::public::PublicLoanView;
use crate::pages::work_orders::report::{fix_label, outcome_label};
use crate::pages::work_orders::signature::SignaturePad;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::reports::{
    PublicDocument, PublicInspection, PublicReport, PublicSignInput,
};
use servicebook_shared::ApiProblem;

#[component]
pub fn PublicSign() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let signed = RwSignal::new(false);
    let problem = RwSignal::new(None::<ApiProblem>);
    let name = RwSignal::new(String::new());
    let strokes = RwSignal::new(Vec::<Vec<[f32; 2]>>::new());
    let report = crate::load::load(move || {
        let t = token();
        async move { api::reports::public_get(&t).await }
    });
    let sign = move |_| {
        let t = token();
        let body = PublicSignInput {
            signer_name: name.get_untracked(),
            strokes: strokes.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::reports::public_sign(&t, &body).await {
                Ok(_) => signed.set(true),
                Err(p) => problem.set(Some(p)),
            }
        });
    };
    view! {
        <Show when=move || !signed.get() fallback=move || view! {
            <section class="card narrow"><h1 data-testid="public-signed">{move || {
                let inspection = report.with(|d| matches!(d, Some(Ok(PublicDocument::Inspection(_)))));
                i.t(if inspection { "visit.thanks" } else { "sign.thanks" })
            }}</h1></section>
        }>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(doc) => {
                            let shown = match doc {
                                PublicDocument::Report(p) => view! { <PublicReportView p=*p/> }.into_any(),
                                PublicDocument::Loan(l) => view! { <PublicLoanView doc=*l/> }.into_any(),
                                PublicDocument::Inspection(v) => view! { <PublicInspectionView p=*v/> }.into_any(),
                            };
                            view! {
                                {shown}
                                <section class="card form">
                                    <label>{move || i.t("report.signer_name")}<input data-testid="sign-name" bind:value=name/>
                                        <FieldError problem=problem field="signer_name"/></label>
                                    <SignaturePad strokes=strokes/>
                                    <FieldError problem=problem field="strokes"/>
                                    <FormError problem=problem shown=&["signer_name", "strokes"]/>
                                    <button class="primary" data-testid="sign-submit" on:click=sign>{move || i.t("report.sign")}</button>
                                </section>
                            }.into_any()
                        }
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </Show>
    }
}

/// A service report as the customer reads it before signing.
#[component]
fn PublicReportView(p: PublicReport) -> impl IntoView {
    let i = use_i18n();
    let r = p.report;
    let (fix, result) = (r.fix, r.result);
    view! {
        <section class="card">
            <h1>{if p.firm_name.is_empty() { i.t("report.title") } else { format!("{} · {}", p.firm_name, i.t("report.title")) }}</h1>
            <p class="muted">{p.work_order_number.clone()}" · "{p.customer_name.clone()}" · "{p.engineers.join("、")}</p>
            <table class="kv" data-testid="public-report">
                <tr><th>{move || i.t("report.findings")}</th><td class="pre">{r.findings.clone()}</td></tr>
                <tr><th>{move || i.t("report.actions")}</th><td class="pre">{r.actions.clone()}</td></tr>
                <tr><th>{move || i.t("report.fix")}</th><td>{move || fix_label(i, fix)}</td></tr>
                <tr><th>{move || i.t("report.parts_used")}</th><td>{r.parts_used.clone()}</td></tr>
                <tr><th>{move || i.t("report.hours_worked")}</th><td>{format!("{} + {}", r.hours_worked, r.travel_hours)}</td></tr>
                <tr><th>{move || i.t("report.result")}</th><td>{move || outcome_label(i, result)}</td></tr>
                {r.amount.map(|a| view! { <tr><th>{move || i.t("quote.total")}</th><td>{a.format()}</td></tr> })}
            </table>
        </section>
    }
}

/// An inspection visit as the customer reads it before signing: every
/// device with its items, answers and verdicts, and the findings.
#[component]
fn PublicInspectionView(p: PublicInspection) -> impl IntoView {
    let i = use_i18n();
    let v = p.visit;
    let title = move || i.t("visit.report_title");
    let firm = p.firm_name.clone();
    view! {
        <section class="card" data-testid="public-inspection">
            <h1>{move || if firm.is_empty() { title() } else { format!("{} · {}", firm, title()) }}</h1>
            <p class="muted">{v.contract_number.clone()}" · "{v.customer_name.clone()}" · "{v.visit.due_date.to_string()}</p>
            <p><strong>{move || i.t("wo.assignees")}": "</strong>{v.engineers.join("、")}</p>
        </section>
        <VisitResults visit=v staff=false/>
    }
}
