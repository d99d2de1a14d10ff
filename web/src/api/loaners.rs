//! Loaner units (备机): the pool, loans, their signatures and links.

use serde::Serialize;
use servicebook_shared::loaners::{
    Loan, LoanStage, LoanState, LoanerUnit, LoanerUnitPatch, NewLoan, NewLoanerUnit, ReturnInput,
    UnitStatus,
};
use servicebook_shared::reports::{SignInput, SignLink};
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/loaners` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnitQuery {
    pub status: Option<UnitStatus>,
    /// Part of the product, brand, model, serial or asset tag.
    pub q: Option<String>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn units(q: &UnitQuery) -> Result<Page<LoanerUnit>, ApiProblem> {
    super::get(&super::with_query("/api/loaners", q)).await
}

pub async fn unit(id: u64) -> Result<LoanerUnit, ApiProblem> {
    super::get(&format!("/api/loaners/{id}")).await
}

pub async fn create_unit(body: &NewLoanerUnit) -> Result<LoanerUnit, ApiProblem> {
    super::post("/api/loaners", body).await
}

pub async fn update_unit(id: u64, body: &LoanerUnitPatch) -> Result<LoanerUnit, ApiProblem> {
    super::patch(&format!("/api/loaners/{id}"), body).await
}

/// Every loan of one unit, newest first.
pub async fn history(unit_id: u64) -> Result<Vec<Loan>, ApiProblem> {
    super::get(&format!("/api/loaners/{unit_id}/loans")).await
}

/// `GET /api/loaners/loans` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LoanQuery {
    pub overdue: Option<bool>,
    pub state: Option<LoanState>,
    /// Only loans whose unit is with the customer.
    pub out: Option<bool>,
    pub customer_id: Option<u64>,
    pub request_id: Option<u64>,
    pub unit_id: Option<u64>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn loans(q: &LoanQuery) -> Result<Page<Loan>, ApiProblem> {
    super::get(&super::with_query("/api/loaners/loans", q)).await
}

pub async fn loan(id: u64) -> Result<Loan, ApiProblem> {
    super::get(&format!("/api/loaners/loans/{id}")).await
}

pub async fn lend(body: &NewLoan) -> Result<Loan, ApiProblem> {
    super::post("/api/loaners/loans", body).await
}

pub async fn take_back(id: u64, body: &ReturnInput) -> Result<Loan, ApiProblem> {
    super::post(&format!("/api/loaners/loans/{id}/actions/return"), body).await
}

/// The stage as the paths name it.
fn stage_path(stage: LoanStage) -> &'static str {
    match stage {
        LoanStage::HandOver => "hand-over",
        LoanStage::Return => "return",
    }
}

/// The customer signs the receipt or the return on the staff's device.
pub async fn sign(id: u64, stage: LoanStage, body: &SignInput) -> Result<Loan, ApiProblem> {
    super::post(
        &format!("/api/loaners/loans/{id}/{}/sign", stage_path(stage)),
        body,
    )
    .await
}

/// A one-time link for the customer to sign on their own phone.
pub async fn sign_link(id: u64, stage: LoanStage) -> Result<SignLink, ApiProblem> {
    super::post_empty(&format!(
        "/api/loaners/loans/{id}/{}/sign-link",
        stage_path(stage)
    ))
    .await
}

/// The signature image of the receipt or the return.
pub fn signature_url(id: u64, stage: LoanStage) -> String {
    format!(
        "/api/loaners/loans/{id}/{}/signature.svg",
        stage_path(stage)
    )
}
