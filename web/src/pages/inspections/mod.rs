//! Routine inspections: the firm's checklist standards (设备巡检标准) —
//! the list with the shipped examples to copy, one standard with its
//! revisions, and the editor whose every save is a new revision.

pub mod form;
pub mod plan;
pub mod template;
pub mod templates;

use crate::auth::use_auth;
use crate::i18n::I18n;
use leptos::prelude::Get;
use servicebook_shared::inspections::{InspectionTemplate, ItemKind, NewTemplate};
use servicebook_shared::permissions;
use servicebook_shared::requests::Urgency;

/// Whether the signed-in user writes the standards (reactive).
pub fn can_manage() -> bool {
    use_auth().may(permissions::manage_inspection_templates)
}

pub fn kind_key(k: ItemKind) -> String {
    format!("inspections.kind.{}", k.as_str())
}

pub fn urgency_key(u: Urgency) -> &'static str {
    match u {
        Urgency::Urgent => "urgency.urgent",
        Urgency::Important => "urgency.important",
        Urgency::Normal => "urgency.normal",
    }
}

fn zh(i: I18n) -> bool {
    i.lang.get() == crate::i18n::Lang::Zh
}

/// A name in the reader's language, falling back to the other one.
pub fn pick(i: I18n, zh_text: &str, en_text: &str) -> String {
    let (first, second) = if zh(i) {
        (zh_text, en_text)
    } else {
        (en_text, zh_text)
    };
    if first.trim().is_empty() {
        second
    } else {
        first
    }
    .to_owned()
}

pub fn template_name(i: I18n, t: &InspectionTemplate) -> String {
    pick(i, &t.name_zh, &t.name_en)
}

pub fn as_new(t: &InspectionTemplate) -> NewTemplate {
    NewTemplate {
        name_zh: t.name_zh.clone(),
        name_en: t.name_en.clone(),
        device_class: t.device_class.clone(),
        models: t.models.clone(),
        description: t.description.clone(),
        items: t.items.clone(),
    }
}
