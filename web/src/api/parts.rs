//! The spare-parts catalogue.

use serde::Serialize;
use servicebook_shared::parts::{NewPart, Part, PartPatch};
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/parts` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PartQuery {
    /// Part number, name or compatible model (any case).
    pub q: Option<String>,
    pub include_archived: Option<bool>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn list(q: &PartQuery) -> Result<Page<Part>, ApiProblem> {
    super::get(&super::with_query("/api/parts", q)).await
}

pub async fn get(id: u64) -> Result<Part, ApiProblem> {
    super::get(&format!("/api/parts/{id}")).await
}

pub async fn create(body: &NewPart) -> Result<Part, ApiProblem> {
    super::post("/api/parts", body).await
}

pub async fn update(id: u64, body: &PartPatch) -> Result<Part, ApiProblem> {
    super::patch(&format!("/api/parts/{id}"), body).await
}
