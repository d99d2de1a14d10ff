//! A visit's results, read-only: per device the standard's items with the
//! answer, the passing range and the verdict, a device that could not be
//! checked with its reason, the notes, and the findings with the requests
//! they opened. Staff see photos and links; the customer's signing page
//! (no session) sees neither.

use super::{
    answer_words, device_line, device_status, device_status_class, device_status_text, urgency_key,
    verdict_class, verdict_key,
};
use crate::api;
use crate::components::time::local;
use crate::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use servicebook_shared::inspections::visits::{DeviceCheck, Finding, InspectionVisit};
use servicebook_shared::inspections::{Answer, ChecklistItem};

#[component]
pub fn VisitResults(
    visit: InspectionVisit,
    /// Staff: photos shown and requests linked.
    staff: bool,
) -> impl IntoView {
    let items = visit.template.items.clone();
    let findings = visit.findings.clone();
    view! {
        <div data-testid="visit-results">
            {visit.devices.iter().map(|d| {
                let check = visit.checks.iter().find(|c| c.device_id == d.id).cloned();
                let status = device_status(check.as_ref());
                let i = use_i18n();
                view! {
                    <section class="card" data-testid=format!("result-device-{}", d.id)>
                        <div class="row-between">
                            <h3>{device_line(d)}</h3>
                            <span class=device_status_class(status)>{move || device_status_text(i, status)}</span>
                        </div>
                        {(!d.site.is_empty()).then(|| view! { <p class="muted small">{d.site.clone()}</p> })}
                        {check.map(|c| view! { <CheckTable check=c items=items.clone() staff=staff/> })}
                    </section>
                }
            }).collect_view()}
            <Findings findings=findings links=staff/>
        </div>
    }
}

#[component]
fn CheckTable(check: DeviceCheck, items: Vec<ChecklistItem>, staff: bool) -> impl IntoView {
    let i = use_i18n();
    let at = check.checked_at;
    let by = check.checked_by.clone();
    let body = if !check.not_checkable.is_empty() {
        view! {
            <p class="warn" data-testid="result-not-checkable"><strong>{move || i.t("visit.not_checkable")}": "</strong>{check.not_checkable.clone()}</p>
        }
        .into_any()
    } else {
        let rows = check
            .results
            .iter()
            .filter_map(|r| Some((items.iter().find(|it| it.code == r.code)?.clone(), r.clone())))
            .map(|(item, r)| {
                let label = item.clone();
                let answer = r.answer.clone();
                let said = {
                    let item = item.clone();
                    let answer = answer.clone();
                    move || {
                        answer
                            .as_ref()
                            .map(|a| answer_words(|k| i.t(k), &item, a))
                            .unwrap_or_else(|| "—".into())
                    }
                };
                let photo = match (staff, &answer) {
                    (true, Some(Answer::Photo { file_id })) => Some(*file_id),
                    _ => None,
                };
                view! {
                    <tr>
                        <td>{move || label.label(i.lang.get() == Lang::Zh).to_owned()}</td>
                        <td>{match photo {
                            Some(f) => view! { <a href=api::files::content_url(f) target="_blank"><img class="thumb" alt=move || i.t("inspections.kind.photo") src=api::files::content_url(f)/></a> }.into_any(),
                            None => view! { <span>{said}</span> }.into_any(),
                        }}</td>
                        <td class="muted small">{item.range_text()}</td>
                        <td>{r.verdict.map(|v| view! { <span class=verdict_class(v)>{move || i.t(verdict_key(v))}</span> })}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="check-results">
                    <thead><tr>
                        <th>{move || i.t("inspections.item")}</th>
                        <th>{move || i.t("visit.answer")}</th>
                        <th>{move || i.t("visit.range")}</th>
                        <th>{move || i.t("visit.verdict")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        {body}
        {(!check.notes.is_empty()).then(|| view! { <p class="pre"><strong>{move || i.t("visit.notes")}": "</strong>{check.notes.clone()}</p> })}
        <p class="muted small">{by}" · "{move || local(at, i.lang.get())}</p>
    }
}

/// The findings of a visit and the requests they opened.
#[component]
pub fn Findings(findings: Vec<Finding>, links: bool) -> impl IntoView {
    let i = use_i18n();
    view! {
        <section class="card" data-testid="visit-findings">
            <h2>{move || i.t("visit.findings")}</h2>
            {if findings.is_empty() {
                view! { <p class="muted">{move || i.t("visit.no_findings")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {findings.into_iter().map(|f| {
                            let u = f.urgency;
                            let number = if links {
                                view! { <a href=format!("/requests/{}", f.request_id)>{f.request_number.clone()}</a> }.into_any()
                            } else {
                                view! { <strong>{f.request_number.clone()}</strong> }.into_any()
                            };
                            view! {
                                <li>{number}" · "<span class="badge">{move || i.t(urgency_key(u))}</span>" "{f.text.clone()}</li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
