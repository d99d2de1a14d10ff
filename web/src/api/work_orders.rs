//! Work orders: the list, one order, its actions, steps, quote and the
//! engineers suggested for dispatch.

use chrono::{DateTime, Utc};
use serde::Serialize;
use servicebook_shared::dispatch::Candidate;
use servicebook_shared::work_orders::{
    ActionInput, NewStep, NewWorkOrder, QuoteInput, Verb, WoState, WorkKind, WorkOrder,
};
use servicebook_shared::{ApiProblem, Page};

/// Whose work orders: mine, or one user's (by id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignee {
    Me,
    User(u64),
}

impl Assignee {
    pub fn parse(s: &str) -> Option<Assignee> {
        match s {
            "me" => Some(Assignee::Me),
            _ => s.parse().ok().map(Assignee::User),
        }
    }
}

impl std::fmt::Display for Assignee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Assignee::Me => f.write_str("me"),
            Assignee::User(id) => write!(f, "{id}"),
        }
    }
}

impl Serialize for Assignee {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// `GET /api/work-orders` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WorkOrderQuery {
    /// One request's work orders.
    pub request_id: Option<u64>,
    /// Someone's open work orders.
    pub assignee: Option<Assignee>,
    pub state: Option<WoState>,
    pub kind: Option<WorkKind>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created at or before.
    pub to: Option<DateTime<Utc>>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn list(q: &WorkOrderQuery) -> Result<Page<WorkOrder>, ApiProblem> {
    super::get(&super::with_query("/api/work-orders", q)).await
}

/// Every work order of one request.
pub async fn of_request(request_id: u64) -> Result<Vec<WorkOrder>, ApiProblem> {
    list(&WorkOrderQuery {
        request_id: Some(request_id),
        limit: Some(500),
        ..Default::default()
    })
    .await
    .map(|p| p.items)
}

pub async fn get(id: u64) -> Result<WorkOrder, ApiProblem> {
    super::get(&format!("/api/work-orders/{id}")).await
}

/// Open a work order (or escalate one: `escalated_from` with `context`).
pub async fn create(body: &NewWorkOrder) -> Result<WorkOrder, ApiProblem> {
    super::post("/api/work-orders", body).await
}

/// `POST /api/work-orders/{id}/actions/{verb}`.
pub async fn act(id: u64, verb: Verb, body: &ActionInput) -> Result<WorkOrder, ApiProblem> {
    super::post(
        &format!("/api/work-orders/{id}/actions/{}", verb.as_str()),
        body,
    )
    .await
}

/// `POST /api/work-orders/{id}/steps`: called, arrived, left, remote.
pub async fn log_step(id: u64, body: &NewStep) -> Result<WorkOrder, ApiProblem> {
    super::post(&format!("/api/work-orders/{id}/steps"), body).await
}

/// `PUT /api/work-orders/{id}/quote`.
pub async fn set_quote(id: u64, body: &QuoteInput) -> Result<WorkOrder, ApiProblem> {
    super::put(&format!("/api/work-orders/{id}/quote"), body).await
}

/// The engineers ranked for dispatching this work order.
pub async fn candidates(id: u64) -> Result<Vec<Candidate>, ApiProblem> {
    super::get(&format!("/api/work-orders/{id}/candidates")).await
}
