//! Administration: the backup download.

use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use actix_web::{get, web, HttpResponse};
use servicebook_shared::permissions;
use servicebook_shared::ApiProblem;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(backup);
}

/// A consistent backup archive of the whole data directory (database and
/// attached files; never the session key) with a manifest of counts and
/// checksums. Writes pause only while the database is dumped; the download
/// is in the audit trail.
#[utoipa::path(
    path = "/api/admin/backup", tag = "admin",
    responses(
        (status = 200, description = "The archive (tar)", content_type = "application/x-tar"),
        (status = 403, body = ApiProblem),
    )
)]
#[get("/admin/backup")]
pub async fn backup(
    state: web::Data<AppState>,
    session: Session,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::backup(session.who()), "download backups")?;
    let (path, manifest) = crate::backup::archive_to_file(&state.store)
        .await
        .map_err(AppError::internal)?;
    let file = std::fs::File::open(&path).map_err(AppError::internal)?;
    let size = file.metadata().map_err(AppError::internal)?.len();
    // Unlinked now, read through the open handle, gone when the download ends.
    let _ = std::fs::remove_file(&path);
    tracing::info!(by = %session.user.username, bytes = size, records = ?manifest.counts, "backup downloaded");
    crate::service::backups::record_backup(&state.store, &session.caller(), size, manifest.counts)
        .await?;
    let body = super::stream::file_body(file);
    let name = format!(
        "servicebook-backup-{}.tar",
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    );
    Ok(HttpResponse::Ok()
        .content_type("application/x-tar")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .no_chunking(size)
        .streaming(body))
}
