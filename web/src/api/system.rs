//! The server's health and its OpenAPI document.

use servicebook_shared::{ApiProblem, Health};

pub async fn health() -> Result<Health, ApiProblem> {
    super::get("/api/health").await
}

pub async fn openapi() -> Result<serde_json::Value, ApiProblem> {
    super::get("/api/openapi.json").await
}

/// Where the machine-readable API document is.
pub fn openapi_url() -> &'static str {
    "/api/openapi.json"
}
