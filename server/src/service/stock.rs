//! Stock use cases: locations, movements (the only way stock changes),
//! and recomputing balances from the movements (the reorder list, which
//! every movement refreshes, is in `reorders.rs`).
//!
//! [`move_stock`] is the one entry point for every kind of movement; other
//! features (part requests against a work order, the service report's
//! parts) call it with their work order's id. Everything is checked inside
//! the write: the store runs writes one at a time, so two issues of the
//! last unit cannot both pass.

use super::{allow, forbidden, invalid, invalid_field, not_now, Caller, ServiceResult};
use crate::domain::stock::{apply, location_fits, Shortfall};
use crate::store::balances::{pair, part_serial, BAL_BY_PART_LOCATION, SERIAL_BY_PART_SERIAL};
use crate::store::locations::BY_ENGINEER;
use crate::store::{
    abort, keys, Actor, BalanceRecord, LocationRecord, MovementRecord, PartRecord, RecordMeta,
    Rejection, SerialRecord, Store, StoreError, Tx, TxResult, UserRecord, WorkOrderRecord,
};
use servicebook_shared::devices::normalise_serial;
use servicebook_shared::permissions;
use servicebook_shared::stock::{
    add_to, check_movement, effects, finish, LocationKind, MovementKind, NewLocation, NewMovement,
    Replayed, Shape, StockCheck,
};
use servicebook_shared::users::{FieldErrors, Role};
use servicebook_shared::work_orders::WoState;
use servicebook_shared::ProblemCode;
use std::collections::BTreeMap;

fn refused(status: u16, code: ProblemCode, message: String) -> StoreError {
    StoreError::Rejected(Rejection {
        status,
        code,
        message,
        fields: FieldErrors::new(),
    })
}

/// A new warehouse or faulty shelf, or an engineer's kit.
pub async fn create_location(
    store: &Store,
    caller: &Caller,
    input: NewLocation,
) -> ServiceResult<LocationRecord> {
    allow(
        permissions::manage_parts(caller.who()),
        "create stock locations",
    )?;
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(invalid_field("name", "must be 1 to 100 characters"));
    }
    match (input.kind, input.engineer_id) {
        (LocationKind::Kit, None) => {
            return Err(invalid_field("engineer_id", "a kit belongs to an engineer"))
        }
        (LocationKind::Warehouse | LocationKind::FaultyShelf, Some(_)) => {
            return Err(invalid_field(
                "engineer_id",
                "only a kit belongs to an engineer",
            ))
        }
        _ => {}
    }
    let actor = caller.actor();
    store
        .write(move |tx| {
            if let Some(engineer) = input.engineer_id {
                engineer_of(tx, engineer, "engineer_id")?;
            }
            tx.insert_audited(
                LocationRecord {
                    meta: RecordMeta::new(),
                    name: name.clone(),
                    kind: input.kind,
                    engineer_id: input.engineer_id,
                },
                &actor,
            )
        })
        .await
}

fn engineer_of(tx: &Tx, id: u64, field: &str) -> TxResult<UserRecord> {
    match tx.get::<UserRecord>(id)? {
        Some(u) if u.has(Role::Engineer) && u.active => Ok(u),
        Some(_) => abort(invalid_field(
            field,
            format!("user {id} is not an active engineer"),
        )),
        None => abort(invalid_field(field, format!("there is no user {id}"))),
    }
}

/// The engineer's kit, made now if they have none yet.
fn kit_for(tx: &Tx, engineer: u64, actor: &Actor) -> TxResult<LocationRecord> {
    if let Some(id) = tx.find_unique::<LocationRecord>(&BY_ENGINEER, &keys::id(engineer))? {
        return tx.require(id);
    }
    let user = engineer_of(tx, engineer, "engineer_id")?;
    let name = if user.display_name.trim().is_empty() {
        &user.username
    } else {
        &user.display_name
    };
    tx.insert_audited(
        LocationRecord {
            meta: RecordMeta::new(),
            name: format!("{name} ({}) 备件包", user.username),
            kind: LocationKind::Kit,
            engineer_id: Some(engineer),
        },
        actor,
    )
}

fn location(tx: &Tx, id: Option<u64>, field: &str) -> TxResult<Option<LocationRecord>> {
    match id {
        None => Ok(None),
        Some(id) => match tx.get::<LocationRecord>(id)? {
            Some(l) => Ok(Some(l)),
            None => abort(invalid_field(
                field,
                format!("there is no stock location {id}"),
            )),
        },
    }
}

/// Records one movement of stock, with its balances, serials and reorder
/// suggestions, in one write. Refusals: 403 (the role, or an engineer's
/// movement from someone else's kit), 422 (bad input, naming the field),
/// 409 `insufficient-stock`, `serial-not-here`, `serial-in-stock`, or
/// `not-allowed-now` (an archived part, a closed work order).
pub async fn move_stock(
    store: &Store,
    caller: &Caller,
    input: NewMovement,
) -> ServiceResult<MovementRecord> {
    allow(permissions::read_stock(caller.who()), "move stock")?;
    let errors = check_movement(&input);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let caller = caller.clone();
    store
        .write(move |tx| record_movement(tx, &caller, &input))
        .await
}

/// [`move_stock`] inside a write that is already open (demo seeding, and
/// features that move stock as part of their own write).
pub fn record_movement(tx: &Tx, caller: &Caller, input: &NewMovement) -> TxResult<MovementRecord> {
    let Some(kind) = input.kind else {
        return abort(invalid_field("kind", "give the kind of movement"));
    };
    let actor = caller.actor();
    let Some(part) = tx.get::<PartRecord>(input.part_id)? else {
        return abort(invalid_field(
            "part_id",
            format!("there is no part {}", input.part_id),
        ));
    };
    if !part.active
        && matches!(
            kind,
            MovementKind::Receive | MovementKind::Issue | MovementKind::Reserve
        )
    {
        return abort(not_now(format!("Part {} is archived.", part.part_number)));
    }
    // Where from and where to.
    let shape = kind.shape();
    let (mut from_id, mut to_id) = match shape {
        Shape::At => match (kind, input.delta) {
            (MovementKind::Adjust, Some(d)) if d > 0 => (None, input.location_id),
            _ => (input.location_id, None),
        },
        _ => (input.from_location_id, input.to_location_id),
    };
    let at_field = |to: bool| match (shape, to) {
        (Shape::At, _) => "location_id",
        (_, true) => "to_location_id",
        (_, false) => "from_location_id",
    };
    let from = location(tx, from_id, at_field(false))?;
    let mut to = location(tx, to_id, at_field(true))?;
    if kind == MovementKind::Issue {
        if let Some(engineer) = input.engineer_id {
            let kit = kit_for(tx, engineer, &actor)?;
            to_id = Some(kit.meta.id);
            to = Some(kit);
        }
    }
    if kind != MovementKind::Adjust {
        if let Some((field, message)) = location_fits(
            kind,
            from.as_ref().map(|l| l.kind),
            to.as_ref().map(|l| l.kind),
        ) {
            let field = if shape == Shape::At {
                "location_id"
            } else {
                field
            };
            return abort(invalid_field(field, message));
        }
    }
    // Who: the store keeper anywhere, an engineer from their own kit.
    let own_kit = from.as_ref().is_some_and(|l| {
        l.kind == LocationKind::Kit && l.engineer_id.is_some() && l.engineer_id == caller.user_id
    });
    if !permissions::move_stock(caller.who(), kind, own_kit) {
        return abort(forbidden(format!(
            "You may not record a {} movement{}.",
            kind.as_str(),
            if from.as_ref().is_some_and(|l| l.kind == LocationKind::Kit) {
                " from another engineer's kit"
            } else {
                ""
            }
        )));
    }
    // Against which work order.
    if let Some(wo) = input.work_order_id {
        let Some(order) = tx.get::<WorkOrderRecord>(wo)? else {
            return abort(invalid_field(
                "work_order_id",
                format!("there is no work order {wo}"),
            ));
        };
        if matches!(order.state, WoState::Completed | WoState::Cancelled)
            && matches!(
                kind,
                MovementKind::Reserve | MovementKind::Issue | MovementKind::Consume
            )
        {
            return abort(not_now(format!(
                "Work order {} is closed: parts can no longer be reserved, issued or consumed for it.",
                order.number
            )));
        }
    }
    if let Some(file) = input.file_id {
        if tx.get::<crate::store::FileRecord>(file)?.is_none() {
            return abort(invalid_field("file_id", format!("there is no file {file}")));
        }
    }
    // Serials.
    let units = servicebook_shared::stock::units(input);
    let serials: Vec<String> = input.serials.iter().map(|s| normalise_serial(s)).collect();
    if kind.moves_units() {
        if part.serial_tracked && serials.len() as u64 != u64::from(units) {
            return abort(invalid_field(
                "serials",
                format!(
                    "{} is tracked by serial: list {units} serial(s), one per unit",
                    part.part_number
                ),
            ));
        }
        if !part.serial_tracked && !serials.is_empty() {
            return abort(invalid_field(
                "serials",
                format!("{} is not tracked by serial", part.part_number),
            ));
        }
    }
    let mut serial_records = Vec::with_capacity(serials.len());
    for s in &serials {
        let existing = match tx
            .find_unique::<SerialRecord>(&SERIAL_BY_PART_SERIAL, &part_serial(part.meta.id, s))?
        {
            Some(id) => Some(tx.require::<SerialRecord>(id)?),
            None => None,
        };
        match (from_id, &existing) {
            (Some(src), Some(r)) if r.location_id == Some(src) => {}
            (Some(src), _) => {
                let name = from.as_ref().map_or(String::new(), |l| l.name.clone());
                return abort(refused(
                    409,
                    ProblemCode::SerialNotHere,
                    format!(
                        "Serial {s} of {} is not at {name} (location {src}).",
                        part.part_number
                    ),
                ));
            }
            (None, Some(r)) if r.location_id.is_some() => {
                return abort(refused(
                    409,
                    ProblemCode::SerialInStock,
                    format!("Serial {s} of {} is already in stock.", part.part_number),
                ));
            }
            (None, _) => {}
        }
        serial_records.push((s.clone(), existing));
    }
    // Balances: the effects are worked out by the same function a replay
    // uses, so the kept balances and a recomputation cannot disagree.
    let mut balances: BTreeMap<u64, BalanceRecord> = BTreeMap::new();
    for loc in [from_id, to_id].into_iter().flatten() {
        let b = match tx
            .find_unique::<BalanceRecord>(&BAL_BY_PART_LOCATION, &pair(part.meta.id, loc))?
        {
            Some(id) => tx.require::<BalanceRecord>(id)?,
            None => BalanceRecord::empty(part.meta.id, loc),
        };
        balances.insert(loc, b);
    }
    let released = match (input.work_order_id, from_id, kind) {
        (Some(wo), Some(src), k) if k.moves_units() && k != MovementKind::Adjust => balances
            .get(&src)
            .map_or(0, |b| b.reserved_by(wo))
            .min(units),
        _ => 0,
    };
    if kind == MovementKind::Adjust {
        // Keep the shape of the record: the location on the side of the change.
        if input.delta.unwrap_or(0) > 0 {
            from_id = None;
        } else {
            to_id = None;
        }
    }
    let mut record = MovementRecord {
        meta: RecordMeta::new(),
        kind,
        part_id: part.meta.id,
        quantity: units,
        delta: if kind == MovementKind::Adjust {
            input.delta.unwrap_or(0)
        } else {
            0
        },
        from_location_id: from_id,
        to_location_id: to_id,
        work_order_id: input.work_order_id,
        serials: serials.clone(),
        supplier: input.supplier.trim().to_owned(),
        reference: input.reference.trim().to_owned(),
        file_id: input.file_id,
        reason: input.reason.trim().to_owned(),
        released_reservation: released,
        by_user_id: caller.user_id,
        by_name: caller.display_name.clone(),
    };
    for e in effects(&record.to_wire()) {
        let Some(b) = balances.get_mut(&e.location_id) else {
            continue;
        };
        if let Err(short) = apply(b, &e) {
            let place = if Some(e.location_id) == from_id {
                &from
            } else {
                &to
            };
            let place = place.as_ref().map_or(String::new(), |l| l.name.clone());
            return abort(match short {
                Shortfall::Stock { available, wanted } => refused(
                    409,
                    ProblemCode::InsufficientStock,
                    format!(
                        "Only {available} of {} available at {place}; {wanted} wanted.",
                        part.part_number
                    ),
                ),
                Shortfall::Reservation { reserved, wanted } => not_now(format!(
                    "Only {reserved} of {} reserved for this work order at {place}; {wanted} to release.",
                    part.part_number
                )),
            });
        }
    }
    record = tx.insert_audited(record, &actor)?;
    // The work order's own account of its parts moves with the stock.
    super::part_requests::track(tx, &record)?;
    for (_, b) in balances {
        let loc = b.location_id;
        let saved = if b.meta.id == 0 {
            tx.insert(b)?
        } else {
            let v = b.meta.version;
            tx.update(b, v)?
        };
        super::reorders::refresh_reorder(tx, &part, loc, saved.available(), &actor)?;
    }
    let dest = match kind {
        MovementKind::Consume | MovementKind::OutToVendor => None,
        MovementKind::Adjust if record.delta < 0 => None,
        _ => to_id,
    };
    for (s, existing) in serial_records {
        match existing {
            Some(mut r) => {
                r.location_id = dest;
                r.last_movement_id = record.meta.id;
                let v = r.meta.version;
                tx.update(r, v)?;
            }
            None => {
                tx.insert(SerialRecord {
                    meta: RecordMeta::new(),
                    part_id: part.meta.id,
                    serial: s,
                    location_id: dest,
                    last_movement_id: record.meta.id,
                })?;
            }
        }
    }
    Ok(record)
}

/// Replays every movement and compares the sums with the kept balances.
pub fn check(store: &Store) -> ServiceResult<StockCheck> {
    // One movement at a time: a million of them need not sit in memory.
    let mut replayed = Replayed::new();
    let mut count = 0u64;
    store.each_movement(|m| {
        add_to(&mut replayed, &m.to_wire());
        count += 1;
        Ok(())
    })?;
    let replayed = finish(replayed);
    let kept = store.all_balances()?;
    let mut mismatches = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for b in &kept {
        seen.insert((b.part_id, b.location_id));
        let (on_hand, reserved) = replayed
            .get(&(b.part_id, b.location_id))
            .cloned()
            .unwrap_or_default();
        let reserved: Vec<(u64, u32)> = reserved
            .into_iter()
            .map(|(w, q)| (w, u32::try_from(q).unwrap_or(u32::MAX)))
            .collect();
        if i64::from(b.on_hand) != on_hand || b.reserved_for != reserved {
            mismatches.push((b.part_id, b.location_id));
        }
    }
    for (key, (on_hand, reserved)) in &replayed {
        if !seen.contains(key) && (*on_hand != 0 || !reserved.is_empty()) {
            mismatches.push(*key);
        }
    }
    Ok(StockCheck {
        movements: count,
        balances: kept.len() as u64,
        mismatches,
    })
}
