//! First start: with no user at all, create `admin` with a random one-time
//! password and print it once on stdout (never to the log); write the
//! firm's settings at their defaults.

use crate::auth::{password, secret};
use crate::domain::users as rules;
use crate::store::{Actor, SettingsRecord, Store, UserRecord};
use servicebook_shared::users::{NewUser, Role};

/// `Some(password)` when the first admin was created now.
pub fn ensure_first_admin(store: &Store) -> Result<Option<String>, String> {
    if store.count::<UserRecord>().map_err(|e| e.to_string())? > 0 {
        return Ok(None);
    }
    let pw = secret::random_password(16)?;
    let input = NewUser {
        username: "admin".into(),
        display_name: "Administrator".into(),
        roles: vec![Role::Admin],
        password: pw.clone(),
        ..Default::default()
    };
    let record = rules::new_record(input, password::hash_now(&pw)?, true);
    store
        .write_blocking(move |tx| tx.insert_audited(record.clone(), &Actor::system()))
        .map_err(|e| format!("cannot create the first admin: {e}"))?;
    Ok(Some(pw))
}

/// First start: the firm's settings at their defaults, so every later
/// change is an update at a known version.
pub fn ensure_settings(store: &Store) -> Result<(), String> {
    if store
        .settings_record()
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Ok(());
    }
    let record = SettingsRecord::from_wire(Default::default());
    store
        .write_blocking(move |tx| tx.insert_audited(record.clone(), &Actor::system()))
        .map_err(|e| format!("cannot write the first settings: {e}"))?;
    Ok(())
}
