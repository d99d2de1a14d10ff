//! Part requests (备件申请) and a work order's parts.

use serde::Serialize;
use servicebook_shared::part_requests::{
    ApprovePr, IssuePr, NewPartRequest, PartRequest, PrState, ReasonPr, ReceivePr, ReturnParts,
    WorkOrderParts,
};
use servicebook_shared::stock::Movement;
use servicebook_shared::{ApiProblem, Page};

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PrQuery {
    pub state: Option<PrState>,
    pub work_order_id: Option<u64>,
    pub discrepancies: Option<bool>,
    pub limit: Option<usize>,
}

pub async fn list(q: &PrQuery) -> Result<Vec<PartRequest>, ApiProblem> {
    let page: Page<PartRequest> = super::get(&super::with_query("/api/part-requests", q)).await?;
    Ok(page.items)
}

pub async fn create(body: &NewPartRequest) -> Result<PartRequest, ApiProblem> {
    super::post("/api/part-requests", body).await
}

pub async fn approve(id: u64, body: &ApprovePr) -> Result<PartRequest, ApiProblem> {
    super::post(&format!("/api/part-requests/{id}/actions/approve"), body).await
}

pub async fn reject(id: u64, body: &ReasonPr) -> Result<PartRequest, ApiProblem> {
    super::post(&format!("/api/part-requests/{id}/actions/reject"), body).await
}

pub async fn cancel(id: u64, body: &ReasonPr) -> Result<PartRequest, ApiProblem> {
    super::post(&format!("/api/part-requests/{id}/actions/cancel"), body).await
}

pub async fn issue(id: u64, body: &IssuePr) -> Result<PartRequest, ApiProblem> {
    super::post(&format!("/api/part-requests/{id}/actions/issue"), body).await
}

pub async fn receive(id: u64, body: &ReceivePr) -> Result<PartRequest, ApiProblem> {
    super::post(&format!("/api/part-requests/{id}/actions/receive"), body).await
}

pub async fn of_work_order(wo_id: u64) -> Result<WorkOrderParts, ApiProblem> {
    super::get(&format!("/api/work-orders/{wo_id}/parts")).await
}

pub async fn return_parts(wo_id: u64, body: &ReturnParts) -> Result<Movement, ApiProblem> {
    super::post(&format!("/api/work-orders/{wo_id}/parts/returns"), body).await
}
