//! Times arrive in UTC (RFC 3339 on the wire); people read them in their
//! own zone and language.

use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use wasm_bindgen::JsValue;

/// A point in time as the API gives it: a `DateTime<Utc>` or its RFC 3339
/// text.
pub trait Stamp {
    fn rfc3339(&self) -> String;
}

impl Stamp for DateTime<Utc> {
    fn rfc3339(&self) -> String {
        self.to_rfc3339()
    }
}

impl Stamp for str {
    fn rfc3339(&self) -> String {
        self.to_owned()
    }
}

impl Stamp for String {
    fn rfc3339(&self) -> String {
        self.clone()
    }
}

impl<T: Stamp + ?Sized> Stamp for &T {
    fn rfc3339(&self) -> String {
        (**self).rfc3339()
    }
}

/// The one way the app writes a date and a time, per language, so every
/// page reads alike: `2026-12-03 14:05` in both (the order people expect in
/// China and unambiguous in English), in the browser's zone.
fn parts(at: impl Stamp) -> Result<(js_sys::Date, String), String> {
    let text = at.rfc3339();
    let date = js_sys::Date::new(&JsValue::from_str(&text));
    if date.get_time().is_nan() {
        Err(text)
    } else {
        Ok((date, text))
    }
}

fn ymd(d: &js_sys::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

fn hm(d: &js_sys::Date) -> String {
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// Date and time in the browser's zone: `2026-12-03 14:05`.
pub fn local(at: impl Stamp, _lang: Lang) -> String {
    match parts(at) {
        Ok((d, _)) => format!("{} {}", ymd(&d), hm(&d)),
        Err(text) => text,
    }
}

/// Only the date, in the browser's zone: `2026-12-03`.
pub fn local_date(at: impl Stamp, _lang: Lang) -> String {
    match parts(at) {
        Ok((d, _)) => ymd(&d),
        Err(text) => text,
    }
}

/// Only the time of day, in the browser's zone: `14:05`.
pub fn local_time(at: impl Stamp) -> String {
    match parts(at) {
        Ok((d, _)) => hm(&d),
        Err(text) => text,
    }
}

/// A number of minutes as people say it: `24 小时 00 分` / `24 h 00 min`.
pub fn duration(i: crate::i18n::I18n, minutes: i64) -> String {
    // Clamped so a wild clock never prints a ten-digit figure.
    let m = minutes.clamp(0, 99_999 * 60);
    i.t("time.hours_minutes")
        .replace("{h}", &(m / 60).to_string())
        .replace("{m}", &format!("{:02}", m % 60))
}

/// `2026-11-23` (a date input) → the start of that day (or its last second,
/// `end_of_day`) in the browser's zone, in UTC.
pub fn day_to_utc(day: &str, end_of_day: bool) -> Option<DateTime<Utc>> {
    let day = day.trim();
    if day.is_empty() {
        return None;
    }
    let text = if day.len() == 10 {
        format!(
            "{day}T{}",
            if end_of_day {
                "23:59:59.999"
            } else {
                "00:00:00"
            }
        )
    } else {
        day.to_owned()
    };
    let ms = js_sys::Date::new(&JsValue::from_str(&text)).get_time();
    (!ms.is_nan())
        .then(|| DateTime::from_timestamp_millis(ms as i64))
        .flatten()
}
