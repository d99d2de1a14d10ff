//! Sign-in, sign-out, who am I, my profile, my password.

use super::session::{check_same_origin, expired_cookie, session_cookie, AnySession, Session};
use crate::app::AppState;
use crate::domain::users as rules;
use crate::error::AppError;
use crate::store::UserRecord;
use actix_web::{get, patch, post, web, FromRequest, HttpRequest, HttpResponse};
use servicebook_shared::users::{
    FieldErrors, LoginRequest, LoginResponse, PasswordChange, ProfilePatch, SessionState, User,
    PASSWORD_MAX,
};
use servicebook_shared::ApiProblem;
use servicebook_shared::ProblemCode;
use std::time::Instant;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(login)
        .service(logout)
        .service(session_state)
        .service(me)
        .service(update_me)
        .service(change_password);
}

const WRONG: &str = "Wrong username or password.";

fn client_address(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default()
}

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
    let expires_at = chrono::DateTime::from_timestamp(exp, 0)
        .unwrap_or(now)
        .to_rfc3339();
    let body = LoginResponse {
        token: token.clone(),
        user: user.to_wire(),
        expires_at,
    };
    Ok(HttpResponse::Ok()
        .cookie(session_cookie(req, token))
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
    let LoginRequest { username, password } = body.into_inner();
    let username = username.trim().to_lowercase();
    if username.is_empty()
        || password.is_empty()
        || username.len() > 64
        || password.chars().count() > PASSWORD_MAX
    {
        return Err(AppError::unauthorized(WRONG));
    }
    let address = client_address(&req);
    if let Some(seconds) = state.limiter.locked(&username, &address, Instant::now()) {
        return Err(too_many(seconds));
    }
    let user = state.store.user_by_username(&username)?;
    let ok = state
        .hasher
        .verify(password, user.as_ref().map(|u| u.password_hash.clone()))
        .await;
    match user {
        Some(user) if ok => {
            state.limiter.succeeded(&username);
            if !user.active {
                return Err(AppError::forbidden(
                    "This account is disabled. Ask your administrator.",
                ));
            }
            tracing::info!(user = %user.username, %address, "signed in");
            signed_in(&req, &state, &user)
        }
        _ => {
            let delay = state.limiter.failed(&username, &address, Instant::now());
            tracing::warn!(%username, %address, "failed sign-in");
            actix_web::rt::time::sleep(delay).await;
            Err(AppError::unauthorized(WRONG))
        }
    }
}

/// Sign out: ends this user's sessions on every device.
#[utoipa::path(path = "/api/auth/logout", tag = "auth", responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    session: AnySession,
) -> Result<HttpResponse, AppError> {
    let s = session.0;
    let next = rules::signed_out(&s.user);
    let (version, actor) = (s.user.meta.version, s.actor());
    state
        .store
        .write(move |tx| tx.update_audited(next.clone(), version, &actor, "logout"))
        .await?;
    Ok(HttpResponse::NoContent().cookie(expired_cookie()).finish())
}

/// Whether a session is active, without failing when none is: the app asks
/// this at start-up (a 401 there would be an error in the browser console).
#[utoipa::path(path = "/api/auth/session", tag = "auth", responses((status = 200, body = SessionState)))]
#[get("/auth/session")]
pub async fn session_state(req: HttpRequest) -> HttpResponse {
    let user = AnySession::extract(&req)
        .await
        .ok()
        .map(|s| s.0.user.to_wire());
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(SessionState { user })
}

/// The signed-in user.
#[utoipa::path(path = "/api/auth/me", tag = "auth", responses((status = 200, body = User), (status = 401, body = ApiProblem)))]
#[get("/auth/me")]
pub async fn me(session: AnySession) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(session.0.user.to_wire())
}

/// Change my display name, phone or e-mail.
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
    let patch = body.into_inner();
    let next = rules::apply_profile(&session.user, &patch).map_err(AppError::fields)?;
    let actor = session.actor();
    let saved = state
        .store
        .write(move |tx| tx.update_audited(next.clone(), patch.version, &actor, "update"))
        .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

/// Change my password (also the way out of a one-time password). Ends my
/// other sessions; this one gets a fresh token.
#[utoipa::path(
    path = "/api/auth/password", tag = "auth", request_body = PasswordChange,
    responses((status = 200, body = LoginResponse), (status = 422, description = "Wrong current password or a weak new one", body = ApiProblem))
)]
#[post("/auth/password")]
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: AnySession,
    body: web::Json<PasswordChange>,
) -> Result<HttpResponse, AppError> {
    let s = session.0;
    let PasswordChange {
        current_password,
        new_password,
    } = body.into_inner();
    let address = client_address(&req);
    if let Some(seconds) = state
        .limiter
        .locked(&s.user.username, &address, Instant::now())
    {
        return Err(too_many(seconds));
    }
    let mut errors = FieldErrors::new();
    rules::check_new_password("new_password", &new_password, &s.user.username, &mut errors);
    if new_password == current_password {
        errors.insert(
            "new_password".into(),
            "must differ from the current password".into(),
        );
    }
    let ok = current_password.chars().count() <= PASSWORD_MAX
        && state
            .hasher
            .verify(current_password, Some(s.user.password_hash.clone()))
            .await;
    if !ok {
        state
            .limiter
            .failed(&s.user.username, &address, Instant::now());
        errors.insert("current_password".into(), "is wrong".into());
    }
    if !errors.is_empty() {
        return Err(AppError::fields(errors));
    }
    let hash = state
        .hasher
        .hash(new_password)
        .await
        .map_err(AppError::internal)?;
    let next = rules::with_password(&s.user, hash, false);
    let (version, actor) = (s.user.meta.version, s.actor());
    let saved = state
        .store
        .write(move |tx| tx.update_audited(next.clone(), version, &actor, "password-change"))
        .await?;
    signed_in(&req, &state, &saved)
}
