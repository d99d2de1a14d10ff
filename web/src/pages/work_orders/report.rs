//! The service report: the engineer writes it, then hands the phone to the
//! customer, who reads the summary, prints their name and signs with a
//! finger. Once signed it is frozen; a correction starts a new revision.

use super::report_parts::{PartsPicker, UsedPartsTable};
use super::steps::StepButtons;
use crate::api;
use crate::components::error::{clear_field, field_error, local_problem, ErrorView};
use crate::components::time::local;
use crate::handover::hours_text;
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::part_requests::PickedPart;
use servicebook_shared::permissions;
use servicebook_shared::reports::{check_report, Fix, Outcome, ReportInput, ServiceReport};
use servicebook_shared::users::FieldErrors;
use servicebook_shared::work_orders::{ActionInput, Verb, WoState, WorkOrder};
use servicebook_shared::ApiProblem;

/// The report's fields, shown next to their inputs.
const SHOWN: &[&str] = &[
    "findings",
    "actions",
    "fix",
    "parts_used",
    "hours_worked",
    "travel_hours",
    "customer_remarks",
];

pub fn fix_label(i: I18n, f: Fix) -> String {
    i.t(match f {
        Fix::RootCause => "report.fix_root_cause",
        Fix::Temporary => "report.fix_temporary",
    })
}

pub fn outcome_label(i: I18n, o: Outcome) -> String {
    i.t(match o {
        Outcome::Resolved => "report.resolved",
        Outcome::NotResolved => "report.not_resolved",
        Outcome::Escalated => "report.escalated",
    })
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let done = RwSignal::new(0u32);
    let data = crate::load::load(move || {
        done.track();
        let id = id();
        async move {
            let wo = api::work_orders::get(id).await?;
            let report = api::reports::find(id).await?;
            Ok::<_, ApiProblem>((wo, report))
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((wo, report)) => view! { <ReportView wo=wo report=report done=done/> }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ReportView(wo: WorkOrder, report: Option<ServiceReport>, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let auth = crate::auth::use_auth();
    let id = wo.id;
    let mine = super::assigned(&wo);
    let writable = auth.may(|w| permissions::write_report(w, mine))
        && matches!(
            wo.state,
            WoState::InProgress | WoState::ExtensionRequested | WoState::CompletionRequested
        );
    let signed = report.as_ref().is_some_and(|r| r.signature.is_some());
    let problem = RwSignal::new(None::<ApiProblem>);
    let r = report.clone();
    let findings = RwSignal::new(r.as_ref().map(|r| r.findings.clone()).unwrap_or_default());
    let actions = RwSignal::new(r.as_ref().map(|r| r.actions.clone()).unwrap_or_default());
    let fix = RwSignal::new(r.as_ref().map(|r| r.fix));
    let parts = RwSignal::new(r.as_ref().map(|r| r.parts_used.clone()).unwrap_or_default());
    let picks = RwSignal::new(
        r.as_ref()
            .map(|r| {
                r.parts
                    .iter()
                    .map(|p| PickedPart {
                        part_id: p.part_id,
                        location_id: p.location_id,
                        quantity: p.quantity,
                        serials: p.serials.clone(),
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    let parts_locked = r.as_ref().is_some_and(|r| r.parts_consumed);
    let hours = RwSignal::new(
        r.as_ref()
            .map(|r| r.hours_worked.to_string())
            .unwrap_or_default(),
    );
    let travel = RwSignal::new(
        r.as_ref()
            .map(|r| r.travel_hours.to_string())
            .unwrap_or_else(|| "0".into()),
    );
    let result = RwSignal::new(r.as_ref().map(|r| r.result).unwrap_or(Outcome::Resolved));
    let remarks = RwSignal::new(
        r.as_ref()
            .map(|r| r.customer_remarks.clone())
            .unwrap_or_default(),
    );
    // The draft's version; 0 for the first draft.
    let version = r.as_ref().map_or(0, |r| r.version);
    let hand_over = crate::handover::use_hand_over();
    let save = move |then_hand_over: bool| {
        let mut errors = FieldErrors::new();
        let hours_worked = number(&mut errors, "hours_worked", &hours.get_untracked());
        let travel_hours = number(&mut errors, "travel_hours", &travel.get_untracked());
        let body = ReportInput {
            version,
            findings: findings.get_untracked(),
            actions: actions.get_untracked(),
            fix: fix.get_untracked(),
            parts_used: parts.get_untracked(),
            parts: picks.get_untracked(),
            hours_worked,
            travel_hours,
            result: result.get_untracked(),
            customer_remarks: remarks.get_untracked(),
        };
        // The server's rules, asked first: a blank or wrong field is shown
        // beside it at once, and nothing that is not a number is sent.
        for (field, message) in check_report(&body) {
            errors.entry(field).or_insert(message);
        }
        if !errors.is_empty() {
            problem.set(Some(local_problem(errors)));
            return;
        }
        leptos::task::spawn_local(async move {
            match api::reports::save(id, &body).await {
                Ok(_) => {
                    let _ = problem.try_set(None);
                    if then_hand_over {
                        hand_over.start(id);
                    }
                    let _ = done.try_update(|n| *n += 1);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let revise = move |_| {
        leptos::task::spawn_local(async move {
            match api::reports::revise(id, version).await {
                Ok(_) => {
                    let _ = done.try_update(|n| *n += 1);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let err = move |f: &str| field_error(&problem.get(), f);
    // A field's error goes once the field is changed.
    let changed = move |f: &'static str| move |_| problem.update(|p| clear_field(p, f));
    let summary = report
        .clone()
        .map(|r| view! { <ReportSummary r=r wo=wo.clone()/> });
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("report.title")}" · "<a href=format!("/work-orders/{id}")>{wo.number.clone()}</a></h1>
                {report.as_ref().map(|r| view! { <span class="badge">{move || i.t("report.revision")}" "{r.revision}</span> })}
            </div>
            {move || problem.get().map(|p| view! { <ErrorView problem=p shown=SHOWN/> })}
        </section>
        {if signed {
            view! {
                {summary}
                <NextAfterSigning wo=wo.clone() done=done/>
                <section class="card actions">
                    <a class="button primary" data-testid="report-print" href=format!("/work-orders/{id}/report/print")>{move || i.t("report.print")}</a>
                    {writable.then(|| view! { <button data-testid="report-revise" on:click=revise>{move || i.t("report.revise")}</button> })}
                </section>
            }.into_any()
        } else if !writable {
            match summary {
                Some(s) => s.into_any(),
                None => view! { <ReportSummaryEmpty/> }.into_any(),
            }
        } else {
            view! {
                    <section class="card form">
                        <label>{move || i.t("report.findings")}<textarea data-testid="report-findings" bind:value=findings on:input=changed("findings")></textarea>
                            <span class="field-error">{move || err("findings")}</span></label>
                        <label>{move || i.t("report.actions")}<textarea data-testid="report-actions" bind:value=actions on:input=changed("actions")></textarea>
                            <span class="field-error">{move || err("actions")}</span></label>
                        <fieldset><legend>{move || i.t("report.fix")}</legend>
                            {[Fix::RootCause, Fix::Temporary].into_iter().map(|f| view! {
                                <label class="check"><input type="radio" name="fix" data-testid=format!("report-fix-{}", if f == Fix::RootCause { "root" } else { "temporary" })
                                    prop:checked=move || fix.get() == Some(f) on:change=move |_| { fix.set(Some(f)); problem.update(|p| clear_field(p, "fix")); }/>{move || fix_label(i, f)}</label>
                            }).collect_view()}
                            <span class="field-error">{move || err("fix")}</span>
                        </fieldset>
                        <PartsPicker wo_id=id picks=picks locked=parts_locked problem=problem/>
                        <label>{move || i.t("report.parts_used_text")}<input bind:value=parts on:input=changed("parts_used")/>
                            <span class="field-error">{move || err("parts_used")}</span></label>
                        <div class="row-fields">
                            <label>{move || i.t("report.hours_worked")}<input inputmode="decimal" data-testid="report-hours" bind:value=hours on:input=changed("hours_worked")/>
                                <span class="field-error" data-testid="field-error-hours_worked">{move || err("hours_worked")}</span></label>
                            <label>{move || i.t("report.travel_hours")}<input inputmode="decimal" data-testid="report-travel" bind:value=travel on:input=changed("travel_hours")/>
                                <span class="field-error">{move || err("travel_hours")}</span></label>
                            <label>{move || i.t("report.result")}
                                <select on:change=move |ev| result.set(match event_target_value(&ev).as_str() {
                                    "not_resolved" => Outcome::NotResolved, "escalated" => Outcome::Escalated, _ => Outcome::Resolved })>
                                    <option value="resolved" selected=move || result.get() == Outcome::Resolved>{move || outcome_label(i, Outcome::Resolved)}</option>
                                    <option value="not_resolved" selected=move || result.get() == Outcome::NotResolved>{move || outcome_label(i, Outcome::NotResolved)}</option>
                                    <option value="escalated" selected=move || result.get() == Outcome::Escalated>{move || outcome_label(i, Outcome::Escalated)}</option>
                                </select></label>
                        </div>
                        <label>{move || i.t("report.customer_remarks")}<input bind:value=remarks on:input=changed("customer_remarks")/>
                            <span class="field-error">{move || err("customer_remarks")}</span></label>
                        <div class="actions">
                            <button data-testid="report-save" on:click=move |_| save(false)>{move || i.t("report.save")}</button>
                            <button class="primary" data-testid="report-hand-over" on:click=move |_| save(true)>{move || i.t("report.hand_over")}</button>
                        </div>
                    </section>
                    {report.is_some().then(|| view! { <SendLink wo_id=id problem=problem/> })}
            }.into_any()
        }}
    }
}

#[component]
fn ReportSummaryEmpty() -> impl IntoView {
    let i = use_i18n();
    view! { <p class="card muted">{move || i.t("report.none")}</p> }
}

/// The report as the customer reads it before signing, and as staff see it.
#[component]
pub fn ReportSummary(r: ServiceReport, wo: WorkOrder) -> impl IntoView {
    let i = use_i18n();
    let (fix, result) = (r.fix, r.result);
    let sig = r.signature.clone().map(|s| {
        let at = s.signed_at;
        view! {
            <div class="signature">
                <img data-testid="report-signature" alt=move || i.t("report.signature")
                    src=api::reports::signature_url(wo.id, r.id)/>
                <p>{s.signer_name.clone()}" · "{move || local(at, i.lang.get())}</p>
            </div>
        }
    });
    view! {
        <section class="card" data-testid="report-summary">
            <p class="muted">{wo.customer_name.clone()}" · "{wo.assignee_names.join("、")}</p>
            <table class="kv">
                <tr><th>{move || i.t("report.findings")}</th><td class="pre">{r.findings.clone()}</td></tr>
                <tr><th>{move || i.t("report.actions")}</th><td class="pre">{r.actions.clone()}</td></tr>
                <tr><th>{move || i.t("report.fix")}</th><td>{move || fix_label(i, fix)}</td></tr>
                <tr><th>{move || i.t("report.parts_used")}</th><td>{if r.parts.is_empty() {
                    r.parts_used.clone().into_any()
                } else {
                    view! { <UsedPartsTable parts=r.parts.clone() label=|i, k| i.t(k) both_names=false/> }.into_any()
                }}</td></tr>
                <tr><th>{move || i.t("report.hours_worked")}</th><td>{move || hours_text(i, r.hours_worked)}{move || (r.travel_hours > 0.0).then(|| format!(" · {} {}", i.t("handover.travel"), hours_text(i, r.travel_hours)))}</td></tr>
                <tr><th>{move || i.t("report.result")}</th><td>{move || outcome_label(i, result)}</td></tr>
                {r.amount.map(|a| view! { <tr><th>{move || i.t("quote.total")}</th><td>{a.format()}</td></tr> })}
                <tr><th>{move || i.t("report.customer_remarks")}</th><td>{r.customer_remarks.clone()}</td></tr>
            </table>
            {sig}
        </section>
    }
}

/// A number box: empty is "required", text is "not a number" (never a NaN
/// sent as `null`).
fn number(errors: &mut FieldErrors, field: &str, text: &str) -> f64 {
    let text = text.trim();
    if text.is_empty() {
        errors.insert(field.into(), "must not be empty".into());
        return 0.0;
    }
    match text.replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() => v,
        _ => {
            errors.insert(field.into(), "must be a number".into());
            0.0
        }
    }
}

/// After signing, the next thing to do, right where the engineer looks:
/// leave the site (if still there) and request completion.
#[component]
fn NextAfterSigning(wo: WorkOrder, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let problem = RwSignal::new(None::<ApiProblem>);
    // Leaving is offered while on site, and stays to say when it was done.
    let left = wo
        .steps
        .last()
        .is_some_and(|s| s.kind == servicebook_shared::work_orders::StepKind::Left);
    let leave = (super::logs_steps(&wo) && (wo.on_site || left))
        .then(|| view! { <StepButtons wo=wo.clone() done=done problem=problem/> });
    let complete = super::can(&wo, Verb::RequestCompletion);
    let (id, version) = (wo.id, wo.version);
    (leave.is_some() || complete).then(|| view! {
        <section class="card next-step" data-testid="next-after-signing">
            <h2>{move || i.t("report.next")}</h2>
            {leave}
            {complete.then(|| view! {
                <button class="primary big" data-testid="next-request-completion"
                    on:click=move |_| super::send_action(id, Verb::RequestCompletion, ActionInput { version, ..Default::default() }, done, problem)>
                    {move || super::verb_label(i, Verb::RequestCompletion)}</button>
            })}
            {move || problem.get().map(|p| view! { <ErrorView problem=p/> })}
        </section>
    })
}

/// A one-time link for the customer to sign on their own phone.
#[component]
fn SendLink(wo_id: u64, problem: RwSignal<Option<ApiProblem>>) -> impl IntoView {
    let i = use_i18n();
    let link = RwSignal::new(None::<String>);
    let send = move |_| {
        leptos::task::spawn_local(async move {
            match api::reports::sign_link(wo_id).await {
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
                    link.set(Some(url));
                }
                Err(p) => problem.set(Some(p)),
            }
        });
    };
    view! {
        <section class="card">
            <h2>{move || i.t("sign.send_link")}</h2>
            <p class="muted">{move || i.t("sign.link_hint")}</p>
            {move || match link.get() {
                Some(url) => view! { <input readonly data-testid="sign-link" prop:value=url/> }.into_any(),
                None => view! { <button data-testid="sign-link-create" on:click=send>{move || i.t("sign.send_link")}</button> }.into_any(),
            }}
        </section>
    }
}
