//! `servicebook user add|passwd`: account management from a shell, with the
//! server stopped (the data directory lock refuses it otherwise). Writes go
//! through the same rules and the same audit trail as the API, as `cli`.

use crate::cli::{block_on, UserCommand};
use crate::service::users::{self, Hashing};
use crate::service::Caller;
use crate::store::{Store, StoreOptions};
use servicebook_shared::users::NewUser;
use std::io::BufRead;

pub fn run(cmd: UserCommand) -> Result<(), String> {
    let caller = Caller::cli();
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
                username,
                display_name,
                roles,
                skills,
                password,
                ..Default::default()
            };
            // The operator chose this password for the person: they change it at first sign-in.
            let saved = block_on(users::create_user(
                &store,
                &caller,
                input,
                true,
                Hashing::Here,
            ))?
            .map_err(|e| users::describe(&e))?;
            store.close();
            println!("created user {} (id {})", saved.username, saved.meta.id);
            Ok(())
        }
        UserCommand::Passwd { username, data } => {
            let store = Store::open(&data, &StoreOptions::default()).map_err(|e| e.to_string())?;
            if store
                .user_by_username(username.trim())
                .map_err(|e| e.to_string())?
                .is_none()
            {
                return Err(format!("there is no user {username}"));
            }
            let password = read_password()?;
            let saved = block_on(users::set_password_from_cli(
                &store, &caller, &username, password,
            ))?
            .map_err(|e| users::describe(&e))?;
            store.close();
            println!(
                "password of {} changed; their sessions have ended",
                saved.username
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
