//! Stock of spare parts: locations, the movements that change stock, the
//! balances they add up to, and the reorder list. Every change of stock is
//! a movement; a balance is only the sum of the movements, kept up to date
//! in the same write (and recomputable with [`replay`]).

use crate::users::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    Warehouse,
    /// One engineer's kit (the parts they carry).
    Kit,
    /// Faulty parts waiting to go back to the vendor (RMA).
    FaultyShelf,
}

impl LocationKind {
    pub const ALL: [LocationKind; 3] = [
        LocationKind::Warehouse,
        LocationKind::Kit,
        LocationKind::FaultyShelf,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LocationKind::Warehouse => "warehouse",
            LocationKind::Kit => "kit",
            LocationKind::FaultyShelf => "faulty_shelf",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub name: String,
    pub kind: LocationKind,
    /// The engineer whose kit this is (kits only).
    pub engineer_id: Option<u64>,
}

/// A new warehouse or faulty shelf (an engineer's kit is made when stock is
/// first issued to them, or here with `kind: kit` and `engineer_id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewLocation {
    pub name: String,
    pub kind: LocationKind,
    #[serde(default)]
    pub engineer_id: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// From a supplier into a warehouse (`to_location_id`).
    Receive,
    /// Location to location.
    Transfer,
    /// Set stock aside at `location_id` for `work_order_id`.
    Reserve,
    /// Give back a reservation of `work_order_id` at `location_id`.
    Release,
    /// Warehouse → an engineer's kit, against a work order.
    Issue,
    /// Used on a work order, from a kit.
    Consume,
    /// Kit → warehouse, unused.
    ReturnGood,
    /// To a faulty shelf.
    ReturnFaulty,
    /// From a faulty shelf out to the vendor for RMA.
    OutToVendor,
    /// A count's correction at `location_id`: signed `delta` and a reason.
    Adjust,
}

impl MovementKind {
    pub const ALL: [MovementKind; 10] = [
        MovementKind::Receive,
        MovementKind::Transfer,
        MovementKind::Reserve,
        MovementKind::Release,
        MovementKind::Issue,
        MovementKind::Consume,
        MovementKind::ReturnGood,
        MovementKind::ReturnFaulty,
        MovementKind::OutToVendor,
        MovementKind::Adjust,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::Receive => "receive",
            MovementKind::Transfer => "transfer",
            MovementKind::Reserve => "reserve",
            MovementKind::Release => "release",
            MovementKind::Issue => "issue",
            MovementKind::Consume => "consume",
            MovementKind::ReturnGood => "return_good",
            MovementKind::ReturnFaulty => "return_faulty",
            MovementKind::OutToVendor => "out_to_vendor",
            MovementKind::Adjust => "adjust",
        }
    }

    pub fn parse(s: &str) -> Option<MovementKind> {
        MovementKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Which location fields the kind takes.
    pub fn shape(self) -> Shape {
        use MovementKind::*;
        match self {
            Receive => Shape::To,
            Transfer | Issue | ReturnGood | ReturnFaulty => Shape::FromTo,
            Consume | OutToVendor => Shape::From,
            Reserve | Release | Adjust => Shape::At,
        }
    }

    /// Whether the kind needs a work order.
    pub fn needs_work_order(self) -> bool {
        use MovementKind::*;
        matches!(self, Reserve | Release | Issue | Consume)
    }

    /// Whether the kind moves units (and so lists serials of a
    /// serial-tracked part); reservations only set stock aside.
    pub fn moves_units(self) -> bool {
        !matches!(self, MovementKind::Reserve | MovementKind::Release)
    }
}

/// The location fields of a kind of movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `to_location_id` only.
    To,
    /// `from_location_id` only.
    From,
    /// Both.
    FromTo,
    /// `location_id` only.
    At,
}

/// `POST /api/stock/movements`. Which fields apply depends on `kind`:
/// receive: `to_location_id`; transfer, issue, return_good, return_faulty:
/// `from_location_id` and `to_location_id` (issue may name `engineer_id`
/// instead of a kit); consume, out_to_vendor: `from_location_id`; reserve,
/// release, adjust: `location_id`. `quantity` is a whole number ≥ 1 (adjust
/// takes a signed, non-zero `delta` instead); a serial-tracked part lists as
/// many `serials` as it moves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewMovement {
    pub kind: Option<MovementKind>,
    pub part_id: u64,
    #[serde(default)]
    pub quantity: Option<u32>,
    #[serde(default)]
    pub delta: Option<i64>,
    #[serde(default)]
    pub from_location_id: Option<u64>,
    #[serde(default)]
    pub to_location_id: Option<u64>,
    #[serde(default)]
    pub location_id: Option<u64>,
    /// Issue: the engineer whose kit receives the parts (made if needed).
    #[serde(default)]
    pub engineer_id: Option<u64>,
    #[serde(default)]
    pub work_order_id: Option<u64>,
    #[serde(default)]
    pub serials: Vec<String>,
    /// Receive: the supplier; out to vendor: the vendor.
    #[serde(default)]
    pub supplier: String,
    /// Delivery note number, RMA number …
    #[serde(default)]
    pub reference: String,
    /// A scanned delivery note (an uploaded file's id).
    #[serde(default)]
    pub file_id: Option<u64>,
    /// Why (required for adjust).
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Movement {
    pub id: u64,
    pub created_at: DateTime<Utc>,
    pub kind: MovementKind,
    pub part_id: u64,
    /// Units moved (for adjust, the size of `delta`).
    pub quantity: u32,
    /// Adjust: the signed correction; other kinds: 0.
    pub delta: i64,
    pub from_location_id: Option<u64>,
    pub to_location_id: Option<u64>,
    pub work_order_id: Option<u64>,
    pub serials: Vec<String>,
    pub supplier: String,
    pub reference: String,
    pub file_id: Option<u64>,
    pub reason: String,
    /// Units of `work_order_id`'s reservation at the source that this
    /// movement used up (issue, consume, transfer against a work order).
    pub released_reservation: u32,
    pub by_user_id: Option<u64>,
    pub by_name: String,
}

/// Stock of one part at one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Balance {
    pub part_id: u64,
    pub location_id: u64,
    pub on_hand: u32,
    pub reserved: u32,
    /// `on_hand - reserved`.
    pub available: u32,
    /// Reservations by work order.
    pub reserved_for: Vec<Reservation>,
    /// Serials here (serial-tracked parts only).
    pub serials: Vec<String>,
}

/// Units set aside at a location for one work order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reservation {
    pub work_order_id: u64,
    pub quantity: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReorderState {
    /// Stock is at or below the point; nobody has ordered yet.
    Open,
    /// Ordered; stays until stock rises above the point again.
    Ordered,
    /// Stock rose above the point (or the rule was removed).
    Closed,
}

/// One part to reorder for one location (at most one open or ordered per
/// part and location).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReorderLine {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub part_id: u64,
    pub part_number: String,
    pub part_name_zh: String,
    pub part_name_en: String,
    pub unit: String,
    pub supplier: String,
    pub location_id: u64,
    pub location_name: String,
    pub state: ReorderState,
    pub available: u32,
    pub point: u32,
    pub reorder_quantity: u32,
    pub suggested: u32,
}

/// `POST /api/stock/reorder/{id}/ordered`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkOrdered {
    pub version: u64,
}

/// `GET /api/stock/check`: the balances recomputed from every movement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockCheck {
    pub movements: u64,
    pub balances: u64,
    /// (part id, location id) whose kept balance differs from the replay.
    pub mismatches: Vec<(u64, u64)>,
}

/// How much to order: enough to be back at `point + quantity`, at least the
/// reorder quantity.
pub fn suggested_quantity(available: u32, point: u32, quantity: u32) -> u32 {
    (point.saturating_add(quantity))
        .saturating_sub(available)
        .max(quantity)
}

/// What one movement does to balances: (location, on-hand change,
/// reservation change, work order of the reservation change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effect {
    pub location_id: u64,
    pub on_hand: i64,
    pub reserved: i64,
    pub work_order_id: Option<u64>,
}

/// The balance changes of a movement, from the movement alone (so a replay
/// gives what the writes kept).
pub fn effects(m: &Movement) -> Vec<Effect> {
    let q = i64::from(m.quantity);
    let at = |loc: Option<u64>, on_hand: i64, reserved: i64| {
        loc.map(|location_id| Effect {
            location_id,
            on_hand,
            reserved,
            work_order_id: m.work_order_id,
        })
    };
    let released = -i64::from(m.released_reservation);
    let out = match m.kind {
        MovementKind::Receive => vec![at(m.to_location_id, q, 0)],
        MovementKind::Transfer
        | MovementKind::Issue
        | MovementKind::ReturnGood
        | MovementKind::ReturnFaulty => vec![
            at(m.from_location_id, -q, released),
            at(m.to_location_id, q, 0),
        ],
        MovementKind::Consume | MovementKind::OutToVendor => {
            vec![at(m.from_location_id, -q, released)]
        }
        MovementKind::Reserve => vec![at(m.from_location_id, 0, q)],
        MovementKind::Release => vec![at(m.from_location_id, 0, -q)],
        MovementKind::Adjust => vec![at(m.from_location_id.or(m.to_location_id), m.delta, 0)],
    };
    out.into_iter().flatten().collect()
}

/// Balances per (part, location) as on-hand and reservations by work order,
/// from movements in any order of writing (they are summed).
pub type Replayed = BTreeMap<(u64, u64), (i64, BTreeMap<u64, i64>)>;

/// Adds one movement to balances being replayed (zero reservations are
/// dropped at the end, by [`finish`]).
pub fn add_to(out: &mut Replayed, m: &Movement) {
    for e in effects(m) {
        let entry = out.entry((m.part_id, e.location_id)).or_default();
        entry.0 += e.on_hand;
        if e.reserved != 0 {
            let wo = e.work_order_id.unwrap_or(0);
            *entry.1.entry(wo).or_default() += e.reserved;
        }
    }
}

/// Drops the reservations that came back to zero.
pub fn finish(mut out: Replayed) -> Replayed {
    for (_, (_, reserved)) in out.iter_mut() {
        reserved.retain(|_, v| *v != 0);
    }
    out
}

/// Sums the movements into balances.
pub fn replay<'a>(movements: impl IntoIterator<Item = &'a Movement>) -> Replayed {
    let mut out: Replayed = BTreeMap::new();
    for m in movements {
        add_to(&mut out, m);
    }
    finish(out)
}

/// Checks the shape of a new movement (the server checks stock, serials and
/// permissions inside its write). Field errors name the field to fix.
pub fn check_movement(m: &NewMovement) -> FieldErrors {
    let mut e = FieldErrors::new();
    let Some(kind) = m.kind else {
        e.insert("kind".into(), "give the kind of movement".into());
        return e;
    };
    if kind == MovementKind::Adjust {
        match m.delta {
            None | Some(0) => {
                e.insert("delta".into(), "give a whole number other than 0".into());
            }
            Some(d) if d.abs() > 1_000_000 => {
                e.insert("delta".into(), "at most 1,000,000 either way".into());
            }
            _ => {}
        }
        if m.quantity.is_some() {
            e.insert("quantity".into(), "an adjustment takes delta".into());
        }
        if m.reason.trim().is_empty() {
            e.insert("reason".into(), "say why the count differs".into());
        }
    } else {
        match m.quantity {
            None | Some(0) => {
                e.insert(
                    "quantity".into(),
                    "must be a whole number of at least 1".into(),
                );
            }
            Some(q) if q > 1_000_000 => {
                e.insert("quantity".into(), "at most 1,000,000".into());
            }
            _ => {}
        }
        if m.delta.is_some() {
            e.insert("delta".into(), "only an adjustment takes delta".into());
        }
    }
    let shape = kind.shape();
    let need = |e: &mut FieldErrors, field: &str, v: Option<u64>, wanted: bool| match (wanted, v) {
        (true, None) => {
            e.insert(field.into(), format!("{} needs it", kind.as_str()));
        }
        (false, Some(_)) => {
            e.insert(field.into(), format!("{} does not take it", kind.as_str()));
        }
        _ => {}
    };
    let wants_from = matches!(shape, Shape::From | Shape::FromTo);
    let wants_to = matches!(shape, Shape::To | Shape::FromTo);
    need(&mut e, "from_location_id", m.from_location_id, wants_from);
    if kind == MovementKind::Issue && m.engineer_id.is_some() {
        if m.to_location_id.is_some() {
            e.insert(
                "engineer_id".into(),
                "give engineer_id or to_location_id, not both".into(),
            );
        }
    } else {
        need(&mut e, "to_location_id", m.to_location_id, wants_to);
    }
    if m.engineer_id.is_some() && kind != MovementKind::Issue {
        e.insert("engineer_id".into(), "only an issue takes it".into());
    }
    need(&mut e, "location_id", m.location_id, shape == Shape::At);
    if kind.needs_work_order() && m.work_order_id.is_none() {
        e.insert(
            "work_order_id".into(),
            format!("{} needs it", kind.as_str()),
        );
    }
    if m.from_location_id.is_some() && m.from_location_id == m.to_location_id {
        e.insert(
            "to_location_id".into(),
            "must differ from the source".into(),
        );
    }
    if !kind.moves_units() && !m.serials.is_empty() {
        e.insert("serials".into(), "reservations do not move serials".into());
    }
    let mut seen = std::collections::BTreeSet::new();
    for s in &m.serials {
        let n = crate::devices::normalise_serial(s);
        if n.is_empty() || n.chars().count() > 64 || n.chars().any(char::is_control) {
            e.insert(
                "serials".into(),
                "each serial must be 1 to 64 characters".into(),
            );
        } else if !seen.insert(n) {
            e.insert("serials".into(), format!("{} is listed twice", s.trim()));
        }
    }
    for (field, value, max) in [
        ("supplier", &m.supplier, 200),
        ("reference", &m.reference, 100),
        ("reason", &m.reason, 500),
    ] {
        if value.chars().count() > max {
            e.insert(field.into(), format!("must be at most {max} characters"));
        }
    }
    e
}

/// Units a movement changes (quantity, or the size of an adjustment).
pub fn units(m: &NewMovement) -> u32 {
    match (m.quantity, m.delta) {
        (Some(q), _) => q,
        (None, Some(d)) => u32::try_from(d.unsigned_abs()).unwrap_or(u32::MAX),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn movement(kind: MovementKind) -> NewMovement {
        NewMovement {
            kind: Some(kind),
            part_id: 1,
            quantity: Some(1),
            ..NewMovement::default()
        }
    }

    #[test]
    fn each_kind_names_the_fields_it_needs() {
        let e = check_movement(&movement(MovementKind::Transfer));
        assert!(e.contains_key("from_location_id") && e.contains_key("to_location_id"));
        let e = check_movement(&movement(MovementKind::Consume));
        assert!(e.contains_key("from_location_id") && e.contains_key("work_order_id"));
        let mut m = movement(MovementKind::Adjust);
        m.location_id = Some(3);
        let e = check_movement(&m);
        assert!(e.contains_key("delta") && e.contains_key("reason") && e.contains_key("quantity"));
        let mut m = movement(MovementKind::Receive);
        m.to_location_id = Some(3);
        m.quantity = Some(0);
        assert!(check_movement(&m).contains_key("quantity"));
        m.quantity = Some(2);
        m.serials = vec!["a".into(), " A ".into()];
        assert!(check_movement(&m).contains_key("serials"));
        m.serials.clear();
        assert!(check_movement(&m).is_empty());
    }

    #[test]
    fn replay_sums_effects_and_drops_spent_reservations() {
        let base = Movement {
            id: 1,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            kind: MovementKind::Receive,
            part_id: 7,
            quantity: 5,
            delta: 0,
            from_location_id: None,
            to_location_id: Some(1),
            work_order_id: None,
            serials: vec![],
            supplier: String::new(),
            reference: String::new(),
            file_id: None,
            reason: String::new(),
            released_reservation: 0,
            by_user_id: None,
            by_name: String::new(),
        };
        let reserve = Movement {
            kind: MovementKind::Reserve,
            quantity: 2,
            from_location_id: Some(1),
            to_location_id: None,
            work_order_id: Some(9),
            ..base.clone()
        };
        let issue = Movement {
            kind: MovementKind::Issue,
            quantity: 2,
            from_location_id: Some(1),
            to_location_id: Some(2),
            work_order_id: Some(9),
            released_reservation: 2,
            ..base.clone()
        };
        let r = replay([&base, &reserve, &issue]);
        assert_eq!(r[&(7, 1)].0, 3);
        assert!(r[&(7, 1)].1.is_empty());
        assert_eq!(r[&(7, 2)].0, 2);
        assert_eq!(suggested_quantity(1, 2, 5), 6);
        assert_eq!(suggested_quantity(0, 0, 5), 5);
    }
}
