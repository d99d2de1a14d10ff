//! Business rules as plain functions: no HTTP, no sled. Handlers call them
//! and hand the results to the store.

pub mod archive;
pub mod files;
pub mod import;
pub mod import_parts;
pub mod labels;
pub mod loaners;
pub mod parts;
pub mod repairs;
pub mod reports;
pub mod requests;
pub mod stock;
pub mod users;
pub mod work_orders;
