//! The spare-parts catalogue on disk. A part number is unique (normalised).

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use serde::{Deserialize, Serialize};
use servicebook_shared::parts::{Part, ReorderRule};
use servicebook_shared::Money;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    /// Normalised (`parts::normalise_part_number`).
    pub part_number: String,
    pub name_zh: String,
    pub name_en: String,
    pub compatible_models: Vec<String>,
    pub unit_cost: Money,
    pub price: Money,
    pub unit: String,
    pub supplier: String,
    pub serial_tracked: bool,
    pub reorder: Vec<ReorderRule>,
    pub active: bool,
    pub notes: String,
}

pub static BY_NUMBER: IndexDef = IndexDef {
    name: "by_number",
    unique: true,
    field: "part_number",
};

pub static PARTS: TableDef = TableDef {
    name: "parts",
    indexes: &[&BY_NUMBER],
};

impl Record for PartRecord {
    const TABLE: &'static TableDef = &PARTS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![IndexKey {
            index: &BY_NUMBER,
            key: keys::text(&self.part_number),
        }]
    }
}

impl PartRecord {
    pub fn to_wire(&self) -> Part {
        Part {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            part_number: self.part_number.clone(),
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            compatible_models: self.compatible_models.clone(),
            unit_cost: self.unit_cost,
            price: self.price,
            unit: self.unit.clone(),
            supplier: self.supplier.clone(),
            serial_tracked: self.serial_tracked,
            reorder: self.reorder.clone(),
            active: self.active,
            notes: self.notes.clone(),
        }
    }

    /// The reorder rule of `location`, if any.
    pub fn rule_at(&self, location: u64) -> Option<ReorderRule> {
        self.reorder
            .iter()
            .copied()
            .find(|r| r.location_id == location)
    }
}

/// The unique key of a part number.
pub fn number_key(number: &str) -> Vec<u8> {
    keys::text(number)
}

impl Store {
    pub fn part_by_number(&self, number: &str) -> Result<Option<PartRecord>, StoreError> {
        self.find_unique::<PartRecord>(&BY_NUMBER, &number_key(number))
    }
}
