//! RFC 9457 problem details: the one error shape on the wire.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every kind of problem the API reports: the last segment of a problem's
/// `type`. The server builds problems from these and the app translates them
/// by them, so a new kind is a compile error until both sides know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ProblemCode {
    BadRequest,
    Invalid,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    StaleVersion,
    Duplicate,
    NotAllowedNow,
    LastAdmin,
    PasswordChangeRequired,
    SecondFactorRequired,
    TwoFactorSetupRequired,
    CrossSite,
    TooLarge,
    UploadTooLarge,
    UnsupportedMediaType,
    UnsupportedFile,
    ImportRefused,
    AmbiguousSerial,
    /// Not enough available stock at the source for this movement.
    InsufficientStock,
    /// A listed serial is not at the movement's source location.
    SerialNotHere,
    /// A received serial is already in stock somewhere.
    SerialInStock,
    LinkExpired,
    LinkOutdated,
    LinkUsed,
    /// The loaner unit is out or retired: it cannot be lent.
    LoanerNotAvailable,
    /// The loan is not out (returned already, or not signed as needed).
    LoanNotOut,
    TooManyAttempts,
    /// A repair's pickup with a code that is not its voucher's.
    WrongVoucherCode,
    /// Chargeable repair before the customer approved the quote.
    QuoteNotApproved,
    ShuttingDown,
    Unavailable,
    Internal,
    /// Never sent by the server: the app's word for "no answer at all".
    Network,
}

impl ProblemCode {
    pub const ALL: [ProblemCode; 36] = [
        ProblemCode::BadRequest,
        ProblemCode::Invalid,
        ProblemCode::Unauthorized,
        ProblemCode::Forbidden,
        ProblemCode::NotFound,
        ProblemCode::MethodNotAllowed,
        ProblemCode::Conflict,
        ProblemCode::StaleVersion,
        ProblemCode::Duplicate,
        ProblemCode::NotAllowedNow,
        ProblemCode::LastAdmin,
        ProblemCode::PasswordChangeRequired,
        ProblemCode::SecondFactorRequired,
        ProblemCode::TwoFactorSetupRequired,
        ProblemCode::CrossSite,
        ProblemCode::TooLarge,
        ProblemCode::UploadTooLarge,
        ProblemCode::UnsupportedMediaType,
        ProblemCode::UnsupportedFile,
        ProblemCode::ImportRefused,
        ProblemCode::AmbiguousSerial,
        ProblemCode::InsufficientStock,
        ProblemCode::SerialNotHere,
        ProblemCode::SerialInStock,
        ProblemCode::LinkExpired,
        ProblemCode::LinkOutdated,
        ProblemCode::LinkUsed,
        ProblemCode::LoanerNotAvailable,
        ProblemCode::LoanNotOut,
        ProblemCode::TooManyAttempts,
        ProblemCode::WrongVoucherCode,
        ProblemCode::QuoteNotApproved,
        ProblemCode::ShuttingDown,
        ProblemCode::Unavailable,
        ProblemCode::Internal,
        ProblemCode::Network,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::BadRequest => "bad-request",
            ProblemCode::Invalid => "invalid",
            ProblemCode::Unauthorized => "unauthorized",
            ProblemCode::Forbidden => "forbidden",
            ProblemCode::NotFound => "not-found",
            ProblemCode::MethodNotAllowed => "method-not-allowed",
            ProblemCode::Conflict => "conflict",
            ProblemCode::StaleVersion => "stale-version",
            ProblemCode::Duplicate => "duplicate",
            ProblemCode::NotAllowedNow => "not-allowed-now",
            ProblemCode::LastAdmin => "last-admin",
            ProblemCode::PasswordChangeRequired => "password-change-required",
            ProblemCode::SecondFactorRequired => "second-factor-required",
            ProblemCode::TwoFactorSetupRequired => "two-factor-setup-required",
            ProblemCode::CrossSite => "cross-site",
            ProblemCode::TooLarge => "too-large",
            ProblemCode::UploadTooLarge => "upload-too-large",
            ProblemCode::UnsupportedMediaType => "unsupported-media-type",
            ProblemCode::UnsupportedFile => "unsupported-file",
            ProblemCode::ImportRefused => "import-refused",
            ProblemCode::AmbiguousSerial => "ambiguous-serial",
            ProblemCode::InsufficientStock => "insufficient-stock",
            ProblemCode::SerialNotHere => "serial-not-here",
            ProblemCode::SerialInStock => "serial-in-stock",
            ProblemCode::LinkExpired => "link-expired",
            ProblemCode::LinkOutdated => "link-outdated",
            ProblemCode::LinkUsed => "link-used",
            ProblemCode::LoanerNotAvailable => "loaner-not-available",
            ProblemCode::LoanNotOut => "loan-not-out",
            ProblemCode::TooManyAttempts => "too-many-attempts",
            ProblemCode::WrongVoucherCode => "wrong-voucher-code",
            ProblemCode::QuoteNotApproved => "quote-not-approved",
            ProblemCode::ShuttingDown => "shutting-down",
            ProblemCode::Unavailable => "unavailable",
            ProblemCode::Internal => "internal",
            ProblemCode::Network => "network",
        }
    }

    pub fn parse(s: &str) -> Option<ProblemCode> {
        ProblemCode::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Media type of every error response.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error as the API reports it. `errors` maps a field name to what is
/// wrong with it, for bad input; it is left out otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiProblem {
    /// A URI reference naming the kind of problem (`about:blank` when the
    /// status code says it all).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, String>,
    /// For each field in `errors`, what kind of fault it is: the app
    /// translates these, the English text in `errors` is for scripts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub codes: BTreeMap<String, FieldCode>,
}

/// What is wrong with one field, as a stable code the app translates
/// (`field_code.<code>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldCode {
    /// Empty or missing, or nothing chosen.
    Required,
    TooLong,
    /// A number, date or time outside what is allowed.
    OutOfRange,
    /// Names a record (a serial, an id) that does not exist.
    NotFound,
    /// Already used by another record.
    Duplicate,
    /// A value of the wrong type (text for a number, empty for a number).
    WrongType,
    InvalidFormat,
    /// Anything else: the English text says what.
    Invalid,
}

impl FieldCode {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldCode::Required => "required",
            FieldCode::TooLong => "too_long",
            FieldCode::OutOfRange => "out_of_range",
            FieldCode::NotFound => "not_found",
            FieldCode::Duplicate => "duplicate",
            FieldCode::WrongType => "wrong_type",
            FieldCode::InvalidFormat => "invalid_format",
            FieldCode::Invalid => "invalid",
        }
    }

    /// The code of a field message as the validators in this crate and the
    /// server word them ("must not be empty", "must be at most 500
    /// characters", "No device has the serial number …"). Every message is
    /// built in this repository, so the wording is a contract tested below.
    pub fn of(message: &str) -> FieldCode {
        let m = message.to_ascii_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| m.contains(w));
        if has(&[
            "must not be empty",
            "is empty",
            "say ",
            "is required",
            "missing field",
            "choose ",
            "required",
        ]) {
            FieldCode::Required
        } else if has(&["characters", "too long", "too large"]) {
            FieldCode::TooLong
        } else if has(&[
            "invalid type",
            "expected a ",
            "expected text",
            "must be a number",
            "expected f",
            "expected u",
            "expected i",
            "is not a number",
        ]) {
            FieldCode::WrongType
        } else if has(&["already used", "already exists", "already in use"]) {
            FieldCode::Duplicate
        } else if m.starts_with("no ")
            || has(&["not found", "there is no", "does not exist", "unknown "])
        {
            FieldCode::NotFound
        } else if has(&[
            "at most",
            "at least",
            "or more",
            "or less",
            "between",
            "within",
            "before",
            "after",
            "in the future",
            "in the past",
            "out of range",
        ]) {
            FieldCode::OutOfRange
        } else if has(&["format", "not a valid", "invalid"]) {
            FieldCode::InvalidFormat
        } else {
            FieldCode::Invalid
        }
    }
}

impl ApiProblem {
    pub fn new(status: u16, kind: ProblemCode, title: &str, detail: impl Into<String>) -> Self {
        ApiProblem {
            kind: format!("/problems/{}", kind.as_str()),
            title: title.to_owned(),
            status,
            detail: detail.into(),
            errors: BTreeMap::new(),
            codes: BTreeMap::new(),
        }
    }

    pub fn with_field(mut self, field: &str, message: impl Into<String>) -> Self {
        self.errors.insert(field.to_owned(), message.into());
        self
    }

    /// The kind of problem, from the last segment of `type`; `None` for
    /// `about:blank` or a kind this build does not know.
    pub fn code(&self) -> Option<ProblemCode> {
        ProblemCode::parse(self.kind.rsplit('/').next().unwrap_or(&self.kind))
    }

    /// Fills `codes` from `errors`, for the fields that have none yet.
    pub fn with_codes(mut self) -> Self {
        for (field, message) in &self.errors {
            self.codes
                .entry(field.clone())
                .or_insert_with(|| FieldCode::of(message));
        }
        self
    }

    /// The code of `field`'s error, if it has one.
    pub fn field_code(&self, field: &str) -> Option<FieldCode> {
        self.errors.get(field)?;
        Some(
            self.codes
                .get(field)
                .copied()
                .unwrap_or_else(|| FieldCode::of(&self.errors[field])),
        )
    }

    /// Whether this is the problem `code`.
    pub fn is(&self, code: ProblemCode) -> bool {
        self.code() == Some(code)
    }
}

impl std::fmt::Display for ApiProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.detail.is_empty() {
            write!(f, "{}", self.title)
        } else {
            write!(f, "{}: {}", self.title, self.detail)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_rfc9457_member_names_and_omits_empty_errors() {
        let p = ApiProblem::new(404, ProblemCode::NotFound, "Not found", "no such customer");
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["type"], "/problems/not-found");
        assert_eq!(v["status"], 404);
        assert!(v.get("errors").is_none());
        assert_eq!(p.code(), Some(ProblemCode::NotFound));

        let p = p.with_field("name", "must not be empty");
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["errors"]["name"], "must not be empty");
    }

    #[test]
    fn field_messages_have_codes() {
        for (message, code) in [
            ("must not be empty", FieldCode::Required),
            (
                "choose root cause removed or temporary recovery",
                FieldCode::Required,
            ),
            ("must be at most 500 characters", FieldCode::TooLong),
            ("must be 0 or more", FieldCode::OutOfRange),
            ("must be at most 720", FieldCode::OutOfRange),
            ("must be within a year from now", FieldCode::OutOfRange),
            ("No device has the serial number SN-1", FieldCode::NotFound),
            ("is already used by another record", FieldCode::Duplicate),
            ("invalid type: null, expected f64", FieldCode::WrongType),
            ("must be a number", FieldCode::WrongType),
            ("expected text, not null (nothing)", FieldCode::WrongType),
            (
                "say why this is logged more than 4 hours after it happened",
                FieldCode::Required,
            ),
            ("points lie outside the signing area", FieldCode::Invalid),
        ] {
            assert_eq!(FieldCode::of(message), code, "{message}");
        }
        let p = ApiProblem::new(422, ProblemCode::Invalid, "Invalid input", "")
            .with_field("name", "must not be empty")
            .with_codes();
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["codes"]["name"], "required");
        assert_eq!(p.field_code("name"), Some(FieldCode::Required));
        assert_eq!(p.field_code("other"), None);
    }

    #[test]
    fn every_code_reads_back() {
        for c in ProblemCode::ALL {
            assert_eq!(ProblemCode::parse(c.as_str()), Some(c));
            assert_eq!(
                serde_json::to_value(c).unwrap(),
                serde_json::json!(c.as_str())
            );
        }
        assert_eq!(ProblemCode::parse("nonsense"), None);
    }
}
