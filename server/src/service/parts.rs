//! The parts catalogue: creating and changing parts (the store keeper and
//! the manager). A change of reorder rules refreshes the reorder list in
//! the same write.

use super::reorders::refresh_part;
use super::{allow, invalid, Caller, ServiceResult};
use crate::domain::parts as rules;
use crate::store::{abort, LocationRecord, PartRecord, Store, Tx, TxResult};
use servicebook_shared::parts::{NewPart, PartPatch};
use servicebook_shared::permissions;
use servicebook_shared::stock::LocationKind;

/// Every rule names a location that exists and holds good stock.
fn check_rule_locations(tx: &Tx, part: &PartRecord) -> TxResult<()> {
    for r in &part.reorder {
        match tx.get::<LocationRecord>(r.location_id)? {
            Some(l) if l.kind != LocationKind::FaultyShelf => {}
            Some(_) => {
                return abort(super::invalid_field(
                    "reorder",
                    "a faulty shelf is not reordered",
                ))
            }
            None => {
                return abort(super::invalid_field(
                    "reorder",
                    format!("there is no stock location {}", r.location_id),
                ))
            }
        }
    }
    Ok(())
}

pub async fn create_part(
    store: &Store,
    caller: &Caller,
    input: NewPart,
) -> ServiceResult<PartRecord> {
    allow(
        permissions::manage_parts(caller.who()),
        "edit the parts catalogue",
    )?;
    let record = rules::new_part(input).map_err(invalid)?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            check_rule_locations(tx, &record)?;
            let saved = tx.insert_audited(record.clone(), &actor)?;
            let locs: Vec<u64> = saved.reorder.iter().map(|r| r.location_id).collect();
            refresh_part(tx, &saved, &locs, &actor)?;
            Ok(saved)
        })
        .await
}

/// Changes part `id` at `patch.version`.
pub async fn update_part(
    store: &Store,
    caller: &Caller,
    id: u64,
    patch: PartPatch,
) -> ServiceResult<PartRecord> {
    allow(
        permissions::manage_parts(caller.who()),
        "edit the parts catalogue",
    )?;
    // Whether stock has moved only guards flipping serial tracking; a
    // balance appears with the first movement.
    let has_moved = !store.balances_of_part(id)?.is_empty();
    let actor = caller.actor();
    store
        .write(move |tx| {
            let current: PartRecord = tx.require(id)?;
            let next = match rules::patch_part(&current, &patch, has_moved) {
                Ok(n) => n,
                Err(e) => return crate::store::abort(invalid(e)),
            };
            let mut locs: Vec<u64> = current
                .reorder
                .iter()
                .chain(next.reorder.iter())
                .map(|r| r.location_id)
                .collect();
            locs.sort_unstable();
            locs.dedup();
            check_rule_locations(tx, &next)?;
            let saved = tx.update_audited(next, patch.version, &actor, "update")?;
            refresh_part(tx, &saved, &locs, &actor)?;
            Ok(saved)
        })
        .await
}
