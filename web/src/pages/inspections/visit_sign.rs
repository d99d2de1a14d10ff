//! The customer's signature on a visit whose devices are all recorded: in
//! person on the engineer's phone (printed name and the pad), or through a
//! one-time link the customer opens on their own phone. Signing makes the
//! visit done.

use crate::api;
use crate::components::error::{clear_field, field_error, local_problem, ErrorView};
use crate::components::time::local;
use crate::i18n::use_i18n;
use crate::pages::work_orders::signature::SignaturePad;
use leptos::prelude::*;
use servicebook_shared::inspections::visits::InspectionVisit;
use servicebook_shared::reports::{check_signature, SignInput, Signature};
use servicebook_shared::ApiProblem;

#[component]
pub fn VisitSign(visit: RwSignal<InspectionVisit>) -> impl IntoView {
    let i = use_i18n();
    let name = RwSignal::new(String::new());
    let strokes = RwSignal::new(Vec::<Vec<[f32; 2]>>::new());
    let problem = RwSignal::new(None::<ApiProblem>);
    let busy = RwSignal::new(false);
    let sign = move |_| {
        let (id, version) = visit.with_untracked(|v| (v.visit.id, v.visit.version));
        let body = SignInput {
            version,
            signer_name: name.get_untracked(),
            strokes: strokes.get_untracked(),
        };
        let errors = check_signature(&body);
        if !errors.is_empty() {
            problem.set(Some(local_problem(errors)));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::inspections::sign(id, &body).await;
            let _ = busy.try_set(false);
            match result {
                Ok(v) => {
                    let _ = problem.try_set(None);
                    let _ = visit.try_set(v);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    Effect::new(move |_| {
        strokes.track();
        problem.update(|p| clear_field(p, "strokes"));
    });
    view! {
        <section class="card form" data-testid="visit-sign">
            <h2>{move || i.t("visit.sign_title")}</h2>
            <p class="muted">{move || i.t("visit.sign_hint")}</p>
            <label>{move || i.t("report.signer_name")}
                <input data-testid="visit-signer" bind:value=name on:input=move |_| problem.update(|p| clear_field(p, "signer_name"))/>
                <span class="field-error">{move || field_error(&problem.get(), "signer_name")}</span></label>
            <SignaturePad strokes=strokes/>
            <span class="field-error" data-testid="visit-sign-strokes-error">{move || field_error(&problem.get(), "strokes")}</span>
            {move || problem.get().map(|p| view! { <ErrorView problem=p shown=&["signer_name", "strokes"]/> })}
            <div class="actions">
                <button class="primary big" data-testid="visit-sign-submit" disabled=move || busy.get() on:click=sign>{move || i.t("report.sign")}</button>
            </div>
        </section>
        <SendVisitLink visit=visit/>
    }
}

/// A one-time link for the customer to read the results and sign on
/// their own phone.
#[component]
fn SendVisitLink(visit: RwSignal<InspectionVisit>) -> impl IntoView {
    let i = use_i18n();
    let link = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<ApiProblem>);
    let send = move |_| {
        let (id, version) = visit.with_untracked(|v| (v.visit.id, v.visit.version));
        leptos::task::spawn_local(async move {
            match api::inspections::sign_link(id, version).await {
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
                    let _ = problem.try_set(None);
                    let _ = link.try_set(Some(url));
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    // The whole link is picked at a tap, ready to copy.
    let select_all = |ev: leptos::ev::FocusEvent| {
        use wasm_bindgen::JsCast;
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.select();
        }
    };
    view! {
        <section class="card">
            <h2>{move || i.t("sign.send_link")}</h2>
            <p class="muted">{move || i.t("visit.link_hint")}</p>
            {move || match link.get() {
                Some(url) => view! { <input readonly data-testid="visit-sign-link" prop:value=url on:focus=select_all/> }.into_any(),
                None => view! { <button data-testid="visit-sign-link-create" on:click=send>{move || i.t("sign.send_link")}</button> }.into_any(),
            }}
            {move || problem.get().map(|p| view! { <ErrorView problem=p/> })}
        </section>
    }
}

/// The customer's signature on a done visit.
#[component]
pub fn SignedBy(id: u64, signature: Signature) -> impl IntoView {
    let i = use_i18n();
    let at = signature.signed_at;
    view! {
        <section class="card signature">
            <h2>{move || i.t("report.signature")}</h2>
            <img data-testid="visit-signature" alt=move || i.t("report.signature") src=api::inspections::signature_url(id)/>
            <p>{signature.signer_name.clone()}" · "{move || local(at, i.lang.get())}</p>
        </section>
    }
}
