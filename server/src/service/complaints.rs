//! Complaints (投诉): logged by the desk or sales, handled by a manager
//! (acknowledged, then closed with findings, action and outcome), read by
//! the desk, sales, the manager, and the engineers a complaint names. Each
//! write checks the records it names inside its transaction, so a complaint
//! about someone who is not on the staff, or linked to another customer's
//! request, is refused whole.

use super::requests::{fresh, settings_at, settings_in, At};
use super::settings::today_at;
use super::{allow, forbidden, invalid, invalid_field, not_found, not_now, Caller, ServiceResult};
use crate::store::users::BY_USERNAME;
use crate::store::{
    abort, keys, ComplaintRecord, CustomerRecord, RecordMeta, RequestRecord, Sequence, Store,
    TxResult, UserRecord, WorkOrderRecord,
};
use chrono::{DateTime, Datelike, Utc};
use servicebook_shared::complaints::{
    self as rules, AcknowledgeComplaint, CloseComplaint, ComplaintState, ComplaintVerb,
    NewComplaint, PersonCount, StaffRef,
};
use servicebook_shared::permissions;

/// Log a complaint, open, its number the next of the year it was received.
pub async fn log(
    store: &Store,
    caller: &Caller,
    input: NewComplaint,
    at: At,
) -> ServiceResult<ComplaintRecord> {
    allow(permissions::log_complaints(caller.who()), "log complaints")?;
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let now = at.time(tx);
            let errors = rules::check_new(&input, now);
            if !errors.is_empty() {
                return abort(invalid(errors));
            }
            let customer: CustomerRecord = match tx.get(input.customer_id)? {
                Some(c) => c,
                None => {
                    return abort(invalid_field(
                        "customer_id",
                        format!("there is no customer {}", input.customer_id),
                    ))
                }
            };
            let mut request_id = input.request_id;
            let mut work_order_number = None;
            if let Some(w) = input.work_order_id {
                let Some(wo) = tx.get::<WorkOrderRecord>(w)? else {
                    return abort(invalid_field(
                        "work_order_id",
                        format!("there is no work order {w}"),
                    ));
                };
                if wo.customer_id != customer.meta.id {
                    return abort(invalid_field(
                        "work_order_id",
                        format!("work order {} is another customer's", wo.number),
                    ));
                }
                if request_id.is_some_and(|r| r != wo.request_id) {
                    return abort(invalid_field(
                        "work_order_id",
                        format!("work order {} belongs to another request", wo.number),
                    ));
                }
                request_id = Some(wo.request_id);
                work_order_number = Some(wo.number);
            }
            let request_number = match request_id {
                Some(r) => match tx.get::<RequestRecord>(r)? {
                    Some(req) if req.customer_id == customer.meta.id => Some(req.number),
                    Some(req) => {
                        return abort(invalid_field(
                            "request_id",
                            format!("request {} is another customer's", req.number),
                        ))
                    }
                    None => {
                        return abort(invalid_field(
                            "request_id",
                            format!("there is no request {r}"),
                        ))
                    }
                },
                None => None,
            };
            let mut persons = Vec::new();
            let mut person_names = Vec::new();
            for p in rules::normalise_persons(&input.persons) {
                let user = match tx.find_unique::<UserRecord>(&BY_USERNAME, &keys::text(&p))? {
                    Some(id) => tx.get::<UserRecord>(id)?,
                    None => None,
                };
                let Some(user) = user else {
                    return abort(invalid_field(
                        "persons",
                        format!("{p} is not a member of staff"),
                    ));
                };
                if !persons.contains(&user.username) {
                    persons.push(user.username);
                    person_names.push(user.display_name);
                }
            }
            let received_at = input.received_at.unwrap_or(now);
            let year = today_at(&settings_in(tx, settings)?, received_at).year();
            let number = rules::complaint_number(year, tx.next_number(Sequence::Complaints, year)?);
            let record = ComplaintRecord {
                meta: RecordMeta::new(),
                number,
                source: input.source,
                customer_id: customer.meta.id,
                customer_name: customer.name,
                request_id,
                request_number,
                work_order_id: input.work_order_id,
                work_order_number,
                survey_id: input.survey_id,
                persons,
                person_names,
                summary: input.summary.trim().to_owned(),
                received_at,
                logged_by: caller.username.clone(),
                state: ComplaintState::Open,
                acknowledged_at: None,
                acknowledged_by: None,
                acknowledge_note: String::new(),
                findings: String::new(),
                action: String::new(),
                outcome: None,
                closed_at: None,
                closed_by: None,
            };
            tx.insert_audited(record, &caller.actor())
        })
        .await
}

fn may_act(current: &ComplaintRecord, verb: ComplaintVerb) -> TxResult<()> {
    verb.allowed_in(current.state)
        .or_else(|why| abort(not_now(why)))
}

/// A manager takes the complaint on (at `input.version`; an optional note).
pub async fn acknowledge(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: AcknowledgeComplaint,
    at: At,
) -> ServiceResult<ComplaintRecord> {
    allow(
        permissions::handle_complaints(caller.who()),
        "handle complaints",
    )?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut c: ComplaintRecord = tx.require(id)?;
            fresh(&c, input.version)?;
            may_act(&c, ComplaintVerb::Acknowledge)?;
            let errors = rules::check_acknowledge(&input);
            if !errors.is_empty() {
                return abort(invalid(errors));
            }
            c.state = ComplaintState::Acknowledged;
            c.acknowledged_at = Some(at.time(tx));
            c.acknowledged_by = Some(caller.username.clone());
            c.acknowledge_note = input.note.as_deref().unwrap_or("").trim().to_owned();
            tx.update_audited(c, input.version, &caller.actor(), "acknowledge")
        })
        .await
}

/// A manager closes an acknowledged complaint with findings, action and
/// outcome (all required).
pub async fn close(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: CloseComplaint,
    at: At,
) -> ServiceResult<ComplaintRecord> {
    allow(
        permissions::handle_complaints(caller.who()),
        "handle complaints",
    )?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut c: ComplaintRecord = tx.require(id)?;
            fresh(&c, input.version)?;
            may_act(&c, ComplaintVerb::Close)?;
            let errors = rules::check_close(&input);
            if !errors.is_empty() {
                return abort(invalid(errors));
            }
            c.state = ComplaintState::Closed;
            c.findings = input.findings.trim().to_owned();
            c.action = input.action.trim().to_owned();
            c.outcome = input.outcome;
            c.closed_at = Some(at.time(tx));
            c.closed_by = Some(caller.username.clone());
            tx.update_audited(c, input.version, &caller.actor(), "close")
        })
        .await
}

/// One complaint, if the caller may read it (an engineer: only one naming
/// them; a refusal is 403, as complaint ids are no secret among staff).
pub fn get(store: &Store, caller: &Caller, id: u64) -> ServiceResult<ComplaintRecord> {
    let Some(c) = store.get::<ComplaintRecord>(id)? else {
        return Err(not_found(format!("There is no complaint {id}.")));
    };
    allow(
        permissions::read_complaint(caller.who(), c.names(&caller.username)),
        "read this complaint",
    )?;
    Ok(c)
}

/// The list's filters (all optional; `from`/`to` bound `received_at`,
/// `to` exclusive).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<ComplaintState>,
    pub person: Option<String>,
    pub customer_id: Option<u64>,
    pub request_id: Option<u64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl Filter {
    fn keeps(&self, c: &ComplaintRecord) -> bool {
        self.state.is_none_or(|s| c.state == s)
            && self.person.as_deref().is_none_or(|p| c.names(p))
            && self.customer_id.is_none_or(|id| c.customer_id == id)
            && self.request_id.is_none_or(|id| c.request_id == Some(id))
            && self.from.is_none_or(|t| c.received_at >= t)
            && self.to.is_none_or(|t| c.received_at < t)
    }
}

/// Complaints in id order after `after`, at most `limit`, and the id to
/// continue after. Someone who may not read them all (an engineer) sees
/// only those naming them; asking for anyone else's is refused.
pub fn list(
    store: &Store,
    caller: &Caller,
    mut filter: Filter,
    after: Option<u64>,
    limit: usize,
) -> ServiceResult<(Vec<ComplaintRecord>, Option<u64>)> {
    if !permissions::read_complaints(caller.who()) {
        match filter.person.as_deref() {
            Some(p) if p != caller.username => {
                return Err(forbidden("You may read only the complaints naming you."))
            }
            _ => filter.person = Some(caller.username.clone()),
        }
        allow(
            permissions::read_complaint(caller.who(), true),
            "read complaints",
        )?;
    }
    // The most selective index proposes; the filter decides.
    let proposed = if let Some(p) = filter.person.as_deref() {
        Some(store.complaints_naming(p)?)
    } else if let Some(r) = filter.request_id {
        Some(store.complaints_of_request(r)?)
    } else if let Some(c) = filter.customer_id {
        Some(store.complaints_of_customer(c)?)
    } else if let Some(state) = filter.state {
        Some(store.complaints_in_state(state)?)
    } else if filter.from.is_some() || filter.to.is_some() {
        Some(store.complaints_received(filter.from, filter.to)?)
    } else {
        None
    };
    let Some(mut ids) = proposed else {
        return Ok(store.list_where::<ComplaintRecord>(after, limit, |c| filter.keeps(c))?);
    };
    ids.sort_unstable();
    ids.dedup();
    let mut items = Vec::new();
    for id in ids.into_iter().filter(|id| after.is_none_or(|a| *id > a)) {
        let Some(c) = store.get::<ComplaintRecord>(id)? else {
            continue;
        };
        if !filter.keeps(&c) {
            continue;
        }
        if items.len() == limit {
            let next = items.last().map(|c: &ComplaintRecord| c.meta.id);
            return Ok((items, next));
        }
        items.push(c);
    }
    Ok((items, None))
}

/// Each person's figures over the complaints received in `from..to`
/// (`to` exclusive), by [`rules::counts_by_person`].
pub fn counts(
    store: &Store,
    caller: &Caller,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> ServiceResult<Vec<PersonCount>> {
    allow(
        permissions::read_complaints(caller.who()),
        "read the complaint figures",
    )?;
    let settings = store.settings()?;
    let now = Utc::now();
    let filter = Filter {
        from,
        to,
        ..Default::default()
    };
    let mut complaints = Vec::new();
    for id in store.complaints_received(from, to)? {
        if let Some(c) = store.get::<ComplaintRecord>(id)? {
            if filter.keeps(&c) {
                complaints.push(c.to_wire(&settings, now));
            }
        }
    }
    Ok(rules::counts_by_person(&complaints))
}

/// The active staff a complaint may name, by name.
pub fn people(store: &Store, caller: &Caller) -> ServiceResult<Vec<StaffRef>> {
    allow(
        permissions::log_complaints(caller.who()) || permissions::read_complaints(caller.who()),
        "pick people for complaints",
    )?;
    let (users, _) = store.list_where::<UserRecord>(None, usize::MAX, |u| u.active)?;
    let mut out: Vec<StaffRef> = users
        .into_iter()
        .map(|u| StaffRef {
            username: u.username,
            display_name: u.display_name,
        })
        .collect();
    out.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok(out)
}
