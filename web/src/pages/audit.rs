//! The audit trail (admins and managers): filter by record, person and time.

use crate::api;
use crate::components::error::ErrorView;
use crate::components::history::EntryRows;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;
use servicebook_shared::audit::AuditEntry;
use servicebook_shared::{ApiProblem, Page};

/// `2026-11-23` or `2026-11-23T08:00` from a date/time input → RFC 3339 UTC
/// in the browser's zone.
fn to_rfc3339(local: &str, end_of_day: bool) -> String {
    if local.is_empty() {
        return String::new();
    }
    let text = if local.len() == 10 {
        format!(
            "{local}T{}",
            if end_of_day { "23:59:59" } else { "00:00:00" }
        )
    } else {
        local.to_owned()
    };
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&text));
    if date.get_time().is_nan() {
        return String::new();
    }
    date.to_iso_string().into()
}

#[component]
pub fn AuditLog() -> impl IntoView {
    let i = use_i18n();
    let record_type = RwSignal::new(String::new());
    let record_id = RwSignal::new(String::new());
    let actor_id = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<AuditEntry>::new());
    let next = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiProblem>);

    let load = move |cursor: Option<String>| {
        let path = format!(
            "/api/audit?{}",
            api::query(&[
                ("record_type", record_type.get_untracked().trim().to_owned()),
                ("record_id", record_id.get_untracked().trim().to_owned()),
                ("actor_id", actor_id.get_untracked().trim().to_owned()),
                ("from", to_rfc3339(&from.get_untracked(), false)),
                ("to", to_rfc3339(&to.get_untracked(), true)),
                ("cursor", cursor.clone().unwrap_or_default()),
            ])
        );
        spawn_local(async move {
            match api::get::<Page<AuditEntry>>(&path).await {
                Ok(page) => {
                    let _ = items.try_update(|v| {
                        if cursor.is_some() {
                            v.extend(page.items)
                        } else {
                            *v = page.items
                        }
                    });
                    let _ = next.try_set(page.next_cursor);
                    let _ = error.try_set(None);
                }
                Err(p) => {
                    let _ = error.try_set(Some(p));
                }
            }
        });
    };
    load(None);
    let filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        load(None);
    };
    view! {
        <section class="card">
            <h1>{move || i.t("audit.title")}</h1>
            <form class="filters" on:submit=filter>
                <input placeholder=move || i.t("audit.record_type") bind:value=record_type/>
                <input inputmode="numeric" placeholder=move || i.t("audit.record_id") bind:value=record_id/>
                <input inputmode="numeric" placeholder=move || i.t("audit.actor_id") bind:value=actor_id/>
                <label class="compact">{move || i.t("audit.from")}<input type="date" bind:value=from/></label>
                <label class="compact">{move || i.t("audit.to")}<input type="date" bind:value=to/></label>
                <button type="submit">{move || i.t("common.search")}</button>
            </form>
            {move || error.get().map(|p| view! { <ErrorView problem=p/> })}
            <div class="table-wrap">
                <table data-testid="audit-table">
                    <thead><tr>
                        <th>{move || i.t("history.when")}</th>
                        <th>{move || i.t("history.who")}</th>
                        <th>{move || i.t("history.what")}</th>
                        <th>{move || i.t("audit.record")}</th>
                        <th>{move || i.t("history.changes")}</th>
                    </tr></thead>
                    <tbody>{move || view! { <EntryRows entries=items.get() show_record=true/> }}</tbody>
                </table>
            </div>
            <Show when=move || next.with(Option::is_some)>
                <button on:click=move |_| load(next.get_untracked())>{move || i.t("common.more")}</button>
            </Show>
        </section>
    }
}
