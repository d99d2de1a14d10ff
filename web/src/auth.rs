//! Who is signed in, for the whole app. The server decides what anyone may
//! do; this only decides what to show.

use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;
use servicebook_shared::users::{Role, SessionState, User};

#[derive(Clone, Copy)]
pub struct Auth {
    pub user: RwSignal<Option<User>>,
    /// Whether `/api/auth/me` has answered once.
    pub checked: RwSignal<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Loading,
    SignedOut,
    MustChangePassword,
    SignedIn,
}

impl Auth {
    pub fn has(&self, role: Role) -> bool {
        self.user.with(|u| u.as_ref().is_some_and(|u| u.has(role)))
    }

    pub fn gate(&self) -> Gate {
        match (self.checked.get(), self.user.get()) {
            (false, _) => Gate::Loading,
            (true, None) => Gate::SignedOut,
            (true, Some(u)) if u.must_change_password => Gate::MustChangePassword,
            _ => Gate::SignedIn,
        }
    }

    pub fn sign_out(&self) {
        let auth = *self;
        spawn_local(async move {
            let _ = api::post_empty("/api/auth/logout").await;
            auth.user.set(None);
        });
    }
}

pub fn provide() -> Auth {
    let auth = Auth {
        user: RwSignal::new(None),
        checked: RwSignal::new(false),
    };
    api::on_unauthorized(move || auth.user.set(None));
    spawn_local(async move {
        let me = api::get::<SessionState>("/api/auth/session")
            .await
            .ok()
            .and_then(|s| s.user);
        auth.user.set(me);
        auth.checked.set(true);
    });
    provide_context(auth);
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
