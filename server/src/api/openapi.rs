//! `GET /api/openapi.json`: the API reference, generated from the handlers'
//! annotations so it cannot drift from the code.

use actix_web::{get, web, HttpResponse};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Servicebook API",
        description = "Technical service management for small IT firms. JSON in and out; errors are RFC 9457 problem+json; lists take `limit` and `cursor` and answer `{items, next_cursor}`."
    ),
    paths(
        super::health::health,
        openapi_json,
        super::auth::login,
        super::auth::logout,
        super::auth::session_state,
        super::auth::me,
        super::auth::update_me,
        super::auth::change_password,
        super::users::list,
        super::users::create,
        super::users::get_one,
        super::users::update,
        super::users::disable,
        super::users::enable,
        super::users::reset_password,
        super::audit::list,
        super::admin::backup,
        super::customers::list,
        super::customers::create,
        super::customers::get_one,
        super::customers::update,
        super::devices::list,
        super::devices::create,
        super::devices::get_one,
        super::devices::update,
        super::devices::lookup,
        super::contracts::list,
        super::contracts::create,
        super::contracts::get_one,
        super::contracts::update,
        super::files::list,
        super::files::upload,
        super::files::get_one,
        super::files::content,
        super::files::remove,
        super::import::import,
        super::devices::qr_code,
        super::requests::list,
        super::requests::create,
        super::requests::get_one,
        super::requests::take_action,
        super::work_orders::list,
        super::work_orders::create,
        super::work_orders::get_one,
        super::work_orders::take_action,
        super::work_orders::add_step,
        super::work_orders::put_quote,
        super::work_orders::candidates,
        super::reports::get_report,
        super::reports::put_report,
        super::reports::sign,
        super::reports::revise,
        super::reports::signature_svg,
        super::sign_links::create_link,
        super::sign_links::public_report,
        super::sign_links::public_sign,
        super::settings::get_settings,
        super::settings::put_settings,
    ),
    components(schemas(servicebook_shared::ApiProblem, servicebook_shared::Health)),
    tags(
        (name = "system", description = "Health and the API reference"),
        (name = "auth", description = "Sign-in with a session cookie (browser) or `Authorization: Bearer <token>` (scripts). Requests that change something with the cookie must send `X-Requested-With: servicebook`."),
        (name = "users", description = "Staff accounts and roles"),
        (name = "audit", description = "The audit trail"),
        (name = "admin", description = "Backups"),
        (name = "customers", description = "Customers with their contacts and sites"),
        (name = "devices", description = "Devices, and warranty and contract coverage by serial number"),
        (name = "contracts", description = "Sale and maintenance contracts: scope, promises, status"),
        (name = "files", description = "Documents attached to customers, devices and contracts"),
        (name = "requests", description = "Service requests with their coverage and SLA clocks"),
        (name = "work orders", description = "Work given to engineers: dispatch, state actions, steps on site, quotes for chargeable work"),
        (name = "settings", description = "The firm's name, rates, contract-link threshold and business hours"),
        (name = "import", description = "Customers and devices from CSV, with a dry run (docs/IMPORT.md)"),
    )
)]
pub struct ApiDoc;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(openapi_json);
}

/// This document.
#[utoipa::path(path = "/api/openapi.json", tag = "system", responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
