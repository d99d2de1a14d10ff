//! Creating and changing contracts. A sale contract's free warranty months
//! reach the devices it lists in the same write, and a maintenance
//! contract's inspection plan follows its new dates and devices.

use super::customers::check_owner;
use super::{allow, invalid, invalid_field, Caller, ServiceResult};
use crate::domain::archive as rules;
use crate::store::{
    abort, Actor, ContractRecord, CustomerRecord, DeviceRecord, Store, Tx, TxResult,
};
use servicebook_shared::contracts::{ContractKind, ContractPatch, NewContract};
use servicebook_shared::permissions;
use servicebook_shared::users::FieldErrors;

/// Inside a write: the devices named, as they are now.
fn devices(tx: &Tx, ids: &[u64]) -> TxResult<Vec<Option<DeviceRecord>>> {
    ids.iter().map(|id| tx.get::<DeviceRecord>(*id)).collect()
}

/// Inside a write: the customer exists and every device is its own.
fn check_customer_and_devices(tx: &Tx, customer_id: u64, device_ids: &[u64]) -> TxResult<()> {
    if tx.get::<CustomerRecord>(customer_id)?.is_none() {
        return abort(invalid_field(
            "customer_id",
            format!("there is no customer {customer_id}"),
        ));
    }
    let found = devices(tx, device_ids)?;
    let mut e = FieldErrors::new();
    rules::check_devices(device_ids, customer_id, &found, &mut e);
    if e.is_empty() {
        Ok(())
    } else {
        abort(invalid(e))
    }
}

/// A sale contract's free warranty months reach the devices it lists
/// (those whose warranty end was not set by hand).
fn give_sale_warranty(tx: &Tx, contract: &ContractRecord, actor: &Actor) -> TxResult<()> {
    if contract.kind != ContractKind::Sale || contract.draft {
        return Ok(());
    }
    for id in &contract.device_ids {
        let device: DeviceRecord = tx.require(*id)?;
        if let Some(next) = rules::sale_warranty(&device, contract.warranty_months) {
            let v = device.meta.version;
            tx.update_audited(next, v, actor, "warranty")?;
        }
    }
    Ok(())
}

/// A new contract.
pub async fn create_contract(
    store: &Store,
    caller: &Caller,
    input: NewContract,
) -> ServiceResult<ContractRecord> {
    allow(permissions::edit_contracts(caller.who()), "edit contracts")?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            check_owner(tx, input.sales_owner_id)?;
            if tx.get::<CustomerRecord>(input.customer_id)?.is_none() {
                return abort(invalid_field(
                    "customer_id",
                    format!("there is no customer {}", input.customer_id),
                ));
            }
            let found = devices(tx, &input.device_ids)?;
            let record = match rules::new_contract(input.clone(), &found) {
                Ok(r) => r,
                Err(e) => return abort(invalid(e)),
            };
            give_sale_warranty(tx, &record, &actor)?;
            tx.insert_audited(record, &actor)
        })
        .await
}

/// Changes contract `id` at `patch.version`.
pub async fn update_contract(
    store: &Store,
    caller: &Caller,
    id: u64,
    patch: ContractPatch,
) -> ServiceResult<ContractRecord> {
    allow(permissions::edit_contracts(caller.who()), "edit contracts")?;
    let actor = caller.actor();
    // Its inspection schedules re-plan in the same write (found before it:
    // a write cannot scan).
    let schedules: Vec<u64> = store
        .schedules_of_contract(id)?
        .iter()
        .map(|s| s.meta.id)
        .collect();
    let at = super::requests::settings_at(store)?;
    store
        .write(move |tx| {
            let current: ContractRecord = tx.require(id)?;
            if patch.sales_owner_id.is_some() {
                check_owner(tx, patch.sales_owner_id)?;
            }
            let found = devices(tx, patch.device_ids.as_deref().unwrap_or_default())?;
            let next = match rules::patch_contract(&current, &patch, &found) {
                Ok(n) => n,
                Err(e) => return abort(invalid(e)),
            };
            check_customer_and_devices(tx, next.customer_id, &next.device_ids)?;
            give_sale_warranty(tx, &next, &actor)?;
            let saved = tx.update_audited(next, patch.version, &actor, "update")?;
            super::inspection_plans::replan_contract(tx, &saved, &schedules, at, &actor)?;
            Ok(saved)
        })
        .await
}
