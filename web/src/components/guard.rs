//! Pages for some people only, by the same permission question the server
//! asks. The server refuses anyway; this spares the user a page of errors
//! and says plainly why there is nothing here.

use crate::auth::{use_auth, Question};
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn Require(allowed: Question, children: ChildrenFn) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    view! {
        <Show when=move || auth.may(allowed) fallback=move || view! {
            <section class="card" data-testid="forbidden">
                <h1>{move || i.t("forbidden.title")}</h1>
                <p>{move || i.t("forbidden.body")}</p>
                <a href="/">{move || i.t("not_found.home")}</a>
            </section>
        }>
            {children()}
        </Show>
    }
}
