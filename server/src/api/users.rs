//! Staff accounts (admin). Managers and dispatchers may read them: dispatch
//! needs to see engineers and their skills.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::domain::users as rules;
use crate::error::AppError;
use crate::store::{Rejection, StoreError, UserRecord};
use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::users::{NewUser, PasswordReset, Role, User, UserPatch, VersionOnly};
use servicebook_shared::ProblemCode;
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

const READERS: &[Role] = &[Role::Admin, Role::Manager, Role::Dispatcher];

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
    session.require(READERS)?;
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
    session.require(&[Role::Admin])?;
    let mut input = body.into_inner();
    input.username = input.username.trim().to_owned();
    rules::validate_new(&input).map_err(AppError::fields)?;
    let hash = state
        .hasher
        .hash(input.password.clone())
        .await
        .map_err(AppError::internal)?;
    let record = rules::new_record(input, hash, true);
    let actor = session.actor();
    let saved = state
        .store
        .write(move |tx| tx.insert_audited(record.clone(), &actor))
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
#[utoipa::path(path = "/api/users/{id}", tag = "users", responses((status = 200, body = User), (status = 404, body = ApiProblem)))]
#[get("/users/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if session.user.meta.id != id {
        session.require(READERS)?;
    }
    Ok(HttpResponse::Ok().json(load(&state, id)?.to_wire()))
}

/// Writes `next` (a changed version of user `id`) unless that would leave
/// no active admin; checked inside the write so two admins cannot disable
/// each other at once.
async fn save(
    state: &AppState,
    session: &Session,
    next: UserRecord,
    version: u64,
    action: &'static str,
) -> Result<UserRecord, AppError> {
    let admins = state.store.user_ids_with_role(Role::Admin)?;
    let actor = session.actor();
    let saved = state
        .store
        .write(move |tx| {
            let mut current = Vec::new();
            for id in &admins {
                if let Some(u) = tx.get::<UserRecord>(*id)? {
                    current.push(u);
                }
            }
            if !rules::keeps_an_admin(&current, &next) {
                return crate::store::abort(StoreError::Rejected(Rejection {
                    status: 409,
                    code: ProblemCode::LastAdmin,
                    message: "At least one active admin must remain.".into(),
                    fields: Default::default(),
                }));
            }
            tx.update_audited(next.clone(), version, &actor, action)
        })
        .await?;
    Ok(saved)
}

/// Change a staff account (send its `version`). Changing roles or `active`
/// ends the person's sessions.
#[utoipa::path(
    path = "/api/users/{id}", tag = "users", request_body = UserPatch,
    responses((status = 200, body = User), (status = 409, description = "Stale version, or the last admin", body = ApiProblem), (status = 422, body = ApiProblem))
)]
#[patch("/users/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<UserPatch>,
) -> Result<HttpResponse, AppError> {
    session.require(&[Role::Admin])?;
    let current = load(&state, id.into_inner())?;
    let patch = body.into_inner();
    let next = rules::apply_patch(&current, &patch).map_err(AppError::fields)?;
    Ok(HttpResponse::Ok().json(
        save(&state, &session, next, patch.version, "update")
            .await?
            .to_wire(),
    ))
}

async fn set_active(
    state: web::Data<AppState>,
    session: Session,
    id: u64,
    version: u64,
    active: bool,
) -> Result<HttpResponse, AppError> {
    session.require(&[Role::Admin])?;
    let current = load(&state, id)?;
    let patch = UserPatch {
        version,
        active: Some(active),
        ..Default::default()
    };
    let next = rules::apply_patch(&current, &patch).map_err(AppError::fields)?;
    let action = if active { "enable" } else { "disable" };
    Ok(HttpResponse::Ok().json(
        save(&state, &session, next, version, action)
            .await?
            .to_wire(),
    ))
}

/// Disable an account: its sessions end and it cannot sign in.
#[utoipa::path(path = "/api/users/{id}/actions/disable", tag = "users", request_body = VersionOnly, responses((status = 200, body = User), (status = 409, body = ApiProblem)))]
#[post("/users/{id}/actions/disable")]
pub async fn disable(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<VersionOnly>,
) -> Result<HttpResponse, AppError> {
    set_active(state, session, id.into_inner(), body.version, false).await
}

/// Enable a disabled account again.
#[utoipa::path(path = "/api/users/{id}/actions/enable", tag = "users", request_body = VersionOnly, responses((status = 200, body = User), (status = 409, body = ApiProblem)))]
#[post("/users/{id}/actions/enable")]
pub async fn enable(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<VersionOnly>,
) -> Result<HttpResponse, AppError> {
    set_active(state, session, id.into_inner(), body.version, true).await
}

/// Set a one-time password for someone who forgot theirs; they must change
/// it at their next sign-in, and their sessions end.
#[utoipa::path(
    path = "/api/users/{id}/actions/reset-password", tag = "users", request_body = PasswordReset,
    responses((status = 200, body = User), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem))
)]
#[post("/users/{id}/actions/reset-password")]
pub async fn reset_password(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<PasswordReset>,
) -> Result<HttpResponse, AppError> {
    session.require(&[Role::Admin])?;
    let current = load(&state, id.into_inner())?;
    let PasswordReset {
        version,
        new_password,
    } = body.into_inner();
    let mut errors = Default::default();
    rules::check_new_password(
        "new_password",
        &new_password,
        &current.username,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(AppError::fields(errors));
    }
    let hash = state
        .hasher
        .hash(new_password)
        .await
        .map_err(AppError::internal)?;
    let next = rules::with_password(&current, hash, true);
    Ok(HttpResponse::Ok().json(
        save(&state, &session, next, version, "password-reset")
            .await?
            .to_wire(),
    ))
}
