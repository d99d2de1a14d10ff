//! A customer's or a device's repairs, newest first, on its page.

use super::{state_class, state_label};
use crate::api;
use crate::api::repairs::RepairQuery;
use crate::components::error::ErrorView;
use crate::components::time::local_date;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// Whose repairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Of {
    Customer(u64),
    Device(u64),
}

#[component]
pub fn RepairsOf(of: Of) -> impl IntoView {
    let i = use_i18n();
    let query = match of {
        Of::Customer(id) => RepairQuery {
            customer_id: Some(id),
            limit: Some(50),
            ..Default::default()
        },
        Of::Device(id) => RepairQuery {
            device_id: Some(id),
            limit: Some(50),
            ..Default::default()
        },
    };
    let repairs = crate::load::load(move || {
        let q = query.clone();
        async move { api::repairs::list(&q).await }
    });
    view! {
        <section class="card">
            <h2>{move || i.t("repairs.title")}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match repairs.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">{move || i.t("repairs.none")}</p> }.into_any(),
                        Ok(mut page) => {
                            page.items.reverse();
                            view! {
                                <ul class="timeline" data-testid="repairs-of">
                                    {page.items.into_iter().map(|r| {
                                        let (at, s) = (r.received_at, r.state);
                                        let fault: String = r.fault.chars().take(80).collect();
                                        view! { <li>
                                            <span class="muted nowrap">{move || local_date(at, i.lang.get())}</span>" "
                                            <a href=format!("/repairs/{}", r.id)>{r.number.clone()}</a>" "
                                            <span class=state_class(s)>{move || state_label(i, s)}</span>" "{fault}
                                        </li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
