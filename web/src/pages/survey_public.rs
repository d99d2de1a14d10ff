//! The customer's satisfaction survey (客户现场服务反馈表), opened from the
//! link staff sent or the QR code on the report: no account, phone first.
//! Five rows of five big tap targets, a comment, one submit; then thanks.
//! A link that cannot be used (answered, expired, unknown) gets one message.

use crate::api;
use crate::components::error::FieldError;
use crate::i18n::{both, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::surveys::{PublicSurvey, Scores};
use servicebook_shared::ApiProblem;

/// The questions, in the form's order: (field, label key).
pub const QUESTIONS: [(&str, &str); 5] = [
    ("response_speed", "survey.q_response_speed"),
    ("professionalism", "survey.q_professionalism"),
    ("attitude", "survey.q_attitude"),
    ("result", "survey.q_result"),
    ("overall", "survey.q_overall"),
];

/// Score words, 1 to 5.
const SCORE_KEYS: [&str; 5] = [
    "survey.score_1",
    "survey.score_2",
    "survey.score_3",
    "survey.score_4",
    "survey.score_5",
];

/// One row of five tap targets for `field`.
#[component]
pub fn ScoreRow(field: &'static str, label: String, value: RwSignal<u8>) -> impl IntoView {
    view! {
        <fieldset class="score-row" data-testid=format!("score-{field}")>
            <legend>{label}</legend>
            <div class="score-buttons">
                {(1u8..=5).map(|n| view! {
                    <button type="button" class="score" class:selected=move || value.get() == n
                        aria-pressed=move || (value.get() == n).to_string()
                        data-testid=format!("score-{field}-{n}") on:click=move |_| value.set(n)>
                        <span class="score-n">{n}</span>
                        <span class="score-word">{both(SCORE_KEYS[usize::from(n) - 1])}</span>
                    </button>
                }).collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
pub fn PublicSurveyPage() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let answered = RwSignal::new(false);
    let problem = RwSignal::new(None::<ApiProblem>);
    let scores: [RwSignal<u8>; 5] = std::array::from_fn(|_| RwSignal::new(0));
    let comment = RwSignal::new(String::new());
    let survey = crate::load::load(move || {
        let t = token();
        async move { api::surveys::public_get(&t).await }
    });
    let submit = move |_| {
        let t = token();
        let body = Scores {
            response_speed: scores[0].get_untracked(),
            professionalism: scores[1].get_untracked(),
            attitude: scores[2].get_untracked(),
            result: scores[3].get_untracked(),
            overall: scores[4].get_untracked(),
            comment: comment.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::surveys::public_answer(&t, &body).await {
                Ok(()) => {
                    let _ = answered.try_set(true);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let missing = move || scores.iter().any(|s| s.get() == 0);
    view! {
        <main class="public-survey">
            <Show when=move || !answered.get() fallback=|| view! {
                <section class="card narrow"><h1 data-testid="survey-thanks">{both("survey.thanks")}</h1>
                    <p>{both("survey.thanks_more")}</p></section>
            }>
                <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                    {move || Suspend::new(async move {
                        match survey.await {
                            Ok(s) => view! {
                                <Heading s=s/>
                                <section class="card form">
                                    {QUESTIONS.iter().zip(scores).map(|((field, key), value)| view! {
                                        <ScoreRow field=field label=both(key) value=value/>
                                        <FieldError problem=problem field=field/>
                                    }).collect_view()}
                                    <label>{both("survey.comment")}
                                        <textarea data-testid="survey-comment" rows="3" maxlength="2000" bind:value=comment></textarea>
                                        <FieldError problem=problem field="comment"/></label>
                                    {move || problem.get().filter(|p| p.errors.is_empty()).map(|_| view! {
                                        <p class="field-error" data-testid="survey-gone">{both("survey.gone")}</p>
                                    })}
                                    <button class="primary big" data-testid="survey-submit" disabled=missing on:click=submit>{both("survey.submit")}</button>
                                </section>
                            }.into_any(),
                            Err(_) => view! {
                                <section class="card narrow"><h1 data-testid="survey-gone">{both("survey.gone")}</h1>
                                    <p>{both("survey.gone_more")}</p></section>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </Show>
        </main>
    }
}

#[component]
fn Heading(s: PublicSurvey) -> impl IntoView {
    let title = both("survey.title");
    view! {
        <section class="card">
            <h1>{if s.firm_name.is_empty() { title } else { format!("{} · {}", s.firm_name, title) }}</h1>
            <p class="muted" data-testid="survey-request">{s.request_number.clone()}" · "{s.customer_name.clone()}</p>
            <p>{s.device.clone()}</p>
            <p class="muted">{s.completed_at.format("%Y-%m-%d").to_string()}" · "{s.engineers.join("、")}</p>
        </section>
    }
}
