//! Administration (admin): the backup download. A plain link: the browser
//! streams the archive to disk with the session cookie.

use crate::api;
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn Admin() -> impl IntoView {
    let i = use_i18n();
    view! {
        <section class="card">
            <h1>{move || i.t("admin.title")}</h1>
            <h2>{move || i.t("admin.backup")}</h2>
            <p class="muted">{move || i.t("admin.backup_hint")}</p>
            <a class="button primary" href=api::admin::backup_url() download data-testid="backup-download">{move || i.t("admin.backup_button")}</a>
        </section>
    }
}
