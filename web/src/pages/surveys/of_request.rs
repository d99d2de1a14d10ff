//! On a request's page: its satisfaction surveys (one per completed
//! service) and, once it is closed, reopening it with a reason (a new
//! cycle of clocks; it counts against first-time fix).

use super::list::SurveyCard;
use crate::api;
use crate::components::error::{ErrorView, FieldError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::permissions;
use servicebook_shared::requests::{RequestActionInput, RequestVerb, ServiceRequest};
use servicebook_shared::ApiProblem;

#[component]
pub fn RequestSurveys(r: ServiceRequest, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let auth = crate::auth::use_auth();
    let (rid, version, closed) = (r.id, r.version, r.closed);
    let reads = auth.may(|w| permissions::read_surveys(w, true));
    // Only those who may read every survey ask for them: an engineer who
    // did not work on the request would be refused.
    let asks = auth.may(permissions::send_surveys);
    let surveys = crate::load::load(move || {
        done.track();
        async move {
            if asks {
                api::surveys::of_request(rid).await
            } else {
                Ok(Vec::new())
            }
        }
    });
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<ApiProblem>);
    let reopen = move |_| {
        let input = RequestActionInput {
            version,
            reason: reason.get_untracked(),
            ..Default::default()
        };
        leptos::task::spawn_local(async move {
            match api::requests::act(rid, RequestVerb::Reopen, &input).await {
                Ok(_) => {
                    let _ = done.try_update(|n| *n += 1);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let may_reopen = closed && auth.may(permissions::reopen_requests);
    view! {
        <Show when=move || reads || may_reopen>
            <section class="card" data-testid="request-surveys">
                <h2>{move || i.t("survey.of_request")}</h2>
                {reads.then(|| view! {
                    <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                        {move || Suspend::new(async move {
                            match surveys.await {
                                Ok(list) if list.is_empty() => view! { <p class="muted">{move || i.t("survey.none")}</p> }.into_any(),
                                Ok(list) => list.into_iter().map(|s| view! { <SurveyCard s=s done=done/> }).collect_view().into_any(),
                                Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                            }
                        })}
                    </Transition>
                })}
                {may_reopen.then(|| view! {
                    <div class="row-fields">
                        <label>{move || i.t("request.reopen_reason")}<input data-testid="request-reopen-reason" bind:value=reason/>
                            <FieldError problem=problem field="reason"/></label>
                        <button data-testid="request-reopen" on:click=reopen>{move || i.t("request.reopen")}</button>
                    </div>
                    {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ErrorView problem=p/> })}
                })}
            </section>
        </Show>
    }
}
