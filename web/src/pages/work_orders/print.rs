//! The printable service report: one A4 page, labels in Chinese and
//! English side by side (the customer's copy is read by both), the firm's
//! name from the settings, the steps' times, and the signature image.

use crate::api;
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::{both, text, use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::reports::{Fix, Outcome};
use servicebook_shared::work_orders::StepKind;
use servicebook_shared::ApiProblem;

#[component]
pub fn PrintReport() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let data = crate::load::load(move || {
        let id = id();
        async move {
            let wo = api::work_orders::get(id).await?;
            let report = api::reports::get(id).await?;
            let settings = api::settings::get().await?;
            let logo = api::settings::logo_url(settings.id).await;
            let device = match wo.device_id {
                Some(d) => api::devices::get(d).await.ok(),
                None => None,
            };
            Ok::<_, ApiProblem>((wo, report, settings, device, logo))
        }
    });
    view! {
        <div class="no-print actions">
            <button class="primary" data-testid="print-now" on:click=|_| { let _ = window().print(); }>{move || i.t("report.print")}</button>
        </div>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((wo, r, settings, device, logo)) => {
                        let lang = i.lang.get_untracked();
                        // A step logged hours later says so on paper too.
                        let at = |kind: StepKind| wo.steps.iter().find(|s| s.kind == kind).map(|s| {
                            let late = s.logged_at.filter(|_| s.logged_late())
                                .map(|l| format!(" ({} {}: {})", both("step.logged_late"), local(l, lang), s.late_reason))
                                .unwrap_or_default();
                            format!("{}{late}", local(s.at, lang))
                        }).unwrap_or_default();
                        let (arrived, left) = (at(StepKind::Arrived), at(StepKind::Left));
                        let fix = both(match r.fix { Fix::RootCause => "report.fix_root_cause", Fix::Temporary => "report.fix_temporary" });
                        let result = both(match r.result {
                            Outcome::Resolved => "report.resolved",
                            Outcome::NotResolved => "report.not_resolved",
                            Outcome::Escalated => "report.escalated",
                        });
                        let sig = r.signature.clone().map(|s| view! {
                            <img class="sig" data-testid="print-signature" alt="signature"
                                src=api::reports::signature_url(wo.id, r.id)/>
                            <p>{s.signer_name.clone()}" · "{local(s.signed_at, lang)}</p>
                        });
                        view! {
                            <article class="print-report" data-testid="print-report">
                                <header>
                                    {logo.map(|src| view! { <img class="logo" data-testid="print-logo" alt="logo" src=src/> })}
                                    <h1>{if settings.firm_name.is_empty() { text(Lang::Zh, "app.name") } else { settings.firm_name.clone() }}</h1>
                                    <h2>{both("report.title")}</h2>
                                    <p>{wo.number.clone()}" · "{both("report.revision")}" "{r.revision}</p>
                                </header>
                                <table class="kv">
                                    <tr><th>{both("request.customer")}</th><td>{wo.customer_name.clone()}</td></tr>
                                    <tr><th>{both("request.device")}</th><td>{device.map(|d| format!("{} {} {} · {}", d.brand, d.product, d.model, d.serial_number)).unwrap_or_default()}</td></tr>
                                    <tr><th>{both("wo.assignees")}</th><td>{wo.assignee_names.join("、")}</td></tr>
                                    <tr><th>{both("step.arrived")}</th><td>{arrived}</td></tr>
                                    <tr><th>{both("step.left")}</th><td>{left}</td></tr>
                                    <tr><th>{both("report.findings")}</th><td class="pre">{r.findings.clone()}</td></tr>
                                    <tr><th>{both("report.actions")}</th><td class="pre">{r.actions.clone()}</td></tr>
                                    <tr><th>{both("report.fix")}</th><td>{fix}</td></tr>
                                    <tr><th>{both("report.parts_used")}</th><td>{if r.parts.is_empty() {
                                        r.parts_used.clone().into_any()
                                    } else {
                                        view! { <super::report_parts::UsedPartsTable parts=r.parts.clone() label=|_, k| both(k) both_names=true/> }.into_any()
                                    }}</td></tr>
                                    <tr><th>{both("report.hours_worked")}</th><td>{format!("{} h", r.hours_worked)}</td></tr>
                                    <tr><th>{both("report.travel_hours")}</th><td>{format!("{} h", r.travel_hours)}</td></tr>
                                    <tr><th>{both("report.result")}</th><td>{result}</td></tr>
                                    {r.amount.map(|a| view! { <tr><th>{both("quote.total")}</th><td>{a.format()}</td></tr> })}
                                    <tr><th>{both("report.customer_remarks")}</th><td>{r.customer_remarks.clone()}</td></tr>
                                </table>
                                <footer>
                                    <p><strong>{both("report.signature")}</strong></p>
                                    {sig}
                                </footer>
                            </article>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}
