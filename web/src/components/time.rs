//! Times arrive as RFC 3339 in UTC; people read them in their own zone.

use crate::i18n::Lang;
use wasm_bindgen::JsValue;

pub fn local(rfc3339: &str, lang: Lang) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    date.to_locale_string(lang.tag(), &JsValue::UNDEFINED)
        .into()
}
