//! One request: what was asked, what covers it, its clocks (recomputed in
//! the browser every minute by the same code the server uses), its events
//! and its history.

use super::work::RequestWork;
use super::{clock_class, clock_text, leg_label, now, site_line, urgency_label, CoverageView};
use crate::api;
use crate::components::error::ErrorView;
use crate::components::history::History;
use crate::components::time::local;
use crate::i18n::use_i18n;
use crate::pages::loaners::{LoansOf, LoansSection};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::requests::Urgency;
use servicebook_shared::sla::{self, Calendar, SlaEvent};

fn event_key(e: &SlaEvent) -> &'static str {
    match e {
        SlaEvent::Received => "event.received",
        SlaEvent::Logged => "event.logged",
        SlaEvent::Assigned => "event.assigned",
        SlaEvent::Called => "event.called",
        SlaEvent::VisitBooked => "event.visit_booked",
        SlaEvent::Arrived => "event.arrived",
        SlaEvent::Left => "event.left",
        SlaEvent::Remote => "event.remote",
        SlaEvent::ReportFiled => "event.report_filed",
        SlaEvent::Paused { .. } => "event.paused",
        SlaEvent::Resumed => "event.resumed",
        SlaEvent::Extended { .. } => "event.extended",
        SlaEvent::Closed => "event.closed",
        SlaEvent::Reopened { .. } => "event.reopened",
    }
}

#[component]
pub fn RequestDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let done = RwSignal::new(0u32);
    let request = crate::load::load(move || {
        done.track();
        let id = id();
        api::requests::get(id)
    });
    let settings = crate::load::load(api::settings::get);
    // Clocks move while the page is open.
    let tick = RwSignal::new(0u32);
    let handle = set_interval_with_handle(
        move || tick.update(|t| *t += 1),
        std::time::Duration::from_secs(60),
    );
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match request.await {
                    Ok(r) => {
                        let rid = r.id;
                        let u = r.urgency;
                        let events = r.events.clone();
                        let promises = r.coverage.promises;
                        // The firm's hours and dispatch times, as the server counts them.
                        let firm = settings.await.unwrap_or_default();
                        let dispatch_minutes = firm.dispatch_minutes.for_urgency(r.urgency);
                        let hours = firm.business_hours;
                        let calendar = Calendar::for_hours(r.coverage.hours, &hours);
                        let urgent = r.urgency == Urgency::Urgent;
                        let clocks = move || {
                            tick.track();
                            sla::clocks(&events, urgent, &promises, dispatch_minutes, &calendar, now())
                        };
                        view! {
                            <section class="card">
                                <div class="row-between">
                                    <h1 data-testid="request-number">{r.number.clone()}</h1>
                                    <span>
                                        {r.closed.then(|| view! { <span class="badge muted" data-testid="request-closed">{move || i.t("request.closed_badge")}</span>" " })}
                                        <span class=if urgent { "badge bad" } else { "badge" }>{move || urgency_label(i, u)}</span>
                                    </span>
                                </div>
                                <p><a href=format!("/customers/{}", r.customer_id)>{r.customer_name.clone()}</a>
                                    {r.device_id.map(|d| {
                                        let name = if r.device_name.is_empty() { i.t("request.device") } else { r.device_name.clone() };
                                        view! { " · " <a href=format!("/devices/{d}") data-testid="request-device">{name}</a> }
                                    })}
                                    {(!r.contact.is_empty()).then(|| format!(" · {}", r.contact))}</p>
                                {r.site.clone().map(|s| view! { <p data-testid="request-site"><strong>{move || i.t("request.site")}": "</strong>{site_line(&s)}</p> })}
                                <p class="pre">{r.description.clone()}</p>
                                {r.inspection_visit_id.map(|v| view! {
                                    <p><a href=format!("/inspections/visits/{v}") data-testid="request-inspection-visit">{move || i.t("request.from_inspection")}</a></p>
                                })}
                                <p class="muted small">{move || i.t("request.fault_level")}": "{r.fault_level}" · "{move || i.t("request.logged_by")}" "{r.logged_by.clone()}</p>
                                {crate::auth::use_auth().may(servicebook_shared::permissions::log_complaints).then(|| view! {
                                    <p><a class="button" data-testid="request-complaint" href=format!("/complaints/new?request_id={rid}")>{move || i.t("complaints.from_request")}</a></p>
                                })}
                                <CoverageView coverage=r.coverage.clone()/>
                            </section>
                            <section class="card">
                                <h2>{move || i.t("request.clocks")}</h2>
                                <div class="table-wrap"><table data-testid="request-clocks">
                                    <thead><tr>
                                        <th>{move || i.t("request.clock")}</th>
                                        <th>{move || i.t("request.due")}</th>
                                        <th>{move || i.t("request.state")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {move || clocks().into_iter().map(|c| {
                                            let due = c.due_at.map(|d| d.to_rfc3339());
                                            let first = c.first_due_at.filter(|f| Some(*f) != c.due_at).map(|d| d.to_rfc3339());
                                            let leg = c.leg;
                                            let class = clock_class(&c);
                                            let ext = c.extension.clone();
                                            view! { <tr>
                                                <td class="leg">{move || leg_label(i, leg)}</td>
                                                <td class="nowrap">{due.map(|d| local(&d, i.lang.get()))}
                                                    {first.map(|f| view! { <br/><span class="muted small">{i.t("request.first_due")}" "{local(&f, i.lang.get())}</span> })}</td>
                                                <td class=class>{clock_text(i, &c)}
                                                    {ext.map(|x| view! { <br/><span class="muted small">{i.t("request.extended_by")}" "{x.approved_by}": "{x.reason}</span> })}</td>
                                            </tr> }
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                                <h2>{move || i.t("request.events")}</h2>
                                <ul class="timeline">
                                    {r.events.iter().map(|e| {
                                        let at = e.at.to_rfc3339();
                                        let key = event_key(&e.event);
                                        view! { <li><span class="muted nowrap">{move || local(&at, i.lang.get())}</span>" "{move || i.t(key)}</li> }
                                    }).collect_view()}
                                </ul>
                            </section>
                            <RequestWork r=r.clone() done=done/>
                            <crate::pages::surveys::of_request::RequestSurveys r=r.clone() done=done/>
                            <LoansSection of=LoansOf::Request(rid)/>
                            <History record_type="requests" record_id=rid refresh=Signal::derive(move || done.get() as usize)
                                names=vec![(r.customer_id, r.customer_name.clone())]/>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}
