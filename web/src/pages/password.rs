//! Change my password. `forced` after a first or reset sign-in, when
//! nothing else is reachable until it is done.

use crate::api;
use crate::auth::use_auth;
use crate::components::error::{field_error, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::users::{PasswordChange, PASSWORD_MIN};
use servicebook_shared::ApiProblem;

#[component]
pub fn ChangePassword(forced: bool) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiProblem>);
    let mismatch = RwSignal::new(false);
    let done = RwSignal::new(false);
    let change = crate::load::act(move |req: &PasswordChange| {
        let req = req.clone();
        async move { api::auth::change_password(&req).await }
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok(res)) => {
            current.set(String::new());
            new.set(String::new());
            confirm.set(String::new());
            done.set(true);
            auth.user.set(Some(res.user));
        }
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        done.set(false);
        mismatch.set(new.get_untracked() != confirm.get_untracked());
        if !mismatch.get_untracked() {
            change.dispatch(PasswordChange {
                current_password: current.get_untracked(),
                new_password: new.get_untracked(),
            });
        }
    };
    view! {
        <section class="card narrow">
            <h1 data-testid="password-title">{move || i.t("password.title")}</h1>
            {forced.then(|| view! { <p class="notice">{move || i.t("password.forced")}</p> })}
            <form on:submit=submit>
                <label>{move || i.t("password.current")}
                    <input type="password" autocomplete="current-password" required bind:value=current data-testid="password-current"/>
                    <span class="field-error">{move || error.with(|p| field_error(p, "current_password"))}</span>
                </label>
                <label>{move || i.t("password.new")}
                    <input type="password" autocomplete="new-password" required minlength=PASSWORD_MIN bind:value=new data-testid="password-new"/>
                    <span class="hint">{move || i.t("password.rules")}</span>
                    <span class="field-error">{move || error.with(|p| field_error(p, "new_password"))}</span>
                </label>
                <label>{move || i.t("password.confirm")}
                    <input type="password" autocomplete="new-password" required bind:value=confirm data-testid="password-confirm"/>
                    <Show when=move || mismatch.get()><span class="field-error">{move || i.t("password.mismatch")}</span></Show>
                </label>
                <button type="submit" class="primary" disabled=move || change.pending().get() data-testid="password-submit">{move || i.t("password.submit")}</button>
            </form>
            <Show when=move || done.get()><p class="ok" data-testid="password-done">{move || i.t("password.done")}</p></Show>
            <FormError problem=error shown=&["current_password", "new_password"]/>
        </section>
    }
}
