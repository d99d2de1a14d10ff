//! Signing in and out, the session, my own account.

use servicebook_shared::tokens::{ApiToken, CreatedApiToken, NewApiToken};
use servicebook_shared::two_factor::{
    TwoFactorDisableInput, TwoFactorEnableInput, TwoFactorEnabled, TwoFactorSetup,
    TwoFactorSetupInput,
};
use servicebook_shared::users::{
    LoginRequest, LoginResponse, PasswordChange, ProfilePatch, SessionState, User, VersionOnly,
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

/// `GET /api/auth/tokens`: my personal API tokens.
pub async fn tokens() -> Result<Vec<ApiToken>, ApiProblem> {
    super::get("/api/auth/tokens").await
}

pub async fn create_token(body: &NewApiToken) -> Result<CreatedApiToken, ApiProblem> {
    super::post("/api/auth/tokens", body).await
}

pub async fn revoke_token(id: u64, version: u64) -> Result<ApiToken, ApiProblem> {
    super::post(
        &format!("/api/auth/tokens/{id}/revoke"),
        &VersionOnly { version },
    )
    .await
}

pub async fn two_factor_setup(body: &TwoFactorSetupInput) -> Result<TwoFactorSetup, ApiProblem> {
    super::post("/api/auth/two-factor/setup", body).await
}

pub async fn two_factor_enable(
    body: &TwoFactorEnableInput,
) -> Result<TwoFactorEnabled, ApiProblem> {
    super::post("/api/auth/two-factor/enable", body).await
}

pub async fn two_factor_disable(body: &TwoFactorDisableInput) -> Result<User, ApiProblem> {
    super::post("/api/auth/two-factor/disable", body).await
}
