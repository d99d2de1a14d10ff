//! Signing at a distance: the engineer sends the customer a one-time link;
//! the customer opens it on their own phone without an account, reads the
//! report and signs. The link expires, works once, and dies if the report
//! is edited after it was sent.

use super::reports::file_report;
use super::reports::SIGN_LIMIT;
use super::session::Session;
use super::work_orders::rejected;
use crate::app::AppState;
use crate::auth::secret::random_bytes;
use crate::domain::reports as rules;
use crate::domain::work_orders::Refusal;
use crate::error::AppError;
use crate::store::reports::ReportRecord;
use crate::store::sign_links::SignLinkRecord;
use crate::store::{abort, Actor, CustomerRecord, RecordMeta, WorkOrderRecord};
use actix_web::{get, post, web, HttpResponse};
use base64::Engine;
use chrono::{Duration, Utc};
use servicebook_shared::reports::{PublicReport, PublicSignInput, SignInput, SignLink};
use servicebook_shared::users::Role;
use servicebook_shared::ApiProblem;
use servicebook_shared::ProblemCode;
use sha2::{Digest, Sha256};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(create_link).service(public_report).service(
        web::resource("/public/sign/{token}")
            .app_data(
                web::JsonConfig::default()
                    .limit(SIGN_LIMIT)
                    .error_handler(crate::error::json_error),
            )
            .route(web::post().to(public_sign)),
    );
}

/// How long a link stays valid.
pub const LINK_HOURS: i64 = 72;

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Send the customer a link to sign the current report on their phone.
#[utoipa::path(path = "/api/work-orders/{id}/report/sign-link", tag = "work orders",
    responses((status = 201, body = SignLink), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem)))]
#[post("/work-orders/{id}/report/sign-link")]
pub async fn create_link(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let wo = state
        .store
        .get::<WorkOrderRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no work order with id {id}.")))?;
    if !(wo.assignees.contains(&session.user.meta.id) || session.is(Role::Manager)) {
        return Err(AppError::forbidden(
            "Only an engineer assigned to this work (or a manager) sends its signing link.",
        ));
    }
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(random_bytes::<32>().map_err(AppError::internal)?);
    let token_hash = hash(&token);
    let actor = session.actor();
    let by = session.user.display_name.clone();
    let link = state
        .store
        .write(move |tx| {
            let wo: WorkOrderRecord = tx.require(id)?;
            let report: ReportRecord = match wo.report_ids.last() {
                Some(r) => tx.require(*r)?,
                None => {
                    return abort(rejected(Refusal::Conflict(
                        "write the report before sending it for signature".into(),
                    )))
                }
            };
            if report.signature.is_some() {
                return abort(rejected(Refusal::Conflict(
                    "this report is already signed".into(),
                )));
            }
            let now = tx.now();
            tx.insert_audited(
                SignLinkRecord {
                    meta: RecordMeta::new(),
                    token_hash: token_hash.clone(),
                    work_order_id: id,
                    report_id: report.meta.id,
                    report_version: report.meta.version,
                    expires_at: now + Duration::hours(LINK_HOURS),
                    used_at: None,
                    created_by: by.clone(),
                },
                &actor,
            )
        })
        .await?;
    let path = format!("/sign/{token}");
    Ok(HttpResponse::Created().json(SignLink {
        url: match &state.public_url {
            Some(base) => format!("{base}{path}"),
            None => path.clone(),
        },
        path,
        expires_at: link.expires_at,
    }))
}

/// Why a link no longer works, in the customer's words.
fn usable(link: Option<SignLinkRecord>) -> Result<SignLinkRecord, AppError> {
    let link = link.ok_or_else(|| AppError::not_found("This signing link is not valid."))?;
    if link.used_at.is_some() {
        return Err(AppError::new(
            410,
            ProblemCode::LinkUsed,
            "Gone",
            "This report has already been signed with this link.",
        ));
    }
    if link.expires_at < Utc::now() {
        return Err(AppError::new(
            410,
            ProblemCode::LinkExpired,
            "Gone",
            "This signing link has expired; ask the engineer for a new one.",
        ));
    }
    Ok(link)
}

/// The report a signing link shows (no account needed).
#[utoipa::path(path = "/api/public/sign/{token}", tag = "work orders",
    responses((status = 200, body = PublicReport), (status = 404, body = ApiProblem), (status = 410, body = ApiProblem)))]
#[get("/public/sign/{token}")]
pub async fn public_report(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let link = usable(state.store.sign_link(&hash(&token))?)?;
    let wo = state.store.get::<WorkOrderRecord>(link.work_order_id)?;
    let report = state.store.get::<ReportRecord>(link.report_id)?;
    let (Some(wo), Some(report)) = (wo, report) else {
        return Err(AppError::not_found("This signing link is not valid."));
    };
    if report.meta.version != link.report_version {
        return Err(AppError::new(
            410,
            ProblemCode::LinkOutdated,
            "Gone",
            "The report changed after this link was sent; ask the engineer for a new one.",
        ));
    }
    let customer_name = state
        .store
        .get::<CustomerRecord>(wo.customer_id)?
        .map(|c| c.name)
        .unwrap_or_default();
    let amount = wo
        .quote
        .as_ref()
        .filter(|q| q.approved.is_some())
        .map(|q| q.total);
    Ok(HttpResponse::Ok().json(PublicReport {
        firm_name: state.store.settings()?.firm_name,
        work_order_number: wo.number.clone(),
        customer_name,
        engineers: wo
            .assignees
            .iter()
            .filter_map(|a| {
                state
                    .store
                    .get::<crate::store::UserRecord>(*a)
                    .ok()
                    .flatten()
                    .map(|u| u.display_name)
            })
            .collect(),
        report: report.to_wire(amount, Vec::new()),
        expires_at: link.expires_at,
    }))
}

/// The customer signs through the link: once, before it expires.
#[utoipa::path(post, path = "/api/public/sign/{token}", tag = "work orders", request_body = PublicSignInput,
    responses((status = 200, description = "Signed"), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 410, body = ApiProblem), (status = 422, body = ApiProblem)))]
pub async fn public_sign(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Json<PublicSignInput>,
) -> Result<HttpResponse, AppError> {
    let token_hash = hash(&token);
    usable(state.store.sign_link(&token_hash)?)?;
    let input = body.into_inner();
    let hours = state.store.settings()?.business_hours;
    let actor = Actor {
        id: None,
        name: "customer (signing link)".into(),
    };
    state
        .store
        .write(move |tx| {
            let key = crate::store::keys::text(&token_hash);
            let Some(link_id) = tx.find_unique::<SignLinkRecord>("by_token", &key)? else {
                return abort(rejected(Refusal::Conflict(
                    "this signing link is not valid".into(),
                )));
            };
            let mut link: SignLinkRecord = tx.require(link_id)?;
            let now = tx.now();
            if link.used_at.is_some() || link.expires_at < now {
                return abort(rejected(Refusal::Conflict(
                    "this signing link can no longer be used".into(),
                )));
            }
            let mut report: ReportRecord = tx.require(link.report_id)?;
            if report.meta.version != link.report_version {
                return abort(rejected(Refusal::Conflict(
                    "the report changed after this link was sent".into(),
                )));
            }
            let sign = SignInput {
                version: report.meta.version,
                signer_name: input.signer_name.clone(),
                strokes: input.strokes.clone(),
            };
            if let Err(r) = rules::sign(&mut report, &sign, "link", None, now) {
                return abort(rejected(r));
            }
            let v = report.meta.version;
            tx.update_audited(report, v, &actor, "sign")?;
            let wo: WorkOrderRecord = tx.require(link.work_order_id)?;
            link.used_at = Some(now);
            let v = link.meta.version;
            tx.update_audited(link, v, &actor, "use")?;
            file_report(tx, wo.request_id, &hours, &actor, now)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"signed": true})))
}
