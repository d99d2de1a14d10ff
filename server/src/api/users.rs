//! Staff accounts (admin). Managers and dispatchers may read them: dispatch
//! needs to see engineers and their skills.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::users::{self as service, Hashing};
use crate::store::UserRecord;
use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::permissions;
use servicebook_shared::users::{NewUser, PasswordReset, Role, User, UserPatch, VersionOnly};
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(disable)
        .service(enable)
        .service(reset_password);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UserQuery {
    /// Part of the username, name, phone or e-mail (any case).
    pub q: Option<String>,
    /// Only users holding this role.
    pub role: Option<String>,
    /// Only active (true) or disabled (false) users.
    pub active: Option<bool>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

/// Staff accounts, filtered.
#[utoipa::path(
    path = "/api/users", tag = "users", params(UserQuery),
    responses((status = 200, body = Page<User>), (status = 403, body = ApiProblem))
)]
#[get("/users")]
pub async fn list(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<UserQuery>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::list_users(session.who()), "see the staff list")?;
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let role = match query.role.as_deref().filter(|r| !r.is_empty()) {
        Some(r) => Some(
            Role::parse(r)
                .ok_or_else(|| AppError::invalid("role", format!("there is no role {r}")))?,
        ),
        None => None,
    };
    let needle = query
        .q
        .as_deref()
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let active = query.active;
    let (items, next) = state.store.list_where::<UserRecord>(cursor, limit, |u| {
        role.is_none_or(|r| u.has(r))
            && active.is_none_or(|a| u.active == a)
            && needle.as_deref().is_none_or(|n| {
                [&u.username, &u.display_name, &u.phone, &u.email]
                    .iter()
                    .any(|f| f.to_lowercase().contains(n))
            })
    })?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(UserRecord::to_wire).collect::<Vec<User>>(),
        next_cursor: paging::cursor(next),
    }))
}

/// Create a staff account; the person must change the password at first sign-in.
#[utoipa::path(
    path = "/api/users", tag = "users", request_body = NewUser,
    responses(
        (status = 201, description = "Created; Location names it", body = User),
        (status = 403, body = ApiProblem),
        (status = 409, description = "The username is taken", body = ApiProblem),
        (status = 422, body = ApiProblem),
    )
)]
#[post("/users")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewUser>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::manage_users(session.who()), "manage accounts")?;
    let saved = service::create_user(
        &state.store,
        &session.caller(),
        body.into_inner(),
        true,
        Hashing::Pool(&state.hasher),
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/users/{}", saved.meta.id)))
        .json(saved.to_wire()))
}

fn load(state: &AppState, id: u64) -> Result<UserRecord, AppError> {
    state
        .store
        .get::<UserRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no user with id {id}.")))
}

/// One staff account.
#[utoipa::path(path = "/api/users/{id}", tag = "users", responses((status = 200, body = User), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem)))]
#[get("/users/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if session.user.meta.id != id {
        session.allow(
            permissions::list_users(session.who()),
            "read other accounts",
        )?;
    }
    Ok(HttpResponse::Ok().json(load(&state, id)?.to_wire()))
}

/// Change a staff account (send the `version` you read: a stale one gets
/// 409, a missing one 422). Changing roles or `active` ends the person's
/// sessions.
#[utoipa::path(
    path = "/api/users/{id}", tag = "users", request_body = UserPatch,
    responses((status = 200, body = User), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, description = "Stale version, or the last admin", body = ApiProblem), (status = 422, body = ApiProblem))
)]
#[patch("/users/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<UserPatch>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::manage_users(session.who()), "manage accounts")?;
    let saved = service::update_user(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

/// Disable an account: its sessions end and it cannot sign in.
#[utoipa::path(path = "/api/users/{id}/actions/disable", tag = "users", request_body = VersionOnly, responses((status = 200, body = User), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/users/{id}/actions/disable")]
pub async fn disable(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<VersionOnly>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::manage_users(session.who()), "manage accounts")?;
    let saved = service::disable_user(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.version,
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

/// Enable a disabled account again.
#[utoipa::path(path = "/api/users/{id}/actions/enable", tag = "users", request_body = VersionOnly, responses((status = 200, body = User), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/users/{id}/actions/enable")]
pub async fn enable(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<VersionOnly>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::manage_users(session.who()), "manage accounts")?;
    let saved = service::enable_user(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.version,
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

/// Set a one-time password for someone who forgot theirs; they must change
/// it at their next sign-in, and their sessions end.
#[utoipa::path(
    path = "/api/users/{id}/actions/reset-password", tag = "users", request_body = PasswordReset,
    responses((status = 200, body = User), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem))
)]
#[post("/users/{id}/actions/reset-password")]
pub async fn reset_password(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<PasswordReset>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::manage_users(session.who()), "manage accounts")?;
    let PasswordReset {
        version,
        new_password,
    } = body.into_inner();
    let saved = service::reset_password(
        &state.store,
        &session.caller(),
        id.into_inner(),
        version,
        new_password,
        Hashing::Pool(&state.hasher),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}
