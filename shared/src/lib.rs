//! The wire contract between the Servicebook server and its browser app.
//!
//! Everything here compiles for native targets and for `wasm32`: no actix,
//! sled or tokio. Rules that both sides must compute the same way live here
//! too, so the browser never disagrees with the server.

pub mod audit;
pub mod bounds;
pub mod complaints;
pub mod contracts;
pub mod coverage;
pub mod customers;
pub mod devices;
pub mod dispatch;
pub mod files;
pub mod health;
pub mod import;
pub mod inspections;
pub mod kpi;
pub mod kpi_report;
pub mod loaners;
pub mod money;
pub mod paging;
pub mod part_requests;
pub mod parts;
pub mod permissions;
pub mod problem;
pub mod repairs;
pub mod reports;
pub mod requests;
pub mod settings;
pub mod sla;
pub mod stock;
pub mod surveys;
pub mod tokens;
pub mod two_factor;
pub mod users;
pub mod work_log;
pub mod work_orders;
pub mod work_summaries;

pub use health::Health;
pub use money::Money;
pub use paging::{Page, PageQuery};
pub use problem::{ApiProblem, ProblemCode};
