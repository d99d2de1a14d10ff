//! On a request's page: its work orders, opening a new one (then dispatching
//! it on its own page), and pausing, resuming or closing the request.

use crate::api;
use crate::components::error::{ErrorView, FieldError};
use crate::i18n::use_i18n;
use crate::pages::work_orders::{kind_label, state_class, state_label};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use servicebook_shared::permissions;
use servicebook_shared::requests::{is_paused, RequestActionInput, RequestVerb, ServiceRequest};
use servicebook_shared::sla::PauseReason;
use servicebook_shared::work_orders::{NewWorkOrder, WorkKind};
use servicebook_shared::ApiProblem;

#[component]
pub fn RequestWork(r: ServiceRequest, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let auth = crate::auth::use_auth();
    let navigate = use_navigate();
    let rid = r.id;
    let version = r.version;
    let problem = RwSignal::new(None::<ApiProblem>);
    let kind = RwSignal::new(WorkKind::Field);
    let description = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let dispatches = auth.may(permissions::create_work_orders);
    let paused = is_paused(&r.events);
    let orders = crate::load::load(move || {
        done.track();
        api::work_orders::of_request(rid)
    });
    // Whether the user works on this request: one of the engineers of an
    // open work order (the server asks the same inside its write).
    let works_on_it = move || {
        orders.with(|o| {
            o.as_ref()
                .and_then(|r| r.as_ref().ok())
                .is_some_and(|list| {
                    list.iter()
                        .any(|w| w.state.is_open() && auth.is_one_of(&w.assignees))
                })
        })
    };
    let may = move |verb: RequestVerb| {
        let mine = works_on_it();
        auth.may(|w| permissions::act_on_request(w, verb, mine))
    };
    let create = move |_| {
        let body = NewWorkOrder {
            request_id: rid,
            kind: kind.get_untracked(),
            description: description.get_untracked(),
            contract_id: None,
            escalated_from: None,
            context: String::new(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::work_orders::create(&body).await {
                Ok(w) => navigate(&format!("/work-orders/{}", w.id), Default::default()),
                Err(p) => problem.set(Some(p)),
            }
        });
    };
    let act = move |verb: RequestVerb, input: RequestActionInput| {
        leptos::task::spawn_local(async move {
            match api::requests::act(rid, verb, &input).await {
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
            <h2>{move || i.t("request.work_orders")}</h2>
            {move || problem.get().map(|p| view! { <ErrorView problem=p shown=&["description", "note"]/> })}
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{move || i.t("request.no_work")}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="picks" data-testid="request-work-orders">
                                {list.into_iter().map(|w| {
                                    let (s, k) = (w.state, w.kind);
                                    view! { <li><a href=format!("/work-orders/{}", w.id)>{w.number.clone()}</a>" "
                                        <span class=state_class(s)>{move || state_label(i, s)}</span>" "
                                        {move || kind_label(i, k)}" · "{if w.assignee_names.is_empty() { "—".to_owned() } else { w.assignee_names.join("、") }}</li> }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
            {(dispatches && !r.closed).then(|| view! {
                <h3>{move || i.t("request.new_work")}</h3>
                <div class="row-fields">
                    <label>{move || i.t("wo.kind")}
                        <select data-testid="new-wo-kind" on:change=move |ev| kind.set(WorkKind::parse(&event_target_value(&ev)).unwrap_or(WorkKind::Field))>
                            <option value="field">{move || i.t("wo_kind.field")}</option>
                            <option value="repair">{move || i.t("wo_kind.repair")}</option>
                            <option value="support">{move || i.t("wo_kind.support")}</option>
                        </select></label>
                    <label>{move || i.t("wo.description")}<input bind:value=description placeholder=move || i.t("wo.description_hint")/>
                        <FieldError problem=problem field="description"/></label>
                </div>
                <button class="primary" data-testid="new-wo" on:click=create>{move || i.t("request.create_work")}</button>
            })}
            {(!r.closed).then(|| view! {
                <Show when=move || may(RequestVerb::Pause) || may(RequestVerb::Resume) || may(RequestVerb::Close)>
                    <h3>{move || i.t("request.clock_actions")}</h3>
                    <div class="actions">
                        {if paused {
                            view! { <Show when=move || may(RequestVerb::Resume)>
                                <button data-testid="request-resume" on:click=move |_| act(RequestVerb::Resume, RequestActionInput { version, ..Default::default() })>{move || i.t("request.resume")}</button>
                            </Show> }.into_any()
                        } else {
                            view! { <Show when=move || may(RequestVerb::Pause)>
                                <button data-testid="request-pause-customer" on:click=move |_| act(RequestVerb::Pause, RequestActionInput { version, waiting_for: Some(PauseReason::WaitingForCustomer), ..Default::default() })>{move || i.t("request.pause_customer")}</button>
                                <button data-testid="request-pause-parts" on:click=move |_| act(RequestVerb::Pause, RequestActionInput { version, waiting_for: Some(PauseReason::WaitingForParts), ..Default::default() })>{move || i.t("request.pause_parts")}</button>
                            </Show> }.into_any()
                        }}
                    </div>
                    <Show when=move || may(RequestVerb::Close)>
                        <div class="row-fields">
                            <label>{move || i.t("request.closing_note")}<input bind:value=note/>
                                <FieldError problem=problem field="note"/></label>
                            <button data-testid="request-close" on:click=move |_| act(RequestVerb::Close, RequestActionInput { version, note: note.get_untracked(), ..Default::default() })>{move || i.t("request.close")}</button>
                        </div>
                    </Show>
                </Show>
            })}
            {(!r.closing_note.is_empty()).then(|| view! { <p><strong>{move || i.t("request.closing_note")}": "</strong>{r.closing_note.clone()}</p> })}
        </section>
    }
}
