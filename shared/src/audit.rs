//! The audit trail as the API shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a field changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// `before` became `after`.
    #[default]
    Set,
    /// Items were appended to a list: `after` holds just those items.
    Added,
}

/// One field's change: JSON values before and after (`null` when absent).
/// `field` is a dotted path for a field inside a nested object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    #[serde(default)]
    pub kind: ChangeKind,
    /// Any JSON value.
    pub before: serde_json::Value,
    /// Any JSON value.
    pub after: serde_json::Value,
}

impl FieldChange {
    pub fn set(field: String, before: serde_json::Value, after: serde_json::Value) -> Self {
        FieldChange {
            field,
            kind: ChangeKind::Set,
            before,
            after,
        }
    }

    pub fn added(field: String, items: Vec<serde_json::Value>) -> Self {
        FieldChange {
            field,
            kind: ChangeKind::Added,
            before: serde_json::Value::Null,
            after: serde_json::Value::Array(items),
        }
    }
}

/// Who did what to which record, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: u64,
    /// RFC 3339, UTC.
    pub at: DateTime<Utc>,
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

/// `GET /api/audit/records?q=`: a record found by what people call it (a
/// request or work order number, a contract number, a serial number, a
/// part number, a username, a customer's name), to read its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditTarget {
    /// The audit trail's name for its kind: `requests`, `devices` …
    pub record_type: String,
    pub record_id: u64,
    /// How people know it: `SR-2026-000012`, `Lenovo 7X06 · J30012AB`.
    pub label: String,
}
