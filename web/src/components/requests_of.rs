//! A customer's or a device's service requests, newest first, on its page:
//! the history a dispatcher looks at before taking the next call.

use crate::api;
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::use_i18n;
use crate::pages::requests::urgency_label;
use leptos::prelude::*;
use servicebook_shared::requests::ServiceRequest;
use servicebook_shared::Page;

/// `filter` is `customer_id` or `device_id`.
#[component]
pub fn RequestsOf(filter: &'static str, id: u64) -> impl IntoView {
    let i = use_i18n();
    let requests = LocalResource::new(move || async move {
        api::get::<Page<ServiceRequest>>(&format!("/api/requests?{filter}={id}&limit=50")).await
    });
    view! {
        <section class="card">
            <h2>{move || i.t("requests.title")}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match requests.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">{move || i.t("requests.none")}</p> }.into_any(),
                        Ok(page) => view! {
                            <ul class="timeline" data-testid="requests-of">
                                {page.items.into_iter().map(|r| {
                                    let at = r.received_at.to_rfc3339();
                                    let u = r.urgency;
                                    let state = if r.closed { "request.closed" } else { "request.open" };
                                    let description: String = r.description.chars().take(80).collect();
                                    view! { <li>
                                        <span class="muted nowrap">{move || local(&at, i.lang.get())}</span>" "
                                        <a href=format!("/requests/{}", r.id)>{r.number.clone()}</a>" "
                                        <span class="badge">{move || urgency_label(i, u)}</span>" "
                                        <span class="muted small">{move || i.t(state)}</span>" "{description}
                                    </li> }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
