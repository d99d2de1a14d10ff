//! A record's history from the audit trail: who changed what, when.

use crate::api;
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::audit::{AuditEntry, FieldChange};
use servicebook_shared::Page;

pub fn show_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "—".into(),
        serde_json::Value::String(s) if s.is_empty() => "“”".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) if a.is_empty() => "—".into(),
        serde_json::Value::Array(a) => a.iter().map(show_value).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The translated name of an audit action (the action itself if unknown).
pub fn action_label(i: crate::i18n::I18n, action: &str) -> String {
    let key = format!("audit.action.{action}");
    let text = i.t(&key);
    if text == key {
        action.to_owned()
    } else {
        text
    }
}

#[component]
pub fn Changes(changes: Vec<FieldChange>) -> impl IntoView {
    view! {
        <ul class="changes">
            {changes.into_iter().map(|c| view! {
                <li><code>{c.field.clone()}</code>": "{show_value(&c.before)}" → "{show_value(&c.after)}</li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn EntryRows(entries: Vec<AuditEntry>, #[prop(optional)] show_record: bool) -> impl IntoView {
    let i = use_i18n();
    entries
        .into_iter()
        .map(|e| {
            let at = e.at.clone();
            let action = e.action.clone();
            let record = format!("{} #{}", e.record_type, e.record_id);
            view! {
                <tr>
                    <td class="nowrap">{move || local(&at, i.lang.get())}</td>
                    <td>{e.actor.clone()}</td>
                    <td>{move || action_label(i, &action)}</td>
                    {show_record.then(|| view! { <td class="nowrap">{record.clone()}</td> })}
                    <td><Changes changes=e.changes.clone()/></td>
                </tr>
            }
        })
        .collect_view()
}

#[component]
pub fn History(
    record_type: &'static str,
    record_id: u64,
    #[prop(into)] refresh: Signal<usize>,
) -> impl IntoView {
    let i = use_i18n();
    let entries = LocalResource::new(move || {
        refresh.track();
        let path = format!("/api/audit?record_type={record_type}&record_id={record_id}&limit=200");
        async move { api::get::<Page<AuditEntry>>(&path).await }
    });
    view! {
        <section class="card" data-testid="history">
            <h2>{move || i.t("history.title")}</h2>
            <Suspense fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">{move || i.t("history.empty")}</p> }.into_any(),
                        Ok(page) => view! {
                            <div class="table-wrap"><table>
                                <thead><tr>
                                    <th>{move || i.t("history.when")}</th>
                                    <th>{move || i.t("history.who")}</th>
                                    <th>{move || i.t("history.what")}</th>
                                    <th>{move || i.t("history.changes")}</th>
                                </tr></thead>
                                <tbody><EntryRows entries=page.items/></tbody>
                            </table></div>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
