//! On a device's page: its inspection readings over the visits, one small
//! line chart per reading item, drawn as inline SVG from the shared
//! `chart_layout` (the passing band shaded, failed points red, the first
//! and last dates under the line), so a value drifting toward a limit is
//! seen before it fails.

use crate::api;
use crate::components::error::ErrorView;
use crate::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use servicebook_shared::inspections::number;
use servicebook_shared::inspections::visits::{chart_layout, ReadingSeries};
use servicebook_shared::inspections::ChecklistItem;

/// The chart's drawing box and the margins around it (for the dates).
const W: f32 = 300.0;
const H: f32 = 80.0;
const LEFT: f32 = 6.0;
const TOP: f32 = 6.0;
const BOTTOM: f32 = 18.0;

#[component]
pub fn DeviceReadings(device_id: u64) -> impl IntoView {
    let i = use_i18n();
    let series = crate::load::load(move || api::inspections::readings(device_id));
    view! {
        <section class="card" data-testid="device-readings">
            <h2>{move || i.t("readings.title")}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match series.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{move || i.t("readings.none")}</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="charts">
                                {list.into_iter().map(|s| view! { <SeriesChart s=s/> }).collect_view()}
                            </div>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The series' range as the standard writes it (`12–13.8 V`).
fn range_of(s: &ReadingSeries) -> String {
    ChecklistItem {
        code: s.code.clone(),
        label_zh: s.label_zh.clone(),
        label_en: s.label_en.clone(),
        kind: servicebook_shared::inspections::ItemKind::Reading,
        unit: s.unit.clone(),
        min: s.min,
        max: s.max,
        choices: Vec::new(),
        failing_choices: Vec::new(),
        required: true,
        severity: servicebook_shared::requests::Urgency::Normal,
        hint: String::new(),
    }
    .range_text()
}

#[component]
fn SeriesChart(s: ReadingSeries) -> impl IntoView {
    let i = use_i18n();
    let layout = chart_layout(&s, W, H);
    let range = range_of(&s);
    let unit = s.unit.clone();
    let last = s
        .points
        .last()
        .map(|p| format!("{} {}", number(p.value), s.unit).trim().to_owned());
    let (zh, en) = (s.label_zh.clone(), s.label_en.clone());
    let label = move || {
        let (first, second) = if i.lang.get() == Lang::Zh {
            (&zh, &en)
        } else {
            (&en, &zh)
        };
        if first.trim().is_empty() {
            second.clone()
        } else {
            first.clone()
        }
    };
    let line = layout
        .points
        .iter()
        .map(|(x, y)| format!("{:.1},{:.1}", x + LEFT, y + TOP))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = s
        .points
        .iter()
        .zip(layout.points.iter())
        .map(|(p, (x, y))| {
            let title = format!("{} · {} {}", p.date, number(p.value), s.unit);
            view! {
                <circle cx=format!("{:.1}", x + LEFT) cy=format!("{:.1}", y + TOP) r="3.5" class=if p.passed { "pt" } else { "pt bad" }>
                    <title>{title}</title>
                </circle>
            }
        })
        .collect_view();
    // The dates under the first and the last point.
    let n = s.points.len();
    let date_at = |k: usize, anchor: &'static str| {
        let (x, _) = layout.points[k];
        view! {
            <text x=format!("{:.1}", x + LEFT) y=format!("{:.1}", TOP + H + 14.0) text-anchor=anchor class="date">{s.points[k].date.to_string()}</text>
        }
    };
    let dates = match n {
        0 => None,
        1 => Some(date_at(0, "middle").into_any()),
        _ => Some(view! { {date_at(0, "start")}{date_at(n - 1, "end")} }.into_any()),
    };
    let (band_top, band_bottom) = layout.band;
    let failed = s.points.iter().filter(|p| !p.passed).count();
    let testid = format!("reading-series-{}", s.code);
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption>
                <strong>{label.clone()}</strong>{(!unit.is_empty()).then(|| format!(" ({unit})"))}
                {(!range.is_empty()).then(|| view! { <span class="muted small">" · "{move || i.t("visit.passing_range")}" "{range.clone()}</span> })}
                {last.map(|l| view! { <span class="small">" · "{move || i.t("readings.latest")}" "{l.clone()}</span> })}
                {(failed > 0).then(|| view! { " "<span class="badge bad">{move || i.t("visit.status_failed").replace("{n}", &failed.to_string())}</span> })}
            </figcaption>
            <svg viewBox=format!("0 0 {} {}", W + 2.0 * LEFT, TOP + H + BOTTOM) role="img" aria-label=label.clone()>
                <rect class="frame" x=LEFT y=TOP width=W height=H/>
                <rect class="band" x=LEFT y=band_top + TOP width=W height=(band_bottom - band_top).max(0.0)/>
                <polyline class="line" points=line/>
                {dots}
                {dates}
            </svg>
        </figure>
    }
}

/// On a device's page (opened by scanning its label): the inspection
/// visits given to engineers that include it, each a tap away from this
/// device's checklist.
#[component]
pub fn DeviceVisits(device_id: u64) -> impl IntoView {
    let i = use_i18n();
    let visits = crate::load::load(move || api::inspections::device_visits(device_id));
    move || {
        let list: Vec<_> = visits
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|v| v.state != servicebook_shared::inspections::plans::VisitState::Planned)
            .collect();
        (!list.is_empty()).then(|| view! {
            <section class="card" data-testid="device-visits">
                <h2>{move || i.t("readings.visits")}</h2>
                <ul class="plain">
                    {list.into_iter().map(|v| {
                        let state = v.state.as_str();
                        view! {
                            <li>
                                <a class="button primary" href=format!("/inspections/visits/{}?device={device_id}", v.id)>
                                    {move || i.t("readings.record_here")}
                                </a>
                                " "{v.due_date.to_string()}" · "{move || i.t(&format!("visit.state.{state}"))}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })
    }
}
