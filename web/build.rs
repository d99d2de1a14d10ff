//! Fails the build when the two locale files disagree, or when the code
//! asks for a key (`t("…")`) that a locale file lacks: every user-facing
//! string exists in zh-CN and en.

use std::collections::BTreeSet;
use std::path::Path;

fn keys(path: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    for (k, v) in &map {
        assert!(
            v.as_str().is_some_and(|s| !s.trim().is_empty()),
            "{path}: {k} must be a non-empty string"
        );
    }
    map.keys().cloned().collect()
}

fn used_keys(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("web/src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            used_keys(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source file");
            for part in text.split("t(\"").skip(1) {
                if let Some(end) = part.find('"') {
                    let key = &part[..end];
                    if key.contains('.')
                        && key.bytes().all(|b| {
                            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_'
                        })
                    {
                        out.insert(key.to_owned());
                    }
                }
            }
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=src");
    let en = keys("locales/en.json");
    let zh = keys("locales/zh-CN.json");
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(
        only_en.is_empty() && only_zh.is_empty(),
        "locale files differ: only in en: {only_en:?}; only in zh-CN: {only_zh:?}"
    );
    let mut used = BTreeSet::new();
    used_keys(Path::new("src"), &mut used);
    let missing: Vec<_> = used.difference(&en).collect();
    assert!(
        missing.is_empty(),
        "keys used in web/src but missing from the locale files: {missing:?}"
    );
}
