//! `/weekly-reports?week=`: the manager's view of the week's reports —
//! every active engineer, those who have not submitted first, each
//! opening their report.

use crate::api;
use crate::components::error::ErrorView;
use crate::components::filters::href;
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use servicebook_shared::work_log::Submission;

#[component]
pub fn WeeklyReportStatus() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let status = crate::load::load(move || {
        let week = query.with(|m| m.get("week").filter(|s| !s.is_empty()));
        async move { api::work_log::status(week).await }
    });
    view! {
        <section class="card">
            <h1>{move || i.t("weekly.status_title")}</h1>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(s) => {
                            let lang = i.lang.get_untracked();
                            let nav = super::neighbours(&s.week).map(|(prev, next)| view! {
                                <span class="row">
                                    <a class="button" href=href("/weekly-reports", &[("week", prev)]) data-testid="status-prev">"‹ "{move || i.t("weekly.prev")}</a>
                                    <a class="button" href=href("/weekly-reports", &[("week", next)]) data-testid="status-next">{move || i.t("weekly.next")}" ›"</a>
                                </span>
                            });
                            let week = s.week.clone();
                            let rows = s.engineers.into_iter().map(|l| {
                                let (class, key) = match l.status {
                                    Submission::Submitted => ("badge ok", "weekly.submitted"),
                                    Submission::SubmittedLate => ("badge warn", "weekly.submitted_late"),
                                    Submission::NotYet => ("badge", "weekly.not_yet"),
                                    Submission::Overdue => ("badge warn", "weekly.overdue"),
                                };
                                let link = href("/weekly-report", &[("engineer", l.engineer.clone()), ("week", week.clone())]);
                                view! { <tr data-testid="status-row">
                                    <td><a href=link>{l.engineer_name.clone()}</a></td>
                                    <td><span class=class>{move || i.t(key)}</span></td>
                                    <td>{l.submitted_at.map(|t| local(t, lang)).unwrap_or_default()}</td>
                                </tr> }
                            }).collect_view();
                            view! {
                                <div class="row-between">
                                    <p>{s.week.clone()}" · "{move || i.t("weekly.due")}" "{local(s.due_at, lang)}</p>
                                    {nav}
                                </div>
                                <div class="table-wrap"><table data-testid="weekly-status">
                                    <thead><tr><th>{move || i.t("weekly.engineer")}</th><th>{move || i.t("weekly.state")}</th><th>{move || i.t("weekly.submitted_at")}</th></tr></thead>
                                    <tbody>{rows}</tbody>
                                </table></div>
                            }.into_any()
                        }
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
