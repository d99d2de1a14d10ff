//! Signing in and out, the session, my own account.

use servicebook_shared::users::{
    LoginRequest, LoginResponse, PasswordChange, ProfilePatch, SessionState, User,
};
use servicebook_shared::ApiProblem;

/// `GET /api/auth/session`: who is signed in, if anyone (never a 401).
pub async fn session() -> Result<SessionState, ApiProblem> {
    super::get("/api/auth/session").await
}

pub async fn login(body: &LoginRequest) -> Result<LoginResponse, ApiProblem> {
    super::post("/api/auth/login", body).await
}

pub async fn logout() -> Result<(), ApiProblem> {
    super::post_empty("/api/auth/logout").await
}

pub async fn update_me(body: &ProfilePatch) -> Result<User, ApiProblem> {
    super::patch("/api/auth/me", body).await
}

pub async fn change_password(body: &PasswordChange) -> Result<LoginResponse, ApiProblem> {
    super::post("/api/auth/password", body).await
}
