//! Signing in and out, and what everyone may change about themselves: the
//! password and the profile.

use super::{invalid, Caller, ServiceError, ServiceResult};
use crate::auth::{Hasher, LoginLimiter};
use crate::domain::users as rules;
use crate::store::{abort, Store, StoreError, UserRecord};
use servicebook_shared::users::{FieldErrors, ProfilePatch, PASSWORD_MAX};
use std::time::Instant;

/// Why a sign-in (or a password change) was refused.
#[derive(Debug)]
pub enum AuthRefusal {
    /// Wrong username or password (401), said alike for both.
    Wrong,
    /// The password is right but the account is disabled (403).
    Disabled,
    /// Too many failures for this username or address: try again in this
    /// many seconds (429).
    TooMany(u64),
    /// The password is right; the account also needs its second factor
    /// (401, code `second-factor-required`).
    SecondFactor,
    /// A refusal of the write (bad input, stale version, storage).
    Store(ServiceError),
}

impl From<StoreError> for AuthRefusal {
    fn from(e: StoreError) -> Self {
        AuthRefusal::Store(e)
    }
}

/// What a sign-in needs besides the store: the hashing pool and the
/// failed-login limiter.
pub struct Guard<'a> {
    pub hasher: &'a Hasher,
    pub limiter: &'a LoginLimiter,
    /// The client's address, for the limiter.
    pub address: &'a str,
}

/// Checks a username and password. Failures are counted per username and
/// per address, answered more slowly each time and then refused for a
/// while; an unknown user costs the same time as a wrong password.
pub async fn sign_in(
    store: &Store,
    guard: Guard<'_>,
    username: &str,
    password: String,
    code: Option<String>,
) -> Result<UserRecord, AuthRefusal> {
    let username = username.trim().to_lowercase();
    if username.is_empty()
        || password.is_empty()
        || username.len() > 64
        || password.chars().count() > PASSWORD_MAX
    {
        return Err(AuthRefusal::Wrong);
    }
    // Reserved before the slow hash, so a burst is counted as it arrives.
    let attempt = guard
        .limiter
        .begin(&username, guard.address, Instant::now())
        .map_err(AuthRefusal::TooMany)?;
    let user = store.user_by_username(&username)?;
    let ok = guard
        .hasher
        .verify(password, user.as_ref().map(|u| u.password_hash.clone()))
        .await;
    match user {
        Some(user) if ok && user.totp.is_some() => {
            let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
                // Neither a failure nor a success: the code is asked for.
                drop(attempt);
                return Err(AuthRefusal::SecondFactor);
            };
            match super::two_factor::use_code(store, user.meta.id, &code).await? {
                Some(user) => {
                    guard.limiter.succeeded(attempt);
                    if !user.active {
                        return Err(AuthRefusal::Disabled);
                    }
                    tracing::info!(user = %user.username, address = %guard.address, "signed in with a second factor");
                    Ok(user)
                }
                None => {
                    let delay = guard.limiter.failed(attempt);
                    tracing::warn!(account = %user.username, address = %guard.address, "wrong second-factor code");
                    actix_web::rt::time::sleep(delay).await;
                    Err(AuthRefusal::Wrong)
                }
            }
        }
        Some(user) if ok => {
            guard.limiter.succeeded(attempt);
            if !user.active {
                return Err(AuthRefusal::Disabled);
            }
            tracing::info!(user = %user.username, address = %guard.address, "signed in");
            Ok(user)
        }
        _ => {
            let delay = guard.limiter.failed(attempt);
            // The typed name is often a password typed into the wrong box:
            // the log says whether it is an account, never what was typed.
            let account = user
                .as_ref()
                .map_or("(no such account)", |u| u.username.as_str());
            tracing::warn!(%account, address = %guard.address, "failed sign-in");
            actix_web::rt::time::sleep(delay).await;
            Err(AuthRefusal::Wrong)
        }
    }
}

fn me(caller: &Caller) -> ServiceResult<u64> {
    caller
        .user_id
        .ok_or_else(|| super::forbidden("this needs a signed-in user"))
}

/// Signs the caller out everywhere: every token issued so far stops
/// working.
pub async fn sign_out(store: &Store, caller: &Caller) -> ServiceResult<UserRecord> {
    let id = me(caller)?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            // Whatever else changed meanwhile, signing out applies to the
            // account as it is now.
            let current: UserRecord = tx.require(id)?;
            let v = current.meta.version;
            tx.update_audited(rules::signed_out(&current), v, &actor, "logout")
        })
        .await
}

/// The caller changes their own display name, phone or e-mail, at
/// `patch.version`.
pub async fn update_profile(
    store: &Store,
    caller: &Caller,
    patch: ProfilePatch,
) -> ServiceResult<UserRecord> {
    let id = me(caller)?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let current: UserRecord = tx.require(id)?;
            let next = match rules::apply_profile(&current, &patch) {
                Ok(n) => n,
                Err(e) => return abort(invalid(e)),
            };
            tx.update_audited(next, patch.version, &actor, "update")
        })
        .await
}

/// The caller changes their own password (also the way out of a one-time
/// password). Every session ends; the caller signs in again with the
/// record returned. A wrong current password counts as a failed sign-in.
pub async fn change_password(
    store: &Store,
    caller: &Caller,
    guard: Guard<'_>,
    current_password: String,
    new_password: String,
) -> Result<UserRecord, AuthRefusal> {
    let id = me(caller)?;
    let user: UserRecord = store
        .get(id)?
        .ok_or(StoreError::NotFound { table: "users", id })?;
    let attempt = guard
        .limiter
        .begin(&user.username, guard.address, Instant::now())
        .map_err(AuthRefusal::TooMany)?;
    let mut errors = FieldErrors::new();
    rules::check_new_password("new_password", &new_password, &user.username, &mut errors);
    if new_password == current_password {
        errors.insert(
            "new_password".into(),
            "must differ from the current password".into(),
        );
    }
    let verified_hash = user.password_hash.clone();
    let ok = current_password.chars().count() <= PASSWORD_MAX
        && guard
            .hasher
            .verify(current_password, Some(verified_hash.clone()))
            .await;
    if ok {
        guard.limiter.succeeded(attempt);
    } else {
        guard.limiter.failed(attempt);
        errors.insert("current_password".into(), "is wrong".into());
    }
    if !errors.is_empty() {
        return Err(AuthRefusal::Store(invalid(errors)));
    }
    let hash = guard
        .hasher
        .hash(new_password)
        .await
        .map_err(|e| StoreError::Io(format!("password hashing failed: {e}")))?;
    let actor = caller.actor();
    let saved = store
        .write(move |tx| {
            let current: UserRecord = tx.require(id)?;
            // The password checked must still be the account's.
            if current.password_hash != verified_hash {
                return abort(super::not_now(
                    "The password was changed meanwhile; sign in again.",
                ));
            }
            let v = current.meta.version;
            let next = rules::with_password(&current, hash.clone(), false);
            tx.update_audited(next, v, &actor, "password-change")
        })
        .await?;
    Ok(saved)
}
