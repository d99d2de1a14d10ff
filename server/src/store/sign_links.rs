//! One-time signing links: the customer signs a document on their own
//! phone without an account: a service report, or a loaner's hand-over
//! receipt or return (`loan`). Only the token's SHA-256 is kept, so a copy
//! of the database does not hold usable links.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::loaners::LoanStage;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignLinkRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    /// Hex SHA-256 of the token in the link.
    pub token_hash: String,
    /// The report's work order, report and version; 0 for a loan's link.
    pub work_order_id: u64,
    pub report_id: u64,
    /// The report as the engineer sent it: a later edit voids the link.
    pub report_version: u64,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub created_by: String,
    /// Set when the link signs a loan instead of a report.
    #[serde(default)]
    pub loan: Option<LoanLink>,
    /// Set when the link signs an inspection visit; `report_version` then
    /// holds the visit's version as sent (a later change voids the link).
    #[serde(default)]
    pub visit_id: Option<u64>,
}

/// What a loan's link signs: the hand-over receipt or the return.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoanLink {
    pub loan_id: u64,
    pub stage: LoanStage,
}

pub static BY_TOKEN: IndexDef = IndexDef {
    name: "by_token",
    unique: true,
    field: "token_hash",
};

pub static SIGN_LINKS: TableDef = TableDef {
    name: "sign_links",
    indexes: &[&BY_TOKEN],
};

impl Record for SignLinkRecord {
    const TABLE: &'static TableDef = &SIGN_LINKS;
    const HIDDEN: &'static [&'static str] = &["token_hash"];
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![IndexKey {
            index: &BY_TOKEN,
            key: keys::text(&self.token_hash),
        }]
    }
}

impl Store {
    pub fn sign_link(&self, token_hash: &str) -> Result<Option<SignLinkRecord>, StoreError> {
        self.find_unique::<SignLinkRecord>(&BY_TOKEN, &keys::text(token_hash))
    }
}
