//! System status: what `/api/health` says, refreshed on demand.

use crate::api;
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;

fn uptime(secs: u64) -> String {
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    if d > 0 {
        format!("{d}d {h}h {m}m")
    } else if h > 0 {
        format!("{h}h {m}m")
    } else {
        format!("{m}m {}s", secs % 60)
    }
}

#[component]
pub fn Status() -> impl IntoView {
    let i = use_i18n();
    let refresh = RwSignal::new(0usize);
    let health = crate::load::load(move || {
        refresh.track();
        api::system::health()
    });
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("status.title")}</h1>
                <button data-testid="refresh" on:click=move |_| refresh.update(|n| *n += 1)>{move || i.t("common.refresh")}</button>
            </div>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match health.await {
                        Ok(h) => {
                            let started = h.started_at.clone();
                            let durability = h.durability.clone();
                            view! {
                                <dl class="facts">
                                    <dt>{move || i.t("status.state")}</dt>
                                    <dd data-testid="health-status" class="ok">{h.status.clone()}</dd>
                                    <dt>{move || i.t("status.version")}</dt>
                                    <dd data-testid="health-version">{h.version.clone()}</dd>
                                    <dt>{move || i.t("status.schema")}</dt>
                                    <dd>{h.schema_version}</dd>
                                    <dt>{move || i.t("status.started")}</dt>
                                    <dd>{move || local(&started, i.lang.get())}</dd>
                                    <dt>{move || i.t("status.uptime")}</dt>
                                    <dd>{uptime(h.uptime_seconds)}</dd>
                                    <dt>{move || i.t("status.durability")}</dt>
                                    <dd>{move || i.t(&format!("status.durability.{durability}"))}</dd>
                                </dl>
                            }.into_any()
                        }
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
