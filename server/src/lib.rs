//! Servicebook's server: the HTTP API, the embedded browser app and the
//! store, as a library so that the binary and the tests build the same app.

pub mod store;
