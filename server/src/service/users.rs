//! Staff accounts: created by an admin (or from the command line, or at
//! first start), changed, disabled and enabled, and given a new password.
//! No change may leave the firm without an active admin; that is checked
//! inside the write, so two admins cannot disable each other at once.

use super::{allow, invalid, Caller, ServiceError, ServiceResult};
use crate::auth::{password, Hasher};
use crate::domain::users as rules;
use crate::store::{abort, Actor, Rejection, Store, StoreError, Tx, TxResult, UserRecord};
use servicebook_shared::permissions;
use servicebook_shared::users::{FieldErrors, NewUser, Role, UserPatch};
use servicebook_shared::ProblemCode;

/// How a password is hashed: on the server's limited pool (requests),
/// right here (the command line, first start), or already (demo seeding
/// gives every demo account the same password: one slow hash for all).
#[derive(Clone, Copy)]
pub enum Hashing<'a> {
    Pool(&'a Hasher),
    Here,
    Done(&'a str),
}

impl Hashing<'_> {
    pub async fn hash(&self, password: String) -> ServiceResult<String> {
        let hashed = match self {
            Hashing::Pool(h) => h.hash(password).await,
            Hashing::Here => password::hash_now(&password),
            Hashing::Done(hash) => Ok((*hash).to_owned()),
        };
        hashed.map_err(|e| StoreError::Io(format!("password hashing failed: {e}")))
    }
}

fn manage(caller: &Caller) -> ServiceResult<()> {
    allow(permissions::manage_users(caller.who()), "manage accounts")
}

/// A new account. `must_change_password` when someone other than the
/// person chose it (an admin, the operator at the command line).
pub async fn create_user(
    store: &Store,
    caller: &Caller,
    mut input: NewUser,
    must_change_password: bool,
    hashing: Hashing<'_>,
) -> ServiceResult<UserRecord> {
    manage(caller)?;
    input.username = input.username.trim().to_owned();
    rules::validate_new(&input).map_err(invalid)?;
    let hash = hashing.hash(input.password.clone()).await?;
    let record = rules::new_record(input, hash, must_change_password);
    let actor = caller.actor();
    store
        .write(move |tx| tx.insert_audited(record.clone(), &actor))
        .await
}

/// First start: with no user at all, the account `admin` with `password`
/// (random, printed once), to be changed at first sign-in. `None` when
/// there are users already.
pub async fn create_first_admin(
    store: &Store,
    caller: &Caller,
    password: &str,
) -> ServiceResult<Option<UserRecord>> {
    if store.count::<UserRecord>()? > 0 {
        return Ok(None);
    }
    let input = NewUser {
        username: "admin".into(),
        display_name: "Administrator".into(),
        roles: vec![Role::Admin],
        password: password.to_owned(),
        ..Default::default()
    };
    let hash = Hashing::Here.hash(password.to_owned()).await?;
    let record = rules::new_record(input, hash, true);
    let actor = caller.actor();
    // The username index is unique: an `admin` made meanwhile refuses this.
    match store
        .write(move |tx| tx.insert_audited(record.clone(), &actor))
        .await
    {
        Ok(saved) => Ok(Some(saved)),
        Err(StoreError::Duplicate { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// 409 when no active admin would be left.
fn last_admin() -> StoreError {
    StoreError::Rejected(Rejection {
        status: 409,
        code: ProblemCode::LastAdmin,
        message: "At least one active admin must remain.".into(),
        fields: Default::default(),
    })
}

/// Inside a write: saves `next` at `version` unless that leaves no active
/// admin. `admins` are the admin accounts found before the write; each is
/// read again here.
fn save_keeping_an_admin(
    tx: &Tx,
    admins: &[u64],
    next: UserRecord,
    version: u64,
    actor: &Actor,
    action: &str,
) -> TxResult<UserRecord> {
    let mut current = Vec::new();
    for id in admins {
        if let Some(u) = tx.get::<UserRecord>(*id)? {
            current.push(u);
        }
    }
    if !rules::keeps_an_admin(&current, &next) {
        return abort(last_admin());
    }
    tx.update_audited(next, version, actor, action)
}

/// Changes account `id` at `patch.version`. A change of roles or of
/// `active` ends the person's sessions.
pub async fn update_user(
    store: &Store,
    caller: &Caller,
    id: u64,
    patch: UserPatch,
) -> ServiceResult<UserRecord> {
    change_user(store, caller, id, patch, "update").await
}

async fn change_user(
    store: &Store,
    caller: &Caller,
    id: u64,
    patch: UserPatch,
    action: &'static str,
) -> ServiceResult<UserRecord> {
    manage(caller)?;
    let admins = store.user_ids_with_role(Role::Admin)?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let current: UserRecord = tx.require(id)?;
            let next = match rules::apply_patch(&current, &patch) {
                Ok(n) => n,
                Err(e) => return abort(invalid(e)),
            };
            save_keeping_an_admin(tx, &admins, next, patch.version, &actor, action)
        })
        .await
}

/// Disables account `id` (read at `version`): its sessions end and it
/// cannot sign in.
pub async fn disable_user(
    store: &Store,
    caller: &Caller,
    id: u64,
    version: u64,
) -> ServiceResult<UserRecord> {
    let patch = UserPatch {
        version,
        active: Some(false),
        ..Default::default()
    };
    change_user(store, caller, id, patch, "disable").await
}

/// Enables a disabled account again.
pub async fn enable_user(
    store: &Store,
    caller: &Caller,
    id: u64,
    version: u64,
) -> ServiceResult<UserRecord> {
    let patch = UserPatch {
        version,
        active: Some(true),
        ..Default::default()
    };
    change_user(store, caller, id, patch, "enable").await
}

/// Sets a new password for account `id` (read at `version`) chosen by
/// someone else (an admin's reset, the operator at the command line):
/// every session of theirs ends.
#[allow(clippy::too_many_arguments)]
async fn set_password(
    store: &Store,
    caller: &Caller,
    id: u64,
    version: u64,
    new_password: String,
    must_change: bool,
    hashing: Hashing<'_>,
    field: &str,
) -> ServiceResult<UserRecord> {
    let user = store
        .get::<UserRecord>(id)?
        .ok_or(StoreError::NotFound { table: "users", id })?;
    let mut errors = FieldErrors::new();
    rules::check_new_password(field, &new_password, &user.username, &mut errors);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let hash = hashing.hash(new_password).await?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let current: UserRecord = tx.require(id)?;
            let next = rules::with_password(&current, hash.clone(), must_change);
            tx.update_audited(next, version, &actor, "password-reset")
        })
        .await
}

/// An admin sets a one-time password for account `id` (read at
/// `version`) for someone who forgot theirs; they change it at their next
/// sign-in.
pub async fn reset_password(
    store: &Store,
    caller: &Caller,
    id: u64,
    version: u64,
    new_password: String,
    hashing: Hashing<'_>,
) -> ServiceResult<UserRecord> {
    manage(caller)?;
    set_password(
        store,
        caller,
        id,
        version,
        new_password,
        true,
        hashing,
        "new_password",
    )
    .await
}

/// `servicebook user passwd`: the operator sets the password of
/// `username`. The server is stopped (the data directory is locked), so
/// the account as read here is the one changed.
pub async fn set_password_from_cli(
    store: &Store,
    caller: &Caller,
    username: &str,
    new_password: String,
) -> ServiceResult<UserRecord> {
    manage(caller)?;
    let user = store.user_by_username(username.trim())?.ok_or_else(|| {
        StoreError::Rejected(Rejection {
            status: 404,
            code: ProblemCode::NotFound,
            message: format!("there is no user {}", username.trim()),
            fields: Default::default(),
        })
    })?;
    set_password(
        store,
        caller,
        user.meta.id,
        user.meta.version,
        new_password,
        false,
        Hashing::Here,
        "password",
    )
    .await
}

/// Describes a refusal for a person at a terminal.
pub fn describe(e: &ServiceError) -> String {
    match e {
        StoreError::Rejected(r) if !r.fields.is_empty() => r
            .fields
            .iter()
            .map(|(f, m)| format!("{f} {m}"))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}
