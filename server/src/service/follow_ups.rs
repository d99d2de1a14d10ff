//! Follow-ups of poor survey scores, for the manager: call the customer
//! (each call logged), reopen the request (its clocks start a new cycle,
//! and it counts against first-time fix) and reassign until the customer
//! is satisfied, or close the follow-up with an outcome.

use super::requests::{fresh, refuse, save_request, settings_at, settings_in, At};
use super::{allow, invalid, not_now, Caller, ServiceResult};
use crate::domain::requests as rules;
use crate::store::follow_ups::FollowUpRecord;
use crate::store::{abort, RequestRecord, Store, TxResult};
use servicebook_shared::permissions;
use servicebook_shared::surveys::{
    check_text, CallLog, CloseFollowUp, FollowUpOutcome, FollowUpState, NewCall, ReopenInput,
};

fn not_closed(f: &FollowUpRecord) -> TxResult<()> {
    if f.state == FollowUpState::Closed {
        return abort(not_now(format!(
            "the follow-up of {} is closed",
            f.request_number
        )));
    }
    Ok(())
}

fn text_ok(field: &str, text: &str, required: bool) -> TxResult<()> {
    let e = check_text(field, text, required);
    if e.is_empty() {
        Ok(())
    } else {
        abort(invalid(e))
    }
}

/// Log a call to the customer: who called, when, what they said.
pub async fn log_call(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: NewCall,
    at: At,
) -> ServiceResult<FollowUpRecord> {
    allow(
        permissions::handle_follow_ups(caller.who()),
        "handle follow-ups",
    )?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut f: FollowUpRecord = tx.require(id)?;
            fresh(&f, input.version)?;
            not_closed(&f)?;
            text_ok("notes", &input.notes, true)?;
            let now = at.time(tx);
            f.calls.push(CallLog {
                called_by: caller.display_name.clone(),
                called_at: input.called_at.unwrap_or(now).min(now),
                notes: input.notes.trim().to_owned(),
            });
            tx.update_audited(f, input.version, &caller.actor(), "call")
        })
        .await
}

/// Reopen the request (through the request's own reopen rule, in this
/// write) and mark the follow-up reopened. Again after the request was
/// closed again, if the customer is still not satisfied.
pub async fn reopen(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: ReopenInput,
    at: At,
) -> ServiceResult<FollowUpRecord> {
    allow(
        permissions::handle_follow_ups(caller.who()),
        "handle follow-ups",
    )?;
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut f: FollowUpRecord = tx.require(id)?;
            fresh(&f, input.version)?;
            not_closed(&f)?;
            let now = at.time(tx);
            let mut request: RequestRecord = tx.require(f.request_id)?;
            if let Err(r) = rules::reopen(&mut request, &input.reason, &caller.display_name, now) {
                return refuse(r);
            }
            let actor = caller.actor();
            let settings = settings_in(tx, settings)?;
            save_request(tx, request, &settings, &actor, "reopen", now)?;
            f.state = FollowUpState::Reopened;
            f.reopened_at = Some(now);
            f.reopened_by = Some(caller.display_name.clone());
            f.reopen_reason = Some(input.reason.trim().to_owned());
            tx.update_audited(f, input.version, &actor, "reopen")
        })
        .await
}

/// Close the follow-up with its outcome (satisfied, not satisfied,
/// unreachable) and a note.
pub async fn close(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: CloseFollowUp,
    at: At,
) -> ServiceResult<FollowUpRecord> {
    allow(
        permissions::handle_follow_ups(caller.who()),
        "handle follow-ups",
    )?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut f: FollowUpRecord = tx.require(id)?;
            fresh(&f, input.version)?;
            not_closed(&f)?;
            text_ok("note", &input.note, false)?;
            let now = at.time(tx);
            f.state = FollowUpState::Closed;
            f.outcome = Some(FollowUpOutcome {
                kind: input.outcome,
                note: input.note.trim().to_owned(),
            });
            f.closed_at = Some(now);
            f.closed_by = Some(caller.display_name.clone());
            tx.update_audited(f, input.version, &caller.actor(), "close")
        })
        .await
}
