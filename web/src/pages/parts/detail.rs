//! One part: its details (editable by the store keeper), its stock at
//! every location and its latest movements.

use super::form::PartForm;
use crate::api;
use crate::api::stock::{BalanceQuery, MovementQuery};
use crate::components::error::ErrorView;
use crate::components::history::History;
use crate::i18n::use_i18n;
use crate::pages::stock::{location_names, use_locations, BalanceTable, MovementTable, PartNames};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::parts::{part_name, Part};

#[component]
pub fn PartDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let refresh = RwSignal::new(0usize);
    let part = crate::load::load(move || {
        let (id, _) = (id(), refresh.get());
        async move { api::parts::get(id).await }
    });
    let stock = crate::load::load(move || {
        let (id, _) = (id(), refresh.get());
        async move {
            let balances = api::stock::balances(&BalanceQuery {
                part_id: Some(id),
                location_id: None,
            })
            .await?;
            let moves = api::stock::movements(&MovementQuery {
                part_id: Some(id),
                limit: Some(20),
                ..Default::default()
            })
            .await?;
            Ok::<_, servicebook_shared::ApiProblem>((balances, moves.items))
        }
    });
    let locations = use_locations();
    let names = PartNames::new();
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match part.await {
                    Ok(p) => {
                        names.0.update(|m| { m.insert(p.id, p.clone()); });
                        let title = p.clone();
                        view! {
                            <section class="card">
                                <h1>{p.part_number.clone()}" · "{move || part_name(&title, i.lang.get().tag()).to_owned()}</h1>
                                {(!p.active).then(|| view! { <p class="chip">{move || i.t("parts.archived")}</p> })}
                                <PartForm part=Some(p.clone()) saved=Callback::new(move |_: Part| refresh.update(|n| *n += 1))/>
                            </section>
                            <History record_type="parts" record_id=p.id refresh=Signal::derive(move || refresh.get()) names=vec![]/>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let list = locations.await.unwrap_or_default();
                match stock.await {
                    Ok((balances, moves)) => view! {
                        <section class="card" data-testid="part-stock">
                            <h2>{move || i.t("parts.stock")}</h2>
                            <BalanceTable balances=balances parts=names locations=location_names(&list) by_part=true/>
                        </section>
                        <section class="card">
                            <h2>{move || i.t("parts.movements")}</h2>
                            <MovementTable movements=moves parts=names locations=location_names(&list)/>
                        </section>
                    }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}
