//! Weekly reports on disk: only what the engineer writes and when they
//! submitted, one record per engineer and ISO week. The week's lines are
//! drafted from the work records at each read (service::work_logs).

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::work_log::WorkLogNotes;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkLogRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub engineer_id: u64,
    pub username: String,
    /// `2026-W48`.
    pub week: String,
    pub notes: WorkLogNotes,
    pub submitted_at: Option<DateTime<Utc>>,
}

pub static BY_ENGINEER_WEEK: IndexDef = IndexDef {
    name: "by_engineer_week",
    unique: true,
    field: "engineer_id+week",
};

pub static WORK_LOGS: TableDef = TableDef {
    name: "work_logs",
    indexes: &[&BY_ENGINEER_WEEK],
};

/// The unique key of an engineer's week.
pub fn engineer_week_key(engineer_id: u64, week: &str) -> Vec<u8> {
    keys::text(&format!("{engineer_id}/{week}"))
}

impl Record for WorkLogRecord {
    const TABLE: &'static TableDef = &WORK_LOGS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![IndexKey {
            index: &BY_ENGINEER_WEEK,
            key: engineer_week_key(self.engineer_id, &self.week),
        }]
    }
}

impl Store {
    pub fn work_log_of(
        &self,
        engineer_id: u64,
        week: &str,
    ) -> Result<Option<WorkLogRecord>, StoreError> {
        self.find_unique(&BY_ENGINEER_WEEK, &engineer_week_key(engineer_id, week))
    }
}
