//! A work order's parts: its part requests (ask, confirm receipt, cancel)
//! and what was issued to it and is still out in a kit (return unused).
//! Made for the engineer's phone.

use super::assigned;
use crate::api;
use crate::auth::use_auth;
use crate::components::error::{field_error, FormError};
use crate::i18n::use_i18n;
use crate::pages::stock::movement::split_serials;
use crate::pages::stock::part_requests::{name_in, PrSummary};
use crate::pages::stock::use_locations;
use leptos::prelude::*;
use servicebook_shared::part_requests::{
    IssuedPart, NewPartRequest, NewPrLine, PartRequest, PrState, ReasonPr, ReceivePr, ReceivedLine,
    ReturnParts,
};
use servicebook_shared::permissions;
use servicebook_shared::stock::LocationKind;
use servicebook_shared::work_orders::{WoState, WorkOrder};
use servicebook_shared::ApiProblem;

#[component]
pub fn WorkOrderParts(w: WorkOrder) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let id = w.id;
    let done = RwSignal::new(0u32);
    let mine = assigned(&w);
    let open = !matches!(w.state, WoState::Completed | WoState::Cancelled);
    let asks = open && auth.may(|who| permissions::request_parts(who, mine));
    let me = auth.id();
    let data = crate::load::load(move || {
        done.track();
        api::part_requests::of_work_order(id)
    });
    view! {
        <section class="card" data-testid="wo-parts">
            <h2>{move || i.t("pr.title")}</h2>
            {move || data.get().map(|r| match r {
                Ok(p) => view! {
                    {(p.requests.is_empty() && p.issued.is_empty()).then(|| view! { <p class="muted">{move || i.t("pr.none")}</p> })}
                    {p.requests.into_iter().map(|r| view! { <RequestCard r=r me=me done=done/> }).collect_view()}
                    {(!p.issued.is_empty()).then(|| view! { <IssuedTable wo=id issued=p.issued.clone() done=done/> })}
                }.into_any(),
                Err(p) => view! { <crate::components::error::ErrorView problem=p/> }.into_any(),
            })}
            {asks.then(|| view! { <AskForm wo=id done=done/> })}
        </section>
    }
}

#[component]
fn RequestCard(r: PartRequest, me: Option<u64>, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let own = me == Some(r.engineer_id);
    let receives =
        r.state == PrState::Issued && auth.may(|who| permissions::receive_parts(who, own));
    let cancels = matches!(r.state, PrState::Requested | PrState::Approved)
        && auth.may(|who| permissions::cancel_part_request(who, own));
    let (id, version) = (r.id, r.version);
    let counts: Vec<(String, RwSignal<String>, RwSignal<String>)> = r
        .lines
        .iter()
        .map(|l| {
            (
                l.part_number.clone(),
                RwSignal::new(l.quantity.to_string()),
                RwSignal::new(l.issued_serials.join(" ")),
            )
        })
        .collect();
    let error = RwSignal::new(None::<ApiProblem>);
    let receive = {
        let counts = counts.clone();
        crate::load::act(move |_: &()| {
            let lines = counts
                .iter()
                .map(|(_, q, s)| ReceivedLine {
                    quantity: q.get_untracked().trim().parse().unwrap_or(0),
                    serials: split_serials(&s.get_untracked()),
                })
                .collect();
            async move { api::part_requests::receive(id, &ReceivePr { version, lines }).await }
        })
    };
    let cancel = crate::load::act(move |_: &()| async move {
        api::part_requests::cancel(
            id,
            &ReasonPr {
                version,
                reason: String::new(),
            },
        )
        .await
    });
    Effect::new(move |_| {
        for v in [receive.value().get(), cancel.value().get()]
            .into_iter()
            .flatten()
        {
            match v {
                Ok(_) => done.update(|n| *n += 1),
                Err(p) => error.set(Some(p)),
            }
        }
    });
    view! {
        <div class="card" data-testid=format!("wo-pr-{id}")>
            <PrSummary r=r.clone()/>
            {receives.then(|| view! {
                <div class="grid-form">
                    <p class="span muted">{move || i.t("pr.receive_hint")}</p>
                    {counts.into_iter().map(|(number, q, s)| view! {
                        <label>{number.clone()}" · "{move || i.t("stock.quantity")}<input inputmode="numeric" bind:value=q data-testid="pr-received-quantity"/></label>
                        <label>{move || i.t("stock.serials")}<input bind:value=s/></label>
                    }).collect_view()}
                    <button class="primary" data-testid="pr-receive" disabled=move || receive.pending().get()
                        on:click=move |_| { receive.dispatch(()); }>{move || i.t("pr.receive")}</button>
                </div>
            })}
            {cancels.then(|| view! {
                <button data-testid="pr-cancel" disabled=move || cancel.pending().get() on:click=move |_| { cancel.dispatch(()); }>{move || i.t("pr.cancel")}</button>
            })}
            <FormError problem=error/>
        </div>
    }
}

/// Ask for a part (one line at a time: what a phone form can hold).
#[component]
fn AskForm(wo: u64, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let search = RwSignal::new(String::new());
    let part = RwSignal::new(String::new());
    let quantity = RwSignal::new("1".to_owned());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiProblem>);
    let found = crate::load::load(move || {
        let q = search.get();
        async move {
            api::parts::list(&api::parts::PartQuery {
                q: (!q.trim().is_empty()).then_some(q),
                limit: Some(50),
                ..Default::default()
            })
            .await
            .map(|p| p.items)
        }
    });
    let ask = crate::load::act(move |body: &NewPartRequest| {
        let body = body.clone();
        async move { api::part_requests::create(&body).await }
    });
    Effect::new(move |_| match ask.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            part.set(String::new());
            quantity.set("1".into());
            note.set(String::new());
            done.update(|n| *n += 1);
        }
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ask.dispatch(NewPartRequest {
            work_order_id: wo,
            lines: vec![NewPrLine {
                part_id: part.get_untracked().parse().unwrap_or(0),
                quantity: quantity.get_untracked().trim().parse().unwrap_or(0),
                note: note.get_untracked(),
            }],
            note: String::new(),
        });
    };
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    view! {
        <form class="grid-form" on:submit=submit data-testid="pr-ask-form">
            <h3 class="span">{move || i.t("pr.ask")}</h3>
            <label>{move || i.t("pr.search")}<input type="search" bind:value=search data-testid="pr-search"/></label>
            <label>{move || i.t("stock.part")}
                <select prop:value=move || part.get() on:change=move |ev| part.set(event_target_value(&ev)) data-testid="pr-part">
                    <option value="">{move || i.t("stock.choose")}</option>
                    {move || found.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p| {
                        let label = format!("{} · {}", p.part_number, name_in(i, &p.name_zh, &p.name_en));
                        view! { <option value=p.id.to_string()>{label}</option> }
                    }).collect_view()}
                </select>
                <span class="field-error">{err("lines[0].part_id")}</span>
            </label>
            <label>{move || i.t("stock.quantity")}<input inputmode="numeric" bind:value=quantity data-testid="pr-quantity"/>
                <span class="field-error">{err("lines[0].quantity")}</span></label>
            <label>{move || i.t("pr.note")}<input bind:value=note/></label>
            <button type="submit" class="primary" data-testid="pr-ask" disabled=move || ask.pending().get()>{move || i.t("pr.ask")}</button>
            <FormError problem=error shown=&["lines[0].part_id", "lines[0].quantity"]/>
        </form>
    }
}

/// What is out on the work order, with a small form to return unused parts.
#[component]
fn IssuedTable(wo: u64, issued: Vec<IssuedPart>, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let locations = use_locations();
    let out: Vec<IssuedPart> = issued
        .iter()
        .filter(|p| p.outstanding > 0)
        .cloned()
        .collect();
    let pick = RwSignal::new(0usize);
    let quantity = RwSignal::new("1".to_owned());
    let faulty = RwSignal::new(false);
    let to = RwSignal::new(String::new());
    let serials = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiProblem>);
    let out_v = StoredValue::new(out.clone());
    let send = crate::load::act(move |body: &ReturnParts| {
        let body = body.clone();
        async move { api::part_requests::return_parts(wo, &body).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => done.update(|n| *n += 1),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(p) = out_v.with_value(|o| o.get(pick.get_untracked()).cloned()) else {
            return;
        };
        send.dispatch(ReturnParts {
            part_id: p.part_id,
            from_location_id: p.location_id,
            to_location_id: to.get_untracked().parse().unwrap_or(0),
            quantity: quantity.get_untracked().trim().parse().unwrap_or(0),
            serials: split_serials(&serials.get_untracked()),
            faulty: faulty.get_untracked(),
            reason: String::new(),
        });
    };
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    view! {
        <h3>{move || i.t("pr.issued_title")}</h3>
        <div class="table-wrap">
            <table data-testid="wo-issued">
                <thead><tr>
                    <th>{move || i.t("stock.part")}</th>
                    <th>{move || i.t("pr.issued")}</th>
                    <th>{move || i.t("pr.consumed")}</th>
                    <th>{move || i.t("pr.returned")}</th>
                    <th>{move || i.t("pr.outstanding")}</th>
                    <th>{move || i.t("stock.serials")}</th>
                </tr></thead>
                <tbody>
                    {issued.into_iter().map(|p| {
                        let (zh, en) = (p.name_zh.clone(), p.name_en.clone());
                        view! { <tr>
                            <td>{p.part_number.clone()}" · "{move || name_in(i, &zh, &en)}</td>
                            <td>{p.issued}</td><td>{p.consumed}</td><td>{p.returned}</td>
                            <td data-testid="wo-issued-outstanding">{p.outstanding}</td>
                            <td>{p.serials.join(", ")}</td>
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(!out.is_empty()).then(|| view! {
            <form class="grid-form" on:submit=submit data-testid="wo-return-form">
                <h3 class="span">{move || i.t("pr.return")}</h3>
                <label>{move || i.t("stock.part")}
                    <select on:change=move |ev| pick.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {out.iter().enumerate().map(|(n, p)| view! { <option value=n.to_string()>{format!("{} × {}", p.part_number, p.outstanding)}</option> }).collect_view()}
                    </select>
                    <span class="field-error">{err("part_id")}</span>
                </label>
                <label>{move || i.t("stock.quantity")}<input inputmode="numeric" bind:value=quantity/>
                    <span class="field-error">{err("quantity")}</span></label>
                <label class="check"><input type="checkbox" bind:checked=faulty/>{move || i.t("pr.faulty")}</label>
                <label>{move || i.t("stock.to")}
                    <select prop:value=move || to.get() on:change=move |ev| to.set(event_target_value(&ev))>
                        <option value="">{move || i.t("stock.choose")}</option>
                        {move || {
                            let want = if faulty.get() { LocationKind::FaultyShelf } else { LocationKind::Warehouse };
                            locations.get().and_then(Result::ok).unwrap_or_default().into_iter()
                                .filter(|l| l.kind == want)
                                .map(|l| view! { <option value=l.id.to_string()>{l.name}</option> }).collect_view()
                        }}
                    </select>
                    <span class="field-error">{err("to_location_id")}</span>
                </label>
                <label>{move || i.t("stock.serials")}<input bind:value=serials/><span class="field-error">{err("serials")}</span></label>
                <button type="submit" data-testid="wo-return" disabled=move || send.pending().get()>{move || i.t("pr.return")}</button>
                <FormError problem=error shown=&["part_id", "quantity", "to_location_id", "serials"]/>
            </form>
        })}
    }
}
