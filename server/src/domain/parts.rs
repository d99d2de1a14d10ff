//! The catalogue's rules: a new part and a patched part, checked the way
//! the app checks them (`shared::parts`).

use crate::store::{PartRecord, RecordMeta};
use servicebook_shared::parts::{
    check_part, normalise_part_number, tidy_models, NewPart, PartPatch,
};
use servicebook_shared::users::FieldErrors;

/// The record a valid `NewPart` becomes.
pub fn new_part(input: NewPart) -> Result<PartRecord, FieldErrors> {
    let mut errors = FieldErrors::new();
    check_part(&input, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PartRecord {
        meta: RecordMeta::new(),
        part_number: normalise_part_number(&input.part_number),
        name_zh: input.name_zh.trim().to_owned(),
        name_en: input.name_en.trim().to_owned(),
        compatible_models: tidy_models(&input.compatible_models),
        unit_cost: input.unit_cost,
        price: input.price,
        unit: input.unit.trim().to_owned(),
        supplier: input.supplier.trim().to_owned(),
        serial_tracked: input.serial_tracked,
        reorder: input.reorder,
        active: true,
        notes: input.notes,
    })
}

/// `current` with `patch` applied and checked. `has_moved`: whether any
/// stock of the part has moved (its serial tracking is then fixed).
pub fn patch_part(
    current: &PartRecord,
    patch: &PartPatch,
    has_moved: bool,
) -> Result<PartRecord, FieldErrors> {
    let p = patch.clone();
    let as_new = NewPart {
        part_number: p.part_number.unwrap_or_else(|| current.part_number.clone()),
        name_zh: p.name_zh.unwrap_or_else(|| current.name_zh.clone()),
        name_en: p.name_en.unwrap_or_else(|| current.name_en.clone()),
        compatible_models: p
            .compatible_models
            .unwrap_or_else(|| current.compatible_models.clone()),
        unit_cost: p.unit_cost.unwrap_or(current.unit_cost),
        price: p.price.unwrap_or(current.price),
        unit: p.unit.unwrap_or_else(|| current.unit.clone()),
        supplier: p.supplier.unwrap_or_else(|| current.supplier.clone()),
        serial_tracked: p.serial_tracked.unwrap_or(current.serial_tracked),
        reorder: p.reorder.unwrap_or_else(|| current.reorder.clone()),
        notes: p.notes.unwrap_or_else(|| current.notes.clone()),
    };
    if has_moved && as_new.serial_tracked != current.serial_tracked {
        return Err(FieldErrors::from([(
            "serial_tracked".to_owned(),
            "cannot change once stock of the part has moved".to_owned(),
        )]));
    }
    let mut next = new_part(as_new)?;
    next.meta = current.meta.clone();
    next.active = patch.active.unwrap_or(current.active);
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part() -> PartRecord {
        new_part(NewPart {
            part_number: " 00mj101 ".into(),
            name_zh: "硬盘".into(),
            compatible_models: vec!["SR650".into(), "sr650 ".into()],
            ..NewPart::default()
        })
        .unwrap()
    }

    #[test]
    fn a_new_part_is_normalised_and_active() {
        let p = part();
        assert_eq!(p.part_number, "00MJ101");
        assert_eq!(p.compatible_models, vec!["SR650"]);
        assert!(p.active);
    }

    #[test]
    fn a_patch_keeps_what_it_does_not_name_and_guards_serial_tracking() {
        let p = part();
        let patch = PartPatch {
            version: 1,
            name_en: Some("Disk".into()),
            active: Some(false),
            ..PartPatch::default()
        };
        let next = patch_part(&p, &patch, false).unwrap();
        assert_eq!(
            (next.name_zh.as_str(), next.name_en.as_str()),
            ("硬盘", "Disk")
        );
        assert!(!next.active);
        let flip = PartPatch {
            version: 1,
            serial_tracked: Some(true),
            ..PartPatch::default()
        };
        assert!(patch_part(&p, &flip, false).unwrap().serial_tracked);
        assert!(patch_part(&p, &flip, true)
            .unwrap_err()
            .contains_key("serial_tracked"));
    }
}
