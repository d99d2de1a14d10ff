//! Service requests: logging a call (its coverage worked out from the
//! archive as it is inside the write), and pausing, resuming or closing it.
//! Also the pieces every use case around requests shares: when it happens,
//! the settings read inside the write, the stale-version check, and saving
//! a request with its due time recomputed.

use super::{allow, invalid, invalid_field, Caller, ServiceResult};
use crate::domain::requests as rules;
use crate::domain::work_orders::Refusal;
use crate::store::keys;
use crate::store::requests::BY_DEVICE;
use crate::store::{
    abort, Actor, ContractRecord, CustomerRecord, DeviceRecord, Record, RequestRecord, Sequence,
    SettingsRecord, Store, StoreError, Tx, TxResult, WorkOrderRecord,
};
use chrono::{DateTime, Datelike, Utc};
use servicebook_shared::coverage::firm_today;
use servicebook_shared::permissions;
use servicebook_shared::requests::{NewRequest, RequestActionInput, RequestVerb};
use servicebook_shared::settings::Settings;

/// When a use case takes place: as it is written (every request of the
/// API), or at a given earlier time (seeding demo data, whose clocks must
/// tell a true story). The records' own `created_at`/`updated_at` are the
/// write's time either way; the time given here is the one the history,
/// the clocks and the rules see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum At {
    #[default]
    Now,
    Past(DateTime<Utc>),
}

impl At {
    pub fn time(self, tx: &Tx<'_>) -> DateTime<Utc> {
        match self {
            At::Now => tx.now(),
            At::Past(t) => t,
        }
    }
}

/// Where the settings record is (found before the write: the store cannot
/// scan inside one); [`settings_in`] reads its values inside the write.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SettingsAt(Option<u64>);

pub(crate) fn settings_at(store: &Store) -> ServiceResult<SettingsAt> {
    Ok(SettingsAt(store.settings_record()?.map(|r| r.meta.id)))
}

/// The settings in force, as they are inside this write (the defaults
/// until first start wrote them).
pub(crate) fn settings_in(tx: &Tx<'_>, at: SettingsAt) -> TxResult<Settings> {
    Ok(match at.0 {
        Some(id) => tx
            .get::<SettingsRecord>(id)?
            .map(|r| r.to_wire())
            .unwrap_or_default(),
        None => Settings::default(),
    })
}

/// Refuses a change made on a stale copy before anything else is judged
/// (the same refusal `Tx::update` gives).
pub(crate) fn fresh<R: Record>(record: &R, expected: u64) -> TxResult<()> {
    let meta = record.meta();
    if meta.version == expected {
        Ok(())
    } else {
        abort(StoreError::StaleVersion {
            table: R::TABLE.name,
            id: meta.id,
            expected,
            actual: meta.version,
        })
    }
}

/// A domain rule's refusal, as the client sees it (403, 409 or 422).
pub(crate) fn refused(r: Refusal) -> StoreError {
    match r {
        Refusal::Forbidden(m) => super::forbidden(m),
        Refusal::Conflict(m) => super::not_now(m),
        Refusal::Invalid(f) => invalid(f),
    }
}

/// Ends the write with a domain rule's refusal.
pub(crate) fn refuse<T>(r: Refusal) -> TxResult<T> {
    abort(refused(r))
}

/// Ends the write unless `result` is Ok (a refusal of `service`).
pub(crate) fn check<T>(result: ServiceResult<T>) -> TxResult<T> {
    result.or_else(abort)
}

/// Writes the request with its due time recomputed from its events, at the
/// version just read inside this write (it is not the caller's edit but a
/// consequence of one).
pub(crate) fn save_request(
    tx: &Tx<'_>,
    mut request: RequestRecord,
    settings: &Settings,
    actor: &Actor,
    action: &str,
    now: DateTime<Utc>,
) -> TxResult<RequestRecord> {
    rules::refresh_due(&mut request, settings, now);
    let v = request.meta.version;
    tx.update_audited(request, v, actor, action)
}

/// Log a service request. Coverage (contract, warranty, or chargeable) is
/// worked out from the archive as it is inside the write and kept with the
/// request; the number is the next of its year.
pub async fn log_request(
    store: &Store,
    caller: &Caller,
    input: NewRequest,
    at: At,
) -> ServiceResult<RequestRecord> {
    allow(
        permissions::log_requests(caller.who()),
        "log service requests",
    )?;
    let proposed = proposed_contracts(store, input.device_id, input.customer_id)?;
    let earlier = match input.device_id {
        Some(d) => store.ids_by_index::<RequestRecord>(&BY_DEVICE, &keys::id(d))?,
        None => Vec::new(),
    };
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let now = at.time(tx);
            let record = log_in(tx, &caller, &input, &proposed, None, settings, now)?;
            mark_repeat(tx, &earlier, &record, &caller)?;
            Ok(record)
        })
        .await
}

/// A new request for a device tells the one before it when the next call
/// came (first-time fix looks at it). `earlier`: the device's requests as
/// the index named them before the write; only the latest one before the
/// new call changes (older ones already name a nearer next call).
fn mark_repeat(tx: &Tx<'_>, earlier: &[u64], new: &RequestRecord, caller: &Caller) -> TxResult<()> {
    for id in earlier {
        let Some(mut r) = tx.get::<RequestRecord>(*id)? else {
            continue;
        };
        if r.received_at < new.received_at && r.next_request_at.is_none_or(|n| new.received_at < n)
        {
            r.next_request_at = Some(new.received_at);
            let v = r.meta.version;
            tx.update_audited(r, v, &caller.actor(), "repeat-request")?;
        }
    }
    Ok(())
}

/// The contracts that may cover a request: the index only proposes those
/// naming the device (or the customer's); each is read again inside the
/// write.
pub(crate) fn proposed_contracts(
    store: &Store,
    device: Option<u64>,
    customer: u64,
) -> ServiceResult<Vec<u64>> {
    Ok(match device {
        Some(d) => store.contracts_of_device(d)?,
        None => store.contracts_of_customer(customer)?,
    }
    .into_iter()
    .map(|c| c.meta.id)
    .collect())
}

/// A request opened by an inspection visit: the visit, and for the visit's
/// own work the contract that promised it (it covers the visit whenever it
/// is done, even a few days before the term starts).
pub(crate) struct FromInspection {
    pub visit_id: u64,
    pub contract: Option<u64>,
}

/// Logging a request inside a write (a use case that opens one as part of
/// its own work: an inspection visit dispatched, a finding). `proposed`:
/// the contracts the index names for the device or customer.
pub(crate) fn log_in(
    tx: &Tx<'_>,
    caller: &Caller,
    input: &NewRequest,
    proposed: &[u64],
    from: Option<FromInspection>,
    settings: SettingsAt,
    now: DateTime<Utc>,
) -> TxResult<RequestRecord> {
    let Some(customer) = tx.get::<CustomerRecord>(input.customer_id)? else {
        return abort(invalid_field(
            "customer_id",
            format!("there is no customer {}", input.customer_id),
        ));
    };
    let device = match input.device_id {
        Some(id) => match tx.get::<DeviceRecord>(id)? {
            Some(d) => Some(d),
            None => {
                return abort(invalid_field(
                    "device_id",
                    format!("there is no device {id}"),
                ))
            }
        },
        None => None,
    };
    let settings = settings_in(tx, settings)?;
    let today = firm_today(now, settings.business_hours.utc_offset_minutes);
    let mut contracts = Vec::new();
    for id in proposed {
        let Some(c) = tx.get::<ContractRecord>(*id)? else {
            continue;
        };
        let names_it = match &device {
            Some(d) => c.device_ids.contains(&d.meta.id),
            None => c.customer_id == customer.meta.id,
        };
        if names_it {
            contracts.push(c.to_wire(today));
        }
    }
    let mut record = match rules::new_request(
        input.clone(),
        &customer,
        device.as_ref(),
        &contracts,
        &caller.username,
        &settings,
        now,
    ) {
        Ok(r) => r,
        Err(e) => return abort(invalid(e)),
    };
    if let Some(from) = from {
        record.inspection_visit_id = Some(from.visit_id);
        if let Some(c) = from.contract {
            let c: ContractRecord = tx.require(c)?;
            record.coverage = servicebook_shared::requests::promised_by(&c.to_wire(today));
            rules::refresh_due(&mut record, &settings, now);
        }
    }
    let year = now.year();
    record.number = rules::number(year, tx.next_number(Sequence::Requests, year)?);
    tx.insert_audited(record, &caller.actor())
}

fn verb_name(verb: RequestVerb) -> &'static str {
    match verb {
        RequestVerb::Pause => "pause",
        RequestVerb::Resume => "resume",
        RequestVerb::Close => "close",
        RequestVerb::Reopen => "reopen",
    }
}

/// Pause (with what it waits for), resume, or close (with how it was
/// settled) a request at the version the caller saw. The desk may for any
/// request; an engineer only for one they work on (assigned to one of its
/// open work orders).
pub async fn act(
    store: &Store,
    caller: &Caller,
    id: u64,
    verb: RequestVerb,
    input: RequestActionInput,
    at: At,
) -> ServiceResult<RequestRecord> {
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut request: RequestRecord = tx.require(id)?;
            let mut open = 0;
            let mut works_on_it = false;
            for w in &request.work_order_ids {
                if let Some(wo) = tx.get::<WorkOrderRecord>(*w)? {
                    if wo.state.is_open() {
                        open += 1;
                        works_on_it |= caller.is_one_of(&wo.assignees);
                    }
                }
            }
            check(allow(
                permissions::act_on_request(caller.who(), verb, works_on_it),
                &format!("{} request {}", verb_name(verb), request.number),
            ))?;
            fresh(&request, input.version)?;
            let now = at.time(tx);
            if let Err(r) = rules::act(&mut request, verb, &input, open, &caller.display_name, now)
            {
                return refuse(r);
            }
            let settings = settings_in(tx, settings)?;
            rules::refresh_due(&mut request, &settings, now);
            tx.update_audited(request, input.version, &caller.actor(), verb_name(verb))
        })
        .await
}
