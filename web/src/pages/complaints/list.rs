//! The complaints, as the manager's queue: open first, then acknowledged,
//! then closed, each oldest received first, with the clock that runs (red
//! when late). Filters live in the address (`?state=`, `?person=`,
//! `?customer_id=`, `?request_id=`, `?from=`, `?to=` as days).

use super::{ClockCell, StateBadge};
use crate::api;
use crate::api::complaints::ComplaintQuery;
use crate::auth::use_auth;
use crate::components::error::ErrorView;
use crate::components::filters::Filters;
use crate::components::time::{day_to_utc, local_date};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::complaints::{Complaint, ComplaintState};
use servicebook_shared::permissions;

const KEYS: &[&str] = &["state", "person", "customer_id", "request_id", "from", "to"];

fn rank(s: ComplaintState) -> u8 {
    match s {
        ComplaintState::Open => 0,
        ComplaintState::Acknowledged => 1,
        ComplaintState::Closed => 2,
    }
}

/// Open first, then acknowledged, then closed; oldest received first.
pub fn queue_order(items: &mut [Complaint]) {
    items.sort_by(|a, b| {
        rank(a.state)
            .cmp(&rank(b.state))
            .then(a.received_at.cmp(&b.received_at))
    });
}

#[component]
pub fn ComplaintList() -> impl IntoView {
    let i = use_i18n();
    let filters = Filters::new("/complaints", KEYS);
    let logs = use_auth().may(permissions::log_complaints);
    let query = move || ComplaintQuery {
        state: ComplaintState::parse(&filters.get("state")),
        person: Some(filters.get("person")).filter(|p| !p.is_empty()),
        customer_id: filters.get("customer_id").parse().ok(),
        request_id: filters.get("request_id").parse().ok(),
        from: day_to_utc(&filters.get("from"), false),
        to: day_to_utc(&filters.get("to"), true),
        limit: Some(500),
        cursor: None,
    };
    let export_filters = Signal::derive(move || crate::components::export::filters_of(&query()));
    let list = crate::load::load(move || {
        let q = query();
        async move {
            api::complaints::list(&q).await.map(|p| {
                let mut items = p.items;
                queue_order(&mut items);
                (items, p.next_cursor.is_some())
            })
        }
    });
    let states = [
        ("", "complaints.all"),
        ("open", "complaints.state_open"),
        ("acknowledged", "complaints.state_acknowledged"),
        ("closed", "complaints.state_closed"),
    ];
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("complaints.title")}</h1>
                {logs.then(|| view! { <a class="button primary" href="/complaints/new" data-testid="complaint-new">{move || i.t("complaints.new")}</a> })}
            </div>
            <div class="filters">
                <div class="segmented" role="radiogroup" aria-label=move || i.t("complaints.state")>
                    {states.into_iter().map(|(v, key)| view! {
                        <label class="segment" class:selected=move || filters.get("state") == v>
                            <input type="radio" name="complaint-state" data-testid=format!("complaints-state-{}", if v.is_empty() { "all" } else { v })
                                on:change=move |_| filters.set("state", v.into())/>
                            {move || i.t(key)}
                        </label>
                    }).collect_view()}
                </div>
                <label>{move || i.t("complaints.person")}
                    <input data-testid="complaints-person" prop:value=move || filters.get("person")
                        on:change=move |ev| filters.set("person", event_target_value(&ev))/></label>
                <label>{move || i.t("complaints.from")}
                    <input type="date" prop:value=move || filters.get("from") on:change=move |ev| filters.set("from", event_target_value(&ev))/></label>
                <label>{move || i.t("complaints.to")}
                    <input type="date" prop:value=move || filters.get("to") on:change=move |ev| filters.set("to", event_target_value(&ev))/></label>
                <a class="button" href="/complaints">{move || i.t("common.clear")}</a>
            </div>
            <crate::components::export::ExportLinks path="/api/complaints/export" filters=export_filters testid="complaints-export"/>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok((items, _)) if items.is_empty() => view! { <p class="muted">{move || i.t("complaints.none")}</p> }.into_any(),
                        Ok((items, more)) => view! {
                            <div class="table-wrap">
                                <table data-testid="complaints-table">
                                    <thead><tr>
                                        <th>{move || i.t("complaints.number")}</th>
                                        <th>{move || i.t("complaints.customer")}</th>
                                        <th class="hide-narrow">{move || i.t("complaints.persons")}</th>
                                        <th>{move || i.t("complaints.clock")}</th>
                                        <th class="hide-narrow">{move || i.t("complaints.state")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|c| {
                                            let clock = match c.state {
                                                ComplaintState::Open => Some(c.clocks.acknowledge.clone()),
                                                ComplaintState::Acknowledged => Some(c.clocks.close.clone()),
                                                ComplaintState::Closed => None,
                                            };
                                            let received = c.received_at;
                                            let persons = c.person_names.join("、");
                                            view! {
                                                <tr data-testid="complaint-row">
                                                    <td><a class="nowrap" href=format!("/complaints/{}", c.id)>{c.number.clone()}</a>
                                                        <span class="muted small"><br/>{move || local_date(received, i.lang.get())}</span>
                                                        <span class="show-narrow small"><br/><StateBadge state=c.state/></span></td>
                                                    <td>{c.customer_name.clone()}<span class="muted small"><br/>{c.summary.chars().take(40).collect::<String>()}</span></td>
                                                    <td class="hide-narrow">{persons}</td>
                                                    <td>{match clock {
                                                        Some(k) => view! { <ClockCell clock=k/> }.into_any(),
                                                        None => view! { <span>{c.outcome.map(|o| super::outcome_label(i, o))}</span> }.into_any(),
                                                    }}</td>
                                                    <td class="hide-narrow"><StateBadge state=c.state/></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {more.then(|| view! { <p class="muted small">{move || i.t("complaints.first_500")}</p> })}
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
