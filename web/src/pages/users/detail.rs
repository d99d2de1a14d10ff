//! One staff account: edit, disable or enable, reset the password, history.

use super::fields::{parse_skills, AccountFields, AccountInputs, ACCOUNT_FIELDS};
use crate::api;
use crate::components::error::{field_error, ErrorView, FormError};
use crate::components::history::History;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::users::{PasswordReset, User, UserPatch, VersionOnly};
use servicebook_shared::ApiProblem;

#[derive(Clone)]
enum Change {
    Edit(UserPatch),
    Active(bool, VersionOnly),
    Reset(PasswordReset),
}

#[component]
pub fn UserDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let user = RwSignal::new(None::<User>);
    let fields = AccountFields::new();
    let error = RwSignal::new(None::<ApiProblem>);
    let notice = RwSignal::new(None::<&'static str>);
    let new_password = RwSignal::new(String::new());
    let refresh = RwSignal::new(0usize);

    let show = move |u: User| {
        fields.display_name.set(u.display_name.clone());
        fields.phone.set(u.phone.clone());
        fields.email.set(u.email.clone());
        fields.roles.set(u.roles.clone());
        fields.skills.set(u.skills.join(", "));
        user.set(Some(u));
    };
    let loaded = crate::load::load(move || {
        let id = id();
        api::users::get(id)
    });
    Effect::new(move |_| match loaded.get() {
        Some(Ok(u)) => show(u),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });

    let change = crate::load::act(move |c: &Change| {
        let (c, id) = (c.clone(), id());
        async move {
            match c {
                Change::Edit(p) => api::users::update(id, &p)
                    .await
                    .map(|u| (u, "common.saved")),
                Change::Active(true, v) => api::users::enable(id, &v)
                    .await
                    .map(|u| (u, "user.enabled_now")),
                Change::Active(false, v) => api::users::disable(id, &v)
                    .await
                    .map(|u| (u, "user.disabled_now")),
                Change::Reset(r) => api::users::reset_password(id, &r)
                    .await
                    .map(|u| (u, "user.reset_done")),
            }
        }
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok((u, message))) => {
            show(u);
            new_password.set(String::new());
            notice.set(Some(message));
            refresh.update(|n| *n += 1);
        }
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let version = move || user.with_untracked(|u| u.as_ref().map(|u| u.version).unwrap_or(0));
    let run = move |c: Change| {
        error.set(None);
        notice.set(None);
        change.dispatch(c);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run(Change::Edit(UserPatch {
            version: version(),
            display_name: Some(fields.display_name.get_untracked()),
            phone: Some(fields.phone.get_untracked()),
            email: Some(fields.email.get_untracked()),
            roles: Some(fields.roles.get_untracked()),
            skills: Some(parse_skills(&fields.skills.get_untracked())),
            active: None,
        }));
    };
    let reset = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run(Change::Reset(PasswordReset {
            version: version(),
            new_password: new_password.get_untracked(),
        }));
    };

    view! {
        {move || user.get().map(|u| {
            let active = u.active;
            view! {
                <section class="card">
                    <div class="row-between">
                        <h1>{u.username.clone()}</h1>
                        {if active {
                            view! { <span class="badge ok">{move || i.t("user.active")}</span> }.into_any()
                        } else {
                            view! { <span class="badge bad">{move || i.t("user.disabled")}</span> }.into_any()
                        }}
                    </div>
                    <form on:submit=save>
                        <AccountInputs fields=fields error=error/>
                        <div class="actions">
                            <button type="submit" class="primary" disabled=move || change.pending().get() data-testid="user-save">{move || i.t("common.save")}</button>
                            <button type="button" class=if active { "danger" } else { "" } data-testid="user-toggle"
                                on:click=move |_| run(Change::Active(!active, VersionOnly { version: version() }))>
                                {move || if active { i.t("user.disable") } else { i.t("user.enable") }}
                            </button>
                        </div>
                    </form>
                    {move || notice.get().map(|k| view! { <p class="ok" data-testid="user-notice">{move || i.t(k)}</p> })}
                    <FormError problem=error shown=ACCOUNT_FIELDS/>
                </section>
                <section class="card">
                    <h2>{move || i.t("user.reset_title")}</h2>
                    <p class="muted">{move || i.t("user.reset_hint")}</p>
                    <form class="inline" on:submit=reset>
                        <input type="text" autocomplete="off" required bind:value=new_password placeholder=move || i.t("user.first_password")/>
                        <button type="submit" disabled=move || change.pending().get()>{move || i.t("user.reset")}</button>
                    </form>
                    <span class="field-error">{move || error.with(|p| field_error(p, "new_password"))}</span>
                </section>
                <History record_type="users" record_id=u.id refresh=refresh/>
            }
        })}
        {move || (user.with(Option::is_none) && error.with(Option::is_some)).then(|| error.get().map(|p| view! { <ErrorView problem=p/> }))}
    }
}
