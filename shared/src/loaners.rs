//! Loaner units (备机): the firm's own pool of units lent to a customer
//! while theirs is repaired, handed over against a signed receipt
//! 《直接客户设备接收单》 and taken back against a second signature.
//!
//! Signatures reuse the service report's: pen strokes judged by their ink
//! (`reports::check_signature`), drawn as SVG by the server.

use crate::reports::Signature;
use crate::users::FieldErrors;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Where a unit of the pool is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    /// On the shelf, ready to lend.
    Available,
    /// With a customer (set and cleared only by lending and returning).
    Out,
    /// Taken out of the pool for good.
    Retired,
}

impl UnitStatus {
    pub const ALL: [UnitStatus; 3] = [UnitStatus::Available, UnitStatus::Out, UnitStatus::Retired];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::Available => "available",
            UnitStatus::Out => "out",
            UnitStatus::Retired => "retired",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoanerUnit {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub product: String,
    pub brand: String,
    pub model: String,
    /// Unique in the pool (kept trimmed, upper case).
    pub serial_number: String,
    pub asset_tag: String,
    /// What goes out with it (power adapter, cables, bag …).
    pub accessories: Vec<String>,
    pub condition: String,
    pub notes: String,
    pub status: UnitStatus,
    /// The loan it is out on, while it is out.
    pub current_loan_id: Option<u64>,
}

/// `POST /api/loaners`: a new unit joins the pool, available.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewLoanerUnit {
    pub product: String,
    #[serde(default)]
    pub brand: String,
    #[serde(default)]
    pub model: String,
    pub serial_number: String,
    #[serde(default)]
    pub asset_tag: String,
    #[serde(default)]
    pub accessories: Vec<String>,
    #[serde(default)]
    pub condition: String,
    #[serde(default)]
    pub notes: String,
}

/// `PATCH /api/loaners/{id}` at the unit's `version`. `status` may only be
/// `available` or `retired`, and not while the unit is out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoanerUnitPatch {
    pub version: u64,
    pub product: Option<String>,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    pub asset_tag: Option<String>,
    pub accessories: Option<Vec<String>>,
    pub condition: Option<String>,
    pub notes: Option<String>,
    pub status: Option<UnitStatus>,
}

/// A loan's state. The unit is out from the hand-over until the return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LoanState {
    /// Handed over; the customer has not signed the receipt yet.
    AwaitingSignature,
    /// Handed over against the customer's signature.
    Out,
    /// Back in the pool.
    Returned,
}

impl LoanState {
    pub const ALL: [LoanState; 3] = [
        LoanState::AwaitingSignature,
        LoanState::Out,
        LoanState::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LoanState::AwaitingSignature => "awaiting_signature",
            LoanState::Out => "out",
            LoanState::Returned => "returned",
        }
    }

    /// Whether the unit is with the customer.
    pub fn is_out(self) -> bool {
        !matches!(self, LoanState::Returned)
    }
}

/// Which signature of a loan: the hand-over receipt or the return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LoanStage {
    HandOver,
    Return,
}

impl LoanStage {
    pub fn as_str(self) -> &'static str {
        match self {
            LoanStage::HandOver => "hand_over",
            LoanStage::Return => "return",
        }
    }

    pub fn parse(s: &str) -> Option<LoanStage> {
        [LoanStage::HandOver, LoanStage::Return]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// The unit as it was handed over (kept on the loan for the receipt).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoanedUnit {
    pub id: u64,
    pub product: String,
    pub brand: String,
    pub model: String,
    pub serial_number: String,
    pub asset_tag: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandOver {
    pub condition: String,
    pub accessories: Vec<String>,
    pub notes: String,
    /// The staff member who handed it over.
    pub lent_by: String,
    pub lent_at: DateTime<Utc>,
    pub signature: Option<Signature>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoanReturn {
    pub condition: String,
    /// The hand-over's accessories that came back.
    pub accessories_back: Vec<String>,
    /// The hand-over's accessories that did not.
    pub accessories_missing: Vec<String>,
    pub notes: String,
    /// The staff member who took it back.
    pub received_by: String,
    pub returned_at: DateTime<Utc>,
    pub signature: Option<Signature>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Loan {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// `LN-2026-000001`.
    pub number: String,
    pub state: LoanState,
    pub unit: LoanedUnit,
    pub customer_id: u64,
    pub customer_name: String,
    pub contact: String,
    pub contact_phone: String,
    /// The service request whose repair the loan covers.
    pub request_id: Option<u64>,
    pub request_number: Option<String>,
    /// The repair intake it covers (送修), when there is one.
    pub repair_id: Option<u64>,
    pub due_date: NaiveDate,
    /// Out past its due date (the firm's calendar day), as of this answer.
    pub overdue: bool,
    pub hand_over: HandOver,
    pub returned: Option<LoanReturn>,
}

/// `POST /api/loaners/loans`: lend a unit (it must be available).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewLoan {
    pub unit_id: u64,
    pub customer_id: u64,
    /// The customer's contact who takes the unit.
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub request_id: Option<u64>,
    #[serde(default)]
    pub repair_id: Option<u64>,
    pub due_date: NaiveDate,
    /// The unit's condition at hand-over; left empty: the pool's record.
    #[serde(default)]
    pub condition: String,
    /// The accessories handed over; left out: the unit's list.
    #[serde(default)]
    pub accessories: Option<Vec<String>>,
    #[serde(default)]
    pub notes: String,
    /// When it was handed over, for a loan entered from the paper book
    /// afterwards (not in the future); left out: now.
    #[serde(default)]
    pub lent_at: Option<DateTime<Utc>>,
}

/// `POST /api/loaners/loans/{id}/actions/return` at the loan's `version`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReturnInput {
    pub version: u64,
    pub condition: String,
    /// Those of the hand-over's accessories that came back.
    #[serde(default)]
    pub accessories_back: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

/// What a signing link for a loan shows the customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicLoan {
    pub firm_name: String,
    pub stage: LoanStage,
    pub loan: Loan,
    pub expires_at: DateTime<Utc>,
}

fn text(e: &mut FieldErrors, field: &str, v: &str, required: bool, max: usize) {
    let n = v.trim().chars().count();
    if required && n == 0 {
        e.insert(field.into(), "must not be empty".into());
    } else if n > max || v.chars().any(|c| c.is_control() && c != '\n') {
        e.insert(
            field.into(),
            format!("must be at most {max} characters of text"),
        );
    }
}

fn accessories(e: &mut FieldErrors, field: &str, list: &[String]) {
    if list.len() > 30 {
        e.insert(field.into(), "at most 30 accessories".into());
    } else if list
        .iter()
        .any(|a| a.trim().is_empty() || a.chars().count() > 100)
    {
        e.insert(field.into(), "each accessory is 1 to 100 characters".into());
    }
}

/// The unit's fields, as `NewLoanerUnit` or the result of a patch holds them.
#[allow(clippy::too_many_arguments)]
pub fn check_unit(
    product: &str,
    brand: &str,
    model: &str,
    serial: &str,
    asset_tag: &str,
    accessory_list: &[String],
    condition: &str,
    notes: &str,
) -> FieldErrors {
    let mut e = FieldErrors::new();
    text(&mut e, "product", product, true, 100);
    text(&mut e, "brand", brand, false, 100);
    text(&mut e, "model", model, false, 100);
    text(&mut e, "serial_number", serial, true, 64);
    text(&mut e, "asset_tag", asset_tag, false, 64);
    accessories(&mut e, "accessories", accessory_list);
    text(&mut e, "condition", condition, false, 1000);
    text(&mut e, "notes", notes, false, 4000);
    e
}

/// A new loan's own fields (the unit, customer and request are checked
/// against the store). `today` is the firm's calendar day of the hand-over.
pub fn check_loan(input: &NewLoan, lent_on: NaiveDate) -> FieldErrors {
    let mut e = FieldErrors::new();
    text(&mut e, "contact", &input.contact, false, 100);
    text(&mut e, "contact_phone", &input.contact_phone, false, 40);
    text(&mut e, "condition", &input.condition, false, 1000);
    text(&mut e, "notes", &input.notes, false, 4000);
    if let Some(list) = &input.accessories {
        accessories(&mut e, "accessories", list);
    }
    if input.due_date < lent_on {
        e.insert(
            "due_date".into(),
            "must be on or after the day it is handed over".into(),
        );
    }
    e
}

/// The return's fields: every accessory ticked back must be one that
/// went out.
pub fn check_return(input: &ReturnInput, handed_over: &[String]) -> FieldErrors {
    let mut e = FieldErrors::new();
    text(&mut e, "condition", &input.condition, true, 1000);
    text(&mut e, "notes", &input.notes, false, 4000);
    if let Some(a) = input
        .accessories_back
        .iter()
        .find(|a| !handed_over.iter().any(|h| h.trim() == a.trim()))
    {
        e.insert(
            "accessories_back".into(),
            format!("{} was not handed over with this unit", a.trim()),
        );
    }
    e
}

/// The hand-over's accessories that are not among those back.
pub fn missing_accessories(handed_over: &[String], back: &[String]) -> Vec<String> {
    handed_over
        .iter()
        .filter(|h| !back.iter().any(|b| b.trim() == h.trim()))
        .cloned()
        .collect()
}

/// Out past its due date on the firm's calendar day `today`.
pub fn is_overdue(state: LoanState, due: NaiveDate, today: NaiveDate) -> bool {
    state.is_out() && due < today
}

/// A loan's human number.
pub fn loan_number(year: i32, n: u64) -> String {
    format!("LN-{year}-{n:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn loan() -> NewLoan {
        NewLoan {
            unit_id: 1,
            customer_id: 2,
            contact: "李经理".into(),
            contact_phone: String::new(),
            request_id: None,
            repair_id: None,
            due_date: d("2026-03-10"),
            condition: String::new(),
            accessories: None,
            notes: String::new(),
            lent_at: None,
        }
    }

    #[test]
    fn a_unit_needs_a_product_and_a_serial() {
        let e = check_unit("", "", "", " ", "", &["".into()], "", "");
        assert_eq!(
            e.keys().collect::<Vec<_>>(),
            ["accessories", "product", "serial_number"]
        );
        assert!(check_unit("ThinkPad", "", "", "PF-1", "", &[], "", "").is_empty());
    }

    #[test]
    fn a_loan_is_due_on_or_after_its_hand_over_and_overdue_the_day_after() {
        assert!(check_loan(&loan(), d("2026-03-10")).is_empty());
        assert!(check_loan(&loan(), d("2026-03-11")).contains_key("due_date"));
        assert!(!is_overdue(
            LoanState::Out,
            d("2026-03-10"),
            d("2026-03-10")
        ));
        assert!(is_overdue(
            LoanState::AwaitingSignature,
            d("2026-03-10"),
            d("2026-03-11")
        ));
        assert!(!is_overdue(
            LoanState::Returned,
            d("2026-03-10"),
            d("2026-04-01")
        ));
        assert_eq!(loan_number(2026, 7), "LN-2026-000007");
    }

    #[test]
    fn only_accessories_that_went_out_come_back() {
        let out = vec!["电源适配器".to_owned(), "包".to_owned()];
        let mut r = ReturnInput {
            version: 1,
            condition: "完好".into(),
            accessories_back: vec!["电源适配器".into()],
            notes: String::new(),
        };
        assert!(check_return(&r, &out).is_empty());
        assert_eq!(missing_accessories(&out, &r.accessories_back), ["包"]);
        r.accessories_back.push("鼠标".into());
        assert!(check_return(&r, &out).contains_key("accessories_back"));
    }
}
