//! Header, navigation and language switch. On a phone the navigation folds
//! behind a menu button; on a desk it is a side bar.

use crate::auth::use_auth;
use crate::components::lookup::LookupBox;
use crate::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::components::A;
use servicebook_shared::permissions;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let menu_open = RwSignal::new(false);
    let signed_in = move || {
        auth.user
            .with(|u| u.as_ref().is_some_and(|u| !u.must_change_password))
    };
    let close = move |_| menu_open.set(false);
    view! {
        <header class="topbar">
            <Show when=signed_in>
                <button class="menu-button" aria-label=move || i.t("nav.menu") data-testid="menu"
                    on:click=move |_| menu_open.update(|o| *o = !*o)>"☰"</button>
            </Show>
            <a class="brand" href="/">{move || i.t("app.name")}</a>
            <Show when=signed_in>
                <LookupBox/>
            </Show>
            <div class="lang-switch" role="group" aria-label=move || i.t("nav.language")>
                <button data-testid="lang-zh" class:active=move || i.lang.get() == Lang::Zh on:click=move |_| i.set(Lang::Zh)>"中文"</button>
                <button data-testid="lang-en" class:active=move || i.lang.get() == Lang::En on:click=move |_| i.set(Lang::En)>"English"</button>
            </div>
            <Show when=move || auth.user.with(Option::is_some)>
                <span class="who" data-testid="who">{move || auth.user.with(|u| u.as_ref().map(|u| u.display_name.clone()).unwrap_or_default())}</span>
                <button class="link" data-testid="sign-out" on:click=move |_| auth.sign_out()>{move || i.t("nav.sign_out")}</button>
            </Show>
        </header>
        <div class="frame">
            <Show when=signed_in>
                <nav class="sidebar" class:open=move || menu_open.get() on:click=close>
                    <A href="/" exact=true attr:data-testid="nav-home">{move || i.t("nav.home")}</A>
                    <A href="/requests" attr:data-testid="nav-requests">{move || i.t("nav.requests")}</A>
                    <Show when=move || auth.may(crate::pages::work_orders::mine::has_tasks)>
                        <A href="/my-tasks" attr:data-testid="nav-my-tasks">{move || i.t("nav.my_tasks")}</A>
                    </Show>
                    <Show when=move || auth.may(permissions::approve)>
                        <A href="/approvals" attr:data-testid="nav-approvals">{move || i.t("nav.approvals")}</A>
                    </Show>
                    <Show when=move || auth.may(crate::pages::work_orders::list::may_list)>
                        <A href="/work-orders" attr:data-testid="nav-work-orders">{move || i.t("nav.work_orders")}</A>
                    </Show>
                    <A href="/repairs" attr:data-testid="nav-repairs">{move || i.t("nav.repairs")}</A>
                    <A href="/customers" attr:data-testid="nav-customers">{move || i.t("nav.customers")}</A>
                    <Show when=move || auth.may(crate::pages::devices::list::may_list)>
                        <A href="/devices" attr:data-testid="nav-devices">{move || i.t("nav.devices")}</A>
                    </Show>
                    <A href="/loaners" attr:data-testid="nav-loaners">{move || i.t("loaners.nav")}</A>
                    <A href="/contracts" attr:data-testid="nav-contracts">{move || i.t("nav.contracts")}</A>
                    <Show when=move || auth.may(permissions::read_complaints)>
                        <A href="/complaints" attr:data-testid="nav-complaints">{move || i.t("complaints.nav")}</A>
                    </Show>
                    <Show when=move || auth.may(|w| permissions::write_weekly_report(w, true))>
                        <A href="/weekly-report" attr:data-testid="nav-weekly-report">{move || i.t("weekly.nav")}</A>
                    </Show>
                    <Show when=move || auth.may(permissions::weekly_report_status)>
                        <A href="/weekly-reports" attr:data-testid="nav-weekly-reports">{move || i.t("weekly.nav_status")}</A>
                    </Show>
                    <Show when=move || auth.may(permissions::read_work_summaries)>
                        <A href="/work-summaries/week" attr:data-testid="nav-weekly-record">{move || i.t("summary.nav_week")}</A>
                        <A href="/work-summaries/month" attr:data-testid="nav-monthly-summary">{move || i.t("summary.nav_month")}</A>
                    </Show>
                    <Show when=move || auth.may(permissions::send_surveys)>
                        <A href="/surveys" attr:data-testid="nav-surveys">{move || i.t("survey.nav")}</A>
                    </Show>
                    <Show when=move || auth.may(permissions::handle_follow_ups)>
                        <A href="/follow-ups" attr:data-testid="nav-follow-ups">{move || i.t("follow_up.nav")}</A>
                    </Show>
                    <Show when=move || auth.may(|w| permissions::read_kpi(w, &servicebook_shared::kpi::Dimension::Firm, false))>
                        <A href="/kpi" attr:data-testid="nav-kpi">{move || i.t("kpi.nav")}</A>
                    </Show>
                    <Show when=move || auth.may(permissions::read_inspections)>
                        <A href="/inspections" attr:data-testid="nav-inspections-due">{move || i.t("inspections.nav_due")}</A>
                        <A href="/inspection-templates" attr:data-testid="nav-inspection-templates">{move || i.t("inspections.nav_templates")}</A>
                    </Show>
                    <Show when=move || auth.may(permissions::read_stock)>
                        <A href="/parts" attr:data-testid="nav-parts">{move || i.t("parts.nav")}</A>
                        <A href="/stock" exact=true attr:data-testid="nav-stock">{move || i.t("stock.nav")}</A>
                        <A href="/stock/reorder" attr:data-testid="nav-reorder">{move || i.t("stock.nav_reorder")}</A>
                    </Show>
                    <Show when=move || auth.may(|w| permissions::decide_part_requests(w, false))>
                        <A href="/stock/part-requests" attr:data-testid="nav-part-requests">{move || i.t("pr.queue")}</A>
                    </Show>
                    <Show when=move || auth.may(permissions::has_kit)>
                        <A href="/stock/my-kit" attr:data-testid="nav-my-kit">{move || i.t("stock.my_kit")}</A>
                    </Show>
                    <Show when=move || auth.may(|w| permissions::import_any(w) && permissions::desk_tools(w))>
                        <A href="/import" attr:data-testid="nav-import">{move || i.t("nav.import")}</A>
                    </Show>
                    <Show when=move || auth.may(permissions::manage_users)>
                        <A href="/users" attr:data-testid="nav-users">{move || i.t("nav.users")}</A>
                    </Show>
                    <Show when=move || auth.may(permissions::backup)>
                        <A href="/admin" attr:data-testid="nav-admin">{move || i.t("nav.admin")}</A>
                    </Show>
                    <Show when=move || auth.may(permissions::read_audit)>
                        <A href="/audit" attr:data-testid="nav-audit">{move || i.t("nav.audit")}</A>
                    </Show>
                    <Show when=move || auth.may(permissions::edit_settings)>
                        <A href="/settings" attr:data-testid="nav-settings">{move || i.t("nav.settings")}</A>
                    </Show>
                    <A href="/profile" attr:data-testid="nav-profile">{move || i.t("nav.profile")}</A>
                    <A href="/status" attr:data-testid="nav-status">{move || i.t("nav.status")}</A>
                    <Show when=move || auth.may(permissions::desk_tools)>
                        <A href="/api-docs" attr:data-testid="nav-api">{move || i.t("nav.api")}</A>
                    </Show>
                </nav>
            </Show>
            <main class="content">{children()}</main>
        </div>
    }
}
