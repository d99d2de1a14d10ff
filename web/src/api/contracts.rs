//! Contracts.

use serde::Serialize;
use servicebook_shared::contracts::{Contract, ContractKind, ContractPatch, NewContract};
use servicebook_shared::coverage::ContractStatus;
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/contracts` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ContractQuery {
    pub kind: Option<ContractKind>,
    pub status: Option<ContractStatus>,
    pub customer_id: Option<u64>,
    /// Only contracts ending within this many days, soonest first.
    pub expiring_days: Option<u32>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn list(q: &ContractQuery) -> Result<Page<Contract>, ApiProblem> {
    super::get(&super::with_query("/api/contracts", q)).await
}

pub async fn get(id: u64) -> Result<Contract, ApiProblem> {
    super::get(&format!("/api/contracts/{id}")).await
}

pub async fn create(body: &NewContract) -> Result<Contract, ApiProblem> {
    super::post("/api/contracts", body).await
}

pub async fn update(id: u64, body: &ContractPatch) -> Result<Contract, ApiProblem> {
    super::patch(&format!("/api/contracts/{id}"), body).await
}
