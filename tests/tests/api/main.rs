//! One test binary for every black-box test: each starts the real server
//! binary (see `servicebook_tests::TestServer`) and talks HTTP to it.

mod app;
mod archive;
mod archive_use_cases;
mod auth;
mod backup;
mod board;
mod demo;
mod documents;
mod durability;
mod escalation;
mod import;
mod parts;
mod problems;
mod process;
mod reports;
mod requests;
mod settings;
mod stock;
mod use_cases;
mod users;
mod work_orders;
