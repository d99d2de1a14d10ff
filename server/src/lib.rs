//! Servicebook's server: the HTTP API, the embedded browser app and the
//! store, as a library so that the binary and the tests build the same app.

pub mod api;
pub mod app;
pub mod assets;
pub mod auth;
pub mod backup;
pub mod bootstrap;
pub mod cli;
pub mod demo;
pub mod demo_complaints;
pub mod demo_inspection_visits;
pub mod demo_inspections;
pub mod demo_kpi;
pub mod demo_loaners;
pub mod demo_part_requests;
pub mod demo_repairs;
pub mod demo_service;
pub mod demo_stock;
pub mod demo_surveys;
pub mod demo_work_logs;
pub mod domain;
pub mod error;
pub mod http;
pub mod json_path;
pub mod metrics;
pub mod serve;
pub mod service;
pub mod store;
pub mod users_cli;
