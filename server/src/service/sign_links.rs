//! Signing at a distance: the engineer sends the customer a one-time link;
//! the customer opens it on their own phone without an account, reads the
//! document and signs. A link targets a service report (it dies if the
//! report is edited after it was sent) or a loaner's hand-over receipt or
//! return. It expires and works once. Only the token's SHA-256 is stored.

use super::reports::{file_report, may_write};
use super::requests::{refuse, settings_at, At};
use super::{not_now, Caller, ServiceResult};
use crate::auth::secret::random_bytes;
use crate::domain::reports as rules;
use crate::store::loans::LoanRecord;
use crate::store::reports::ReportRecord;
use crate::store::sign_links::{LoanLink, SignLinkRecord, BY_TOKEN};
use crate::store::{
    abort, keys, RecordMeta, Rejection, Store, StoreError, VisitRecord, WorkOrderRecord,
};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use servicebook_shared::loaners::LoanStage;
use servicebook_shared::permissions;
use servicebook_shared::reports::{PublicSignInput, SignInput};
use servicebook_shared::ProblemCode;
use sha2::{Digest, Sha256};

/// How long a link stays valid.
pub const LINK_HOURS: i64 = 72;

/// The hex SHA-256 of a link's token: what the store keeps and looks up.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Who signs through a link: the customer, with no account.
pub fn link_signer() -> Caller {
    Caller {
        user_id: None,
        username: "customer (signing link)".into(),
        display_name: "customer (signing link)".into(),
        roles: Vec::new(),
    }
}

fn gone(code: ProblemCode, message: &str) -> StoreError {
    StoreError::Rejected(Rejection {
        status: 410,
        code,
        message: message.to_owned(),
        fields: Default::default(),
    })
}

fn not_valid() -> StoreError {
    StoreError::Rejected(Rejection {
        status: 404,
        code: ProblemCode::NotFound,
        message: "This signing link is not valid.".into(),
        fields: Default::default(),
    })
}

/// The link if it can still be used at `now`, or why not in the customer's
/// words: 404 unknown, 410 used or expired.
pub fn usable(link: Option<SignLinkRecord>, now: DateTime<Utc>) -> ServiceResult<SignLinkRecord> {
    let link = link.ok_or_else(not_valid)?;
    if link.used_at.is_some() {
        return Err(gone(
            ProblemCode::LinkUsed,
            "This document has already been signed with this link.",
        ));
    }
    if link.expires_at < now {
        return Err(gone(
            ProblemCode::LinkExpired,
            "This signing link has expired; ask for a new one.",
        ));
    }
    Ok(link)
}

/// A link just created: its record and the token to send (never stored).
pub struct NewLink {
    pub link: SignLinkRecord,
    pub token: String,
}

/// A fresh random token and its hash.
pub(crate) fn new_token() -> ServiceResult<(String, String)> {
    let bytes = random_bytes::<32>().map_err(|e| StoreError::Io(e.to_string()))?;
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let token_hash = hash(&token);
    Ok((token, token_hash))
}

/// Send the customer a link to sign the current (unsigned) report on their
/// own phone: whoever may write the report sends it.
pub async fn create_link(
    store: &Store,
    caller: &Caller,
    work_order_id: u64,
    at: At,
) -> ServiceResult<NewLink> {
    let (token, token_hash) = new_token()?;
    let caller = caller.clone();
    let link = store
        .write(move |tx| {
            let wo: WorkOrderRecord = tx.require(work_order_id)?;
            may_write(&caller, &wo, "send the signing link")?;
            let report: ReportRecord = match wo.report_ids.last() {
                Some(r) => tx.require(*r)?,
                None => return abort(not_now("write the report before sending it for signature")),
            };
            if report.signature.is_some() {
                return abort(not_now("this report is already signed"));
            }
            let now = at.time(tx);
            tx.insert_audited(
                SignLinkRecord {
                    meta: RecordMeta::new(),
                    token_hash: token_hash.clone(),
                    work_order_id,
                    report_id: report.meta.id,
                    report_version: report.meta.version,
                    expires_at: now + Duration::hours(LINK_HOURS),
                    used_at: None,
                    created_by: caller.display_name.clone(),
                    loan: None,
                    visit_id: None,
                },
                &caller.actor(),
            )
        })
        .await?;
    Ok(NewLink { link, token })
}

/// Send the customer a link to sign a loan's hand-over receipt or its
/// return on their own phone: whoever may lend and take back units.
pub async fn create_loan_link(
    store: &Store,
    caller: &Caller,
    loan_id: u64,
    stage: LoanStage,
    at: At,
) -> ServiceResult<NewLink> {
    super::allow(
        permissions::lend_loaners(caller.who()),
        "send loaner receipts for signature",
    )?;
    let (token, token_hash) = new_token()?;
    let caller = caller.clone();
    let link = store
        .write(move |tx| {
            let loan: LoanRecord = tx.require(loan_id)?;
            super::loaners::may_send_link(&loan, stage)?;
            let now = at.time(tx);
            tx.insert_audited(
                SignLinkRecord {
                    meta: RecordMeta::new(),
                    token_hash: token_hash.clone(),
                    work_order_id: 0,
                    report_id: 0,
                    report_version: 0,
                    expires_at: now + Duration::hours(LINK_HOURS),
                    used_at: None,
                    created_by: caller.display_name.clone(),
                    loan: Some(LoanLink { loan_id, stage }),
                    visit_id: None,
                },
                &caller.actor(),
            )
        })
        .await?;
    Ok(NewLink { link, token })
}

/// Send the customer a link to sign an inspection visit once every device
/// is recorded: its engineers, or a manager.
pub async fn create_visit_link(
    store: &Store,
    caller: &Caller,
    visit_id: u64,
    version: u64,
    at: At,
) -> ServiceResult<NewLink> {
    let (token, token_hash) = new_token()?;
    let caller = caller.clone();
    let link = store
        .write(move |tx| {
            let visit: VisitRecord = tx.require(visit_id)?;
            let wo = match visit.work_order_id {
                Some(w) => tx.get::<WorkOrderRecord>(w)?,
                None => None,
            };
            let assigned = wo.is_some_and(|w| caller.is_one_of(&w.assignees));
            if !permissions::record_inspections(caller.who(), assigned) {
                return abort(super::forbidden(
                    "You may not send this inspection for signature: its engineers or a manager do.",
                ));
            }
            super::requests::fresh(&visit, version)?;
            super::inspection_visits::ready_to_sign(&visit)?;
            let now = at.time(tx);
            tx.insert_audited(
                SignLinkRecord {
                    meta: RecordMeta::new(),
                    token_hash: token_hash.clone(),
                    work_order_id: visit.work_order_id.unwrap_or(0),
                    report_id: 0,
                    report_version: visit.meta.version,
                    expires_at: now + Duration::hours(LINK_HOURS),
                    used_at: None,
                    created_by: caller.display_name.clone(),
                    loan: None,
                    visit_id: Some(visit_id),
                },
                &caller.actor(),
            )
        })
        .await?;
    Ok(NewLink { link, token })
}

/// The customer signs through the link: once, before it expires. A report
/// is signed as it was sent, and filed on the request's clock; a loan's
/// receipt or return as it is now.
pub async fn sign_through_link(
    store: &Store,
    token: &str,
    input: PublicSignInput,
    at: At,
) -> ServiceResult<()> {
    let token_hash = hash(token);
    let settings = settings_at(store)?;
    let signer = link_signer();
    store
        .write(move |tx| {
            let now = at.time(tx);
            let key = keys::text(&token_hash);
            let found = match tx.find_unique::<SignLinkRecord>(&BY_TOKEN, &key)? {
                Some(id) => tx.get::<SignLinkRecord>(id)?,
                None => None,
            };
            let mut link = usable(found, now).or_else(abort)?;
            let actor = signer.actor();
            if let Some(target) = link.loan.clone() {
                let loan: LoanRecord = tx.require(target.loan_id)?;
                let sign = SignInput {
                    version: loan.meta.version,
                    signer_name: input.signer_name.clone(),
                    strokes: input.strokes.clone(),
                };
                let v = loan.meta.version;
                super::loaners::sign_in(
                    tx,
                    loan,
                    v,
                    target.stage,
                    &sign,
                    "link",
                    None,
                    &actor,
                    now,
                )?;
                link.used_at = Some(now);
                let v = link.meta.version;
                tx.update_audited(link, v, &actor, "use")?;
                return Ok(());
            }
            if let Some(visit_id) = link.visit_id {
                let visit: VisitRecord = tx.require(visit_id)?;
                if visit.meta.version != link.report_version {
                    return abort(not_now("the inspection changed after this link was sent"));
                }
                let sign = SignInput {
                    version: visit.meta.version,
                    signer_name: input.signer_name.clone(),
                    strokes: input.strokes.clone(),
                };
                super::inspection_visits::sign_in(
                    tx, visit, &sign, "link", None, settings, &actor, now,
                )?;
                link.used_at = Some(now);
                let v = link.meta.version;
                tx.update_audited(link, v, &actor, "use")?;
                return Ok(());
            }
            let mut report: ReportRecord = tx.require(link.report_id)?;
            if report.meta.version != link.report_version {
                return abort(not_now("the report changed after this link was sent"));
            }
            let sign = SignInput {
                version: report.meta.version,
                signer_name: input.signer_name.clone(),
                strokes: input.strokes.clone(),
            };
            if let Err(r) = rules::sign(&mut report, &sign, "link", None, now) {
                return refuse(r);
            }
            super::part_requests::consume_report_parts(tx, &signer, &mut report)?;
            let v = report.meta.version;
            let report = tx.update_audited(report, v, &actor, "sign")?;
            let wo: WorkOrderRecord = tx.require(link.work_order_id)?;
            link.used_at = Some(now);
            let v = link.meta.version;
            tx.update_audited(link, v, &actor, "use")?;
            let work = super::reports::work_of(&report);
            file_report(tx, wo.request_id, settings, &actor, now, Some(work))?;
            Ok(())
        })
        .await
}
