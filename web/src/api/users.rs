//! Staff accounts.

use serde::Serialize;
use servicebook_shared::users::{NewUser, PasswordReset, Role, User, UserPatch, VersionOnly};
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/users` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UserQuery {
    /// Part of the username, name, phone or e-mail.
    pub q: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn list(q: &UserQuery) -> Result<Page<User>, ApiProblem> {
    super::get(&super::with_query("/api/users", q)).await
}

pub async fn get(id: u64) -> Result<User, ApiProblem> {
    super::get(&format!("/api/users/{id}")).await
}

pub async fn create(body: &NewUser) -> Result<User, ApiProblem> {
    super::post("/api/users", body).await
}

pub async fn update(id: u64, body: &UserPatch) -> Result<User, ApiProblem> {
    super::patch(&format!("/api/users/{id}"), body).await
}

pub async fn enable(id: u64, body: &VersionOnly) -> Result<User, ApiProblem> {
    super::post(&format!("/api/users/{id}/actions/enable"), body).await
}

pub async fn disable(id: u64, body: &VersionOnly) -> Result<User, ApiProblem> {
    super::post(&format!("/api/users/{id}/actions/disable"), body).await
}

pub async fn reset_password(id: u64, body: &PasswordReset) -> Result<User, ApiProblem> {
    super::post(&format!("/api/users/{id}/actions/reset-password"), body).await
}

/// Every active engineer (for pickers), by name.
pub async fn engineers() -> Result<Vec<User>, ApiProblem> {
    let mut page = list(&UserQuery {
        role: Some(Role::Engineer),
        active: Some(true),
        limit: Some(500),
        ..Default::default()
    })
    .await?
    .items;
    page.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok(page)
}

/// Everyone's display name by id (for histories that name people by id).
pub async fn names() -> Result<Vec<(u64, String)>, ApiProblem> {
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        let page = list(&UserQuery {
            limit: Some(500),
            cursor,
            ..Default::default()
        })
        .await?;
        out.extend(page.items.into_iter().map(|u| (u.id, u.display_name)));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    Ok(out)
}
