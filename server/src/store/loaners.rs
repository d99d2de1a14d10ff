//! The loaner pool on disk: one record per unit the firm lends. A serial
//! is unique in the pool; units are indexed by status for the shelf view.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use serde::{Deserialize, Serialize};
use servicebook_shared::loaners::{LoanerUnit, UnitStatus};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoanerUnitRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub product: String,
    pub brand: String,
    pub model: String,
    /// Normalised (trimmed, upper case).
    pub serial_number: String,
    pub asset_tag: String,
    pub accessories: Vec<String>,
    pub condition: String,
    pub notes: String,
    pub status: UnitStatus,
    pub current_loan_id: Option<u64>,
}

pub static BY_SERIAL: IndexDef = IndexDef {
    name: "by_serial",
    unique: true,
    field: "serial_number",
};
pub static BY_STATUS: IndexDef = IndexDef {
    name: "by_status",
    unique: false,
    field: "status",
};

pub static LOANER_UNITS: TableDef = TableDef {
    name: "loaner_units",
    indexes: &[&BY_SERIAL, &BY_STATUS],
};

impl Record for LoanerUnitRecord {
    const TABLE: &'static TableDef = &LOANER_UNITS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![
            IndexKey {
                index: &BY_SERIAL,
                key: keys::text(&self.serial_number),
            },
            IndexKey {
                index: &BY_STATUS,
                key: keys::text(self.status.as_str()),
            },
        ]
    }
}

impl LoanerUnitRecord {
    pub fn to_wire(&self) -> LoanerUnit {
        LoanerUnit {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            product: self.product.clone(),
            brand: self.brand.clone(),
            model: self.model.clone(),
            serial_number: self.serial_number.clone(),
            asset_tag: self.asset_tag.clone(),
            accessories: self.accessories.clone(),
            condition: self.condition.clone(),
            notes: self.notes.clone(),
            status: self.status,
            current_loan_id: self.current_loan_id,
        }
    }
}

impl Store {
    /// Units of the pool with this status, in id order.
    pub fn loaner_units_with(&self, status: UnitStatus) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index::<LoanerUnitRecord>(&BY_STATUS, &keys::text(status.as_str()))
    }

    /// The unit with this (normalised) serial, if any.
    pub fn loaner_by_serial(&self, serial: &str) -> Result<Option<LoanerUnitRecord>, StoreError> {
        self.find_unique(&BY_SERIAL, &keys::text(serial))
    }
}
