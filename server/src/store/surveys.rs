//! Satisfaction surveys on disk: one per completed service. Indexed by
//! request, by stored state (the to-send queue), by the day it was sent and
//! the day it was answered (the response-rate figures), and — while its
//! link can be answered — by the SHA-256 of the link's token. Only the hash
//! is kept, and it leaves the index once the survey is answered or a new
//! link replaces it, so a used or voided token is simply unknown.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::surveys::{Channel, Engineer, Survey, SurveyAnswer, SurveyState};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub request_id: u64,
    pub request_number: String,
    pub customer_id: u64,
    pub customer_name: String,
    pub device: String,
    pub work_order_ids: Vec<u64>,
    pub engineers: Vec<Engineer>,
    /// When the service was completed (the request closed).
    pub completed_at: DateTime<Utc>,
    /// `to_send`, `sent`, `answered` or `not_sent`; never `expired` (read
    /// from `expires_at`).
    pub state: SurveyState,
    pub sent_at: Option<DateTime<Utc>>,
    pub sent_by: Option<String>,
    pub channel: Option<Channel>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Hex SHA-256 of the live link's token.
    pub token_hash: Option<String>,
    pub answer: Option<SurveyAnswer>,
    pub follow_up_id: Option<u64>,
}

pub static BY_REQUEST: IndexDef = IndexDef {
    name: "by_request",
    unique: false,
    field: "request_id",
};
pub static BY_STATE: IndexDef = IndexDef {
    name: "by_state",
    unique: false,
    field: "state",
};
pub static BY_TOKEN: IndexDef = IndexDef {
    name: "by_token",
    unique: true,
    field: "token_hash",
};
/// `YYYY-MM-DD` (UTC) of `sent_at`.
pub static BY_SENT_DAY: IndexDef = IndexDef {
    name: "by_sent_day",
    unique: false,
    field: "sent_at",
};
/// `YYYY-MM-DD` (UTC) of the answer.
pub static BY_ANSWERED_DAY: IndexDef = IndexDef {
    name: "by_answered_day",
    unique: false,
    field: "answer.answered_at",
};

pub static SURVEYS: TableDef = TableDef {
    name: "surveys",
    indexes: &[
        &BY_REQUEST,
        &BY_STATE,
        &BY_TOKEN,
        &BY_SENT_DAY,
        &BY_ANSWERED_DAY,
    ],
};

pub fn day(t: DateTime<Utc>) -> Vec<u8> {
    t.format("%Y-%m-%d").to_string().into_bytes()
}

impl Record for SurveyRecord {
    const TABLE: &'static TableDef = &SURVEYS;
    const HIDDEN: &'static [&'static str] = &["token_hash"];
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut k = vec![
            IndexKey {
                index: &BY_REQUEST,
                key: keys::id(self.request_id).to_vec(),
            },
            IndexKey {
                index: &BY_STATE,
                key: self.state.as_str().as_bytes().to_vec(),
            },
        ];
        if let Some(h) = &self.token_hash {
            k.push(IndexKey {
                index: &BY_TOKEN,
                key: keys::text(h),
            });
        }
        if let Some(t) = self.sent_at {
            k.push(IndexKey {
                index: &BY_SENT_DAY,
                key: day(t),
            });
        }
        if let Some(a) = &self.answer {
            k.push(IndexKey {
                index: &BY_ANSWERED_DAY,
                key: day(a.answered_at),
            });
        }
        k
    }
}

impl SurveyRecord {
    pub fn to_wire(&self, now: DateTime<Utc>) -> Survey {
        Survey {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            request_id: self.request_id,
            request_number: self.request_number.clone(),
            customer_id: self.customer_id,
            customer_name: self.customer_name.clone(),
            device: self.device.clone(),
            work_order_ids: self.work_order_ids.clone(),
            engineers: self.engineers.clone(),
            state: servicebook_shared::surveys::state_at(self.state, self.expires_at, now),
            sent_at: self.sent_at,
            sent_by: self.sent_by.clone(),
            channel: self.channel,
            expires_at: self.expires_at,
            answer: self.answer.clone(),
            follow_up_id: self.follow_up_id,
        }
    }
}

impl Store {
    pub fn survey_by_token(&self, token_hash: &str) -> Result<Option<SurveyRecord>, StoreError> {
        self.find_unique::<SurveyRecord>(&BY_TOKEN, &keys::text(token_hash))
    }

    pub fn surveys_of_request(&self, request_id: u64) -> Result<Vec<SurveyRecord>, StoreError> {
        self.records_by_index::<SurveyRecord>(&BY_REQUEST, &keys::id(request_id))
    }

    /// Ids of surveys stored in `state` (`sent` includes the expired).
    pub fn surveys_in_state(&self, state: SurveyState) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index::<SurveyRecord>(&BY_STATE, state.as_str().as_bytes())
    }

    /// Ids of surveys sent on days `from..=to` (`YYYY-MM-DD`).
    pub fn surveys_sent_between(&self, from: &str, to: &str) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index_range::<SurveyRecord>(&BY_SENT_DAY, from.as_bytes(), to.as_bytes())
    }
}
