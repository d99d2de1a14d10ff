//! The repair forms' checks (intake, repair sheet, each action's input)
//! and the claim voucher code's alphabet and shape.

use super::*;

pub const MAX_ACCESSORIES: usize = 30;
pub const MAX_PARTS: usize = 50;
/// 1,000 hours.
pub const MAX_MINUTES: u32 = 60_000;

fn too_long(e: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        e.insert(field.into(), format!("must be at most {max} characters"));
    }
}

pub fn check_new(input: &NewRepair) -> FieldErrors {
    let mut e = FieldErrors::new();
    let by = input.brought_by.trim();
    if by.is_empty() {
        e.insert("brought_by".into(), "name who brought the device".into());
    }
    too_long(&mut e, "brought_by", by, 100);
    too_long(&mut e, "contact_phone", &input.contact_phone, 40);
    if input.fault.trim().is_empty() {
        e.insert("fault".into(), "describe the fault".into());
    }
    too_long(&mut e, "fault", &input.fault, 5000);
    too_long(&mut e, "condition", &input.condition, 5000);
    if input.accessories.len() > MAX_ACCESSORIES {
        e.insert(
            "accessories".into(),
            format!("at most {MAX_ACCESSORIES} items"),
        );
    } else if input
        .accessories
        .iter()
        .any(|a| a.text.chars().count() > 200 || (a.standard.is_none() && a.text.trim().is_empty()))
    {
        e.insert(
            "accessories".into(),
            "each item is a standard accessory or a text of 1 to 200 characters".into(),
        );
    }
    e
}

pub fn check_sheet(input: &RepairSheetInput) -> FieldErrors {
    let mut e = FieldErrors::new();
    too_long(&mut e, "findings", &input.findings, 10_000);
    too_long(&mut e, "actions", &input.actions, 10_000);
    too_long(&mut e, "engineer", &input.engineer, 100);
    if input.minutes > MAX_MINUTES {
        e.insert(
            "minutes".into(),
            format!("must be at most {MAX_MINUTES} (1000 hours)"),
        );
    }
    if input.parts.len() > MAX_PARTS {
        e.insert("parts".into(), format!("at most {MAX_PARTS} lines"));
    } else if let Some(n) = input.parts.iter().position(|p| {
        let len = p.part.trim().chars().count();
        len == 0 || len > 200 || p.quantity == 0 || p.quantity > 9999 || !p.amount.is_sensible()
    }) {
        e.insert(
            "parts".into(),
            format!(
                "line {}: name the part (1 to 200 characters), a quantity of 1 to 9999 and an amount of 0 or more",
                n + 1
            ),
        );
    }
    e
}

/// What is missing from an action's input, field by field (`accessories`:
/// how many were handed in).
pub fn check_action(
    verb: RepairVerb,
    input: &RepairActionInput,
    accessories: usize,
) -> FieldErrors {
    let mut e = FieldErrors::new();
    too_long(&mut e, "note", &input.note, 2000);
    match verb {
        RepairVerb::SendQuote => {
            match input.amount {
                None => {
                    e.insert("amount".into(), "give the price".into());
                }
                Some(a) if !a.is_sensible() => {
                    e.insert("amount".into(), "must be an amount of 0 or more".into());
                }
                _ => {}
            }
            if input.quote_text.trim().is_empty() {
                e.insert("quote_text".into(), "say what the price covers".into());
            }
            too_long(&mut e, "quote_text", &input.quote_text, 5000);
        }
        RepairVerb::ApproveQuote | RepairVerb::DeclineQuote => {
            if input.answered_by.trim().is_empty() {
                e.insert(
                    "answered_by".into(),
                    "name the customer's person who answered".into(),
                );
            }
            too_long(&mut e, "answered_by", &input.answered_by, 100);
            if input.channel.is_none() {
                e.insert("channel".into(), "by phone or in person".into());
            }
        }
        RepairVerb::PickUp | RepairVerb::ReturnUnrepaired => {
            let code = input
                .voucher_code
                .as_deref()
                .map(normalise_code)
                .filter(|c| !c.is_empty());
            match (&code, &input.id_check) {
                (None, None) => {
                    e.insert(
                        "voucher_code".into(),
                        "give the voucher's code (or, if it is lost, a manager checks ID)".into(),
                    );
                }
                (Some(_), Some(_)) => {
                    e.insert(
                        "id_check".into(),
                        "either the voucher's code or an ID check, not both".into(),
                    );
                }
                (None, Some(c)) => {
                    let digits = c.last_digits.trim();
                    if digits.chars().count() < 4
                        || digits.chars().count() > 6
                        || !digits.chars().all(|ch| ch.is_ascii_alphanumeric())
                    {
                        e.insert(
                            "id_check.last_digits".into(),
                            "the last 4 to 6 characters of the ID number".into(),
                        );
                    }
                    let name = c.holder_name.trim().chars().count();
                    if name == 0 || name > 100 {
                        e.insert(
                            "id_check.holder_name".into(),
                            "the name on the ID (1 to 100 characters)".into(),
                        );
                    }
                }
                (Some(_), None) => {}
            }
            let mut seen = input.returned.clone();
            seen.sort_unstable();
            seen.dedup();
            if seen.len() != input.returned.len() || seen.iter().any(|n| *n as usize >= accessories)
            {
                e.insert(
                    "returned".into(),
                    "tick each accessory of the intake list at most once".into(),
                );
            } else if seen.len() < accessories && input.missing_note.trim().is_empty() {
                e.insert(
                    "missing_note".into(),
                    "an accessory is not handed back: say why".into(),
                );
            }
            too_long(&mut e, "missing_note", &input.missing_note, 2000);
        }
        _ => {}
    }
    e
}

/// The alphabet of voucher codes: no 0/O, 1/I/L that people confuse.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in a voucher code.
pub const CODE_LEN: usize = 10;

/// A code as typed or scanned: upper case, without spaces or dashes.
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// "ABCDE-FGHJK": a code as printed.
pub fn format_code(code: &str) -> String {
    let c = normalise_code(code);
    if c.len() == CODE_LEN {
        format!("{}-{}", &c[..5], &c[5..])
    } else {
        c
    }
}

/// Whether `code` could be a voucher code at all.
pub fn is_code_shaped(code: &str) -> bool {
    let c = normalise_code(code);
    c.len() == CODE_LEN && c.bytes().all(|b| CODE_ALPHABET.contains(&b))
}
