//! One checklist item as the engineer answers it on a phone: pass/fail as
//! two big buttons, a reading as a number with its unit, passing range and
//! a verdict computed as it is typed (shared `judge`: outside the range
//! fails by itself), a choice as buttons, a note, or a photo taken with
//! the camera and uploaded to the visit.

use super::{urgency_key, verdict_class, verdict_key};
use crate::api;
use crate::components::error::{clear_field, field_error, ErrorView};
use crate::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use servicebook_shared::files::AttachedTo;
use servicebook_shared::inspections::visits::ItemResult;
use servicebook_shared::inspections::{judge, number, Answer, ChecklistItem, ItemKind, Verdict};
use servicebook_shared::ApiProblem;
use wasm_bindgen::JsCast;

/// What has been entered for one item.
#[derive(Clone, Copy)]
pub struct ItemState {
    /// Pass/fail, a choice or a photo.
    pub answer: RwSignal<Option<Answer>>,
    /// A reading or a note as typed.
    pub text: RwSignal<String>,
}

impl ItemState {
    /// The state of an item as it was last recorded (or empty).
    pub fn from_result(item: &ChecklistItem, saved: Option<&ItemResult>) -> ItemState {
        let answer = saved.and_then(|r| r.answer.clone());
        let text = match (&item.kind, &answer) {
            (ItemKind::Reading, Some(Answer::Reading { value })) => number(*value),
            (ItemKind::Note, Some(Answer::Note { text })) => text.clone(),
            _ => String::new(),
        };
        ItemState {
            answer: RwSignal::new(answer),
            text: RwSignal::new(text),
        }
    }

    /// The answer to send: `Ok(None)` when left empty, `Err` when a
    /// reading is not a number.
    pub fn answer(&self, item: &ChecklistItem) -> Result<Option<Answer>, String> {
        match item.kind {
            ItemKind::Reading => {
                let t = self.text.get_untracked();
                let t = t.trim();
                if t.is_empty() {
                    return Ok(None);
                }
                parse_reading(t)
                    .map(|value| Some(Answer::Reading { value }))
                    .ok_or_else(|| "must be a number".to_owned())
            }
            ItemKind::Note => {
                let t = self.text.get_untracked();
                Ok((!t.trim().is_empty()).then_some(Answer::Note { text: t }))
            }
            _ => Ok(self.answer.get_untracked()),
        }
    }
}

/// A typed reading: `11.2`, `11,2` or ` 11.2 ` (a comma is a decimal
/// point on many phones' keypads).
pub fn parse_reading(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// The verdict of what is entered now, as the server will judge it.
fn live_verdict(item: &ChecklistItem, state: ItemState) -> Option<Verdict> {
    let answer = match item.kind {
        ItemKind::Reading => Answer::Reading {
            value: parse_reading(&state.text.get())?,
        },
        ItemKind::Note => return None,
        _ => state.answer.get()?,
    };
    judge(item, &answer).ok()
}

#[component]
pub fn ItemInput(
    item: ChecklistItem,
    state: ItemState,
    visit_id: u64,
    problem: RwSignal<Option<ApiProblem>>,
    /// Photos being uploaded (saving waits for them).
    uploads: RwSignal<usize>,
    /// Shown under the item: what was done with it after saving.
    children: Children,
) -> impl IntoView {
    let i = use_i18n();
    let key = format!("answers.{}", item.code);
    let code = item.code.clone();
    let changed = {
        let key = key.clone();
        move || problem.update(|p| clear_field(p, &key))
    };
    let label = item.clone();
    let judged = item.clone();
    let verdict = move || live_verdict(&judged, state);
    let range = item.range_text();
    let control = match item.kind {
        ItemKind::PassFail => {
            let (c1, c2) = (changed.clone(), changed.clone());
            let is = move |a: Answer| move || state.answer.with(|x| x.as_ref() == Some(&a));
            view! {
                <div class="answer-buttons">
                    <button type="button" class="big pass" class:selected=is(Answer::Pass) aria-pressed=move || is(Answer::Pass)().to_string()
                        data-testid=format!("item-pass-{code}") on:click=move |_| { state.answer.set(Some(Answer::Pass)); c1(); }>
                        {move || i.t("visit.answer_pass")}</button>
                    <button type="button" class="big fail" class:selected=is(Answer::Fail) aria-pressed=move || is(Answer::Fail)().to_string()
                        data-testid=format!("item-fail-{code}") on:click=move |_| { state.answer.set(Some(Answer::Fail)); c2(); }>
                        {move || i.t("visit.answer_fail")}</button>
                </div>
            }
            .into_any()
        }
        ItemKind::Reading => {
            let unit = item.unit.clone();
            let c = changed.clone();
            view! {
                <div class="reading">
                    <input inputmode="decimal" autocomplete="off" data-testid=format!("item-reading-{code}")
                        prop:value=move || state.text.get()
                        on:input=move |ev| { state.text.set(event_target_value(&ev)); c(); }/>
                    <span class="unit">{unit}</span>
                </div>
                {(!range.is_empty()).then(|| view! { <p class="muted small">{move || i.t("visit.passing_range")}": "{range.clone()}</p> })}
            }
            .into_any()
        }
        ItemKind::Choice => {
            let buttons = item
                .choices
                .iter()
                .enumerate()
                .map(|(n, choice)| {
                    let c = changed.clone();
                    let (value, shown) = (choice.clone(), choice.clone());
                    let picked = {
                        let value = value.clone();
                        move || state.answer.with(|a| matches!(a, Some(Answer::Choice { value: v }) if *v == value))
                    };
                    view! {
                        <button type="button" class="big" class:selected=picked.clone() aria-pressed=move || picked().to_string()
                            data-testid=format!("item-choice-{code}-{n}")
                            on:click=move |_| { state.answer.set(Some(Answer::Choice { value: value.clone() })); c(); }>{shown}</button>
                    }
                })
                .collect_view();
            view! { <div class="answer-buttons">{buttons}</div> }.into_any()
        }
        ItemKind::Note => {
            let c = changed.clone();
            view! {
                <textarea rows="2" data-testid=format!("item-note-{code}") prop:value=move || state.text.get()
                    on:input=move |ev| { state.text.set(event_target_value(&ev)); c(); }></textarea>
            }
            .into_any()
        }
        ItemKind::Photo => {
            view! { <PhotoInput code=code.clone() state=state visit_id=visit_id uploads=uploads changed=Callback::new(move |_| changed())/> }
                .into_any()
        }
    };
    let failed_range = item.range_text();
    let is_reading = item.kind == ItemKind::Reading;
    let required = item.required;
    let severity = item.severity;
    let testid = format!("item-{}", item.code);
    let verdict_id = format!("item-verdict-{}", item.code);
    view! {
        <div class="check-item" data-testid=testid>
            <div class="row-between">
                <strong>{move || label.label(i.lang.get() == Lang::Zh).to_owned()}
                    {(!required).then(|| view! { " "<span class="chip">{move || i.t("inspections.optional")}</span> })}</strong>
                <span data-testid=verdict_id>{let verdict = verdict.clone(); move || verdict().filter(|v| *v != Verdict::Recorded).map(|v| view! {
                    <span class=verdict_class(v)>{move || i.t(verdict_key(v))}</span>
                })}</span>
            </div>
            {(!item.hint.is_empty()).then(|| view! { <p class="muted small">{item.hint.clone()}</p> })}
            {control}
            {move || (is_reading && verdict() == Some(Verdict::Failed)).then(|| view! {
                <p class="bad small" data-testid=format!("item-out-of-range-{}", item.code)>
                    {move || i.t("visit.out_of_range")}" "{failed_range.clone()}" · "{move || i.t("inspections.severity")}": "{move || i.t(urgency_key(severity))}</p>
            })}
            <span class="field-error">{move || field_error(&problem.get(), &key)}</span>
            {children()}
        </div>
    }
}

/// A photo item: the camera (or a picture) uploaded to the visit at once,
/// the answer naming the stored file.
#[component]
fn PhotoInput(
    code: String,
    state: ItemState,
    visit_id: u64,
    uploads: RwSignal<usize>,
    changed: Callback<()>,
) -> impl IntoView {
    let i = use_i18n();
    let error = RwSignal::new(None::<ApiProblem>);
    let busy = RwSignal::new(false);
    let picked = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        error.set(None);
        busy.set(true);
        uploads.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            let result = api::files::upload(AttachedTo::Inspection, visit_id, &file).await;
            let _ = uploads.try_update(|n| *n = n.saturating_sub(1));
            let _ = busy.try_set(false);
            match result {
                Ok(f) => {
                    let _ = state.answer.try_set(Some(Answer::Photo { file_id: f.id }));
                    changed.run(());
                }
                Err(p) => {
                    let _ = error.try_set(Some(p));
                }
            }
        });
        input.set_value("");
    };
    let photo = move || match state.answer.get() {
        Some(Answer::Photo { file_id }) => Some(file_id),
        _ => None,
    };
    let shown_id = format!("item-photo-shown-{code}");
    view! {
        {move || photo().map(|f| view! {
            <img class="thumb" data-testid=shown_id.clone() alt=move || i.t("inspections.kind.photo") src=api::files::content_url(f)/>
        })}
        <label class="upload">
            <span>{move || if busy.get() { i.t("documents.uploading") } else if photo().is_some() { i.t("visit.photo_again") } else { i.t("visit.take_photo") }}</span>
            <input type="file" accept="image/*" capture="environment" data-testid=format!("item-photo-{}", code) on:change=picked/>
        </label>
        {move || error.get().map(|p| view! { <ErrorView problem=p/> })}
    }
}
