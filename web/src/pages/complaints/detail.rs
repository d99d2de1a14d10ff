//! One complaint: what was said, by whom, about whom and what, its two
//! clocks, and — for the manager — the acknowledge form while it is open
//! and the close form (findings, action, outcome) once acknowledged.

use super::{outcome_label, source_label, ClockCell, StateBadge};
use crate::api;
use crate::auth::use_auth;
use crate::components::error::{field_error, ErrorView, FormError};
use crate::components::history::History;
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::complaints::{
    AcknowledgeComplaint, CloseComplaint, Complaint, ComplaintOutcome, ComplaintState,
};
use servicebook_shared::permissions;
use servicebook_shared::ApiProblem;

#[component]
pub fn ComplaintDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let done = RwSignal::new(0u32);
    let complaint = crate::load::load(move || {
        let (id, _) = (id(), done.get());
        async move { api::complaints::get(id).await }
    });
    let handles = use_auth().may(permissions::handle_complaints);
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match complaint.await {
                    Ok(c) => {
                        let id = c.id;
                        let state = c.state;
                        view! {
                            <Facts c=c.clone()/>
                            {(handles && state == ComplaintState::Open).then(|| view! { <AcknowledgeForm c=c.clone() done=done/> })}
                            {(handles && state == ComplaintState::Acknowledged).then(|| view! { <CloseForm c=c.clone() done=done/> })}
                            <History record_type="complaints" record_id=id refresh=Signal::derive(move || done.get() as usize)
                                names=vec![(c.customer_id, c.customer_name.clone())]/>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Facts(c: Complaint) -> impl IntoView {
    let i = use_i18n();
    let received = c.received_at;
    let acked = c.acknowledged_at;
    let closed = c.closed_at;
    let persons = if c.person_names.is_empty() {
        "—".to_owned()
    } else {
        c.person_names
            .iter()
            .zip(&c.persons)
            .map(|(n, u)| format!("{n} ({u})"))
            .collect::<Vec<_>>()
            .join("、")
    };
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("complaints.complaint")}" "{c.number.clone()}</h1>
                <StateBadge state=c.state/>
            </div>
            <p class="pre" data-testid="complaint-summary-text">{c.summary.clone()}</p>
            <table class="kv" data-testid="complaint-facts">
                <tr><th>{move || i.t("complaints.customer")}</th><td><a href=format!("/customers/{}", c.customer_id)>{c.customer_name.clone()}</a></td></tr>
                {c.request_id.map(|r| view! { <tr><th>{move || i.t("complaints.request")}</th>
                    <td><a href=format!("/requests/{r}")>{c.request_number.clone().unwrap_or_default()}</a>
                    {c.work_order_id.map(|w| view! { " · "<a href=format!("/work-orders/{w}")>{c.work_order_number.clone().unwrap_or_default()}</a> })}</td></tr> })}
                <tr><th>{move || i.t("complaints.persons")}</th><td data-testid="complaint-persons-text">{persons}</td></tr>
                <tr><th>{move || i.t("complaints.source")}</th><td>{move || source_label(i, c.source)}</td></tr>
                <tr><th>{move || i.t("complaints.received_at")}</th><td>{move || local(received, i.lang.get())}" · "{c.logged_by.clone()}</td></tr>
                <tr><th>{move || i.t("complaints.ack_clock")}</th><td><ClockCell clock=c.clocks.acknowledge.clone()/></td></tr>
                <tr><th>{move || i.t("complaints.close_clock")}</th><td><ClockCell clock=c.clocks.close.clone()/></td></tr>
                {acked.map(|t| view! { <tr><th>{move || i.t("complaints.acknowledged")}</th>
                    <td>{move || local(t, i.lang.get())}" · "{c.acknowledged_by.clone().unwrap_or_default()}
                    {(!c.acknowledge_note.is_empty()).then(|| view! { <br/><span class="pre">{c.acknowledge_note.clone()}</span> })}</td></tr> })}
                {closed.map(|t| view! {
                    <tr><th>{move || i.t("complaints.findings")}</th><td class="pre">{c.findings.clone()}</td></tr>
                    <tr><th>{move || i.t("complaints.action")}</th><td class="pre">{c.action.clone()}</td></tr>
                    <tr><th>{move || i.t("complaints.outcome")}</th><td data-testid="complaint-outcome">{move || c.outcome.map(|o| outcome_label(i, o))}</td></tr>
                    <tr><th>{move || i.t("complaints.closed")}</th><td>{move || local(t, i.lang.get())}" · "{c.closed_by.clone().unwrap_or_default()}</td></tr>
                })}
            </table>
        </section>
    }
}

#[component]
fn AcknowledgeForm(c: Complaint, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiProblem>);
    let (id, version) = (c.id, c.version);
    let act = crate::load::act(move |body: &AcknowledgeComplaint| {
        let body = body.clone();
        async move { api::complaints::acknowledge(id, &body).await }
    });
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => done.update(|n| *n += 1),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = note.get_untracked();
        act.dispatch(AcknowledgeComplaint {
            version,
            note: (!n.trim().is_empty()).then_some(n),
        });
    };
    view! {
        <section class="card">
            <h2>{move || i.t("complaints.acknowledge")}</h2>
            <form on:submit=submit class="grid-form" data-testid="complaint-ack-form">
                <label class="span">{move || i.t("complaints.note")}<textarea rows="2" bind:value=note></textarea>
                    <span class="field-error">{move || error.with(|p| field_error(p, "note"))}</span></label>
                <button type="submit" class="primary" data-testid="complaint-acknowledge" disabled=move || act.pending().get()>{move || i.t("complaints.acknowledge")}</button>
            </form>
            <FormError problem=error shown=&["note", "version"]/>
        </section>
    }
}

#[component]
fn CloseForm(c: Complaint, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let findings = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<ComplaintOutcome>);
    let error = RwSignal::new(None::<ApiProblem>);
    let (id, version) = (c.id, c.version);
    let act = crate::load::act(move |body: &CloseComplaint| {
        let body = body.clone();
        async move { api::complaints::close(id, &body).await }
    });
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => done.update(|n| *n += 1),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        act.dispatch(CloseComplaint {
            version,
            findings: findings.get_untracked(),
            action: action.get_untracked(),
            outcome: outcome.get_untracked(),
        });
    };
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    view! {
        <section class="card">
            <h2>{move || i.t("complaints.close")}</h2>
            <form on:submit=submit class="grid-form" data-testid="complaint-close-form">
                <label class="span">{move || i.t("complaints.findings")}<textarea rows="3" data-testid="complaint-findings" bind:value=findings></textarea>
                    <span class="field-error">{err("findings")}</span></label>
                <label class="span">{move || i.t("complaints.action")}<textarea rows="3" data-testid="complaint-action" bind:value=action></textarea>
                    <span class="field-error">{err("action")}</span></label>
                <fieldset class="span plain">
                    <legend>{move || i.t("complaints.outcome")}</legend>
                    <div class="checks">
                        {ComplaintOutcome::ALL.into_iter().map(|o| view! {
                            <label><input type="radio" name="complaint-outcome" data-testid=format!("complaint-outcome-{}", o.as_str())
                                prop:checked=move || outcome.get() == Some(o) on:change=move |_| outcome.set(Some(o))/>
                                {move || outcome_label(i, o)}</label>
                        }).collect_view()}
                    </div>
                    <span class="field-error">{err("outcome")}</span>
                </fieldset>
                <button type="submit" class="primary" data-testid="complaint-close" disabled=move || act.pending().get()>{move || i.t("complaints.close")}</button>
            </form>
            <FormError problem=error shown=&["findings", "action", "outcome", "version"]/>
        </section>
    }
}
