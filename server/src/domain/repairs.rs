//! The rules of a repair (送修) as plain functions: the record made at the
//! counter, each state change by the shared table, the repair record, and
//! the hand-back against the voucher's code or a manager's ID check.

use crate::store::{CustomerRecord, DeviceRecord, RecordMeta, RepairRecord};
use chrono::{DateTime, Utc};
use servicebook_shared::repairs::{
    check_action, check_new, check_sheet, normalise_code, HandOver, NewRepair, QuoteDecision,
    RepairActionInput, RepairFacts, RepairQuote, RepairSheet, RepairSheetInput, RepairState,
    RepairTransition, RepairVerb,
};
use servicebook_shared::requests::Coverage;
use servicebook_shared::users::FieldErrors;
use sha2::{Digest, Sha256};

/// Why a repair rule says no.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The role does not allow it (403).
    Forbidden(String),
    /// The state does not allow it now (409).
    Conflict(String),
    /// Chargeable work before an approved quote (409).
    QuoteNotApproved(String),
    /// The code is not this voucher's (422); nothing more is said.
    WrongCode,
    /// Bad input, field by field (422).
    Invalid(FieldErrors),
}

/// Who acts, as the rules need them.
pub struct Acting<'a> {
    pub name: &'a str,
    pub is_manager: bool,
}

/// `RP-2026-000001`.
pub fn number(year: i32, n: u64) -> String {
    format!("RP-{year}-{n:06}")
}

/// The hex SHA-256 of a voucher code as typed or scanned (normalised).
pub fn code_hash(code: &str) -> String {
    Sha256::digest(normalise_code(code).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// "Lenovo ThinkSystem SR650 7X06".
pub fn device_name(d: &DeviceRecord) -> String {
    [d.brand.as_str(), d.product.as_str(), d.model.as_str()]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The repair taken in at the counter, with the coverage as it is today
/// (kept: a later contract edit does not change what was promised).
#[allow(clippy::too_many_arguments)]
pub fn new_repair(
    input: &NewRepair,
    device: &DeviceRecord,
    customer: &CustomerRecord,
    coverage: Coverage,
    number: String,
    voucher_hash: String,
    by: &str,
    now: DateTime<Utc>,
) -> Result<RepairRecord, Refusal> {
    let e = check_new(input);
    if !e.is_empty() {
        return Err(Refusal::Invalid(e));
    }
    let mut accessories = input.accessories.clone();
    for a in &mut accessories {
        a.text = a.text.trim().to_owned();
    }
    Ok(RepairRecord {
        meta: RecordMeta::new(),
        number,
        state: RepairState::Received,
        customer_id: customer.meta.id,
        customer_name: customer.name.clone(),
        device_id: device.meta.id,
        device_name: device_name(device),
        serial_number: device.serial_number.clone(),
        arrival: input.arrival,
        brought_by: input.brought_by.trim().to_owned(),
        contact_phone: input.contact_phone.trim().to_owned(),
        accessories,
        condition: input.condition.trim().to_owned(),
        fault: input.fault.trim().to_owned(),
        request_id: input.request_id,
        chargeable: coverage.chargeable,
        coverage,
        quote: None,
        sheet: RepairSheet::default(),
        repaired: false,
        hand_over: None,
        history: Vec::new(),
        received_at: now,
        received_by: by.to_owned(),
        voucher_hash,
    })
}

pub fn facts(r: &RepairRecord) -> RepairFacts {
    RepairFacts {
        chargeable: r.chargeable,
        repaired: r.repaired,
    }
}

/// The repair after `verb`, or why not. The role was checked before; the
/// state, the input, the voucher's code and the manager's ID check here.
pub fn act(
    current: &RepairRecord,
    verb: RepairVerb,
    input: &RepairActionInput,
    who: &Acting,
    now: DateTime<Utc>,
) -> Result<RepairRecord, Refusal> {
    let to = verb
        .next(current.state, facts(current))
        .map_err(|why| match verb {
            RepairVerb::StartRepair if current.chargeable => Refusal::QuoteNotApproved(why),
            _ => Refusal::Conflict(why),
        })?;
    let e = check_action(verb, input, current.accessories.len());
    if !e.is_empty() {
        return Err(Refusal::Invalid(e));
    }
    let mut next = current.clone();
    match verb {
        RepairVerb::SendQuote => {
            next.quote = Some(RepairQuote {
                amount: input.amount.unwrap_or_default(),
                text: input.quote_text.trim().to_owned(),
                sent_by: who.name.to_owned(),
                sent_at: now,
                decision: None,
            });
        }
        RepairVerb::ApproveQuote | RepairVerb::DeclineQuote => {
            let Some(q) = next.quote.as_mut() else {
                return Err(Refusal::Conflict("there is no quote to answer".into()));
            };
            q.decision = Some(QuoteDecision {
                approved: verb == RepairVerb::ApproveQuote,
                by: input.answered_by.trim().to_owned(),
                // check_action made sure there is one
                channel: input
                    .channel
                    .unwrap_or(servicebook_shared::repairs::Channel::Phone),
                recorded_by: who.name.to_owned(),
                at: now,
            });
        }
        RepairVerb::StartRepair => next.repaired = true,
        RepairVerb::PickUp | RepairVerb::ReturnUnrepaired => {
            next.hand_over = Some(hand_over(current, input, who, now)?);
        }
        RepairVerb::Diagnose | RepairVerb::MarkReady => {}
    }
    next.history.push(RepairTransition {
        verb,
        from: current.state,
        to,
        at: now,
        by: who.name.to_owned(),
        note: input.note.trim().to_owned(),
    });
    next.state = to;
    Ok(next)
}

/// Handing back: the voucher's code must match (a wrong one says only
/// that), or a manager checked the collector's ID.
fn hand_over(
    current: &RepairRecord,
    input: &RepairActionInput,
    who: &Acting,
    now: DateTime<Utc>,
) -> Result<HandOver, Refusal> {
    let code = input
        .voucher_code
        .as_deref()
        .filter(|c| !normalise_code(c).is_empty());
    let (with_voucher, checked_by) = match (code, &input.id_check) {
        (Some(c), _) => {
            if code_hash(c) != current.voucher_hash {
                return Err(Refusal::WrongCode);
            }
            (true, None)
        }
        (None, Some(_)) if !who.is_manager => {
            return Err(Refusal::Forbidden(
                "Only a manager may hand a device back without its voucher, after checking ID."
                    .into(),
            ))
        }
        (None, _) => (false, Some(who.name.to_owned())),
    };
    let mut returned = input.returned.clone();
    returned.sort_unstable();
    Ok(HandOver {
        at: now,
        by: who.name.to_owned(),
        with_voucher,
        id_check: input
            .id_check
            .clone()
            .filter(|_| !with_voucher)
            .map(|mut c| {
                c.last_digits = c.last_digits.trim().to_uppercase();
                c.holder_name = c.holder_name.trim().to_owned();
                c
            }),
        checked_by_manager: checked_by,
        returned,
        missing_note: input.missing_note.trim().to_owned(),
    })
}

/// The repair record as saved: while the device is on the bench (from
/// diagnosis until it is handed back).
pub fn save_sheet(
    current: &RepairRecord,
    input: &RepairSheetInput,
    who: &Acting,
) -> Result<RepairRecord, Refusal> {
    if matches!(current.state, RepairState::Received) || !current.state.is_open() {
        return Err(Refusal::Conflict(format!(
            "the repair record is written from diagnosis until the device is handed back, and this repair is {}",
            current.state.as_str()
        )));
    }
    let e = check_sheet(input);
    if !e.is_empty() {
        return Err(Refusal::Invalid(e));
    }
    let mut next = current.clone();
    let engineer = input.engineer.trim();
    next.sheet = RepairSheet {
        findings: input.findings.trim().to_owned(),
        actions: input.actions.trim().to_owned(),
        // Lines from stock were consumed when they were added: they stay as
        // they are (stock is corrected by a return, not by editing text).
        parts: current
            .sheet
            .parts
            .iter()
            .filter(|p| p.part_id.is_some())
            .cloned()
            .chain(input.parts.iter().filter(|p| p.part_id.is_none()).map(|p| {
                let mut p = p.clone();
                p.part = p.part.trim().to_owned();
                p
            }))
            .collect(),
        minutes: input.minutes,
        engineer: if engineer.is_empty() {
            who.name.to_owned()
        } else {
            engineer.to_owned()
        },
    };
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use servicebook_shared::repairs::{Channel, IdCheck, IdType};
    use servicebook_shared::requests::intake_coverage;

    fn repair(state: RepairState, chargeable: bool) -> RepairRecord {
        RepairRecord {
            meta: RecordMeta::new(),
            number: number(2026, 1),
            state,
            customer_id: 1,
            customer_name: "华信".into(),
            device_id: 2,
            device_name: "Lenovo SR650".into(),
            serial_number: "SN1".into(),
            arrival: Default::default(),
            brought_by: "李经理".into(),
            contact_phone: String::new(),
            accessories: vec![Default::default(), Default::default()],
            condition: String::new(),
            fault: "无法开机".into(),
            request_id: None,
            coverage: Coverage {
                chargeable,
                ..intake_coverage(None, &[], Utc::now().date_naive())
            },
            chargeable,
            quote: None,
            sheet: Default::default(),
            repaired: state == RepairState::Ready,
            hand_over: None,
            history: vec![],
            received_at: Utc::now(),
            received_by: "desk".into(),
            voucher_hash: code_hash("ABCDE-FGHJK"),
        }
    }

    const DESK: Acting = Acting {
        name: "陈",
        is_manager: false,
    };
    const BOSS: Acting = Acting {
        name: "刘经理",
        is_manager: true,
    };

    fn input() -> RepairActionInput {
        RepairActionInput {
            version: 1,
            returned: vec![1, 0],
            ..Default::default()
        }
    }

    #[test]
    fn a_device_with_the_firm_too_long_is_overdue_until_it_is_handed_back() {
        let now = Utc::now();
        let mut r = repair(RepairState::Repairing, true);
        r.received_at = now - chrono::Duration::days(8);
        assert!(r.is_overdue(7, now));
        assert!(!r.is_overdue(8, now));
        r.state = RepairState::PickedUp;
        assert!(!r.is_overdue(7, now));
        r.state = RepairState::Received;
        r.received_at = now - chrono::Duration::days(6);
        assert!(!r.is_overdue(7, now));
    }

    #[test]
    fn numbers_and_hashes() {
        assert_eq!(number(2026, 12), "RP-2026-000012");
        assert_eq!(code_hash("abcde fghjk"), code_hash("ABCDE-FGHJK"));
        assert_eq!(code_hash("x").len(), 64);
    }

    #[test]
    fn chargeable_work_needs_the_approved_quote() {
        let r = repair(RepairState::Diagnosing, true);
        let e = act(&r, RepairVerb::StartRepair, &input(), &DESK, Utc::now()).unwrap_err();
        assert!(matches!(e, Refusal::QuoteNotApproved(_)), "{e:?}");
        let covered = repair(RepairState::Diagnosing, false);
        let next = act(
            &covered,
            RepairVerb::StartRepair,
            &input(),
            &DESK,
            Utc::now(),
        )
        .unwrap();
        assert!(next.repaired && next.state == RepairState::Repairing);
        assert_eq!(next.history.len(), 1);
    }

    #[test]
    fn an_answer_is_recorded_with_who_and_how() {
        let mut r = repair(RepairState::Diagnosing, true);
        let quote = RepairActionInput {
            amount: Some(servicebook_shared::Money(45_000)),
            quote_text: "更换主板".into(),
            ..input()
        };
        r = act(&r, RepairVerb::SendQuote, &quote, &DESK, Utc::now()).unwrap();
        let yes = RepairActionInput {
            answered_by: "李经理".into(),
            channel: Some(Channel::Phone),
            ..input()
        };
        r = act(&r, RepairVerb::ApproveQuote, &yes, &DESK, Utc::now()).unwrap();
        let d = r.quote.unwrap().decision.unwrap();
        assert!(d.approved && d.by == "李经理" && d.recorded_by == "陈");
    }

    #[test]
    fn hand_back_wants_the_right_code_or_a_manager() {
        let r = repair(RepairState::Ready, true);
        let wrong = RepairActionInput {
            voucher_code: Some("ABCDE-FGHJM".into()),
            ..input()
        };
        assert_eq!(
            act(&r, RepairVerb::PickUp, &wrong, &DESK, Utc::now()).unwrap_err(),
            Refusal::WrongCode
        );
        let right = RepairActionInput {
            voucher_code: Some("abcde fghjk".into()),
            ..input()
        };
        let done = act(&r, RepairVerb::PickUp, &right, &DESK, Utc::now()).unwrap();
        let h = done.hand_over.unwrap();
        assert!(h.with_voucher && h.returned == vec![0, 1]);
        let id = RepairActionInput {
            id_check: Some(IdCheck {
                id_type: IdType::ResidentId,
                last_digits: "123x".into(),
                holder_name: "李四".into(),
            }),
            ..input()
        };
        assert!(matches!(
            act(&r, RepairVerb::PickUp, &id, &DESK, Utc::now()),
            Err(Refusal::Forbidden(_))
        ));
        let done = act(&r, RepairVerb::PickUp, &id, &BOSS, Utc::now()).unwrap();
        let h = done.hand_over.unwrap();
        assert_eq!(h.checked_by_manager.as_deref(), Some("刘经理"));
        assert_eq!(h.id_check.unwrap().last_digits, "123X");
    }
}
