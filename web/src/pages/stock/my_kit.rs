//! "My kit": what an engineer carries, on a phone, with one small form to
//! record using a part on a work order or returning it (good or faulty).
//! Only movements from their own kit: what `permissions::move_stock`
//! allows an engineer.

use super::movement::split_serials;
use super::{kind_label, location_names, use_locations, BalanceTable, MovementTable, PartNames};
use crate::api;
use crate::api::stock::{BalanceQuery, LocationQuery, MovementQuery};
use crate::api::work_orders::{Assignee, WorkOrderQuery};
use crate::auth::use_auth;
use crate::components::error::{field_error, ErrorView, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::stock::{LocationKind, MovementKind, NewMovement};
use servicebook_shared::ApiProblem;

const KINDS: [MovementKind; 3] = [
    MovementKind::Consume,
    MovementKind::ReturnGood,
    MovementKind::ReturnFaulty,
];

#[component]
pub fn MyKit() -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let done = RwSignal::new(0u32);
    let kit = crate::load::load(move || {
        let me = auth.id();
        done.track();
        async move {
            let Some(me) = me else { return Ok(None) };
            let kits = api::stock::locations(&LocationQuery {
                engineer_id: Some(me),
            })
            .await?;
            let Some(kit) = kits.into_iter().next() else {
                return Ok(None);
            };
            let balances = api::stock::balances(&BalanceQuery {
                part_id: None,
                location_id: Some(kit.id),
            })
            .await?;
            let moves = api::stock::movements(&MovementQuery {
                location_id: Some(kit.id),
                limit: Some(20),
                ..Default::default()
            })
            .await?;
            Ok::<_, ApiProblem>(Some((kit, balances, moves.items)))
        }
    });
    let locations = use_locations();
    let parts = PartNames::new();
    view! {
        <section class="card">
            <h1>{move || i.t("stock.my_kit")}</h1>
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                let list = locations.await.unwrap_or_default();
                match kit.await {
                    Ok(None) => view! { <p class="card muted" data-testid="my-kit-none">{move || i.t("stock.my_kit_none")}</p> }.into_any(),
                    Ok(Some((kit, balances, moves))) => view! {
                        <section class="card" data-testid="my-kit">
                            <h2>{kit.name.clone()}</h2>
                            <BalanceTable balances=balances.clone() parts=parts locations=location_names(&list) by_part=false/>
                        </section>
                        <UseOrReturn kit=kit.id balances=balances parts=parts locations=list.clone() done=done/>
                        <section class="card">
                            <h2>{move || i.t("stock.movements")}</h2>
                            <MovementTable movements=moves parts=parts locations=location_names(&list)/>
                        </section>
                    }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UseOrReturn(
    kit: u64,
    balances: Vec<servicebook_shared::stock::Balance>,
    parts: PartNames,
    locations: Vec<servicebook_shared::stock::Location>,
    done: RwSignal<u32>,
) -> impl IntoView {
    let i = use_i18n();
    if balances.is_empty() {
        return ().into_any();
    }
    let kind = RwSignal::new(MovementKind::Consume);
    let part = RwSignal::new(balances[0].part_id.to_string());
    let quantity = RwSignal::new("1".to_owned());
    let work_order = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let serials = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiProblem>);
    let tasks = crate::load::load(|| async move {
        api::work_orders::list(&WorkOrderQuery {
            assignee: Some(Assignee::Me),
            limit: Some(100),
            ..Default::default()
        })
        .await
    });
    let save = crate::load::act(move |m: &NewMovement| {
        let m = m.clone();
        async move { api::stock::record(&m).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => done.update(|n| *n += 1),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let serials_of = {
        let balances = balances.clone();
        move |part: u64| {
            balances
                .iter()
                .find(|b| b.part_id == part)
                .map(|b| b.serials.clone())
                .unwrap_or_default()
        }
    };
    let serials_of = StoredValue::new(serials_of);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let k = kind.get_untracked();
        let Ok(q) = quantity.get_untracked().trim().parse::<u32>() else {
            let mut p = ApiProblem::new(422, servicebook_shared::ProblemCode::Invalid, "", "");
            p.errors
                .insert("quantity".into(), i.t("stock.bad_quantity"));
            error.set(Some(p));
            return;
        };
        save.dispatch(NewMovement {
            kind: Some(k),
            part_id: part.get_untracked().parse().unwrap_or(0),
            quantity: Some(q),
            from_location_id: Some(kit),
            to_location_id: (k != MovementKind::Consume)
                .then(|| to.get_untracked().parse().ok())
                .flatten(),
            work_order_id: work_order.get_untracked().parse().ok(),
            serials: split_serials(&serials.get_untracked()),
            ..Default::default()
        });
    };
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    let targets = move |k: MovementKind| {
        let want = if k == MovementKind::ReturnFaulty {
            LocationKind::FaultyShelf
        } else {
            LocationKind::Warehouse
        };
        locations
            .iter()
            .filter(|l| l.kind == want)
            .map(|l| (l.id, l.name.clone()))
            .collect::<Vec<_>>()
    };
    let targets = StoredValue::new(targets);
    let options = balances.iter().map(|b| b.part_id).collect::<Vec<_>>();
    view! {
        <section class="card">
            <form class="grid-form" on:submit=submit data-testid="kit-form">
                <div class="row span" role="group">
                    {KINDS.into_iter().map(|k| view! {
                        <button type="button" class:primary=move || kind.get() == k on:click=move |_| kind.set(k)
                            data-testid=format!("kit-{}", k.as_str())>{move || kind_label(i, k)}</button>
                    }).collect_view()}
                </div>
                <label>{move || i.t("stock.part")}
                    <select prop:value=move || part.get() on:change=move |ev| part.set(event_target_value(&ev))>
                        {options.into_iter().map(|id| view! { <option value=id.to_string()>{move || parts.label(id)}</option> }).collect_view()}
                    </select>
                    <span class="field-error">{err("part_id")}</span>
                </label>
                <label>{move || i.t("stock.quantity")}<input inputmode="numeric" bind:value=quantity/><span class="field-error">{err("quantity")}</span></label>
                <Show when=move || kind.get() == MovementKind::Consume>
                    <label>{move || i.t("stock.work_order")}
                        <select prop:value=move || work_order.get() on:change=move |ev| work_order.set(event_target_value(&ev)) data-testid="kit-work-order">
                            <option value="">{move || i.t("stock.choose")}</option>
                            {move || tasks.get().and_then(Result::ok).map(|p| p.items).unwrap_or_default().into_iter().map(|w| {
                                view! { <option value=w.id.to_string()>{format!("{} {}", w.number, w.description.chars().take(24).collect::<String>())}</option> }
                            }).collect_view()}
                        </select>
                        <span class="field-error">{err("work_order_id")}</span>
                    </label>
                </Show>
                <Show when=move || kind.get() != MovementKind::Consume>
                    <label>{move || i.t("stock.to")}
                        <select prop:value=move || to.get() on:change=move |ev| to.set(event_target_value(&ev))>
                            <option value="">{move || i.t("stock.choose")}</option>
                            {move || targets.with_value(|t| t(kind.get())).into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                        </select>
                        <span class="field-error">{err("to_location_id")}</span>
                    </label>
                </Show>
                <Show when=move || !serials_of.with_value(|f| f(part.get().parse().unwrap_or(0))).is_empty()>
                    <label class="span">{move || i.t("stock.serials")}
                        <textarea rows="2" bind:value=serials placeholder=move || serials_of.with_value(|f| f(part.get().parse().unwrap_or(0))).join(" ")></textarea>
                        <span class="field-error">{err("serials")}</span>
                    </label>
                </Show>
                <button type="submit" class="primary" data-testid="kit-save" disabled=move || save.pending().get()>{move || kind_label(i, kind.get())}</button>
            </form>
            <FormError problem=error shown=&["part_id", "quantity", "work_order_id", "to_location_id", "serials"]/>
        </section>
    }.into_any()
}
