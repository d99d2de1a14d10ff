//! Complaints on disk. Indexed for the manager's queue (state, then
//! received time: the open ones oldest first), by customer, by request, by
//! each person named (one key per person: a person's figures are a prefix
//! scan) and by received time (a period's complaints are a range scan).

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::complaints::{
    complaint_clocks, Complaint, ComplaintOutcome, ComplaintSource, ComplaintState,
};
use servicebook_shared::settings::Settings;
use servicebook_shared::sla::Calendar;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub number: String,
    pub source: ComplaintSource,
    pub customer_id: u64,
    pub customer_name: String,
    pub request_id: Option<u64>,
    pub request_number: Option<String>,
    pub work_order_id: Option<u64>,
    pub work_order_number: Option<String>,
    pub survey_id: Option<u64>,
    /// Usernames as the user records spell them.
    pub persons: Vec<String>,
    pub person_names: Vec<String>,
    pub summary: String,
    pub received_at: DateTime<Utc>,
    pub logged_by: String,
    pub state: ComplaintState,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledged_by: Option<String>,
    #[serde(default)]
    pub acknowledge_note: String,
    #[serde(default)]
    pub findings: String,
    #[serde(default)]
    pub action: String,
    pub outcome: Option<ComplaintOutcome>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
}

/// `state/received time`: the queue of one state in the order received.
pub static BY_STATE: IndexDef = IndexDef {
    name: "by_state",
    unique: false,
    field: "state",
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
/// One entry per person named (their username).
pub static BY_PERSON: IndexDef = IndexDef {
    name: "by_person",
    unique: false,
    field: "persons",
};
/// Received time, UTC, `YYYY-MM-DDTHH:MM:SS`.
pub static BY_RECEIVED: IndexDef = IndexDef {
    name: "by_received",
    unique: false,
    field: "received_at",
};

pub static COMPLAINTS: TableDef = TableDef {
    name: "complaints",
    indexes: &[
        &BY_STATE,
        &BY_CUSTOMER,
        &BY_REQUEST,
        &BY_PERSON,
        &BY_RECEIVED,
    ],
};

/// A time as sortable index text (UTC, to the second).
pub fn time_key(t: DateTime<Utc>) -> Vec<u8> {
    t.format("%Y-%m-%dT%H:%M:%S").to_string().into_bytes()
}

fn state_key(state: ComplaintState, received: DateTime<Utc>) -> Vec<u8> {
    let mut k = state.as_str().as_bytes().to_vec();
    k.push(b'/');
    k.extend(time_key(received));
    k
}

impl Record for ComplaintRecord {
    const TABLE: &'static TableDef = &COMPLAINTS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut k = vec![
            IndexKey {
                index: &BY_STATE,
                key: state_key(self.state, self.received_at),
            },
            IndexKey {
                index: &BY_CUSTOMER,
                key: keys::id(self.customer_id).to_vec(),
            },
            IndexKey {
                index: &BY_RECEIVED,
                key: time_key(self.received_at),
            },
        ];
        if let Some(r) = self.request_id {
            k.push(IndexKey {
                index: &BY_REQUEST,
                key: keys::id(r).to_vec(),
            });
        }
        k.extend(self.persons.iter().map(|p| IndexKey {
            index: &BY_PERSON,
            key: keys::text(p),
        }));
        k
    }
}

impl ComplaintRecord {
    pub fn names(&self, username: &str) -> bool {
        self.persons.iter().any(|p| p == username)
    }

    /// The wire form, its clocks as of `now` under the firm's settings.
    pub fn to_wire(&self, settings: &Settings, now: DateTime<Utc>) -> Complaint {
        let calendar = Calendar::for_hours(
            servicebook_shared::contracts::ServiceHours::Business,
            &settings.business_hours,
        );
        Complaint {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            number: self.number.clone(),
            source: self.source,
            customer_id: self.customer_id,
            customer_name: self.customer_name.clone(),
            request_id: self.request_id,
            request_number: self.request_number.clone(),
            work_order_id: self.work_order_id,
            work_order_number: self.work_order_number.clone(),
            survey_id: self.survey_id,
            persons: self.persons.clone(),
            person_names: self.person_names.clone(),
            summary: self.summary.clone(),
            received_at: self.received_at,
            logged_by: self.logged_by.clone(),
            state: self.state,
            acknowledged_at: self.acknowledged_at,
            acknowledged_by: self.acknowledged_by.clone(),
            acknowledge_note: self.acknowledge_note.clone(),
            findings: self.findings.clone(),
            action: self.action.clone(),
            outcome: self.outcome,
            closed_at: self.closed_at,
            closed_by: self.closed_by.clone(),
            clocks: complaint_clocks(
                self.received_at,
                self.acknowledged_at,
                self.closed_at,
                settings.complaint_ack_business_days,
                settings.complaint_close_business_days,
                &calendar,
                now,
            ),
        }
    }
}

impl Store {
    /// Complaints in one state, oldest received first.
    pub fn complaints_in_state(&self, state: ComplaintState) -> Result<Vec<u64>, StoreError> {
        let mut prefix = state.as_str().as_bytes().to_vec();
        prefix.push(b'/');
        let mut to = prefix.clone();
        to.push(0xff);
        self.ids_by_index_range::<ComplaintRecord>(&BY_STATE, &prefix, &to)
    }

    pub fn complaints_of_customer(&self, customer_id: u64) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index::<ComplaintRecord>(&BY_CUSTOMER, &keys::id(customer_id))
    }

    pub fn complaints_of_request(&self, request_id: u64) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index::<ComplaintRecord>(&BY_REQUEST, &keys::id(request_id))
    }

    pub fn complaints_naming(&self, username: &str) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index::<ComplaintRecord>(&BY_PERSON, &keys::text(username))
    }

    /// Complaints received from `from` to `to` (either end open; both
    /// inclusive to the second: callers judge exact bounds on the record),
    /// oldest first.
    pub fn complaints_received(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<u64>, StoreError> {
        let lo = from.map(time_key).unwrap_or_else(|| b"0".to_vec());
        let hi = to.map(time_key).unwrap_or_else(|| b"9999".to_vec());
        self.ids_by_index_range::<ComplaintRecord>(&BY_RECEIVED, &lo, &hi)
    }
}
