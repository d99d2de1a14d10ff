//! Attaching documents to records and removing them. The bytes are on disk
//! before these run (`Store::keep_upload`); here the record that names them
//! is written, once the record it belongs to is known to exist and the
//! caller may attach to it — both read inside the write.

use super::{allow, invalid_field, Caller, ServiceResult};
use crate::store::{
    abort, ContractRecord, CustomerRecord, DeviceRecord, FileRecord, RecordMeta, RepairRecord,
    SettingsRecord, Store, StoreError, Tx, TxResult, VisitRecord, WorkOrderRecord,
};
use servicebook_shared::audit::FieldChange;
use servicebook_shared::files::AttachedTo;
use servicebook_shared::permissions;

/// A document whose bytes are stored, ready to be recorded.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub record_type: AttachedTo,
    pub record_id: u64,
    /// Cleaned (`domain::files::clean_name`).
    pub name: String,
    /// Worked out from the content.
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    /// Where the bytes are, relative to the data directory.
    pub stored_as: String,
}

/// The table of the record a document belongs to (for its audit trail).
fn table(kind: AttachedTo) -> &'static str {
    match kind {
        AttachedTo::Customer => "customers",
        AttachedTo::Device => "devices",
        AttachedTo::Contract => "contracts",
        AttachedTo::WorkOrder => "work_orders",
        AttachedTo::Firm => "settings",
        AttachedTo::Repair => "repairs",
        AttachedTo::Inspection => "inspection_visits",
    }
}

fn no_owner(kind: AttachedTo, id: u64) -> StoreError {
    invalid_field("record_id", format!("there is no {} {id}", kind.as_str()))
}

/// Whether the record exists and, for a work order, whether the caller is
/// one of its engineers.
fn owner_in(tx: &Tx, caller: &Caller, kind: AttachedTo, id: u64) -> TxResult<Option<bool>> {
    Ok(match kind {
        AttachedTo::Customer => tx.get::<CustomerRecord>(id)?.map(|_| false),
        AttachedTo::Device => tx.get::<DeviceRecord>(id)?.map(|_| false),
        AttachedTo::Contract => tx.get::<ContractRecord>(id)?.map(|_| false),
        AttachedTo::WorkOrder => tx
            .get::<WorkOrderRecord>(id)?
            .map(|w| caller.is_one_of(&w.assignees)),
        AttachedTo::Firm => tx.get::<SettingsRecord>(id)?.map(|_| false),
        AttachedTo::Repair => tx.get::<RepairRecord>(id)?.map(|_| false),
        AttachedTo::Inspection => match tx.get::<VisitRecord>(id)? {
            Some(v) => Some(match v.work_order_id {
                Some(w) => tx
                    .get::<WorkOrderRecord>(w)?
                    .is_some_and(|w| caller.is_one_of(&w.assignees)),
                None => false,
            }),
            None => None,
        },
    })
}

fn what(kind: AttachedTo) -> String {
    format!(
        "attach or remove documents of this {}",
        kind.as_str().replace('_', " ")
    )
}

/// Before an upload is received: refuses (422) when the record it is for
/// does not exist, so nobody streams a large file for nothing. The write
/// checks again.
pub fn check_owner(store: &Store, kind: AttachedTo, id: u64) -> ServiceResult<()> {
    let exists = match kind {
        AttachedTo::Customer => store.get::<CustomerRecord>(id)?.is_some(),
        AttachedTo::Device => store.get::<DeviceRecord>(id)?.is_some(),
        AttachedTo::Contract => store.get::<ContractRecord>(id)?.is_some(),
        AttachedTo::WorkOrder => store.get::<WorkOrderRecord>(id)?.is_some(),
        AttachedTo::Firm => store.get::<SettingsRecord>(id)?.is_some(),
        AttachedTo::Repair => store.get::<RepairRecord>(id)?.is_some(),
        AttachedTo::Inspection => store.get::<VisitRecord>(id)?.is_some(),
    };
    if exists {
        Ok(())
    } else {
        Err(no_owner(kind, id))
    }
}

/// The owner's history shows documents coming and going.
fn owner_change(name: &str, added: bool) -> Vec<FieldChange> {
    let (before, after) = if added {
        (serde_json::Value::Null, name.into())
    } else {
        (name.into(), serde_json::Value::Null)
    };
    vec![FieldChange::set("documents".into(), before, after)]
}

/// Records a stored document on its record. On refusal the caller removes
/// the bytes (`Store::discard_bytes`).
pub async fn attach_document(
    store: &Store,
    caller: &Caller,
    doc: NewDocument,
) -> ServiceResult<FileRecord> {
    let actor = caller.actor();
    let caller = caller.clone();
    store
        .write(move |tx| {
            let kind = doc.record_type;
            let Some(assigned) = owner_in(tx, &caller, kind, doc.record_id)? else {
                return abort(no_owner(kind, doc.record_id));
            };
            if let Err(e) = allow(
                permissions::attach_documents(caller.who(), kind, assigned),
                &what(kind),
            ) {
                return abort(e);
            }
            let record = FileRecord {
                meta: RecordMeta::new(),
                record_type: kind,
                record_id: doc.record_id,
                name: doc.name.clone(),
                content_type: doc.content_type.clone(),
                size: doc.size,
                sha256: doc.sha256.clone(),
                stored_as: doc.stored_as.clone(),
                uploaded_by: caller.username.clone(),
                removed_at: None,
                removed_by: None,
            };
            let saved = tx.insert_audited(record, &actor)?;
            tx.audit(
                &actor,
                "attach",
                table(kind),
                doc.record_id,
                owner_change(&doc.name, true),
            )?;
            Ok(saved)
        })
        .await
}

/// Removes document `id` (read at `version`) from its record: the record
/// is marked removed, the bytes stay for backups.
pub async fn remove_document(
    store: &Store,
    caller: &Caller,
    id: u64,
    version: u64,
) -> ServiceResult<FileRecord> {
    let actor = caller.actor();
    let caller = caller.clone();
    store
        .write(move |tx| {
            let current: FileRecord = tx.require(id)?;
            if current.removed_at.is_some() {
                return abort(StoreError::NotFound { table: "files", id });
            }
            let kind = current.record_type;
            let assigned = owner_in(tx, &caller, kind, current.record_id)?.unwrap_or(false);
            if let Err(e) = allow(
                permissions::attach_documents(caller.who(), kind, assigned),
                &what(kind),
            ) {
                return abort(e);
            }
            let mut next = current.clone();
            next.removed_at = Some(tx.now());
            next.removed_by = Some(caller.username.clone());
            let saved = tx.update_audited(next, version, &actor, "delete")?;
            tx.audit(
                &actor,
                "detach",
                table(kind),
                saved.record_id,
                owner_change(&saved.name, false),
            )?;
            Ok(saved)
        })
        .await
}
