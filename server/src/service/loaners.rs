//! Loaner units: the pool (manager, store keeper), lending a unit against
//! the customer's signed receipt, and taking it back against a second
//! signature. A loan and its unit change in the same write, so the shelf
//! never disagrees with the loans.

use super::requests::{refused, settings_at, settings_in, At};
use super::settings::today_at;
use super::{allow, invalid_field, Caller, ServiceResult};
use crate::domain::loaners as rules;
use crate::domain::work_orders::Refusal;
use crate::store::loaners::LoanerUnitRecord;
use crate::store::loans::LoanRecord;
use crate::store::{
    abort, Actor, CustomerRecord, Rejection, RequestRecord, Sequence, Store, StoreError, Tx,
    TxResult,
};
use chrono::{DateTime, Datelike, Utc};
use servicebook_shared::loaners::{
    loan_number, LoanStage, LoanerUnitPatch, NewLoan, NewLoanerUnit, ReturnInput,
};
use servicebook_shared::permissions;
use servicebook_shared::reports::SignInput;
use servicebook_shared::ProblemCode;

/// A rule's refusal, with the loaner's own code for "not now" (`code`).
fn refused_as(r: Refusal, code: ProblemCode) -> StoreError {
    match r {
        Refusal::Conflict(message) => StoreError::Rejected(Rejection {
            status: 409,
            code,
            message,
            fields: Default::default(),
        }),
        other => refused(other),
    }
}

/// A new unit joins the pool, on the shelf.
pub async fn create_unit(
    store: &Store,
    caller: &Caller,
    input: NewLoanerUnit,
) -> ServiceResult<LoanerUnitRecord> {
    allow(
        permissions::manage_loaner_pool(caller.who()),
        "manage the loaner pool",
    )?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let unit = rules::new_unit(&input).map_err(refused).or_else(abort)?;
            tx.insert_audited(unit, &actor)
        })
        .await
}

/// Changes unit `id` at `patch.version`: its details, retiring it or
/// bringing it back (never while it is out).
pub async fn update_unit(
    store: &Store,
    caller: &Caller,
    id: u64,
    patch: LoanerUnitPatch,
) -> ServiceResult<LoanerUnitRecord> {
    allow(
        permissions::manage_loaner_pool(caller.who()),
        "manage the loaner pool",
    )?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let current: LoanerUnitRecord = tx.require(id)?;
            let next = rules::patch_unit(&current, &patch)
                .map_err(|r| refused_as(r, ProblemCode::LoanerNotAvailable))
                .or_else(abort)?;
            tx.update_audited(next, patch.version, &actor, "update")
        })
        .await
}

fn missing(field: &str, what: &str, id: u64) -> StoreError {
    invalid_field(field, format!("there is no {what} {id}"))
}

/// Lend a unit on the shelf: the loan (awaiting the customer's signature
/// on the receipt) and the unit, out, in one write. A unit that is out or
/// retired: 409 `loaner-not-available`.
pub async fn lend(
    store: &Store,
    caller: &Caller,
    input: NewLoan,
    at: At,
) -> ServiceResult<LoanRecord> {
    allow(permissions::lend_loaners(caller.who()), "lend loaner units")?;
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let now = at.time(tx);
            let lent_at = input.lent_at.unwrap_or(now);
            if lent_at > now {
                return abort(invalid_field("lent_at", "must not be in the future"));
            }
            let day = today_at(&settings_in(tx, settings)?, lent_at);
            let unit: LoanerUnitRecord = tx
                .get(input.unit_id)?
                .ok_or_else(|| missing("unit_id", "loaner unit", input.unit_id))
                .or_else(abort)?;
            let customer: CustomerRecord = tx
                .get(input.customer_id)?
                .ok_or_else(|| missing("customer_id", "customer", input.customer_id))
                .or_else(abort)?;
            let request: Option<RequestRecord> = match input.request_id {
                Some(r) => Some(
                    tx.get(r)?
                        .ok_or_else(|| missing("request_id", "request", r))
                        .or_else(abort)?,
                ),
                None => None,
            };
            let by = rules::Lending {
                staff: &caller.display_name,
                at: lent_at,
                day,
            };
            let (mut loan, mut unit) = rules::lend(&input, &unit, &customer, request.as_ref(), &by)
                .map_err(|r| refused_as(r, ProblemCode::LoanerNotAvailable))
                .or_else(abort)?;
            let year = day.year();
            loan.number = loan_number(year, tx.next_number(Sequence::Loans, year)?);
            let actor = caller.actor();
            let loan = tx.insert_audited(loan, &actor)?;
            unit.current_loan_id = Some(loan.meta.id);
            let v = unit.meta.version;
            tx.update_audited(unit, v, &actor, "lend")?;
            Ok(loan)
        })
        .await
}

/// Signs `stage` of the loan inside a write: the customer's signature
/// (`via` `in_person` on `staff`'s device, or `link`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn sign_in(
    tx: &Tx<'_>,
    loan: LoanRecord,
    version: u64,
    stage: LoanStage,
    input: &SignInput,
    via: &str,
    staff: Option<(&str, &str)>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> TxResult<LoanRecord> {
    let mut loan = loan;
    rules::sign(&mut loan, stage, input, via, staff, now)
        .map_err(|r| refused_as(r, ProblemCode::NotAllowedNow))
        .or_else(abort)?;
    let action = match stage {
        LoanStage::HandOver => "sign-receipt",
        LoanStage::Return => "sign-return",
    };
    tx.update_audited(loan, version, actor, action)
}

/// The customer signs the receipt or the return on the staff member's
/// device (strokes and printed name), at the loan's `input.version`.
pub async fn sign_in_person(
    store: &Store,
    caller: &Caller,
    loan_id: u64,
    stage: LoanStage,
    input: SignInput,
    at: At,
) -> ServiceResult<LoanRecord> {
    allow(
        permissions::lend_loaners(caller.who()),
        "have loaner receipts signed",
    )?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let loan: LoanRecord = tx.require(loan_id)?;
            let staff = (caller.username.as_str(), caller.display_name.as_str());
            let now = at.time(tx);
            sign_in(
                tx,
                loan,
                input.version,
                stage,
                &input,
                "in_person",
                Some(staff),
                &caller.actor(),
                now,
            )
        })
        .await
}

/// Take the unit back, at the loan's `input.version`: the loan is returned
/// (the customer signs the return next, in person or by link) and the unit
/// is on the shelf again, in one write. A loan not out: 409 `loan-not-out`.
pub async fn take_back(
    store: &Store,
    caller: &Caller,
    loan_id: u64,
    input: ReturnInput,
    at: At,
) -> ServiceResult<LoanRecord> {
    allow(
        permissions::lend_loaners(caller.who()),
        "take loaner units back",
    )?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let loan: LoanRecord = tx.require(loan_id)?;
            let unit: LoanerUnitRecord = tx.require(loan.unit.id)?;
            let now = at.time(tx);
            let (loan, unit) = rules::take_back(&loan, &unit, &input, &caller.display_name, now)
                .map_err(|r| refused_as(r, ProblemCode::LoanNotOut))
                .or_else(abort)?;
            let actor = caller.actor();
            let loan = tx.update_audited(loan, input.version, &actor, "return")?;
            let v = unit.meta.version;
            tx.update_audited(unit, v, &actor, "return")?;
            Ok(loan)
        })
        .await
}

/// Refuses a link for a stage that cannot be signed now (the receipt is
/// signed, or the unit has not come back yet).
pub(crate) fn may_send_link(loan: &LoanRecord, stage: LoanStage) -> TxResult<()> {
    let open = match stage {
        LoanStage::HandOver => loan.hand_over.signature.is_none(),
        LoanStage::Return => loan
            .returned
            .as_ref()
            .is_some_and(|r| r.signature.is_none()),
    };
    if open {
        Ok(())
    } else {
        abort(refused_as(
            Refusal::Conflict(match stage {
                LoanStage::HandOver => format!("the receipt of {} is already signed", loan.number),
                LoanStage::Return => {
                    format!("{} has no return waiting for a signature", loan.number)
                }
            }),
            ProblemCode::NotAllowedNow,
        ))
    }
}
