//! Administration: the backup download.

/// The backup archive: a plain link, so the browser streams it to disk
/// with the session cookie.
pub fn backup_url() -> &'static str {
    "/api/admin/backup"
}
