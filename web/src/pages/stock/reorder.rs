//! The reorder list: parts at or below their reorder point per location,
//! with what to order; download as CSV (in the user's language), refresh,
//! and mark lines ordered (the store keeper and the manager).

use crate::api;
use crate::api::stock::ReorderQuery;
use crate::components::error::ErrorView;
use crate::i18n::use_i18n;
use crate::pages::parts::can_manage;
use leptos::prelude::*;
use servicebook_shared::stock::{ReorderLine, ReorderState};
use servicebook_shared::ApiProblem;

#[component]
pub fn ReorderList() -> impl IntoView {
    let i = use_i18n();
    let changed = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<ApiProblem>);
    let lines = crate::load::load(move || {
        changed.track();
        async move { api::stock::reorder(&ReorderQuery::default()).await }
    });
    let refresh =
        crate::load::act(|_: &()| async move { api::stock::refresh_reorder().await.map(|_| ()) });
    let ordered = crate::load::act(|l: &ReorderLine| {
        let (id, version) = (l.id, l.version);
        async move { api::stock::mark_ordered(id, version).await.map(|_| ()) }
    });
    Effect::new(move |_| {
        for r in [refresh.value().get(), ordered.value().get()]
            .into_iter()
            .flatten()
        {
            match r {
                Ok(()) => changed.update(|n| *n += 1),
                Err(p) => problem.set(Some(p)),
            }
        }
    });
    let csv = move || {
        api::stock::reorder_csv_url(&ReorderQuery {
            location_id: None,
            lang: Some(i.lang.get().tag().to_owned()),
        })
    };
    let xlsx = move || {
        api::stock::reorder_xlsx_url(&ReorderQuery {
            location_id: None,
            lang: Some(i.lang.get().tag().to_owned()),
        })
    };
    let manage = can_manage();
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("stock.reorder_title")}</h1>
                <div class="row">
                    <a class="button" href=csv download="reorder.csv" data-testid="reorder-csv">{move || i.t("stock.download_csv")}</a>
                    <a class="button" href=xlsx download="reorder.xlsx" data-testid="reorder-xlsx">{move || i.t("stock.download_xlsx")}</a>
                    {manage.then(|| view! {
                        <button on:click=move |_| { problem.set(None); refresh.dispatch(()); } disabled=move || refresh.pending().get()
                            data-testid="reorder-refresh">{move || i.t("stock.refresh")}</button>
                    })}
                </div>
            </div>
            {move || problem.get().map(|p| view! { <ErrorView problem=p/> })}
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match lines.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{move || i.t("stock.reorder_none")}</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap"><table data-testid="reorder-table">
                                <thead><tr>
                                    <th>{move || i.t("stock.part")}</th>
                                    <th class="hide-narrow">{move || i.t("stock.location")}</th>
                                    <th class="num">{move || i.t("stock.available")}</th>
                                    <th class="num hide-narrow">{move || i.t("parts.point")}</th>
                                    <th class="num">{move || i.t("stock.suggested")}</th>
                                    <th></th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|l| {
                                        let name = if i.lang.get_untracked().tag().starts_with("zh") || l.part_name_en.is_empty() { l.part_name_zh.clone() } else { l.part_name_en.clone() };
                                        let open = l.state == ReorderState::Open;
                                        let line = l.clone();
                                        view! {
                                            <tr>
                                                <td><a href=format!("/parts/{}", l.part_id)>{l.part_number.clone()}</a>" "{name}
                                                    <span class="show-narrow muted small"><br/>{l.location_name.clone()}</span></td>
                                                <td class="hide-narrow">{l.location_name.clone()}</td>
                                                <td class="num">{l.available}</td>
                                                <td class="num hide-narrow">{l.point}</td>
                                                <td class="num"><strong>{l.suggested}</strong>" "{l.unit.clone()}</td>
                                                <td>{if open && manage {
                                                    view! { <button on:click=move |_| { problem.set(None); ordered.dispatch(line.clone()); }
                                                        data-testid="reorder-ordered">{move || i.t("stock.mark_ordered")}</button> }.into_any()
                                                } else if open {
                                                    view! { <span class="chip">{move || i.t("stock.state_open")}</span> }.into_any()
                                                } else {
                                                    view! { <span class="chip">{move || i.t("stock.state_ordered")}</span> }.into_any()
                                                }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
