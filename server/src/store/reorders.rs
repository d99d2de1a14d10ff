//! Reorder suggestions on disk: at most one open or ordered suggestion per
//! (part, location), held by a unique index whose entry exists only while
//! the suggestion is not closed, so refreshing can never duplicate one.

use super::balances::pair;
use super::{IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::stock::ReorderState;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReorderRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub part_id: u64,
    pub location_id: u64,
    pub state: ReorderState,
    pub available: u32,
    pub point: u32,
    pub reorder_quantity: u32,
    pub suggested: u32,
    pub ordered_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

pub static PENDING_BY_PART_LOCATION: IndexDef = IndexDef {
    name: "pending_by_part_location",
    unique: true,
    field: "part_id",
};
pub static BY_STATE: IndexDef = IndexDef {
    name: "by_state",
    unique: false,
    field: "state",
};

pub static REORDERS: TableDef = TableDef {
    name: "stock_reorders",
    indexes: &[&PENDING_BY_PART_LOCATION, &BY_STATE],
};

fn state_key(s: ReorderState) -> &'static [u8] {
    match s {
        ReorderState::Open => b"open",
        ReorderState::Ordered => b"ordered",
        ReorderState::Closed => b"closed",
    }
}

impl Record for ReorderRecord {
    const TABLE: &'static TableDef = &REORDERS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut k = vec![IndexKey {
            index: &BY_STATE,
            key: state_key(self.state).to_vec(),
        }];
        if self.state != ReorderState::Closed {
            k.push(IndexKey {
                index: &PENDING_BY_PART_LOCATION,
                key: pair(self.part_id, self.location_id),
            });
        }
        k
    }
}

impl Store {
    /// Suggestions in `state`, in id order.
    pub fn reorders_in(&self, state: ReorderState) -> Result<Vec<ReorderRecord>, StoreError> {
        self.records_by_index(&BY_STATE, state_key(state))
    }

    /// The open or ordered suggestion of (part, location), if any.
    pub fn pending_reorder(
        &self,
        part: u64,
        location: u64,
    ) -> Result<Option<ReorderRecord>, StoreError> {
        self.find_unique(&PENDING_BY_PART_LOCATION, &pair(part, location))
    }
}
