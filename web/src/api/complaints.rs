//! Complaints (投诉): the list, one complaint, logging, acknowledging,
//! closing, the figures per person and the staff a complaint may name.

use serde::Serialize;
use servicebook_shared::complaints::{
    AcknowledgeComplaint, CloseComplaint, Complaint, ComplaintState, NewComplaint, StaffRef,
};
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/complaints` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ComplaintQuery {
    pub state: Option<ComplaintState>,
    pub person: Option<String>,
    pub customer_id: Option<u64>,
    pub request_id: Option<u64>,
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    pub to: Option<chrono::DateTime<chrono::Utc>>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn list(q: &ComplaintQuery) -> Result<Page<Complaint>, ApiProblem> {
    super::get(&super::with_query("/api/complaints", q)).await
}

pub async fn get(id: u64) -> Result<Complaint, ApiProblem> {
    super::get(&format!("/api/complaints/{id}")).await
}

pub async fn create(body: &NewComplaint) -> Result<Complaint, ApiProblem> {
    super::post("/api/complaints", body).await
}

pub async fn acknowledge(id: u64, body: &AcknowledgeComplaint) -> Result<Complaint, ApiProblem> {
    super::post(&format!("/api/complaints/{id}/actions/acknowledge"), body).await
}

pub async fn close(id: u64, body: &CloseComplaint) -> Result<Complaint, ApiProblem> {
    super::post(&format!("/api/complaints/{id}/actions/close"), body).await
}

pub async fn people() -> Result<Vec<StaffRef>, ApiProblem> {
    super::get("/api/complaints/people").await
}
