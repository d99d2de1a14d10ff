//! `/inspections/visits/:id/print`: the inspection report on A4, labels in
//! Chinese and English (the customer's copy is read by both): the firm's
//! name and logo, the contract, customer, day and engineers; per device
//! its items with the answer, passing range and verdict, photos, a device
//! that could not be checked, notes; the findings with their requests;
//! the customer's signature. Filed in the contract's archive.

use super::{answer_words, device_line, device_status, verdict_key, DeviceStatus};
use crate::api;
use crate::components::error::ErrorView;
use crate::components::time::{local, local_date};
use crate::i18n::{both, text, use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::inspections::visits::{DeviceCheck, InspectionVisit, VisitDevice};
use servicebook_shared::inspections::{Answer, ChecklistItem, Verdict};
use servicebook_shared::ApiProblem;

/// An item's label in both languages (one when they are the same).
fn label_both(item: &ChecklistItem) -> String {
    let (zh, en) = (item.label(true), item.label(false));
    if zh == en {
        zh.to_owned()
    } else {
        format!("{zh} {en}")
    }
}

#[component]
pub fn PrintVisit() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let data = crate::load::load(move || {
        let id = id();
        async move {
            let v = api::inspections::visit(id).await?;
            let settings = api::settings::get().await?;
            let logo = api::settings::logo_url(settings.id).await;
            Ok::<_, ApiProblem>((v, settings.firm_name, logo))
        }
    });
    view! {
        <div class="no-print actions">
            <button class="primary" data-testid="print-now" on:click=|_| { let _ = window().print(); }>{move || i.t("report.print")}</button>
        </div>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((v, firm, logo)) => view! { <Sheet v=v firm=firm logo=logo/> }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Sheet(v: InspectionVisit, firm: String, logo: Option<String>) -> impl IntoView {
    let lang = use_i18n().lang.get_untracked();
    let t = &v.template;
    let standard = if t.name_en.is_empty() || t.name_en == t.name_zh {
        t.name_zh.clone()
    } else {
        format!("{} {}", t.name_zh, t.name_en)
    };
    let done = v.done_at.map(|d| local_date(d, lang)).unwrap_or_default();
    let devices = v
        .devices
        .iter()
        .map(|d| {
            let check = v.checks.iter().find(|c| c.device_id == d.id).cloned();
            view! { <DevicePart d=d.clone() check=check items=v.template.items.clone()/> }
        })
        .collect_view();
    let findings = (!v.findings.is_empty()).then(|| {
        let rows = v
            .findings
            .iter()
            .map(|f| {
                let serial = v
                    .devices
                    .iter()
                    .find(|d| d.id == f.device_id)
                    .map(|d| d.serial_number.clone())
                    .unwrap_or_default();
                view! { <tr><td>{serial}</td><td>{f.text.clone()}</td><td class="nowrap">{f.request_number.clone()}</td></tr> }
            })
            .collect_view();
        view! {
            <h3>{both("visit.findings")}</h3>
            <table class="grid" data-testid="print-findings">
                <thead><tr><th>{both("device.serial")}</th><th>{both("visit.finding")}</th><th>{both("visit.request")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let id = v.visit.id;
    let sig = v.signature.clone().map(|s| {
        view! {
            <img class="sig" data-testid="print-visit-signature" alt="signature" src=api::inspections::signature_url(id)/>
            <p>{s.signer_name.clone()}" · "{local(s.signed_at, lang)}</p>
        }
    });
    view! {
        <article class="print-report inspection-report" data-testid="print-visit">
            <header>
                {logo.map(|src| view! { <img class="logo" alt="logo" src=src/> })}
                <h1>{if firm.is_empty() { text(Lang::Zh, "app.name") } else { firm }}</h1>
                <h2>{both("visit.report_title")}</h2>
                <p>{v.contract_number.clone()}{v.work_order_number.clone().map(|n| format!(" · {n}"))}</p>
            </header>
            <table class="kv">
                <tr><th>{both("request.customer")}</th><td>{v.customer_name.clone()}</td></tr>
                <tr><th>{both("inspections.contract")}</th><td>{v.contract_number.clone()}</td></tr>
                <tr><th>{both("inspections.due_date")}</th><td>{v.visit.due_date.to_string()}</td></tr>
                <tr><th>{both("visit.done_on")}</th><td data-testid="print-done-on">{done}</td></tr>
                <tr><th>{both("wo.assignees")}</th><td>{v.engineers.join("、")}</td></tr>
                <tr><th>{both("inspections.standard")}</th><td>{standard}{format!(" v{}", t.revision)}</td></tr>
            </table>
            {devices}
            {findings}
            <footer>
                <p><strong>{both("report.signature")}</strong></p>
                {sig}
            </footer>
        </article>
    }
}

#[component]
fn DevicePart(
    d: VisitDevice,
    check: Option<DeviceCheck>,
    items: Vec<ChecklistItem>,
) -> impl IntoView {
    let lang = use_i18n().lang.get_untracked();
    let status = device_status(check.as_ref());
    let status_text = match status {
        DeviceStatus::ToDo => both("visit.status_to_do"),
        DeviceStatus::Passed => both("visit.status_passed"),
        DeviceStatus::Failed(n) => format!(
            "{} {}",
            text(Lang::Zh, "visit.status_failed"),
            text(Lang::En, "visit.status_failed")
        )
        .replace("{n}", &n.to_string()),
        DeviceStatus::NotCheckable => both("visit.status_not_checkable"),
    };
    let extra = [d.asset_tag.as_str(), d.site.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let body = check.map(|c| {
        let rows = (c.not_checkable.is_empty()).then(|| {
            c.results
                .iter()
                .filter_map(|r| Some((items.iter().find(|it| it.code == r.code)?, r)))
                .enumerate()
                .map(|(n, (item, r))| {
                    let answer = match &r.answer {
                        Some(Answer::Photo { file_id }) => view! {
                            <img class="thumb" data-testid="print-photo" alt="photo" src=api::files::content_url(*file_id)/>
                        }
                        .into_any(),
                        Some(a) => answer_words(both, item, a).into_any(),
                        None => "—".into_any(),
                    };
                    let verdict = r.verdict.map(|v| both(verdict_key(v))).unwrap_or_default();
                    let failed = r.verdict == Some(Verdict::Failed);
                    view! {
                        <tr class:failed=failed><td class="num">{n + 1}</td><td>{label_both(item)}</td><td>{answer}</td><td class="nowrap">{item.range_text()}</td><td>{verdict}</td></tr>
                    }
                })
                .collect_view()
        });
        view! {
            {(!c.not_checkable.is_empty()).then(|| view! { <p><strong>{both("visit.not_checkable")}": "</strong>{c.not_checkable.clone()}</p> })}
            {rows.map(|rows| view! {
                <table class="grid">
                    <thead><tr><th>"#"</th><th>{both("inspections.item")}</th><th>{both("visit.answer")}</th><th>{both("visit.range")}</th><th>{both("visit.verdict")}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            })}
            {(!c.notes.is_empty()).then(|| view! { <p class="pre"><strong>{both("visit.notes")}": "</strong>{c.notes.clone()}</p> })}
            <p class="small">{both("visit.checked_by")}": "{c.checked_by.clone()}" · "{local(c.checked_at, lang)}</p>
        }
    });
    view! {
        <section class="print-device" data-testid=format!("print-device-{}", d.id)>
            <h3>{device_line(&d)}{(!extra.is_empty()).then(|| format!(" · {extra}"))}" — "{status_text}</h3>
            {body}
        </section>
    }
}
