//! Logging a complaint: the customer (found by name), optionally the
//! request it is about, the staff it concerns (picked from the staff
//! list), how it came in, what was said and when. `?customer_id=` and
//! `?request_id=` prefill (the request page's "complaint" link).

use super::source_label;
use crate::api;
use crate::api::customers::CustomerQuery;
use crate::api::requests::RequestQuery;
use crate::components::error::{field_error, FormError};
use crate::components::time::day_to_utc;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use servicebook_shared::complaints::{ComplaintSource, NewComplaint, StaffRef};
use servicebook_shared::customers::Customer;
use servicebook_shared::requests::ServiceRequest;
use servicebook_shared::{ApiProblem, ProblemCode};

const FIELDS: &[&str] = &[
    "source",
    "customer_id",
    "request_id",
    "work_order_id",
    "persons",
    "summary",
    "received_at",
];

#[component]
pub fn NewComplaintPage() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let param =
        move |k: &str| query.with_untracked(|q| q.get(k).and_then(|v| v.parse::<u64>().ok()));
    let navigate = use_navigate();
    let error = RwSignal::new(None::<ApiProblem>);

    let customer = RwSignal::new(None::<Customer>);
    let requests = RwSignal::new(Vec::<ServiceRequest>::new());
    let request = RwSignal::new(None::<u64>);
    let staff = RwSignal::new(Vec::<StaffRef>::new());
    let persons = RwSignal::new(Vec::<String>::new());
    let source = RwSignal::new(ComplaintSource::Phone);
    let summary = RwSignal::new(String::new());
    let received = RwSignal::new(String::new());

    let choose_customer = move |c: Customer| {
        let id = c.id;
        customer.set(Some(c));
        leptos::task::spawn_local(async move {
            let q = RequestQuery {
                customer_id: Some(id),
                limit: Some(100),
                ..Default::default()
            };
            if let Ok(page) = api::requests::list(&q).await {
                let _ = requests.try_set(page.items);
            }
        });
    };
    leptos::task::spawn_local(async move {
        if let Ok(list) = api::complaints::people().await {
            if staff.try_set(list).is_some() {
                return;
            }
        }
        let mut customer_id = param("customer_id");
        if let Some(r) = param("request_id") {
            if let Ok(r) = api::requests::get(r).await {
                customer_id = Some(r.customer_id);
                let _ = request.try_set(Some(r.id));
            }
        }
        if let Some(c) = customer_id {
            if let Ok(c) = api::customers::get(c).await {
                choose_customer(c);
            }
        }
    });

    let search = RwSignal::new(String::new());
    let matches = RwSignal::new(Vec::<Customer>::new());
    let find = move || {
        let q = search.get_untracked().trim().to_owned();
        if q.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let query = CustomerQuery {
                q: Some(q),
                limit: Some(10),
                ..Default::default()
            };
            if let Ok(page) = api::customers::list(&query).await {
                let _ = matches.try_set(page.items);
            }
        });
    };

    let save = crate::load::act(|body: &NewComplaint| {
        let body = body.clone();
        async move { api::complaints::create(&body).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(c)) => navigate(&format!("/complaints/{}", c.id), Default::default()),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let Some(c) = customer.get_untracked() else {
            error.set(Some(
                ApiProblem::new(422, ProblemCode::Invalid, &i.t("complaints.fill_in"), "")
                    .with_field("customer_id", i.t("complaints.pick_customer")),
            ));
            return;
        };
        save.dispatch(NewComplaint {
            source: source.get_untracked(),
            customer_id: c.id,
            request_id: request.get_untracked(),
            work_order_id: None,
            survey_id: None,
            persons: persons.get_untracked(),
            summary: summary.get_untracked(),
            received_at: day_to_utc(&received.get_untracked(), false),
        });
    };
    let err = move |name: &'static str| move || error.with(|p| field_error(p, name));
    let name_of = move |u: &str| {
        staff.with(|s| {
            s.iter()
                .find(|p| p.username == u)
                .map(|p| p.display_name.clone())
                .unwrap_or_else(|| u.to_owned())
        })
    };
    view! {
        <section class="card">
            <h1>{move || i.t("complaints.new_title")}</h1>
            <form on:submit=submit class="grid-form" data-testid="complaint-form">
                <label class="span">{move || i.t("complaints.customer")}
                    {move || match customer.get() {
                        Some(c) => view! {
                            <span class="chip" data-testid="complaint-customer">{c.name.clone()}
                                <button type="button" class="link" aria-label=move || i.t("common.remove")
                                    on:click=move |_| { customer.set(None); requests.set(Vec::new()); request.set(None); }>"×"</button></span>
                        }.into_any(),
                        None => view! {
                            <input type="search" bind:value=search data-testid="complaint-customer-search" placeholder=move || i.t("complaints.customer_search")
                                on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); find(); }
                                on:change=move |_| find()/>
                        }.into_any(),
                    }}
                    <span class="field-error">{err("customer_id")}</span>
                </label>
                {move || (customer.with(Option::is_none) && !matches.with(Vec::is_empty)).then(|| view! {
                    <ul class="picks span" data-testid="complaint-customer-matches">
                        {matches.get().into_iter().map(|c| {
                            let label = c.name.clone();
                            view! { <li><button type="button" class="link" on:click=move |_| { matches.set(Vec::new()); choose_customer(c.clone()); }>{label}</button></li> }
                        }).collect_view()}
                    </ul>
                })}
                <label>{move || i.t("complaints.request")}
                    <select data-testid="complaint-request" on:change=move |ev| request.set(event_target_value(&ev).parse().ok())>
                        <option value="" prop:selected=move || request.get().is_none()>{move || i.t("complaints.no_request")}</option>
                        {move || requests.get().into_iter().map(|r| {
                            let id = r.id;
                            let text: String = format!("{} {}", r.number, r.description.chars().take(40).collect::<String>());
                            view! { <option value=id.to_string() prop:selected=move || request.get() == Some(id)>{text}</option> }
                        }).collect_view()}
                    </select>
                    <span class="field-error">{err("request_id")}</span>
                </label>
                <label>{move || i.t("complaints.source")}
                    <select data-testid="complaint-source" on:change=move |ev| {
                        if let Some(s) = ComplaintSource::parse(&event_target_value(&ev)) { source.set(s) }
                    }>
                        {ComplaintSource::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() prop:selected=move || source.get() == s>{move || source_label(i, s)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="span">{move || i.t("complaints.persons")}
                    <span class="chips" data-testid="complaint-persons">
                        {move || persons.get().into_iter().map(|u| {
                            let name = name_of(&u);
                            let gone = u.clone();
                            view! { <span class="chip">{name}
                                <button type="button" class="link" aria-label=move || i.t("common.remove")
                                    on:click=move |_| persons.update(|p| p.retain(|x| *x != gone))>"×"</button></span> }
                        }).collect_view()}
                    </span>
                    <select data-testid="complaint-person-pick" on:change=move |ev| {
                        let u = event_target_value(&ev);
                        if !u.is_empty() { persons.update(|p| if !p.contains(&u) { p.push(u) }); }
                    } prop:value="">
                        <option value="">{move || i.t("complaints.add_person")}</option>
                        {move || staff.get().into_iter().map(|s| view! {
                            <option value=s.username.clone()>{format!("{} ({})", s.display_name, s.username)}</option>
                        }).collect_view()}
                    </select>
                    <span class="field-error">{err("persons")}</span>
                </label>
                <label class="span">{move || i.t("complaints.summary")}
                    <textarea rows="4" data-testid="complaint-summary" bind:value=summary></textarea>
                    <span class="field-error">{err("summary")}</span>
                </label>
                <label>{move || i.t("complaints.received_at")}
                    <input type="datetime-local" data-testid="complaint-received" bind:value=received/>
                    <span class="muted small">{move || i.t("complaints.received_hint")}</span>
                    <span class="field-error">{err("received_at")}</span>
                </label>
                <button type="submit" class="primary" data-testid="complaint-submit" disabled=move || save.pending().get()>{move || i.t("complaints.log")}</button>
            </form>
            <FormError problem=error shown=FIELDS/>
        </section>
    }
}
