//! The quote (报价) chargeable work waits for: its figures, the customer's
//! approval, and the check of what the engineer or desk types.

use crate::money::Money;
use crate::users::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The price of chargeable work, agreed before it starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    pub hours: f64,
    pub hourly_rate: Money,
    pub travel_fee: Money,
    pub parts_amount: Money,
    pub parts_note: String,
    pub total: Money,
    pub approved: Option<QuoteApproval>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteApproval {
    /// The customer's person who agreed.
    pub by: String,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

/// `PUT /api/work-orders/{id}/quote`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuoteInput {
    pub version: u64,
    pub hours: f64,
    #[serde(default)]
    pub travel: bool,
    #[serde(default)]
    pub parts_amount: Money,
    #[serde(default)]
    pub parts_note: String,
}

/// hours × the firm's rate (rounded to the minor unit) + the travel fee (if
/// a trip) + parts.
pub fn quote_total(hours: f64, hourly_rate: Money, travel_fee: Money, parts: Money) -> Money {
    hourly_rate.times(hours).plus(travel_fee).plus(parts)
}

pub fn check_quote(q: &QuoteInput) -> FieldErrors {
    let mut e = FieldErrors::new();
    if !q.hours.is_finite() || q.hours <= 0.0 || q.hours > 1000.0 {
        e.insert(
            "hours".into(),
            "must be more than 0 and at most 1000".into(),
        );
    }
    if !q.parts_amount.is_sensible() {
        e.insert(
            "parts_amount".into(),
            "must be 0 or more, and sensible".into(),
        );
    }
    if q.parts_note.chars().count() > 2000 {
        e.insert(
            "parts_note".into(),
            "must be at most 2000 characters".into(),
        );
    }
    e
}
