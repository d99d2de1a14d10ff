//! The audit trail as the API shows it.

use serde::{Deserialize, Serialize};

/// One field's change: JSON values before and after (`null` when absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub before: serde_json::Value,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub after: serde_json::Value,
}

/// Who did what to which record, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: u64,
    /// RFC 3339, UTC.
    pub at: String,
    /// The user who acted; `None` for the command line or the system.
    pub actor_id: Option<u64>,
    /// Their username at the time, or `cli` / `system`.
    pub actor: String,
    /// e.g. `create`, `update`, `login`, `password-change`, `disable`.
    pub action: String,
    /// The kind of record, e.g. `users`.
    pub record_type: String,
    pub record_id: u64,
    pub changes: Vec<FieldChange>,
}
