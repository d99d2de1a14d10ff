//! Repairs (送修): taking a device in at the counter, each state change
//! (diagnose, quote, the customer's answer, repair, ready, hand back), and
//! the repair record. Each is one write, audited, at the version the caller
//! saw; who may is `permissions`, which state allows what is the shared
//! table (`repairs::RepairVerb::next`).

use super::requests::{fresh, settings_at, settings_in, At};
use super::{allow, forbidden, invalid, invalid_field, not_now, Caller, ServiceResult};
use crate::auth::secret::random_bytes;
use crate::domain::repairs::{self as rules, Acting, Refusal};
use crate::store::repairs::OPEN_BY_DEVICE;
use crate::store::{
    abort, keys, ContractRecord, CustomerRecord, DeviceRecord, Rejection, RepairRecord,
    RequestRecord, Sequence, Store, StoreError, TxResult,
};
use chrono::Datelike;
use servicebook_shared::coverage::firm_today;
use servicebook_shared::permissions;
use servicebook_shared::repairs::{
    check_new, NewRepair, RepairActionInput, RepairSheetInput, RepairVerb, CODE_ALPHABET, CODE_LEN,
};
use servicebook_shared::requests::intake_coverage;
use servicebook_shared::users::Role;
use servicebook_shared::ProblemCode;

fn refused(r: Refusal) -> StoreError {
    match r {
        Refusal::Forbidden(m) => forbidden(m),
        Refusal::Conflict(m) => not_now(m),
        Refusal::QuoteNotApproved(m) => StoreError::Rejected(Rejection {
            status: 409,
            code: ProblemCode::QuoteNotApproved,
            message: m,
            fields: Default::default(),
        }),
        Refusal::WrongCode => StoreError::Rejected(Rejection {
            status: 422,
            code: ProblemCode::WrongVoucherCode,
            message: "Wrong code.".into(),
            fields: [("voucher_code".to_owned(), "wrong code".to_owned())].into(),
        }),
        Refusal::Invalid(f) => invalid(f),
    }
}

fn refuse<T>(r: Refusal) -> TxResult<T> {
    abort(refused(r))
}

/// A fresh voucher code from the OS's randomness, without bias: 10
/// characters of a 31-letter alphabet (about 49 bits).
pub fn new_code() -> ServiceResult<String> {
    let n = CODE_ALPHABET.len() as u8;
    let limit: u16 = 256 - 256 % n as u16; // the largest multiple of n up to 256
    let mut code = String::with_capacity(CODE_LEN);
    while code.len() < CODE_LEN {
        let bytes = random_bytes::<32>().map_err(StoreError::Io)?;
        for b in bytes {
            if (b as u16) < limit && code.len() < CODE_LEN {
                code.push(CODE_ALPHABET[(b % n) as usize] as char);
            }
        }
    }
    Ok(code)
}

/// A repair just taken in, and its voucher's code (never stored).
pub struct TakenIn {
    pub repair: RepairRecord,
    pub voucher_code: String,
}

/// Take a device in at the counter. Its warranty and contract coverage is
/// worked out as of today and kept with the repair.
pub async fn take_in(
    store: &Store,
    caller: &Caller,
    input: NewRepair,
    at: At,
) -> ServiceResult<TakenIn> {
    allow(
        permissions::take_in_repairs(caller.who()),
        "take devices in for repair",
    )?;
    let e = check_new(&input);
    if !e.is_empty() {
        return Err(invalid(e));
    }
    // The index only proposes contracts; each is read again in the write.
    let proposed: Vec<u64> = store
        .contracts_of_device(input.device_id)?
        .into_iter()
        .map(|c| c.meta.id)
        .collect();
    let settings = settings_at(store)?;
    let code = new_code()?;
    let hash = rules::code_hash(&code);
    let caller = caller.clone();
    let repair = store
        .write(move |tx| {
            let now = at.time(tx);
            let Some(device) = tx.get::<DeviceRecord>(input.device_id)? else {
                return abort(invalid_field(
                    "device_id",
                    format!("there is no device {}", input.device_id),
                ));
            };
            let customer: CustomerRecord = tx.require(device.customer_id)?;
            if let Some(r) = input.request_id {
                match tx.get::<RequestRecord>(r)? {
                    Some(req) if req.customer_id == customer.meta.id => {}
                    Some(_) => {
                        return abort(invalid_field(
                            "request_id",
                            "that service request is another customer's",
                        ))
                    }
                    None => {
                        return abort(invalid_field(
                            "request_id",
                            format!("there is no service request {r}"),
                        ))
                    }
                }
            }
            let open_key = keys::id(device.meta.id);
            if let Some(other) = tx.find_unique::<RepairRecord>(&OPEN_BY_DEVICE, &open_key)? {
                let number = tx
                    .get::<RepairRecord>(other)?
                    .map(|r| r.number)
                    .unwrap_or_default();
                return abort(not_now(format!(
                    "this device is in repair already ({number}): hand it back first"
                )));
            }
            let settings = settings_in(tx, settings)?;
            let today = firm_today(now, settings.business_hours.utc_offset_minutes);
            let mut contracts = Vec::new();
            for id in &proposed {
                if let Some(c) = tx.get::<ContractRecord>(*id)? {
                    if c.device_ids.contains(&device.meta.id) {
                        contracts.push(c.to_wire(today));
                    }
                }
            }
            let coverage = intake_coverage(device.warranty_end, &contracts, today);
            let year = now.year();
            let number = rules::number(year, tx.next_number(Sequence::Repairs, year)?);
            let record = match rules::new_repair(
                &input,
                &device,
                &customer,
                coverage,
                number,
                hash.clone(),
                &caller.display_name,
                now,
            ) {
                Ok(r) => r,
                Err(r) => return refuse(r),
            };
            tx.insert_audited(record, &caller.actor())
        })
        .await?;
    Ok(TakenIn {
        repair,
        voucher_code: code,
    })
}

/// One state change at `input.version`: the role by `permissions`, the
/// state by the shared table, the input and the voucher by the domain.
async fn transition(
    store: &Store,
    caller: &Caller,
    id: u64,
    verb: RepairVerb,
    input: RepairActionInput,
    at: At,
) -> ServiceResult<RepairRecord> {
    allow(
        permissions::repair_action(caller.who(), verb),
        &format!("{} repairs", verb.as_str().replace('-', " ")),
    )?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let current: RepairRecord = tx.require(id)?;
            fresh(&current, input.version)?;
            let who = Acting {
                name: &caller.display_name,
                is_manager: permissions::check_id_for_lost_voucher(caller.who()),
            };
            let next = match rules::act(&current, verb, &input, &who, at.time(tx)) {
                Ok(n) => n,
                Err(r) => return refuse(r),
            };
            tx.update_audited(next, input.version, &caller.actor(), verb.as_str())
        })
        .await
}

/// received → diagnosing: an engineer takes it to the bench.
pub async fn diagnose(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: RepairActionInput,
    at: At,
) -> ServiceResult<RepairRecord> {
    transition(store, caller, id, RepairVerb::Diagnose, input, at).await
}

/// diagnosing (or a declined quote) → quote_sent, with the price and text.
pub async fn send_quote(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: RepairActionInput,
    at: At,
) -> ServiceResult<RepairRecord> {
    transition(store, caller, id, RepairVerb::SendQuote, input, at).await
}

/// quote_sent → quote_approved: who of the customer agreed, and how.
pub async fn approve_quote(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: RepairActionInput,
    at: At,
) -> ServiceResult<RepairRecord> {
    transition(store, caller, id, RepairVerb::ApproveQuote, input, at).await
}

/// quote_sent → quote_declined.
pub async fn decline_quote(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: RepairActionInput,
    at: At,
) -> ServiceResult<RepairRecord> {
    transition(store, caller, id, RepairVerb::DeclineQuote, input, at).await
}

/// quote_approved (or diagnosing, when covered) → repairing.
pub async fn start_repair(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: RepairActionInput,
    at: At,
) -> ServiceResult<RepairRecord> {
    transition(store, caller, id, RepairVerb::StartRepair, input, at).await
}

/// repairing (or, unrepaired, diagnosing / quote_declined) → ready.
pub async fn mark_ready(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: RepairActionInput,
    at: At,
) -> ServiceResult<RepairRecord> {
    transition(store, caller, id, RepairVerb::MarkReady, input, at).await
}

/// ready (repaired) → picked_up, against the voucher or a manager's ID check.
pub async fn pick_up(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: RepairActionInput,
    at: At,
) -> ServiceResult<RepairRecord> {
    transition(store, caller, id, RepairVerb::PickUp, input, at).await
}

/// diagnosing, quote_declined or ready-without-repair → returned_unrepaired.
pub async fn return_unrepaired(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: RepairActionInput,
    at: At,
) -> ServiceResult<RepairRecord> {
    transition(store, caller, id, RepairVerb::ReturnUnrepaired, input, at).await
}

/// The action `verb` by its use case.
pub async fn act(
    store: &Store,
    caller: &Caller,
    id: u64,
    verb: RepairVerb,
    input: RepairActionInput,
    at: At,
) -> ServiceResult<RepairRecord> {
    match verb {
        RepairVerb::Diagnose => diagnose(store, caller, id, input, at).await,
        RepairVerb::SendQuote => send_quote(store, caller, id, input, at).await,
        RepairVerb::ApproveQuote => approve_quote(store, caller, id, input, at).await,
        RepairVerb::DeclineQuote => decline_quote(store, caller, id, input, at).await,
        RepairVerb::StartRepair => start_repair(store, caller, id, input, at).await,
        RepairVerb::MarkReady => mark_ready(store, caller, id, input, at).await,
        RepairVerb::PickUp => pick_up(store, caller, id, input, at).await,
        RepairVerb::ReturnUnrepaired => return_unrepaired(store, caller, id, input, at).await,
    }
}

/// Write the repair record (维修记录单) at `input.version`.
pub async fn save_sheet(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: RepairSheetInput,
) -> ServiceResult<RepairRecord> {
    allow(
        permissions::write_repair_sheet(caller.who()),
        "write repair records",
    )?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let current: RepairRecord = tx.require(id)?;
            fresh(&current, input.version)?;
            let who = Acting {
                name: &caller.display_name,
                is_manager: caller.roles.contains(&Role::Manager),
            };
            let next = match rules::save_sheet(&current, &input, &who) {
                Ok(n) => n,
                Err(r) => return refuse(r),
            };
            tx.update_audited(next, input.version, &caller.actor(), "record")
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use servicebook_shared::repairs::is_code_shaped;

    #[test]
    fn codes_are_random_and_of_the_alphabet() {
        let a = new_code().unwrap();
        let b = new_code().unwrap();
        assert!(is_code_shaped(&a) && is_code_shaped(&b));
        assert_ne!(a, b);
    }
}
