//! Inspection standards (templates).

use serde::Serialize;
use servicebook_shared::inspections::{
    InspectionTemplate, NewTemplate, TemplateExample, TemplateRevisionInput, TemplateStatus,
};
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/inspection-templates` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TemplateQuery {
    pub q: Option<String>,
    pub include_archived: Option<bool>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn templates(q: &TemplateQuery) -> Result<Page<InspectionTemplate>, ApiProblem> {
    super::get(&super::with_query("/api/inspection-templates", q)).await
}

pub async fn examples() -> Result<Vec<TemplateExample>, ApiProblem> {
    super::get("/api/inspection-templates/examples").await
}

pub async fn template(id: u64) -> Result<InspectionTemplate, ApiProblem> {
    super::get(&format!("/api/inspection-templates/{id}")).await
}

pub async fn revisions(id: u64) -> Result<Vec<InspectionTemplate>, ApiProblem> {
    super::get(&format!("/api/inspection-templates/{id}/revisions")).await
}

pub async fn create(body: &NewTemplate) -> Result<InspectionTemplate, ApiProblem> {
    super::post("/api/inspection-templates", body).await
}

pub async fn revise(
    id: u64,
    body: &TemplateRevisionInput,
) -> Result<InspectionTemplate, ApiProblem> {
    super::post(&format!("/api/inspection-templates/{id}/revisions"), body).await
}

pub async fn set_status(id: u64, body: &TemplateStatus) -> Result<InspectionTemplate, ApiProblem> {
    super::patch(&format!("/api/inspection-templates/{id}"), body).await
}

use servicebook_shared::inspections::plans::{
    InspectionSchedule, NewSchedule, PlannedVisit, SchedulePatch,
};

pub async fn schedules(contract_id: u64) -> Result<Vec<InspectionSchedule>, ApiProblem> {
    super::get(&format!(
        "/api/inspections/schedules?contract_id={contract_id}"
    ))
    .await
}

pub async fn create_schedule(body: &NewSchedule) -> Result<InspectionSchedule, ApiProblem> {
    super::post("/api/inspections/schedules", body).await
}

pub async fn update_schedule(
    id: u64,
    body: &SchedulePatch,
) -> Result<InspectionSchedule, ApiProblem> {
    super::patch(&format!("/api/inspections/schedules/{id}"), body).await
}

pub async fn schedule_visits(id: u64) -> Result<Vec<PlannedVisit>, ApiProblem> {
    super::get(&format!("/api/inspections/schedules/{id}/visits")).await
}

pub async fn due() -> Result<Vec<PlannedVisit>, ApiProblem> {
    super::get("/api/inspections/due").await
}
