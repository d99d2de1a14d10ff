//! "Download CSV / XLSX" of a list: links to the list's `/export` with the
//! filters the page lists by (never its page size or cursor: the file has
//! every row), in the language the page shows.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use serde::Serialize;

/// The filters of `query` as a query string, without paging.
pub fn filters_of<Q: Serialize>(query: &Q) -> String {
    crate::api::query_string(query)
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("limit=") && !p.starts_with("cursor="))
        .collect::<Vec<_>>()
        .join("&")
}

/// `path` (e.g. `/api/requests/export`) with the filters, format and language.
pub fn export_url(path: &str, filters: &str, format: &str, lang: &str) -> String {
    let mut q = format!("format={format}&lang={lang}");
    if !filters.is_empty() {
        q = format!("{filters}&{q}");
    }
    format!("{path}?{q}")
}

/// The two download links; `filters` is the page's current filter query.
#[component]
pub fn ExportLinks(
    path: &'static str,
    #[prop(into)] filters: Signal<String>,
    testid: &'static str,
) -> impl IntoView {
    let i = use_i18n();
    let url =
        move |format: &'static str| export_url(path, &filters.get(), format, i.lang.get().tag());
    view! {
        <span class="row export-links">
            <a class="button" href=move || url("csv") download="" data-testid=format!("{testid}-csv")>{move || i.t("export.csv")}</a>
            <a class="button" href=move || url("xlsx") download="" data-testid=format!("{testid}-xlsx")>{move || i.t("export.xlsx")}</a>
        </span>
    }
}
