//! Part requests (备件申请) on disk, and each work order's parts ledger:
//! what was issued to it per part and kit, and how much of that was
//! consumed or returned. The ledger is found by a unique index on the work
//! order, so a write can read it inside its transaction (sled transactions
//! cannot scan the movements).

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::part_requests::{Discrepancy, PartRequest, PrLine, PrState};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartRequestRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub work_order_id: u64,
    pub work_order_number: String,
    pub engineer_id: u64,
    pub engineer_name: String,
    pub state: PrState,
    pub lines: Vec<PrLine>,
    pub note: String,
    pub location_id: Option<u64>,
    pub kit_location_id: Option<u64>,
    pub reason: String,
    pub decided_by: String,
    pub issued_by: String,
    pub received_at: Option<DateTime<Utc>>,
    pub discrepancies: Vec<Discrepancy>,
}

pub static BY_WORK_ORDER: IndexDef = IndexDef {
    name: "by_work_order",
    unique: false,
    field: "work_order_id",
};
pub static BY_STATE: IndexDef = IndexDef {
    name: "by_state",
    unique: false,
    field: "state",
};

pub static PART_REQUESTS: TableDef = TableDef {
    name: "part_requests",
    indexes: &[&BY_WORK_ORDER, &BY_STATE],
};

impl Record for PartRequestRecord {
    const TABLE: &'static TableDef = &PART_REQUESTS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![
            IndexKey {
                index: &BY_WORK_ORDER,
                key: keys::id(self.work_order_id).to_vec(),
            },
            IndexKey {
                index: &BY_STATE,
                key: keys::text(self.state.as_str()),
            },
        ]
    }
}

impl PartRequestRecord {
    pub fn to_wire(&self) -> PartRequest {
        PartRequest {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            work_order_id: self.work_order_id,
            work_order_number: self.work_order_number.clone(),
            engineer_id: self.engineer_id,
            engineer_name: self.engineer_name.clone(),
            state: self.state,
            lines: self.lines.clone(),
            note: self.note.clone(),
            location_id: self.location_id,
            kit_location_id: self.kit_location_id,
            reason: self.reason.clone(),
            decided_by: self.decided_by.clone(),
            issued_by: self.issued_by.clone(),
            received_at: self.received_at,
            discrepancies: self.discrepancies.clone(),
        }
    }
}

/// One part in one kit, against one work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub part_id: u64,
    pub location_id: u64,
    pub issued: u32,
    pub consumed: u32,
    pub returned: u32,
    /// Serials issued and still out.
    pub serials: Vec<String>,
}

impl LedgerLine {
    pub fn outstanding(&self) -> u32 {
        self.issued
            .saturating_sub(self.consumed)
            .saturating_sub(self.returned)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WoPartsRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub work_order_id: u64,
    pub lines: Vec<LedgerLine>,
}

pub static LEDGER_BY_WORK_ORDER: IndexDef = IndexDef {
    name: "by_work_order",
    unique: true,
    field: "work_order_id",
};

pub static WO_PARTS: TableDef = TableDef {
    name: "wo_parts",
    indexes: &[&LEDGER_BY_WORK_ORDER],
};

impl Record for WoPartsRecord {
    const TABLE: &'static TableDef = &WO_PARTS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![IndexKey {
            index: &LEDGER_BY_WORK_ORDER,
            key: keys::id(self.work_order_id).to_vec(),
        }]
    }
}

impl Store {
    /// The part requests of one work order, oldest first.
    pub fn part_requests_of(&self, work_order: u64) -> Result<Vec<PartRequestRecord>, StoreError> {
        self.records_by_index(&BY_WORK_ORDER, &keys::id(work_order))
    }

    /// Ids of part requests in this state, oldest first.
    pub fn part_requests_in(&self, state: PrState) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index::<PartRequestRecord>(&BY_STATE, &keys::text(state.as_str()))
    }

    /// The parts ledger of a work order, if anything was ever issued to it.
    pub fn wo_parts(&self, work_order: u64) -> Result<Option<WoPartsRecord>, StoreError> {
        self.find_unique(&LEDGER_BY_WORK_ORDER, &keys::id(work_order))
    }
}
