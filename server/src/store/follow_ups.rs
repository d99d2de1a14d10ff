//! Follow-ups of poor survey scores on disk, indexed by state (the
//! manager's open queue) and by request.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::surveys::{CallLog, FollowUp, FollowUpOutcome, FollowUpState};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub survey_id: u64,
    pub request_id: u64,
    pub request_number: String,
    pub customer_name: String,
    pub overall: u8,
    pub comment: String,
    pub state: FollowUpState,
    pub calls: Vec<CallLog>,
    pub reopened_at: Option<DateTime<Utc>>,
    pub reopened_by: Option<String>,
    pub reopen_reason: Option<String>,
    pub outcome: Option<FollowUpOutcome>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
}

pub static BY_STATE: IndexDef = IndexDef {
    name: "by_state",
    unique: false,
    field: "state",
};
pub static BY_REQUEST: IndexDef = IndexDef {
    name: "by_request",
    unique: false,
    field: "request_id",
};

pub static FOLLOW_UPS: TableDef = TableDef {
    name: "follow_ups",
    indexes: &[&BY_STATE, &BY_REQUEST],
};

impl Record for FollowUpRecord {
    const TABLE: &'static TableDef = &FOLLOW_UPS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![
            IndexKey {
                index: &BY_STATE,
                key: self.state.as_str().as_bytes().to_vec(),
            },
            IndexKey {
                index: &BY_REQUEST,
                key: keys::id(self.request_id).to_vec(),
            },
        ]
    }
}

impl FollowUpRecord {
    pub fn to_wire(&self) -> FollowUp {
        FollowUp {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            survey_id: self.survey_id,
            request_id: self.request_id,
            request_number: self.request_number.clone(),
            customer_name: self.customer_name.clone(),
            overall: self.overall,
            comment: self.comment.clone(),
            state: self.state,
            calls: self.calls.clone(),
            reopened_at: self.reopened_at,
            reopened_by: self.reopened_by.clone(),
            reopen_reason: self.reopen_reason.clone(),
            outcome: self.outcome.clone(),
            closed_at: self.closed_at,
            closed_by: self.closed_by.clone(),
        }
    }
}

impl Store {
    pub fn follow_ups_in_state(&self, state: FollowUpState) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index::<FollowUpRecord>(&BY_STATE, state.as_str().as_bytes())
    }

    pub fn follow_ups_of_request(&self, request_id: u64) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index::<FollowUpRecord>(&BY_REQUEST, &keys::id(request_id))
    }
}
