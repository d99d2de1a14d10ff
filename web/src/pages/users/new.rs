//! Create a staff account with a one-time password.

use super::fields::{parse_skills, AccountFields, AccountInputs, ACCOUNT_FIELDS};
use crate::api;
use crate::components::error::{field_error, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use servicebook_shared::users::{NewUser as NewUserBody, PASSWORD_MIN};
use servicebook_shared::ApiProblem;

#[component]
pub fn NewUser() -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let fields = AccountFields::new();
    let error = RwSignal::new(None::<ApiProblem>);
    let create = crate::load::act(move |body: &NewUserBody| {
        let body = body.clone();
        async move { api::users::create(&body).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(user)) => navigate(&format!("/users/{}", user.id), Default::default()),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        create.dispatch(NewUserBody {
            username: username.get_untracked().trim().to_lowercase(),
            display_name: fields.display_name.get_untracked(),
            phone: fields.phone.get_untracked(),
            email: fields.email.get_untracked(),
            roles: fields.roles.get_untracked(),
            skills: parse_skills(&fields.skills.get_untracked()),
            password: password.get_untracked(),
        });
    };
    view! {
        <section class="card">
            <h1>{move || i.t("users.new")}</h1>
            <form on:submit=submit>
                <label>{move || i.t("user.username")}
                    <input required autocapitalize="none" bind:value=username data-testid="user-username"/>
                    <span class="hint">{move || i.t("user.username_rules")}</span>
                    <span class="field-error">{move || error.with(|p| field_error(p, "username"))}</span>
                </label>
                <AccountInputs fields=fields error=error/>
                <label>{move || i.t("user.first_password")}
                    <input type="text" required minlength=PASSWORD_MIN autocomplete="off" bind:value=password data-testid="user-password"/>
                    <span class="hint">{move || i.t("user.first_password_hint")}</span>
                    <span class="field-error">{move || error.with(|p| field_error(p, "password"))}</span>
                </label>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || create.pending().get() data-testid="user-create">{move || i.t("users.create")}</button>
                    <a href="/users">{move || i.t("common.cancel")}</a>
                </div>
            </form>
            <FormError problem=error shown=ACCOUNT_FIELDS/>
        </section>
    }
}
