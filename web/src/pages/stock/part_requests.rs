//! The store keeper's queue of part requests (备件申请): approve by
//! reserving at a warehouse, reject with a reason, issue to the engineer's
//! kit (serials for serial-tracked parts), and see receipts that did not
//! match. Also the pieces the work order page shows for its requests.

use super::movement::split_serials;
use super::use_locations;
use crate::api;
use crate::api::part_requests::PrQuery;
use crate::components::error::{ErrorView, FormError};
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use servicebook_shared::part_requests::{ApprovePr, IssuePr, PartRequest, PrState, ReasonPr};
use servicebook_shared::stock::LocationKind;
use servicebook_shared::ApiProblem;

pub fn pr_state_label(i: I18n, s: PrState) -> String {
    i.t(&format!("pr.state.{}", s.as_str()))
}

pub fn pr_state_class(s: PrState) -> &'static str {
    match s {
        PrState::Requested | PrState::Approved => "badge warn",
        PrState::Issued => "badge",
        PrState::Received => "badge ok",
        PrState::Rejected | PrState::Cancelled => "badge muted",
    }
}

/// A part's name in the user's language (the other one if it is empty).
pub fn name_in(i: I18n, zh: &str, en: &str) -> String {
    let (first, second) = if i.lang.get().tag().starts_with("zh") {
        (zh, en)
    } else {
        (en, zh)
    };
    if first.trim().is_empty() {
        second
    } else {
        first
    }
    .to_owned()
}

/// A request's lines, its state and what differed on receipt.
#[component]
pub fn PrSummary(r: PartRequest) -> impl IntoView {
    let i = use_i18n();
    let state = r.state;
    view! {
        <div class="row-between">
            <strong>{format!("PR-{} · {} · {}", r.id, r.work_order_number, r.engineer_name)}</strong>
            <span class=pr_state_class(state) data-testid="pr-state">{move || pr_state_label(i, state)}</span>
        </div>
        <ul data-testid="pr-lines">
            {r.lines.iter().map(|l| {
                let (zh, en) = (l.name_zh.clone(), l.name_en.clone());
                let serials = l.issued_serials.join(", ");
                view! { <li>{l.part_number.clone()}" · "{move || name_in(i, &zh, &en)}" × "{l.quantity}" "{l.unit.clone()}
                    {(!serials.is_empty()).then(|| view! { <span class="muted">" ("{serials}")"</span> })}
                    {(!l.note.is_empty()).then(|| view! { <span class="muted">" — "{l.note.clone()}</span> })}</li> }
            }).collect_view()}
        </ul>
        {(!r.note.is_empty()).then(|| view! { <p class="muted">{r.note.clone()}</p> })}
        {(!r.reason.is_empty()).then(|| view! { <p class="muted">{move || i.t("pr.reason")}": "{r.reason.clone()}</p> })}
        {r.discrepancies.into_iter().map(|d| {
            let (issued, received) = (d.issued.to_string(), d.received.to_string());
            view! {
            <p class="warn" data-testid="pr-discrepancy">{move || i.t("pr.discrepancy")}": "{d.part_number.clone()}" "
                {move || i.t("pr.issued_received").replace("{issued}", &issued).replace("{received}", &received)}
                {(!d.missing_serials.is_empty()).then(|| format!(" − {}", d.missing_serials.join(", ")))}
                {(!d.unexpected_serials.is_empty()).then(|| format!(" + {}", d.unexpected_serials.join(", ")))}</p>
        }}).collect_view()}
    }
}

#[component]
pub fn PartRequestQueue() -> impl IntoView {
    let i = use_i18n();
    let done = RwSignal::new(0u32);
    let queue = crate::load::load(move || {
        done.track();
        async move {
            let mut out = Vec::new();
            for state in [PrState::Requested, PrState::Approved] {
                out.extend(
                    api::part_requests::list(&PrQuery {
                        state: Some(state),
                        limit: Some(500),
                        ..Default::default()
                    })
                    .await?,
                );
            }
            let off = api::part_requests::list(&PrQuery {
                discrepancies: Some(true),
                limit: Some(500),
                ..Default::default()
            })
            .await?;
            Ok::<_, ApiProblem>((out, off))
        }
    });
    view! {
        <section class="card">
            <h1>{move || i.t("pr.queue")}</h1>
            <p class="muted">{move || i.t("pr.queue_hint")}</p>
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok((waiting, off)) => view! {
                        {waiting.is_empty().then(|| view! { <p class="card muted" data-testid="pr-queue-empty">{move || i.t("pr.queue_empty")}</p> })}
                        {waiting.into_iter().map(|r| view! { <Decide r=r done=done/> }).collect_view()}
                        {(!off.is_empty()).then(|| view! {
                            <section class="card">
                                <h2>{move || i.t("pr.discrepancies")}</h2>
                                {off.into_iter().map(|r| view! { <div class="card"><PrSummary r=r/></div> }).collect_view()}
                            </section>
                        })}
                    }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[derive(Clone)]
enum Decision {
    Approve(u64),
    Reject(String),
    Issue(Vec<Vec<String>>),
}

/// One request with what the store keeper can do with it now.
#[component]
fn Decide(r: PartRequest, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let locations = use_locations();
    let (id, version, state) = (r.id, r.version, r.state);
    let warehouse = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let serials: Vec<RwSignal<String>> = r
        .lines
        .iter()
        .map(|_| RwSignal::new(String::new()))
        .collect();
    let error = RwSignal::new(None::<ApiProblem>);
    let act = crate::load::act(move |d: &Decision| {
        let d = d.clone();
        async move {
            match d {
                Decision::Approve(location_id) => {
                    api::part_requests::approve(
                        id,
                        &ApprovePr {
                            version,
                            location_id,
                        },
                    )
                    .await
                }
                Decision::Reject(reason) => {
                    api::part_requests::reject(id, &ReasonPr { version, reason }).await
                }
                Decision::Issue(serials) => {
                    api::part_requests::issue(id, &IssuePr { version, serials }).await
                }
            }
        }
    });
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => done.update(|n| *n += 1),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let tracked: Vec<(usize, String, RwSignal<String>)> = r
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.serial_tracked)
        .map(|(n, l)| (n, l.part_number.clone(), serials[n]))
        .collect();
    let all_serials = StoredValue::new(serials);
    view! {
        <section class="card" data-testid=format!("pr-{id}")>
            <PrSummary r=r.clone()/>
            <p><a href=format!("/work-orders/{}", r.work_order_id)>{r.work_order_number.clone()}</a></p>
            {(state == PrState::Requested).then(|| view! {
                <div class="row-fields">
                    <label>{move || i.t("pr.from_warehouse")}
                        <select prop:value=move || warehouse.get() on:change=move |ev| warehouse.set(event_target_value(&ev)) data-testid="pr-warehouse">
                            <option value="">{move || i.t("stock.choose")}</option>
                            {move || locations.get().and_then(Result::ok).unwrap_or_default().into_iter()
                                .filter(|l| l.kind == LocationKind::Warehouse)
                                .map(|l| view! { <option value=l.id.to_string()>{l.name}</option> }).collect_view()}
                        </select>
                    </label>
                    <button class="primary" data-testid="pr-approve" disabled=move || act.pending().get()
                        on:click=move |_| { act.dispatch(Decision::Approve(warehouse.get_untracked().parse().unwrap_or(0))); }>{move || i.t("pr.approve")}</button>
                </div>
            })}
            {(state == PrState::Approved).then(|| view! {
                <div class="grid-form">
                    {tracked.into_iter().map(|(_, number, s)| view! {
                        <label class="span">{number}" · "{move || i.t("stock.serials")}
                            <textarea rows="2" bind:value=s data-testid="pr-issue-serials"></textarea></label>
                    }).collect_view()}
                    <button class="primary" data-testid="pr-issue" disabled=move || act.pending().get()
                        on:click=move |_| { act.dispatch(Decision::Issue(all_serials.with_value(|v| v.iter().map(|s| split_serials(&s.get_untracked())).collect()))); }>
                        {move || i.t("pr.issue")}</button>
                </div>
            })}
            <div class="row-fields">
                <label>{move || i.t("pr.reason")}<input bind:value=reason data-testid="pr-reason"/></label>
                <button data-testid="pr-reject" disabled=move || act.pending().get()
                    on:click=move |_| { act.dispatch(Decision::Reject(reason.get_untracked())); }>{move || i.t("pr.reject")}</button>
            </div>
            <FormError problem=error/>
        </section>
    }
}
