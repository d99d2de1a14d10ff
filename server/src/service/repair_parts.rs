//! Parts from stock on a repair's record (维修记录单): used from the
//! engineer's own kit, or from a warehouse (issued to their kit and used in
//! the same write). The line joins the record's parts with the part's
//! price, so the record, its print and the stock agree.

use super::part_requests::as_store;
use super::requests::fresh;
use super::stock::record_movement;
use super::{allow, invalid_field, not_now, Caller, ServiceResult};
use crate::store::{abort, LocationRecord, PartRecord, RepairRecord, Store};
use servicebook_shared::devices::normalise_serial;
use servicebook_shared::permissions;
use servicebook_shared::repairs::{PartLine, RepairState, UseStockPart};
use servicebook_shared::stock::{LocationKind, MovementKind, NewMovement};
use servicebook_shared::Money;

pub async fn use_stock_part(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: UseStockPart,
) -> ServiceResult<RepairRecord> {
    allow(
        permissions::write_repair_sheet(caller.who()),
        "write repair records",
    )?;
    if input.quantity == 0 || input.quantity > 9999 {
        return Err(invalid_field("quantity", "must be 1 to 9999"));
    }
    let Some(me) = caller.user_id else {
        return Err(invalid_field("location_id", "only a person uses parts"));
    };
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut repair: RepairRecord = tx.require(id)?;
            fresh(&repair, input.version)?;
            if repair.state == RepairState::Received || !repair.state.is_open() {
                return abort(not_now(format!(
                    "parts are used from diagnosis until the device is handed back, and this repair is {}",
                    repair.state.as_str()
                )));
            }
            let Some(part) = tx.get::<PartRecord>(input.part_id)? else {
                return abort(invalid_field(
                    "part_id",
                    format!("there is no part {}", input.part_id),
                ));
            };
            let Some(at) = tx.get::<LocationRecord>(input.location_id)? else {
                return abort(invalid_field(
                    "location_id",
                    format!("there is no stock location {}", input.location_id),
                ));
            };
            let used = |from: u64| NewMovement {
                kind: Some(MovementKind::Consume),
                part_id: part.meta.id,
                quantity: Some(input.quantity),
                from_location_id: Some(from),
                serials: input.serials.clone(),
                reference: repair.number.clone(),
                ..NewMovement::default()
            };
            match at.kind {
                // Someone's kit: record_movement lets an engineer use only
                // their own (a manager or store keeper any).
                LocationKind::Kit => {
                    record_movement(tx, &caller, &used(at.meta.id))?;
                }
                LocationKind::Warehouse => {
                    let issued = record_movement(
                        tx,
                        &as_store(&caller),
                        &NewMovement {
                            kind: Some(MovementKind::Issue),
                            part_id: part.meta.id,
                            quantity: Some(input.quantity),
                            from_location_id: Some(at.meta.id),
                            engineer_id: Some(me),
                            serials: input.serials.clone(),
                            reference: repair.number.clone(),
                            ..NewMovement::default()
                        },
                    )?;
                    let kit = issued.to_location_id.unwrap_or(at.meta.id);
                    record_movement(tx, &as_store(&caller), &used(kit))?;
                }
                LocationKind::FaultyShelf => {
                    return abort(invalid_field(
                        "location_id",
                        "parts are used from a kit or a warehouse",
                    ))
                }
            }
            let serials: Vec<String> = input.serials.iter().map(|s| normalise_serial(s)).collect();
            let name = if part.name_zh.trim().is_empty() {
                &part.name_en
            } else {
                &part.name_zh
            };
            repair.sheet.parts.push(PartLine {
                part: if serials.is_empty() {
                    format!("{} {name}", part.part_number)
                } else {
                    format!("{} {name} ({})", part.part_number, serials.join(", "))
                },
                quantity: input.quantity,
                amount: Money(part.price.0.saturating_mul(i64::from(input.quantity))),
                part_id: Some(part.meta.id),
                serials,
            });
            tx.update_audited(repair, input.version, &caller.actor(), "use-part")
        })
        .await
}
