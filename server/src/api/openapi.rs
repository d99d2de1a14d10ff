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
        super::parts::list,
        super::parts::create,
        super::parts::get_one,
        super::parts::update,
        super::stock::balances,
        super::stock::list_locations,
        super::stock::create_location,
        super::stock::list_movements,
        super::stock::create_movement,
        super::reorder::reorder_list,
        super::reorder::reorder_csv,
        super::reorder::reorder_xlsx_file,
        super::reorder::refresh_reorder,
        super::reorder::mark_ordered,
        super::stock::check,
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
        (name = "parts", description = "The spare-parts catalogue"),
        (name = "stock", description = "Stock locations, movements, balances and the reorder list"),
        (name = "import", description = "Customers, devices and parts from CSV, with a dry run (docs/IMPORT.md)"),
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

#[cfg(test)]
mod tests {
    use super::ApiDoc;
    use utoipa::OpenApi;

    /// Every route the API modules register: the `#[get("…")]`-style
    /// attributes and the `web::resource("…")…route(web::post()…)` blocks
    /// of `server/src/api/*.rs`, as (METHOD, /api/path).
    fn registered_routes() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
        let mut routes = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("server/src/api") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            for method in ["get", "post", "put", "patch", "delete"] {
                for part in text.split(&format!("#[{method}(\"")).skip(1) {
                    let route = &part[..part.find('"').expect("closing quote")];
                    if route.starts_with('/') {
                        routes.push((method.to_uppercase(), format!("/api{route}")));
                    }
                }
            }
            for part in text.split("web::resource(\"").skip(1) {
                let route = &part[..part.find('"').expect("closing quote")];
                if !route.starts_with('/') {
                    continue;
                }
                let block = part.split(".service(").next().unwrap_or(part);
                for method in ["get", "post", "put", "patch", "delete"] {
                    if block.contains(&format!("web::{method}()")) {
                        routes.push((method.to_uppercase(), format!("/api{route}")));
                    }
                }
            }
        }
        routes.sort();
        routes.dedup();
        routes
    }

    #[test]
    fn every_registered_route_is_in_the_openapi_document() {
        let doc = serde_json::to_value(ApiDoc::openapi()).expect("document");
        let paths = doc["paths"].as_object().expect("paths");
        let routes = registered_routes();
        assert!(routes.len() > 40, "found only {} routes", routes.len());
        let missing: Vec<String> = routes
            .iter()
            .filter(|(method, path)| {
                paths
                    .get(path)
                    .and_then(|item| item.get(method.to_lowercase()))
                    .is_none()
            })
            .map(|(m, p)| format!("{m} {p}"))
            .collect();
        assert!(
            missing.is_empty(),
            "registered but not in /api/openapi.json: {missing:#?}"
        );
    }

    #[test]
    fn the_document_lists_no_route_that_is_not_registered() {
        let doc = serde_json::to_value(ApiDoc::openapi()).expect("document");
        let routes = registered_routes();
        let mut extra = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for method in ["get", "post", "put", "patch", "delete"] {
                if item.get(method).is_some()
                    && !routes.contains(&(method.to_uppercase(), path.clone()))
                {
                    extra.push(format!("{method} {path}"));
                }
            }
        }
        assert!(
            extra.is_empty(),
            "documented but not registered: {extra:#?}"
        );
    }
}
