//! Satisfaction surveys (客户现场服务反馈表 / 回访): one is made in the
//! same write that closes a request with a signed report; staff send it as
//! a one-time link (no login, expires, only the token's hash kept, a new
//! link voids the old one) or take the answer on a follow-up call. An
//! overall score at or below the firm's `poor_score_max` opens a follow-up
//! in the answer's own write. Every step keeps the request's `SurveyMark`
//! in step, in the same write, for the KPIs.

use super::requests::{check, fresh, save_request, settings_at, settings_in, At, SettingsAt};
use super::sign_links::{hash, new_token};
use super::{allow, invalid, not_now, Caller, ServiceResult};
use crate::store::follow_ups::FollowUpRecord;
use crate::store::reports::ReportRecord;
use crate::store::surveys::{SurveyRecord, BY_TOKEN};
use crate::store::{
    abort, keys, Actor, CustomerRecord, DeviceRecord, RecordMeta, Rejection, RequestRecord, Store,
    StoreError, Tx, TxResult, UserRecord, VisitRecord, WorkOrderRecord,
};
use chrono::{DateTime, Duration, Utc};
use servicebook_shared::permissions;
use servicebook_shared::requests::SurveyMark;
use servicebook_shared::surveys::{
    check_answer, is_poor, state_at, CallAnswer, CallLog, Channel, Engineer, FollowUpState, Scores,
    SurveyAnswer, SurveyState,
};
use servicebook_shared::ProblemCode;

/// Who answers through a link: the customer, with no account.
pub fn link_answerer() -> Caller {
    Caller {
        user_id: None,
        username: "customer (survey link)".into(),
        display_name: "customer (survey link)".into(),
        roles: Vec::new(),
    }
}

/// The one answer to a link that cannot be used — unknown, answered,
/// replaced or expired alike — so that guessing learns nothing.
pub fn not_valid() -> StoreError {
    StoreError::Rejected(Rejection {
        status: 404,
        code: ProblemCode::NotFound,
        message:
            "This survey link is not valid: it may have been answered already or have expired."
                .into(),
        fields: Default::default(),
    })
}

/// The survey behind a link if it can be answered at `now`.
pub fn usable(found: Option<SurveyRecord>, now: DateTime<Utc>) -> ServiceResult<SurveyRecord> {
    match found {
        Some(s) if state_at(s.state, s.expires_at, now) == SurveyState::Sent => Ok(s),
        _ => Err(not_valid()),
    }
}

/// Whether the request's service ended with a report the customer signed
/// (a service report, or an inspection visit's signature).
fn signed_report(tx: &Tx<'_>, request: &RequestRecord) -> TxResult<bool> {
    for w in &request.work_order_ids {
        let Some(wo) = tx.get::<WorkOrderRecord>(*w)? else {
            continue;
        };
        let signed = match (wo.inspection_visit_id, wo.report_ids.last()) {
            (Some(v), _) => tx
                .get::<VisitRecord>(v)?
                .is_some_and(|v| v.signature.is_some()),
            (None, Some(r)) => tx
                .get::<ReportRecord>(*r)?
                .is_some_and(|r| r.signature.is_some()),
            (None, None) => false,
        };
        if signed {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Inside the write that closed `request`: its survey, if the service
/// ended with a signed report (`not_sent` when the customer turned surveys
/// off). A reopened request closed again gets a new one.
pub(crate) fn open_for_completed(
    tx: &Tx<'_>,
    request: &RequestRecord,
    actor: &Actor,
    now: DateTime<Utc>,
) -> TxResult<Option<SurveyRecord>> {
    if !signed_report(tx, request)? {
        return Ok(None);
    }
    let customer: CustomerRecord = tx.require(request.customer_id)?;
    let device = match request.device_id {
        Some(d) => tx.get::<DeviceRecord>(d)?.map(|d| {
            [d.product, d.brand, d.model, d.serial_number]
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        }),
        None => None,
    }
    .unwrap_or_else(|| request.description.chars().take(80).collect());
    let mut engineers: Vec<Engineer> = Vec::new();
    for w in &request.work_order_ids {
        let Some(wo) = tx.get::<WorkOrderRecord>(*w)? else {
            continue;
        };
        for a in &wo.assignees {
            if let Some(u) = tx.get::<UserRecord>(*a)? {
                if !engineers.iter().any(|e| e.username == u.username) {
                    engineers.push(Engineer {
                        username: u.username,
                        name: u.display_name,
                    });
                }
            }
        }
    }
    let survey = tx.insert_audited(
        SurveyRecord {
            meta: RecordMeta::new(),
            request_id: request.meta.id,
            request_number: request.number.clone(),
            customer_id: customer.meta.id,
            customer_name: customer.name.clone(),
            device,
            work_order_ids: request.work_order_ids.clone(),
            engineers,
            completed_at: now,
            state: if customer.surveys_off {
                SurveyState::NotSent
            } else {
                SurveyState::ToSend
            },
            sent_at: None,
            sent_by: None,
            channel: None,
            expires_at: None,
            token_hash: None,
            answer: None,
            follow_up_id: None,
        },
        actor,
    )?;
    Ok(Some(survey))
}

/// The request's mark of `survey`, updated (or added) by `f`, saved in this
/// write.
fn mark(
    tx: &Tx<'_>,
    survey: &SurveyRecord,
    settings: SettingsAt,
    actor: &Actor,
    action: &str,
    now: DateTime<Utc>,
    f: impl FnOnce(&mut SurveyMark),
) -> TxResult<()> {
    let mut request: RequestRecord = tx.require(survey.request_id)?;
    let i = match request
        .surveys
        .iter()
        .position(|m| m.survey_id == survey.meta.id)
    {
        Some(i) => i,
        None => {
            request.surveys.push(SurveyMark {
                survey_id: survey.meta.id,
                sent_at: survey.sent_at.unwrap_or(now),
                expires_at: None,
                answered_at: None,
                overall: None,
            });
            request.surveys.len() - 1
        }
    };
    f(&mut request.surveys[i]);
    let settings = settings_in(tx, settings)?;
    save_request(tx, request, &settings, actor, action, now)?;
    Ok(())
}

/// Refuses a survey that cannot be sent or answered any more.
fn still_open(s: &SurveyRecord) -> TxResult<()> {
    match s.state {
        SurveyState::Answered => abort(not_now(format!(
            "the survey of {} is already answered",
            s.request_number
        ))),
        SurveyState::NotSent => abort(not_now(format!(
            "{} asked not to get surveys",
            s.customer_name
        ))),
        _ => Ok(()),
    }
}

/// Make the link to send (WeChat, SMS, a QR code on the report): valid for
/// the firm's `survey_link_days`; a new link voids the previous one.
pub async fn make_link(
    store: &Store,
    caller: &Caller,
    id: u64,
    version: u64,
    at: At,
) -> ServiceResult<(SurveyRecord, String)> {
    allow(permissions::send_surveys(caller.who()), "send surveys")?;
    let (token, token_hash) = new_token()?;
    let settings = settings_at(store)?;
    let caller = caller.clone();
    let saved = store
        .write(move |tx| {
            let mut s: SurveyRecord = tx.require(id)?;
            fresh(&s, version)?;
            still_open(&s)?;
            let now = at.time(tx);
            let days = settings_in(tx, settings)?.survey_link_days;
            let expires_at = now + Duration::days(i64::from(days));
            s.state = SurveyState::Sent;
            s.sent_at = Some(s.sent_at.unwrap_or(now));
            s.sent_by = Some(caller.display_name.clone());
            s.channel = Some(Channel::Link);
            s.expires_at = Some(expires_at);
            s.token_hash = Some(token_hash.clone());
            let actor = caller.actor();
            let s = tx.update_audited(s, version, &actor, "link")?;
            mark(tx, &s, settings, &actor, "survey-sent", now, |m| {
                m.expires_at = Some(expires_at)
            })?;
            Ok(s)
        })
        .await?;
    Ok((saved, token))
}

/// Records the answer on `s` (already checked), opens a follow-up for a
/// poor overall score, and marks the request; all in this write.
fn record_answer(
    tx: &Tx<'_>,
    mut s: SurveyRecord,
    scores: &Scores,
    by_call: Option<CallLog>,
    settings: SettingsAt,
    actor: &Actor,
    now: DateTime<Utc>,
) -> TxResult<SurveyRecord> {
    let e = check_answer(scores);
    if !e.is_empty() {
        return abort(invalid(e));
    }
    let threshold = settings_in(tx, settings)?.poor_score_max;
    let comment = scores.comment.trim().to_owned();
    if by_call.is_some() && s.sent_at.is_none() {
        s.sent_at = Some(now);
        s.channel = Some(Channel::Call);
    }
    if let Some(c) = &by_call {
        s.sent_by.get_or_insert_with(|| c.called_by.clone());
    }
    s.state = SurveyState::Answered;
    s.token_hash = None;
    s.answer = Some(SurveyAnswer {
        response_speed: scores.response_speed,
        professionalism: scores.professionalism,
        attitude: scores.attitude,
        result: scores.result,
        overall: scores.overall,
        comment: comment.clone(),
        answered_at: now,
        by_call,
    });
    if is_poor(scores.overall, threshold) {
        let f = tx.insert_audited(
            FollowUpRecord {
                meta: RecordMeta::new(),
                survey_id: s.meta.id,
                request_id: s.request_id,
                request_number: s.request_number.clone(),
                customer_name: s.customer_name.clone(),
                overall: scores.overall,
                comment,
                state: FollowUpState::Open,
                calls: Vec::new(),
                reopened_at: None,
                reopened_by: None,
                reopen_reason: None,
                outcome: None,
                closed_at: None,
                closed_by: None,
            },
            actor,
        )?;
        s.follow_up_id = Some(f.meta.id);
    }
    let v = s.meta.version;
    let s = tx.update_audited(s, v, actor, "answer")?;
    let overall = scores.overall;
    mark(tx, &s, settings, actor, "survey-answered", now, |m| {
        m.answered_at = Some(now);
        m.overall = Some(overall);
    })?;
    Ok(s)
}

/// The customer answers through the link: once, before it expires. An
/// unusable link gets the same 404 whatever the reason.
pub async fn answer_by_link(
    store: &Store,
    token: &str,
    scores: Scores,
    at: At,
) -> ServiceResult<SurveyRecord> {
    let token_hash = hash(token);
    let settings = settings_at(store)?;
    let actor = link_answerer().actor();
    store
        .write(move |tx| {
            let now = at.time(tx);
            let found = match tx.find_unique::<SurveyRecord>(&BY_TOKEN, &keys::text(&token_hash))? {
                Some(id) => tx.get::<SurveyRecord>(id)?,
                None => None,
            };
            let s = check(usable(found, now))?;
            record_answer(tx, s, &scores, None, settings, &actor, now)
        })
        .await
}

/// Staff took the answer on a follow-up call: who called, when, what the
/// customer said, and the five scores.
pub async fn answer_by_call(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: CallAnswer,
    at: At,
) -> ServiceResult<SurveyRecord> {
    allow(permissions::send_surveys(caller.who()), "log survey calls")?;
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let s: SurveyRecord = tx.require(id)?;
            fresh(&s, input.version)?;
            still_open(&s)?;
            let e = servicebook_shared::surveys::check_text("notes", &input.notes, false);
            if !e.is_empty() {
                return abort(invalid(e));
            }
            let now = at.time(tx);
            let call = CallLog {
                called_by: caller.display_name.clone(),
                called_at: input.called_at.unwrap_or(now).min(now),
                notes: input.notes.trim().to_owned(),
            };
            record_answer(
                tx,
                s,
                &input.scores(),
                Some(call),
                settings,
                &caller.actor(),
                now,
            )
        })
        .await
}

/// Whether `caller` may read survey `s`: the senders, or an engineer who
/// did its work.
pub fn may_read(caller: &Caller, s: &SurveyRecord) -> bool {
    let worked = s.engineers.iter().any(|e| e.username == caller.username);
    permissions::read_surveys(caller.who(), worked)
}

#[cfg(test)]
#[path = "surveys_tests.rs"]
mod tests;
