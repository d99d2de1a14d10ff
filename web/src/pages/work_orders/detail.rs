//! One work order: what is to be done and for whom, dispatch with the
//! suggested engineer, the actions the state and the user's role allow,
//! the engineer's steps, the quote of chargeable work, and its history.

use super::escalation::{EarlierWork, EscalateForm};
use super::steps::StepButtons;
use super::{
    assigned, can, kind_label, logs_steps, send_action, state_class, state_label, step_label,
    verb_label,
};
use crate::api;
use crate::components::documents::Documents;
use crate::components::error::{ErrorView, FieldError};
use crate::components::history::History;
use crate::components::time::local;
use crate::i18n::{use_i18n, I18n};
use crate::pages::requests::{leg_label, local_input_to_utc, site_line, urgency_label};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::files::AttachedTo;
use servicebook_shared::permissions;
use servicebook_shared::requests::Urgency;
use servicebook_shared::sla::Leg;
use servicebook_shared::work_orders::{ActionInput, QuoteInput, Verb, WorkOrder};
use servicebook_shared::{ApiProblem, Money, ProblemCode};

/// The fields of actions and the quote, shown next to their inputs.
const SHOWN: &[&str] = &[
    "reason",
    "until",
    "assignees",
    "contract_id",
    "hours",
    "parts_amount",
    "parts_note",
    "approved_by",
];

#[component]
pub fn WorkOrderDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let done = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<ApiProblem>);
    let wo = crate::load::load(move || {
        done.track();
        let id = id();
        api::work_orders::get(id)
    });
    view! {
        {move || problem.get().map(|p| view! { <ErrorView problem=p shown=SHOWN/> })}
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match wo.await {
                    Ok(w) => view! { <WorkOrderView w=w done=done problem=problem/> }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn WorkOrderView(
    w: WorkOrder,
    done: RwSignal<u32>,
    problem: RwSignal<Option<ApiProblem>>,
) -> impl IntoView {
    let i = use_i18n();
    let id = w.id;
    let state = w.state;
    let kind = w.kind;
    let u = w.urgency;
    let simple: Vec<Verb> = [
        Verb::Start,
        Verb::RequestCompletion,
        Verb::ApproveExtension,
        Verb::Complete,
    ]
    .into_iter()
    .filter(|v| can(&w, *v))
    .collect();
    let with_reason: Vec<Verb> = [Verb::RefuseExtension, Verb::RefuseCompletion, Verb::Cancel]
        .into_iter()
        .filter(|v| can(&w, *v))
        .collect();
    let reason = RwSignal::new(String::new());
    let version = w.version;
    let (level, context) = (w.level, w.context.clone());
    let docs = RwSignal::new(0usize);
    let auth = crate::auth::use_auth();
    let mine = assigned(&w);
    let attaches = auth.may(|who| permissions::attach_documents(who, AttachedTo::WorkOrder, mine));
    let escalates = auth.may(|who| permissions::escalate(who, mine, state));
    // What the history names by id: the engineers, the customer, the request.
    let mut known: Vec<(u64, String)> = w
        .assignees
        .iter()
        .copied()
        .zip(w.assignee_names.iter().cloned())
        .collect();
    known.push((w.customer_id, w.customer_name.clone()));
    known.push((w.request_id, w.request_number.clone()));
    let has_earlier = w.escalated_from.is_some();
    let device_name = if w.device_name.is_empty() {
        i.t("request.device")
    } else {
        w.device_name.clone()
    };
    view! {
        <section class="card">
            <div class="row-between">
                <h1 data-testid="wo-number">{w.number.clone()}</h1>
                <span class=state_class(state) data-testid="wo-state">{move || state_label(i, state)}</span>
            </div>
            <p>{move || kind_label(i, kind)}" · "
                <span class=if u == Urgency::Urgent { "badge bad" } else { "badge" }>{move || urgency_label(i, u)}</span>" · "
                <a href=format!("/requests/{}", w.request_id)>{w.request_number.clone()}</a>" · "
                <a href=format!("/customers/{}", w.customer_id)>{w.customer_name.clone()}</a>
                {w.device_id.map(|d| view! { " · " <a href=format!("/devices/{d}") data-testid="wo-device">{device_name.clone()}</a> })}</p>
            {w.site.clone().map(|s| view! { <p data-testid="wo-site"><strong>{move || i.t("request.site")}": "</strong>{site_line(&s)}</p> })}
            <p class="pre">{w.description.clone()}</p>
            {w.escalated_from.map(|f| view! {
                <p class="warn" data-testid="wo-escalated">{move || i.t("escalate.level").replace("{n}", &level.to_string())}" · "
                    <a href=format!("/work-orders/{f}")>{move || i.t("escalate.from")}</a></p>
                <p class="pre" data-testid="wo-context">{context.clone()}</p>
            })}
            {match w.inspection_visit_id {
                // An inspection's report is its visit, signed by the customer.
                Some(v) => view! { <p><a class="button primary big" data-testid="wo-inspection-visit" href=format!("/inspections/visits/{v}")>{move || i.t("visit.open_visit")}</a></p> }.into_any(),
                None => view! { <p><a class="button" data-testid="wo-report" href=format!("/work-orders/{id}/report")>{move || i.t("report.title")}</a></p> }.into_any(),
            }}
            <p><strong>{move || i.t("wo.assignees")}": "</strong>
                <span data-testid="wo-assignees">{if w.assignee_names.is_empty() { "—".to_owned() } else { w.assignee_names.join("、") }}</span></p>
            {w.contract_id.map(|c| view! { <p><a href=format!("/contracts/{c}")>{move || i.t("wo.contract")}</a></p> })}
            {w.extension.clone().map(|x| {
                let until = x.until;
                view! { <p class="warn">{move || i.t("wo.extension_asked")}" "{move || local(until, i.lang.get())}" — "{x.reason.clone()}" ("{x.by.clone()}")"</p> }
            })}
            <div class="actions">
                {simple.into_iter().map(|v| view! {
                    <button class="primary" data-testid=format!("wo-{}", v.as_str())
                        on:click=move |_| send_action(id, v, ActionInput { version, ..Default::default() }, done, problem)>
                        {move || verb_label(i, v)}</button>
                }).collect_view()}
            </div>
            {(!with_reason.is_empty()).then(|| view! {
                <div class="row-fields">
                    <label>{move || i.t("wo.reason")}<input data-testid="wo-reason" bind:value=reason/>
                        <FieldError problem=problem field="reason"/></label>
                    {with_reason.into_iter().map(|v| view! {
                        <button data-testid=format!("wo-{}", v.as_str())
                            on:click=move |_| send_action(id, v, ActionInput { version, reason: reason.get_untracked(), ..Default::default() }, done, problem)>
                            {move || verb_label(i, v)}</button>
                    }).collect_view()}
                </div>
            })}
        </section>
        {can(&w, Verb::Dispatch).then(|| view! { <DispatchPanel w=w.clone() done=done problem=problem/> })}
        {w.chargeable.then(|| view! { <QuotePanel w=w.clone() done=done problem=problem/> })}
        {logs_steps(&w).then(|| view! {
            <section class="card">
                <h2>{move || i.t("wo.log_step")}</h2>
                <StepButtons wo=w.clone() done=done problem=problem/>
            </section>
        })}
        {can(&w, Verb::RequestExtension).then(|| view! { <ExtensionForm w=w.clone() done=done problem=problem/> })}
        <super::parts::WorkOrderParts w=w.clone()/>
        {has_earlier.then(|| view! { <EarlierWork w=w.clone()/> })}
        <Documents record_type=AttachedTo::WorkOrder record_id=id editable=attaches refresh=docs/>
        {escalates.then(|| view! { <EscalateForm w=w.clone()/> })}
        <section class="card">
            <h2>{move || i.t("wo.steps")}</h2>
            <ul class="timeline" data-testid="wo-steps">
                {w.steps.iter().map(|s| {
                    let at = s.at;
                    let k = s.kind;
                    let visit = s.visit_at;
                    let late = s.logged_late().then(|| (s.logged_at, s.late_reason.clone()));
                    view! { <li><span class="muted nowrap">{move || local(at, i.lang.get())}</span>" "
                        {move || step_label(i, k)}" · "{s.by.clone()}
                        {(!s.note.is_empty()).then(|| format!(" — {}", s.note))}
                        {late.map(|(logged, reason)| view! { " " <span class="badge warn" data-testid="step-logged-late">
                            {move || i.t("step.logged_late")}
                            {logged.map(|l| view! { " "{move || local(l, i.lang.get())}})}
                            {(!reason.is_empty()).then(|| format!(": {reason}"))}</span> })}
                        {visit.map(|v| view! { " · "{move || i.t("step.visit_at")}" "{move || local(v, i.lang.get())} })}</li> }
                }).collect_view()}
            </ul>
            <h2>{move || i.t("wo.transitions")}</h2>
            <ul class="timeline">
                {w.history.iter().map(|t| {
                    let at = t.at;
                    let (v, to) = (t.verb, t.to);
                    view! { <li><span class="muted nowrap">{move || local(at, i.lang.get())}</span>" "
                        {move || verb_label(i, v)}" → "{move || state_label(i, to)}" · "{t.by.clone()}
                        {(!t.reason.is_empty()).then(|| format!(" — {}", t.reason))}</li> }
                }).collect_view()}
            </ul>
        </section>
        <History record_type="work_orders" record_id=id refresh=Signal::derive(move || done.get() as usize + docs.get()) names=known/>
    }
}

#[component]
fn DispatchPanel(
    w: WorkOrder,
    done: RwSignal<u32>,
    problem: RwSignal<Option<ApiProblem>>,
) -> impl IntoView {
    let i = use_i18n();
    let id = w.id;
    let version = w.version;
    let chosen = RwSignal::new(w.assignees.clone());
    let contract = RwSignal::new(w.contract_id.map(|c| c.to_string()).unwrap_or_default());
    let customer_id = w.customer_id;
    // The customer's contracts to pick from (a number, not an id to type).
    let contracts = crate::load::load(move || async move {
        let q = crate::api::contracts::ContractQuery {
            customer_id: Some(customer_id),
            limit: Some(200),
            ..Default::default()
        };
        api::contracts::list(&q)
            .await
            .map(|p| p.items)
            .unwrap_or_default()
    });
    let candidates =
        crate::load::load(move || async move { api::work_orders::candidates(id).await });
    let toggle = move |uid: u64, on: bool| {
        chosen.update(|c| {
            c.retain(|x| *x != uid);
            if on {
                c.push(uid);
            }
        })
    };
    view! {
        <section class="card">
            <h2>{move || i.t("wo.dispatch")}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match candidates.await {
                        Ok(list) => {
                            if chosen.get_untracked().is_empty() {
                                if let Some(first) = list.iter().find(|c| c.suggested) {
                                    chosen.set(vec![first.user_id]);
                                }
                            }
                            view! {
                                <ul class="picks" data-testid="wo-candidates">
                                    {list.into_iter().map(|c| {
                                        let uid = c.user_id;
                                        view! { <li><label class="check">
                                            <input type="checkbox" data-testid=format!("pick-{uid}")
                                                prop:checked=move || chosen.with(|x| x.contains(&uid))
                                                on:change=move |ev| toggle(uid, event_target_checked(&ev))/>
                                            <strong>{c.display_name.clone()}</strong>
                                            {c.suggested.then(|| view! { " " <span class="badge ok">{move || i.t("wo.suggested")}</span> })}
                                            <span class="muted small">" "{move || i.t("wo.load").replace("{open}", &c.open.to_string()).replace("{urgent}", &c.urgent_open.to_string())}
                                                {(!c.skills.is_empty()).then(|| format!(" · {}", c.skills.join(", ")))}</span>
                                        </label></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
            <FieldError problem=problem field="assignees"/>
            <label>{move || i.t("wo.link_contract")}
                // Rendered once the list is there, so the linked one shows selected.
                <Suspense>{move || Suspend::new(async move {
                    let list = contracts.await;
                    view! {
                        <select data-testid="wo-contract" on:change=move |ev| contract.set(event_target_value(&ev)) prop:value=move || contract.get()>
                            <option value="">{move || i.t("wo.no_contract")}</option>
                            {list.into_iter().map(|c| {
                                let label = format!("{} · {} – {}", c.number, c.start_date, c.end_date);
                                view! { <option value=c.id.to_string()>{label}</option> }
                            }).collect_view()}
                        </select>
                    }
                })}</Suspense>
                <FieldError problem=problem field="contract_id"/></label>
            <button class="primary" data-testid="wo-dispatch" on:click=move |_| {
                let input = ActionInput {
                    version,
                    assignees: chosen.get_untracked(),
                    contract_id: contract.get_untracked().trim().parse().ok(),
                    ..Default::default()
                };
                send_action(id, Verb::Dispatch, input, done, problem)
            }>{move || verb_label(i, Verb::Dispatch)}</button>
        </section>
    }
}

#[component]
fn ExtensionForm(
    w: WorkOrder,
    done: RwSignal<u32>,
    problem: RwSignal<Option<ApiProblem>>,
) -> impl IntoView {
    let i = use_i18n();
    let (id, version) = (w.id, w.version);
    let until = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let leg = RwSignal::new(String::new());
    let legs: Vec<Leg> = if w.urgency == Urgency::Urgent {
        vec![Leg::CallBack, Leg::OnSite, Leg::ReportFiled]
    } else {
        vec![Leg::CallBack, Leg::VisitBooked, Leg::ReportFiled]
    };
    view! {
        <section class="card">
            <h2>{move || verb_label(i, Verb::RequestExtension)}</h2>
            <div class="row-fields">
                <label>{move || i.t("wo.until")}<input type="datetime-local" bind:value=until/>
                    <FieldError problem=problem field="until"/></label>
                <label>{move || i.t("wo.leg")}
                    <select on:change=move |ev| leg.set(event_target_value(&ev))>
                        <option value="">{move || i.t("wo.no_leg")}</option>
                        {legs.into_iter().map(|l| view! { <option value=l.as_str()>{move || leg_label(i, l)}</option> }).collect_view()}
                    </select></label>
            </div>
            <label>{move || i.t("wo.reason")}<input bind:value=reason/>
                <FieldError problem=problem field="reason"/></label>
            <button data-testid="wo-request-extension" on:click=move |_| {
                let input = ActionInput {
                    version,
                    reason: reason.get_untracked(),
                    until: local_input_to_utc(&until.get_untracked()),
                    leg: Leg::ALL.into_iter().find(|l| l.as_str() == leg.get_untracked()),
                    ..Default::default()
                };
                send_action(id, Verb::RequestExtension, input, done, problem)
            }>{move || verb_label(i, Verb::RequestExtension)}</button>
        </section>
    }
}

fn money(v: Money) -> String {
    v.format()
}

#[component]
fn QuotePanel(
    w: WorkOrder,
    done: RwSignal<u32>,
    problem: RwSignal<Option<ApiProblem>>,
) -> impl IntoView {
    let i = use_i18n();
    let auth = crate::auth::use_auth();
    let (id, version) = (w.id, w.version);
    let q = w.quote.clone();
    let hours = RwSignal::new(q.as_ref().map(|q| q.hours.to_string()).unwrap_or_default());
    let travel = RwSignal::new(q.as_ref().is_none_or(|q| q.travel_fee > Money::ZERO));
    let parts = RwSignal::new(
        q.as_ref()
            .map(|q| q.parts_amount.plain())
            .unwrap_or_default(),
    );
    let note = RwSignal::new(q.as_ref().map(|q| q.parts_note.clone()).unwrap_or_default());
    let approver = RwSignal::new(String::new());
    let mine = assigned(&w);
    let open =
        q.as_ref().is_none_or(|q| q.approved.is_none()) && Verb::ApproveQuote.next(w.state).is_ok();
    // Pricing: the engineers of the work and the desk or sales.
    let prices = open && auth.may(|who| permissions::set_quote(who, mine));
    // The customer's approval is recorded by the desk or sales.
    let approves = open && q.is_some() && can(&w, Verb::ApproveQuote);
    let save = move |_| {
        let parts_text = parts.get_untracked();
        let parts_amount = if parts_text.trim().is_empty() {
            Some(Money::ZERO)
        } else {
            Money::parse(&parts_text)
        };
        let Some(parts_amount) = parts_amount else {
            problem.set(Some(
                ApiProblem::new(422, ProblemCode::Invalid, "Invalid input", "")
                    .with_field("parts_amount", i.t("quote.bad_amount")),
            ));
            return;
        };
        let body = QuoteInput {
            version,
            hours: hours.get_untracked().trim().parse().unwrap_or(f64::NAN),
            travel: travel.get_untracked(),
            parts_amount,
            parts_note: note.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::work_orders::set_quote(id, &body).await {
                Ok(_) => {
                    let _ = problem.try_set(None);
                    let _ = done.try_update(|n| *n += 1);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    view! {
        <section class="card">
            <h2>{move || i.t("quote.title")}</h2>
            <p class="muted">{move || i.t("quote.why")}</p>
            {w.quote.clone().map(|q| quote_view(i, q))}
            {prices.then(|| view! {
                <div class="row-fields">
                    <label>{move || i.t("quote.hours")}<input inputmode="decimal" data-testid="quote-hours" bind:value=hours/>
                        <FieldError problem=problem field="hours"/></label>
                    <label>{move || i.t("quote.parts_amount")}<input inputmode="decimal" data-testid="quote-parts" bind:value=parts/>
                        <FieldError problem=problem field="parts_amount"/></label>
                </div>
                <label class="check"><input type="checkbox" bind:checked=travel/>{move || i.t("quote.travel")}</label>
                <label>{move || i.t("quote.parts_note")}<input bind:value=note/>
                    <FieldError problem=problem field="parts_note"/></label>
                <button data-testid="quote-save" on:click=save>{move || i.t("quote.save")}</button>
            })}
            {approves.then(|| view! {
                <div class="row-fields">
                    <label>{move || i.t("quote.approved_by")}<input data-testid="quote-approver" bind:value=approver/>
                        <FieldError problem=problem field="approved_by"/></label>
                    <button class="primary" data-testid="wo-approve-quote" on:click=move |_| send_action(id, Verb::ApproveQuote,
                        ActionInput { version, approved_by: approver.get_untracked(), ..Default::default() }, done, problem)>
                        {move || verb_label(i, Verb::ApproveQuote)}</button>
                </div>
            })}
        </section>
    }
}

fn quote_view(i: I18n, q: servicebook_shared::work_orders::Quote) -> impl IntoView {
    let approved = q.approved.clone().map(|a| {
        let at = a.at;
        view! { <p class="ok" data-testid="quote-approved">{move || i.t("quote.approved")}" "{a.by.clone()}" · "{move || local(at, i.lang.get())}</p> }
    });
    view! {
        <table class="kv">
            <tr><th>{move || i.t("quote.hours")}</th><td>{format!("{} × {}", q.hours, money(q.hourly_rate))}</td></tr>
            <tr><th>{move || i.t("quote.travel")}</th><td>{money(q.travel_fee)}</td></tr>
            <tr><th>{move || i.t("quote.parts_amount")}</th><td>{money(q.parts_amount)}{(!q.parts_note.is_empty()).then(|| format!(" ({})", q.parts_note))}</td></tr>
            <tr><th>{move || i.t("quote.total")}</th><td data-testid="quote-total"><strong>{money(q.total)}</strong></td></tr>
        </table>
        {approved}
    }
}
