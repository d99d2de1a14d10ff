//! A customer's or a device's service requests, newest first, on its page:
//! the history a dispatcher looks at before taking the next call.

use crate::api;
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::use_i18n;
use crate::pages::requests::urgency_label;
use api::requests::RequestQuery;
use leptos::prelude::*;

/// Whose requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Of {
    Customer(u64),
    Device(u64),
}

#[component]
pub fn RequestsOf(of: Of) -> impl IntoView {
    let i = use_i18n();
    let query = RequestQuery {
        customer_id: match of {
            Of::Customer(id) => Some(id),
            Of::Device(_) => None,
        },
        device_id: match of {
            Of::Device(id) => Some(id),
            Of::Customer(_) => None,
        },
        limit: Some(50),
        ..Default::default()
    };
    let requests = crate::load::load(move || {
        let q = query.clone();
        async move { api::requests::list(&q).await }
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
                                    let at = r.received_at;
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
