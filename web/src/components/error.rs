//! How a refused or failed request is shown: the translated kind of
//! problem, the server's detail, and a way forward.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::{ApiProblem, ProblemCode};

/// The translated headline of a problem, by its type.
pub fn headline(i: crate::i18n::I18n, p: &ApiProblem) -> String {
    match p.code() {
        Some(code) => i.t(&format!("problem.{}", code.as_str())),
        None => p.title.clone(),
    }
}

#[component]
pub fn ErrorView(problem: ApiProblem) -> impl IntoView {
    let i = use_i18n();
    let p = problem.clone();
    let stale = problem.is(ProblemCode::StaleVersion);
    view! {
        <div class="error" role="alert" data-testid="error">
            <strong>{move || headline(i, &p)}</strong>
            {(!problem.detail.is_empty()).then(|| view! { <p class="detail">{problem.detail.clone()}</p> })}
            {stale.then(|| view! {
                <button on:click=|_| { let _ = window().location().reload(); }>{move || i.t("common.reload")}</button>
            })}
        </div>
    }
}

/// The message for one field, if the problem names it.
pub fn field_error(problem: &Option<ApiProblem>, field: &str) -> Option<String> {
    problem.as_ref().and_then(|p| p.errors.get(field).cloned())
}
