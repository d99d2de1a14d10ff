//! Stock by location: pick a location (kept in the address), see what it
//! holds and its latest movements; the store keeper adds warehouses and
//! faulty shelves here.

use super::{location_kind_label, location_names, BalanceTable, MovementTable, PartNames};
use crate::api;
use crate::api::stock::{BalanceQuery, MovementQuery};
use crate::components::error::{ErrorView, FieldError, FormError};
use crate::components::filters::Filters;
use crate::i18n::use_i18n;
use crate::pages::parts::can_manage;
use leptos::prelude::*;
use servicebook_shared::stock::{LocationKind, NewLocation};
use servicebook_shared::ApiProblem;

#[component]
pub fn StockPage() -> impl IntoView {
    let i = use_i18n();
    let filters = Filters::new("/stock", &["location_id"]);
    let added = RwSignal::new(0u32);
    let locations = crate::load::load(move || {
        added.track();
        async move { api::stock::locations(&Default::default()).await }
    });
    let chosen = move || filters.get("location_id").parse::<u64>().ok();
    let stock = crate::load::load(move || {
        let at = chosen();
        async move {
            let Some(at) = at else { return Ok(None) };
            let balances = api::stock::balances(&BalanceQuery {
                part_id: None,
                location_id: Some(at),
            })
            .await?;
            let moves = api::stock::movements(&MovementQuery {
                location_id: Some(at),
                limit: Some(30),
                ..Default::default()
            })
            .await?;
            Ok::<_, ApiProblem>(Some((balances, moves.items)))
        }
    });
    let parts = PartNames::new();
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("stock.title")}</h1>
                <Show when=can_manage><a class="button primary" href="/stock/move" data-testid="stock-move">{move || i.t("stock.record")}</a></Show>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match locations.await {
                        Ok(list) => view! {
                            <label>{move || i.t("stock.location")}
                                <select data-testid="stock-location" prop:value=move || filters.get("location_id")
                                    on:change=move |ev| filters.set("location_id", event_target_value(&ev))>
                                    <option value="">{move || i.t("stock.pick_location")}</option>
                                    {list.into_iter().map(|l| {
                                        let kind = l.kind;
                                        view! { <option value=l.id.to_string()>{l.name.clone()}" ("{move || location_kind_label(i, kind)}")"</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                let list = locations.await.unwrap_or_default();
                match stock.await {
                    Ok(Some((balances, moves))) => view! {
                        <section class="card">
                            <h2>{move || i.t("stock.on_hand")}</h2>
                            <BalanceTable balances=balances parts=parts locations=location_names(&list) by_part=false/>
                        </section>
                        <section class="card">
                            <h2>{move || i.t("stock.movements")}</h2>
                            <MovementTable movements=moves parts=parts locations=location_names(&list)/>
                        </section>
                    }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
        <Show when=can_manage>
            <NewLocationForm added=added/>
        </Show>
    }
}

#[component]
fn NewLocationForm(added: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(LocationKind::Warehouse);
    let error = RwSignal::new(None::<ApiProblem>);
    let create = crate::load::act(move |body: &NewLocation| {
        let body = body.clone();
        async move { api::stock::create_location(&body).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            name.set(String::new());
            added.update(|n| *n += 1);
        }
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        create.dispatch(NewLocation {
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            engineer_id: None,
        });
    };
    view! {
        <section class="card">
            <h2>{move || i.t("stock.new_location")}</h2>
            <form class="filters" on:submit=submit data-testid="new-location">
                <input bind:value=name required placeholder=move || i.t("stock.location_name") aria-label=move || i.t("stock.location_name")/>
                <select aria-label=move || i.t("stock.location_kind")
                    on:change=move |ev| kind.set(if event_target_value(&ev) == "faulty_shelf" { LocationKind::FaultyShelf } else { LocationKind::Warehouse })>
                    <option value="warehouse">{move || location_kind_label(i, LocationKind::Warehouse)}</option>
                    <option value="faulty_shelf">{move || location_kind_label(i, LocationKind::FaultyShelf)}</option>
                </select>
                <button type="submit" disabled=move || create.pending().get()>{move || i.t("common.save")}</button>
                <FieldError problem=error field="name"/>
            </form>
            <FormError problem=error shown=&["name"]/>
        </section>
    }
}
