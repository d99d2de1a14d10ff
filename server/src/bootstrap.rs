//! First start: with no user at all, create `admin` with a random one-time
//! password and print it once on stdout (never to the log); write the
//! firm's settings at their defaults. Both through the same use cases and
//! audit trail as the API, as `system`.

use crate::auth::secret;
use crate::cli::block_on;
use crate::service::{settings, users, Caller};
use crate::store::Store;

/// `Some(password)` when the first admin was created now.
pub fn ensure_first_admin(store: &Store) -> Result<Option<String>, String> {
    let pw = secret::random_password(16)?;
    let created = block_on(users::create_first_admin(store, &Caller::system(), &pw))?
        .map_err(|e| format!("cannot create the first admin: {e}"))?;
    Ok(created.map(|_| pw))
}

/// First start: the firm's settings at their defaults, so every later
/// change is an update at a known version.
pub fn ensure_settings(store: &Store) -> Result<(), String> {
    block_on(settings::create_initial(store, &Caller::system()))?
        .map_err(|e| format!("cannot write the first settings: {e}"))?;
    Ok(())
}
