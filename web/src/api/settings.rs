//! The firm's settings.

use servicebook_shared::settings::{Settings, SettingsInput};
use servicebook_shared::ApiProblem;

pub async fn get() -> Result<Settings, ApiProblem> {
    super::get("/api/settings").await
}

pub async fn update(body: &SettingsInput) -> Result<Settings, ApiProblem> {
    super::put("/api/settings", body).await
}
