//! The surveys: tabs by state (to send, sent, answered, expired, not sent)
//! kept in the address (`?state=`), the response rate, and on each survey
//! the two ways to send it: a link to copy (WeChat, SMS) with its QR code
//! to print on the report, or the answer taken on a call.

use super::{state_class, state_label};
use crate::api;
use crate::api::surveys::SurveyQuery;
use crate::components::error::{ErrorView, FieldError};
use crate::components::filters::Filters;
use crate::components::paged::Paged;
use crate::i18n::use_i18n;
use crate::pages::survey_public::{ScoreRow, QUESTIONS};
use leptos::prelude::*;
use servicebook_shared::permissions;
use servicebook_shared::surveys::{CallAnswer, Survey, SurveyLink, SurveyState};
use servicebook_shared::ApiProblem;

const KEYS: &[&str] = &["state"];

#[component]
pub fn SurveyList() -> impl IntoView {
    let i = use_i18n();
    let filters = Filters::new("/surveys", KEYS);
    let done = RwSignal::new(0u32);
    let surveys = Paged::new(
        move || {
            done.track();
            SurveyQuery {
                state: Some(filters.get("state")).filter(|s| !s.is_empty()),
                limit: Some(50),
                ..Default::default()
            }
        },
        |q: SurveyQuery, cursor| async move { api::surveys::list(&SurveyQuery { cursor, ..q }).await },
    );
    let export_filters = Signal::derive(move || {
        crate::components::export::filters_of(&SurveyQuery {
            state: Some(filters.get("state")).filter(|s| !s.is_empty()),
            ..Default::default()
        })
    });
    let stats = crate::load::load(move || {
        done.track();
        api::surveys::stats()
    });
    let tabs = [
        ("to_send", "survey.tab_to_send"),
        ("sent", "survey.tab_sent"),
        ("answered", "survey.tab_answered"),
        ("expired", "survey.tab_expired"),
        ("not_sent", "survey.tab_not_sent"),
        ("", "survey.tab_all"),
    ];
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("survey.title_staff")}</h1>
                <Show when=move || crate::auth::use_auth().may(permissions::handle_follow_ups)>
                    <a class="button" href="/follow-ups" data-testid="to-follow-ups">{move || i.t("follow_up.title")}</a>
                </Show>
            </div>
            {move || stats.get().and_then(Result::ok).map(|s| view! {
                <p class="muted" data-testid="survey-stats">{format!("{} {} · {} {} · {} {} · {} {}",
                    i.t("survey.sent"), s.sent, i.t("survey.answered"), s.answered,
                    i.t("survey.expired"), s.expired, i.t("survey.response_rate"),
                    s.response_rate.map(|r| format!("{:.0}%", r * 100.0)).unwrap_or_else(|| "—".into()))}</p>
            })}
            <div class="filters">
                <div class="segmented wrap" role="radiogroup" aria-label=move || i.t("survey.title_staff")>
                    {tabs.into_iter().map(|(v, key)| view! {
                        <label class="segment" class:selected=move || filters.get("state") == v>
                            <input type="radio" name="surveys-tab" data-testid=format!("surveys-tab-{}", if v.is_empty() { "all" } else { v })
                                on:change=move |_| filters.go(&[("state", v.to_owned())])/>
                            {move || i.t(key)}
                        </label>
                    }).collect_view()}
                </div>
            </div>
            <crate::components::export::ExportLinks path="/api/surveys/export" filters=export_filters testid="surveys-export"/>
            {move || surveys.error.get().map(|p| view! { <ErrorView problem=p/> })}
            <ul class="plain" data-testid="surveys-list">
                <For each=move || surveys.items.get() key=|s| (s.id, s.version) let(s)>
                    <li><SurveyCard s=s done=done/></li>
                </For>
            </ul>
            <Show when=move || !surveys.loading.get() && surveys.items.with(Vec::is_empty) && surveys.error.with(Option::is_none)>
                <p class="muted">{move || i.t("survey.none")}</p>
            </Show>
            <Show when=move || surveys.has_more()>
                <button class="list-more" on:click=move |_| surveys.more() disabled=move || surveys.loading.get()>{move || i.t("common.more")}</button>
            </Show>
        </section>
    }
}

/// One survey: what it is about, its state and answer, and its actions.
#[component]
pub fn SurveyCard(s: Survey, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let auth = crate::auth::use_auth();
    let (id, version, state) = (s.id, s.version, s.state);
    let open = !matches!(state, SurveyState::Answered | SurveyState::NotSent);
    let may_send = auth.may(permissions::send_surveys) && open;
    let link = RwSignal::new(None::<SurveyLink>);
    let calling = RwSignal::new(false);
    let problem = RwSignal::new(None::<ApiProblem>);
    let make_link = move |_| {
        leptos::task::spawn_local(async move {
            match api::surveys::make_link(id, version).await {
                Ok(l) => {
                    let _ = link.try_set(Some(l));
                    let _ = problem.try_set(None);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let answer = s.answer.clone();
    view! {
        <article class="survey-card" data-testid=format!("survey-{}", s.request_number)>
            <div class="row-between">
                <div>
                    <a href=format!("/requests/{}", s.request_id)>{s.request_number.clone()}</a>" · "
                    <a href=format!("/customers/{}", s.customer_id)>{s.customer_name.clone()}</a>
                    <span class="muted small"><br/>{s.device.clone()}" · "{s.engineers.iter().map(|e| e.name.clone()).collect::<Vec<_>>().join("、")}</span>
                </div>
                <span class=state_class(state) data-testid="survey-state">{move || state_label(i, state)}</span>
            </div>
            {answer.map(|a| view! {
                <p data-testid="survey-answer">{move || i.t("survey.q_overall")}": "<strong>{a.overall}</strong>" · "
                    {format!("{} {} {} {}", a.response_speed, a.professionalism, a.attitude, a.result)}
                    {(!a.comment.is_empty()).then(|| view! { <br/><span class="pre">{a.comment.clone()}</span> })}
                    {a.by_call.map(|c| view! { <br/><span class="muted small">{move || i.t("survey.by_call")}" "{c.called_by.clone()}" · "{c.notes.clone()}</span> })}
                </p>
            })}
            {s.follow_up_id.map(|f| view! { <p><a href=format!("/follow-ups/{f}")>{move || i.t("follow_up.open_it")}</a></p> })}
            {move || problem.get().map(|p| view! { <ErrorView problem=p/> })}
            {may_send.then(|| view! {
                <div class="actions">
                    <button data-testid="survey-make-link" on:click=make_link>{move || i.t("survey.make_link")}</button>
                    <button data-testid="survey-log-call" on:click=move |_| calling.update(|c| *c = !*c)>{move || i.t("survey.log_call")}</button>
                </div>
            })}
            {move || link.get().map(|l| view! { <LinkPanel l=l/> })}
            <Show when=move || calling.get()>
                <CallForm id=id version=version done=done/>
            </Show>
        </article>
    }
}

/// The link just made: the address to copy and its QR code, printable on
/// its own (the rest of the page is hidden in print).
#[component]
fn LinkPanel(l: SurveyLink) -> impl IntoView {
    let i = use_i18n();
    let url = if l.url.starts_with('/') {
        web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .map(|o| format!("{o}{}", l.url))
            .unwrap_or(l.url.clone())
    } else {
        l.url.clone()
    };
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="survey-link print-only-block">
            <label>{move || i.t("survey.link_to_copy")}
                <input readonly data-testid="survey-link-url" prop:value=url.clone()
                    on:focus=|ev| { let _ = event_target::<web_sys::HtmlInputElement>(&ev).select(); }/></label>
            <p class="muted small">{move || i.t("survey.expires")}" "{l.expires_at.format("%Y-%m-%d").to_string()}</p>
            <div class="qr" data-testid="survey-qr" inner_html=l.qr_svg.clone()></div>
            <p class="print-caption">{crate::i18n::both("survey.qr_caption")}</p>
            <button class="no-print" data-testid="survey-print-qr" on:click=print>{move || i.t("survey.print_qr")}</button>
        </div>
    }
}

/// The answer taken on a follow-up call: the five scores and what the
/// customer said.
#[component]
fn CallForm(id: u64, version: u64, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let scores: [RwSignal<u8>; 5] = std::array::from_fn(|_| RwSignal::new(0));
    let comment = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<ApiProblem>);
    let save = move |_| {
        let body = CallAnswer {
            version,
            response_speed: scores[0].get_untracked(),
            professionalism: scores[1].get_untracked(),
            attitude: scores[2].get_untracked(),
            result: scores[3].get_untracked(),
            overall: scores[4].get_untracked(),
            comment: comment.get_untracked(),
            called_at: None,
            notes: notes.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::surveys::call(id, &body).await {
                Ok(_) => {
                    let _ = done.try_update(|n| *n += 1);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    view! {
        <div class="form" data-testid="survey-call-form">
            {QUESTIONS.iter().zip(scores).map(|((field, key), value)| view! {
                <ScoreRow field=field label=i.t(key) value=value/>
                <FieldError problem=problem field=field/>
            }).collect_view()}
            <label>{move || i.t("survey.comment_said")}<textarea rows="2" bind:value=comment></textarea>
                <FieldError problem=problem field="comment"/></label>
            <label>{move || i.t("survey.call_notes")}<input data-testid="survey-call-notes" bind:value=notes/>
                <FieldError problem=problem field="notes"/></label>
            {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ErrorView problem=p/> })}
            <button class="primary" data-testid="survey-call-save" on:click=save>{move || i.t("survey.save_call")}</button>
        </div>
    }
}
