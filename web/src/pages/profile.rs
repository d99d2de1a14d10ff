//! My profile: name, phone and e-mail; a link to change my password; my
//! API tokens; my account's history.

use crate::api;
use crate::auth::use_auth;
use crate::components::error::{field_error, FormError};
use crate::components::history::History;
use crate::i18n::use_i18n;
use crate::pages::tokens::ApiTokens;
use crate::pages::two_factor::TwoFactor;
use leptos::prelude::*;
use servicebook_shared::users::ProfilePatch;
use servicebook_shared::ApiProblem;

#[component]
pub fn Profile() -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let Some(me) = auth.user.get_untracked() else {
        return view! { <p class="muted">"…"</p> }.into_any();
    };
    let display_name = RwSignal::new(me.display_name.clone());
    let phone = RwSignal::new(me.phone.clone());
    let email = RwSignal::new(me.email.clone());
    let error = RwSignal::new(None::<ApiProblem>);
    let saved = RwSignal::new(false);
    let refresh = RwSignal::new(0usize);
    let save = crate::load::act(move |patch: &ProfilePatch| {
        let patch = patch.clone();
        async move { api::auth::update_me(&patch).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(user)) => {
            auth.user.set(Some(user));
            saved.set(true);
            refresh.update(|n| *n += 1);
        }
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(false);
        let version = auth
            .user
            .with_untracked(|u| u.as_ref().map(|u| u.version).unwrap_or(0));
        save.dispatch(ProfilePatch {
            version,
            display_name: Some(display_name.get_untracked()),
            phone: Some(phone.get_untracked()),
            email: Some(email.get_untracked()),
        });
    };
    let roles = me
        .roles
        .iter()
        .map(|r| format!("role.{}", r.as_str()))
        .collect::<Vec<_>>();
    view! {
        <section class="card">
            <h1>{move || i.t("profile.title")}</h1>
            <p class="muted">{me.username.clone()}" · "{move || roles.iter().map(|k| i.t(k)).collect::<Vec<_>>().join(", ")}</p>
            <form on:submit=submit>
                <label>{move || i.t("user.display_name")}
                    <input bind:value=display_name data-testid="profile-name"/>
                    <span class="field-error">{move || error.with(|p| field_error(p, "display_name"))}</span>
                </label>
                <label>{move || i.t("user.phone")}
                    <input type="tel" bind:value=phone data-testid="profile-phone"/>
                    <span class="field-error">{move || error.with(|p| field_error(p, "phone"))}</span>
                </label>
                <label>{move || i.t("user.email")}
                    <input type="email" bind:value=email/>
                    <span class="field-error">{move || error.with(|p| field_error(p, "email"))}</span>
                </label>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || save.pending().get() data-testid="profile-save">{move || i.t("common.save")}</button>
                    <a href="/password" data-testid="profile-password">{move || i.t("profile.change_password")}</a>
                </div>
            </form>
            <Show when=move || saved.get()><p class="ok">{move || i.t("common.saved")}</p></Show>
            <FormError problem=error shown=&["display_name", "phone", "email"]/>
        </section>
        <TwoFactor/>
        <ApiTokens my_roles=me.roles.clone()/>
        <History record_type="users" record_id=me.id refresh=refresh/>
    }
    .into_any()
}
