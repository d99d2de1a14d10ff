//! The firm's settings: read by everyone signed in (the app needs the
//! business hours and rates), changed by whoever
//! `permissions::edit_settings` allows.

use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::service::settings as service;
use actix_web::{get, put, web, HttpResponse};
use servicebook_shared::permissions;
use servicebook_shared::settings::{Settings, SettingsInput};
use servicebook_shared::ApiProblem;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(get_settings).service(put_settings);
}

#[utoipa::path(path = "/api/settings", tag = "settings", responses((status = 200, body = Settings)))]
#[get("/settings")]
pub async fn get_settings(
    state: web::Data<AppState>,
    _session: Session,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(state.store.settings()?))
}

/// Replace the settings (send the `version` you read: a stale one gets 409,
/// a missing one 422). A change of the business hours, holidays, make-up
/// days or UTC offset moves the due times of the open requests at once.
#[utoipa::path(path = "/api/settings", tag = "settings", request_body = SettingsInput,
    responses((status = 200, body = Settings), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[put("/settings")]
pub async fn put_settings(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<SettingsInput>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::edit_settings(session.who()),
        "change the firm's settings",
    )?;
    let saved =
        service::update_settings(&state.store, &session.caller(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}
