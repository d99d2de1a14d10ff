//! Documents attached to records.

use serde::Serialize;
use servicebook_shared::files::{AttachedTo, FileInfo};
use servicebook_shared::{ApiProblem, Page};

#[derive(Serialize)]
struct Owner<'a> {
    record_type: AttachedTo,
    record_id: u64,
    name: Option<&'a str>,
}

/// The documents attached to one record.
pub async fn list(record_type: AttachedTo, record_id: u64) -> Result<Page<FileInfo>, ApiProblem> {
    super::get(&super::with_query(
        "/api/files",
        &Owner {
            record_type,
            record_id,
            name: None,
        },
    ))
    .await
}

/// Attach a browser file; the server judges it by its content.
pub async fn upload(
    record_type: AttachedTo,
    record_id: u64,
    file: &web_sys::File,
) -> Result<FileInfo, ApiProblem> {
    let name = file.name();
    let path = super::with_query(
        "/api/files",
        &Owner {
            record_type,
            record_id,
            name: Some(&name),
        },
    );
    super::upload(&path, file).await
}

pub async fn remove(id: u64, version: u64) -> Result<(), ApiProblem> {
    super::delete(&format!("/api/files/{id}?version={version}")).await
}

/// Where the browser downloads (or shows) a document.
pub fn content_url(id: u64) -> String {
    format!("/api/files/{id}/content")
}
