//! Customers.

use serde::Serialize;
use servicebook_shared::customers::{Customer, CustomerPatch, NewCustomer, Tier};
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/customers` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CustomerQuery {
    /// Part of the name or a contact's name, or the last 3+ digits of a phone.
    pub q: Option<String>,
    pub tier: Option<Tier>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn list(q: &CustomerQuery) -> Result<Page<Customer>, ApiProblem> {
    super::get(&super::with_query("/api/customers", q)).await
}

pub async fn get(id: u64) -> Result<Customer, ApiProblem> {
    super::get(&format!("/api/customers/{id}")).await
}

pub async fn create(body: &NewCustomer) -> Result<Customer, ApiProblem> {
    super::post("/api/customers", body).await
}

pub async fn update(id: u64, body: &CustomerPatch) -> Result<Customer, ApiProblem> {
    super::patch(&format!("/api/customers/{id}"), body).await
}
