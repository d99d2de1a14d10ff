//! Service requests: the intake form for taking a call, the board ordered
//! by what breaches next, and one request with its clocks and history.

pub mod board;
pub mod detail;
pub mod intake_customer;
pub mod new;
pub mod work;

use crate::i18n::I18n;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use servicebook_shared::requests::{Coverage, CoveredBy, Urgency};
use servicebook_shared::sla::{Clock, Leg};

/// Whether the signed-in user takes calls (reactive).
pub fn can_log() -> bool {
    crate::auth::use_auth().may(servicebook_shared::permissions::log_requests)
}

/// Now, from the browser's clock (chrono's own clock is not available in
/// the browser without extra bindings).
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// `YYYY-MM-DDTHH:MM` from a datetime-local input (the browser's zone) as UTC.
pub fn local_input_to_utc(value: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if value.trim().is_empty() {
        return None;
    }
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    (!ms.is_nan())
        .then(|| chrono::DateTime::from_timestamp_millis(ms as i64))
        .flatten()
}

/// "前海机房 · 深圳市南山区前海路 88 号": the site as one line.
pub fn site_line(s: &servicebook_shared::customers::Site) -> String {
    match (s.name.trim(), s.address.trim()) {
        ("", a) => a.to_owned(),
        (n, "") => n.to_owned(),
        (n, a) => format!("{n} · {a}"),
    }
}

pub fn urgency_label(i: I18n, u: Urgency) -> String {
    i.t(match u {
        Urgency::Urgent => "urgency.urgent",
        Urgency::Important => "urgency.important",
        Urgency::Normal => "urgency.normal",
    })
}

pub fn leg_label(i: I18n, leg: Leg) -> String {
    i.t(match leg {
        Leg::Log => "clock.log",
        Leg::Dispatch => "clock.dispatch",
        Leg::CallBack => "clock.call_back",
        Leg::OnSite => "clock.on_site",
        Leg::VisitBooked => "clock.visit_booked",
        Leg::ReportFiled => "clock.report_filed",
    })
}

/// "2 h 05 min" / "2 小时 05 分" from minutes (signs dropped: the words
/// around it say late or left).
pub fn span(i: I18n, minutes: i64) -> String {
    let m = minutes.saturating_abs();
    if m >= 60 {
        crate::components::time::duration(i, m)
    } else {
        i.t("time.minutes").replace("{m}", &m.to_string())
    }
}

/// What a clock says in a few words: left, late by, met, paused, or how it
/// stood when the request was closed (a closed request has no time left).
pub fn clock_text(i: I18n, c: &Clock) -> String {
    if c.paused {
        return i.t("clock.paused");
    }
    let m = c.minutes_left.unwrap_or(0);
    match (c.met_at, c.minutes_left) {
        (Some(_), _) if c.breached => i.t("clock.met_late").replace("{t}", &span(i, m)),
        (Some(_), _) => i.t("clock.met"),
        _ if c.stopped_at.is_some() && (c.breached || m < 0) => {
            i.t("clock.closed_late").replace("{t}", &span(i, m))
        }
        _ if c.stopped_at.is_some() => i.t("clock.closed_unmet"),
        (None, Some(m)) if m < 0 || c.breached => i.t("clock.late").replace("{t}", &span(i, m)),
        (None, Some(m)) => i.t("clock.left").replace("{t}", &span(i, m)),
        (None, None) => i.t("clock.not_started"),
    }
}

pub fn clock_class(c: &Clock) -> &'static str {
    if c.breached {
        "bad"
    } else if c.stopped_at.is_some() || (c.met_at.is_none() && c.minutes_left.is_none()) {
        "muted"
    } else if c.met_at.is_none() && c.minutes_left.is_some_and(|m| m < 60) {
        "warn"
    } else {
        "ok"
    }
}

#[component]
pub fn CoverageView(coverage: Coverage) -> impl IntoView {
    let i = crate::i18n::use_i18n();
    let c = coverage;
    let (class, key) = match c.covered_by {
        CoveredBy::Contract => ("ok", "coverage.contract"),
        CoveredBy::Warranty => ("ok", "coverage.warranty"),
        CoveredBy::Nothing => ("bad", "coverage.nothing"),
    };
    let number = c.contract_number.clone().unwrap_or_default();
    let all_day = c.hours == servicebook_shared::contracts::ServiceHours::AllDay;
    let flags = [
        (c.remote_support, "scope.remote"),
        (c.onsite_repair, "scope.onsite"),
        (c.spare_parts, "scope.parts"),
        (c.loaners, "scope.loaners"),
    ];
    view! {
        <div class="summary" data-testid="coverage">
            <p class=class><strong>{move || i.t(key)}</strong>" "{number.clone()}
                {c.chargeable.then(|| view! { " · " <span class="badge warn">{move || i.t("coverage.chargeable")}</span> })}
            </p>
            <p class="muted">
                {move || if all_day { i.t("scope.all_day") } else { i.t("scope.business") }}
                {c.warranty_ends.map(|w| view! { " · " {move || i.t("device.warranty_end")} " " {w.to_string()} })}
            </p>
            <p>{flags.into_iter().filter(|(on, _)| *on).map(|(_, k)| view! { <span class="badge">{move || i.t(k)}</span>" " }).collect_view()}</p>
        </div>
    }
}
