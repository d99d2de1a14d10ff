//! The firm's settings.

use servicebook_shared::files::AttachedTo;
use servicebook_shared::settings::{Settings, SettingsInput};
use servicebook_shared::ApiProblem;

pub async fn get() -> Result<Settings, ApiProblem> {
    super::get("/api/settings").await
}

pub async fn update(body: &SettingsInput) -> Result<Settings, ApiProblem> {
    super::put("/api/settings", body).await
}

/// The firm's logo for printed pages: the newest image attached to the
/// settings record `firm_id`, if any.
pub async fn logo_url(firm_id: u64) -> Option<String> {
    super::files::list(AttachedTo::Firm, firm_id)
        .await
        .ok()?
        .items
        .into_iter()
        .filter(|f| f.content_type.starts_with("image/"))
        .max_by_key(|f| f.id)
        .map(|f| super::files::content_url(f.id))
}
