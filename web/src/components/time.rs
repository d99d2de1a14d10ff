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

/// The time in the browser's zone, written the way `lang` writes it.
pub fn local(at: impl Stamp, lang: Lang) -> String {
    let text = at.rfc3339();
    let date = js_sys::Date::new(&JsValue::from_str(&text));
    if date.get_time().is_nan() {
        return text;
    }
    date.to_locale_string(lang.tag(), &JsValue::UNDEFINED)
        .into()
}

/// Only the date, in the browser's zone.
pub fn local_date(at: impl Stamp, lang: Lang) -> String {
    let text = at.rfc3339();
    let date = js_sys::Date::new(&JsValue::from_str(&text));
    if date.get_time().is_nan() {
        return text;
    }
    date.to_locale_date_string(lang.tag(), &JsValue::UNDEFINED)
        .into()
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
