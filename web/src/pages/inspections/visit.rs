//! `/inspections/visits/:id`: an inspection visit on the engineer's phone.
//! Who, where and when; how many devices are recorded; "find device" by
//! serial, asset tag or a scanned label; each device's checklist; the
//! findings and the requests they opened; the customer's signature once
//! every device is recorded; read-only with the printed report once done.

use super::device_check::DeviceCheckForm;
use super::due::DispatchVisitForm;
use super::find::{find_device, Miss};
use super::results::{Findings, VisitResults};
use super::visit_sign::{SignedBy, VisitSign};
use super::{
    device_line, device_status, device_status_class, device_status_text, visit_state_class,
    visit_state_label,
};
use crate::api;
use crate::auth::use_auth;
use crate::components::error::ErrorView;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::inspections::plans::VisitState;
use servicebook_shared::inspections::visits::{open_for_work, unrecorded, InspectionVisit};
use servicebook_shared::{permissions, ApiProblem};

#[component]
pub fn VisitPage() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let auth = use_auth();
    let reload = RwSignal::new(0u32);
    let data = crate::load::load(move || {
        reload.track();
        let id = id();
        async move {
            let v = api::inspections::visit(id).await?;
            // Whether the user is one of the engineers it was dispatched to.
            let assigned = match v.visit.work_order_id {
                Some(wo) => api::work_orders::get(wo)
                    .await
                    .is_ok_and(|w| auth.is_one_of(&w.assignees)),
                None => false,
            };
            Ok::<_, ApiProblem>((v, assigned))
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((v, assigned)) => view! { <VisitView initial=v assigned=assigned reload=reload/> }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn VisitView(initial: InspectionVisit, assigned: bool, reload: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let visit = RwSignal::new(initial.clone());
    let id = initial.visit.id;
    let records = auth.may(|w| permissions::record_inspections(w, assigned));
    let plans = auth.may(permissions::plan_inspections);
    let state = Memo::new(move |_| visit.with(|v| v.visit.state));
    // Checks are recorded, and the customer signs, while the visit is open
    // for work and only by whoever may record it.
    let working = Memo::new(move |_| records && open_for_work(state.get()).is_ok());
    let progress = move || {
        visit.with(|v| {
            let left = unrecorded(&v.visit.device_ids, &v.checks).len();
            (v.visit.device_ids.len() - left, v.visit.device_ids.len())
        })
    };
    let v = initial;
    let overdue = v.visit.overdue;
    let wo = v.visit.work_order_id;
    view! {
        <section class="card" data-testid="visit">
            <div class="row-between">
                <h1>{move || i.t("visit.title")}" · "<a href=format!("/contracts/{}", v.visit.contract_id)>{v.contract_number.clone()}</a></h1>
                <span class=move || visit_state_class(state.get()) data-testid="visit-state">{move || visit_state_label(i, state.get())}</span>
            </div>
            <p><a href=format!("/customers/{}", v.visit.customer_id)>{v.customer_name.clone()}</a></p>
            <p class:bad=overdue><strong>{move || i.t("inspections.due_date")}": "</strong>{v.visit.due_date.to_string()}
                {overdue.then(|| view! { " "<span class="badge bad">{move || i.t("inspections.overdue")}</span> })}</p>
            <p><strong>{move || i.t("wo.assignees")}": "</strong>
                <span data-testid="visit-engineers">{move || visit.with(|v| if v.engineers.is_empty() { "—".to_owned() } else { v.engineers.join("、") })}</span>
                {move || visit.with(|v| v.work_order_number.clone()).and_then(|n| wo.map(|w| view! {
                    " · "<a href=format!("/work-orders/{w}") data-testid="visit-work-order">{n}</a>
                }))}</p>
            <p><strong>{move || i.t("inspections.standard")}": "</strong>{move || super::template_name(i, &v.template)}</p>
            <p data-testid="visit-progress">{move || {
                let (done, all) = progress();
                i.t("visit.progress").replace("{done}", &done.to_string()).replace("{all}", &all.to_string())
            }}</p>
        </section>
        {move || (state.get() == VisitState::Planned && plans).then(|| view! {
            <DispatchVisitForm id=id version=visit.with_untracked(|v| v.visit.version)
                done=Callback::new(move |_| reload.update(|n| *n += 1))/>
        })}
        {move || if working.get() {
            view! { <Working visit=visit/> }.into_any()
        } else {
            view! { <ReadOnly visit=visit/> }.into_any()
        }}
    }
}

/// Recording: find a device, its checklist, the findings, the signature.
#[component]
fn Working(visit: RwSignal<InspectionVisit>) -> impl IntoView {
    let i = use_i18n();
    // Opened from a device's page (its label scanned): that device's
    // checklist, if it is on this visit.
    let asked: Option<u64> = leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("device")
        .and_then(|d| d.parse().ok())
        .filter(|d| visit.with_untracked(|v| v.devices.iter().any(|x| x.id == *d)));
    let open = RwSignal::new(asked);
    let query = RwSignal::new(String::new());
    let miss = RwSignal::new(None::<Miss>);
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let found = visit.with_untracked(|v| find_device(&v.devices, &query.get_untracked()));
        match found {
            Ok(d) => {
                miss.set(None);
                query.set(String::new());
                open.set(Some(d));
            }
            Err(m) => miss.set(Some(m)),
        }
    };
    let all_recorded =
        Memo::new(move |_| visit.with(|v| unrecorded(&v.visit.device_ids, &v.checks).is_empty()));
    view! {
        <section class="card">
            <form class="find-device" on:submit=find>
                <label>{move || i.t("visit.find_device")}
                    <input data-testid="find-device" autocomplete="off" bind:value=query
                        placeholder=move || i.t("visit.find_hint") on:input=move |_| miss.set(None)/></label>
                <button type="submit" class="primary" data-testid="find-device-go">{move || i.t("visit.open_device")}</button>
            </form>
            {move || miss.get().map(|m| view! {
                <p class="field-error" data-testid="find-device-miss">{move || i.t(match m {
                    Miss::Empty => "visit.find_empty",
                    Miss::NotOnVisit => "visit.find_not_on_visit",
                    Miss::NoMatch => "visit.find_no_match",
                })}</p>
            })}
        </section>
        {move || match open.get() {
            Some(d) => view! { <DeviceCheckForm visit=visit device_id=d close=Callback::new(move |_| open.set(None))/> }.into_any(),
            None => view! { <DeviceList visit=visit open=open/> }.into_any(),
        }}
        {move || view! { <Findings findings=visit.with(|v| v.findings.clone()) links=true/> }}
        <Show when=move || all_recorded.get() fallback=move || view! {
            <p class="card muted" data-testid="visit-sign-waits">{move || i.t("visit.sign_waits")}</p>
        }>
            <VisitSign visit=visit/>
        </Show>
    }
}

/// The visit's devices with where each stands; a tap opens its checklist.
#[component]
fn DeviceList(visit: RwSignal<InspectionVisit>, open: RwSignal<Option<u64>>) -> impl IntoView {
    let i = use_i18n();
    view! {
        <section class="card">
            <h2>{move || i.t("visit.devices")}</h2>
            <ul class="device-list" data-testid="visit-devices">
                {move || visit.with(|v| v.devices.iter().map(|d| {
                    let status = device_status(v.checks.iter().find(|c| c.device_id == d.id));
                    let did = d.id;
                    view! {
                        <li>
                            <button type="button" class="device-row" data-testid=format!("visit-device-{did}") on:click=move |_| open.set(Some(did))>
                                <span>{device_line(d)}{(!d.asset_tag.is_empty()).then(|| format!(" · {}", d.asset_tag))}</span>
                                <span class=device_status_class(status)>{move || device_status_text(i, status)}</span>
                            </button>
                        </li>
                    }
                }).collect_view())}
            </ul>
        </section>
    }
}

/// A visit that is not being recorded here: done (signed, with its
/// report), or planned, cancelled, or someone else's work.
#[component]
fn ReadOnly(visit: RwSignal<InspectionVisit>) -> impl IntoView {
    let i = use_i18n();
    move || {
        let v = visit.get();
        let id = v.visit.id;
        let done = v.visit.state == VisitState::Done;
        let why = match v.visit.state {
            VisitState::Planned => Some("visit.read_only_planned"),
            VisitState::Dispatched | VisitState::InProgress => Some("visit.read_only_not_yours"),
            VisitState::Cancelled => Some("visit.read_only_cancelled"),
            VisitState::Done => None,
        };
        let signature = v.signature.clone();
        view! {
            {why.map(|w| view! { <p class="card notice" data-testid="visit-read-only">{move || i.t(w)}</p> })}
            <VisitResults visit=v staff=true/>
            {signature.map(|s| view! { <SignedBy id=id signature=s/> })}
            {done.then(|| view! {
                <section class="card actions">
                    <a class="button primary" data-testid="visit-print" href=format!("/inspections/visits/{id}/print")>{move || i.t("visit.print")}</a>
                </section>
            })}
        }
    }
}
