//! Service report rules: who writes it and when, the freeze once the
//! customer signed, corrections as new revisions, and the hand-over rule
//! that the engineer's own account never signs as the customer.

use super::work_orders::Refusal;
use crate::store::reports::{ReportRecord, StoredSignature};
use crate::store::{RecordMeta, WorkOrderRecord};
use chrono::{DateTime, Utc};
use servicebook_shared::permissions;
use servicebook_shared::reports::{
    check_report, check_signature, signature_svg, Fix, ReportInput, SignInput,
};
use servicebook_shared::work_orders::WoState;

use super::work_orders::Acting;

fn writes(wo: &WorkOrderRecord, who: &Acting) -> Result<(), Refusal> {
    if !permissions::write_report(who.who(), who.assigned_to(wo)) {
        return Err(Refusal::Forbidden(format!(
            "only an engineer assigned to {} (or a manager) writes its report",
            wo.number
        )));
    }
    if !matches!(
        wo.state,
        WoState::InProgress | WoState::ExtensionRequested | WoState::CompletionRequested
    ) {
        return Err(Refusal::Conflict(format!(
            "a report is written for work in progress, and {} is {}",
            wo.number,
            wo.state.as_str()
        )));
    }
    Ok(())
}

/// The first draft, or `current` replaced by the input if not yet signed.
pub fn write(
    current: Option<&ReportRecord>,
    input: &ReportInput,
    wo: &WorkOrderRecord,
    who: &Acting,
) -> Result<ReportRecord, Refusal> {
    writes(wo, who)?;
    if current.is_some_and(|r| r.signature.is_some()) {
        return Err(Refusal::Conflict(
            "the customer signed this report: it is frozen; start a correction (a new revision)"
                .into(),
        ));
    }
    let e = check_report(input);
    if !e.is_empty() {
        return Err(Refusal::Invalid(e));
    }
    Ok(ReportRecord {
        meta: current.map(|r| r.meta.clone()).unwrap_or_default(),
        work_order_id: wo.meta.id,
        revision: current.map_or(1, |r| r.revision),
        findings: input.findings.trim().to_owned(),
        actions: input.actions.trim().to_owned(),
        fix: input.fix.unwrap_or(Fix::Temporary),
        parts_used: input.parts_used.trim().to_owned(),
        // The service prices and checks the picked lines against the stock
        // issued to the work order; a rule alone cannot see the kits.
        parts: current.map(|r| r.parts.clone()).unwrap_or_default(),
        parts_consumed: current.is_some_and(|r| r.parts_consumed),
        hours_worked: input.hours_worked,
        travel_hours: input.travel_hours,
        result: input.result,
        customer_remarks: input.customer_remarks.trim().to_owned(),
        written_by: who.name.to_owned(),
        written_by_id: who.user_id,
        signature: None,
    })
}

/// The customer's signature on the current report.
pub fn sign(
    report: &mut ReportRecord,
    input: &SignInput,
    via: &str,
    signed_by_staff: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    if report.signature.is_some() {
        return Err(Refusal::Conflict("this report is already signed".into()));
    }
    report.signature = Some(customer_signature(input, via, signed_by_staff, now)?);
    Ok(())
}

/// A customer's signature on any document (a report, a loaner's receipt):
/// enough ink inside the pad, a printed name, and never the name of the
/// staff member whose device it is signed on (`signed_by_staff`: their
/// username and display name). `via` is `in_person` or `link`.
pub fn customer_signature(
    input: &SignInput,
    via: &str,
    signed_by_staff: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> Result<StoredSignature, Refusal> {
    let e = check_signature(input);
    if !e.is_empty() {
        return Err(Refusal::Invalid(e));
    }
    let name = input.signer_name.trim();
    if let Some((username, display)) = signed_by_staff {
        if name.eq_ignore_ascii_case(username) || name == display.trim() {
            return Err(Refusal::Invalid(
                [(
                    "signer_name".to_owned(),
                    "the customer signs, not the engineer: hand the device over".to_owned(),
                )]
                .into(),
            ));
        }
    }
    Ok(StoredSignature {
        signer_name: name.to_owned(),
        signed_at: now,
        via: via.to_owned(),
        svg: signature_svg(&input.strokes),
    })
}

/// A correction of a signed report: a new, unsigned revision with its
/// content; the signed one is kept as it is.
pub fn revise(
    signed: &ReportRecord,
    wo: &WorkOrderRecord,
    who: &Acting,
) -> Result<ReportRecord, Refusal> {
    writes(wo, who)?;
    if signed.signature.is_none() {
        return Err(Refusal::Conflict(
            "the report is not signed yet: edit it directly".into(),
        ));
    }
    Ok(ReportRecord {
        meta: RecordMeta::new(),
        revision: signed.revision + 1,
        signature: None,
        written_by: who.name.to_owned(),
        written_by_id: who.user_id,
        ..signed.clone()
    })
}
