//! One device of a visit on the engineer's phone: the standard's items in
//! order, notes, or "cannot be checked" with the reason; saving records the
//! device (again, if it was). Failed items then open a service request in
//! one tap, proposing the item's severity as the urgency.

use super::item_input::{ItemInput, ItemState};
use super::{device_line, urgency_key};
use crate::api;
use crate::components::error::{clear_field, field_error, local_problem, ErrorView};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::inspections::visits::{
    check_device, CheckInput, InspectionVisit, ItemAnswer, NewFinding,
};
use servicebook_shared::inspections::{ChecklistItem, Verdict};
use servicebook_shared::users::FieldErrors;
use servicebook_shared::ApiProblem;

/// The fields shown next to their inputs (the rest go in the headline).
const SHOWN: &[&str] = &["answers", "not_checkable", "notes"];

#[component]
pub fn DeviceCheckForm(
    visit: RwSignal<InspectionVisit>,
    device_id: u64,
    /// Back to the list of devices.
    close: Callback<()>,
) -> impl IntoView {
    let i = use_i18n();
    // The form starts from what is recorded; later saves replace the
    // visit but leave what is typed alone.
    let (visit_id, items, device, saved) = visit.with_untracked(|v| {
        (
            v.visit.id,
            v.template.items.clone(),
            v.devices.iter().find(|d| d.id == device_id).cloned(),
            v.checks.iter().find(|c| c.device_id == device_id).cloned(),
        )
    });
    let states: Vec<(ChecklistItem, ItemState)> = items
        .iter()
        .map(|item| {
            let result = saved
                .as_ref()
                .and_then(|c| c.results.iter().find(|r| r.code == item.code));
            (item.clone(), ItemState::from_result(item, result))
        })
        .collect();
    let not_checkable = RwSignal::new(saved.as_ref().is_some_and(|c| !c.not_checkable.is_empty()));
    let reason = RwSignal::new(
        saved
            .as_ref()
            .map(|c| c.not_checkable.clone())
            .unwrap_or_default(),
    );
    let notes = RwSignal::new(saved.as_ref().map(|c| c.notes.clone()).unwrap_or_default());
    let problem = RwSignal::new(None::<ApiProblem>);
    let uploads = RwSignal::new(0usize);
    let saving = RwSignal::new(false);
    let just_saved = RwSignal::new(false);
    let for_save = states.clone();
    let save = move |_| {
        let mut errors = FieldErrors::new();
        let mut answers = Vec::new();
        let skipping = not_checkable.get_untracked();
        if !skipping {
            for (item, state) in &for_save {
                match state.answer(item) {
                    Ok(Some(answer)) => answers.push(ItemAnswer {
                        code: item.code.clone(),
                        answer,
                    }),
                    Ok(None) => {}
                    Err(why) => {
                        errors.insert(format!("answers.{}", item.code), why);
                    }
                }
            }
        }
        let input = CheckInput {
            version: visit.with_untracked(|v| v.visit.version),
            answers,
            not_checkable: skipping.then(|| reason.get_untracked()),
            notes: notes.get_untracked(),
        };
        // The server's rules, asked first: each item's problem shows beside it.
        if let Err(found) = check_device(&items, &input) {
            for (f, m) in found {
                errors.entry(f).or_insert(m);
            }
        }
        if !errors.is_empty() {
            just_saved.set(false);
            problem.set(Some(local_problem(errors)));
            return;
        }
        saving.set(true);
        leptos::task::spawn_local(async move {
            let result = api::inspections::record(visit_id, device_id, &input).await;
            let _ = saving.try_set(false);
            match result {
                Ok(v) => {
                    let _ = problem.try_set(None);
                    let _ = just_saved.try_set(true);
                    let _ = visit.try_set(v);
                }
                Err(p) => {
                    let _ = just_saved.try_set(false);
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    // "Saved" stands until something is changed again.
    let watched = states.clone();
    Effect::new(move |_| {
        for (_, s) in &watched {
            s.answer.track();
            s.text.track();
        }
        notes.track();
        not_checkable.track();
        reason.track();
        just_saved.set(false);
    });
    let title = device.as_ref().map(device_line).unwrap_or_default();
    let site = device.map(|d| d.site).unwrap_or_default();
    view! {
        <section class="card device-check" data-testid="device-check">
            <div class="row-between">
                <h2 data-testid="device-check-title">{title}</h2>
                <button type="button" data-testid="device-check-close" on:click=move |_| close.run(())>{move || i.t("visit.all_devices")}</button>
            </div>
            {(!site.is_empty()).then(|| view! { <p class="muted small">{site.clone()}</p> })}
            <label class="check">
                <input type="checkbox" data-testid="not-checkable" prop:checked=move || not_checkable.get()
                    on:change=move |ev| { not_checkable.set(event_target_checked(&ev)); problem.update(|p| clear_field(p, "not_checkable")); }/>
                {move || i.t("visit.cannot_check")}
            </label>
            <Show when=move || not_checkable.get()>
                <label>{move || i.t("visit.why_not")}
                    <input data-testid="not-checkable-reason" bind:value=reason placeholder=move || i.t("visit.why_not_hint")
                        on:input=move |_| { problem.update(|p| clear_field(p, "not_checkable")); }/>
                    <span class="field-error" data-testid="field-error-not_checkable">{move || field_error(&problem.get(), "not_checkable")}</span>
                </label>
            </Show>
            <div class:hidden=move || not_checkable.get()>
                {states.into_iter().map(|(item, state)| {
                    let finding_item = item.clone();
                    view! {
                        <ItemInput item=item state=state visit_id=visit_id problem=problem uploads=uploads>
                            <FindingButton visit=visit device_id=device_id item=finding_item.clone()/>
                        </ItemInput>
                    }
                }).collect_view()}
            </div>
            <label>{move || i.t("visit.notes")}
                <textarea rows="2" data-testid="check-notes" bind:value=notes on:input=move |_| problem.update(|p| clear_field(p, "notes"))></textarea>
                <span class="field-error">{move || field_error(&problem.get(), "notes")}</span>
            </label>
            {move || problem.get().map(|p| view! { <ErrorView problem=p shown=SHOWN/> })}
            <div class="actions">
                <button class="primary big" data-testid="check-save" on:click=save
                    disabled=move || { saving.get() || uploads.get() > 0 }>
                    {move || if uploads.get() > 0 { i.t("documents.uploading") } else { i.t("visit.save_device") }}</button>
                <Show when=move || just_saved.get()>
                    <span class="ok" data-testid="check-saved">{move || i.t("visit.device_saved")}</span>
                </Show>
            </div>
        </section>
    }
}

/// Under a failed item, once saved: open a service request in one tap
/// (urgency: the item's severity), then the request it opened.
#[component]
fn FindingButton(
    visit: RwSignal<InspectionVisit>,
    device_id: u64,
    item: ChecklistItem,
) -> impl IntoView {
    let i = use_i18n();
    let problem = RwSignal::new(None::<ApiProblem>);
    let busy = RwSignal::new(false);
    let code = item.code.clone();
    let failed = {
        let code = code.clone();
        move || {
            visit.with(|v| {
                v.checks
                    .iter()
                    .find(|c| c.device_id == device_id)
                    .and_then(|c| c.results.iter().find(|r| r.code == code))
                    .is_some_and(|r| r.verdict == Some(Verdict::Failed))
            })
        }
    };
    let finding = {
        let code = code.clone();
        move || {
            visit.with(|v| {
                v.findings
                    .iter()
                    .find(|f| f.device_id == device_id && f.item_code == code)
                    .cloned()
            })
        }
    };
    let severity = item.severity;
    let open = {
        let code = code.clone();
        move |_| {
            let (id, version) = visit.with_untracked(|v| (v.visit.id, v.visit.version));
            let body = NewFinding {
                version,
                device_id,
                item_code: code.clone(),
                urgency: Some(severity),
                remarks: String::new(),
            };
            busy.set(true);
            leptos::task::spawn_local(async move {
                let result = api::inspections::open_finding(id, &body).await;
                let _ = busy.try_set(false);
                match result {
                    Ok(v) => {
                        let _ = problem.try_set(None);
                        let _ = visit.try_set(v);
                    }
                    Err(p) => {
                        let _ = problem.try_set(Some(p));
                    }
                }
            });
        }
    };
    let testid = format!("finding-{code}");
    view! {
        <div data-testid=testid>
            {move || match (failed(), finding()) {
                (_, Some(f)) => view! {
                    <p class="finding-opened" data-testid="finding-request">{move || i.t("visit.request_opened")}" "
                        <a href=format!("/requests/{}", f.request_id)>{f.request_number.clone()}</a></p>
                }.into_any(),
                (true, None) => view! {
                    <button type="button" class="danger" data-testid="finding-open" disabled=move || busy.get() on:click=open.clone()>
                        {move || i.t("visit.open_request")}" ("{move || i.t(urgency_key(severity))}")"</button>
                }.into_any(),
                (false, None) => ().into_any(),
            }}
            {move || problem.get().map(|p| view! { <ErrorView problem=p/> })}
        </div>
    }
}
