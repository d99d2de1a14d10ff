//! Repairs (送修): intake, the list and board, state actions, the repair
//! record, and the voucher's QR code.

use serde::Serialize;
use servicebook_shared::repairs::{
    NewRepair, Repair, RepairActionInput, RepairIntake, RepairSheetInput, RepairVerb,
};
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/repairs` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RepairQuery {
    pub state: Option<String>,
    pub open: Option<bool>,
    pub overdue: Option<bool>,
    pub customer_id: Option<u64>,
    pub device_id: Option<u64>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn list(q: &RepairQuery) -> Result<Page<Repair>, ApiProblem> {
    super::get(&super::with_query("/api/repairs", q)).await
}

pub async fn get(id: u64) -> Result<Repair, ApiProblem> {
    super::get(&format!("/api/repairs/{id}")).await
}

pub async fn create(body: &NewRepair) -> Result<RepairIntake, ApiProblem> {
    super::post("/api/repairs", body).await
}

pub async fn act(
    id: u64,
    verb: RepairVerb,
    body: &RepairActionInput,
) -> Result<Repair, ApiProblem> {
    super::post(
        &format!("/api/repairs/{id}/actions/{}", verb.as_str()),
        body,
    )
    .await
}

pub async fn save_sheet(id: u64, body: &RepairSheetInput) -> Result<Repair, ApiProblem> {
    super::put(&format!("/api/repairs/{id}/record"), body).await
}

/// The QR code of the voucher's code, drawn by the server.
pub fn voucher_qr_url(id: u64, code: &str) -> String {
    format!(
        "/api/repairs/{id}/voucher-qr.svg?code={}",
        js_sys::encode_uri_component(code)
    )
}

/// Use a part from stock on the repair's record.
pub async fn use_part(
    id: u64,
    body: &servicebook_shared::repairs::UseStockPart,
) -> Result<Repair, ApiProblem> {
    super::post(&format!("/api/repairs/{id}/parts"), body).await
}
