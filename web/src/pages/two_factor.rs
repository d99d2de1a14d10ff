//! Two-factor sign-in on my profile: set up (password, scan the QR code
//! the server drew, type the first code), keep the recovery codes shown
//! once, or turn it off with the password and a code. Also the page an
//! admin sees first when the firm requires it.

use crate::api;
use crate::auth::use_auth;
use crate::components::error::{FieldError, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::two_factor::{
    TwoFactorDisableInput, TwoFactorEnableInput, TwoFactorSetup, TwoFactorSetupInput,
};
use servicebook_shared::ApiProblem;

#[component]
pub fn TwoFactor(#[prop(optional)] forced: bool) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let on = move || auth.user.with(|u| u.as_ref().is_some_and(|u| u.two_factor));
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let setup = RwSignal::new(None::<TwoFactorSetup>);
    let recovery = RwSignal::new(None::<Vec<String>>);
    let problem = RwSignal::new(None::<ApiProblem>);
    let busy = RwSignal::new(false);
    let refresh_me = move || {
        leptos::task::spawn_local(async move {
            if let Ok(me) = api::auth::session().await {
                let _ = auth.user.try_set(me.user);
            }
        });
    };
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = TwoFactorSetupInput {
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let r = api::auth::two_factor_setup(&body).await;
            let _ = busy.try_set(false);
            match r {
                Ok(s) => {
                    let _ = problem.try_set(None);
                    let _ = password.try_set(String::new());
                    let _ = setup.try_set(Some(s));
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = TwoFactorEnableInput {
            code: code.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let r = api::auth::two_factor_enable(&body).await;
            let _ = busy.try_set(false);
            match r {
                Ok(done) => {
                    let _ = problem.try_set(None);
                    let _ = code.try_set(String::new());
                    let _ = setup.try_set(None);
                    let _ = recovery.try_set(Some(done.recovery_codes));
                    refresh_me();
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let turn_off = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = TwoFactorDisableInput {
            password: password.get_untracked(),
            code: code.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let r = api::auth::two_factor_disable(&body).await;
            let _ = busy.try_set(false);
            match r {
                Ok(_) => {
                    let _ = problem.try_set(None);
                    let _ = password.try_set(String::new());
                    let _ = code.try_set(String::new());
                    refresh_me();
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let password_field = move || {
        view! {
            <label>{move || i.t("login.password")}
                <input type="password" autocomplete="current-password" data-testid="2fa-password" bind:value=password/>
                <FieldError problem=problem field="password"/></label>
        }
    };
    let code_field = move || {
        view! {
            <label>{move || i.t("login.code")}
                <input inputmode="numeric" autocomplete="one-time-code" data-testid="2fa-code" bind:value=code/>
                <FieldError problem=problem field="code"/></label>
        }
    };
    view! {
        <section class="card" data-testid="two-factor">
            <h2>{move || i.t("twofa.title")}</h2>
            {forced.then(|| view! { <p class="notice">{move || i.t("twofa.required")}</p> })}
            <p class="muted">{move || i.t(if on() { "twofa.on" } else { "twofa.off" })}</p>
            {move || recovery.get().map(|codes| view! {
                <div class="notice" data-testid="2fa-recovery">
                    <p><strong>{move || i.t("twofa.recovery")}</strong></p>
                    <ul class="codes">{codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
                </div>
            })}
            {move || match (on(), setup.get()) {
                (true, _) => view! {
                    <form on:submit=turn_off>
                        {password_field()}{code_field()}
                        <button type="submit" disabled=move || busy.get() data-testid="2fa-disable">{move || i.t("twofa.disable")}</button>
                    </form>
                }.into_any(),
                (false, None) => view! {
                    <form on:submit=start>
                        {password_field()}
                        <button type="submit" class="primary" disabled=move || busy.get() data-testid="2fa-start">{move || i.t("twofa.start")}</button>
                    </form>
                }.into_any(),
                (false, Some(s)) => view! {
                    <p>{move || i.t("twofa.scan")}</p>
                    // The server drew this SVG from the otpauth address; it holds no script.
                    <div class="qr" inner_html=s.qr_svg.clone()></div>
                    <p class="muted small">{move || i.t("twofa.or_type")}" "<code data-testid="2fa-secret">{s.secret.clone()}</code></p>
                    <form on:submit=confirm>
                        {code_field()}
                        <button type="submit" class="primary" disabled=move || busy.get() data-testid="2fa-enable">{move || i.t("twofa.enable")}</button>
                    </form>
                }.into_any(),
            }}
            <FormError problem=problem shown=&["password", "code"]/>
        </section>
    }
}
