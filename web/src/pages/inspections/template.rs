//! One standard at one revision: its checklist as the engineer will see it
//! (ranges, options, what fails), its revisions, and for a manager the
//! edit (a new revision) and archive actions.

use super::{can_manage, kind_key, pick, template_name, urgency_key};
use crate::api;
use crate::components::error::ErrorView;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::inspections::{InspectionTemplate, ItemKind, TemplateStatus};

#[component]
pub fn TemplateDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let refresh = RwSignal::new(0usize);
    let data = crate::load::load(move || {
        let (id, _) = (id(), refresh.get());
        async move {
            let t = api::inspections::template(id).await?;
            let revs = api::inspections::revisions(id).await?;
            Ok::<_, servicebook_shared::ApiProblem>((t, revs))
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((t, revs)) => view! { <Shown t=t revs=revs refresh=refresh/> }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Shown(
    t: InspectionTemplate,
    revs: Vec<InspectionTemplate>,
    refresh: RwSignal<usize>,
) -> impl IntoView {
    let i = use_i18n();
    let error = RwSignal::new(None);
    let (id, version, active) = (t.id, t.version, t.active);
    let toggle = crate::load::act(move |_: &()| async move {
        api::inspections::set_status(
            id,
            &TemplateStatus {
                version,
                active: !active,
            },
        )
        .await
    });
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(_)) => refresh.update(|n| *n += 1),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let title = t.clone();
    let current = t.current;
    let models = t.models.join(", ");
    let items = t.items.clone();
    view! {
        <section class="card" data-testid="template-detail">
            <div class="row-between">
                <h1>{move || template_name(i, &title)}<span class="muted small">{format!(" v{}", t.revision)}</span></h1>
                <Show when=move || can_manage() && current>
                    <div class="actions">
                        <a class="button primary" href=format!("/inspection-templates/{id}/edit") data-testid="template-edit">{move || i.t("inspections.edit")}</a>
                        <button on:click=move |_| { toggle.dispatch(()); } data-testid="template-archive">
                            {move || if active { i.t("inspections.archive") } else { i.t("inspections.restore") }}
                        </button>
                    </div>
                </Show>
            </div>
            {(!t.current).then(|| view! { <p class="notice">{move || i.t("inspections.old_revision")}</p> })}
            {(!t.active).then(|| view! { <p class="notice">{move || i.t("inspections.archived")}</p> })}
            <dl class="summary">
                <dt>{move || i.t("inspections.device_class")}</dt><dd>{t.device_class.clone()}</dd>
                <dt>{move || i.t("inspections.models")}</dt><dd>{if models.is_empty() { "—".to_owned() } else { models }}</dd>
                <dt>{move || i.t("inspections.description")}</dt><dd class="pre">{t.description.clone()}</dd>
            </dl>
            {move || error.get().map(|p| view! { <ErrorView problem=p/> })}
            <div class="table-wrap">
                <table data-testid="template-items">
                    <thead><tr>
                        <th class="num">"#"</th>
                        <th>{move || i.t("inspections.item")}</th>
                        <th>{move || i.t("inspections.kind")}</th>
                        <th>{move || i.t("inspections.passes_when")}</th>
                        <th class="hide-narrow">{move || i.t("inspections.severity")}</th>
                    </tr></thead>
                    <tbody>
                        {items.into_iter().enumerate().map(|(n, item)| {
                            let label = item.clone();
                            let rule = match item.kind {
                                ItemKind::Reading => item.range_text(),
                                ItemKind::Choice => item.choices.iter().filter(|c| !item.failing_choices.contains(c)).cloned().collect::<Vec<_>>().join(" / "),
                                _ => String::new(),
                            };
                            let required = item.required;
                            view! {
                                <tr>
                                    <td class="num">{n + 1}</td>
                                    <td>{move || pick(i, &label.label_zh, &label.label_en)}
                                        {(!required).then(|| view! { <span class="chip">{move || i.t("inspections.optional")}</span> })}
                                        {(!item.hint.is_empty()).then(|| view! { <br/><span class="muted small">{item.hint.clone()}</span> })}</td>
                                    <td>{move || i.t(&kind_key(item.kind))}</td>
                                    <td>{rule}</td>
                                    <td class="hide-narrow">{move || i.t(urgency_key(item.severity))}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="card">
            <h2>{move || i.t("inspections.revisions")}</h2>
            <ul class="plain-list" data-testid="template-revisions">
                {revs.into_iter().rev().map(|r| {
                    let this = r.id == t.id;
                    let at = r.created_at;
                    view! {
                        <li>
                            {if this { view! { <strong>{format!("v{}", r.revision)}</strong> }.into_any() }
                             else { view! { <a href=format!("/inspection-templates/{}", r.id)>{format!("v{}", r.revision)}</a> }.into_any() }}
                            <span class="muted small">" · "{move || crate::components::time::local_date(at, i.lang.get())}" · "{r.items.len()}" "{move || i.t("inspections.items")}</span>
                            {r.current.then(|| view! { <span class="chip">{move || i.t("inspections.current")}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
