//! The spare-parts catalogue: search, one part with its stock per location
//! and recent movements, and one form for a new part and for changes.

pub mod detail;
pub mod form;
pub mod list;

use crate::auth::use_auth;
use servicebook_shared::permissions;

/// Whether the signed-in user edits the catalogue (reactive).
pub fn can_manage() -> bool {
    use_auth().may(permissions::manage_parts)
}
