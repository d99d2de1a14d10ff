//! What is due: `/inspections` lists the open visits of the next two
//! weeks (overdue first) with their state, each opening its visit page;
//! a planned one is dispatched to engineers from here. A one-line summary
//! ("N overdue, M due within 14 days") heads the manager's home page and the
//! dispatcher's board.

use super::{visit_state_class, visit_state_label};
use crate::api;
use crate::api::inspections::DueQuery;
use crate::auth::use_auth;
use crate::components::error::{ErrorView, FieldError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::inspections::plans::{PlannedVisit, VisitState};
use servicebook_shared::inspections::visits::{DispatchVisit, InspectionVisit};
use servicebook_shared::{permissions, ApiProblem};
use std::collections::BTreeMap;

/// How many days ahead the summary line looks: the list's own window, so
/// the line counts what the list it links to shows.
const SOON_DAYS: i64 = servicebook_shared::inspections::plans::DUE_DEFAULT_DAYS;

/// `/inspections`: open visits due in the next two weeks.
#[component]
pub fn DueInspections() -> impl IntoView {
    let i = use_i18n();
    let due = crate::load::load(move || {
        async move {
            let visits = api::inspections::due(&DueQuery::default()).await?;
            // Contract numbers and customer names, one read each.
            let mut contracts = BTreeMap::new();
            let mut customers = BTreeMap::new();
            for v in &visits {
                if let std::collections::btree_map::Entry::Vacant(e) =
                    contracts.entry(v.contract_id)
                {
                    if let Ok(c) = api::contracts::get(v.contract_id).await {
                        e.insert(c.number);
                    }
                }
                if let std::collections::btree_map::Entry::Vacant(e) =
                    customers.entry(v.customer_id)
                {
                    if let Ok(c) = api::customers::get(v.customer_id).await {
                        e.insert(c.name);
                    }
                }
            }
            Ok::<_, ApiProblem>((visits, contracts, customers))
        }
    });
    view! {
        <section class="card">
            <h1>{move || i.t("inspections.due")}</h1>
            <p class="muted small">{move || i.t("inspections.due_hint")}</p>
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match due.await {
                    Ok((list, _, _)) if list.is_empty() => view! { <p class="card muted">{move || i.t("inspections.due_none")}</p> }.into_any(),
                    Ok((list, contracts, customers)) => view! {
                        <div data-testid="due-inspections">
                            {list.into_iter().map(|v| {
                                let contract = contracts.get(&v.contract_id).cloned().unwrap_or_else(|| format!("#{}", v.contract_id));
                                let customer = customers.get(&v.customer_id).cloned().unwrap_or_default();
                                view! { <DueRow v=v contract=contract customer=customer/> }
                            }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DueRow(v: PlannedVisit, contract: String, customer: String) -> impl IntoView {
    let i = use_i18n();
    let plans = use_auth().may(permissions::plan_inspections);
    let dispatching = RwSignal::new(false);
    // Dispatching here changes this row only: its state and work order.
    let current = RwSignal::new(v.clone());
    let wo_number = RwSignal::new(None::<String>);
    let state = move || current.with(|v| v.state);
    let (id, version, overdue) = (v.id, v.version, v.overdue);
    view! {
        <section class="card task" data-testid=format!("due-visit-{id}")>
            <div class="row-between">
                <a href=format!("/inspections/visits/{id}") data-testid="due-open"><strong>{v.due_date.to_string()}" · "{contract}</strong></a>
                <span class=move || visit_state_class(state()) data-testid="due-state">{move || visit_state_label(i, state())}</span>
            </div>
            <p>{customer}" · "{v.device_ids.len()}" "{move || i.t("nav.devices")}
                {overdue.then(|| view! { " "<span class="badge bad" data-testid="due-overdue">{move || i.t("inspections.overdue")}</span> })}</p>
            {move || current.with(|v| v.work_order_id).map(|w| view! {
                <p><a href=format!("/work-orders/{w}") data-testid="due-work-order">
                    {move || wo_number.get().unwrap_or_else(|| i.t("visit.work_order"))}</a></p>
            })}
            {move || (plans && state() == VisitState::Planned).then(|| view! {
                <Show when=move || dispatching.get() fallback=move || view! {
                    <button type="button" class="primary" data-testid="due-dispatch" on:click=move |_| dispatching.set(true)>{move || i.t("visit.dispatch")}</button>
                }>
                    <DispatchVisitForm id=id version=version done=Callback::new(move |v: InspectionVisit| {
                        wo_number.set(v.work_order_number.clone());
                        current.set(v.visit);
                    })/>
                </Show>
            })}
        </section>
    }
}

/// Dispatch a planned visit: pick the engineers, then a request and a work
/// order of kind inspection are opened for them.
#[component]
pub fn DispatchVisitForm(id: u64, version: u64, done: Callback<InspectionVisit>) -> impl IntoView {
    let i = use_i18n();
    let engineers = crate::load::load(api::users::engineers);
    let chosen = RwSignal::new(Vec::<u64>::new());
    let problem = RwSignal::new(None::<ApiProblem>);
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(None::<InspectionVisit>);
    let toggle = move |uid: u64, on: bool| {
        chosen.update(|c| {
            c.retain(|x| *x != uid);
            if on {
                c.push(uid);
            }
        })
    };
    let dispatch = move |_| {
        let body = DispatchVisit {
            version,
            assignees: chosen.get_untracked(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::inspections::dispatch(id, &body).await;
            let _ = busy.try_set(false);
            match result {
                Ok(v) => {
                    let _ = problem.try_set(None);
                    let _ = sent.try_set(Some(v.clone()));
                    done.run(v);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    view! {
        <div class="dispatch-visit" data-testid="dispatch-visit">
            <h3>{move || i.t("visit.dispatch_to")}</h3>
            {move || match sent.get() {
                Some(v) => view! {
                    <p class="ok" data-testid="dispatch-done">{move || i.t("visit.dispatched_as")}" "
                        {v.visit.work_order_id.map(|w| view! { <a href=format!("/work-orders/{w}")>{v.work_order_number.clone().unwrap_or_default()}</a> })}</p>
                }.into_any(),
                None => view! {
                    <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                        {move || Suspend::new(async move {
                            match engineers.await {
                                Ok(list) if list.is_empty() => view! { <p class="muted">{move || i.t("visit.no_engineers")}</p> }.into_any(),
                                Ok(list) => view! {
                                    <ul class="picks">
                                        {list.into_iter().map(|u| {
                                            let uid = u.id;
                                            view! { <li><label class="check">
                                                <input type="checkbox" data-testid=format!("dispatch-pick-{uid}")
                                                    prop:checked=move || chosen.with(|x| x.contains(&uid))
                                                    on:change=move |ev| toggle(uid, event_target_checked(&ev))/>
                                                {u.display_name.clone()}</label></li> }
                                        }).collect_view()}
                                    </ul>
                                }.into_any(),
                                Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                            }
                        })}
                    </Transition>
                    <FieldError problem=problem field="assignees"/>
                    {move || problem.get().map(|p| view! { <ErrorView problem=p shown=&["assignees"]/> })}
                    <button class="primary" data-testid="dispatch-visit-go" disabled=move || busy.get() || chosen.with(Vec::is_empty)
                        on:click=dispatch>{move || i.t("visit.dispatch")}</button>
                }.into_any(),
            }}
        </div>
    }
}

/// "Inspections: 2 overdue, 3 due in 7 days", linking to the due list;
/// for those who plan inspections.
#[component]
pub fn InspectionsDueLine() -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let counts = crate::load::load(move || {
        let plans = auth.may(permissions::plan_inspections);
        async move {
            if !plans {
                return None;
            }
            // No `until`: the server counts from the firm's today, which is
            // not the browser's near midnight or in another zone.
            let q = DueQuery {
                limit: Some(1000),
                ..Default::default()
            };
            let list = api::inspections::due(&q).await.ok()?;
            let overdue = list.iter().filter(|v| v.overdue).count();
            Some((overdue, list.len() - overdue))
        }
    });
    move || {
        // Nothing due, nothing said: a firm without inspections sees no line.
        counts.get().flatten().filter(|c| *c != (0, 0)).map(|(overdue, soon)| {
            let any_overdue = overdue > 0;
            view! {
                <p class="card inspections-line">
                    <a href="/inspections" data-testid="inspections-due-line">
                        {move || i.t("visit.due_line_title")}": "
                        <span class:bad=any_overdue>{move || i.t("visit.due_line_overdue").replace("{n}", &overdue.to_string())}</span>
                        {move || i.t("visit.due_line_soon").replace("{n}", &soon.to_string()).replace("{d}", &SOON_DAYS.to_string())}
                    </a>
                </p>
            }
        })
    }
}
