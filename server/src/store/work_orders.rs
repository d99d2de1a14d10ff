//! Work orders on disk. Open orders are indexed by assignee (an engineer's
//! tasks and load) and by state (the manager's approvals).

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use serde::{Deserialize, Serialize};
use servicebook_shared::requests::Urgency;
use servicebook_shared::work_orders::{
    on_site, ExtensionAsk, Quote, Step, Transition, WoState, WorkKind, WorkOrder,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkOrderRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub number: String,
    pub request_id: u64,
    /// Copied from the request (they do not change) so lists need not
    /// read it.
    pub customer_id: u64,
    pub device_id: Option<u64>,
    pub urgency: Urgency,
    pub kind: WorkKind,
    pub state: WoState,
    pub description: String,
    pub assignees: Vec<u64>,
    pub contract_id: Option<u64>,
    pub chargeable: bool,
    pub quote: Option<Quote>,
    pub extension: Option<ExtensionAsk>,
    pub steps: Vec<Step>,
    pub history: Vec<Transition>,
    /// Its service report's revisions, oldest first.
    #[serde(default)]
    pub report_ids: Vec<u64>,
    /// 1 for first line (records written before escalation existed read as 0).
    #[serde(default)]
    pub level: u8,
    #[serde(default)]
    pub escalated_from: Option<u64>,
    #[serde(default)]
    pub context: String,
    /// Kind inspection: the visit this work order does.
    #[serde(default)]
    pub inspection_visit_id: Option<u64>,
}

pub static BY_NUMBER: IndexDef = IndexDef {
    name: "by_number",
    unique: true,
    field: "number",
};
pub static BY_REQUEST: IndexDef = IndexDef {
    name: "by_request",
    unique: false,
    field: "request_id",
};
pub static BY_ASSIGNEE: IndexDef = IndexDef {
    name: "by_assignee",
    unique: false,
    field: "assignees",
};
pub static BY_STATE: IndexDef = IndexDef {
    name: "by_state",
    unique: false,
    field: "state",
};

pub static WORK_ORDERS: TableDef = TableDef {
    name: "work_orders",
    indexes: &[&BY_NUMBER, &BY_REQUEST, &BY_ASSIGNEE, &BY_STATE],
};

impl Record for WorkOrderRecord {
    const TABLE: &'static TableDef = &WORK_ORDERS;
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
                index: &BY_REQUEST,
                key: keys::id(self.request_id).to_vec(),
            },
        ];
        if self.state.is_open() {
            let mut people = self.assignees.clone();
            people.sort_unstable();
            people.dedup();
            k.extend(people.into_iter().map(|a| IndexKey {
                index: &BY_ASSIGNEE,
                key: keys::id(a).to_vec(),
            }));
            k.push(IndexKey {
                index: &BY_STATE,
                key: keys::text(self.state.as_str()),
            });
        }
        k
    }
}

/// Names the wire form shows instead of ids.
pub struct Names<'a> {
    pub request_number: &'a str,
    pub customer_name: &'a str,
    pub assignee_names: Vec<String>,
    /// The device as people name it, and the request's site.
    pub device_name: String,
    pub site: Option<servicebook_shared::customers::Site>,
}

impl WorkOrderRecord {
    pub fn to_wire(&self, names: Names<'_>) -> WorkOrder {
        WorkOrder {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            number: self.number.clone(),
            request_id: self.request_id,
            request_number: names.request_number.to_owned(),
            customer_id: self.customer_id,
            customer_name: names.customer_name.to_owned(),
            device_id: self.device_id,
            device_name: names.device_name,
            site: names.site,
            urgency: self.urgency,
            kind: self.kind,
            state: self.state,
            description: self.description.clone(),
            assignees: self.assignees.clone(),
            assignee_names: names.assignee_names,
            contract_id: self.contract_id,
            chargeable: self.chargeable,
            quote: self.quote.clone(),
            extension: self.extension.clone(),
            steps: self.steps.clone(),
            history: self.history.clone(),
            on_site: on_site(&self.steps),
            level: self.level.max(1),
            escalated_from: self.escalated_from,
            context: self.context.clone(),
            inspection_visit_id: self.inspection_visit_id,
        }
    }
}

impl Store {
    /// Open work orders assigned to `user_id`.
    pub fn open_work_orders_of(&self, user_id: u64) -> Result<Vec<WorkOrderRecord>, StoreError> {
        self.records_by_index(&BY_ASSIGNEE, &keys::id(user_id))
    }

    /// Open work orders in `state`.
    pub fn work_orders_in_state(&self, state: WoState) -> Result<Vec<WorkOrderRecord>, StoreError> {
        self.records_by_index(&BY_STATE, &keys::text(state.as_str()))
    }

    pub fn work_orders_of_request(
        &self,
        request_id: u64,
    ) -> Result<Vec<WorkOrderRecord>, StoreError> {
        self.records_by_index(&BY_REQUEST, &keys::id(request_id))
    }
}
