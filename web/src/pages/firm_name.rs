//! The firm's name prints at the top of every service report; a new
//! installation has none. Whoever may edit the settings is asked for it on
//! the start page until it is set, so the first report does not go out
//! nameless.

use crate::api;
use crate::components::error::FieldError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::permissions;
use servicebook_shared::settings::SettingsInput;
use servicebook_shared::ApiProblem;

#[component]
pub fn FirmNamePrompt() -> impl IntoView {
    let i = use_i18n();
    let may = crate::auth::use_auth().may(permissions::edit_settings);
    let done = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<ApiProblem>);
    let settings = crate::load::load(move || async move {
        if may {
            api::settings::get().await.ok()
        } else {
            None
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(Some(s)) = settings.get_untracked() else {
            return;
        };
        // The rest as it is; the optional parts absent mean "unchanged".
        let body = SettingsInput {
            id: s.id,
            version: s.version,
            firm_name: name.get_untracked().trim().to_owned(),
            hourly_rate: s.hourly_rate,
            travel_fee: s.travel_fee,
            contract_link_threshold: s.contract_link_threshold,
            business_hours: s.business_hours,
            dispatch_minutes: None,
            require_admin_two_factor: None,
            repair_overdue_days: None,
            complaint_ack_business_days: None,
            complaint_close_business_days: None,
            ftf_days: None,
            categories: None,
            weekly_report_due: None,
            survey_link_days: None,
            poor_score_max: None,
        };
        leptos::task::spawn_local(async move {
            match api::settings::update(&body).await {
                Ok(_) => _ = done.try_set(true),
                Err(p) => _ = problem.try_set(Some(p)),
            }
        });
    };
    move || {
        let ask = settings
            .get()
            .flatten()
            .is_some_and(|s| s.firm_name.trim().is_empty());
        (ask && !done.get()).then(|| view! {
            <section class="card" data-testid="firm-name-prompt">
                <h2>{move || i.t("firm.ask_title")}</h2>
                <p class="muted">{move || i.t("firm.ask_why")}</p>
                <form class="inline" on:submit=save>
                    <input bind:value=name data-testid="firm-name" placeholder=move || i.t("settings.firm_name")/>
                    <button type="submit" class="primary" data-testid="firm-name-save"
                        disabled=move || name.with(|n| n.trim().is_empty())>{move || i.t("common.save")}</button>
                </form>
                <FieldError problem=problem field="firm_name"/>
            </section>
        })
    }
}
