//! Inspection schedules and their planned visits on disk. A visit's slot
//! (schedule, date) is a unique index: the same date is always the same
//! visit, whatever re-plans it.

use super::reports::StoredSignature;
use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::inspections::plans::{InspectionSchedule, PlannedVisit, VisitState};
use servicebook_shared::inspections::rhythm::Rhythm;
use servicebook_shared::inspections::visits::{DeviceCheck, Finding};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub contract_id: u64,
    pub customer_id: u64,
    pub template_family_id: u64,
    pub device_ids: Vec<u64>,
    pub rhythm: Rhythm,
    pub active: bool,
    pub notes: String,
    /// Every date this schedule has planned (a write cannot scan the
    /// visits' index; a visit's date is its identity in the schedule).
    #[serde(default)]
    pub plan_dates: Vec<NaiveDate>,
}

pub static SCHEDULE_BY_CONTRACT: IndexDef = IndexDef {
    name: "by_contract",
    unique: false,
    field: "contract_id",
};

pub static INSPECTION_SCHEDULES: TableDef = TableDef {
    name: "inspection_schedules",
    indexes: &[&SCHEDULE_BY_CONTRACT],
};

impl Record for ScheduleRecord {
    const TABLE: &'static TableDef = &INSPECTION_SCHEDULES;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![IndexKey {
            index: &SCHEDULE_BY_CONTRACT,
            key: keys::id(self.contract_id).to_vec(),
        }]
    }
}

impl ScheduleRecord {
    pub fn to_wire(&self) -> InspectionSchedule {
        InspectionSchedule {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            contract_id: self.contract_id,
            customer_id: self.customer_id,
            template_family_id: self.template_family_id,
            device_ids: self.device_ids.clone(),
            rhythm: self.rhythm,
            active: self.active,
            notes: self.notes.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub schedule_id: u64,
    pub contract_id: u64,
    pub customer_id: u64,
    pub template_family_id: u64,
    pub due_date: NaiveDate,
    pub device_ids: Vec<u64>,
    pub state: VisitState,
    /// Once dispatched: its work order and that work order's request.
    #[serde(default)]
    pub work_order_id: Option<u64>,
    #[serde(default)]
    pub request_id: Option<u64>,
    /// The standard's revision, fixed by the first device recorded.
    #[serde(default)]
    pub template_id: Option<u64>,
    #[serde(default)]
    pub checks: Vec<DeviceCheck>,
    #[serde(default)]
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub signature: Option<StoredSignature>,
    #[serde(default)]
    pub done_at: Option<DateTime<Utc>>,
    /// The firm's day it was signed: on time or late against `due_date`.
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
}

pub static VISIT_SLOT: IndexDef = IndexDef {
    name: "slot",
    unique: true,
    field: "schedule_id,due_date",
};
pub static VISIT_BY_SCHEDULE: IndexDef = IndexDef {
    name: "by_schedule",
    unique: false,
    field: "schedule_id",
};
/// Visits still to be done (planned, dispatched, under way), by due date:
/// the due and overdue list.
pub static VISIT_DUE: IndexDef = IndexDef {
    name: "due",
    unique: false,
    field: "due_date",
};

pub static INSPECTION_VISITS: TableDef = TableDef {
    name: "inspection_visits",
    indexes: &[&VISIT_SLOT, &VISIT_BY_SCHEDULE, &VISIT_DUE],
};

/// The unique key of a schedule's visit on `date`.
pub fn slot_key(schedule: u64, date: NaiveDate) -> Vec<u8> {
    let mut k = keys::id(schedule).to_vec();
    k.extend_from_slice(date.format("%Y-%m-%d").to_string().as_bytes());
    k
}

/// The due index's value for `date`.
pub fn due_key(date: NaiveDate) -> Vec<u8> {
    keys::text(&date.format("%Y-%m-%d").to_string())
}

impl Record for VisitRecord {
    const TABLE: &'static TableDef = &INSPECTION_VISITS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut k = vec![
            IndexKey {
                index: &VISIT_SLOT,
                key: slot_key(self.schedule_id, self.due_date),
            },
            IndexKey {
                index: &VISIT_BY_SCHEDULE,
                key: keys::id(self.schedule_id).to_vec(),
            },
        ];
        if self.state.open() {
            k.push(IndexKey {
                index: &VISIT_DUE,
                key: due_key(self.due_date),
            });
        }
        k
    }
}

impl VisitRecord {
    pub fn to_wire(&self, today: NaiveDate) -> PlannedVisit {
        PlannedVisit {
            id: self.meta.id,
            version: self.meta.version,
            schedule_id: self.schedule_id,
            contract_id: self.contract_id,
            customer_id: self.customer_id,
            template_family_id: self.template_family_id,
            due_date: self.due_date,
            device_ids: self.device_ids.clone(),
            state: self.state,
            overdue: self.state.open() && self.due_date < today,
            work_order_id: self.work_order_id,
            request_id: self.request_id,
            done_on: self.done_on,
        }
    }
}

impl Store {
    pub fn schedules_of_contract(&self, contract: u64) -> Result<Vec<ScheduleRecord>, StoreError> {
        self.records_by_index(&SCHEDULE_BY_CONTRACT, &keys::id(contract))
    }

    pub fn visits_of_schedule(&self, schedule: u64) -> Result<Vec<VisitRecord>, StoreError> {
        self.records_by_index(&VISIT_BY_SCHEDULE, &keys::id(schedule))
    }

    /// Visits still to be done, due on or before `until`, earliest first.
    /// Only the first `limit` that `keep` accepts are read in full, so a
    /// long backlog costs its index keys, not its records.
    pub fn planned_visits_until(
        &self,
        until: NaiveDate,
        limit: usize,
        keep: impl Fn(&VisitRecord) -> bool,
    ) -> Result<Vec<VisitRecord>, StoreError> {
        let ids = self.ids_by_index_range::<VisitRecord>(
            &VISIT_DUE,
            &due_key(servicebook_shared::bounds::FIRST_DATE),
            &due_key(until),
        )?;
        let mut out = Vec::with_capacity(limit.min(ids.len()));
        for id in ids {
            if out.len() >= limit {
                break;
            }
            if let Some(v) = self.get::<VisitRecord>(id)? {
                if keep(&v) {
                    out.push(v);
                }
            }
        }
        Ok(out)
    }
}
