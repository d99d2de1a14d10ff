//! My personal API tokens (for scripts such as the nightly backup): made,
//! listed and revoked by their owner, signed in with a password.

use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::api_tokens as service;
use crate::store::api_tokens::ApiTokenRecord;
use actix_web::{get, post, web, HttpResponse};
use servicebook_shared::tokens::{ApiToken, CreatedApiToken, NewApiToken};
use servicebook_shared::users::VersionOnly;
use servicebook_shared::ApiProblem;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(create).service(revoke);
}

/// My tokens, newest first, revoked and expired ones included (with when).
#[utoipa::path(path = "/api/auth/tokens", tag = "auth",
    responses((status = 200, body = Vec<ApiToken>), (status = 401, body = ApiProblem), (status = 403, body = ApiProblem)))]
#[get("/auth/tokens")]
pub async fn list(state: web::Data<AppState>, session: Session) -> Result<HttpResponse, AppError> {
    session.refuse_token("list tokens")?;
    let mut tokens = state.store.api_tokens_of(session.user.meta.id)?;
    tokens.sort_by_key(|t| std::cmp::Reverse(t.meta.id));
    Ok(HttpResponse::Ok().json(
        tokens
            .iter()
            .map(ApiTokenRecord::to_wire)
            .collect::<Vec<_>>(),
    ))
}

/// Make a token: the secret is in this answer only (send it as
/// `Authorization: Bearer <secret>`). It acts with the roles named (some of
/// mine; none named: all of mine) and stops at `days`.
#[utoipa::path(path = "/api/auth/tokens", tag = "auth", request_body = NewApiToken,
    responses((status = 201, body = CreatedApiToken), (status = 403, body = ApiProblem), (status = 409, description = "Too many live tokens", body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/auth/tokens")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewApiToken>,
) -> Result<HttpResponse, AppError> {
    session.refuse_token("make tokens")?;
    let (token, secret) =
        service::create_token(&state.store, &session.caller(), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(CreatedApiToken {
        token: token.to_wire(),
        secret,
    }))
}

/// Revoke one of my tokens at its `version`: it stops working at once.
#[utoipa::path(path = "/api/auth/tokens/{id}/revoke", tag = "auth", request_body = VersionOnly,
    responses((status = 200, body = ApiToken), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/auth/tokens/{id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<VersionOnly>,
) -> Result<HttpResponse, AppError> {
    session.refuse_token("revoke tokens")?;
    let saved = service::revoke_token(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.version,
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}
