//! Presentational pieces shared by the pages.

pub mod documents;
pub mod error;
pub mod guard;
pub mod history;
pub mod layout;
pub mod lookup;
pub mod requests_of;
pub mod time;
