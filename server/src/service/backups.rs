//! Backups leave the building: who took one, when, and what it held goes
//! into the audit trail like any change.

use super::{allow, Caller, ServiceResult};
use servicebook_shared::audit::FieldChange;
use servicebook_shared::permissions;
use std::collections::BTreeMap;

/// Records that `caller` took a backup archive of `bytes` holding `counts`
/// records per table. The entry is about the firm's data as a whole
/// (record type `backup`, id 0).
pub async fn record_backup(
    store: &crate::store::Store,
    caller: &Caller,
    bytes: u64,
    counts: BTreeMap<String, u64>,
) -> ServiceResult<()> {
    allow(permissions::backup(caller.who()), "download backups")?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let changes = vec![
                FieldChange::set("bytes".into(), serde_json::Value::Null, bytes.into()),
                FieldChange::set(
                    "records".into(),
                    serde_json::Value::Null,
                    serde_json::to_value(&counts).unwrap_or_default(),
                ),
            ];
            tx.audit(&actor, "backup", "backup", 0, changes)
        })
        .await
}
