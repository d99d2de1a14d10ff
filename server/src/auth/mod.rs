//! Sign-in machinery: password hashing, session tokens, the signing key and
//! the failed-login limiter. No HTTP here; `api::session` uses it.

pub mod common_passwords;
pub mod limiter;
pub mod password;
pub mod secret;
pub mod token;
pub mod totp;

pub use limiter::LoginLimiter;
pub use password::Hasher;
pub use token::{Claims, Tokens, SESSION_HOURS};
