//! zh-CN and English text from `web/locales/*.json` (the build checks both
//! files have every key the code uses). The language follows the browser
//! until the user picks one; the pick is kept in localStorage.

use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

const STORAGE_KEY: &str = "servicebook.lang";

fn table(lang: Lang) -> &'static HashMap<String, String> {
    static ZH: OnceLock<HashMap<String, String>> = OnceLock::new();
    static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
    match lang {
        Lang::Zh => ZH.get_or_init(|| {
            serde_json::from_str(include_str!("../locales/zh-CN.json")).unwrap_or_default()
        }),
        Lang::En => EN.get_or_init(|| {
            serde_json::from_str(include_str!("../locales/en.json")).unwrap_or_default()
        }),
    }
}

/// The text of `key` in `lang` (the key itself if missing, which the build
/// prevents).
/// "故障现象 Findings": a label in both languages, for a printed page.
pub fn both(key: &str) -> String {
    format!("{} {}", text(Lang::Zh, key), text(Lang::En, key))
}

pub fn text(lang: Lang, key: &str) -> String {
    table(lang)
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.to_owned())
}

#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// Reactive: call inside a closure in views.
    pub fn t(&self, key: &str) -> String {
        text(self.lang.get(), key)
    }

    /// The text of `key`, or `None` when no locale has it (for keys made
    /// from data, e.g. a field name in the audit trail).
    pub fn try_t(&self, key: &str) -> Option<String> {
        table(self.lang.get()).get(key).cloned()
    }

    pub fn set(&self, lang: Lang) {
        self.lang.set(lang);
        if let Some(storage) = window().local_storage().ok().flatten() {
            let _ = storage.set_item(STORAGE_KEY, lang.tag());
        }
    }
}

fn initial() -> Lang {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let preferred = stored.or_else(|| {
        let langs = window().navigator().languages();
        (0..langs.length())
            .filter_map(|i| langs.get(i).as_string())
            .next()
    });
    match preferred {
        Some(l) if l.to_lowercase().starts_with("zh") => Lang::Zh,
        Some(_) => Lang::En,
        None => Lang::Zh,
    }
}

/// Creates the language signal, keeps `<html lang>` in step, and provides
/// it to every component below.
pub fn provide() -> I18n {
    let i18n = I18n {
        lang: RwSignal::new(initial()),
    };
    Effect::new(move |_| {
        let tag = i18n.lang.get().tag();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", tag);
        }
    });
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
