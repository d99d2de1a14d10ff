//! One test binary for every black-box test: each starts the real server
//! binary (see `servicebook_tests::TestServer`) and talks HTTP to it.

mod api_tokens;
mod app;
mod archive;
mod archive_use_cases;
mod auth;
mod backup;
mod board;
mod bounds;
mod demo;
mod documents;
mod durability;
mod escalation;
mod import;
mod inspection_plans;
mod inspection_templates;
mod inspection_visits;
mod kpi;
mod loaners;
mod metrics;
mod part_requests;
mod parts;
mod problems;
mod process;
mod repairs;
mod reports;
mod requests;
mod settings;
mod sign_in_abuse;
mod stock;
mod two_factor;
mod use_cases;
mod users;
mod work_orders;
