//! Loans of loaner units on disk: the hand-over (with the customer's
//! signature on the receipt) and the return. Indexed by unit, customer
//! and request, and — while the unit is out — by due date, so the overdue
//! list is a range scan.

use super::reports::StoredSignature;
use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::loaners::{HandOver, Loan, LoanReturn, LoanState, LoanedUnit};
use servicebook_shared::reports::Signature;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredHandOver {
    pub condition: String,
    pub accessories: Vec<String>,
    pub notes: String,
    pub lent_by: String,
    pub lent_at: DateTime<Utc>,
    pub signature: Option<StoredSignature>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredReturn {
    pub condition: String,
    pub accessories_back: Vec<String>,
    pub accessories_missing: Vec<String>,
    pub notes: String,
    pub received_by: String,
    pub returned_at: DateTime<Utc>,
    pub signature: Option<StoredSignature>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoanRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub number: String,
    pub state: LoanState,
    /// The unit as it went out.
    pub unit: LoanedUnit,
    pub customer_id: u64,
    pub customer_name: String,
    pub contact: String,
    pub contact_phone: String,
    pub request_id: Option<u64>,
    pub request_number: Option<String>,
    pub repair_id: Option<u64>,
    pub due_date: NaiveDate,
    pub hand_over: StoredHandOver,
    pub returned: Option<StoredReturn>,
}

pub static BY_UNIT: IndexDef = IndexDef {
    name: "by_unit",
    unique: false,
    field: "unit.id",
};
pub static BY_CUSTOMER: IndexDef = IndexDef {
    name: "by_customer",
    unique: false,
    field: "customer_id",
};
pub static BY_REQUEST: IndexDef = IndexDef {
    name: "by_request",
    unique: false,
    field: "request_id",
};
/// Loans whose unit is out, by due date (`YYYY-MM-DD`).
pub static OUT_BY_DUE: IndexDef = IndexDef {
    name: "out_by_due",
    unique: false,
    field: "due_date",
};

pub static LOANS: TableDef = TableDef {
    name: "loans",
    indexes: &[&BY_UNIT, &BY_CUSTOMER, &BY_REQUEST, &OUT_BY_DUE],
};

fn day(d: NaiveDate) -> Vec<u8> {
    d.format("%Y-%m-%d").to_string().into_bytes()
}

impl Record for LoanRecord {
    const TABLE: &'static TableDef = &LOANS;
    const HIDDEN: &'static [&'static str] = &["hand_over.signature.svg", "returned.signature.svg"];
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut k = vec![
            IndexKey {
                index: &BY_UNIT,
                key: keys::id(self.unit.id).to_vec(),
            },
            IndexKey {
                index: &BY_CUSTOMER,
                key: keys::id(self.customer_id).to_vec(),
            },
        ];
        if let Some(r) = self.request_id {
            k.push(IndexKey {
                index: &BY_REQUEST,
                key: keys::id(r).to_vec(),
            });
        }
        if self.state.is_out() {
            k.push(IndexKey {
                index: &OUT_BY_DUE,
                key: day(self.due_date),
            });
        }
        k
    }
}

fn signature(s: &Option<StoredSignature>) -> Option<Signature> {
    s.as_ref().map(|s| Signature {
        signer_name: s.signer_name.clone(),
        signed_at: s.signed_at,
        via: s.via.clone(),
    })
}

impl LoanRecord {
    /// The wire form, `overdue` as of the firm's calendar day `today`.
    pub fn to_wire(&self, today: NaiveDate) -> Loan {
        let h = &self.hand_over;
        Loan {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            number: self.number.clone(),
            state: self.state,
            unit: self.unit.clone(),
            customer_id: self.customer_id,
            customer_name: self.customer_name.clone(),
            contact: self.contact.clone(),
            contact_phone: self.contact_phone.clone(),
            request_id: self.request_id,
            request_number: self.request_number.clone(),
            repair_id: self.repair_id,
            due_date: self.due_date,
            overdue: servicebook_shared::loaners::is_overdue(self.state, self.due_date, today),
            hand_over: HandOver {
                condition: h.condition.clone(),
                accessories: h.accessories.clone(),
                notes: h.notes.clone(),
                lent_by: h.lent_by.clone(),
                lent_at: h.lent_at,
                signature: signature(&h.signature),
            },
            returned: self.returned.as_ref().map(|r| LoanReturn {
                condition: r.condition.clone(),
                accessories_back: r.accessories_back.clone(),
                accessories_missing: r.accessories_missing.clone(),
                notes: r.notes.clone(),
                received_by: r.received_by.clone(),
                returned_at: r.returned_at,
                signature: signature(&r.signature),
            }),
        }
    }
}

impl Store {
    pub fn loans_of_unit(&self, unit_id: u64) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index::<LoanRecord>(&BY_UNIT, &keys::id(unit_id))
    }

    pub fn loans_of_customer(&self, customer_id: u64) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index::<LoanRecord>(&BY_CUSTOMER, &keys::id(customer_id))
    }

    pub fn loans_of_request(&self, request_id: u64) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index::<LoanRecord>(&BY_REQUEST, &keys::id(request_id))
    }

    /// Loans out, due on or before `last` (every loan out without one), in
    /// due-date order.
    pub fn loans_out_due_by(&self, last: Option<NaiveDate>) -> Result<Vec<u64>, StoreError> {
        let to = last.map(day).unwrap_or_else(|| b"9999-12-31".to_vec());
        self.ids_by_index_range::<LoanRecord>(&OUT_BY_DUE, b"0", &to)
    }
}
