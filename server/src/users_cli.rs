//! `servicebook user add|passwd`: account management from a shell, with the
//! server stopped (the data directory lock refuses it otherwise). Writes go
//! through the same rules and the same audit trail as the API, as `cli`.

use crate::auth::password;
use crate::cli::UserCommand;
use crate::domain::users as rules;
use crate::store::{Actor, Store, StoreOptions};
use servicebook_shared::users::{FieldErrors, NewUser};
use std::io::BufRead;

pub fn run(cmd: UserCommand) -> Result<(), String> {
    match cmd {
        UserCommand::Add {
            username,
            roles,
            display_name,
            skills,
            data,
        } => {
            let store = Store::open(&data, &StoreOptions::default()).map_err(|e| e.to_string())?;
            let password = read_password()?;
            let input = NewUser {
                username: username.trim().to_owned(),
                display_name,
                roles,
                skills,
                password,
                ..Default::default()
            };
            rules::validate_new(&input).map_err(describe)?;
            let hash = password::hash_now(&input.password)?;
            // The operator chose this password for the person: they change it at first sign-in.
            let record = rules::new_record(input, hash, true);
            let saved = store
                .write_blocking(move |tx| tx.insert_audited(record.clone(), &Actor::cli()))
                .map_err(|e| e.to_string())?;
            store.close();
            println!("created user {} (id {})", saved.username, saved.meta.id);
            Ok(())
        }
        UserCommand::Passwd { username, data } => {
            let store = Store::open(&data, &StoreOptions::default()).map_err(|e| e.to_string())?;
            let user = store
                .user_by_username(username.trim())
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("there is no user {username}"))?;
            let password = read_password()?;
            let mut errors = FieldErrors::new();
            rules::check_new_password("password", &password, &user.username, &mut errors);
            if !errors.is_empty() {
                return Err(describe(errors));
            }
            let next = rules::with_password(&user, password::hash_now(&password)?, false);
            let version = user.meta.version;
            store
                .write_blocking(move |tx| {
                    tx.update_audited(next.clone(), version, &Actor::cli(), "password-reset")
                })
                .map_err(|e| e.to_string())?;
            store.close();
            println!(
                "password of {} changed; their sessions have ended",
                user.username
            );
            Ok(())
        }
    }
}

fn read_password() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from stdin: {e}"))?;
    let pw = line.trim_end_matches(['\n', '\r']).to_owned();
    if pw.is_empty() {
        return Err("give the password as the first line of stdin, e.g. `printf '%s\\n' \"$PW\" | servicebook user add …`".into());
    }
    Ok(pw)
}

fn describe(errors: FieldErrors) -> String {
    errors
        .iter()
        .map(|(f, m)| format!("{f} {m}"))
        .collect::<Vec<_>>()
        .join("; ")
}
