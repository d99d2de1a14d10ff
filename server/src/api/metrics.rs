//! `GET /api/metrics`: the server's metrics in the Prometheus text format,
//! for admins (a session or an API token). A `--metrics-listen` address
//! serves the same text at `/metrics` without a session, for a scraper on a
//! network the firm trusts (see docs/DEPLOY.md).

use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use actix_web::{get, web, HttpResponse};
use servicebook_shared::permissions;
use servicebook_shared::ApiProblem;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(metrics);
}

/// Request counts and latencies by route and status, the store's write
/// batches, sync latency, writer queue and size on disk, open work by state
/// and late requests.
#[utoipa::path(
    path = "/api/metrics", tag = "system",
    responses(
        (status = 200, description = "Prometheus text format 0.0.4", content_type = "text/plain"),
        (status = 403, body = ApiProblem),
    )
)]
#[get("/metrics")]
pub async fn metrics(
    state: web::Data<AppState>,
    session: Session,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::read_metrics(session.who()), "read the metrics")?;
    exposition(&state)
}

/// The metrics listener's only route: no session, the address is the guard.
pub async fn open_metrics(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    exposition(&state)
}

fn exposition(state: &AppState) -> Result<HttpResponse, AppError> {
    let text = crate::service::metrics::scrape(&state.store, &state.metrics, chrono::Utc::now())?;
    Ok(HttpResponse::Ok()
        .content_type(crate::metrics::CONTENT_TYPE)
        .insert_header(("Cache-Control", "no-store"))
        .body(text))
}
