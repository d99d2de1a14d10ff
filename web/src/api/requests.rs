//! Service requests.

use serde::Serialize;
use servicebook_shared::requests::{
    NewRequest, RequestActionInput, RequestVerb, ServiceRequest, Urgency,
};
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/requests` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RequestQuery {
    /// `due` (default: open requests, soonest due first) or `newest`.
    pub order: Option<String>,
    pub customer_id: Option<u64>,
    pub device_id: Option<u64>,
    pub urgency: Option<Urgency>,
    /// Only requests with open work assigned to this engineer.
    pub engineer: Option<u64>,
    /// `unassigned` or `closed`.
    pub state: Option<String>,
    /// Only requests due within this many minutes (or already late).
    pub due_within: Option<i64>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn list(q: &RequestQuery) -> Result<Page<ServiceRequest>, ApiProblem> {
    super::get(&super::with_query("/api/requests", q)).await
}

pub async fn get(id: u64) -> Result<ServiceRequest, ApiProblem> {
    super::get(&format!("/api/requests/{id}")).await
}

pub async fn create(body: &NewRequest) -> Result<ServiceRequest, ApiProblem> {
    super::post("/api/requests", body).await
}

fn verb_path(verb: RequestVerb) -> &'static str {
    match verb {
        RequestVerb::Pause => "pause",
        RequestVerb::Resume => "resume",
        RequestVerb::Close => "close",
        RequestVerb::Reopen => "reopen",
    }
}

/// `POST /api/requests/{id}/actions/{verb}`: pause, resume or close.
pub async fn act(
    id: u64,
    verb: RequestVerb,
    body: &RequestActionInput,
) -> Result<ServiceRequest, ApiProblem> {
    super::post(
        &format!("/api/requests/{id}/actions/{}", verb_path(verb)),
        body,
    )
    .await
}
