//! Adding devices to a customer's archive and changing them.

use super::{allow, invalid, invalid_field, Caller, ServiceResult};
use crate::domain::archive as rules;
use crate::store::{abort, CustomerRecord, DeviceRecord, Store, TxResult};
use servicebook_shared::devices::{DevicePatch, NewDevice};
use servicebook_shared::dispatch::Category;
use servicebook_shared::permissions;

/// A new device of `input.customer_id`.
pub async fn create_device(
    store: &Store,
    caller: &Caller,
    input: NewDevice,
) -> ServiceResult<DeviceRecord> {
    allow(permissions::edit_devices(caller.who()), "edit devices")?;
    let categories = store.settings()?.categories;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let Some(customer) = tx.get::<CustomerRecord>(input.customer_id)? else {
                return abort(invalid_field(
                    "customer_id",
                    format!("there is no customer {}", input.customer_id),
                ));
            };
            let record = match rules::new_device(input.clone(), &customer, None) {
                Ok(r) => r,
                Err(e) => return abort(invalid(e)),
            };
            firms_category(&record.category, &categories)?;
            tx.insert_audited(record, &actor)
        })
        .await
}

/// Changes device `id` at `patch.version` (its site is checked against its
/// customer's sites as they are now).
pub async fn update_device(
    store: &Store,
    caller: &Caller,
    id: u64,
    patch: DevicePatch,
) -> ServiceResult<DeviceRecord> {
    allow(permissions::edit_devices(caller.who()), "edit devices")?;
    let categories = store.settings()?.categories;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let current: DeviceRecord = tx.require(id)?;
            let customer: CustomerRecord = tx.require(current.customer_id)?;
            let next = match rules::patch_device(&current, &patch, &customer) {
                Ok(n) => n,
                Err(e) => return abort(invalid(e)),
            };
            if next.category != current.category {
                firms_category(&next.category, &categories)?;
            }
            tx.update_audited(next, patch.version, &actor, "update")
        })
        .await
}

/// A device's category is one of the firm's list (or none); a category
/// the firm has since removed stays on the devices that have it.
fn firms_category(category: &str, list: &[Category]) -> TxResult<()> {
    if category.is_empty()
        || list
            .iter()
            .any(|c| c.name.trim().eq_ignore_ascii_case(category))
    {
        return Ok(());
    }
    abort(invalid_field(
        "category",
        "is not one of the firm's categories (settings)",
    ))
}
