//! The audit trail (admins and managers): filter by kind of record, record
//! (found by its number, serial or name), person and time. The filters live in the address, so a filtered trail is
//! linkable; changes read in words (see `components::describe`).

use crate::api;
use crate::api::audit::AuditQuery;
use crate::auth::use_auth;
use crate::components::describe::{record_label, Names};
use crate::components::error::ErrorView;
use crate::components::filters::Filters;
use crate::components::history::EntryRows;
use crate::components::paged::Paged;
use crate::components::time::day_to_utc;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::permissions;
use std::sync::Arc;

/// The kinds of record the trail names.
const RECORD_TYPES: [&str; 11] = [
    "customers",
    "devices",
    "contracts",
    "requests",
    "work_orders",
    "repairs",
    "reports",
    "files",
    "sign_links",
    "users",
    "settings",
];

const KEYS: &[&str] = &["record_type", "record_id", "actor_id", "from", "to"];

#[component]
pub fn AuditLog() -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let may_list = auth.may(permissions::list_users);
    let filters = Filters::new("/audit", KEYS);
    // The form's own state, sent to the address on Search.
    let field = |k: &str| RwSignal::new(filters.get_untracked(k));
    let (record_type, record_id, actor_id, from, to) = (
        field("record_type"),
        field("record_id"),
        field("actor_id"),
        field("from"),
        field("to"),
    );
    let entries = Paged::new(
        move || {
            // The server reads a record's history (kind and id together);
            // a kind alone is filtered here, below.
            let record_id: Option<u64> = filters.get("record_id").trim().parse().ok();
            let record_type = filters.get("record_type");
            AuditQuery {
                record_type: record_id
                    .is_some()
                    .then(|| record_type.trim().to_owned())
                    .filter(|t| !t.is_empty()),
                record_id,
                actor_id: filters.get("actor_id").trim().parse().ok(),
                from: day_to_utc(&filters.get("from"), false),
                to: day_to_utc(&filters.get("to"), true),
                ..Default::default()
            }
        },
        |q: AuditQuery, cursor| async move { api::audit::list(&AuditQuery { cursor, ..q }).await },
    );
    // Staff names, for the person filter and for changes that name people.
    let people = crate::load::load(move || async move {
        if may_list {
            api::users::names().await.unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let names = Memo::new(move |_| {
        Arc::new(
            people
                .get()
                .unwrap_or_default()
                .into_iter()
                .collect::<Names>(),
        )
    });
    // A kind of record without a record: the entries of that kind.
    let kind_only = move || {
        let kind = filters.get("record_type");
        (!kind.is_empty() && filters.get("record_id").trim().is_empty()).then_some(kind)
    };
    let shown = move || {
        let kind = kind_only();
        entries.items.with(|items| {
            items
                .iter()
                .filter(|e| kind.as_ref().is_none_or(|k| e.record_type == *k))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    // The record by what people call it: a number, a serial, a name.
    let record_q = RwSignal::new(String::new());
    let targets = crate::load::load(move || {
        let q = record_q.get();
        async move {
            if q.trim().chars().count() < 2 {
                return Vec::new();
            }
            api::audit::records(q.trim()).await.unwrap_or_default()
        }
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        filters.go(&[
            ("record_type", record_type.get_untracked()),
            ("record_id", record_id.get_untracked()),
            ("actor_id", actor_id.get_untracked()),
            ("from", from.get_untracked()),
            ("to", to.get_untracked()),
        ]);
    };
    view! {
        <section class="card">
            <h1>{move || i.t("audit.title")}</h1>
            <form class="filters" on:submit=search data-testid="audit-filters">
                <select bind:value=record_type data-testid="audit-record-type" aria-label=move || i.t("audit.record_type")>
                    <option value="">{move || i.t("audit.all_records")}</option>
                    {RECORD_TYPES.into_iter().map(|t| view! { <option value=t>{move || record_label(i, t)}</option> }).collect_view()}
                </select>
                <input inputmode="numeric" placeholder=move || i.t("audit.record_id") bind:value=record_id data-testid="audit-record-id"/>
                <div class="record-search">
                    <input type="search" placeholder=move || i.t("audit.record_search") bind:value=record_q data-testid="audit-record-search"
                        aria-label=move || i.t("audit.record_search")/>
                    <ul class="suggestions" data-testid="audit-record-matches">
                        {move || targets.get().unwrap_or_default().into_iter().map(|t| {
                            let kind = t.record_type.clone();
                            let id = t.record_id;
                            let pick = move |_| {
                                record_q.set(String::new());
                                record_type.set(kind.clone());
                                record_id.set(id.to_string());
                                filters.go(&[
                                    ("record_type", kind.clone()),
                                    ("record_id", id.to_string()),
                                    ("actor_id", actor_id.get_untracked()),
                                    ("from", from.get_untracked()),
                                    ("to", to.get_untracked()),
                                ]);
                            };
                            let kind_label = t.record_type.clone();
                            view! {
                                <li><button type="button" class="link" on:click=pick>
                                    <span class="muted">{move || record_label(i, &kind_label)}</span>" "{t.label.clone()}
                                </button></li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
                {if may_list {
                    view! {
                        <select bind:value=actor_id data-testid="audit-actor" aria-label=move || i.t("audit.actor")>
                            <option value="">{move || i.t("audit.anyone")}</option>
                            {move || people.get().unwrap_or_default().into_iter().map(|(id, name)| {
                                view! { <option value=id.to_string() selected=actor_id.get_untracked() == id.to_string()>{name}</option> }
                            }).collect_view()}
                        </select>
                    }.into_any()
                } else {
                    view! { <input inputmode="numeric" placeholder=move || i.t("audit.actor_id") bind:value=actor_id/> }.into_any()
                }}
                <label class="compact">{move || i.t("audit.from")}<input type="date" bind:value=from data-testid="audit-from"/></label>
                <label class="compact">{move || i.t("audit.to")}<input type="date" bind:value=to data-testid="audit-to"/></label>
                <button type="submit" data-testid="audit-search">{move || i.t("common.search")}</button>
            </form>
            {move || entries.error.get().map(|p| view! { <ErrorView problem=p/> })}
            <div class="table-wrap">
                <table data-testid="audit-table" class="history">
                    <thead><tr>
                        <th>{move || i.t("history.when")}</th>
                        <th>{move || i.t("history.who")}</th>
                        <th>{move || i.t("history.what")}</th>
                        <th>{move || i.t("audit.record")}</th>
                        <th>{move || i.t("history.changes")}</th>
                    </tr></thead>
                    <tbody>{move || view! { <EntryRows entries=shown() names=names.get() show_record=true/> }}</tbody>
                </table>
            </div>
            <Show when=move || !entries.loading.get() && shown().is_empty() && entries.error.with(Option::is_none)>
                <p class="muted">{move || i.t("audit.none")}</p>
            </Show>
            <Show when=move || entries.has_more()>
                <button class="list-more" on:click=move |_| entries.more() disabled=move || entries.loading.get()>{move || i.t("common.more")}</button>
            </Show>
        </section>
    }
}
