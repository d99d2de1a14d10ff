//! Routine inspections: the firm's checklist standards (设备巡检标准) —
//! the list with the shipped examples to copy, one standard with its
//! revisions, and the editor whose every save is a new revision; the
//! schedules and what is due; the visit done on a phone, its printed
//! report, and a device's reading history.

pub mod compliance;
pub mod device_check;
pub mod due;
pub mod find;
pub mod form;
pub mod item_input;
pub mod plan;
pub mod print;
pub mod readings;
pub mod results;
pub mod template;
pub mod templates;
pub mod visit;
pub mod visit_sign;

use crate::auth::use_auth;
use crate::i18n::I18n;
use leptos::prelude::Get;
use servicebook_shared::inspections::plans::VisitState;
use servicebook_shared::inspections::visits::{answer_text, DeviceCheck, VisitDevice};
use servicebook_shared::inspections::{
    Answer, ChecklistItem, InspectionTemplate, ItemKind, NewTemplate, Verdict,
};
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

pub fn visit_state_label(i: I18n, s: VisitState) -> String {
    i.t(&format!("visit.state.{}", s.as_str()))
}

pub fn visit_state_class(s: VisitState) -> &'static str {
    match s {
        VisitState::Planned => "badge",
        VisitState::Dispatched | VisitState::InProgress => "badge warn",
        VisitState::Done => "badge ok",
        VisitState::Cancelled => "badge muted",
    }
}

pub fn verdict_key(v: Verdict) -> &'static str {
    match v {
        Verdict::Passed => "visit.passed",
        Verdict::Failed => "visit.failed",
        Verdict::Recorded => "visit.recorded",
    }
}

pub fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Passed => "badge ok",
        Verdict::Failed => "badge bad",
        Verdict::Recorded => "badge muted",
    }
}

/// What an answer says, in words of `tr` (a key → text function: the
/// reader's language, or both on paper): pass and fail translated, a
/// reading with its unit, a photo as "photo".
pub fn answer_words(tr: impl Fn(&str) -> String, item: &ChecklistItem, a: &Answer) -> String {
    match a {
        Answer::Pass => tr("visit.answer_pass"),
        Answer::Fail => tr("visit.answer_fail"),
        Answer::Photo { .. } => tr("inspections.kind.photo"),
        other => answer_text(item, other),
    }
}

/// "APC Smart-UPS 3000 · SN 12345": a device of the visit in one line.
pub fn device_line(d: &VisitDevice) -> String {
    let name = [d.brand.trim(), d.product.trim(), d.model.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        d.serial_number.clone()
    } else {
        format!("{name} · {}", d.serial_number)
    }
}

/// Where a device of the visit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceStatus {
    ToDo,
    Passed,
    Failed(usize),
    NotCheckable,
}

pub fn device_status(check: Option<&DeviceCheck>) -> DeviceStatus {
    match check {
        None => DeviceStatus::ToDo,
        Some(c) if !c.not_checkable.is_empty() => DeviceStatus::NotCheckable,
        Some(c) => match c.failed().count() {
            0 => DeviceStatus::Passed,
            n => DeviceStatus::Failed(n),
        },
    }
}

pub fn device_status_text(i: I18n, s: DeviceStatus) -> String {
    match s {
        DeviceStatus::ToDo => i.t("visit.status_to_do"),
        DeviceStatus::Passed => i.t("visit.status_passed"),
        DeviceStatus::Failed(n) => i.t("visit.status_failed").replace("{n}", &n.to_string()),
        DeviceStatus::NotCheckable => i.t("visit.status_not_checkable"),
    }
}

pub fn device_status_class(s: DeviceStatus) -> &'static str {
    match s {
        DeviceStatus::ToDo => "badge",
        DeviceStatus::Passed => "badge ok",
        DeviceStatus::Failed(_) => "badge bad",
        DeviceStatus::NotCheckable => "badge warn",
    }
}
