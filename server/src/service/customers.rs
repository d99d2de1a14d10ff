//! Creating and changing customers.

use super::{allow, invalid, invalid_field, Caller, ServiceResult};
use crate::domain::archive as rules;
use crate::store::{abort, CustomerRecord, Store, Tx, TxResult, UserRecord};
use servicebook_shared::customers::{CustomerPatch, NewCustomer};
use servicebook_shared::permissions;

/// Inside a write: the sales owner named, if any, is a user.
pub(crate) fn check_owner(tx: &Tx, owner: Option<u64>) -> TxResult<()> {
    match owner {
        Some(id) if tx.get::<UserRecord>(id)?.is_none() => abort(invalid_field(
            "sales_owner_id",
            format!("there is no user {id}"),
        )),
        _ => Ok(()),
    }
}

/// A new customer.
pub async fn create_customer(
    store: &Store,
    caller: &Caller,
    input: NewCustomer,
) -> ServiceResult<CustomerRecord> {
    allow(
        permissions::create_customers(caller.who()),
        "create customers",
    )?;
    let record = rules::new_customer(input).map_err(invalid)?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            check_owner(tx, record.sales_owner_id)?;
            tx.insert_audited(record.clone(), &actor)
        })
        .await
}

/// Changes customer `id` at `patch.version`.
pub async fn update_customer(
    store: &Store,
    caller: &Caller,
    id: u64,
    patch: CustomerPatch,
) -> ServiceResult<CustomerRecord> {
    allow(permissions::edit_customers(caller.who()), "edit customers")?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let current: CustomerRecord = tx.require(id)?;
            if let Some(owner) = patch.sales_owner_id {
                check_owner(tx, owner)?;
            }
            let next = match rules::patch_customer(&current, &patch) {
                Ok(n) => n,
                Err(e) => return abort(invalid(e)),
            };
            tx.update_audited(next, patch.version, &actor, "update")
        })
        .await
}
