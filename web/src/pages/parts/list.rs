//! The catalogue: search by part number, name or compatible model (kept
//! in the address), a page at a time.

use super::can_manage;
use crate::api;
use crate::api::parts::PartQuery;
use crate::components::error::ErrorView;
use crate::components::filters::Filters;
use crate::components::paged::Paged;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::parts::part_name;

const KEYS: &[&str] = &["q", "archived"];

#[component]
pub fn PartList() -> impl IntoView {
    let i = use_i18n();
    let filters = Filters::new("/parts", KEYS);
    let parts = Paged::new(
        move || {
            let q = filters.get("q");
            PartQuery {
                q: (!q.trim().is_empty()).then(|| q.trim().to_owned()),
                include_archived: (filters.get("archived") == "1").then_some(true),
                limit: Some(50),
                cursor: None,
            }
        },
        |q: PartQuery, cursor| async move { api::parts::list(&PartQuery { cursor, ..q }).await },
    );
    let q = RwSignal::new(filters.get_untracked("q"));
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        filters.set("q", q.get_untracked());
    };
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("parts.title")}</h1>
                <Show when=can_manage><a class="button primary" href="/parts/new" data-testid="parts-new">{move || i.t("parts.new")}</a></Show>
            </div>
            <form class="filters" on:submit=search>
                <input type="search" bind:value=q placeholder=move || i.t("parts.search") aria-label=move || i.t("parts.search") data-testid="parts-search"/>
                <button type="submit">{move || i.t("common.search")}</button>
                <label class="inline">
                    <input type="checkbox" prop:checked=move || filters.get("archived") == "1"
                        on:change=move |ev| filters.set("archived", if event_target_checked(&ev) { "1".into() } else { String::new() })/>
                    {move || i.t("parts.include_archived")}
                </label>
            </form>
            {move || parts.error.get().map(|p| view! { <ErrorView problem=p/> })}
            <div class="table-wrap">
                <table data-testid="parts-table">
                    <thead><tr>
                        <th>{move || i.t("parts.number")}</th>
                        <th>{move || i.t("parts.name")}</th>
                        <th class="hide-narrow">{move || i.t("parts.models")}</th>
                        <th class="num hide-narrow">{move || i.t("parts.price")}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || parts.items.get() key=|p| (p.id, p.version) let(p)>
                            {
                                let models = p.compatible_models.join(", ");
                                let price = format!("¥{}", p.price.format());
                                let archived = !p.active;
                                let part = p.clone();
                                view! {
                                    <tr class:muted=archived>
                                        <td><a class="nowrap" href=format!("/parts/{}", p.id)>{p.part_number.clone()}</a>
                                            {archived.then(|| view! { <span class="chip">{move || i.t("parts.archived")}</span> })}</td>
                                        <td>{move || part_name(&part, i.lang.get().tag()).to_owned()}
                                            <span class="show-narrow muted small"><br/>{models.clone()}</span></td>
                                        <td class="hide-narrow">{models.clone()}</td>
                                        <td class="num hide-narrow">{price}" / "{p.unit.clone()}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || !parts.loading.get() && parts.items.with(Vec::is_empty) && parts.error.with(Option::is_none)>
                <p class="muted">{move || i.t("parts.none")}</p>
            </Show>
            <Show when=move || parts.loading.get()>
                <p class="muted">{move || i.t("common.loading")}</p>
            </Show>
            <Show when=move || parts.has_more()>
                <button class="list-more" on:click=move |_| parts.more() disabled=move || parts.loading.get()>{move || i.t("common.more")}</button>
            </Show>
        </section>
    }
}
