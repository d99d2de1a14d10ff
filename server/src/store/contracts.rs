//! Contracts on disk. Money is kept in cents; the status is not stored but
//! derived from the dates on the day it is read.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use servicebook_shared::contracts::{Contract, ContractKind, Promises, Scope};
use servicebook_shared::coverage::contract_status;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContractRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub number: String,
    pub kind: ContractKind,
    pub customer_id: u64,
    pub sales_owner_id: Option<u64>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub value_cents: i64,
    pub device_ids: Vec<u64>,
    pub scope: Scope,
    pub promises: Promises,
    pub warranty_months: u32,
    pub draft: bool,
    pub terminated_on: Option<NaiveDate>,
    pub notes: String,
}

pub static BY_NUMBER: IndexDef = IndexDef {
    name: "by_number",
    unique: true,
    field: "number",
};
pub static BY_CUSTOMER: IndexDef = IndexDef {
    name: "by_customer",
    unique: false,
    field: "customer_id",
};
pub static BY_DEVICE: IndexDef = IndexDef {
    name: "by_device",
    unique: false,
    field: "device_ids",
};
pub static BY_END: IndexDef = IndexDef {
    name: "by_end",
    unique: false,
    field: "end_date",
};

pub static CONTRACTS: TableDef = TableDef {
    name: "contracts",
    indexes: &[&BY_NUMBER, &BY_CUSTOMER, &BY_DEVICE, &BY_END],
};

fn day(d: NaiveDate) -> Vec<u8> {
    d.format("%Y-%m-%d").to_string().into_bytes()
}

impl Record for ContractRecord {
    const TABLE: &'static TableDef = &CONTRACTS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut devices = self.device_ids.clone();
        devices.sort_unstable();
        devices.dedup();
        let mut k = vec![
            IndexKey {
                index: &BY_NUMBER,
                key: keys::text(&self.number),
            },
            IndexKey {
                index: &BY_CUSTOMER,
                key: keys::id(self.customer_id).to_vec(),
            },
            IndexKey {
                index: &BY_END,
                key: day(self.end_date),
            },
        ];
        k.extend(devices.into_iter().map(|d| IndexKey {
            index: &BY_DEVICE,
            key: keys::id(d).to_vec(),
        }));
        k
    }
}

impl ContractRecord {
    pub fn to_wire(&self, today: NaiveDate) -> Contract {
        Contract {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            number: self.number.clone(),
            kind: self.kind,
            customer_id: self.customer_id,
            sales_owner_id: self.sales_owner_id,
            start_date: self.start_date,
            end_date: self.end_date,
            value: servicebook_shared::Money(self.value_cents),
            device_ids: self.device_ids.clone(),
            scope: self.scope.clone(),
            promises: self.promises,
            warranty_months: self.warranty_months,
            draft: self.draft,
            terminated_on: self.terminated_on,
            status: contract_status(
                self.draft,
                self.terminated_on,
                self.start_date,
                self.end_date,
                today,
            ),
            notes: self.notes.clone(),
        }
    }
}

impl Store {
    pub fn contracts_of_device(&self, device_id: u64) -> Result<Vec<ContractRecord>, StoreError> {
        self.records_by_index(&BY_DEVICE, &keys::id(device_id))
    }

    pub fn contracts_of_customer(
        &self,
        customer_id: u64,
    ) -> Result<Vec<ContractRecord>, StoreError> {
        self.records_by_index(&BY_CUSTOMER, &keys::id(customer_id))
    }

    /// Contracts whose end date falls in `from..=to`, soonest first.
    pub fn contracts_ending(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ContractRecord>, StoreError> {
        let ids = self.ids_by_index_range::<ContractRecord>(&BY_END, &day(from), &day(to))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(c) = self.get::<ContractRecord>(id)? {
                out.push(c);
            }
        }
        Ok(out)
    }
}
