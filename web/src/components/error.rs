//! How a refused or failed request is shown: the translated kind of
//! problem (by its `ProblemCode`), the server's detail, the field errors a
//! form does not show next to a field, and a way forward.

use crate::api;
use crate::components::describe::field_label;
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use servicebook_shared::problem::FieldCode;
use servicebook_shared::users::FieldErrors;
use servicebook_shared::{ApiProblem, ProblemCode};

/// The kind of problem: its code, or what its status means when the type
/// is `about:blank` or unknown to this build.
pub fn code_of(p: &ApiProblem) -> ProblemCode {
    p.code().unwrap_or_else(|| api::by_status(p.status))
}

/// The translated headline of a problem (`problem.<code>`).
pub fn headline(i: I18n, p: &ApiProblem) -> String {
    i.t(&format!("problem.{}", code_of(p).as_str()))
}

/// A problem. Field errors are shown next to their fields by
/// [`FieldError`]; those named in `shown` are left to them, any other (a
/// field the form has no input for) is listed here with its translated name.
#[component]
pub fn ErrorView(
    problem: ApiProblem,
    /// The fields the form shows errors for itself.
    #[prop(optional)]
    shown: &'static [&'static str],
) -> impl IntoView {
    let i = use_i18n();
    let p = problem.clone();
    let stale = code_of(&problem) == ProblemCode::StaleVersion;
    let others: Vec<(String, FieldCode, String)> = problem
        .errors
        .iter()
        .filter(|(f, _)| !is_shown(shown, f))
        .filter_map(|(f, m)| Some((f.clone(), problem.field_code(f)?, m.clone())))
        .collect();
    // With field errors the detail only lists them again, in English.
    let detail =
        (problem.errors.is_empty() && !problem.detail.is_empty()).then(|| problem.detail.clone());
    view! {
        <div class="error" role="alert" data-testid="error">
            <strong>{move || headline(i, &p)}</strong>
            // The server's detail is English, for scripts and support: in
            // another language it waits behind a "details" fold.
            {detail.map(|d| if i.lang.get_untracked() == crate::i18n::Lang::En {
                view! { <p class="detail">{d}</p> }.into_any()
            } else {
                view! { <details class="detail"><summary>{move || i.t("problem.details")}</summary><p lang="en">{d}</p></details> }.into_any()
            })}
            {(!others.is_empty()).then(|| view! {
                <ul class="field-errors">
                    {others.into_iter().map(|(f, c, m)| view! {
                        <li><strong>{move || field_label(i, "", &f)}</strong>": "{move || field_text(i, c, &m)}</li>
                    }).collect_view()}
                </ul>
            })}
            {stale.then(|| view! {
                <button on:click=|_| { let _ = window().location().reload(); }>{move || i.t("common.reload")}</button>
            })}
        </div>
    }
}

/// Whether the form shows `field` itself: named in `shown`, or inside a
/// field named there (`contacts[0].phone` inside `contacts`).
fn is_shown(shown: &[&str], field: &str) -> bool {
    shown.iter().any(|s| {
        field == *s
            || field
                .strip_prefix(s)
                .is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
    })
}

/// The errors of one row of a list field (`contacts[2].…`), as one line.
pub fn row_errors(
    i: I18n,
    problem: &Option<ApiProblem>,
    list: &str,
    index: usize,
) -> Option<String> {
    let prefix = format!("{list}[{index}].");
    let found: Vec<String> = problem
        .as_ref()?
        .errors
        .iter()
        .filter_map(|(f, m)| {
            let code = FieldCode::of(m);
            f.strip_prefix(&prefix)
                .map(|rest| format!("{}: {}", field_label(i, "", rest), field_text(i, code, m)))
        })
        .collect();
    (!found.is_empty()).then(|| found.join("; "))
}

/// The problem, if any, shown under a form: its headline and whatever the
/// form does not show next to a field.
#[component]
pub fn FormError(
    #[prop(into)] problem: Signal<Option<ApiProblem>>,
    #[prop(optional)] shown: &'static [&'static str],
) -> impl IntoView {
    move || {
        problem
            .get()
            .map(|p| view! { <ErrorView problem=p shown=shown/> })
    }
}

/// What is wrong with a field, in the user's language: the server's own
/// words in English (they say more, e.g. the limit), else the translation
/// of its code (`field_code.<code>`).
pub fn field_text(i: I18n, code: FieldCode, message: &str) -> String {
    if i.lang.get() == crate::i18n::Lang::En && !message.is_empty() {
        message.to_owned()
    } else {
        i.t(&format!("field_code.{}", code.as_str()))
    }
}

/// The message for one field, if the problem names it.
pub fn field_error(problem: &Option<ApiProblem>, field: &str) -> Option<String> {
    let p = problem.as_ref()?;
    let code = p.field_code(field)?;
    Some(field_text(use_i18n(), code, &p.errors[field]))
}

/// A problem found in the browser by the shared rules, before sending:
/// shown exactly as the server's would be.
pub fn local_problem(errors: FieldErrors) -> ApiProblem {
    let mut p = ApiProblem::new(422, ProblemCode::Invalid, "Invalid input", "");
    p.errors = errors;
    p.with_codes()
}

/// Forgets `field`'s error once the user changes it (and the whole problem
/// once no field is left wrong and nothing else was said).
pub fn clear_field(problem: &mut Option<ApiProblem>, field: &str) {
    if let Some(p) = problem {
        p.errors.retain(|f, _| {
            !(f == field
                || f.starts_with(&format!("{field}."))
                || f.starts_with(&format!("{field}[")))
        });
        p.codes.retain(|f, _| p.errors.contains_key(f));
        if p.errors.is_empty() && p.is(ProblemCode::Invalid) {
            *problem = None;
        }
    }
}

/// The error of one field, next to its input.
#[component]
pub fn FieldError(
    #[prop(into)] problem: Signal<Option<ApiProblem>>,
    field: &'static str,
) -> impl IntoView {
    view! {
        <span class="field-error" data-testid=format!("field-error-{field}")>
            {move || problem.with(|p| field_error(p, field))}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::is_shown;

    #[test]
    fn a_form_shows_its_fields_and_the_rows_inside_them() {
        let shown = ["name", "contacts"];
        assert!(is_shown(&shown, "name"));
        assert!(is_shown(&shown, "contacts[2].phone"));
        assert!(!is_shown(&shown, "contacts_count"));
        assert!(!is_shown(&shown, "version"));
    }
}
