//! Service reports, signatures and signing links (including the public
//! signing page's two calls, which need no session).

use serde::Serialize;
use servicebook_shared::reports::{
    PublicDocument, PublicSignInput, ReportInput, ServiceReport, SignInput, SignLink,
};
use servicebook_shared::{ApiProblem, ProblemCode};

/// The work order's current report.
pub async fn get(wo_id: u64) -> Result<ServiceReport, ApiProblem> {
    super::get(&format!("/api/work-orders/{wo_id}/report")).await
}

/// The current report, or `None` if none is written yet.
pub async fn find(wo_id: u64) -> Result<Option<ServiceReport>, ApiProblem> {
    match get(wo_id).await {
        Ok(r) => Ok(Some(r)),
        Err(p) if p.is(ProblemCode::NotFound) => Ok(None),
        Err(p) => Err(p),
    }
}

/// Write or replace the draft.
pub async fn save(wo_id: u64, body: &ReportInput) -> Result<ServiceReport, ApiProblem> {
    super::put(&format!("/api/work-orders/{wo_id}/report"), body).await
}

/// The customer signs on the engineer's device.
pub async fn sign(wo_id: u64, body: &SignInput) -> Result<ServiceReport, ApiProblem> {
    super::post(&format!("/api/work-orders/{wo_id}/report/sign"), body).await
}

/// Start a correction of a signed report (a new revision).
pub async fn revise(wo_id: u64, version: u64) -> Result<ServiceReport, ApiProblem> {
    super::post(
        &format!("/api/work-orders/{wo_id}/report/revisions"),
        &servicebook_shared::users::VersionOnly { version },
    )
    .await
}

/// A one-time link for the customer to sign on their own phone.
pub async fn sign_link(wo_id: u64) -> Result<SignLink, ApiProblem> {
    super::post_empty(&format!("/api/work-orders/{wo_id}/report/sign-link")).await
}

#[derive(Serialize)]
struct RevisionQuery {
    report_id: u64,
}

/// The signature image of one revision.
pub fn signature_url(wo_id: u64, report_id: u64) -> String {
    super::with_query(
        &format!("/api/work-orders/{wo_id}/report/signature.svg"),
        &RevisionQuery { report_id },
    )
}

/// The document a signing link shows (no session needed): a service
/// report, or a loaner's receipt or return.
pub async fn public_get(token: &str) -> Result<PublicDocument, ApiProblem> {
    super::get(&format!(
        "/api/public/sign/{}",
        js_sys::encode_uri_component(token)
    ))
    .await
}

/// The customer signs through the link.
pub async fn public_sign(token: &str, body: &PublicSignInput) -> Result<(), ApiProblem> {
    super::post::<_, serde_json::Value>(
        &format!("/api/public/sign/{}", js_sys::encode_uri_component(token)),
        body,
    )
    .await
    .map(drop)
}
