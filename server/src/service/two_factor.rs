//! Two-factor sign-in for one's own account: set up (the password again,
//! then a first code proves the app has the secret), recovery codes shown
//! once, turned off only with the password and a current code.

use super::{invalid_field, not_now, Caller, ServiceResult};
use crate::auth::totp;
use crate::auth::Hasher;
use crate::store::users::TotpState;
use crate::store::{abort, Store, StoreError, UserRecord};

fn me(caller: &Caller) -> ServiceResult<u64> {
    caller
        .user_id
        .ok_or_else(|| super::forbidden("this needs a signed-in user"))
}

fn unix_now() -> u64 {
    chrono::Utc::now().timestamp().max(0) as u64
}

async fn password_ok(hasher: &Hasher, user: &UserRecord, password: String) -> bool {
    password.chars().count() <= servicebook_shared::users::PASSWORD_MAX
        && hasher
            .verify(password, Some(user.password_hash.clone()))
            .await
}

/// Starts setting up: after the password is checked, a new secret is kept
/// as pending and returned (to show as a QR code and as text).
pub async fn begin(
    store: &Store,
    hasher: &Hasher,
    caller: &Caller,
    password: String,
) -> ServiceResult<(UserRecord, Vec<u8>)> {
    let id = me(caller)?;
    let user: UserRecord = store
        .get(id)?
        .ok_or(StoreError::NotFound { table: "users", id })?;
    if user.totp.is_some() {
        return Err(not_now(
            "Two-factor sign-in is already on; turn it off first.",
        ));
    }
    if !password_ok(hasher, &user, password).await {
        return Err(invalid_field("password", "is wrong"));
    }
    let secret = totp::new_secret().map_err(StoreError::Io)?;
    let actor = caller.actor();
    let pending = secret.clone();
    let saved = store
        .write(move |tx| {
            let current: UserRecord = tx.require(id)?;
            let mut next = current.clone();
            next.totp_pending = Some(pending.clone());
            tx.update_audited(next, current.meta.version, &actor, "two-factor-setup")
        })
        .await?;
    Ok((saved, secret))
}

/// Confirms the pending secret with a code from the app: two-factor
/// sign-in is on from now, and the recovery codes are returned (once).
pub async fn enable(store: &Store, caller: &Caller, code: String) -> ServiceResult<Vec<String>> {
    let id = me(caller)?;
    let (codes, hashes) = totp::recovery_codes().map_err(StoreError::Io)?;
    let actor = caller.actor();
    let now = unix_now();
    store
        .write(move |tx| {
            let current: UserRecord = tx.require(id)?;
            if current.totp.is_some() {
                return abort(not_now("Two-factor sign-in is already on."));
            }
            let Some(secret) = current.totp_pending.clone() else {
                return abort(not_now("Start the setup first."));
            };
            let Some(step) = totp::check(&secret, &code, now, 0) else {
                return abort(invalid_field(
                    "code",
                    "is not the current code of the app (check the phone's clock)",
                ));
            };
            let mut next = current.clone();
            next.totp_pending = None;
            next.totp = Some(TotpState {
                secret,
                enabled_at: tx.now(),
                last_step: step,
                recovery: hashes.clone(),
            });
            tx.update_audited(next, current.meta.version, &actor, "two-factor-on")
        })
        .await?;
    Ok(codes)
}

/// Turns two-factor sign-in off: the password and a current code (or a
/// recovery code) again.
pub async fn disable(
    store: &Store,
    hasher: &Hasher,
    caller: &Caller,
    password: String,
    code: String,
) -> ServiceResult<UserRecord> {
    let id = me(caller)?;
    let user: UserRecord = store
        .get(id)?
        .ok_or(StoreError::NotFound { table: "users", id })?;
    if user.totp.is_none() {
        return Err(not_now("Two-factor sign-in is not on."));
    }
    if !password_ok(hasher, &user, password).await {
        return Err(invalid_field("password", "is wrong"));
    }
    if use_code(store, id, &code).await?.is_none() {
        return Err(invalid_field("code", "is not a current or recovery code"));
    }
    let actor = caller.actor();
    store
        .write(move |tx| {
            let current: UserRecord = tx.require(id)?;
            let mut next = current.clone();
            next.totp = None;
            next.totp_pending = None;
            tx.update_audited(next, current.meta.version, &actor, "two-factor-off")
        })
        .await
}

/// Checks a sign-in code of user `id`: a current app code (each works
/// once) or an unused recovery code (then used up). The user as saved, or
/// `None` when the code is wrong.
pub async fn use_code(store: &Store, id: u64, code: &str) -> ServiceResult<Option<UserRecord>> {
    let now = unix_now();
    let code = code.to_owned();
    let result = store
        .write(move |tx| {
            let current: UserRecord = tx.require(id)?;
            let Some(state) = current.totp.clone() else {
                return abort(not_now("Two-factor sign-in is not on."));
            };
            let mut next = current.clone();
            let mut used = state.clone();
            let action = if let Some(step) = totp::check(&state.secret, &code, now, state.last_step)
            {
                used.last_step = step;
                "second-factor"
            } else {
                let hash = totp::recovery_hash(&code);
                let before = used.recovery.len();
                used.recovery.retain(|h| *h != hash);
                if used.recovery.len() == before {
                    // Wrong: nothing to write (the limiter counts it).
                    return abort(StoreError::Rejected(crate::store::Rejection {
                        status: 401,
                        code: servicebook_shared::ProblemCode::Unauthorized,
                        message: "wrong code".into(),
                        fields: Default::default(),
                    }));
                }
                "recovery-code-used"
            };
            next.totp = Some(used);
            tx.update_audited(
                next,
                current.meta.version,
                &crate::store::Actor::user(id, &current.username),
                action,
            )
        })
        .await;
    match result {
        Ok(user) => Ok(Some(user)),
        Err(StoreError::Rejected(r)) if r.status == 401 => Ok(None),
        Err(e) => Err(e),
    }
}
