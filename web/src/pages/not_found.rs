use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i = use_i18n();
    view! {
        <section class="card">
            <h1>{move || i.t("not_found.title")}</h1>
            <p>{move || i.t("not_found.body")}</p>
            <a href="/">{move || i.t("not_found.home")}</a>
        </section>
    }
}
