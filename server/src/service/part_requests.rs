//! Part requests (备件申请) against a work order, and the work order's parts
//! ledger. Every stock change they imply is a movement recorded through
//! `stock::record_movement` in the same write as the request's new state,
//! so a request never says "approved" without its reservation, nor
//! "issued" without the parts in the kit.

use super::requests::check;
use super::stock::record_movement;
use super::{allow, forbidden, invalid, invalid_field, not_now, Caller, ServiceResult};
use crate::store::part_requests::{
    LedgerLine, PartRequestRecord, WoPartsRecord, LEDGER_BY_WORK_ORDER,
};
use crate::store::reports::ReportRecord;
use crate::store::{
    abort, keys, LocationRecord, MovementRecord, PartRecord, RecordMeta, Store, StoreError, Tx,
    TxResult, UserRecord, WorkOrderRecord,
};
use servicebook_shared::devices::normalise_serial;
use servicebook_shared::part_requests::{
    check_new, check_picks, compare_receipt, ApprovePr, IssuePr, IssuedPart, NewPartRequest,
    PickedPart, PrLine, PrState, PrVerb, ReasonPr, ReceivePr, ReturnParts, UsedPart,
};
use servicebook_shared::permissions;
use servicebook_shared::stock::{LocationKind, MovementKind, NewMovement};
use servicebook_shared::users::Role;
use servicebook_shared::work_orders::WoState;

/// The movements a request's action implies are the store's work: the
/// action's own permission was asked already (an engineer cancelling their
/// approved request releases its reservation, which they could not do as
/// a movement of their own). The audit still names the person.
pub(crate) fn as_store(caller: &Caller) -> Caller {
    Caller {
        roles: vec![Role::Storekeeper],
        ..caller.clone()
    }
}

fn open_order(tx: &Tx, id: u64, field: &str) -> TxResult<WorkOrderRecord> {
    let Some(wo) = tx.get::<WorkOrderRecord>(id)? else {
        return abort(invalid_field(field, format!("there is no work order {id}")));
    };
    if matches!(wo.state, WoState::Completed | WoState::Cancelled) {
        return abort(not_now(format!(
            "Work order {} is closed: no more parts for it.",
            wo.number
        )));
    }
    Ok(wo)
}

fn fresh(r: &PartRequestRecord, version: u64) -> TxResult<()> {
    if r.meta.version == version {
        Ok(())
    } else {
        abort(StoreError::StaleVersion {
            table: "part_requests",
            id: r.meta.id,
            expected: version,
            actual: r.meta.version,
        })
    }
}

fn step(r: &mut PartRequestRecord, verb: PrVerb) -> TxResult<()> {
    match verb.next(r.state) {
        Some(next) => {
            r.state = next;
            Ok(())
        }
        None => abort(not_now(format!(
            "A part request that is {} cannot be {}d.",
            r.state.as_str(),
            verb.as_str().trim_end_matches('e')
        ))),
    }
}

/// An engineer of the work order asks for parts for their kit (a manager
/// may ask for its first engineer).
pub async fn create(
    store: &Store,
    caller: &Caller,
    input: NewPartRequest,
) -> ServiceResult<PartRequestRecord> {
    let errors = check_new(&input);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let caller = caller.clone();
    store
        .write(move |tx| {
            let wo = open_order(tx, input.work_order_id, "work_order_id")?;
            let assigned = caller.is_one_of(&wo.assignees);
            check(allow(
                permissions::request_parts(caller.who(), assigned),
                &format!("ask for parts on {}", wo.number),
            ))?;
            let engineer_id = match (assigned, caller.user_id, wo.assignees.first()) {
                (true, Some(me), _) => me,
                (false, _, Some(first)) => *first,
                _ => {
                    return abort(not_now(format!(
                        "Work order {} has no engineer yet: dispatch it first.",
                        wo.number
                    )))
                }
            };
            let engineer: UserRecord = tx.require(engineer_id)?;
            let mut lines = Vec::with_capacity(input.lines.len());
            for (i, l) in input.lines.iter().enumerate() {
                let field = format!("lines[{i}].part_id");
                let part = match tx.get::<PartRecord>(l.part_id)? {
                    Some(p) if p.active => p,
                    Some(p) => {
                        return abort(invalid_field(
                            &field,
                            format!("part {} is archived", p.part_number),
                        ))
                    }
                    None => {
                        return abort(invalid_field(
                            &field,
                            format!("there is no part {}", l.part_id),
                        ))
                    }
                };
                lines.push(PrLine {
                    part_id: part.meta.id,
                    part_number: part.part_number,
                    name_zh: part.name_zh,
                    name_en: part.name_en,
                    unit: part.unit,
                    serial_tracked: part.serial_tracked,
                    quantity: l.quantity,
                    note: l.note.trim().to_owned(),
                    issued_serials: Vec::new(),
                    received_quantity: None,
                    received_serials: Vec::new(),
                });
            }
            let name = if engineer.display_name.trim().is_empty() {
                engineer.username.clone()
            } else {
                engineer.display_name.clone()
            };
            tx.insert_audited(
                PartRequestRecord {
                    meta: RecordMeta::new(),
                    work_order_id: wo.meta.id,
                    work_order_number: wo.number.clone(),
                    engineer_id,
                    engineer_name: name,
                    state: PrState::Requested,
                    lines,
                    note: input.note.trim().to_owned(),
                    location_id: None,
                    kit_location_id: None,
                    reason: String::new(),
                    decided_by: String::new(),
                    issued_by: String::new(),
                    received_at: None,
                    discrepancies: Vec::new(),
                },
                &caller.actor(),
            )
        })
        .await
}

fn may_decide(caller: &Caller, r: &PartRequestRecord, what: &str) -> TxResult<()> {
    let own = caller.user_id == Some(r.engineer_id);
    if permissions::decide_part_requests(caller.who(), own) {
        Ok(())
    } else if own && permissions::decide_part_requests(caller.who(), false) {
        abort(forbidden(format!(
            "You may not {what} your own part request."
        )))
    } else {
        abort(forbidden(format!("You may not {what} part requests.")))
    }
}

fn movement(kind: MovementKind, r: &PartRequestRecord, line: &PrLine) -> NewMovement {
    NewMovement {
        kind: Some(kind),
        part_id: line.part_id,
        quantity: Some(line.quantity),
        work_order_id: Some(r.work_order_id),
        ..NewMovement::default()
    }
}

/// Gives back what an approved request reserved.
fn release(tx: &Tx, caller: &Caller, r: &PartRequestRecord) -> TxResult<()> {
    if r.state != PrState::Approved {
        return Ok(());
    }
    for line in &r.lines {
        let m = NewMovement {
            location_id: r.location_id,
            reason: format!("part request {} withdrawn", r.meta.id),
            ..movement(MovementKind::Release, r, line)
        };
        record_movement(tx, &as_store(caller), &m)?;
    }
    Ok(())
}

/// The store keeper approves by reserving every line at a warehouse for
/// the work order, in the same write (not enough available: 409).
pub async fn approve(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: ApprovePr,
) -> ServiceResult<PartRequestRecord> {
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut r: PartRequestRecord = tx.require(id)?;
            fresh(&r, input.version)?;
            may_decide(&caller, &r, "approve")?;
            step(&mut r, PrVerb::Approve)?;
            open_order(tx, r.work_order_id, "work_order_id")?;
            match tx.get::<LocationRecord>(input.location_id)? {
                Some(l) if l.kind == LocationKind::Warehouse => {}
                Some(_) => {
                    return abort(invalid_field(
                        "location_id",
                        "parts are reserved and issued from a warehouse",
                    ))
                }
                None => {
                    return abort(invalid_field(
                        "location_id",
                        format!("there is no stock location {}", input.location_id),
                    ))
                }
            }
            for line in &r.lines {
                let m = NewMovement {
                    location_id: Some(input.location_id),
                    reference: format!("PR-{}", r.meta.id),
                    ..movement(MovementKind::Reserve, &r, line)
                };
                record_movement(tx, &as_store(&caller), &m)?;
            }
            r.location_id = Some(input.location_id);
            r.decided_by = caller.display_name.clone();
            tx.update_audited(r, input.version, &caller.actor(), "approve")
        })
        .await
}

/// Refuse a request (with a reason); an approved one gives its
/// reservation back.
pub async fn reject(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: ReasonPr,
) -> ServiceResult<PartRequestRecord> {
    let reason = input.reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(invalid_field(
            "reason",
            "say why, in at most 500 characters",
        ));
    }
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut r: PartRequestRecord = tx.require(id)?;
            fresh(&r, input.version)?;
            may_decide(&caller, &r, "reject")?;
            release(tx, &caller, &r)?;
            step(&mut r, PrVerb::Reject)?;
            r.reason = reason.clone();
            r.decided_by = caller.display_name.clone();
            tx.update_audited(r, input.version, &caller.actor(), "reject")
        })
        .await
}

/// Withdraw a request before it is issued (its reservation goes back).
pub async fn cancel(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: ReasonPr,
) -> ServiceResult<PartRequestRecord> {
    let reason = input.reason.trim().to_owned();
    if reason.chars().count() > 500 {
        return Err(invalid_field("reason", "must be at most 500 characters"));
    }
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut r: PartRequestRecord = tx.require(id)?;
            fresh(&r, input.version)?;
            let own = caller.user_id == Some(r.engineer_id);
            check(allow(
                permissions::cancel_part_request(caller.who(), own),
                "cancel this part request",
            ))?;
            if PrVerb::Cancel.next(r.state).is_none() {
                return abort(not_now(format!(
                    "A part request that is {} cannot be cancelled{}.",
                    r.state.as_str(),
                    if r.state == PrState::Issued {
                        ": the parts are in the kit, return them instead"
                    } else {
                        ""
                    }
                )));
            }
            release(tx, &caller, &r)?;
            step(&mut r, PrVerb::Cancel)?;
            r.reason = reason.clone();
            tx.update_audited(r, input.version, &caller.actor(), "cancel")
        })
        .await
}

/// Issue an approved request to the engineer's kit (their reservation is
/// used first; serial-tracked lines name their serials).
pub async fn issue(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: IssuePr,
) -> ServiceResult<PartRequestRecord> {
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut r: PartRequestRecord = tx.require(id)?;
            fresh(&r, input.version)?;
            may_decide(&caller, &r, "issue")?;
            step(&mut r, PrVerb::Issue)?;
            let mut kit = None;
            for (i, line) in r.lines.clone().iter().enumerate() {
                let serials = input.serials.get(i).cloned().unwrap_or_default();
                if line.serial_tracked && serials.len() as u64 != u64::from(line.quantity) {
                    return abort(invalid_field(
                        &format!("serials[{i}]"),
                        format!(
                            "{} is tracked by serial: list {} serial(s)",
                            line.part_number, line.quantity
                        ),
                    ));
                }
                let m = NewMovement {
                    from_location_id: r.location_id,
                    engineer_id: Some(r.engineer_id),
                    serials: serials.clone(),
                    reference: format!("PR-{}", r.meta.id),
                    ..movement(MovementKind::Issue, &r, line)
                };
                let saved = record_movement(tx, &as_store(&caller), &m)?;
                kit = saved.to_location_id;
                r.lines[i].issued_serials = saved.serials.clone();
            }
            r.kit_location_id = kit;
            r.issued_by = caller.display_name.clone();
            tx.update_audited(r, input.version, &caller.actor(), "issue")
        })
        .await
}

/// The engineer confirms what arrived in their kit. A count or serials
/// that differ from the issue are kept as discrepancies for the store
/// keeper to settle, never silently accepted.
pub async fn receive(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: ReceivePr,
) -> ServiceResult<PartRequestRecord> {
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut r: PartRequestRecord = tx.require(id)?;
            fresh(&r, input.version)?;
            let own = caller.user_id == Some(r.engineer_id);
            check(allow(
                permissions::receive_parts(caller.who(), own),
                "confirm receipt of parts issued to someone else",
            ))?;
            step(&mut r, PrVerb::Receive)?;
            let found = compare_receipt(&r.lines, &input.lines)
                .map_err(invalid)
                .or_else(abort)?;
            for (line, got) in r.lines.iter_mut().zip(&input.lines) {
                line.received_quantity = Some(got.quantity);
                line.received_serials = got.serials.iter().map(|s| normalise_serial(s)).collect();
            }
            r.discrepancies = found;
            r.received_at = Some(tx.now());
            tx.update_audited(r, input.version, &caller.actor(), "receive")
        })
        .await
}

fn ledger_in(tx: &Tx, work_order: u64) -> TxResult<Option<WoPartsRecord>> {
    match tx.find_unique::<WoPartsRecord>(&LEDGER_BY_WORK_ORDER, &keys::id(work_order))? {
        Some(id) => Ok(Some(tx.require(id)?)),
        None => Ok(None),
    }
}

/// Keeps the work order's parts ledger in step with a movement against it
/// (called by `record_movement` for every movement it records): issues
/// add to a kit's line, consumption and returns from that kit take away.
pub(crate) fn track(tx: &Tx, m: &MovementRecord) -> TxResult<()> {
    let Some(wo) = m.work_order_id else {
        return Ok(());
    };
    let (loc, add) = match m.kind {
        MovementKind::Issue => (m.to_location_id, true),
        MovementKind::Consume | MovementKind::ReturnGood | MovementKind::ReturnFaulty => {
            (m.from_location_id, false)
        }
        _ => return Ok(()),
    };
    let Some(loc) = loc else { return Ok(()) };
    let existing = ledger_in(tx, wo)?;
    if existing.is_none() && !add {
        return Ok(());
    }
    let mut ledger = existing.clone().unwrap_or(WoPartsRecord {
        meta: RecordMeta::new(),
        work_order_id: wo,
        lines: Vec::new(),
    });
    let at = ledger
        .lines
        .iter()
        .position(|l| l.part_id == m.part_id && l.location_id == loc);
    let line = match (at, add) {
        (Some(i), _) => &mut ledger.lines[i],
        (None, true) => {
            let i = ledger.lines.len();
            ledger.lines.push(LedgerLine {
                part_id: m.part_id,
                location_id: loc,
                issued: 0,
                consumed: 0,
                returned: 0,
                serials: Vec::new(),
            });
            &mut ledger.lines[i]
        }
        // Not issued from this kit against the work order: nothing to track.
        (None, false) => return Ok(()),
    };
    match m.kind {
        MovementKind::Issue => {
            line.issued = line.issued.saturating_add(m.quantity);
            line.serials.extend(m.serials.iter().cloned());
        }
        MovementKind::Consume => line.consumed = line.consumed.saturating_add(m.quantity),
        _ => line.returned = line.returned.saturating_add(m.quantity),
    }
    if !add {
        line.serials.retain(|s| !m.serials.contains(s));
    }
    match existing {
        Some(old) => tx.update(ledger, old.meta.version)?,
        None => tx.insert(ledger)?,
    };
    Ok(())
}

fn issued_from<E>(
    ledger: Option<WoPartsRecord>,
    part: impl Fn(u64) -> Result<Option<PartRecord>, E>,
) -> Result<Vec<IssuedPart>, E> {
    let mut out = Vec::new();
    for l in ledger.map(|l| l.lines).unwrap_or_default() {
        let p = part(l.part_id)?;
        out.push(IssuedPart {
            part_id: l.part_id,
            part_number: p.as_ref().map_or(String::new(), |p| p.part_number.clone()),
            name_zh: p.as_ref().map_or(String::new(), |p| p.name_zh.clone()),
            name_en: p.as_ref().map_or(String::new(), |p| p.name_en.clone()),
            unit: p.as_ref().map_or(String::new(), |p| p.unit.clone()),
            price: p.as_ref().map_or(Default::default(), |p| p.price),
            location_id: l.location_id,
            issued: l.issued,
            consumed: l.consumed,
            returned: l.returned,
            outstanding: l.outstanding(),
            serials: l.serials.clone(),
        });
    }
    Ok(out)
}

/// What was issued to the work order, inside a write.
pub(crate) fn issued_in(tx: &Tx, work_order: u64) -> TxResult<Vec<IssuedPart>> {
    issued_from(ledger_in(tx, work_order)?, |id| tx.get::<PartRecord>(id))
}

/// What was issued to the work order, for reading.
pub fn issued(store: &Store, work_order: u64) -> ServiceResult<Vec<IssuedPart>> {
    issued_from(store.wo_parts(work_order)?, |id| {
        store.get::<PartRecord>(id)
    })
}

/// The report's picked lines, checked against what is out on the work
/// order and priced as the catalogue prices them now.
pub(crate) fn price_picks(
    tx: &Tx,
    work_order: u64,
    picks: &[PickedPart],
) -> TxResult<Vec<UsedPart>> {
    if picks.is_empty() {
        return Ok(Vec::new());
    }
    let issued = issued_in(tx, work_order)?;
    let errors = check_picks(&issued, picks);
    if !errors.is_empty() {
        return abort(invalid(errors));
    }
    Ok(picks
        .iter()
        .filter_map(|p| {
            let o = issued
                .iter()
                .find(|o| o.part_id == p.part_id && o.location_id == p.location_id)?;
            Some(UsedPart {
                part_id: p.part_id,
                part_number: o.part_number.clone(),
                name_zh: o.name_zh.clone(),
                name_en: o.name_en.clone(),
                unit: o.unit.clone(),
                location_id: p.location_id,
                quantity: p.quantity,
                serials: p.serials.iter().map(|s| normalise_serial(s)).collect(),
                unit_price: o.price,
            })
        })
        .collect())
}

/// The picks a saved report line list stands for (to compare a
/// correction's lines with the consumed ones).
pub(crate) fn as_picks(parts: &[UsedPart]) -> Vec<PickedPart> {
    parts
        .iter()
        .map(|p| PickedPart {
            part_id: p.part_id,
            location_id: p.location_id,
            quantity: p.quantity,
            serials: p.serials.clone(),
        })
        .collect()
}

/// Signing consumes the report's parts from the kits, once: still out on
/// the work order (checked again, the kit may have changed since the
/// draft), in the same write as the signature.
pub(crate) fn consume_report_parts(
    tx: &Tx,
    caller: &Caller,
    report: &mut ReportRecord,
) -> TxResult<()> {
    if report.parts_consumed || report.parts.is_empty() {
        return Ok(());
    }
    let issued = issued_in(tx, report.work_order_id)?;
    let errors = check_picks(&issued, &as_picks(&report.parts));
    if !errors.is_empty() {
        return abort(not_now(format!(
            "The parts on the report are no longer all in the kit ({}): update the report's parts.",
            errors.into_values().collect::<Vec<_>>().join("; ")
        )));
    }
    for p in &report.parts {
        let m = NewMovement {
            kind: Some(MovementKind::Consume),
            part_id: p.part_id,
            quantity: Some(p.quantity),
            from_location_id: Some(p.location_id),
            work_order_id: Some(report.work_order_id),
            serials: p.serials.clone(),
            reference: format!("report {}", report.meta.id),
            ..NewMovement::default()
        };
        record_movement(tx, &as_store(caller), &m)?;
    }
    report.parts_consumed = true;
    Ok(())
}

/// Unused parts of a work order go back from the kit: good ones to a
/// warehouse, faulty ones to the faulty shelf. Never more than is out on
/// the work order, never a serial that did not go out on it.
pub async fn return_parts(
    store: &Store,
    caller: &Caller,
    work_order: u64,
    input: ReturnParts,
) -> ServiceResult<MovementRecord> {
    if input.quantity == 0 {
        return Err(invalid_field("quantity", "must be at least 1"));
    }
    let caller = caller.clone();
    store
        .write(move |tx| {
            tx.require::<WorkOrderRecord>(work_order)?;
            let issued = issued_in(tx, work_order)?;
            let Some(out) = issued
                .iter()
                .find(|o| o.part_id == input.part_id && o.location_id == input.from_location_id)
            else {
                return abort(invalid_field(
                    "part_id",
                    "this part was not issued to this work order from that kit",
                ));
            };
            if input.quantity > out.outstanding {
                return abort(invalid_field(
                    "quantity",
                    format!(
                        "only {} of {} still out on this work order",
                        out.outstanding, out.part_number
                    ),
                ));
            }
            for s in &input.serials {
                let s = normalise_serial(s);
                if !out.serials.contains(&s) {
                    return abort(invalid_field(
                        "serials",
                        format!("serial {s} did not go out on this work order"),
                    ));
                }
            }
            let m = NewMovement {
                kind: Some(if input.faulty {
                    MovementKind::ReturnFaulty
                } else {
                    MovementKind::ReturnGood
                }),
                part_id: input.part_id,
                quantity: Some(input.quantity),
                from_location_id: Some(input.from_location_id),
                to_location_id: Some(input.to_location_id),
                work_order_id: Some(work_order),
                serials: input.serials.clone(),
                reason: input.reason.trim().to_owned(),
                ..NewMovement::default()
            };
            record_movement(tx, &caller, &m)
        })
        .await
}
