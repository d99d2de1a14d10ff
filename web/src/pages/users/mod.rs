//! Staff accounts (admin).

pub mod detail;
pub mod fields;
pub mod list;
pub mod new;
