//! Part requests (备件申请): an engineer asks for parts on a work order, the
//! store keeper approves by reserving them at a warehouse (or rejects),
//! issues them to the engineer's kit, and the engineer confirms receipt,
//! checking quantity and serials. What was issued to a work order and not
//! yet consumed or returned is what the service report may list as parts
//! used (see [`check_picks`]).

use crate::money::Money;
use crate::users::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PrState {
    /// Waiting for the store keeper.
    Requested,
    /// Reserved at a warehouse for the work order.
    Approved,
    Rejected,
    /// In the engineer's kit, waiting for their confirmation.
    Issued,
    /// The engineer confirmed receipt (perhaps with a discrepancy).
    Received,
    Cancelled,
}

impl PrState {
    pub const ALL: [PrState; 6] = [
        PrState::Requested,
        PrState::Approved,
        PrState::Rejected,
        PrState::Issued,
        PrState::Received,
        PrState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PrState::Requested => "requested",
            PrState::Approved => "approved",
            PrState::Rejected => "rejected",
            PrState::Issued => "issued",
            PrState::Received => "received",
            PrState::Cancelled => "cancelled",
        }
    }

    /// Whether the store keeper still has something to do.
    pub fn waits_for_store(self) -> bool {
        matches!(self, PrState::Requested | PrState::Approved)
    }
}

/// The actions on a part request: `POST /api/part-requests/{id}/actions/<verb>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrVerb {
    Approve,
    Reject,
    Issue,
    Receive,
    Cancel,
}

impl PrVerb {
    pub fn as_str(self) -> &'static str {
        match self {
            PrVerb::Approve => "approve",
            PrVerb::Reject => "reject",
            PrVerb::Issue => "issue",
            PrVerb::Receive => "receive",
            PrVerb::Cancel => "cancel",
        }
    }

    /// The state after this action from `from`, or `None` when the state
    /// does not allow it. Cancelling after issue is refused: the parts are
    /// in the kit then, and go back as a return.
    pub fn next(self, from: PrState) -> Option<PrState> {
        use PrState::*;
        match (self, from) {
            (PrVerb::Approve, Requested) => Some(Approved),
            (PrVerb::Reject, Requested | Approved) => Some(Rejected),
            (PrVerb::Issue, Approved) => Some(Issued),
            (PrVerb::Receive, Issued) => Some(Received),
            (PrVerb::Cancel, Requested | Approved) => Some(Cancelled),
            _ => None,
        }
    }
}

/// One line asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPrLine {
    pub part_id: u64,
    pub quantity: u32,
    #[serde(default)]
    pub note: String,
}

/// `POST /api/part-requests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPartRequest {
    pub work_order_id: u64,
    pub lines: Vec<NewPrLine>,
    #[serde(default)]
    pub note: String,
}

/// A line as it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrLine {
    pub part_id: u64,
    pub part_number: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    pub serial_tracked: bool,
    pub quantity: u32,
    pub note: String,
    /// Serials issued (serial-tracked parts).
    pub issued_serials: Vec<String>,
    /// What the engineer counted on receipt.
    pub received_quantity: Option<u32>,
    pub received_serials: Vec<String>,
}

/// What the engineer found different from what was issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Discrepancy {
    pub part_id: u64,
    pub part_number: String,
    pub issued: u32,
    pub received: u32,
    /// Issued serials the engineer did not find.
    pub missing_serials: Vec<String>,
    /// Serials found that were not issued.
    pub unexpected_serials: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartRequest {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub work_order_id: u64,
    pub work_order_number: String,
    /// The engineer who asked (and whose kit receives the parts).
    pub engineer_id: u64,
    pub engineer_name: String,
    pub state: PrState,
    pub lines: Vec<PrLine>,
    pub note: String,
    /// The warehouse reserved at on approval.
    pub location_id: Option<u64>,
    /// The engineer's kit the parts went to.
    pub kit_location_id: Option<u64>,
    /// Why it was rejected or cancelled.
    pub reason: String,
    pub decided_by: String,
    pub issued_by: String,
    pub received_at: Option<DateTime<Utc>>,
    /// Non-empty when receipt did not match the issue.
    pub discrepancies: Vec<Discrepancy>,
}

/// `…/actions/approve`: reserve every line at a warehouse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApprovePr {
    pub version: u64,
    pub location_id: u64,
}

/// `…/actions/reject` and `…/actions/cancel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReasonPr {
    pub version: u64,
    #[serde(default)]
    pub reason: String,
}

/// `…/actions/issue`: the serials picked for each serial-tracked line (in
/// line order; an empty list for the others).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IssuePr {
    pub version: u64,
    #[serde(default)]
    pub serials: Vec<Vec<String>>,
}

/// What the engineer counted for one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReceivedLine {
    pub quantity: u32,
    #[serde(default)]
    pub serials: Vec<String>,
}

/// `…/actions/receive`: one entry per line, in line order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReceivePr {
    pub version: u64,
    pub lines: Vec<ReceivedLine>,
}

/// Parts issued to a work order and still in a kit (not consumed, not
/// returned): what the report may list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedPart {
    pub part_id: u64,
    pub part_number: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    pub price: Money,
    /// The kit they are in.
    pub location_id: u64,
    pub issued: u32,
    pub consumed: u32,
    pub returned: u32,
    /// `issued - consumed - returned`.
    pub outstanding: u32,
    /// Serials still out.
    pub serials: Vec<String>,
}

/// `GET /api/work-orders/{id}/parts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkOrderParts {
    pub work_order_id: u64,
    pub requests: Vec<PartRequest>,
    pub issued: Vec<IssuedPart>,
}

/// `POST /api/work-orders/{id}/parts/returns`: unused parts back from a
/// kit, good to a warehouse or faulty to the faulty shelf.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReturnParts {
    pub part_id: u64,
    /// The kit they come from.
    pub from_location_id: u64,
    pub to_location_id: u64,
    pub quantity: u32,
    #[serde(default)]
    pub serials: Vec<String>,
    #[serde(default)]
    pub faulty: bool,
    #[serde(default)]
    pub reason: String,
}

/// A line of a service report's parts used, as the engineer picks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PickedPart {
    pub part_id: u64,
    /// The kit it was issued to.
    pub location_id: u64,
    pub quantity: u32,
    #[serde(default)]
    pub serials: Vec<String>,
}

/// A line of a report's parts used, as saved (name and price as they were
/// when picked, so a signed report never changes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsedPart {
    pub part_id: u64,
    pub part_number: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    pub location_id: u64,
    pub quantity: u32,
    pub serials: Vec<String>,
    pub unit_price: Money,
}

pub const MAX_LINES: usize = 50;
pub const MAX_QUANTITY: u32 = 10_000;

fn text(e: &mut FieldErrors, field: &str, v: &str, max: usize) {
    if v.trim().chars().count() > max {
        e.insert(field.into(), format!("must be at most {max} characters"));
    }
}

/// A new request's shape: 1 to 50 lines, each part once, whole quantities
/// of at least 1.
pub fn check_new(r: &NewPartRequest) -> FieldErrors {
    let mut e = FieldErrors::new();
    if r.lines.is_empty() {
        e.insert("lines".into(), "ask for at least one part".into());
    } else if r.lines.len() > MAX_LINES {
        e.insert("lines".into(), format!("at most {MAX_LINES} lines"));
    }
    text(&mut e, "note", &r.note, 1000);
    let mut seen = BTreeSet::new();
    for (i, l) in r.lines.iter().enumerate() {
        if l.quantity == 0 || l.quantity > MAX_QUANTITY {
            e.insert(
                format!("lines[{i}].quantity"),
                format!("must be 1 to {MAX_QUANTITY}"),
            );
        }
        if !seen.insert(l.part_id) {
            e.insert(
                format!("lines[{i}].part_id"),
                "each part once: raise the quantity instead".into(),
            );
        }
        text(&mut e, &format!("lines[{i}].note"), &l.note, 500);
    }
    e
}

fn serial_set(serials: &[String]) -> BTreeSet<String> {
    serials
        .iter()
        .map(|s| s.trim().to_uppercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Compares what the engineer counted with what was issued. `Err` names a
/// field when the input itself is malformed (a line missing); otherwise
/// the differences, empty when everything matched.
pub fn compare_receipt(
    lines: &[PrLine],
    received: &[ReceivedLine],
) -> Result<Vec<Discrepancy>, FieldErrors> {
    if received.len() != lines.len() {
        return Err([(
            "lines".to_owned(),
            format!(
                "give what you received for each of the {} lines",
                lines.len()
            ),
        )]
        .into());
    }
    let mut out = Vec::new();
    for (l, r) in lines.iter().zip(received) {
        let issued = serial_set(&l.issued_serials);
        let got = serial_set(&r.serials);
        let missing: Vec<String> = issued.difference(&got).cloned().collect();
        let unexpected: Vec<String> = got.difference(&issued).cloned().collect();
        if r.quantity != l.quantity || !missing.is_empty() || !unexpected.is_empty() {
            out.push(Discrepancy {
                part_id: l.part_id,
                part_number: l.part_number.clone(),
                issued: l.quantity,
                received: r.quantity,
                missing_serials: missing,
                unexpected_serials: unexpected,
            });
        }
    }
    Ok(out)
}

/// Refuses report lines that ask for more than was issued to the work
/// order and is still out (per part and kit), or a serial that is not out
/// on it. Field names point at the line: `parts[2].quantity`.
pub fn check_picks(issued: &[IssuedPart], picks: &[PickedPart]) -> FieldErrors {
    let mut e = FieldErrors::new();
    let mut wanted: BTreeMap<(u64, u64), u32> = BTreeMap::new();
    let mut serials_seen = BTreeSet::new();
    for (i, p) in picks.iter().enumerate() {
        let Some(out) = issued
            .iter()
            .find(|o| o.part_id == p.part_id && o.location_id == p.location_id)
        else {
            e.insert(
                format!("parts[{i}].part_id"),
                "this part was not issued to this work order from that kit".into(),
            );
            continue;
        };
        if p.quantity == 0 {
            e.insert(format!("parts[{i}].quantity"), "must be at least 1".into());
            continue;
        }
        let total = wanted.entry((p.part_id, p.location_id)).or_default();
        *total = total.saturating_add(p.quantity);
        if *total > out.outstanding {
            e.insert(
                format!("parts[{i}].quantity"),
                format!(
                    "only {} of {} issued to this work order and not yet used or returned",
                    out.outstanding, out.part_number
                ),
            );
        }
        let picked = serial_set(&p.serials);
        if !out.serials.is_empty() || !picked.is_empty() {
            let outstanding = serial_set(&out.serials);
            if picked.len() as u64 != u64::from(p.quantity) || p.serials.len() != picked.len() {
                e.insert(
                    format!("parts[{i}].serials"),
                    format!(
                        "{} is tracked by serial: list one per unit",
                        out.part_number
                    ),
                );
            } else if let Some(s) = picked
                .iter()
                .find(|s| !outstanding.contains(*s) || !serials_seen.insert((*s).clone()))
            {
                e.insert(
                    format!("parts[{i}].serials"),
                    format!("serial {s} is not out on this work order"),
                );
            }
        }
    }
    e
}

/// The parts' total: price × quantity, in minor units.
pub fn parts_total(parts: &[UsedPart]) -> Money {
    parts.iter().fold(Money::ZERO, |sum, p| {
        sum.plus(Money(p.unit_price.0.saturating_mul(i64::from(p.quantity))))
    })
}

/// What chargeable work costs: the approved quote's total, with its
/// estimated parts amount replaced by the parts actually used when the
/// report lists them (an older report without lines keeps the quote).
pub fn charged_amount(quote_total: Money, quote_parts: Money, parts: &[UsedPart]) -> Money {
    if parts.is_empty() {
        quote_total
    } else {
        Money(quote_total.0 - quote_parts.0).plus(parts_total(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(part: u64, loc: u64, outstanding: u32, serials: &[&str]) -> IssuedPart {
        IssuedPart {
            part_id: part,
            part_number: format!("P-{part}"),
            name_zh: String::new(),
            name_en: String::new(),
            unit: "个".into(),
            price: Money(1000),
            location_id: loc,
            issued: outstanding,
            consumed: 0,
            returned: 0,
            outstanding,
            serials: serials.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn pick(part: u64, loc: u64, quantity: u32, serials: &[&str]) -> PickedPart {
        PickedPart {
            part_id: part,
            location_id: loc,
            quantity,
            serials: serials.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn the_states_allow_only_their_actions() {
        use PrState::*;
        assert_eq!(PrVerb::Approve.next(Requested), Some(Approved));
        assert_eq!(PrVerb::Issue.next(Requested), None);
        assert_eq!(PrVerb::Issue.next(Approved), Some(Issued));
        assert_eq!(PrVerb::Receive.next(Issued), Some(Received));
        assert_eq!(PrVerb::Cancel.next(Approved), Some(Cancelled));
        assert_eq!(PrVerb::Cancel.next(Issued), None);
        assert_eq!(PrVerb::Reject.next(Received), None);
        for s in PrState::ALL {
            assert_eq!(PrVerb::Approve.next(s).is_some(), s == Requested);
        }
    }

    #[test]
    fn a_new_request_needs_whole_quantities_and_each_part_once() {
        let mut r = NewPartRequest {
            work_order_id: 1,
            lines: vec![],
            note: String::new(),
        };
        assert!(check_new(&r).contains_key("lines"));
        r.lines = vec![
            NewPrLine {
                part_id: 5,
                quantity: 0,
                note: String::new(),
            },
            NewPrLine {
                part_id: 5,
                quantity: 2,
                note: String::new(),
            },
        ];
        let e = check_new(&r);
        assert!(e.contains_key("lines[0].quantity"), "{e:?}");
        assert!(e.contains_key("lines[1].part_id"), "{e:?}");
        r.lines.remove(0);
        assert!(check_new(&r).is_empty());
    }

    #[test]
    fn receipt_records_quantity_and_serial_differences() {
        let line = PrLine {
            part_id: 3,
            part_number: "HDD".into(),
            name_zh: String::new(),
            name_en: String::new(),
            unit: "个".into(),
            serial_tracked: true,
            quantity: 2,
            note: String::new(),
            issued_serials: vec!["S1".into(), "S2".into()],
            received_quantity: None,
            received_serials: vec![],
        };
        let same = ReceivedLine {
            quantity: 2,
            serials: vec!["s2".into(), "S1 ".into()],
        };
        assert_eq!(compare_receipt(&[line.clone()], &[same]), Ok(vec![]));
        let short = ReceivedLine {
            quantity: 1,
            serials: vec!["S1".into(), "X9".into()],
        };
        let d = compare_receipt(&[line.clone()], &[short]).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].issued, d[0].received), (2, 1));
        assert_eq!(d[0].missing_serials, vec!["S2".to_string()]);
        assert_eq!(d[0].unexpected_serials, vec!["X9".to_string()]);
        assert!(compare_receipt(&[line], &[]).is_err());
    }

    #[test]
    fn picks_never_exceed_what_is_out_on_the_work_order() {
        let issued = [out(1, 10, 2, &[]), out(2, 10, 1, &["D-1"])];
        assert!(check_picks(&issued, &[pick(1, 10, 2, &[]), pick(2, 10, 1, &["d-1"])]).is_empty());
        // Two lines of the same part add up.
        let e = check_picks(&issued, &[pick(1, 10, 2, &[]), pick(1, 10, 1, &[])]);
        assert!(e.contains_key("parts[1].quantity"), "{e:?}");
        // Another kit, or a part never issued.
        assert!(check_picks(&issued, &[pick(1, 11, 1, &[])]).contains_key("parts[0].part_id"));
        assert!(check_picks(&issued, &[pick(9, 10, 1, &[])]).contains_key("parts[0].part_id"));
        // A serial not out on it, or missing.
        assert!(check_picks(&issued, &[pick(2, 10, 1, &["D-2"])]).contains_key("parts[0].serials"));
        assert!(check_picks(&issued, &[pick(2, 10, 1, &[])]).contains_key("parts[0].serials"));
        assert!(check_picks(&issued, &[pick(1, 10, 0, &[])]).contains_key("parts[0].quantity"));
    }

    #[test]
    fn used_parts_replace_the_quotes_estimate_in_the_amount() {
        let used = |q: u32, price: i64| UsedPart {
            part_id: 1,
            part_number: "P".into(),
            name_zh: String::new(),
            name_en: String::new(),
            unit: "个".into(),
            location_id: 1,
            quantity: q,
            serials: vec![],
            unit_price: Money(price),
        };
        assert_eq!(parts_total(&[used(3, 19_800), used(1, 50)]), Money(59_450));
        // Quote: 1,000.00 of which 200.00 estimated parts.
        assert_eq!(
            charged_amount(Money(100_000), Money(20_000), &[]),
            Money(100_000)
        );
        assert_eq!(
            charged_amount(Money(100_000), Money(20_000), &[used(2, 19_800)]),
            Money(119_600)
        );
    }
}
