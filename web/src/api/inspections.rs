//! Inspection standards (templates), schedules, and the visits done
//! against them: recording devices, findings, the customer's signature,
//! a device's reading history and a contract's compliance.

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

use chrono::NaiveDate;
use servicebook_shared::inspections::plans::{
    InspectionSchedule, NewSchedule, PlannedVisit, SchedulePatch,
};
use servicebook_shared::inspections::visits::{
    CheckInput, Compliance, DispatchVisit, InspectionVisit, NewFinding, ReadingSeries,
};
use servicebook_shared::reports::{SignInput, SignLink};
use servicebook_shared::users::VersionOnly;

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

/// `GET /api/inspections/due` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DueQuery {
    /// Due on or before this day (the server's default: two weeks ahead).
    pub until: Option<NaiveDate>,
    pub contract_id: Option<u64>,
    pub limit: Option<usize>,
}

/// Open visits due by `until` (planned, dispatched or under way), overdue
/// ones first.
pub async fn due(q: &DueQuery) -> Result<Vec<PlannedVisit>, ApiProblem> {
    super::get(&super::with_query("/api/inspections/due", q)).await
}

pub async fn visit(id: u64) -> Result<InspectionVisit, ApiProblem> {
    super::get(&format!("/api/inspections/visits/{id}")).await
}

/// Gives a planned visit to engineers: a request and a work order of kind
/// inspection.
pub async fn dispatch(id: u64, body: &DispatchVisit) -> Result<InspectionVisit, ApiProblem> {
    super::post(&format!("/api/inspections/visits/{id}/dispatch"), body).await
}

/// Records (or records again) one device of the visit.
pub async fn record(
    id: u64,
    device_id: u64,
    body: &CheckInput,
) -> Result<InspectionVisit, ApiProblem> {
    super::put(
        &format!("/api/inspections/visits/{id}/devices/{device_id}"),
        body,
    )
    .await
}

/// Opens a service request from a failed item.
pub async fn open_finding(id: u64, body: &NewFinding) -> Result<InspectionVisit, ApiProblem> {
    super::post(&format!("/api/inspections/visits/{id}/findings"), body).await
}

/// The customer signs on the engineer's phone.
pub async fn sign(id: u64, body: &SignInput) -> Result<InspectionVisit, ApiProblem> {
    super::post(&format!("/api/inspections/visits/{id}/sign"), body).await
}

/// A one-time link for the customer to sign on their own phone.
pub async fn sign_link(id: u64, version: u64) -> Result<SignLink, ApiProblem> {
    super::post(
        &format!("/api/inspections/visits/{id}/sign-link"),
        &VersionOnly { version },
    )
    .await
}

/// The customer's signature of a done visit, drawn by the server.
pub fn signature_url(id: u64) -> String {
    format!("/api/inspections/visits/{id}/signature.svg")
}

/// The device's inspections still to be done, those given to engineers
/// first.
pub async fn device_visits(
    device_id: u64,
) -> Result<Vec<servicebook_shared::inspections::plans::PlannedVisit>, ApiProblem> {
    super::get(&format!("/api/devices/{device_id}/inspections")).await
}

/// A device's readings over its done visits, one series per item.
pub async fn readings(device_id: u64) -> Result<Vec<ReadingSeries>, ApiProblem> {
    super::get(&format!("/api/devices/{device_id}/readings")).await
}

#[derive(Serialize)]
struct YearQuery {
    year: Option<i32>,
}

/// How a contract's inspections stand for `year` (default: the firm's
/// current year).
pub async fn compliance(contract_id: u64, year: Option<i32>) -> Result<Compliance, ApiProblem> {
    super::get(&super::with_query(
        &format!("/api/contracts/{contract_id}/inspection-compliance"),
        &YearQuery { year },
    ))
    .await
}
