//! A record's history from the audit trail: who changed what, when, in
//! words (see `describe`).

use crate::api;
use crate::auth::use_auth;
use crate::components::describe::{
    action_label, change_text, names_people, record_label, Ctx, Names,
};
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::audit::{AuditEntry, FieldChange};
use servicebook_shared::permissions;
use std::cell::RefCell;
use std::sync::Arc;

thread_local! {
    /// Staff names by id, fetched once per page load by those who may list
    /// staff.
    static DIRECTORY: RefCell<Option<Names>> = const { RefCell::new(None) };
}

/// People's names by id: `known` (what the page already knows), plus the
/// staff list when the entries name people by id and the user may read it.
pub async fn names_for(entries: &[AuditEntry], known: &[(u64, String)], may_list: bool) -> Names {
    let mut names: Names = known.iter().cloned().collect();
    if may_list && entries.iter().any(|e| names_people(&e.changes)) {
        let cached = DIRECTORY.with(|d| d.borrow().clone());
        let directory = match cached {
            Some(d) => d,
            None => {
                let d: Names = api::users::names()
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                DIRECTORY.with(|c| *c.borrow_mut() = Some(d.clone()));
                d
            }
        };
        for (id, name) in directory {
            names.entry(id).or_insert(name);
        }
    }
    names
}

/// The page of a record, where there is one.
pub fn record_href(record_type: &str, id: u64) -> Option<String> {
    let base = match record_type {
        "customers" => "customers",
        "devices" => "devices",
        "contracts" => "contracts",
        "requests" => "requests",
        "work_orders" => "work-orders",
        "repairs" => "repairs",
        "users" => "users",
        "loaner_units" => "loaners",
        "loans" => return Some(format!("/loaners/loans/{id}")),
        "settings" => return Some("/settings".into()),
        _ => return None,
    };
    Some(format!("/{base}/{id}"))
}

/// Nothing worth saying when a record is made: an empty text or list.
fn is_blank(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => s.is_empty(),
        serde_json::Value::Array(a) => a.is_empty(),
        serde_json::Value::Null => true,
        _ => false,
    }
}

#[component]
pub fn Changes(
    changes: Vec<FieldChange>,
    record_type: String,
    names: Arc<Names>,
    created: bool,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <ul class="changes">
            {changes.into_iter().filter(|c| !(created && is_blank(&c.after))).map(|c| {
                let (rt, names) = (record_type.clone(), names.clone());
                view! {
                    <li>{move || {
                        let (label, said) = change_text(Ctx { i, record_type: &rt, names: &names }, &c, created);
                        view! { <span class="field">{label}</span>": "{said} }
                    }}</li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn EntryRows(
    entries: Vec<AuditEntry>,
    names: Arc<Names>,
    #[prop(optional)] show_record: bool,
) -> impl IntoView {
    let i = use_i18n();
    entries
        .into_iter()
        .map(|e| {
            let at = e.at.clone();
            let action = e.action.clone();
            let created = e.action == "create";
            let (rt, rid) = (e.record_type.clone(), e.record_id);
            let record = show_record.then(|| {
                let rt2 = rt.clone();
                let label = move || format!("{} #{rid}", record_label(i, &rt2));
                match record_href(&rt, rid) {
                    Some(href) => view! { <td class="nowrap"><a href=href>{label}</a></td> }.into_any(),
                    None => view! { <td class="nowrap">{label}</td> }.into_any(),
                }
            });
            view! {
                <tr>
                    <td class="nowrap">{move || local(&at, i.lang.get())}</td>
                    <td class="nowrap">{e.actor.clone()}</td>
                    <td class="nowrap">{move || action_label(i, &action)}</td>
                    {record}
                    <td><Changes changes=e.changes.clone() record_type=rt.clone() names=names.clone() created=created/></td>
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
    /// Names the page already knows (e.g. a work order's engineers).
    #[prop(optional)]
    names: Vec<(u64, String)>,
) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let may_list = auth.may(permissions::list_users);
    let known = Arc::new(names);
    let entries = crate::load::load(move || {
        refresh.track();
        let known = known.clone();
        async move {
            let page = api::audit::of_record(record_type, record_id).await?;
            let names = names_for(&page.items, &known, may_list).await;
            Ok::<_, servicebook_shared::ApiProblem>((page.items, Arc::new(names)))
        }
    });
    view! {
        <section class="card" data-testid="history">
            <h2>{move || i.t("history.title")}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok((items, _)) if items.is_empty() => view! { <p class="muted">{move || i.t("history.empty")}</p> }.into_any(),
                        Ok((items, names)) => view! {
                            <div class="table-wrap"><table class="history">
                                <thead><tr>
                                    <th>{move || i.t("history.when")}</th>
                                    <th>{move || i.t("history.who")}</th>
                                    <th>{move || i.t("history.what")}</th>
                                    <th>{move || i.t("history.changes")}</th>
                                </tr></thead>
                                <tbody><EntryRows entries=items names=names/></tbody>
                            </table></div>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
