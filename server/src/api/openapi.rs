//! `GET /api/openapi.json`: the API reference, generated from the handlers'
//! annotations so it cannot drift from the code.

use actix_web::{get, web, HttpResponse};
use servicebook_shared::problem::PROBLEM_JSON;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Servicebook API",
        description = "Technical service management for small IT firms. JSON in and out; errors are RFC 9457 problem+json; lists take `limit` and `cursor` and answer `{items, next_cursor}`."
    ),
    paths(
        super::health::health,
        super::metrics::metrics,
        openapi_json,
        super::auth::login,
        super::auth::logout,
        super::auth::session_state,
        super::auth::me,
        super::auth::update_me,
        super::auth::change_password,
        super::api_tokens::list,
        super::api_tokens::create,
        super::api_tokens::revoke,
        super::two_factor::setup,
        super::two_factor::enable,
        super::two_factor::disable,
        super::users::list,
        super::users::create,
        super::users::get_one,
        super::users::update,
        super::users::disable,
        super::users::enable,
        super::users::reset_password,
        super::audit::list,
        super::audit::records,
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
        super::loaners::list,
        super::loaners::create,
        super::loaners::get_one,
        super::loaners::update,
        super::loaners::history,
        super::loans::list,
        super::loans::create,
        super::loans::get_one,
        super::loans::take_back,
        super::loans::sign,
        super::loans::create_link,
        super::loans::signature_svg,
        super::settings::get_settings,
        super::settings::put_settings,
        super::repairs::list,
        super::repairs::create,
        super::repairs::get_one,
        super::repairs::take_action,
        super::repairs::put_sheet,
        super::repairs::voucher_qr,
        super::parts::list,
        super::parts::create,
        super::parts::get_one,
        super::parts::update,
        super::stock::balances,
        super::stock::list_locations,
        super::stock::create_location,
        super::stock::list_movements,
        super::stock::create_movement,
        super::list_exports::requests_export,
        super::list_exports::work_orders_export,
        super::list_exports::customers_export,
        super::list_exports::devices_export,
        super::list_exports::contracts_export,
        super::feedback_exports::complaints_export,
        super::feedback_exports::surveys_export,
        super::work_logs::get_weekly,
        super::work_logs::save,
        super::work_logs::submit,
        super::work_logs::status,
        super::work_summaries::weekly_record,
        super::work_summaries::monthly,
        super::reorder::reorder_list,
        super::reorder::reorder_csv,
        super::reorder::reorder_xlsx_file,
        super::reorder::refresh_reorder,
        super::reorder::mark_ordered,
        super::stock::check,
        super::inspection_templates::list,
        super::inspection_templates::list_examples,
        super::inspection_templates::create,
        super::inspection_templates::get_one,
        super::inspection_templates::revisions,
        super::inspection_templates::revise,
        super::inspection_templates::set_status,
        super::inspection_plans::list_schedules,
        super::inspection_plans::create_schedule,
        super::inspection_plans::update_schedule,
        super::inspection_plans::schedule_visits,
        super::inspection_plans::due,
        super::inspection_visits::get_one,
        super::inspection_visits::dispatch,
        super::inspection_visits::record_device,
        super::inspection_visits::open_finding,
        super::inspection_visits::sign,
        super::inspection_visits::sign_link,
        super::inspection_visits::signature_svg,
        super::inspection_visits::readings,
        super::inspection_visits::device_visits,
        super::inspection_visits::compliance,
        super::kpi::report,
        super::kpi::trend,
        super::kpi::requests,
        super::kpi::requests_export,
        super::part_requests::list,
        super::part_requests::create,
        super::part_requests::get_one,
        super::part_requests::approve,
        super::part_requests::reject,
        super::part_requests::issue,
        super::part_requests::receive,
        super::part_requests::cancel,
        super::part_requests::work_order_parts,
        super::part_requests::return_parts,
        super::part_requests::use_on_repair,
        super::complaints::list,
        super::complaints::create,
        super::complaints::get_one,
        super::complaints::acknowledge,
        super::complaints::close,
        super::complaints::counts,
        super::complaints::people,
        super::surveys::list,
        super::surveys::stats,
        super::surveys::get_one,
        super::surveys::make_link,
        super::surveys::call,
        super::surveys::public_get,
        super::surveys::public_answer,
        super::follow_ups::list,
        super::follow_ups::get_one,
        super::follow_ups::add_call,
        super::follow_ups::reopen,
        super::follow_ups::close,
    ),
    components(schemas(servicebook_shared::ApiProblem, servicebook_shared::Health)),
    tags(
        (name = "system", description = "Health, metrics and the API reference"),
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
        (name = "loaners", description = "Loaner units (备机): the pool, loans against the customer's signed receipt, returns, the overdue list"),
        (name = "settings", description = "The firm's name, rates, contract-link threshold and business hours"),
        (name = "repairs", description = "Repair intake (送修): accessories, coverage at intake, quote approval, the repair record, pickup against the claim voucher"),
        (name = "parts", description = "The spare-parts catalogue"),
        (name = "inspections", description = "Routine inspections (服务例检/巡检): checklist standards with readings and thresholds, revised by new revisions"),
        (name = "stock", description = "Stock locations, movements, balances and the reorder list"),
        (name = "complaints", description = "Complaints (投诉): logged from a customer or sales, linked to the request and the staff concerned, acknowledged and closed by the manager against their own clocks, counted per person"),
        (name = "surveys", description = "Satisfaction surveys (客户现场服务反馈表): links without a login, answers taken on calls, the response rate, and follow-ups of poor scores"),
        (name = "kpi", description = "KPIs over a period for the firm, an engineer, a customer or a contract, their weekly trend, and the requests behind each figure"),
        (name = "import", description = "Customers, devices and parts from CSV, with a dry run (docs/IMPORT.md)"),
        (name = "weekly reports", description = "Engineers' weekly reports (工作周报): drafted from the week's records, notes, submission by the firm's deadline, who has not submitted"),
        (name = "work summaries", description = "The weekly record (周工作记录) and the monthly project summary (月项目汇总表), as JSON, CSV or XLSX"),
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
    HttpResponse::Ok().json(document())
}

/// The problems any operation may answer with, whatever its handler
/// declares: bad JSON or parameters, no or an ended session, a role that
/// may not, an unknown id, a stale version or a state that forbids it, a
/// body too large or of the wrong type, throttling, and the server's own
/// failures. All are problem+json.
const COMMON_PROBLEMS: &[(&str, &str)] = &[
    (
        "400",
        "The request could not be read (bad JSON, query or path)",
    ),
    ("401", "No session, or it has ended"),
    ("403", "Not allowed for this user, or refused as cross-site"),
    ("404", "No such record or endpoint"),
    (
        "409",
        "A stale version, a duplicate, or not allowed in the current state",
    ),
    ("413", "The body is too large"),
    ("415", "The body's content type is not accepted"),
    ("422", "Invalid input, field by field"),
    ("429", "Too many attempts: wait as Retry-After says"),
    ("500", "The server failed (nothing internal is told)"),
    ("503", "Shutting down, or the store is not available"),
];

/// The document as served: the handlers' annotations, with every error
/// response under its real media type (`application/problem+json`) and the
/// problems every operation can answer with listed on each, so a client
/// generated from it, or a conformance checker, finds no surprise.
pub fn document() -> serde_json::Value {
    use serde_json::{json, Value};
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    let problem = json!({"schema": {"$ref": "#/components/schemas/ApiProblem"}});
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return doc;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !matches!(method.as_str(), "get" | "post" | "put" | "patch" | "delete") {
                continue;
            }
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                continue;
            };
            for response in responses.values_mut() {
                let Some(content) = response.get_mut("content").and_then(Value::as_object_mut)
                else {
                    continue;
                };
                let is_problem = content.get("application/json").is_some_and(|c| {
                    c.pointer("/schema/$ref")
                        .and_then(Value::as_str)
                        .is_some_and(|r| r.ends_with("/ApiProblem"))
                });
                if is_problem {
                    if let Some(c) = content.remove("application/json") {
                        content.insert(PROBLEM_JSON.to_owned(), c);
                    }
                }
            }
            for (status, description) in COMMON_PROBLEMS {
                responses.entry(*status).or_insert_with(|| {
                    json!({"description": description, "content": {PROBLEM_JSON: problem.clone()}})
                });
            }
        }
    }
    doc
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

    #[test]
    fn every_error_is_documented_as_problem_json_on_every_operation() {
        let doc = super::document();
        let mut operations = 0;
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                operations += 1;
                let responses = op["responses"].as_object().expect("responses");
                for status in ["400", "401", "403", "404", "422", "500"] {
                    assert!(responses.contains_key(status), "{method} {path}: {status}");
                }
                for (status, r) in responses {
                    let ref_in_json = r
                        .pointer("/content/application~1json/schema/$ref")
                        .and_then(|v| v.as_str())
                        .unwrap_or("");
                    assert!(
                        !ref_in_json.ends_with("ApiProblem"),
                        "{method} {path} {status}: a problem as application/json"
                    );
                }
            }
        }
        assert!(operations > 60, "{operations}");
    }
}
