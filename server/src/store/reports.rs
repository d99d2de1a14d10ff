//! Service reports on disk: one record per revision. The work order lists
//! its reports' ids (oldest first), so a write can find them.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, TableDef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::part_requests::UsedPart;
use servicebook_shared::reports::{Fix, Outcome, ServiceReport, Signature};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSignature {
    pub signer_name: String,
    pub signed_at: DateTime<Utc>,
    pub via: String,
    /// The strokes drawn as SVG (see `shared::reports::signature_svg`).
    pub svg: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub work_order_id: u64,
    pub revision: u32,
    pub findings: String,
    pub actions: String,
    pub fix: Fix,
    pub parts_used: String,
    /// Parts used from stock (reports before part requests have none).
    #[serde(default)]
    pub parts: Vec<UsedPart>,
    #[serde(default)]
    pub parts_consumed: bool,
    pub hours_worked: f64,
    pub travel_hours: f64,
    pub result: Outcome,
    pub customer_remarks: String,
    pub written_by: String,
    /// The author's user id: the weekly draft finds an engineer's reports
    /// by it (display names change and can be shared). Reports kept before
    /// it was recorded have none and are matched by name.
    #[serde(default)]
    pub written_by_id: Option<u64>,
    pub signature: Option<StoredSignature>,
}

pub static BY_WORK_ORDER: IndexDef = IndexDef {
    name: "by_work_order",
    unique: false,
    field: "work_order_id",
};

pub static REPORTS: TableDef = TableDef {
    name: "reports",
    indexes: &[&BY_WORK_ORDER],
};

impl Record for ReportRecord {
    const TABLE: &'static TableDef = &REPORTS;
    const HIDDEN: &'static [&'static str] = &["signature.svg"];
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![IndexKey {
            index: &BY_WORK_ORDER,
            key: keys::id(self.work_order_id).to_vec(),
        }]
    }
}

impl ReportRecord {
    pub fn to_wire(
        &self,
        amount: Option<servicebook_shared::Money>,
        earlier_revisions: Vec<u64>,
    ) -> ServiceReport {
        ServiceReport {
            id: self.meta.id,
            version: self.meta.version,
            work_order_id: self.work_order_id,
            revision: self.revision,
            findings: self.findings.clone(),
            actions: self.actions.clone(),
            fix: self.fix,
            parts_used: self.parts_used.clone(),
            parts: self.parts.clone(),
            parts_consumed: self.parts_consumed,
            hours_worked: self.hours_worked,
            travel_hours: self.travel_hours,
            result: self.result,
            customer_remarks: self.customer_remarks.clone(),
            written_by: self.written_by.clone(),
            updated_at: self.meta.updated_at,
            amount,
            signature: self.signature.as_ref().map(|s| Signature {
                signer_name: s.signer_name.clone(),
                signed_at: s.signed_at,
                via: s.via.clone(),
            }),
            earlier_revisions,
        }
    }
}
