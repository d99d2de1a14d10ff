//! List filters kept in the address's query string, so a filtered list is
//! linkable and survives a reload: read with `get`, changed with `set`
//! (which navigates, and the list reloads from the new address).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

/// `path?a=b&c=d` from pairs, leaving out empty values.
pub fn href(path: &str, pairs: &[(&str, String)]) -> String {
    let qs = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v.trim())))
        .collect::<Vec<_>>()
        .join("&");
    if qs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{qs}")
    }
}

#[derive(Clone, Copy)]
pub struct Filters {
    query: Memo<ParamsMap>,
    path: &'static str,
    keys: &'static [&'static str],
    navigate: StoredValue<Box<dyn Fn(&str)>, LocalStorage>,
}

impl Filters {
    /// The filters `keys` of the page at `path`.
    pub fn new(path: &'static str, keys: &'static [&'static str]) -> Self {
        let navigate = use_navigate();
        Filters {
            query: use_query_map(),
            path,
            keys,
            navigate: StoredValue::new_local(Box::new(move |to: &str| {
                navigate(to, Default::default())
            })),
        }
    }

    /// One filter's value ("" when not set). Reactive.
    pub fn get(&self, key: &str) -> String {
        self.query.with(|m| m.get(key).unwrap_or_default())
    }

    /// One filter's value, untracked.
    pub fn get_untracked(&self, key: &str) -> String {
        self.query
            .with_untracked(|m| m.get(key).unwrap_or_default())
    }

    /// Changes one filter (and keeps the others).
    pub fn set(&self, key: &str, value: String) {
        let pairs: Vec<(&str, String)> = self
            .keys
            .iter()
            .map(|k| {
                let v = if *k == key {
                    value.clone()
                } else {
                    self.get_untracked(k)
                };
                (*k, v)
            })
            .collect();
        self.go(&pairs);
    }

    /// Replaces every filter.
    pub fn go(&self, pairs: &[(&str, String)]) {
        let to = href(self.path, pairs);
        self.navigate.with_value(|n| n(&to));
    }
}
