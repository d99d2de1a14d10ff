//! Pages for some roles only. The server refuses anyway; this spares the
//! user a page of errors and says plainly why there is nothing here.

use crate::auth::use_auth;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::users::Role;

#[component]
pub fn RequireRole(roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let allowed = move || roles.iter().any(|r| auth.has(*r));
    view! {
        <Show when=allowed fallback=move || view! {
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
