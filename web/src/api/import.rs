//! CSV import of customers and devices.

use serde::Serialize;
use servicebook_shared::import::{ImportKind, ImportReport};
use servicebook_shared::ApiProblem;

#[derive(Serialize)]
struct ImportQuery {
    dry_run: bool,
}

/// Check (`dry_run`) or import a CSV file.
pub async fn run(
    kind: ImportKind,
    dry_run: bool,
    file: &web_sys::File,
) -> Result<ImportReport, ApiProblem> {
    let kind = match kind {
        ImportKind::Customers => "customers",
        ImportKind::Devices => "devices",
        ImportKind::Parts => "parts",
    };
    super::upload(
        &super::with_query(&format!("/api/import/{kind}"), &ImportQuery { dry_run }),
        file,
    )
    .await
}
