//! Personal API tokens: how a script (the nightly backup, a report export)
//! signs in without a password. A user makes one in their profile; it is
//! shown once, kept only as a hash, named, limited to some of the user's
//! roles, expires, can be revoked, and says when it was last used.

use crate::users::{FieldErrors, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Every token starts so: a leaked one is easy to recognise and search for.
pub const TOKEN_PREFIX: &str = "sbk_";

/// The longest a token may live.
pub const MAX_DAYS: u32 = 366;

/// The most live tokens one user may hold.
pub const MAX_PER_USER: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: u64,
    pub version: u64,
    pub name: String,
    /// What the token may do: these of its owner's roles (while the owner
    /// still holds them).
    pub roles: Vec<Role>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The first characters of the secret, to tell tokens apart.
    pub hint: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewApiToken {
    pub name: String,
    /// Days until it expires (1 to 366).
    pub days: u32,
    /// Some of your roles; empty means all of them.
    #[serde(default)]
    pub roles: Vec<Role>,
}

/// The token just made: the secret is in this answer only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiToken {
    pub token: ApiToken,
    /// Send as `Authorization: Bearer <secret>`. Not shown again.
    pub secret: String,
}

/// What is wrong with a new token for a user holding `own` roles.
pub fn check_new_token(input: &NewApiToken, own: &[Role]) -> FieldErrors {
    let mut e = FieldErrors::new();
    let n = input.name.trim().chars().count();
    if n == 0 || n > 80 {
        e.insert("name".into(), "must be 1 to 80 characters".into());
    }
    if !(1..=MAX_DAYS).contains(&input.days) {
        e.insert("days".into(), format!("must be 1 to {MAX_DAYS}"));
    }
    if let Some(r) = input.roles.iter().find(|r| !own.contains(r)) {
        e.insert(
            "roles".into(),
            format!("you do not hold the role {}", r.as_str()),
        );
    }
    e
}

/// The roles a token acts with: those it names that its owner still holds
/// (all of the owner's when it names none).
pub fn effective_roles(token_roles: &[Role], owner_roles: &[Role]) -> Vec<Role> {
    if token_roles.is_empty() {
        return owner_roles.to_vec();
    }
    owner_roles
        .iter()
        .copied()
        .filter(|r| token_roles.contains(r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_holds_at_most_its_owners_roles() {
        let own = [Role::Admin, Role::Manager];
        let mut t = NewApiToken {
            name: "nightly backup".into(),
            days: 90,
            roles: vec![Role::Admin],
        };
        assert!(check_new_token(&t, &own).is_empty());
        t.roles = vec![Role::Engineer];
        assert!(check_new_token(&t, &own).contains_key("roles"));
        t.days = 0;
        t.name = " ".into();
        let e = check_new_token(&t, &own);
        assert!(e.contains_key("days") && e.contains_key("name"));
        assert_eq!(effective_roles(&[Role::Admin], &own), vec![Role::Admin]);
        assert_eq!(effective_roles(&[], &own), own.to_vec());
        // A role taken from the owner is gone from the token too.
        assert_eq!(effective_roles(&[Role::Admin], &[Role::Manager]), vec![]);
    }
}
