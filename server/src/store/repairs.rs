//! Repairs (送修) on disk. The claim voucher's code is never stored: only
//! its SHA-256, so a copy of the database cannot collect anyone's device.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::repairs::{
    AccessoryItem, Arrival, HandOver, Repair, RepairQuote, RepairSheet, RepairState,
    RepairTransition,
};
use servicebook_shared::requests::Coverage;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepairRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub number: String,
    pub state: RepairState,
    pub customer_id: u64,
    pub customer_name: String,
    pub device_id: u64,
    pub device_name: String,
    pub serial_number: String,
    pub arrival: Arrival,
    pub brought_by: String,
    pub contact_phone: String,
    pub accessories: Vec<AccessoryItem>,
    pub condition: String,
    pub fault: String,
    pub request_id: Option<u64>,
    pub coverage: Coverage,
    pub chargeable: bool,
    pub quote: Option<RepairQuote>,
    pub sheet: RepairSheet,
    pub repaired: bool,
    pub hand_over: Option<HandOver>,
    pub history: Vec<RepairTransition>,
    pub received_at: DateTime<Utc>,
    pub received_by: String,
    /// Hex SHA-256 of the voucher's (normalised) code.
    pub voucher_hash: String,
}

pub static BY_CUSTOMER: IndexDef = IndexDef {
    name: "by_customer",
    unique: false,
    field: "customer_id",
};
pub static BY_DEVICE: IndexDef = IndexDef {
    name: "by_device",
    unique: false,
    field: "device_id",
};
/// Only repairs whose device is still with the firm: the board and the
/// overdue list walk these.
pub static OPEN_BY_STATE: IndexDef = IndexDef {
    name: "open_by_state",
    unique: false,
    field: "state",
};

/// A device is in at most one open repair at a time.
pub static OPEN_BY_DEVICE: IndexDef = IndexDef {
    name: "open_by_device",
    unique: true,
    field: "device_id",
};

pub static REPAIRS: TableDef = TableDef {
    name: "repairs",
    indexes: &[&BY_CUSTOMER, &BY_DEVICE, &OPEN_BY_STATE, &OPEN_BY_DEVICE],
};

impl Record for RepairRecord {
    const TABLE: &'static TableDef = &REPAIRS;
    const HIDDEN: &'static [&'static str] = &["voucher_hash"];
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut k = vec![
            IndexKey {
                index: &BY_CUSTOMER,
                key: keys::id(self.customer_id).to_vec(),
            },
            IndexKey {
                index: &BY_DEVICE,
                key: keys::id(self.device_id).to_vec(),
            },
        ];
        if self.state.is_open() {
            k.push(IndexKey {
                index: &OPEN_BY_STATE,
                key: keys::text(self.state.as_str()),
            });
            k.push(IndexKey {
                index: &OPEN_BY_DEVICE,
                key: keys::id(self.device_id).to_vec(),
            });
        }
        k
    }
}

impl RepairRecord {
    /// Still with the firm more than `overdue_days` days after intake.
    pub fn is_overdue(&self, overdue_days: u32, now: DateTime<Utc>) -> bool {
        self.state.is_open() && now - self.received_at > Duration::days(overdue_days.into())
    }

    pub fn to_wire(&self, overdue_days: u32, now: DateTime<Utc>) -> Repair {
        Repair {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            number: self.number.clone(),
            state: self.state,
            customer_id: self.customer_id,
            customer_name: self.customer_name.clone(),
            device_id: self.device_id,
            device_name: self.device_name.clone(),
            serial_number: self.serial_number.clone(),
            arrival: self.arrival,
            brought_by: self.brought_by.clone(),
            contact_phone: self.contact_phone.clone(),
            accessories: self.accessories.clone(),
            condition: self.condition.clone(),
            fault: self.fault.clone(),
            request_id: self.request_id,
            coverage: self.coverage.clone(),
            chargeable: self.chargeable,
            quote: self.quote.clone(),
            sheet: self.sheet.clone(),
            repaired: self.repaired,
            hand_over: self.hand_over.clone(),
            history: self.history.clone(),
            received_at: self.received_at,
            received_by: self.received_by.clone(),
            overdue: self.is_overdue(overdue_days, now),
        }
    }
}

impl Store {
    pub fn repairs_of_customer(&self, customer_id: u64) -> Result<Vec<RepairRecord>, StoreError> {
        self.records_by_index(&BY_CUSTOMER, &keys::id(customer_id))
    }

    pub fn repairs_of_device(&self, device_id: u64) -> Result<Vec<RepairRecord>, StoreError> {
        self.records_by_index(&BY_DEVICE, &keys::id(device_id))
    }

    /// Repairs in `state` whose device is still with the firm.
    pub fn open_repairs_in(&self, state: RepairState) -> Result<Vec<RepairRecord>, StoreError> {
        self.records_by_index(&OPEN_BY_STATE, &keys::text(state.as_str()))
    }

    /// Every repair whose device is still with the firm, in id order.
    pub fn open_repairs(&self) -> Result<Vec<RepairRecord>, StoreError> {
        let mut all = Vec::new();
        for s in RepairState::ALL.into_iter().filter(|s| s.is_open()) {
            all.extend(self.open_repairs_in(s)?);
        }
        all.sort_by_key(|r| r.meta.id);
        Ok(all)
    }
}
