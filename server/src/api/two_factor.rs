//! My two-factor sign-in: set up with a QR code, turn on with a first
//! code (recovery codes shown once), turn off with the password and a code.

use super::session::AnySession;
use crate::app::AppState;
use crate::domain::labels;
use crate::error::AppError;
use crate::service::two_factor as service;
use actix_web::{post, web, HttpResponse};
use servicebook_shared::two_factor::{
    TwoFactorDisableInput, TwoFactorEnableInput, TwoFactorEnabled, TwoFactorSetup,
    TwoFactorSetupInput,
};
use servicebook_shared::users::User;
use servicebook_shared::ApiProblem;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(setup).service(enable).service(disable);
}

/// Start setting up (the password again): a new secret as a QR code for
/// the authenticator app, and as text. Nothing changes at sign-in until a
/// first code confirms it.
#[utoipa::path(path = "/api/auth/two-factor/setup", tag = "auth", request_body = TwoFactorSetupInput,
    responses((status = 200, body = TwoFactorSetup), (status = 401, body = ApiProblem), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/auth/two-factor/setup")]
pub async fn setup(
    state: web::Data<AppState>,
    session: AnySession,
    body: web::Json<TwoFactorSetupInput>,
) -> Result<HttpResponse, AppError> {
    session.0.refuse_token("set up two-factor sign-in")?;
    let (user, secret) = service::begin(
        &state.store,
        &state.hasher,
        &session.0.caller(),
        body.into_inner().password,
    )
    .await?;
    let firm_name = state.store.settings()?.firm_name;
    let issuer = if firm_name.trim().is_empty() {
        "Servicebook".to_owned()
    } else {
        firm_name
    };
    let url = crate::auth::totp::otpauth_url(&issuer, &user.username, &secret);
    let qr_svg = labels::qr_svg(&url).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok().json(TwoFactorSetup {
        secret: crate::auth::totp::base32(&secret),
        otpauth_url: url,
        qr_svg,
    }))
}

/// Turn it on with the first code the app shows; the answer holds ten
/// recovery codes, shown this once.
#[utoipa::path(path = "/api/auth/two-factor/enable", tag = "auth", request_body = TwoFactorEnableInput,
    responses((status = 200, body = TwoFactorEnabled), (status = 401, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/auth/two-factor/enable")]
pub async fn enable(
    state: web::Data<AppState>,
    session: AnySession,
    body: web::Json<TwoFactorEnableInput>,
) -> Result<HttpResponse, AppError> {
    session.0.refuse_token("turn on two-factor sign-in")?;
    let recovery_codes =
        service::enable(&state.store, &session.0.caller(), body.into_inner().code).await?;
    Ok(HttpResponse::Ok().json(TwoFactorEnabled { recovery_codes }))
}

/// Turn it off: the password and a current (or recovery) code.
#[utoipa::path(path = "/api/auth/two-factor/disable", tag = "auth", request_body = TwoFactorDisableInput,
    responses((status = 200, body = User), (status = 401, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/auth/two-factor/disable")]
pub async fn disable(
    state: web::Data<AppState>,
    session: AnySession,
    body: web::Json<TwoFactorDisableInput>,
) -> Result<HttpResponse, AppError> {
    session.0.refuse_token("turn off two-factor sign-in")?;
    let TwoFactorDisableInput { password, code } = body.into_inner();
    let saved = service::disable(
        &state.store,
        &state.hasher,
        &session.0.caller(),
        password,
        code,
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}
