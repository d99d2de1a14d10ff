//! Staff accounts, roles and sign-in: the wire types and the input rules
//! both the server and the app apply.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Manager,
    Dispatcher,
    Engineer,
    Sales,
    /// Keeps the spare-parts store: receives, issues and counts stock.
    Storekeeper,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Manager,
        Role::Dispatcher,
        Role::Engineer,
        Role::Sales,
        Role::Storekeeper,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Dispatcher => "dispatcher",
            Role::Engineer => "engineer",
            Role::Sales => "sales",
            Role::Storekeeper => "storekeeper",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A staff account as the API shows it. Never carries a password or hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub username: String,
    pub display_name: String,
    pub phone: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub skills: Vec<String>,
    pub active: bool,
    /// Set for a new or reset account: every other request is refused
    /// until the password is changed.
    pub must_change_password: bool,
    /// Signs in with a one-time code from an authenticator app too.
    #[serde(default)]
    pub two_factor: bool,
    /// The firm requires two-factor sign-in of admins and this admin has
    /// none yet: every other request is refused until it is set up (told
    /// in the answers about one's own session).
    #[serde(default)]
    pub must_set_up_two_factor: bool,
}

impl User {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// `POST /api/users`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub skills: Vec<String>,
    /// The first password; the user must change it at first sign-in.
    pub password: String,
}

/// `PATCH /api/users/{id}` (admin): fields left out are unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    pub version: u64,
    pub display_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub roles: Option<Vec<Role>>,
    pub skills: Option<Vec<String>>,
    pub active: Option<bool>,
}

/// `PATCH /api/auth/me`: what everyone may change about themselves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    pub version: u64,
    pub display_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// With two-factor sign-in: the 6-digit code of the authenticator app,
    /// or one of the recovery codes.
    #[serde(default)]
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// The same session as the cookie, for scripts (`Authorization: Bearer`).
    pub token: String,
    pub user: User,
    pub expires_at: DateTime<Utc>,
}

/// `GET /api/auth/session`: the signed-in user, or none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionState {
    pub user: Option<User>,
}

/// `POST /api/auth/password`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// `POST /api/users/{id}/actions/reset-password` (admin).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub version: u64,
    pub new_password: String,
}

/// `POST /api/users/{id}/actions/disable|enable` (admin).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VersionOnly {
    pub version: u64,
}

pub const USERNAME_MAX: usize = 32;
pub const PASSWORD_MIN: usize = 10;
/// Hashing cost grows with length; nobody types more than this.
pub const PASSWORD_MAX: usize = 128;
pub const NAME_MAX: usize = 100;
pub const SKILLS_MAX: usize = 30;
pub const SKILL_MAX: usize = 40;

/// Field → message for everything wrong with these account fields.
pub type FieldErrors = BTreeMap<String, String>;

/// Usernames: 3–32 of a–z, 0–9, `.`, `_`, `-`, starting with a letter or digit.
pub fn check_username(username: &str, errors: &mut FieldErrors) {
    let ok_chars = username
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    let msg = if username.len() < 3 || username.len() > USERNAME_MAX {
        Some(format!("must be 3 to {USERNAME_MAX} characters"))
    } else if !ok_chars || !username.as_bytes()[0].is_ascii_alphanumeric() {
        Some(
            "use lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"
                .into(),
        )
    } else {
        None
    };
    if let Some(m) = msg {
        errors.insert("username".into(), m);
    }
}

pub fn check_profile(
    display_name: Option<&str>,
    phone: Option<&str>,
    email: Option<&str>,
    errors: &mut FieldErrors,
) {
    if let Some(name) = display_name {
        if name.chars().count() > NAME_MAX {
            errors.insert(
                "display_name".into(),
                format!("must be at most {NAME_MAX} characters"),
            );
        }
    }
    if let Some(phone) = phone {
        let ok = phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()".contains(c))
            && phone.len() <= 30;
        if !ok {
            errors.insert(
                "phone".into(),
                "use digits, spaces, '+', '-' and brackets (at most 30)".into(),
            );
        }
    }
    if let Some(email) = email {
        let ok = email.is_empty()
            || (email.len() <= 254
                && email.split_once('@').is_some_and(|(l, d)| {
                    !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.')
                })
                && !email.contains(char::is_whitespace));
        if !ok {
            errors.insert("email".into(), "is not an e-mail address".into());
        }
    }
}

pub fn check_roles(roles: &[Role], errors: &mut FieldErrors) {
    if roles.is_empty() {
        errors.insert("roles".into(), "give at least one role".into());
    }
}

pub fn check_skills(skills: &[String], errors: &mut FieldErrors) {
    if skills.len() > SKILLS_MAX {
        errors.insert("skills".into(), format!("at most {SKILLS_MAX} skills"));
    } else if skills
        .iter()
        .any(|s| s.trim().is_empty() || s.chars().count() > SKILL_MAX)
    {
        errors.insert(
            "skills".into(),
            format!("each skill must be 1 to {SKILL_MAX} characters"),
        );
    }
}

/// Length bounds only; the server also refuses common passwords.
pub fn check_password_shape(field: &str, password: &str, username: &str, errors: &mut FieldErrors) {
    let n = password.chars().count();
    let msg = if n < PASSWORD_MIN {
        Some(format!("must be at least {PASSWORD_MIN} characters"))
    } else if n > PASSWORD_MAX {
        Some(format!("must be at most {PASSWORD_MAX} characters"))
    } else if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        Some("must not contain the username".into())
    } else if password.chars().all(|c| Some(c) == password.chars().next()) {
        Some("must not repeat one character".into())
    } else {
        None
    };
    if let Some(m) = msg {
        errors.insert(field.into(), m);
    }
}

/// Skills are tags: trimmed, case kept, duplicates (ignoring case) dropped.
pub fn normalise_skills(skills: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in skills.iter().map(|s| s.trim()) {
        if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            out.push(s.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        let check = |u: &str| {
            let mut e = FieldErrors::new();
            check_username(u, &mut e);
            e.is_empty()
        };
        assert!(check("wang.wei"));
        assert!(check("eng_01"));
        assert!(!check("ab"));
        assert!(!check("Wang"));
        assert!(!check("-lead"));
        assert!(!check("王伟"));
        assert!(!check(&"a".repeat(USERNAME_MAX + 1)));
    }

    #[test]
    fn passwords() {
        let check = |p: &str| {
            let mut e = FieldErrors::new();
            check_password_shape("password", p, "wang.wei", &mut e);
            e.get("password").cloned()
        };
        assert!(check("short").is_some());
        assert!(check("aaaaaaaaaaaa").is_some());
        assert!(check("my-wang.wei-pass").is_some());
        assert!(check(&"x1".repeat(PASSWORD_MAX)).is_some());
        assert_eq!(check("correct horse battery"), None);
        assert_eq!(check("服务手册很好用的密码"), None);
    }

    #[test]
    fn profiles() {
        let mut e = FieldErrors::new();
        check_profile(
            Some("王伟"),
            Some("+86 138-0013-8000"),
            Some("wang@example.cn"),
            &mut e,
        );
        assert!(e.is_empty(), "{e:?}");
        check_profile(None, Some("call me"), Some("wang@"), &mut e);
        assert!(e.contains_key("phone") && e.contains_key("email"));
    }

    #[test]
    fn skills_are_normalised() {
        let s = normalise_skills(&[
            " network ".into(),
            "Network".into(),
            "ERP".into(),
            "".into(),
        ]);
        assert_eq!(s, vec!["network".to_owned(), "ERP".to_owned()]);
    }

    #[test]
    fn roles_parse_from_their_wire_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
        assert_eq!(Role::parse("root"), None);
    }
}
