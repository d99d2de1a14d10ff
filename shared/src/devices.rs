//! Devices in the archive, and what a serial-number lookup answers.

use crate::contracts::Contract;
use crate::coverage::Warranty;
use crate::customers::Customer;
use crate::users::FieldErrors;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Device {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub customer_id: u64,
    /// The name of one of the customer's sites, or empty.
    pub site: String,
    /// The product line (e.g. "ThinkSystem SR650"): serials are unique within it.
    pub product: String,
    pub brand: String,
    pub model: String,
    pub serial_number: String,
    pub asset_tag: String,
    /// One of the firm's categories (server, network, printer/copier …),
    /// or empty: what the dispatch suggestion matches skills against.
    #[serde(default)]
    pub category: String,
    pub install_date: Option<NaiveDate>,
    /// The last day of the free warranty.
    pub warranty_end: Option<NaiveDate>,
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewDevice {
    pub customer_id: u64,
    #[serde(default)]
    pub site: String,
    pub product: String,
    #[serde(default)]
    pub brand: String,
    #[serde(default)]
    pub model: String,
    pub serial_number: String,
    #[serde(default)]
    pub asset_tag: String,
    /// One of the firm's categories, or empty.
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub install_date: Option<NaiveDate>,
    /// Left out: install date + the covering sale contract's free warranty
    /// months (12 without one).
    #[serde(default)]
    pub warranty_end: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DevicePatch {
    pub version: u64,
    pub site: Option<String>,
    pub product: Option<String>,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    pub asset_tag: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    pub install_date: Option<NaiveDate>,
    pub warranty_end: Option<NaiveDate>,
    pub notes: Option<String>,
}

/// `GET /api/devices/lookup?serial=`: everything a dispatcher needs on the
/// phone, in one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceLookup {
    pub device: Device,
    pub customer: Customer,
    pub warranty: Warranty,
    /// Contracts that cover the device today (active), with their promises.
    pub contracts: Vec<Contract>,
}

pub fn check_device_fields(
    product: &str,
    serial: &str,
    texts: &[(&str, &str, usize)],
    errors: &mut FieldErrors,
) {
    if product.trim().is_empty() || product.chars().count() > 100 {
        errors.insert("product".into(), "must be 1 to 100 characters".into());
    }
    let s = serial.trim();
    if s.is_empty() || s.chars().count() > 64 || s.chars().any(char::is_control) {
        errors.insert("serial_number".into(), "must be 1 to 64 characters".into());
    }
    for (field, value, max) in texts {
        if value.chars().count() > *max {
            errors.insert((*field).into(), format!("must be at most {max} characters"));
        }
    }
}

/// Serials are compared without case or surrounding space.
pub fn normalise_serial(serial: &str) -> String {
    serial.trim().to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_and_products_are_required() {
        let mut e = FieldErrors::new();
        check_device_fields("", " ", &[("notes", &"x".repeat(10), 5)], &mut e);
        assert!(
            e.contains_key("product") && e.contains_key("serial_number") && e.contains_key("notes")
        );
        assert_eq!(normalise_serial(" sn-001a "), "SN-001A");
    }
}
