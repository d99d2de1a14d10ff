//! The spare-parts catalogue 备品备件: wire types and the input rules both
//! the server and the app apply.

use crate::users::FieldErrors;
use crate::Money;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// When to reorder a part at one location: at or below `point` units
/// available, order enough to come back up to `point + quantity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReorderRule {
    pub location_id: u64,
    pub point: u32,
    pub quantity: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Part {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Normalised: trimmed, upper case, inner spaces collapsed.
    pub part_number: String,
    pub name_zh: String,
    pub name_en: String,
    pub compatible_models: Vec<String>,
    pub unit_cost: Money,
    pub price: Money,
    /// 个, pcs, 盒 …
    pub unit: String,
    pub supplier: String,
    /// Moves by serial number: every movement lists the serials it moves.
    pub serial_tracked: bool,
    pub reorder: Vec<ReorderRule>,
    /// Archived parts stay readable but are not received or issued.
    pub active: bool,
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPart {
    pub part_number: String,
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub compatible_models: Vec<String>,
    #[serde(default)]
    pub unit_cost: Money,
    #[serde(default)]
    pub price: Money,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub supplier: String,
    #[serde(default)]
    pub serial_tracked: bool,
    #[serde(default)]
    pub reorder: Vec<ReorderRule>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PartPatch {
    pub version: u64,
    pub part_number: Option<String>,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub compatible_models: Option<Vec<String>>,
    pub unit_cost: Option<Money>,
    pub price: Option<Money>,
    pub unit: Option<String>,
    pub supplier: Option<String>,
    /// Only while the part has never moved.
    pub serial_tracked: Option<bool>,
    pub reorder: Option<Vec<ReorderRule>>,
    /// `false` archives the part, `true` brings it back.
    pub active: Option<bool>,
    pub notes: Option<String>,
}

/// Part numbers are compared without case, surrounding space or runs of
/// inner space.
pub fn normalise_part_number(number: &str) -> String {
    number
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// The name to show in `lang` (`zh-CN` or `en`), falling back to the other.
pub fn part_name<'a>(part: &'a Part, lang: &str) -> &'a str {
    let (first, second) = if lang.starts_with("zh") {
        (&part.name_zh, &part.name_en)
    } else {
        (&part.name_en, &part.name_zh)
    };
    if first.trim().is_empty() {
        second
    } else {
        first
    }
}

fn text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.chars().count() > max || value.chars().any(char::is_control) {
        errors.insert(
            field.into(),
            format!("must be at most {max} characters, on one line"),
        );
    }
}

/// Checks a part as it would be stored (after a patch is applied).
#[allow(clippy::too_many_arguments)]
pub fn check_part(part: &NewPart, errors: &mut FieldErrors) {
    let number = normalise_part_number(&part.part_number);
    if number.is_empty() || number.chars().count() > 64 || number.chars().any(char::is_control) {
        errors.insert("part_number".into(), "must be 1 to 64 characters".into());
    }
    if part.name_zh.trim().is_empty() && part.name_en.trim().is_empty() {
        errors.insert("name_zh".into(), "give a Chinese or English name".into());
    }
    text(errors, "name_zh", &part.name_zh, 200);
    text(errors, "name_en", &part.name_en, 200);
    text(errors, "unit", &part.unit, 16);
    text(errors, "supplier", &part.supplier, 200);
    if part.notes.chars().count() > 2000 {
        errors.insert("notes".into(), "must be at most 2000 characters".into());
    }
    if part.compatible_models.len() > 100 {
        errors.insert("compatible_models".into(), "at most 100 models".into());
    } else if part
        .compatible_models
        .iter()
        .any(|m| m.trim().is_empty() || m.chars().count() > 100)
    {
        errors.insert(
            "compatible_models".into(),
            "each model must be 1 to 100 characters".into(),
        );
    }
    for (field, m) in [("unit_cost", part.unit_cost), ("price", part.price)] {
        if !m.is_sensible() {
            errors.insert(
                field.into(),
                "must be between 0 and 10,000,000,000.00".into(),
            );
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for r in &part.reorder {
        if !seen.insert(r.location_id) {
            errors.insert("reorder".into(), "one rule per location".into());
        } else if r.quantity == 0 {
            errors.insert(
                "reorder".into(),
                "reorder quantity must be at least 1".into(),
            );
        } else if r.point > 1_000_000 || r.quantity > 1_000_000 {
            errors.insert("reorder".into(), "at most 1,000,000".into());
        }
    }
}

/// Trims the models and drops duplicates (without case), keeping order.
pub fn tidy_models(models: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in models {
        let m = m.trim().to_owned();
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&m)) {
            out.push(m);
        }
    }
    out
}

/// Whether the part matches a catalogue search: part number, either name or
/// a compatible model containing `q` (already lower case).
pub fn matches_search(part: &Part, q: &str) -> bool {
    part.part_number.to_lowercase().contains(q)
        || part.name_zh.to_lowercase().contains(q)
        || part.name_en.to_lowercase().contains(q)
        || part
            .compatible_models
            .iter()
            .any(|m| m.to_lowercase().contains(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_numbers_are_normalised() {
        assert_eq!(normalise_part_number("  00mj101 \t x "), "00MJ101 X");
    }

    #[test]
    fn a_part_needs_a_number_and_a_name_and_sane_rules() {
        let mut e = FieldErrors::new();
        check_part(
            &NewPart {
                part_number: " ".into(),
                unit_cost: Money(-1),
                reorder: vec![
                    ReorderRule {
                        location_id: 1,
                        point: 2,
                        quantity: 3,
                    },
                    ReorderRule {
                        location_id: 1,
                        point: 2,
                        quantity: 3,
                    },
                ],
                ..NewPart::default()
            },
            &mut e,
        );
        for f in ["part_number", "name_zh", "unit_cost", "reorder"] {
            assert!(e.contains_key(f), "{f}: {e:?}");
        }
        let mut e = FieldErrors::new();
        check_part(
            &NewPart {
                part_number: "00MJ101".into(),
                name_en: "Disk".into(),
                ..NewPart::default()
            },
            &mut e,
        );
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn models_are_tidied_and_searched() {
        assert_eq!(
            tidy_models(&[" SR650 ".into(), "sr650".into(), "SR550".into()]),
            vec!["SR650", "SR550"]
        );
    }
}
