//! Documents attached to archive records (a contract's scan, a device's
//! photo, a customer's site plan): what the API says about them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The upload limit when the server is not told otherwise, in MiB.
pub const DEFAULT_MAX_UPLOAD_MB: u64 = 25;

/// The kinds of record a document can be attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttachedTo {
    Customer,
    Device,
    Contract,
    /// Logs, screenshots and photos from the work (escalation context).
    WorkOrder,
    /// The firm itself (the settings record): its logo for printed reports.
    Firm,
    /// Condition photos of a device taken in for repair.
    Repair,
    /// Photos taken on an inspection visit.
    Inspection,
}

impl AttachedTo {
    pub fn as_str(self) -> &'static str {
        match self {
            AttachedTo::Customer => "customer",
            AttachedTo::Device => "device",
            AttachedTo::Contract => "contract",
            AttachedTo::WorkOrder => "work_order",
            AttachedTo::Firm => "firm",
            AttachedTo::Repair => "repair",
            AttachedTo::Inspection => "inspection",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileInfo {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub record_type: AttachedTo,
    pub record_id: u64,
    /// The name it was uploaded with (path parts removed).
    pub name: String,
    /// Worked out from the content, not taken from the client.
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    pub uploaded_by: String,
}

/// A size for people: "812 KB", "3.4 MB".
pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_size(900), "900 B");
        assert_eq!(human_size(812 * 1024), "812 KB");
        assert_eq!(human_size(3_565_158), "3.4 MB");
    }
}
