//! `GET /api/health`: answers without a session, for monitoring and the
//! app's status page.

use crate::app::AppState;
use crate::error::AppError;
use actix_web::{get, web, HttpResponse};
use servicebook_shared::Health;
use servicebook_shared::ProblemCode;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(health);
}

/// Whether the server and its store answer, and which version runs.
#[utoipa::path(
    path = "/api/health",
    tag = "system",
    responses(
        (status = 200, description = "The server is up and its store answers", body = Health),
        (status = 503, description = "The store does not answer", body = servicebook_shared::ApiProblem),
    )
)]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if let Err(e) = state.store.ping() {
        tracing::error!(error = %e, "health check: store does not answer");
        return Err(AppError::new(
            503,
            ProblemCode::Unavailable,
            "Service unavailable",
            "The store does not answer.",
        ));
    }
    let body = Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        schema_version: state.store.schema_version(),
        started_at: state.started_at,
        uptime_seconds: state.started.elapsed().as_secs(),
        durability: state.store.durability().as_str().into(),
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(body))
}
