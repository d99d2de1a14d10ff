//! Hand-over mode: the engineer's phone, given to the customer to sign the
//! service report. While it is on, the app shows only the report in plain
//! words and the signing pad — no header, menu, search or sign-out, and no
//! link anywhere — whatever the address bar says, so Back and reload do not
//! reveal the app (the mode is kept in the tab's session storage).
//!
//! Leaving it takes the engineer's password, checked by the server (a
//! sign-in as the same user, so the login limiter counts guesses). A tap
//! target or a long press can be found by a curious customer; a secret the
//! customer does not know cannot, and the engineer types it in seconds.

use crate::api;
use crate::auth::use_auth;
use crate::components::error::{ErrorView, FieldError};
use crate::components::time::{local_date, local_time};
use crate::i18n::{use_i18n, I18n};
use crate::pages::work_orders::report::{fix_label, outcome_label};
use crate::pages::work_orders::signature::SignaturePad;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use servicebook_shared::devices::Device;
use servicebook_shared::reports::{ServiceReport, SignInput};
use servicebook_shared::users::LoginRequest;
use servicebook_shared::work_orders::{StepKind, WorkOrder};
use servicebook_shared::{ApiProblem, ProblemCode};

const STORAGE_KEY: &str = "servicebook.handover";

/// Which work order's report the customer holds, if any.
#[derive(Clone, Copy)]
pub struct HandOverMode {
    pub wo: RwSignal<Option<u64>>,
}

fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

impl HandOverMode {
    /// Gives the phone to the customer for `wo`'s report.
    pub fn start(&self, wo: u64) {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, &wo.to_string());
        }
        self.wo.set(Some(wo));
    }

    fn end(&self) {
        if let Some(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
        self.wo.set(None);
    }
}

pub fn provide() -> HandOverMode {
    let kept = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|v| v.parse().ok());
    let mode = HandOverMode {
        wo: RwSignal::new(kept),
    };
    provide_context(mode);
    mode
}

pub fn use_hand_over() -> HandOverMode {
    expect_context::<HandOverMode>()
}

/// "1.5 小时" / "1.5 h": hours as people say them.
pub fn hours_text(i: I18n, hours: f64) -> String {
    i.t("time.hours")
        .replace("{h}", &format!("{}", (hours * 100.0).round() / 100.0))
}

/// The whole screen while the customer holds the phone.
#[component]
pub fn HandOverScreen(wo_id: u64) -> impl IntoView {
    let i = use_i18n();
    let signed = RwSignal::new(false);
    let data = crate::load::load(move || async move {
        let wo = api::work_orders::get(wo_id).await?;
        let r = api::reports::get(wo_id).await?;
        let device = match wo.device_id {
            Some(d) => api::devices::get(d).await.ok(),
            None => None,
        };
        Ok::<_, ApiProblem>((wo, r, device))
    });
    view! {
        <main class="handover-screen" data-testid="handover">
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((wo, r, device)) => {
                            let version = r.version;
                            let already = r.signature.is_some();
                            view! {
                                <h1>{move || i.t("report.for_customer")}</h1>
                                <CustomerReport wo=wo r=r device=device/>
                                {move || if signed.get() || already {
                                    view! { <p class="card ok" data-testid="handover-signed">{move || i.t("handover.thanks")}</p> }.into_any()
                                } else {
                                    view! { <SignForm wo_id=wo_id version=version signed=signed/> }.into_any()
                                }}
                            }.into_any()
                        }
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
            <BackToEngineer wo_id=wo_id/>
        </main>
    }
}

/// The report as the customer reads it: who, what device, when, what was
/// done, how long, which parts.
#[component]
fn CustomerReport(wo: WorkOrder, r: ServiceReport, device: Option<Device>) -> impl IntoView {
    let i = use_i18n();
    let arrived = wo
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Arrived)
        .map(|s| s.at);
    let left = wo
        .steps
        .iter()
        .rev()
        .find(|s| s.kind == StepKind::Left)
        .map(|s| s.at);
    let day = arrived.unwrap_or(r.updated_at);
    let device = device.map(|d| {
        let name = [d.brand, d.product, d.model]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        format!("{name} · {}", d.serial_number)
    });
    let (hours, travel, fix, result) = (r.hours_worked, r.travel_hours, r.fix, r.result);
    let row = |key: &'static str, value: String| {
        view! { <tr><th>{move || i.t(key)}</th><td class="pre">{value}</td></tr> }
    };
    view! {
        <section class="card" data-testid="report-summary">
            <table class="kv">
                {row("handover.customer", wo.customer_name.clone())}
                {device.map(|d| view! { <tr data-testid="handover-device"><th>{move || i.t("handover.device")}</th><td>{d}</td></tr> })}
                <tr><th>{move || i.t("handover.date")}</th><td data-testid="handover-date">{move || local_date(day, i.lang.get())}</td></tr>
                {arrived.map(|a| view! { <tr><th>{move || i.t("handover.arrived")}</th><td data-testid="handover-arrived">{local_time(a)}</td></tr> })}
                {left.map(|l| view! { <tr><th>{move || i.t("handover.left")}</th><td data-testid="handover-left">{local_time(l)}</td></tr> })}
                {row("report.findings", r.findings.clone())}
                {row("handover.work_done", r.actions.clone())}
                <tr><th>{move || i.t("report.fix")}</th><td>{move || fix_label(i, fix)}</td></tr>
                <tr><th>{move || i.t("handover.hours")}</th><td data-testid="handover-hours">{move || hours_text(i, hours)}
                    {move || (travel > 0.0).then(|| format!(" · {} {}", i.t("handover.travel"), hours_text(i, travel)))}</td></tr>
                {(!r.parts_used.trim().is_empty()).then(|| row("report.parts_used", r.parts_used.clone()))}
                <tr><th>{move || i.t("report.result")}</th><td>{move || outcome_label(i, result)}</td></tr>
                {r.amount.map(|a| view! { <tr><th>{move || i.t("quote.total")}</th><td>{a.format()}</td></tr> })}
                <tr><th>{move || i.t("handover.engineers")}</th><td>{wo.assignee_names.join("、")}</td></tr>
            </table>
        </section>
    }
}

#[component]
fn SignForm(wo_id: u64, version: u64, signed: RwSignal<bool>) -> impl IntoView {
    let i = use_i18n();
    let problem = RwSignal::new(None::<ApiProblem>);
    let name = RwSignal::new(String::new());
    let strokes = RwSignal::new(Vec::<Vec<[f32; 2]>>::new());
    let sign = move |_| {
        let body = SignInput {
            version,
            signer_name: name.get_untracked(),
            strokes: strokes.get_untracked(),
        };
        // The shared rules first: an empty name or pad is said at once.
        let errors = servicebook_shared::reports::check_signature(&body);
        if !errors.is_empty() {
            problem.set(Some(crate::components::error::local_problem(errors)));
            return;
        }
        leptos::task::spawn_local(async move {
            match api::reports::sign(wo_id, &body).await {
                Ok(_) => {
                    let _ = signed.try_set(true);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    view! {
        <section class="card form">
            <p class="muted">{move || i.t("report.for_customer_hint")}</p>
            <label>{move || i.t("report.signer_name")}
                <input data-testid="sign-name" bind:value=name on:input=move |_| problem.update(|p| crate::components::error::clear_field(p, "signer_name"))/>
                <FieldError problem=problem field="signer_name"/></label>
            <SignaturePad strokes=strokes/>
            <FieldError problem=problem field="strokes"/>
            {move || problem.get().map(|p| view! { <ErrorView problem=p shown=&["signer_name", "strokes"]/> })}
            <div class="actions">
                <button class="primary big" data-testid="sign-submit" on:click=sign>{move || i.t("report.sign")}</button>
            </div>
        </section>
    }
}

/// The engineer's way back: their password, checked by the server.
#[component]
fn BackToEngineer(wo_id: u64) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let mode = use_hand_over();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<ApiProblem>);
    let busy = RwSignal::new(false);
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(username) = auth
            .user
            .with_untracked(|u| u.as_ref().map(|u| u.username.clone()))
        else {
            // Signed out meanwhile: nothing of the app is reachable anyway.
            mode.end();
            return;
        };
        busy.set(true);
        let body = LoginRequest {
            username,
            password: password.get_untracked(),
            code: None,
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let r = api::auth::login(&body).await;
            let _ = busy.try_set(false);
            match r {
                // With two-factor sign-in the server asks for a code only
                // once the password is right: the password is what we ask.
                Ok(_) => {}
                Err(p) if p.is(ProblemCode::SecondFactorRequired) => {}
                Err(p) => {
                    let _ = password.try_set(String::new());
                    let _ = problem.try_set(Some(p));
                    return;
                }
            }
            mode.end();
            // Once the app's routes are back (next frame), so the router
            // completes the navigation and the address bar follows.
            request_animation_frame(move || {
                navigate(&format!("/work-orders/{wo_id}/report"), Default::default())
            });
        });
    };
    view! {
        <footer class="handover-exit">
            {move || if open.get() {
                view! {
                    <form class="form" on:submit=check.clone()>
                        <label>{move || i.t("handover.password")}
                            <input type="password" autocomplete="current-password" data-testid="handover-password" bind:value=password/></label>
                        {move || problem.get().map(|p| view! { <ErrorView problem=p/> })}
                        <div class="actions">
                            <button type="button" on:click=move |_| { open.set(false); problem.set(None); }>{move || i.t("handover.cancel")}</button>
                            <button type="submit" class="primary" data-testid="handover-unlock" disabled=move || busy.get()>{move || i.t("handover.unlock")}</button>
                        </div>
                    </form>
                }.into_any()
            } else {
                view! { <button class="link small" data-testid="handover-exit" on:click=move |_| open.set(true)>{move || i.t("handover.engineer")}</button> }.into_any()
            }}
        </footer>
    }
}
