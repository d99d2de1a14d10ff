//! Personal API tokens: made, listed and revoked by their owner, from a
//! signed-in session (never by another token), and recognised on use.

use super::{invalid, not_now, Caller, ServiceResult};
use crate::auth::secret::random_bytes;
use crate::store::api_tokens::ApiTokenRecord;
use crate::store::{abort, RecordMeta, Store, StoreError, UserRecord};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use servicebook_shared::tokens::{check_new_token, NewApiToken, MAX_PER_USER, TOKEN_PREFIX};
use sha2::{Digest, Sha256};

/// Last use is written at most this often: a token used every minute
/// must not write every minute.
const LAST_USE_MINUTES: i64 = 60;

pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn me(caller: &Caller) -> ServiceResult<u64> {
    caller
        .user_id
        .ok_or_else(|| super::forbidden("this needs a signed-in user"))
}

/// A new token of the caller's: the record and its secret (never stored).
pub async fn create_token(
    store: &Store,
    caller: &Caller,
    input: NewApiToken,
) -> ServiceResult<(ApiTokenRecord, String)> {
    let id = me(caller)?;
    let bytes = random_bytes::<32>().map_err(StoreError::Io)?;
    let secret = format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let token_hash = hash(&secret);
    let hint = secret
        .chars()
        .take(TOKEN_PREFIX.len() + 4)
        .collect::<String>();
    // A soft cap (checked before the write): it bounds clutter, not access.
    let now = Utc::now();
    let live = store
        .api_tokens_of(id)?
        .iter()
        .filter(|t| t.live(now))
        .count();
    if live >= MAX_PER_USER {
        return Err(not_now(format!(
            "You hold {MAX_PER_USER} live tokens; revoke one first."
        )));
    }
    let actor = caller.actor();
    let saved = store
        .write(move |tx| {
            let user: UserRecord = tx.require(id)?;
            let e = check_new_token(&input, &user.roles);
            if !e.is_empty() {
                return abort(invalid(e));
            }
            let now = tx.now();
            tx.insert_audited(
                ApiTokenRecord {
                    meta: RecordMeta::new(),
                    user_id: id,
                    name: input.name.trim().to_owned(),
                    token_hash: token_hash.clone(),
                    hint: hint.clone(),
                    roles: input.roles.clone(),
                    expires_at: now + Duration::days(input.days.into()),
                    last_used_at: None,
                    revoked_at: None,
                },
                &actor,
            )
        })
        .await?;
    Ok((saved, secret))
}

/// Revokes the caller's token `token_id` at `version`: it stops working at
/// once.
pub async fn revoke_token(
    store: &Store,
    caller: &Caller,
    token_id: u64,
    version: u64,
) -> ServiceResult<ApiTokenRecord> {
    let id = me(caller)?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let current: ApiTokenRecord = tx.require(token_id)?;
            if current.user_id != id {
                // Someone else's token is, for this caller, no token at all.
                return abort(StoreError::NotFound {
                    table: "api_tokens",
                    id: token_id,
                });
            }
            if current.revoked_at.is_some() {
                return abort(not_now("This token is already revoked.".to_owned()));
            }
            let mut next = current.clone();
            next.revoked_at = Some(tx.now());
            tx.update_audited(next, version, &actor, "revoke")
        })
        .await
}

/// The live token with this secret and its owner, if any.
pub fn recognise(
    store: &Store,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<Option<(ApiTokenRecord, UserRecord)>, StoreError> {
    let Some(token) = store.api_token_by_hash(&hash(secret))? else {
        return Ok(None);
    };
    if !token.live(now) {
        return Ok(None);
    }
    let Some(user) = store.get::<UserRecord>(token.user_id)? else {
        return Ok(None);
    };
    Ok(user.active.then_some((token, user)))
}

/// Notes that `token` was used at `now`, when its last noted use is an
/// hour old or more (audited, so a script's use shows in the trail).
pub async fn note_use(store: &Store, token: &ApiTokenRecord, now: DateTime<Utc>) {
    if token
        .last_used_at
        .is_some_and(|t| now - t < Duration::minutes(LAST_USE_MINUTES))
    {
        return;
    }
    let (id, owner) = (token.meta.id, token.user_id);
    let result = store
        .write(move |tx| {
            let current: ApiTokenRecord = tx.require(id)?;
            if current
                .last_used_at
                .is_some_and(|t| now - t < Duration::minutes(LAST_USE_MINUTES))
            {
                return Ok(current);
            }
            let user: Option<UserRecord> = tx.get(owner)?;
            let actor = crate::store::Actor::user(
                owner,
                user.as_ref().map_or("?", |u| u.username.as_str()),
            );
            let mut next = current.clone();
            next.last_used_at = Some(now);
            tx.update_audited(next, current.meta.version, &actor, "token-used")
        })
        .await;
    if let Err(e) = result {
        tracing::warn!(token = id, error = %e, "could not note an API token's use");
    }
}
