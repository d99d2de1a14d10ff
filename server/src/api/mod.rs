//! The JSON API under `/api`: one module per resource, each registering its
//! own routes. Handlers parse, authorise and map errors; rules live in
//! `domain`, storage in `store`.

pub mod admin;
pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod client;
pub mod complaints;
pub mod contracts;
pub mod customers;
pub mod devices;
pub mod export;
pub mod feedback_exports;
pub mod files;
pub mod follow_ups;
pub mod health;
pub mod import;
pub mod inspection_plans;
pub mod inspection_templates;
pub mod inspection_visits;
pub mod kpi;
pub mod list_exports;
pub mod loaners;
pub mod loans;
pub mod metrics;
pub mod openapi;
pub mod paging;
pub mod part_requests;
pub mod parts;
pub mod reorder;
pub mod reorder_export;
pub mod repairs;
pub mod reports;
pub mod requests;
pub mod session;
pub mod settings;
pub mod sign_links;
pub mod stock;
pub mod stream;
pub mod surveys;
pub mod two_factor;
pub mod users;
pub mod work_logs;
pub mod work_orders;
pub mod work_summaries;

use crate::error::{json_error, path_error, query_error, AppError};
use actix_web::web;

/// Largest JSON body accepted: records are small; files go through uploads.
pub const JSON_LIMIT: usize = 64 * 1024;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(JSON_LIMIT)
            .error_handler(json_error),
    )
    .app_data(web::QueryConfig::default().error_handler(query_error))
    .app_data(web::PathConfig::default().error_handler(path_error))
    .configure(health::routes)
    .configure(metrics::routes)
    .configure(auth::routes)
    .configure(api_tokens::routes)
    .configure(two_factor::routes)
    .configure(users::routes)
    .configure(audit::routes)
    .configure(admin::routes)
    .configure(list_exports::routes)
    .configure(feedback_exports::routes)
    .configure(customers::routes)
    .configure(devices::routes)
    .configure(contracts::routes)
    .configure(files::routes)
    .configure(import::routes)
    .configure(requests::routes)
    .configure(work_orders::routes)
    .configure(work_logs::routes)
    .configure(work_summaries::routes)
    .configure(reports::routes)
    .configure(sign_links::routes)
    .configure(loans::routes)
    .configure(loaners::routes)
    .configure(settings::routes)
    .configure(repairs::routes)
    .configure(parts::routes)
    .configure(stock::routes)
    .configure(part_requests::routes)
    .configure(reorder::routes)
    .configure(inspection_templates::routes)
    .configure(inspection_plans::routes)
    .configure(inspection_visits::routes)
    .configure(complaints::routes)
    .configure(surveys::routes)
    .configure(follow_ups::routes)
    .configure(kpi::routes)
    .configure(openapi::routes);
}

/// Unknown paths under `/api` are a problem+json 404, never the app's
/// index.html.
pub async fn unknown_endpoint() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::not_found("There is no such API endpoint."))
}
