//! The service report (服务报告) an engineer writes for a work order and the
//! customer signs. A signed report is frozen; a correction is a new
//! revision that keeps the signed one. The signature travels as the pen's
//! strokes, so an empty or oversized signature is judged by its ink, and the
//! server draws it as an SVG image that prints sharp.

use crate::money::Money;
use crate::users::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Root cause removed, or service restored for now (must choose).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Fix {
    RootCause,
    Temporary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Resolved,
    NotResolved,
    Escalated,
}

/// `PUT /api/work-orders/{id}/report`: the engineer's draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// The current draft's version (required): `0` when writing the first
    /// draft (there is no report yet). A stale one gets 409.
    pub version: u64,
    pub findings: String,
    pub actions: String,
    /// Required: root cause vs temporary recovery.
    pub fix: Option<Fix>,
    /// Free text: what older reports list; new ones pick `parts`.
    #[serde(default)]
    pub parts_used: String,
    /// Parts used, picked from what was issued to the work order and is
    /// still out (consumed when the customer signs).
    #[serde(default)]
    pub parts: Vec<crate::part_requests::PickedPart>,
    pub hours_worked: f64,
    #[serde(default)]
    pub travel_hours: f64,
    pub result: Outcome,
    #[serde(default)]
    pub customer_remarks: String,
}

/// Canvas units the strokes are given in (the app scales its canvas).
pub const SIGN_WIDTH: f32 = 600.0;
pub const SIGN_HEIGHT: f32 = 240.0;
pub const MAX_SIGN_POINTS: usize = 4000;
/// Less ink than this (in canvas units) is not a signature.
pub const MIN_INK: f32 = 40.0;

/// `POST /api/work-orders/{id}/report/sign`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInput {
    /// The report's version the customer read.
    pub version: u64,
    /// The customer's printed name.
    pub signer_name: String,
    /// Pen strokes, each a list of `[x, y]` points in 600×240 units.
    pub strokes: Vec<Vec<[f32; 2]>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signature {
    pub signer_name: String,
    pub signed_at: DateTime<Utc>,
    /// `in_person` on the engineer's device, or `link` on the customer's own.
    pub via: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceReport {
    pub id: u64,
    pub version: u64,
    pub work_order_id: u64,
    /// 1 for the first; a correction after signing is the next.
    pub revision: u32,
    pub findings: String,
    pub actions: String,
    pub fix: Fix,
    pub parts_used: String,
    /// Parts used from stock, with their price when picked.
    pub parts: Vec<crate::part_requests::UsedPart>,
    /// Whether signing has consumed `parts` from the kits (a correction
    /// keeps them as they were).
    pub parts_consumed: bool,
    pub hours_worked: f64,
    pub travel_hours: f64,
    pub result: Outcome,
    pub customer_remarks: String,
    pub written_by: String,
    pub updated_at: DateTime<Utc>,
    /// Chargeable work: the approved quote's total, with the parts used
    /// (price × quantity) in place of its estimated parts amount.
    pub amount: Option<Money>,
    pub signature: Option<Signature>,
    /// Earlier revisions (signed, kept), oldest first.
    pub earlier_revisions: Vec<u64>,
}

/// `POST /api/work-orders/{id}/report/sign-link`: the link to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignLink {
    /// Absolute when the server knows its public address, else `path`.
    pub url: String,
    pub path: String,
    pub expires_at: DateTime<Utc>,
}

/// What the customer sees through a signing link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicReport {
    pub firm_name: String,
    pub work_order_number: String,
    pub customer_name: String,
    pub engineers: Vec<String>,
    pub report: ServiceReport,
    pub expires_at: DateTime<Utc>,
}

/// `GET /api/public/sign/{token}`: the document a signing link shows,
/// named by `kind` (`report` or `loan`), its fields beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PublicDocument {
    Report(Box<PublicReport>),
    Loan(Box<crate::loaners::PublicLoan>),
    Inspection(Box<PublicInspection>),
}

/// An inspection visit as the customer reads it through a signing link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicInspection {
    pub firm_name: String,
    pub visit: crate::inspections::visits::InspectionVisit,
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/public/sign/{token}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicSignInput {
    pub signer_name: String,
    pub strokes: Vec<Vec<[f32; 2]>>,
}

fn text(e: &mut FieldErrors, field: &str, v: &str, required: bool, max: usize) {
    let n = v.trim().chars().count();
    if required && n == 0 {
        e.insert(field.into(), "must not be empty".into());
    } else if n > max {
        e.insert(field.into(), format!("must be at most {max} characters"));
    }
}

fn hours(e: &mut FieldErrors, field: &str, v: f64) {
    if !v.is_finite() || v < 0.0 {
        e.insert(field.into(), "must be 0 or more".into());
    } else if v > 720.0 {
        e.insert(field.into(), "must be at most 720".into());
    }
}

pub fn check_report(r: &ReportInput) -> FieldErrors {
    let mut e = FieldErrors::new();
    text(&mut e, "findings", &r.findings, true, 10_000);
    text(&mut e, "actions", &r.actions, true, 10_000);
    text(&mut e, "parts_used", &r.parts_used, false, 4000);
    text(&mut e, "customer_remarks", &r.customer_remarks, false, 4000);
    if r.fix.is_none() {
        e.insert(
            "fix".into(),
            "choose root cause removed or temporary recovery".into(),
        );
    }
    hours(&mut e, "hours_worked", r.hours_worked);
    hours(&mut e, "travel_hours", r.travel_hours);
    e
}

/// The pen's ink: total stroke length in canvas units.
pub fn ink(strokes: &[Vec<[f32; 2]>]) -> f32 {
    strokes
        .iter()
        .flat_map(|s| s.windows(2))
        .map(|w| ((w[1][0] - w[0][0]).powi(2) + (w[1][1] - w[0][1]).powi(2)).sqrt())
        .sum()
}

pub fn check_signature(s: &SignInput) -> FieldErrors {
    let mut e = FieldErrors::new();
    text(&mut e, "signer_name", &s.signer_name, true, 100);
    let points: usize = s.strokes.iter().map(Vec::len).sum();
    let inside = s.strokes.iter().flatten().all(|[x, y]| {
        x.is_finite()
            && y.is_finite()
            && (0.0..=SIGN_WIDTH).contains(x)
            && (0.0..=SIGN_HEIGHT).contains(y)
    });
    if points > MAX_SIGN_POINTS || s.strokes.len() > 200 {
        e.insert("strokes".into(), "the signature is too large".into());
    } else if !inside {
        e.insert(
            "strokes".into(),
            "points lie outside the signing area".into(),
        );
    } else if ink(&s.strokes) < MIN_INK {
        e.insert(
            "strokes".into(),
            "the signature is empty: please sign".into(),
        );
    }
    e
}

/// The strokes as an SVG image (black ink on white), for the report.
pub fn signature_svg(strokes: &[Vec<[f32; 2]>]) -> String {
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIGN_WIDTH} {SIGN_HEIGHT}" width="{SIGN_WIDTH}" height="{SIGN_HEIGHT}"><rect width="100%" height="100%" fill="white"/><g fill="none" stroke="black" stroke-width="3" stroke-linecap="round" stroke-linejoin="round">"#
    );
    for s in strokes.iter().filter(|s| !s.is_empty()) {
        let pts: Vec<String> = s.iter().map(|[x, y]| format!("{x:.1},{y:.1}")).collect();
        if pts.len() == 1 {
            svg.push_str(&format!(
                r#"<circle cx="{:.1}" cy="{:.1}" r="1.5" fill="black"/>"#,
                s[0][0], s[0][1]
            ));
        } else {
            svg.push_str(&format!(r#"<polyline points="{}"/>"#, pts.join(" ")));
        }
    }
    svg.push_str("</g></svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ReportInput {
        ReportInput {
            version: 0,
            findings: "风扇故障".into(),
            actions: "更换风扇".into(),
            fix: Some(Fix::RootCause),
            parts_used: String::new(),
            parts: Vec::new(),
            hours_worked: 1.5,
            travel_hours: 0.5,
            result: Outcome::Resolved,
            customer_remarks: String::new(),
        }
    }

    #[test]
    fn a_report_must_choose_root_cause_or_temporary_and_count_hours_from_zero() {
        assert!(check_report(&input()).is_empty());
        let mut r = input();
        r.fix = None;
        r.hours_worked = -1.0;
        r.findings = " ".into();
        assert_eq!(
            check_report(&r).keys().collect::<Vec<_>>(),
            ["findings", "fix", "hours_worked"]
        );
    }

    #[test]
    fn a_signature_needs_ink_stays_in_its_box_and_is_drawn_as_svg() {
        let mut s = SignInput {
            version: 1,
            signer_name: "李经理".into(),
            strokes: vec![vec![[10.0, 10.0], [12.0, 11.0]]],
        };
        assert!(
            check_signature(&s).contains_key("strokes"),
            "a dot is not a signature"
        );
        s.strokes = vec![vec![[10.0, 100.0], [200.0, 120.0], [300.0, 80.0]]];
        assert!(check_signature(&s).is_empty());
        s.strokes.push(vec![[900.0, 10.0], [901.0, 10.0]]);
        assert!(check_signature(&s).contains_key("strokes"));
        s.strokes = vec![vec![[1.0, 1.0]; MAX_SIGN_POINTS + 1]];
        assert!(check_signature(&s)["strokes"].contains("too large"));
        let svg = signature_svg(&[vec![[10.0, 100.0], [200.0, 120.0]]]);
        assert!(svg.starts_with("<svg") && svg.contains("10.0,100.0 200.0,120.0"));
    }
}
