//! My personal API tokens, on my profile: make one for a script (the
//! secret is shown once, to copy), see when each was last used, revoke.

use crate::api;
use crate::components::error::{FieldError, FormError};
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::tokens::{ApiToken, NewApiToken, MAX_DAYS};
use servicebook_shared::users::Role;
use servicebook_shared::ApiProblem;

#[component]
pub fn ApiTokens(my_roles: Vec<Role>) -> impl IntoView {
    let i = use_i18n();
    let refresh = RwSignal::new(0u32);
    let tokens = crate::load::load(move || {
        refresh.get();
        api::auth::tokens()
    });
    let name = RwSignal::new(String::new());
    let days = RwSignal::new("90".to_owned());
    let picked = RwSignal::new(Vec::<Role>::new());
    let problem = RwSignal::new(None::<ApiProblem>);
    let secret = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = NewApiToken {
            name: name.get_untracked(),
            days: days.get_untracked().trim().parse().unwrap_or(0),
            roles: picked.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let r = api::auth::create_token(&body).await;
            let _ = busy.try_set(false);
            match r {
                Ok(made) => {
                    let _ = problem.try_set(None);
                    let _ = secret.try_set(Some(made.secret));
                    let _ = name.try_set(String::new());
                    let _ = refresh.try_update(|n| *n += 1);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let revoke = move |t: ApiToken| {
        leptos::task::spawn_local(async move {
            match api::auth::revoke_token(t.id, t.version).await {
                Ok(_) => {
                    let _ = refresh.try_update(|n| *n += 1);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let row = move |t: ApiToken| {
        let live = t.revoked_at.is_none();
        let (created, expires, used) = (t.created_at, t.expires_at, t.last_used_at);
        let roles = if t.roles.is_empty() {
            vec!["tokens.all_roles".to_owned()]
        } else {
            t.roles
                .iter()
                .map(|r| format!("role.{}", r.as_str()))
                .collect()
        };
        let shown = t.clone();
        view! {
            <li data-testid="token-row">
                <strong>{t.name.clone()}</strong>" "<code>{format!("{}…", t.hint)}</code>
                " · "{move || roles.iter().map(|k| i.t(k)).collect::<Vec<_>>().join(", ")}
                <br/><span class="muted">
                    {move || i.t("tokens.created")}" "{move || local(created, i.lang.get())}" · "
                    {move || i.t("tokens.expires")}" "{move || local(expires, i.lang.get())}" · "
                    {move || i.t("tokens.last_used")}" "
                    {move || used.map(|u| local(u, i.lang.get())).unwrap_or_else(|| i.t("tokens.never"))}
                </span>
                {if live {
                    view! { " "<button data-testid="token-revoke" on:click=move |_| revoke(shown.clone())>{move || i.t("tokens.revoke")}</button> }.into_any()
                } else {
                    view! { " "<span class="badge bad">{move || i.t("tokens.revoked")}</span> }.into_any()
                }}
            </li>
        }
    };
    view! {
        <section class="card">
            <h2>{move || i.t("tokens.title")}</h2>
            <p class="muted">{move || i.t("tokens.hint")}</p>
            <form on:submit=create>
                <label>{move || i.t("tokens.name")}
                    <input data-testid="token-name" bind:value=name placeholder="nightly backup"/>
                    <FieldError problem=problem field="name"/></label>
                <label>{move || i.t("tokens.days")}
                    <input type="number" min="1" max=MAX_DAYS.to_string() data-testid="token-days" bind:value=days/>
                    <FieldError problem=problem field="days"/></label>
                <fieldset>
                    <legend>{move || i.t("tokens.roles")}</legend>
                    {my_roles.into_iter().map(|r| view! {
                        <label class="inline">
                            <input type="checkbox" on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                picked.update(|p| { p.retain(|x| *x != r); if on { p.push(r); } });
                            }/>
                            {move || i.t(&format!("role.{}", r.as_str()))}
                        </label>
                    }).collect_view()}
                    <FieldError problem=problem field="roles"/>
                </fieldset>
                <button type="submit" class="primary" data-testid="token-create" disabled=move || busy.get()>{move || i.t("tokens.create")}</button>
            </form>
            {move || secret.get().map(|s| view! {
                <div class="notice" data-testid="token-secret-box">
                    <p><strong>{move || i.t("tokens.copy_now")}</strong></p>
                    <code class="secret" data-testid="token-secret">{s}</code>
                </div>
            })}
            <FormError problem=problem shown=&["name", "days", "roles"]/>
            <Suspense fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || tokens.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{move || i.t("tokens.none")}</p> }.into_any(),
                    Ok(list) => view! { <ul class="list">{list.into_iter().map(row).collect_view()}</ul> }.into_any(),
                    Err(p) => view! { <p class="field-error">{p.detail}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
