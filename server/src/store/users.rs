//! Staff accounts on disk.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use serde::{Deserialize, Serialize};
use servicebook_shared::users::{Role, User};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub username: String,
    pub display_name: String,
    pub phone: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub skills: Vec<String>,
    pub active: bool,
    /// Argon2id PHC string. Never leaves the server, never audited.
    pub password_hash: String,
    pub must_change_password: bool,
    /// Every session token carries the epoch it was issued at; bumping it
    /// ends all of the user's sessions at once (logout, password or role
    /// change, disable).
    pub session_epoch: u64,
    /// Two-factor sign-in, once set up.
    #[serde(default)]
    pub totp: Option<TotpState>,
    /// A secret offered at setup and not yet confirmed with a code.
    #[serde(default)]
    pub totp_pending: Option<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TotpState {
    pub secret: Vec<u8>,
    pub enabled_at: chrono::DateTime<chrono::Utc>,
    /// The last time step a code was accepted for: a code works once.
    pub last_step: u64,
    /// SHA-256 of the recovery codes not yet used.
    pub recovery: Vec<String>,
}

pub static BY_USERNAME: IndexDef = IndexDef {
    name: "by_username",
    unique: true,
    field: "username",
};
pub static BY_ROLE: IndexDef = IndexDef {
    name: "by_role",
    unique: false,
    field: "roles",
};

pub static USERS: TableDef = TableDef {
    name: "users",
    indexes: &[&BY_USERNAME, &BY_ROLE],
};

/// Fields never written to the audit trail.
pub const SECRET_FIELDS: &[&str] = &[
    "password_hash",
    "session_epoch",
    "totp.secret",
    "totp.last_step",
    "totp.recovery",
    "totp_pending",
];

impl Record for UserRecord {
    const TABLE: &'static TableDef = &USERS;
    const HIDDEN: &'static [&'static str] = SECRET_FIELDS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut k = vec![IndexKey {
            index: &BY_USERNAME,
            key: keys::text(&self.username),
        }];
        k.extend(self.roles.iter().map(|r| IndexKey {
            index: &BY_ROLE,
            key: r.as_str().as_bytes().to_vec(),
        }));
        k
    }
}

impl UserRecord {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn to_wire(&self) -> User {
        User {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            roles: self.roles.clone(),
            skills: self.skills.clone(),
            active: self.active,
            must_change_password: self.must_change_password,
            two_factor: self.totp.is_some(),
            must_set_up_two_factor: false,
        }
    }

    /// Whether the firm's rule makes this user set up two-factor sign-in
    /// before anything else.
    pub fn must_set_up_two_factor(&self, settings_require_admins: bool) -> bool {
        settings_require_admins && self.has(Role::Admin) && self.totp.is_none()
    }
}

impl Store {
    pub fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        self.find_unique::<UserRecord>(&BY_USERNAME, &keys::text(username))
    }

    pub fn user_ids_with_role(&self, role: Role) -> Result<Vec<u64>, StoreError> {
        self.ids_by_index::<UserRecord>(&BY_ROLE, role.as_str().as_bytes())
    }
}
