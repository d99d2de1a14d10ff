//! Who is calling. Handlers take a [`Session`] (or [`AnySession`]) argument
//! and check roles with [`Session::require`]: authorisation is in every
//! handler's signature and first line, never only in the app.

use crate::app::AppState;
use crate::error::AppError;
use crate::service::api_tokens;
use crate::service::Caller;
use crate::store::api_tokens::ApiTokenRecord;
use crate::store::{Actor, UserRecord};
use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::http::{header, Method};
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use servicebook_shared::permissions::Who;
use servicebook_shared::tokens::{effective_roles, TOKEN_PREFIX};
use servicebook_shared::users::Role;
use servicebook_shared::ProblemCode;

pub const SESSION_COOKIE: &str = "sb_session";
/// State-changing requests carried by the cookie must send this header with
/// this value: a cross-site form cannot, and a cross-site script would need
/// a CORS preflight that this server never grants.
pub const CSRF_HEADER: &str = "x-requested-with";
pub const CSRF_VALUE: &str = "servicebook";

/// A signed-in, active user whose password needs no change.
pub struct Session {
    /// The user; signed in with an API token, with the token's roles only.
    pub user: UserRecord,
    /// The personal API token this request came with, if any.
    pub token_id: Option<u64>,
}

/// A signed-in user who may still have to change a one-time password: only
/// for reading oneself, signing out and changing the password.
pub struct AnySession(pub Session);

impl Session {
    pub fn actor(&self) -> Actor {
        Actor::user(self.user.meta.id, &self.user.username)
    }

    pub fn is(&self, role: Role) -> bool {
        self.user.has(role)
    }

    /// The user, as the permission rules of `shared::permissions` ask.
    pub fn who(&self) -> Who<'_> {
        Who::new(self.user.meta.id, &self.user.roles)
    }

    /// The user, as a use case of `service` acts for them.
    pub fn caller(&self) -> Caller {
        Caller::of(&self.user)
    }

    /// Refuses with 403 unless `allowed` (the answer of a rule of
    /// `shared::permissions`); `what` completes "You may not …".
    pub fn allow(&self, allowed: bool, what: &str) -> Result<(), AppError> {
        if allowed {
            Ok(())
        } else {
            Err(AppError::forbidden(format!("You may not {what}.")))
        }
    }

    /// Refuses with 403 when the request came with an API token: managing
    /// tokens and passwords takes a person signed in.
    pub fn refuse_token(&self, what: &str) -> Result<(), AppError> {
        match self.token_id {
            Some(_) => Err(AppError::forbidden(format!(
                "An API token may not {what}; sign in with your password."
            ))),
            None => Ok(()),
        }
    }

    /// Refuses with 403 unless the user holds one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), AppError> {
        if roles.iter().any(|r| self.user.has(*r)) {
            Ok(())
        } else {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(AppError::forbidden(format!(
                "This needs the role {}.",
                names.join(" or ")
            )))
        }
    }
}

impl FromRequest for AnySession {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let found = authenticate(req);
        Box::pin(async move { Ok(AnySession(noted(found).await?)) })
    }
}

/// The session, once an API token's use is on record (written at most
/// hourly; see `service::api_tokens::note_use`).
async fn noted(found: Result<Found, AppError>) -> Result<Session, AppError> {
    let found = found?;
    if let Some((store, token)) = found.token {
        api_tokens::note_use(&store, &token, chrono::Utc::now()).await;
    }
    Ok(found.session)
}

/// A session, and the API token it came with (to note its use).
struct Found {
    session: Session,
    token: Option<(crate::store::Store, ApiTokenRecord)>,
}

impl FromRequest for Session {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let found = authenticate(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            noted(found)
                .await
                .and_then(|s| {
                    let must_set_up = s.token_id.is_none()
                        && state.as_ref().is_some_and(|st| {
                            // Only an admin without a second factor costs a
                            // settings read.
                            s.user.has(Role::Admin)
                                && s.user.totp.is_none()
                                && st.store.settings().is_ok_and(|f| {
                                    s.user.must_set_up_two_factor(f.require_admin_two_factor)
                                })
                        });
                    if must_set_up {
                        Err(AppError::new(
                            403,
                            ProblemCode::TwoFactorSetupRequired,
                            "Two-factor sign-in required",
                            "The firm requires admins to sign in with a second factor: set it up on your profile first (POST /api/auth/two-factor/setup).",
                        ))
                    } else if s.user.must_change_password {
                        Err(AppError::new(
                            403,
                            ProblemCode::PasswordChangeRequired,
                            "Password change required",
                            "Change your one-time password first (POST /api/auth/password).",
                        ))
                    } else {
                        Ok(s)
                    }
                })
                .map_err(Into::into)
        })
    }
}

fn authenticate(req: &HttpRequest) -> Result<Found, AppError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::internal("no app state"))?;
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(|t| t.trim().to_owned());
    let (token, via_cookie) = match bearer {
        Some(t) => (t, false),
        None => match req.cookie(SESSION_COOKIE) {
            Some(c) => (c.value().to_owned(), true),
            None => return Err(AppError::unauthorized("Sign in first.")),
        },
    };
    if via_cookie && !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        check_same_origin(req, true)?;
    }
    let expired =
        || AppError::unauthorized("Your session has ended or is not valid; sign in again.");
    if !via_cookie && token.starts_with(TOKEN_PREFIX) {
        let now = chrono::Utc::now();
        let (api_token, mut user) =
            api_tokens::recognise(&state.store, &token, now)?.ok_or_else(|| {
                AppError::unauthorized("This API token is not valid, expired or revoked.")
            })?;
        user.roles = effective_roles(&api_token.roles, &user.roles);
        return Ok(Found {
            session: Session {
                user,
                token_id: Some(api_token.meta.id),
            },
            token: Some((state.store.clone(), api_token)),
        });
    }
    let claims = state.tokens.verify(&token).ok_or_else(expired)?;
    let id = claims.user_id().ok_or_else(expired)?;
    let user = state.store.get::<UserRecord>(id)?.ok_or_else(expired)?;
    if !user.active || user.session_epoch != claims.epoch {
        return Err(expired());
    }
    Ok(Found {
        session: Session {
            user,
            token_id: None,
        },
        token: None,
    })
}

/// CSRF defence for requests that rely on the cookie: the custom header
/// (when `need_header`), and a same-origin `Origin` / `Sec-Fetch-Site`
/// when the browser sends them.
pub fn check_same_origin(req: &HttpRequest, need_header: bool) -> Result<(), AppError> {
    let refused = |why: &str| {
        AppError::new(
            403,
            ProblemCode::CrossSite,
            "Cross-site request refused",
            why.to_owned(),
        )
    };
    if need_header
        && req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) != Some(CSRF_VALUE)
    {
        return Err(refused(
            "State-changing requests must send the X-Requested-With: servicebook header.",
        ));
    }
    if let Some(site) = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
    {
        if !matches!(site, "same-origin" | "none") {
            return Err(refused("The request came from another site."));
        }
    }
    if let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        let host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
        if host != req.connection_info().host() {
            return Err(refused("The request came from another origin."));
        }
    }
    Ok(())
}

/// The session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS (as the
/// public URL or the trusted proxy says, never the client's own header).
pub fn session_cookie(req: &HttpRequest, state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(super::client::is_https(req, state))
        .path("/")
        .max_age(time::Duration::hours(crate::auth::SESSION_HOURS))
        .finish()
}

pub fn expired_cookie() -> Cookie<'static> {
    let mut c = Cookie::build(SESSION_COOKIE, "")
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/")
        .finish();
    c.make_removal();
    c
}
