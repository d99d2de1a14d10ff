//! Stock locations on disk: warehouses, engineers' kits (one per engineer)
//! and faulty shelves. Names are unique (without case).

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use serde::{Deserialize, Serialize};
use servicebook_shared::stock::{Location, LocationKind};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub name: String,
    pub kind: LocationKind,
    pub engineer_id: Option<u64>,
}

pub static BY_NAME: IndexDef = IndexDef {
    name: "by_name",
    unique: true,
    field: "name",
};
/// An engineer has at most one kit.
pub static BY_ENGINEER: IndexDef = IndexDef {
    name: "by_engineer",
    unique: true,
    field: "engineer_id",
};

pub static LOCATIONS: TableDef = TableDef {
    name: "stock_locations",
    indexes: &[&BY_NAME, &BY_ENGINEER],
};

impl Record for LocationRecord {
    const TABLE: &'static TableDef = &LOCATIONS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut k = vec![IndexKey {
            index: &BY_NAME,
            key: keys::text(&self.name),
        }];
        if let Some(e) = self.engineer_id {
            k.push(IndexKey {
                index: &BY_ENGINEER,
                key: keys::id(e).to_vec(),
            });
        }
        k
    }
}

impl LocationRecord {
    pub fn to_wire(&self) -> Location {
        Location {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            name: self.name.clone(),
            kind: self.kind,
            engineer_id: self.engineer_id,
        }
    }
}

impl Store {
    /// Every location, in id order (a firm has a handful plus one kit per
    /// engineer).
    pub fn locations(&self) -> Result<Vec<LocationRecord>, StoreError> {
        Ok(self.list::<LocationRecord>(None, usize::MAX - 1)?.0)
    }

    pub fn kit_of(&self, engineer: u64) -> Result<Option<LocationRecord>, StoreError> {
        self.find_unique::<LocationRecord>(&BY_ENGINEER, &keys::id(engineer))
    }
}
