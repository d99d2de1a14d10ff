//! Import customers or devices from a CSV file: check it first (every bad
//! row with its line), then import it whole. The column list shown is the
//! one the server reads (`shared::import`).

use crate::api;
use crate::auth::use_auth;
use crate::components::error::ErrorView;
use crate::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use servicebook_shared::import::{ImportKind, ImportReport};
use servicebook_shared::permissions;
use servicebook_shared::ApiProblem;
use wasm_bindgen::JsCast;

fn may_import(kind: ImportKind) -> bool {
    use_auth().may(|w| permissions::import(w, kind))
}

#[component]
pub fn Import() -> impl IntoView {
    let i = use_i18n();
    let kinds: Vec<ImportKind> = [
        ImportKind::Customers,
        ImportKind::Devices,
        ImportKind::Parts,
    ]
    .into_iter()
    .filter(|k| may_import(*k))
    .collect();
    let kind = RwSignal::new(kinds.first().copied().unwrap_or(ImportKind::Devices));
    // The chosen file lives in the page's DOM input; the signal only says one is chosen.
    let input = NodeRef::<leptos::html::Input>::new();
    let chosen = RwSignal::new(String::new());
    let report = RwSignal::new(None::<ImportReport>);
    let error = RwSignal::new(None::<ApiProblem>);
    let pending = RwSignal::new(false);
    let run = move |dry_run: bool| {
        let Some(file) = input
            .get_untracked()
            .and_then(|el| el.files())
            .and_then(|list| list.get(0))
        else {
            return;
        };
        let kind = kind.get_untracked();
        error.set(None);
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = api::import::run(kind, dry_run, &file).await;
            let _ = pending.try_set(false);
            match result {
                Ok(r) => {
                    let _ = report.try_set(Some(r));
                }
                Err(p) => {
                    let _ = report.try_set(None);
                    let _ = error.try_set(Some(p));
                }
            }
        });
    };
    let picked = move |ev: leptos::ev::Event| {
        let name = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|el| el.files())
            .and_then(|l| l.get(0))
            .map(|f| f.name())
            .unwrap_or_default();
        chosen.set(name);
        report.set(None);
        run(true);
    };
    let kind_name = move |k: ImportKind| match k {
        ImportKind::Customers => i.t("import.customers"),
        ImportKind::Devices => i.t("import.devices"),
        ImportKind::Parts => i.t("parts.import"),
    };
    view! {
        <section class="card">
            <h1>{move || i.t("import.title")}</h1>
            <p class="muted">{move || i.t("import.hint")}</p>
            <div class="row-fields">
                {kinds.into_iter().map(|k| view! {
                    <label class="check">
                        <input type="radio" name="kind" checked=move || kind.get() == k
                            on:change=move |_| { kind.set(k); report.set(None); chosen.set(String::new()); }/>
                        {move || kind_name(k)}
                    </label>
                }).collect_view()}
            </div>
            <label class="upload">
                <span>{move || if chosen.with(String::is_empty) { i.t("import.choose") } else { chosen.get() }}</span>
                <input type="file" accept=".csv,text/csv" node_ref=input on:change=picked data-testid="import-file"/>
            </label>
            {move || pending.get().then(|| view! { <p class="muted">{move || i.t("common.loading")}</p> })}
            {move || error.get().map(|p| view! { <ErrorView problem=p/> })}
            {move || report.get().map(|r| view! { <ReportView report=r on_import=move || run(false)/> })}
        </section>
        <section class="card">
            <h2>{move || i.t("import.columns")}</h2>
            {move || {
                let zh = i.lang.get() == Lang::Zh;
                view! {
                    <div class="table-wrap"><table>
                        <thead><tr>
                            <th>{i.t("import.header")}</th>
                            <th>{i.t("import.also")}</th>
                            <th>{i.t("import.required")}</th>
                        </tr></thead>
                        <tbody>
                            {kind.get().columns().iter().map(|c| view! { <tr>
                                <td>{if zh { c.zh } else { c.en }}</td>
                                <td class="muted">{format!("{} · {}", c.field, if zh { c.en } else { c.zh })}</td>
                                <td>{c.required.then(|| "✓")}</td>
                            </tr> }).collect_view()}
                        </tbody>
                    </table></div>
                }
            }}
            <p class="muted small">{move || i.t("import.formats")}</p>
        </section>
    }
}

#[component]
fn ReportView(report: ImportReport, on_import: impl Fn() + Copy + 'static) -> impl IntoView {
    let i = use_i18n();
    let rows = report.rows;
    if !report.dry_run {
        return view! {
            <p class="ok" data-testid="import-done">{move || i.t("import.done").replace("{n}", &report.created.to_string())}</p>
        }
        .into_any();
    }
    if report.problems.is_empty() {
        return view! {
            <p class="ok">{move || i.t("import.clean").replace("{n}", &rows.to_string())}</p>
            {(rows > 0).then(|| view! {
                <button type="button" class="primary" on:click=move |_| on_import() data-testid="import-run">{move || i.t("import.run").replace("{n}", &rows.to_string())}</button>
            })}
        }
        .into_any();
    }
    let count = report.problems.len();
    view! {
        <p class="bad" data-testid="import-problems">{move || i.t("import.problems").replace("{n}", &count.to_string())}</p>
        <div class="table-wrap"><table>
            <thead><tr>
                <th>{move || i.t("import.line")}</th>
                <th>{move || i.t("import.column")}</th>
                <th>{move || i.t("import.message")}</th>
            </tr></thead>
            <tbody>
                {report.problems.into_iter().map(|p| view! { <tr>
                    <td>{p.line}</td>
                    <td><code>{p.field}</code></td>
                    <td>{p.message}</td>
                </tr> }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}
