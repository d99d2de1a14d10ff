//! The standards in use (newest revision of each), searched, and the
//! examples shipped with the product that a manager copies to start one.

use super::{can_manage, pick, template_name};
use crate::api;
use crate::api::inspections::TemplateQuery;
use crate::components::error::ErrorView;
use crate::components::filters::Filters;
use crate::components::paged::Paged;
use crate::i18n::use_i18n;
use leptos::prelude::*;

const KEYS: &[&str] = &["q", "archived"];

#[component]
pub fn TemplateList() -> impl IntoView {
    let i = use_i18n();
    let filters = Filters::new("/inspection-templates", KEYS);
    let list = Paged::new(
        move || {
            let q = filters.get("q");
            TemplateQuery {
                q: (!q.trim().is_empty()).then(|| q.trim().to_owned()),
                include_archived: (filters.get("archived") == "1").then_some(true),
                limit: Some(50),
                cursor: None,
            }
        },
        |q: TemplateQuery, cursor| async move {
            api::inspections::templates(&TemplateQuery { cursor, ..q }).await
        },
    );
    let q = RwSignal::new(filters.get_untracked("q"));
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        filters.set("q", q.get_untracked());
    };
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("inspections.templates")}</h1>
                <Show when=can_manage><a class="button primary" href="/inspection-templates/new" data-testid="template-new">{move || i.t("inspections.new_template")}</a></Show>
            </div>
            <p class="muted small">{move || i.t("inspections.templates_hint")}</p>
            <form class="filters" on:submit=search>
                <input type="search" bind:value=q placeholder=move || i.t("inspections.search") aria-label=move || i.t("inspections.search")/>
                <button type="submit">{move || i.t("common.search")}</button>
                <label class="inline">
                    <input type="checkbox" prop:checked=move || filters.get("archived") == "1"
                        on:change=move |ev| filters.set("archived", if event_target_checked(&ev) { "1".into() } else { String::new() })/>
                    {move || i.t("parts.include_archived")}
                </label>
            </form>
            {move || list.error.get().map(|p| view! { <ErrorView problem=p/> })}
            <div class="table-wrap">
                <table data-testid="templates-table">
                    <thead><tr>
                        <th>{move || i.t("inspections.name")}</th>
                        <th>{move || i.t("inspections.device_class")}</th>
                        <th class="num">{move || i.t("inspections.items")}</th>
                        <th class="num hide-narrow">{move || i.t("inspections.revision")}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || list.items.get() key=|t| (t.id, t.version) let(t)>
                            {
                                let archived = !t.active;
                                let shown = t.clone();
                                view! {
                                    <tr class:muted=archived>
                                        <td><a href=format!("/inspection-templates/{}", t.id)>{move || template_name(i, &shown)}</a>
                                            {archived.then(|| view! { <span class="chip">{move || i.t("parts.archived")}</span> })}</td>
                                        <td>{t.device_class.clone()}</td>
                                        <td class="num">{t.items.len()}</td>
                                        <td class="num hide-narrow">{format!("v{}", t.revision)}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || !list.loading.get() && list.items.with(Vec::is_empty) && list.error.with(Option::is_none)>
                <p class="muted">{move || i.t("inspections.none")}</p>
            </Show>
            <Show when=move || list.has_more()>
                <button class="list-more" on:click=move |_| list.more() disabled=move || list.loading.get()>{move || i.t("common.more")}</button>
            </Show>
        </section>
        <Examples/>
    }
}

/// The shipped standards, each with "copy and edit" for a manager.
#[component]
fn Examples() -> impl IntoView {
    let i = use_i18n();
    let examples = crate::load::load(api::inspections::examples);
    view! {
        <section class="card">
            <h2>{move || i.t("inspections.examples")}</h2>
            <p class="muted small">{move || i.t("inspections.examples_hint")}</p>
            <Suspense fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match examples.await {
                        Ok(list) => view! {
                            <ul class="plain-list" data-testid="template-examples">
                                {list.into_iter().map(|e| {
                                    let t = e.template.clone();
                                    let name = move || pick(i, &t.name_zh, &t.name_en);
                                    let count = e.template.items.len();
                                    view! {
                                        <li class="row-between">
                                            <span>{name}<span class="muted small">{format!(" · {} · ", e.template.device_class)}{move || i.t("inspections.items")}" "{count}</span></span>
                                            <Show when=can_manage>
                                                <a class="button" href=format!("/inspection-templates/new?example={}", e.key) data-testid=format!("copy-example-{}", e.key)>{move || i.t("inspections.copy_example")}</a>
                                            </Show>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
