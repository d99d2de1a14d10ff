//! The audit trail.

use chrono::{DateTime, Utc};
use serde::Serialize;
use servicebook_shared::audit::{AuditEntry, AuditTarget};
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/audit` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AuditQuery {
    /// With `record_id`: one record's history, e.g. `users`.
    pub record_type: Option<String>,
    pub record_id: Option<u64>,
    pub actor_id: Option<u64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn list(q: &AuditQuery) -> Result<Page<AuditEntry>, ApiProblem> {
    super::get(&super::with_query("/api/audit", q)).await
}

/// One record's history, newest first.
pub async fn of_record(record_type: &str, record_id: u64) -> Result<Page<AuditEntry>, ApiProblem> {
    list(&AuditQuery {
        record_type: Some(record_type.to_owned()),
        record_id: Some(record_id),
        limit: Some(200),
        ..Default::default()
    })
    .await
}

#[derive(Serialize)]
struct RecordsQuery<'a> {
    q: &'a str,
}

/// The records a number, serial, username or name may mean.
pub async fn records(q: &str) -> Result<Vec<AuditTarget>, ApiProblem> {
    super::get(&super::with_query(
        "/api/audit/records",
        &RecordsQuery { q },
    ))
    .await
}
