//! Signing at a distance: the engineer sends the customer a one-time link;
//! the customer opens it on their own phone without an account, reads the
//! document (a service report, or a loaner's receipt or return) and signs.
//! The link expires, works once, and a report's dies if the report is
//! edited after it was sent. Loans send their links from `api/loans.rs`.

use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::reports::SIGN_LIMIT;
use crate::service::requests::At;
use crate::service::settings as firm;
use crate::service::sign_links::{self as service, hash, usable, NewLink};
use crate::store::loans::LoanRecord;
use crate::store::reports::ReportRecord;
use crate::store::{CustomerRecord, WorkOrderRecord};
use actix_web::{get, post, web, HttpResponse};
use chrono::Utc;
use servicebook_shared::loaners::PublicLoan;
use servicebook_shared::part_requests::charged_amount;
use servicebook_shared::permissions;
use servicebook_shared::reports::{
    PublicDocument, PublicInspection, PublicReport, PublicSignInput, SignLink,
};
use servicebook_shared::ApiProblem;
use servicebook_shared::ProblemCode;

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

/// Send the customer a link to sign the current report on their phone:
/// whoever may write the report (its engineers, or a manager).
#[utoipa::path(path = "/api/work-orders/{id}/report/sign-link", tag = "work orders",
    responses((status = 201, body = SignLink), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem)))]
#[post("/work-orders/{id}/report/sign-link")]
pub async fn create_link(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::write_report(session.who(), true),
        "send reports for signature",
    )?;
    let made =
        service::create_link(&state.store, &session.caller(), id.into_inner(), At::Now).await?;
    Ok(HttpResponse::Created().json(link_of(&state, &made)))
}

/// The link to send: absolute when the server knows its public address.
pub(super) fn link_of(state: &AppState, made: &NewLink) -> SignLink {
    let path = format!("/sign/{}", made.token);
    SignLink {
        url: match &state.public_url {
            Some(base) => format!("{base}{path}"),
            None => path.clone(),
        },
        path,
        expires_at: made.link.expires_at,
    }
}

/// The document a signing link shows (no account needed): `kind` says
/// whether it is a service report or a loaner's receipt or return.
#[utoipa::path(path = "/api/public/sign/{token}", tag = "work orders",
    responses((status = 200, body = PublicDocument), (status = 404, body = ApiProblem), (status = 410, body = ApiProblem)))]
#[get("/public/sign/{token}")]
pub async fn public_report(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let link = usable(state.store.sign_link(&hash(&token))?, Utc::now())?;
    if let Some(target) = &link.loan {
        let loan = state
            .store
            .get::<LoanRecord>(target.loan_id)?
            .ok_or_else(|| AppError::not_found("This signing link is not valid."))?;
        return Ok(
            HttpResponse::Ok().json(PublicDocument::Loan(Box::new(PublicLoan {
                firm_name: state.store.settings()?.firm_name,
                stage: target.stage,
                loan: loan.to_wire(firm::today(&state.store)?),
                expires_at: link.expires_at,
            }))),
        );
    }
    if let Some(visit_id) = link.visit_id {
        let visit = state
            .store
            .get::<crate::store::VisitRecord>(visit_id)?
            .ok_or_else(|| AppError::not_found("This signing link is not valid."))?;
        if visit.meta.version != link.report_version {
            return Err(AppError::new(
                410,
                ProblemCode::LinkOutdated,
                "Gone",
                "The inspection changed after this link was sent; ask the engineer for a new one.",
            ));
        }
        return Ok(HttpResponse::Ok().json(PublicDocument::Inspection(Box::new(
            PublicInspection {
                firm_name: state.store.settings()?.firm_name,
                visit: crate::service::inspection_visits::view(&state.store, &visit)?,
                expires_at: link.expires_at,
            },
        ))));
    }
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
        .map(|q| charged_amount(q.total, q.parts_amount, &report.parts));
    Ok(
        HttpResponse::Ok().json(PublicDocument::Report(Box::new(PublicReport {
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
        }))),
    )
}

/// The customer signs through the link (a report, or a loan's receipt or
/// return): once, before it expires.
#[utoipa::path(post, path = "/api/public/sign/{token}", tag = "work orders", request_body = PublicSignInput,
    responses((status = 200, description = "Signed"), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 410, body = ApiProblem), (status = 422, body = ApiProblem)))]
pub async fn public_sign(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Json<PublicSignInput>,
) -> Result<HttpResponse, AppError> {
    service::sign_through_link(&state.store, &token, body.into_inner(), At::Now).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"signed": true})))
}
