//! Sign-in. Shown for every address while nobody is signed in, so a deep
//! link opens where it pointed once the user is in.

use crate::api;
use crate::auth::use_auth;
use crate::components::error::ErrorView;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::users::LoginRequest;
use servicebook_shared::{ApiProblem, ProblemCode};

#[component]
pub fn Login() -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // Shown once the server says the password was right and a code is due.
    let asks_code = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiProblem>);
    let sign_in = crate::load::act(move |req: &LoginRequest| {
        let req = req.clone();
        async move { api::auth::login(&req).await }
    });
    Effect::new(move |_| match sign_in.value().get() {
        Some(Ok(res)) => auth.user.set(Some(res.user)),
        Some(Err(p)) => {
            if p.is(ProblemCode::SecondFactorRequired) {
                asks_code.set(true);
            }
            error.set(Some(p));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        sign_in.dispatch(LoginRequest {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            code: Some(code.get_untracked()).filter(|c| !c.trim().is_empty()),
        });
    };
    view! {
        <section class="card narrow">
            <h1 data-testid="login-title">{move || i.t("login.title")}</h1>
            <form on:submit=submit>
                <label>{move || i.t("login.username")}
                    <input name="username" autocomplete="username" autocapitalize="none" required bind:value=username data-testid="login-username"/>
                </label>
                <label>{move || i.t("login.password")}
                    <input name="password" type="password" autocomplete="current-password" required bind:value=password data-testid="login-password"/>
                </label>
                <Show when=move || asks_code.get()>
                    <label>{move || i.t("login.code")}
                        <input name="code" inputmode="numeric" autocomplete="one-time-code" bind:value=code data-testid="login-code"/>
                        <span class="muted small">{move || i.t("login.code_hint")}</span>
                    </label>
                </Show>
                <button type="submit" class="primary" disabled=move || sign_in.pending().get() data-testid="login-submit">{move || i.t("login.submit")}</button>
            </form>
            {move || error.get().map(|p| view! { <ErrorView problem=p/> })}
        </section>
    }
}
