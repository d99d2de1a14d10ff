//! Sale and maintenance contracts: what they cover and what they promise.

use crate::coverage::ContractStatus;
use crate::money::Money;
use crate::users::FieldErrors;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    /// 商务合同: a product sale, with its free warranty.
    Sale,
    /// 维护服务合同: paid maintenance.
    Maintenance,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceHours {
    /// Clocks run in business hours only.
    #[default]
    Business,
    /// 7x24: clocks run around the clock.
    AllDay,
}

/// What the contract covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Scope {
    pub remote_support: bool,
    pub onsite_repair: bool,
    /// Routine inspections per year (0: none; 12: monthly; 4: quarterly).
    pub inspections_per_year: u32,
    pub spare_parts: bool,
    pub loaners: bool,
    pub hours: ServiceHours,
}

/// Response promises in minutes; DOMAIN.md's SLA table gives the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Promises {
    /// Request received → logged.
    pub log_minutes: u32,
    /// Assigned → engineer calls the customer.
    pub call_back_minutes: u32,
    /// Urgent: assigned → engineer on site.
    pub urgent_on_site_minutes: u32,
    /// Normal: received → customer contacted and visit booked.
    pub visit_booked_minutes: u32,
    /// Visit → service record filed.
    pub report_filed_minutes: u32,
}

impl Default for Promises {
    fn default() -> Self {
        Promises {
            log_minutes: 60,
            call_back_minutes: 30,
            urgent_on_site_minutes: 120,
            visit_booked_minutes: 24 * 60,
            report_filed_minutes: 24 * 60,
        }
    }
}

pub const DEFAULT_WARRANTY_MONTHS: u32 = 12;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contract {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub number: String,
    pub kind: ContractKind,
    pub customer_id: u64,
    pub sales_owner_id: Option<u64>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// In minor units (分).
    pub value: Money,
    pub device_ids: Vec<u64>,
    pub scope: Scope,
    pub promises: Promises,
    pub warranty_months: u32,
    pub draft: bool,
    pub terminated_on: Option<NaiveDate>,
    /// Derived from the dates on the firm's today.
    pub status: ContractStatus,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewContract {
    pub number: String,
    pub kind: ContractKind,
    pub customer_id: u64,
    #[serde(default)]
    pub sales_owner_id: Option<u64>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    #[serde(default)]
    pub value: Money,
    #[serde(default)]
    pub device_ids: Vec<u64>,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub promises: Promises,
    #[serde(default = "default_warranty")]
    pub warranty_months: u32,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub notes: String,
}

fn default_warranty() -> u32 {
    DEFAULT_WARRANTY_MONTHS
}

/// `PATCH /api/contracts/{id}`: fields left out are unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContractPatch {
    pub version: u64,
    pub number: Option<String>,
    pub sales_owner_id: Option<u64>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub value: Option<Money>,
    pub device_ids: Option<Vec<u64>>,
    pub scope: Option<Scope>,
    pub promises: Option<Promises>,
    pub warranty_months: Option<u32>,
    pub draft: Option<bool>,
    pub terminated_on: Option<NaiveDate>,
    pub notes: Option<String>,
}

/// Checks the fields of a contract as it would be after a create or edit.
#[allow(clippy::too_many_arguments)]
pub fn check_contract(
    number: &str,
    start: NaiveDate,
    end: NaiveDate,
    value: Money,
    warranty_months: u32,
    promises: &Promises,
    terminated_on: Option<NaiveDate>,
    errors: &mut FieldErrors,
) {
    let n = number.trim();
    if n.is_empty() || n.chars().count() > 50 {
        errors.insert("number".into(), "must be 1 to 50 characters".into());
    }
    crate::bounds::check_date("start_date", Some(start), errors);
    crate::bounds::check_date("end_date", Some(end), errors);
    crate::bounds::check_date("terminated_on", terminated_on, errors);
    if end < start && !errors.contains_key("end_date") {
        errors.insert(
            "end_date".into(),
            "must not be before the start date".into(),
        );
    }
    if !value.is_sensible() {
        errors.insert("value".into(), "must be a non-negative amount".into());
    }
    if warranty_months > 120 {
        errors.insert("warranty_months".into(), "must be at most 120".into());
    }
    let p = promises;
    if [
        p.log_minutes,
        p.call_back_minutes,
        p.urgent_on_site_minutes,
        p.visit_booked_minutes,
        p.report_filed_minutes,
    ]
    .iter()
    .any(|m| *m == 0 || *m > 60 * 24 * 30)
    {
        errors.insert(
            "promises".into(),
            "each promise must be 1 minute to 30 days".into(),
        );
    }
    if terminated_on.is_some_and(|t| t < start || t > end) {
        errors.insert(
            "terminated_on".into(),
            "must fall within the contract's dates".into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_contract_ending_before_it_starts_is_refused() {
        let mut e = FieldErrors::new();
        check_contract(
            "HT-2026-001",
            d("2026-12-31"),
            d("2026-01-01"),
            Money(10_000),
            12,
            &Promises::default(),
            None,
            &mut e,
        );
        assert!(e.contains_key("end_date"));
        let mut e = FieldErrors::new();
        check_contract(
            "HT-2026-001",
            d("2026-01-01"),
            d("2026-01-01"),
            Money::ZERO,
            12,
            &Promises::default(),
            None,
            &mut e,
        );
        assert!(e.is_empty(), "a one-day contract is fine: {e:?}");
    }

    #[test]
    fn bad_amounts_promises_and_termination_dates_are_refused() {
        let mut e = FieldErrors::new();
        let p = Promises {
            log_minutes: 0,
            ..Promises::default()
        };
        check_contract(
            "",
            d("2026-01-01"),
            d("2026-12-31"),
            Money(-1),
            200,
            &p,
            Some(d("2027-02-01")),
            &mut e,
        );
        for f in [
            "number",
            "value",
            "warranty_months",
            "promises",
            "terminated_on",
        ] {
            assert!(e.contains_key(f), "{f}");
        }
    }

    #[test]
    fn defaults_follow_the_sla_table() {
        let c: NewContract = serde_json::from_str(
            r#"{"number":"W-1","kind":"maintenance","customer_id":1,"start_date":"2026-01-01","end_date":"2026-12-31"}"#,
        )
        .unwrap();
        assert_eq!(c.warranty_months, 12);
        assert_eq!(c.promises.log_minutes, 60);
        assert_eq!(c.promises.call_back_minutes, 30);
        assert_eq!(c.promises.urgent_on_site_minutes, 120);
        assert_eq!(c.scope.hours, ServiceHours::Business);
    }
}
