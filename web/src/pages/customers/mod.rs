//! Customers: list with search, create, detail with devices, contracts and
//! history.

pub mod detail;
pub mod form;
pub mod list;
