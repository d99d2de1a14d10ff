//! One module per page (or per group of pages).

pub mod admin;
pub mod api_docs;
pub mod audit;
pub mod contracts;
pub mod customers;
pub mod devices;
pub mod firm_name;
pub mod home;
pub mod import;
pub mod loaners;
pub mod login;
pub mod lookup;
pub mod not_found;
pub mod parts;
pub mod password;
pub mod profile;
pub mod repairs;
pub mod requests;
pub mod settings;
pub mod sign;
pub mod status;
pub mod stock;
pub mod tokens;
pub mod two_factor;
pub mod users;
pub mod work_orders;
