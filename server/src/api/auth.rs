//! Sign-in, sign-out, who am I, my profile, my password.

use super::session::{check_same_origin, expired_cookie, session_cookie, AnySession, Session};
use crate::app::AppState;
use crate::error::AppError;
use crate::service::auth::{self as service, AuthRefusal};
use crate::store::UserRecord;
use actix_web::{get, patch, post, web, FromRequest, HttpRequest, HttpResponse};
use servicebook_shared::users::{
    LoginRequest, LoginResponse, PasswordChange, ProfilePatch, SessionState, User,
};
use servicebook_shared::ApiProblem;
use servicebook_shared::ProblemCode;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(login)
        .service(logout)
        .service(session_state)
        .service(me)
        .service(update_me)
        .service(change_password);
}

const WRONG: &str = "Wrong username or password.";

fn too_many(seconds: u64) -> AppError {
    let mut e = AppError::new(
        429,
        ProblemCode::TooManyAttempts,
        "Too many failed sign-ins",
        format!(
            "Too many failed sign-ins. Try again in {} minutes.",
            seconds.div_ceil(60)
        ),
    );
    e.retry_after = Some(seconds);
    e
}

/// The user as they see themselves: with whether the firm makes them set
/// up two-factor sign-in before anything else.
fn own_view(state: &AppState, user: &UserRecord) -> Result<User, AppError> {
    let mut wire = user.to_wire();
    wire.must_set_up_two_factor =
        user.must_set_up_two_factor(state.store.settings()?.require_admin_two_factor);
    Ok(wire)
}

/// A session for `user`: the token in the body and in the cookie.
fn signed_in(
    req: &HttpRequest,
    state: &AppState,
    user: &UserRecord,
) -> Result<HttpResponse, AppError> {
    let now = chrono::Utc::now();
    let (token, exp) = state
        .tokens
        .issue(user.meta.id, user.session_epoch, now.timestamp())
        .map_err(AppError::internal)?;
    let expires_at = chrono::DateTime::from_timestamp(exp, 0).unwrap_or(now);
    let body = LoginResponse {
        token: token.clone(),
        user: own_view(state, user)?,
        expires_at,
    };
    Ok(HttpResponse::Ok()
        .cookie(session_cookie(req, state, token))
        .insert_header(("Cache-Control", "no-store"))
        .json(body))
}

/// Sign in. Failed attempts are slowed down and then refused for a while
/// (429 with Retry-After), per username and per client address.
#[utoipa::path(
    path = "/api/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = LoginResponse),
        (status = 401, description = "Wrong username or password", body = ApiProblem),
        (status = 403, description = "The account is disabled", body = ApiProblem),
        (status = 429, description = "Too many failed attempts", body = ApiProblem),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    check_same_origin(&req, false)?;
    let LoginRequest {
        username,
        password,
        code,
    } = body.into_inner();
    let address = super::client::address(&req, &state);
    let user = service::sign_in(
        &state.store,
        guard(&state, &address),
        &username,
        password,
        code,
    )
    .await
    .map_err(refused)?;
    signed_in(&req, &state, &user)
}

fn guard<'a>(state: &'a AppState, address: &'a str) -> service::Guard<'a> {
    service::Guard {
        hasher: &state.hasher,
        limiter: &state.limiter,
        address,
    }
}

fn refused(r: AuthRefusal) -> AppError {
    match r {
        AuthRefusal::Wrong => AppError::unauthorized(WRONG),
        AuthRefusal::Disabled => {
            AppError::forbidden("This account is disabled. Ask your administrator.")
        }
        AuthRefusal::TooMany(seconds) => too_many(seconds),
        AuthRefusal::SecondFactor => AppError::new(
            401,
            ProblemCode::SecondFactorRequired,
            "Code required",
            "Enter the 6-digit code from your authenticator app (or a recovery code).",
        ),
        AuthRefusal::Store(e) => e.into(),
    }
}

/// Sign out: ends this user's sessions on every device.
#[utoipa::path(path = "/api/auth/logout", tag = "auth", responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    session: AnySession,
) -> Result<HttpResponse, AppError> {
    session.0.refuse_token("sign out sessions")?;
    service::sign_out(&state.store, &session.0.caller()).await?;
    Ok(HttpResponse::NoContent().cookie(expired_cookie()).finish())
}

/// Whether a session is active, without failing when none is: the app asks
/// this at start-up (a 401 there would be an error in the browser console).
#[utoipa::path(path = "/api/auth/session", tag = "auth", responses((status = 200, body = SessionState)))]
#[get("/auth/session")]
pub async fn session_state(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let user = match AnySession::extract(&req).await.ok() {
        Some(s) => Some(own_view(&state, &s.0.user)?),
        None => None,
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(SessionState { user }))
}

/// The signed-in user.
#[utoipa::path(path = "/api/auth/me", tag = "auth", responses((status = 200, body = User), (status = 401, body = ApiProblem)))]
#[get("/auth/me")]
pub async fn me(state: web::Data<AppState>, session: AnySession) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(own_view(&state, &session.0.user)?))
}

/// Change my display name, phone or e-mail (send the `version` you read:
/// a stale one gets 409, a missing one 422).
#[utoipa::path(
    path = "/api/auth/me", tag = "auth", request_body = ProfilePatch,
    responses((status = 200, body = User), (status = 409, description = "Changed meanwhile", body = ApiProblem), (status = 422, body = ApiProblem))
)]
#[patch("/auth/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<ProfilePatch>,
) -> Result<HttpResponse, AppError> {
    let saved = service::update_profile(&state.store, &session.caller(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

/// Change my password (also the way out of a one-time password). Ends my
/// other sessions; this one gets a fresh token.
#[utoipa::path(
    path = "/api/auth/password", tag = "auth", request_body = PasswordChange,
    responses((status = 200, body = LoginResponse), (status = 422, description = "Wrong current password or a weak new one", body = ApiProblem), (status = 429, body = ApiProblem))
)]
#[post("/auth/password")]
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: AnySession,
    body: web::Json<PasswordChange>,
) -> Result<HttpResponse, AppError> {
    session.0.refuse_token("change the password")?;
    let PasswordChange {
        current_password,
        new_password,
    } = body.into_inner();
    let address = super::client::address(&req, &state);
    let saved = service::change_password(
        &state.store,
        &session.0.caller(),
        guard(&state, &address),
        current_password,
        new_password,
    )
    .await
    .map_err(refused)?;
    signed_in(&req, &state, &saved)
}
