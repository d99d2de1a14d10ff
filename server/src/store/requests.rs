//! Service requests on disk. The event history is the record's own; the
//! clocks are not stored but computed from it when read. The one derived
//! value kept is the next due time, as an index, so the board can walk
//! open requests in the order they breach.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::customers::Site;
use servicebook_shared::kpi::WorkFigures;
use servicebook_shared::requests::{Coverage, ServiceRequest, Source, SurveyMark, Urgency};
use servicebook_shared::settings::Settings;
use servicebook_shared::sla::{self, Calendar, TimedEvent};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub number: String,
    pub source: Source,
    pub customer_id: u64,
    pub contact: String,
    pub device_id: Option<u64>,
    /// Where the work is (records from before sites were carried: none).
    #[serde(default)]
    pub site: Option<Site>,
    pub description: String,
    pub urgency: Urgency,
    pub fault_level: u8,
    pub received_at: DateTime<Utc>,
    pub logged_at: DateTime<Utc>,
    pub logged_by: String,
    pub coverage: Coverage,
    pub closed: bool,
    pub events: Vec<TimedEvent>,
    /// Derived from `events` by the domain on every write (see module doc).
    pub next_due_at: Option<DateTime<Utc>>,
    /// Its work orders, oldest first.
    #[serde(default)]
    pub work_order_ids: Vec<u64>,
    #[serde(default)]
    pub closing_note: String,
    /// The inspection visit this request came from: the visit itself
    /// (dispatched as work) or one of its findings.
    #[serde(default)]
    pub inspection_visit_id: Option<u64>,
    /// Its satisfaction surveys as the KPIs count them (see `SurveyMark`).
    #[serde(default)]
    pub surveys: Vec<SurveyMark>,
    /// Who was dispatched on its work orders (usernames): the KPIs count
    /// the request for each.
    #[serde(default)]
    pub engineers: Vec<String>,
    /// Hours, travel and parts of each work order as its signed report
    /// states them.
    #[serde(default)]
    pub work: Vec<WorkFigures>,
    /// When the next request for the same device was received (first-time
    /// fix fails when it came within the firm's days).
    #[serde(default)]
    pub next_request_at: Option<DateTime<Utc>>,
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
    field: "device_id",
};
pub static BY_DUE: IndexDef = IndexDef {
    name: "by_due",
    unique: false,
    field: "next_due_at",
};

/// Requests by when their first cycle was closed (the KPIs' drill-downs
/// walk a period with it): see `kpi::closed_key`.
pub static BY_CLOSED: IndexDef = IndexDef {
    name: "by_closed",
    unique: false,
    field: "events",
};

pub static REQUESTS: TableDef = TableDef {
    name: "requests",
    indexes: &[&BY_NUMBER, &BY_CUSTOMER, &BY_DEVICE, &BY_DUE, &BY_CLOSED],
};

fn due_key(t: DateTime<Utc>) -> [u8; 8] {
    (t.timestamp().max(0) as u64).to_be_bytes()
}

/// Where an open request sits on the board. An urgent call nobody has been
/// sent to yet is the dispatcher's next job whatever else is late (work
/// already under way has someone on it), so it is pinned to the top, oldest
/// first (ids grow as calls are logged); everything else comes in the order it
/// breaches. The key is only the board's order: the due time itself is the
/// record's `next_due_at`.
fn board_key(r: &RequestRecord, due: DateTime<Utc>) -> [u8; 8] {
    if awaits_urgent_dispatch(r) {
        0u64.to_be_bytes()
    } else {
        due_key(due)
    }
}

/// Urgent, open, and nobody dispatched yet (its dispatch clock runs).
pub fn awaits_urgent_dispatch(r: &RequestRecord) -> bool {
    r.urgency == Urgency::Urgent
        && !r.closed
        && !r
            .events
            .iter()
            .any(|e| matches!(e.event, sla::SlaEvent::Assigned))
}

impl Record for RequestRecord {
    const TABLE: &'static TableDef = &REQUESTS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut k = vec![
            IndexKey {
                index: &BY_NUMBER,
                key: keys::text(&self.number),
            },
            IndexKey {
                index: &BY_CUSTOMER,
                key: keys::id(self.customer_id).to_vec(),
            },
        ];
        if let Some(d) = self.device_id {
            k.push(IndexKey {
                index: &BY_DEVICE,
                key: keys::id(d).to_vec(),
            });
        }
        if let Some(at) = super::kpi::closed_key(self) {
            k.push(IndexKey {
                index: &BY_CLOSED,
                key: at.to_vec(),
            });
        }
        if let (false, Some(due)) = (self.closed, self.next_due_at) {
            k.push(IndexKey {
                index: &BY_DUE,
                key: board_key(self, due).to_vec(),
            });
        }
        k
    }

    fn on_write(tx: &super::Tx<'_>, old: Option<&Self>, new: &Self) -> super::TxResult<()> {
        super::kpi::on_request_write(tx, old, new)
    }
}

impl RequestRecord {
    /// The wire form at `now`, its clocks worked out in the request's
    /// calendar with the firm's `settings` (business hours, dispatch clock).
    pub fn to_wire(
        &self,
        customer_name: &str,
        device_name: &str,
        settings: &Settings,
        now: DateTime<Utc>,
    ) -> ServiceRequest {
        let cal = Calendar::for_hours(self.coverage.hours, &settings.business_hours);
        let clocks = sla::clocks(
            &self.events,
            self.urgency == Urgency::Urgent,
            &self.coverage.promises,
            settings.dispatch_minutes.for_urgency(self.urgency),
            &cal,
            now,
        );
        ServiceRequest {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            number: self.number.clone(),
            source: self.source,
            customer_id: self.customer_id,
            customer_name: customer_name.to_owned(),
            contact: self.contact.clone(),
            device_id: self.device_id,
            device_name: device_name.to_owned(),
            site: self.site.clone(),
            description: self.description.clone(),
            urgency: self.urgency,
            fault_level: self.fault_level,
            received_at: self.received_at,
            logged_at: self.logged_at,
            logged_by: self.logged_by.clone(),
            coverage: self.coverage.clone(),
            closed: self.closed,
            events: self.events.clone(),
            next_due_at: sla::next_due(&clocks),
            work_order_ids: self.work_order_ids.clone(),
            inspection_visit_id: self.inspection_visit_id,
            surveys: self.surveys.clone(),
            engineers: self.engineers.clone(),
            work: self.work.clone(),
            next_request_at: self.next_request_at,
            closing_note: self.closing_note.clone(),
            clocks,
        }
    }
}

/// Where a walk in due order stopped: the due time's key and the id.
pub type DueCursor = (u64, u64);

impl Store {
    /// Open requests with a running clock in board order (urgent ones
    /// awaiting dispatch, then soonest due first), after `after`.
    pub fn requests_by_due(
        &self,
        after: Option<DueCursor>,
        limit: usize,
    ) -> Result<(Vec<RequestRecord>, Option<DueCursor>), StoreError> {
        let tree = self.tree(&REQUESTS.index_tree(BY_DUE.name))?;
        let start = match after {
            Some((due, id)) => keys::non_unique(&due.to_be_bytes(), id.saturating_add(1)),
            None => Vec::new(),
        };
        let mut out = Vec::new();
        let mut last = None;
        for entry in tree.range(start..) {
            let (key, _) = entry?;
            let (Some(id), Some(due)) = (
                keys::parse_id(&key),
                key.get(..8)
                    .and_then(|b| <[u8; 8]>::try_from(b).ok())
                    .map(u64::from_be_bytes),
            ) else {
                continue;
            };
            if out.len() == limit {
                return Ok((out, last));
            }
            if let Some(r) = self.get::<RequestRecord>(id)? {
                out.push(r);
                last = Some((due, id));
            }
        }
        Ok((out, None))
    }

    /// Open requests with a running clock, and how many of them are past
    /// due at `now`: one walk over the due index's keys. The key is the due
    /// time except for urgent calls pinned to the top of the board (key 0),
    /// whose real due time only their record holds: those few are read.
    pub fn request_clock_counts(&self, now: DateTime<Utc>) -> Result<(u64, u64), StoreError> {
        let tree = self.tree(&REQUESTS.index_tree(BY_DUE.name))?;
        let (mut running, mut late) = (0, 0);
        for key in tree.iter().keys() {
            let key = key?;
            running += 1;
            let Some(due) = key
                .get(..8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(u64::from_be_bytes)
            else {
                continue;
            };
            let is_late = if due == 0 {
                let record = match keys::parse_id(&key) {
                    Some(id) => self.get::<RequestRecord>(id)?,
                    None => None,
                };
                record
                    .and_then(|r| r.next_due_at)
                    .is_some_and(|due| due < now)
            } else {
                due < u64::from_be_bytes(due_key(now))
            };
            if is_late {
                late += 1;
            }
        }
        Ok((running, late))
    }

    pub fn requests_of_customer(&self, customer_id: u64) -> Result<Vec<RequestRecord>, StoreError> {
        self.records_by_index(&BY_CUSTOMER, &keys::id(customer_id))
    }

    pub fn requests_of_device(&self, device_id: u64) -> Result<Vec<RequestRecord>, StoreError> {
        self.records_by_index(&BY_DEVICE, &keys::id(device_id))
    }
}
