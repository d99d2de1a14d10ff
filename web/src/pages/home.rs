//! The start page: what this is, where to go, and whether the server is well.

use crate::api;
use crate::auth::use_auth;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::permissions;

#[component]
pub fn Home() -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let health = crate::load::load(api::system::health);
    let name = move || {
        auth.user.with(|u| {
            u.as_ref()
                .map(|u| u.display_name.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card">
            <h1 data-testid="home-title">{move || i.t("home.welcome")}" "{name}</h1>
            <p>{move || i.t("home.intro")}</p>
        </section>
        <super::firm_name::FirmNamePrompt/>
        <Show when=move || auth.may(permissions::manager_overview)>
            <crate::pages::kpi::overview::ManagerOverview/>
        </Show>
        <crate::pages::inspections::due::InspectionsDueLine/>
        <section class="tiles">
            <Show when=move || auth.may(crate::pages::work_orders::mine::has_tasks)>
                <a class="tile" href="/my-tasks" data-testid="home-my-tasks"><strong>{move || i.t("nav.my_tasks")}</strong><span>{move || i.t("home.my_tasks")}</span></a>
            </Show>
            <Show when=move || auth.may(permissions::manage_users)>
                <a class="tile" href="/users"><strong>{move || i.t("nav.users")}</strong><span>{move || i.t("home.users")}</span></a>
            </Show>
            <Show when=move || auth.may(permissions::read_audit)>
                <a class="tile" href="/audit"><strong>{move || i.t("nav.audit")}</strong><span>{move || i.t("home.audit")}</span></a>
            </Show>
            <a class="tile" href="/profile"><strong>{move || i.t("nav.profile")}</strong><span>{move || i.t("home.profile")}</span></a>
            <a class="tile" href="/status">
                <strong>{move || i.t("nav.status")}</strong>
                <Suspense fallback=move || view! { <span>{move || i.t("common.loading")}</span> }>
                    {move || Suspend::new(async move {
                        match health.await {
                            Ok(h) => view! { <span class="ok">{move || i.t("status.ok")}" · v"{h.version.clone()}</span> }.into_any(),
                            Err(_) => view! { <span class="bad">{move || i.t("status.down")}</span> }.into_any(),
                        }
                    })}
                </Suspense>
            </a>
        </section>
    }
}
