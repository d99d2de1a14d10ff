//! The firm's settings: read by everyone signed in (the app needs the
//! business hours and rates), changed by an admin or a manager.

use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::store::SettingsRecord;
use actix_web::{get, put, web, HttpResponse};
use servicebook_shared::settings::{check, Settings, SettingsInput};
use servicebook_shared::users::Role;
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

/// Replace the settings (send the `version` you read: a stale one gets 409).
#[utoipa::path(path = "/api/settings", tag = "settings", request_body = SettingsInput,
    responses((status = 200, body = Settings), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[put("/settings")]
pub async fn put_settings(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<SettingsInput>,
) -> Result<HttpResponse, AppError> {
    session.require(&[Role::Admin, Role::Manager])?;
    let input = body.into_inner();
    let e = check(&input);
    if !e.is_empty() {
        return Err(AppError::fields(e));
    }
    let current = state.store.settings_record()?;
    let actor = session.actor();
    let version = input.version;
    let record = SettingsRecord::from_wire(Settings {
        id: 0,
        version,
        firm_name: input.firm_name.trim().to_owned(),
        hourly_rate: input.hourly_rate,
        travel_fee: input.travel_fee,
        contract_link_threshold: input.contract_link_threshold,
        business_hours: input.business_hours,
    });
    let saved = state
        .store
        .write(move |tx| match &current {
            Some(c) => {
                let mut r = record.clone();
                r.meta.id = c.meta.id;
                tx.update_audited(r, version, &actor, "update")
            }
            None => tx.insert_audited(record.clone(), &actor),
        })
        .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}
