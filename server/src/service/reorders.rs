//! The reorder list's use cases: keeping one suggestion per (part,
//! location) in line with stock (called inside every movement's and every
//! catalogue edit's write), recomputing them all, and marking one ordered.

use super::{allow, not_now, Caller, ServiceResult};
use crate::domain::stock::{reorder_need, ReorderNeed};
use crate::store::balances::{pair, BAL_BY_PART_LOCATION};
use crate::store::reorders::PENDING_BY_PART_LOCATION;
use crate::store::{
    abort, Actor, BalanceRecord, PartRecord, RecordMeta, ReorderRecord, Store, Tx, TxResult,
};
use servicebook_shared::permissions;
use servicebook_shared::stock::ReorderState;
use std::collections::BTreeMap;

/// Brings the reorder suggestion of (part, location) in line with its
/// available stock: opens one at or below the point (never a second one:
/// the pending index is unique), updates an open one, closes a pending one
/// once stock is above the point or the rule is gone.
pub fn refresh_reorder(
    tx: &Tx,
    part: &PartRecord,
    location: u64,
    available: u32,
    actor: &Actor,
) -> TxResult<()> {
    let pending = match tx
        .find_unique::<ReorderRecord>(&PENDING_BY_PART_LOCATION, &pair(part.meta.id, location))?
    {
        Some(id) => Some(tx.require::<ReorderRecord>(id)?),
        None => None,
    };
    let need = if part.active {
        reorder_need(part.rule_at(location), available)
    } else {
        ReorderNeed::None
    };
    match (need, pending) {
        (ReorderNeed::Order { suggested, rule }, None) => {
            tx.insert_audited(
                ReorderRecord {
                    meta: RecordMeta::new(),
                    part_id: part.meta.id,
                    location_id: location,
                    state: ReorderState::Open,
                    available,
                    point: rule.point,
                    reorder_quantity: rule.quantity,
                    suggested,
                    ordered_at: None,
                    closed_at: None,
                },
                actor,
            )?;
        }
        (ReorderNeed::Order { suggested, rule }, Some(mut r)) if r.state == ReorderState::Open => {
            if (r.available, r.point, r.reorder_quantity, r.suggested)
                != (available, rule.point, rule.quantity, suggested)
            {
                let v = r.meta.version;
                r.available = available;
                r.point = rule.point;
                r.reorder_quantity = rule.quantity;
                r.suggested = suggested;
                tx.update_audited(r, v, actor, "refresh")?;
            }
        }
        (ReorderNeed::Order { .. }, Some(_)) => {}
        (ReorderNeed::None, Some(mut r)) => {
            let v = r.meta.version;
            r.state = ReorderState::Closed;
            r.available = available;
            r.closed_at = Some(tx.now());
            tx.update_audited(r, v, actor, "close")?;
        }
        (ReorderNeed::None, None) => {}
    }
    Ok(())
}

/// Refreshes every suggestion of `part` at the locations its old and new
/// rules name (after a catalogue edit).
pub fn refresh_part(tx: &Tx, part: &PartRecord, locations: &[u64], actor: &Actor) -> TxResult<()> {
    for &loc in locations {
        let available = match tx
            .find_unique::<BalanceRecord>(&BAL_BY_PART_LOCATION, &pair(part.meta.id, loc))?
        {
            Some(id) => tx.require::<BalanceRecord>(id)?.available(),
            None => 0,
        };
        refresh_reorder(tx, part, loc, available, actor)?;
    }
    Ok(())
}

/// Recomputes every part's suggestions (after rules changed by import, or
/// when someone asks): one write, never a duplicate.
pub async fn refresh_reorders(store: &Store, caller: &Caller) -> ServiceResult<()> {
    allow(
        permissions::manage_parts(caller.who()),
        "refresh the reorder list",
    )?;
    let mut parts = Vec::new();
    let mut after = None;
    loop {
        let (page, next) = store.list::<PartRecord>(after, 1000)?;
        parts.extend(
            page.into_iter()
                .filter(|p| !p.reorder.is_empty())
                .map(|p| p.meta.id),
        );
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    let pending: Vec<(u64, u64)> = store
        .reorders_in(ReorderState::Open)?
        .into_iter()
        .chain(store.reorders_in(ReorderState::Ordered)?)
        .map(|r| (r.part_id, r.location_id))
        .collect();
    let actor = caller.actor();
    store
        .write(move |tx| {
            let mut all: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
            for (p, l) in &pending {
                all.entry(*p).or_default().push(*l);
            }
            for p in &parts {
                all.entry(*p).or_default();
            }
            for (p, mut locs) in all {
                let Some(part) = tx.get::<PartRecord>(p)? else {
                    continue;
                };
                locs.extend(part.reorder.iter().map(|r| r.location_id));
                locs.sort_unstable();
                locs.dedup();
                refresh_part(tx, &part, &locs, &actor)?;
            }
            Ok(())
        })
        .await
}

/// Marks a suggestion ordered (at its `version`); it stays on the list as
/// ordered until stock is above the point again.
pub async fn mark_ordered(
    store: &Store,
    caller: &Caller,
    id: u64,
    version: u64,
) -> ServiceResult<ReorderRecord> {
    allow(
        permissions::manage_parts(caller.who()),
        "mark reorders as ordered",
    )?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let mut r: ReorderRecord = tx.require(id)?;
            if r.state != ReorderState::Open {
                return abort(not_now(format!(
                    "This suggestion is already {}.",
                    if r.state == ReorderState::Ordered {
                        "ordered"
                    } else {
                        "closed"
                    }
                )));
            }
            r.state = ReorderState::Ordered;
            r.ordered_at = Some(tx.now());
            tx.update_audited(r, version, &actor, "ordered")
        })
        .await
}
