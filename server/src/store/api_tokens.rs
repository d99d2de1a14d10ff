//! Personal API tokens on disk: only the SHA-256 of the secret is kept.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::tokens::ApiToken;
use servicebook_shared::users::Role;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiTokenRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub user_id: u64,
    pub name: String,
    /// Hex SHA-256 of the secret.
    pub token_hash: String,
    pub hint: String,
    pub roles: Vec<Role>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub static BY_HASH: IndexDef = IndexDef {
    name: "by_hash",
    unique: true,
    field: "token_hash",
};
pub static BY_USER: IndexDef = IndexDef {
    name: "by_user",
    unique: false,
    field: "user_id",
};

pub static API_TOKENS: TableDef = TableDef {
    name: "api_tokens",
    indexes: &[&BY_HASH, &BY_USER],
};

impl Record for ApiTokenRecord {
    const TABLE: &'static TableDef = &API_TOKENS;
    const HIDDEN: &'static [&'static str] = &["token_hash"];
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![
            IndexKey {
                index: &BY_HASH,
                key: keys::text(&self.token_hash),
            },
            IndexKey {
                index: &BY_USER,
                key: keys::id(self.user_id).to_vec(),
            },
        ]
    }
}

impl ApiTokenRecord {
    pub fn to_wire(&self) -> ApiToken {
        ApiToken {
            id: self.meta.id,
            version: self.meta.version,
            name: self.name.clone(),
            roles: self.roles.clone(),
            created_at: self.meta.created_at,
            expires_at: self.expires_at,
            last_used_at: self.last_used_at,
            revoked_at: self.revoked_at,
            hint: self.hint.clone(),
        }
    }

    /// Usable at `now`: not revoked, not expired.
    pub fn live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

impl Store {
    pub fn api_token_by_hash(&self, hash: &str) -> Result<Option<ApiTokenRecord>, StoreError> {
        self.find_unique(&BY_HASH, &keys::text(hash))
    }

    pub fn api_tokens_of(&self, user_id: u64) -> Result<Vec<ApiTokenRecord>, StoreError> {
        self.records_by_index(&BY_USER, &keys::id(user_id))
    }
}
