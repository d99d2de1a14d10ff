//! Checklist templates. A template is versioned by revisions: editing one
//! stores a new revision of the same family and retires the old one from
//! the list, so a visit keeps the exact checklist it was done with.

use crate::requests::Urgency;
use crate::users::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What an item asks the engineer for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Looked at: passes or fails.
    PassFail,
    /// A number with a unit; outside `min`..=`max` fails by itself.
    Reading,
    /// One of `choices`; the `failing_choices` fail the item.
    Choice,
    /// Free text (what was seen); never fails.
    Note,
    /// A photo must be attached.
    Photo,
}

impl ItemKind {
    pub const ALL: [ItemKind; 5] = [
        ItemKind::PassFail,
        ItemKind::Reading,
        ItemKind::Choice,
        ItemKind::Note,
        ItemKind::Photo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::PassFail => "pass_fail",
            ItemKind::Reading => "reading",
            ItemKind::Choice => "choice",
            ItemKind::Note => "note",
            ItemKind::Photo => "photo",
        }
    }
}

fn yes() -> bool {
    true
}

fn normal() -> Urgency {
    Urgency::Normal
}

/// One line of a checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// Stable across revisions (`battery_voltage`): readings with the same
    /// code chart together in a device's history.
    pub code: String,
    pub label_zh: String,
    #[serde(default)]
    pub label_en: String,
    pub kind: ItemKind,
    /// Readings only: V, %, °C …
    #[serde(default)]
    pub unit: String,
    /// Readings only: the lowest value that passes.
    #[serde(default)]
    pub min: Option<f64>,
    /// Readings only: the highest value that passes.
    #[serde(default)]
    pub max: Option<f64>,
    /// Choices only: what the engineer picks from.
    #[serde(default)]
    pub choices: Vec<String>,
    /// Choices only: the picks that fail the item (告警, 故障 …).
    #[serde(default)]
    pub failing_choices: Vec<String>,
    /// A required item cannot be left empty when the visit is completed.
    #[serde(default = "yes")]
    pub required: bool,
    /// The urgency a service request opened from a failure of this item
    /// proposes.
    #[serde(default = "normal")]
    pub severity: Urgency,
    /// How to check it (shown under the label).
    #[serde(default)]
    pub hint: String,
}

impl ChecklistItem {
    /// The label in the reader's language, falling back to the other one.
    pub fn label(&self, chinese: bool) -> &str {
        match (
            chinese,
            self.label_zh.trim().is_empty(),
            self.label_en.trim().is_empty(),
        ) {
            (true, false, _) | (false, false, true) => &self.label_zh,
            _ => &self.label_en,
        }
    }

    /// The passing range as people write it: `12–13.8 V`, `≤ 85 %`,
    /// `≥ 0.5 MΩ`; empty when the item has no range.
    pub fn range_text(&self) -> String {
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        match (self.min, self.max) {
            (Some(lo), Some(hi)) => format!("{}–{}{unit}", number(lo), number(hi)),
            (Some(lo), None) => format!("≥ {}{unit}", number(lo)),
            (None, Some(hi)) => format!("≤ {}{unit}", number(hi)),
            (None, None) => String::new(),
        }
    }
}

/// A reading without a trailing `.0`.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A stored template revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionTemplate {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The id of the family's first revision: the same for every revision.
    pub family_id: u64,
    /// 1 for the first, one more for each edit.
    pub revision: u32,
    /// Whether this is the family's newest revision (the one new visits use).
    pub current: bool,
    /// Archived families are kept for their visits but not offered.
    pub active: bool,
    pub name_zh: String,
    pub name_en: String,
    /// The kind of device it is for (服务器, UPS, 交换机 …).
    pub device_class: String,
    /// Models it is written for; empty: any model of the class.
    pub models: Vec<String>,
    pub description: String,
    pub items: Vec<ChecklistItem>,
}

/// `POST /api/inspection-templates`, and the body of a new revision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTemplate {
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub device_class: String,
    #[serde(default)]
    pub models: Vec<String>,
    #[serde(default)]
    pub description: String,
    pub items: Vec<ChecklistItem>,
}

/// `POST /api/inspection-templates/{id}/revisions`: the edited checklist,
/// made from revision `{id}` read at `version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplateRevisionInput {
    pub version: u64,
    pub template: NewTemplate,
}

/// `PATCH /api/inspection-templates/{id}`: archive or restore the family
/// (on its current revision, at its `version`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplateStatus {
    pub version: u64,
    pub active: bool,
}

/// A standard shipped with the product that a firm copies and edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateExample {
    /// `server`, `ups`, `switch`, `printer`.
    pub key: String,
    pub template: NewTemplate,
}

pub const MAX_ITEMS: usize = 200;
pub const MAX_CHOICES: usize = 20;
/// Readings beyond this are typing errors, not measurements.
pub const MAX_READING: f64 = 1e12;

fn line(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.chars().count() > max || value.chars().any(char::is_control) {
        errors.insert(
            field.into(),
            format!("must be at most {max} characters, on one line"),
        );
    }
}

fn code_ok(code: &str) -> bool {
    (1..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b))
}

/// The code an item gets from its label when none was typed: ASCII letters
/// and digits kept, anything else dropped, `item_N` as the last resort.
pub fn code_from_label(label: &str, position: usize) -> String {
    let mut code = String::new();
    for c in label.trim().chars() {
        if c.is_ascii_alphanumeric() {
            code.push(c.to_ascii_lowercase());
        } else if !code.ends_with('_') && !code.is_empty() {
            code.push('_');
        }
        if code.len() >= 32 {
            break;
        }
    }
    let code = code.trim_end_matches('_').to_owned();
    if code.is_empty() {
        format!("item_{}", position + 1)
    } else {
        code
    }
}

fn check_item(i: usize, item: &ChecklistItem, errors: &mut FieldErrors) {
    let field = format!("items[{i}]");
    let mut bad = |what: String| {
        errors.entry(field.clone()).or_insert(what);
    };
    if !code_ok(&item.code) {
        bad("code must be 1 to 40 of a-z, 0-9, _ - .".into());
    }
    if item.label_zh.trim().is_empty() && item.label_en.trim().is_empty() {
        bad("give a Chinese or English label".into());
    }
    for l in [&item.label_zh, &item.label_en] {
        if l.chars().count() > 200 || l.chars().any(char::is_control) {
            bad("labels must be at most 200 characters, on one line".into());
        }
    }
    if item.hint.chars().count() > 500 {
        bad("the hint must be at most 500 characters".into());
    }
    let reading = item.kind == ItemKind::Reading;
    let choice = item.kind == ItemKind::Choice;
    if !reading && (item.min.is_some() || item.max.is_some() || !item.unit.is_empty()) {
        bad("only a reading has a unit and a range".into());
    }
    if !choice && (!item.choices.is_empty() || !item.failing_choices.is_empty()) {
        bad("only a choice has choices".into());
    }
    if reading {
        if item.unit.chars().count() > 16 || item.unit.chars().any(char::is_control) {
            bad("the unit must be at most 16 characters".into());
        }
        for v in [item.min, item.max].into_iter().flatten() {
            if !v.is_finite() || v.abs() > MAX_READING {
                bad("a limit must be a number between -10^12 and 10^12".into());
            }
        }
        if let (Some(lo), Some(hi)) = (item.min, item.max) {
            if lo > hi {
                bad("the lowest passing value is above the highest".into());
            }
        }
    }
    if choice {
        let mut seen = std::collections::BTreeSet::new();
        if !(2..=MAX_CHOICES).contains(&item.choices.len()) {
            bad(format!("a choice needs 2 to {MAX_CHOICES} options"));
        }
        for c in &item.choices {
            if c.trim().is_empty() || c.chars().count() > 60 || !seen.insert(c.trim()) {
                bad("options must be different, 1 to 60 characters".into());
            }
        }
        if item
            .failing_choices
            .iter()
            .any(|f| !item.choices.iter().any(|c| c.trim() == f.trim()))
        {
            bad("a failing option must be one of the options".into());
        }
        if item.failing_choices.len() >= item.choices.len() && !item.choices.is_empty() {
            bad("at least one option must pass".into());
        }
    }
}

/// Checks a template as it would be stored.
pub fn check_template(t: &NewTemplate, errors: &mut FieldErrors) {
    if t.name_zh.trim().is_empty() && t.name_en.trim().is_empty() {
        errors.insert("name_zh".into(), "give a Chinese or English name".into());
    }
    line(errors, "name_zh", &t.name_zh, 200);
    line(errors, "name_en", &t.name_en, 200);
    line(errors, "device_class", &t.device_class, 100);
    if t.description.chars().count() > 4000 {
        errors.insert(
            "description".into(),
            "must be at most 4000 characters".into(),
        );
    }
    if t.models.len() > 100
        || t.models
            .iter()
            .any(|m| m.trim().is_empty() || m.chars().count() > 100)
    {
        errors.insert(
            "models".into(),
            "at most 100 models of 1 to 100 characters".into(),
        );
    }
    if t.items.is_empty() || t.items.len() > MAX_ITEMS {
        errors.insert(
            "items".into(),
            format!("a checklist has 1 to {MAX_ITEMS} items"),
        );
    }
    let mut codes = std::collections::BTreeSet::new();
    for (i, item) in t.items.iter().enumerate() {
        check_item(i, item, errors);
        if !codes.insert(item.code.as_str()) {
            errors
                .entry(format!("items[{i}]"))
                .or_insert_with(|| format!("the code {} is used twice", item.code));
        }
    }
}

/// `t` as stored: text trimmed, model list tidied, choices trimmed, and an
/// item typed without a code given one from its label.
pub fn tidy_template(mut t: NewTemplate) -> NewTemplate {
    t.name_zh = t.name_zh.trim().to_owned();
    t.name_en = t.name_en.trim().to_owned();
    t.device_class = t.device_class.trim().to_owned();
    let mut models: Vec<String> = Vec::new();
    for m in t.models.iter().map(|m| m.trim()) {
        if !m.is_empty() && !models.iter().any(|x| x.eq_ignore_ascii_case(m)) {
            models.push(m.to_owned());
        }
    }
    t.models = models;
    let mut taken: std::collections::BTreeSet<String> =
        t.items.iter().map(|i| i.code.trim().to_owned()).collect();
    for (n, item) in t.items.iter_mut().enumerate() {
        item.code = item.code.trim().to_owned();
        if item.code.is_empty() {
            let label = if item.label_en.trim().is_empty() {
                &item.label_zh
            } else {
                &item.label_en
            };
            let base = code_from_label(label, n);
            let mut code = base.clone();
            let mut k = 2;
            while taken.contains(&code) {
                code = format!("{base}_{k}");
                k += 1;
            }
            taken.insert(code.clone());
            item.code = code;
        }
        item.label_zh = item.label_zh.trim().to_owned();
        item.label_en = item.label_en.trim().to_owned();
        item.unit = item.unit.trim().to_owned();
        for c in item
            .choices
            .iter_mut()
            .chain(item.failing_choices.iter_mut())
        {
            *c = c.trim().to_owned();
        }
    }
    t
}

/// What the engineer recorded for one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Answer {
    Pass,
    Fail,
    Reading {
        value: f64,
    },
    Choice {
        value: String,
    },
    Note {
        text: String,
    },
    /// The photo's file id (attached to the visit).
    Photo {
        file_id: u64,
    },
}

/// How an answered item came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Passed,
    Failed,
    /// A note or a photo: recorded, not judged.
    Recorded,
}

/// Judges `answer` against `item`: a reading outside the range fails by
/// itself, whatever the engineer thinks. `Err` says why the answer does not
/// fit the item (a reading for a pass/fail item, a choice not offered …).
pub fn judge(item: &ChecklistItem, answer: &Answer) -> Result<Verdict, String> {
    match (item.kind, answer) {
        (ItemKind::PassFail, Answer::Pass) => Ok(Verdict::Passed),
        (ItemKind::PassFail, Answer::Fail) => Ok(Verdict::Failed),
        (ItemKind::Reading, Answer::Reading { value }) => {
            if !value.is_finite() || value.abs() > MAX_READING {
                return Err("the reading must be a number between -10^12 and 10^12".into());
            }
            let low = item.min.is_some_and(|lo| *value < lo);
            let high = item.max.is_some_and(|hi| *value > hi);
            Ok(if low || high {
                Verdict::Failed
            } else {
                Verdict::Passed
            })
        }
        (ItemKind::Choice, Answer::Choice { value }) => {
            let v = value.trim();
            if !item.choices.iter().any(|c| c == v) {
                return Err(format!("{v} is not one of the options"));
            }
            Ok(if item.failing_choices.iter().any(|c| c == v) {
                Verdict::Failed
            } else {
                Verdict::Passed
            })
        }
        (ItemKind::Note, Answer::Note { text }) => {
            if text.chars().count() > 2000 {
                Err("a note must be at most 2000 characters".into())
            } else {
                Ok(Verdict::Recorded)
            }
        }
        (ItemKind::Photo, Answer::Photo { .. }) => Ok(Verdict::Recorded),
        (kind, _) => Err(format!("this item takes a {} answer", kind.as_str())),
    }
}

/// Whether the template is written for a device of `class` and `model`
/// (case-insensitive; an empty model list means any model of the class).
pub fn fits(t: &InspectionTemplate, class: &str, model: &str) -> bool {
    let class_ok = t.device_class.trim().is_empty()
        || t.device_class.trim().eq_ignore_ascii_case(class.trim());
    let model_ok = t.models.is_empty()
        || t.models
            .iter()
            .any(|m| m.eq_ignore_ascii_case(model.trim()));
    class_ok && model_ok
}

/// Whether `t` matches a search: name (either language), class or a model.
pub fn matches_search(t: &InspectionTemplate, q: &str) -> bool {
    let q = q.to_lowercase();
    [&t.name_zh, &t.name_en, &t.device_class]
        .into_iter()
        .chain(t.models.iter())
        .any(|s| s.to_lowercase().contains(&q))
}

#[cfg(test)]
#[path = "templates_tests.rs"]
mod tests;
