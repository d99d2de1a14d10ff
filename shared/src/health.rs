//! `GET /api/health`: what the server says about itself.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the store answers.
    pub status: String,
    /// The server's package version.
    pub version: String,
    /// The schema version of the open database.
    pub schema_version: u32,
    /// When this process started (RFC 3339, UTC).
    pub started_at: DateTime<Utc>,
    pub uptime_seconds: u64,
    /// How acknowledged writes reach the disk: `full` (fsync) or `flush`.
    pub durability: String,
}
