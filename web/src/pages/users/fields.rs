//! The account fields both the create and the edit page show.

use crate::components::error::field_error;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::users::Role;
use servicebook_shared::ApiProblem;

/// Skills typed as "network, printer; ERP" → tags.
pub fn parse_skills(text: &str) -> Vec<String> {
    text.split([',', ';', '，', '；'])
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The fields the account form shows errors for next to their inputs.
pub const ACCOUNT_FIELDS: &[&str] = &[
    "display_name",
    "phone",
    "email",
    "roles",
    "skills",
    "username",
    "password",
    "new_password",
];

#[derive(Clone, Copy)]
pub struct AccountFields {
    pub display_name: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub email: RwSignal<String>,
    pub roles: RwSignal<Vec<Role>>,
    pub skills: RwSignal<String>,
}

impl AccountFields {
    pub fn new() -> Self {
        AccountFields {
            display_name: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            roles: RwSignal::new(Vec::new()),
            skills: RwSignal::new(String::new()),
        }
    }
}

#[component]
pub fn AccountInputs(fields: AccountFields, error: RwSignal<Option<ApiProblem>>) -> impl IntoView {
    let i = use_i18n();
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    view! {
        <label>{move || i.t("user.display_name")}
            <input bind:value=fields.display_name data-testid="user-display-name"/>
            <span class="field-error">{err("display_name")}</span>
        </label>
        <label>{move || i.t("user.phone")}
            <input type="tel" bind:value=fields.phone/>
            <span class="field-error">{err("phone")}</span>
        </label>
        <label>{move || i.t("user.email")}
            <input type="email" bind:value=fields.email/>
            <span class="field-error">{err("email")}</span>
        </label>
        <fieldset>
            <legend>{move || i.t("user.roles")}</legend>
            <div class="checks">
                {Role::ALL.into_iter().map(|role| view! {
                    <label class="check">
                        <input type="checkbox" data-testid=format!("role-{}", role.as_str())
                            prop:checked=move || fields.roles.with(|r| r.contains(&role))
                            on:change=move |_| fields.roles.update(|r| if let Some(p) = r.iter().position(|x| *x == role) { r.remove(p); } else { r.push(role); })/>
                        {move || i.t(&format!("role.{}", role.as_str()))}
                    </label>
                }).collect_view()}
            </div>
            <span class="field-error">{err("roles")}</span>
        </fieldset>
        <label>{move || i.t("user.skills")}
            <input bind:value=fields.skills placeholder=move || i.t("user.skills_hint")/>
            <span class="field-error">{err("skills")}</span>
        </label>
        <crate::components::categories::SkillChips skills=fields.skills/>
    }
}
