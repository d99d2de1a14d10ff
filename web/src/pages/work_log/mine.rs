//! `/weekly-report?week=&engineer=`: the engineer's week drafted from their
//! records (work orders and steps, signed reports, inspection visits,
//! totals), their notes (summary, problems, next week's plan), save and
//! submit. The manager opens anyone's, read only. Prints on A4.

use crate::api;
use crate::api::work_log::WeeklyQuery;
use crate::components::error::ErrorView;
use crate::components::filters::href;
use crate::components::time::{local, local_date};
use crate::i18n::{both, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use servicebook_shared::work_log::{SaveWorkLog, WeeklyReport, WorkLogNotes, WorkLogState};
use servicebook_shared::ApiProblem;

#[component]
pub fn MyWeeklyReport() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let changed = RwSignal::new(0u32);
    let report = crate::load::load(move || {
        changed.track();
        let q = query.with(|m| WeeklyQuery {
            engineer: m.get("engineer").filter(|s| !s.is_empty()),
            week: m.get("week").filter(|s| !s.is_empty()),
        });
        async move { api::work_log::weekly(&q).await }
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(r) => view! { <Week r=r changed=changed/> }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Week(r: WeeklyReport, changed: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let lang = i.lang.get_untracked();
    let own = crate::auth::use_auth()
        .user
        .with_untracked(|u| u.as_ref().is_some_and(|u| u.username == r.engineer));
    let editable = own && r.state == WorkLogState::Draft;
    let summary = RwSignal::new(r.notes.summary.clone());
    let problems = RwSignal::new(r.notes.problems.clone());
    let next_week = RwSignal::new(r.notes.next_week.clone());
    let problem = RwSignal::new(None::<ApiProblem>);
    let saved = RwSignal::new(false);
    let (user, week, version) = (r.engineer.clone(), r.week.clone(), r.version);
    let save = crate::load::act(move |submit: &bool| {
        let (user, week, submit) = (user.clone(), week.clone(), *submit);
        let body = SaveWorkLog {
            version,
            notes: WorkLogNotes {
                summary: summary.get_untracked(),
                problems: problems.get_untracked(),
                next_week: next_week.get_untracked(),
            },
        };
        async move {
            let saved = api::work_log::save(&user, &week, &body).await?;
            if submit {
                api::work_log::submit(&user, &week, saved.version).await?;
            }
            Ok::<_, ApiProblem>(())
        }
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(()) => {
                    problem.set(None);
                    saved.set(true);
                    changed.update(|n| *n += 1);
                }
                Err(p) => problem.set(Some(p)),
            }
        }
    });
    let nav = super::neighbours(&r.week).map(|(prev, next)| {
        let link = |w: String| {
            let mut pairs = vec![("week", w)];
            if !own {
                pairs.push(("engineer", r.engineer.clone()));
            }
            href("/weekly-report", &pairs)
        };
        view! {
            <span class="row no-print">
                <a class="button" href=link(prev) data-testid="week-prev">"‹ "{move || i.t("weekly.prev")}</a>
                <a class="button" href=link(next) data-testid="week-next">{move || i.t("weekly.next")}" ›"</a>
            </span>
        }
    });
    let state = match (r.state, r.late) {
        (WorkLogState::Draft, _) => view! { <span class="badge" data-testid="weekly-state">{move || i.t("weekly.draft")}</span> }.into_any(),
        (WorkLogState::Submitted, false) => view! { <span class="badge ok" data-testid="weekly-state">{move || i.t("weekly.submitted")}</span> }.into_any(),
        (WorkLogState::Submitted, true) => view! { <span class="badge warn" data-testid="weekly-state">{move || i.t("weekly.submitted_late")}</span> }.into_any(),
    };
    let orders = r.work_orders.iter().map(|w| {
        let steps = w.steps.iter().map(|s| format!("{} {}{}", local(s.at, lang), i.t(&format!("step.{}", s.kind.as_str())), if s.note.is_empty() { String::new() } else { format!(" · {}", s.note) })).collect::<Vec<_>>();
        view! { <tr>
            <td><a href=format!("/work-orders/{}", w.id)>{w.number.clone()}</a></td>
            <td>{w.customer.clone()}</td>
            <td>{i.t(&format!("wo_kind.{}", w.kind.as_str()))}</td>
            <td>{i.t(&format!("wo_state.{}", w.state.as_str()))}</td>
            <td>{steps.into_iter().map(|s| view! { <div class="small">{s}</div> }).collect_view()}</td>
        </tr> }
    }).collect_view();
    let reports = r.reports.iter().map(|p| view! { <tr>
        <td><a href=format!("/work-orders/{}/report", p.work_order_id)>{p.work_order_number.clone()}</a></td>
        <td>{p.customer.clone()}</td>
        <td>{local(p.signed_at, lang)}</td>
        <td class="num">{format!("{}", p.hours_worked)}</td>
        <td class="num">{p.travel_minutes}</td>
    </tr> }).collect_view();
    let visits = r.visits.iter().map(|v| view! { <tr>
        <td><a href=format!("/inspections/visits/{}", v.visit_id)>{v.contract_number.clone()}</a></td>
        <td>{v.customer.clone()}</td>
        <td>{local(v.done_at, lang)}</td>
        <td class="num">{v.devices}</td>
    </tr> }).collect_view();
    let t = r.totals.clone();
    let notes_field = move |key: &'static str, sig: RwSignal<String>, testid: &'static str| {
        view! {
            <label class="field">{both(key)}
                <textarea rows="4" bind:value=sig prop:disabled=!editable data-testid=testid></textarea>
            </label>
        }
    };
    view! {
        <article class="card print-report weekly-report" data-testid="weekly-report">
            <div class="row-between">
                <h1>{both("weekly.title")}</h1>
                {nav}
            </div>
            <table class="kv">
                <tr><th>{both("weekly.engineer")}</th><td data-testid="weekly-engineer">{r.engineer_name.clone()}</td></tr>
                <tr><th>{both("weekly.week")}</th><td data-testid="weekly-week">{format!("{} ({} – {})", r.week, r.from, r.to)}</td></tr>
                <tr><th>{both("weekly.due")}</th><td>{local(r.due_at, lang)}" "{state}</td></tr>
                {r.submitted_at.map(|s| view! { <tr><th>{both("weekly.submitted_at")}</th><td>{local_date(s, lang)}" "{local(s, lang)}</td></tr> })}
            </table>
            <h3>{both("weekly.totals")}</h3>
            <table class="grid" data-testid="weekly-totals">
                <thead><tr><th>{both("weekly.hours")}</th><th>{both("weekly.travel_minutes")}</th><th>{both("weekly.work_orders")}</th><th>{both("weekly.steps")}</th><th>{both("weekly.reports")}</th><th>{both("weekly.visits")}</th></tr></thead>
                <tbody><tr><td class="num">{format!("{}", t.hours)}</td><td class="num">{t.travel_minutes}</td><td class="num">{t.work_orders}</td><td class="num">{t.steps}</td><td class="num">{t.reports}</td><td class="num">{t.visits}</td></tr></tbody>
            </table>
            <h3>{both("weekly.work_orders")}</h3>
            <div class="table-wrap"><table class="grid" data-testid="weekly-orders">
                <thead><tr><th>{both("weekly.number")}</th><th>{both("weekly.customer")}</th><th>{both("weekly.kind")}</th><th>{both("weekly.state")}</th><th>{both("weekly.steps")}</th></tr></thead>
                <tbody>{orders}</tbody>
            </table></div>
            <h3>{both("weekly.reports")}</h3>
            <div class="table-wrap"><table class="grid" data-testid="weekly-reports">
                <thead><tr><th>{both("weekly.number")}</th><th>{both("weekly.customer")}</th><th>{both("weekly.signed_at")}</th><th>{both("weekly.hours")}</th><th>{both("weekly.travel_minutes")}</th></tr></thead>
                <tbody>{reports}</tbody>
            </table></div>
            <h3>{both("weekly.visits")}</h3>
            <div class="table-wrap"><table class="grid" data-testid="weekly-visits">
                <thead><tr><th>{both("weekly.contract")}</th><th>{both("weekly.customer")}</th><th>{both("weekly.done_at")}</th><th>{both("weekly.devices")}</th></tr></thead>
                <tbody>{visits}</tbody>
            </table></div>
            {notes_field("weekly.summary", summary, "weekly-summary")}
            {notes_field("weekly.problems", problems, "weekly-problems")}
            {notes_field("weekly.next_week", next_week, "weekly-next-week")}
            <crate::components::error::FormError problem=problem/>
            <div class="row no-print">
                {editable.then(|| view! {
                    <button on:click=move |_| { saved.set(false); save.dispatch(false); } disabled=move || save.pending().get() data-testid="weekly-save">{move || i.t("weekly.save")}</button>
                    <button class="primary" on:click=move |_| { saved.set(false); save.dispatch(true); } disabled=move || save.pending().get() data-testid="weekly-submit">{move || i.t("weekly.submit")}</button>
                })}
                <button on:click=|_| { let _ = window().print(); } data-testid="weekly-print">{move || i.t("report.print")}</button>
                <Show when=move || saved.get()><span class="muted" data-testid="weekly-saved">{move || i.t("weekly.saved")}</span></Show>
            </div>
        </article>
    }
}
