//! Staff accounts: what a valid account is, and what each change does to
//! its sessions.

use crate::auth::common_passwords::is_common;
use crate::store::{RecordMeta, UserRecord};
use servicebook_shared::users::{
    check_password_shape, check_profile, check_roles, check_skills, check_username,
    normalise_skills, FieldErrors, NewUser, ProfilePatch, UserPatch,
};

fn done(errors: FieldErrors) -> Result<(), FieldErrors> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A new password must meet the shape rules, not be a common one, and not
/// be easy to guess by the zxcvbn estimate (its 30,000-word dictionaries
/// hold the most common passwords; the username and the product's own
/// name count as known words): score 2, over 10^8 guesses, or better.
pub fn check_new_password(field: &str, password: &str, username: &str, errors: &mut FieldErrors) {
    check_password_shape(field, password, username, errors);
    if errors.contains_key(field) {
        return;
    }
    if is_common(password) {
        errors.insert(
            field.into(),
            "is one of the most common passwords; choose another".into(),
        );
        return;
    }
    let estimate = zxcvbn::zxcvbn(password, &[username, "servicebook"]);
    if u8::from(estimate.score()) < 2 {
        errors.insert(
            field.into(),
            "is too easy to guess; add a few more words or characters".into(),
        );
    }
}

pub fn validate_new(input: &NewUser) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    check_username(&input.username, &mut e);
    check_profile(
        Some(&input.display_name),
        Some(&input.phone),
        Some(&input.email),
        &mut e,
    );
    check_roles(&input.roles, &mut e);
    check_skills(&input.skills, &mut e);
    check_new_password("password", &input.password, &input.username, &mut e);
    done(e)
}

/// The record for a validated `NewUser`. Accounts made by an admin start
/// with `must_change_password`: only the person should know it.
pub fn new_record(input: NewUser, password_hash: String, must_change_password: bool) -> UserRecord {
    let mut roles = input.roles;
    roles.sort();
    roles.dedup();
    UserRecord {
        meta: RecordMeta::new(),
        display_name: if input.display_name.trim().is_empty() {
            input.username.clone()
        } else {
            input.display_name.trim().to_owned()
        },
        username: input.username,
        phone: input.phone.trim().to_owned(),
        email: input.email.trim().to_owned(),
        roles,
        skills: normalise_skills(&input.skills),
        active: true,
        password_hash,
        must_change_password,
        session_epoch: 0,
        totp: None,
        totp_pending: None,
    }
}

/// An admin's edit. A change of roles or of `active` ends the user's
/// sessions, so the new rights apply at once.
pub fn apply_patch(current: &UserRecord, patch: &UserPatch) -> Result<UserRecord, FieldErrors> {
    let mut e = FieldErrors::new();
    check_profile(
        patch.display_name.as_deref(),
        patch.phone.as_deref(),
        patch.email.as_deref(),
        &mut e,
    );
    if let Some(roles) = &patch.roles {
        check_roles(roles, &mut e);
    }
    if let Some(skills) = &patch.skills {
        check_skills(skills, &mut e);
    }
    done(e)?;
    let mut next = apply_profile_fields(
        current,
        patch.display_name.as_deref(),
        patch.phone.as_deref(),
        patch.email.as_deref(),
    );
    if let Some(roles) = &patch.roles {
        let mut roles = roles.clone();
        roles.sort();
        roles.dedup();
        next.roles = roles;
    }
    if let Some(skills) = &patch.skills {
        next.skills = normalise_skills(skills);
    }
    if let Some(active) = patch.active {
        next.active = active;
    }
    if next.roles != current.roles || next.active != current.active {
        next.session_epoch += 1;
    }
    Ok(next)
}

/// A user's edit of their own profile.
pub fn apply_profile(
    current: &UserRecord,
    patch: &ProfilePatch,
) -> Result<UserRecord, FieldErrors> {
    let mut e = FieldErrors::new();
    check_profile(
        patch.display_name.as_deref(),
        patch.phone.as_deref(),
        patch.email.as_deref(),
        &mut e,
    );
    done(e)?;
    Ok(apply_profile_fields(
        current,
        patch.display_name.as_deref(),
        patch.phone.as_deref(),
        patch.email.as_deref(),
    ))
}

fn apply_profile_fields(
    current: &UserRecord,
    name: Option<&str>,
    phone: Option<&str>,
    email: Option<&str>,
) -> UserRecord {
    let mut next = current.clone();
    if let Some(n) = name {
        next.display_name = if n.trim().is_empty() {
            current.username.clone()
        } else {
            n.trim().to_owned()
        };
    }
    if let Some(p) = phone {
        next.phone = p.trim().to_owned();
    }
    if let Some(m) = email {
        next.email = m.trim().to_owned();
    }
    next
}

/// A new password set for `current`. Ends every session; `must_change`
/// when someone else chose it.
pub fn with_password(current: &UserRecord, password_hash: String, must_change: bool) -> UserRecord {
    let mut next = current.clone();
    next.password_hash = password_hash;
    next.must_change_password = must_change;
    next.session_epoch += 1;
    next
}

/// Ends every session of the user (logout).
pub fn signed_out(current: &UserRecord) -> UserRecord {
    let mut next = current.clone();
    next.session_epoch += 1;
    next
}

/// Whether an active admin remains once `changed` replaces its old version
/// among `admins` (the current admin accounts).
pub fn keeps_an_admin(admins: &[UserRecord], changed: &UserRecord) -> bool {
    use servicebook_shared::users::Role;
    admins
        .iter()
        .map(|a| {
            if a.meta.id == changed.meta.id {
                changed
            } else {
                a
            }
        })
        .chain((!admins.iter().any(|a| a.meta.id == changed.meta.id)).then_some(changed))
        .any(|u| u.active && u.has(Role::Admin))
}

#[cfg(test)]
mod tests {
    use super::*;
    use servicebook_shared::users::Role;

    fn input() -> NewUser {
        NewUser {
            username: "wang.wei".into(),
            display_name: " 王伟 ".into(),
            phone: "138 0013 8000".into(),
            email: "wang@example.cn".into(),
            roles: vec![Role::Engineer, Role::Dispatcher, Role::Engineer],
            skills: vec!["network".into(), "Network".into(), "printer".into()],
            password: "correct horse battery".into(),
        }
    }

    fn record() -> UserRecord {
        let mut r = new_record(input(), "hash".into(), true);
        r.meta.id = 7;
        r.meta.version = 1;
        r
    }

    #[test]
    fn a_new_user_is_validated_field_by_field() {
        assert_eq!(validate_new(&input()), Ok(()));
        let bad = NewUser {
            username: "X!".into(),
            roles: vec![],
            password: "Password123".into(),
            email: "x@".into(),
            ..input()
        };
        let e = validate_new(&bad).unwrap_err();
        for f in ["username", "roles", "password", "email"] {
            assert!(e.contains_key(f), "{f} missing from {e:?}");
        }
        assert!(e["password"].contains("common"));
    }

    #[test]
    fn new_records_are_tidy() {
        let r = record();
        assert_eq!(r.display_name, "王伟");
        assert_eq!(r.roles, vec![Role::Dispatcher, Role::Engineer]);
        assert_eq!(r.skills, vec!["network".to_owned(), "printer".to_owned()]);
        assert!(r.active && r.must_change_password);
    }

    #[test]
    fn role_and_active_changes_end_sessions_profile_changes_do_not() {
        let r = record();
        let p = |f: fn(&mut UserPatch)| {
            let mut patch = UserPatch {
                version: 1,
                ..Default::default()
            };
            f(&mut patch);
            apply_patch(&r, &patch).unwrap()
        };
        assert_eq!(p(|x| x.phone = Some("010 1234".into())).session_epoch, 0);
        assert_eq!(p(|x| x.roles = Some(vec![Role::Engineer])).session_epoch, 1);
        assert_eq!(p(|x| x.active = Some(false)).session_epoch, 1);
        // Same roles in another order are no change.
        assert_eq!(
            p(|x| x.roles = Some(vec![Role::Engineer, Role::Dispatcher])).session_epoch,
            0
        );
        assert_eq!(with_password(&r, "h2".into(), false).session_epoch, 1);
        assert_eq!(signed_out(&r).session_epoch, 1);
    }

    #[test]
    fn the_last_active_admin_cannot_go() {
        let mut admin = record();
        admin.roles = vec![Role::Admin];
        let mut disabled = admin.clone();
        disabled.active = false;
        assert!(!keeps_an_admin(std::slice::from_ref(&admin), &disabled));
        let mut other = admin.clone();
        other.meta.id = 8;
        assert!(keeps_an_admin(&[admin.clone(), other], &disabled));
        let mut demoted = admin.clone();
        demoted.roles = vec![Role::Manager];
        assert!(!keeps_an_admin(std::slice::from_ref(&admin), &demoted));
    }
}

#[cfg(test)]
mod strength_tests {
    use super::check_new_password;
    use servicebook_shared::users::FieldErrors;

    fn refused(password: &str, username: &str) -> bool {
        let mut e = FieldErrors::new();
        check_new_password("password", password, username, &mut e);
        e.contains_key("password")
    }

    #[test]
    fn guessable_passwords_are_refused_and_passphrases_taken() {
        for weak in [
            "password123",
            "qwertyuiop123",
            "1qaz2wsx3edc",
            "servicebook2026",
            "wang.wei1990",
            "abcdefghij1",
        ] {
            assert!(refused(weak, "wang.wei"), "{weak}");
        }
        for fine in [
            "chosen by the boss",
            "servicebook demo 2026",
            "durable test pass",
            "load test password",
            "long enough pass",
            "some long password",
            "first time 8342",
            "a fresh engineer secret",
            "a new long secret",
            "another fine secret",
            "reset by the admin",
            "my own secret 5521",
            "sales own secret 7",
            "secret of gnaw.gne",
            "first pass of uohz.gne",
            "fuzzing boss pass 2026",
            "boss picks a new one",
        ] {
            assert!(!refused(fine, "eng.wang"), "{fine}");
        }
    }
}
