//! Presentational pieces shared by the pages.

pub mod categories;
pub mod describe;
pub mod documents;
pub mod error;
pub mod export;
pub mod filters;
pub mod guard;
pub mod history;
pub mod layout;
pub mod lookup;
pub mod paged;
pub mod requests_of;
pub mod time;
pub mod trend_chart;
