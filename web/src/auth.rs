//! Who is signed in, for the whole app. The server decides what anyone may
//! do; the app asks the same questions (`servicebook_shared::permissions`)
//! only to decide what to show.

use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;
use servicebook_shared::permissions::Who;
use servicebook_shared::users::User;

#[derive(Clone, Copy)]
pub struct Auth {
    pub user: RwSignal<Option<User>>,
    /// Whether `/api/auth/session` has answered once.
    pub checked: RwSignal<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Loading,
    SignedOut,
    MustChangePassword,
    /// The firm requires two-factor sign-in of admins, and this one has none.
    MustSetUpTwoFactor,
    SignedIn,
}

/// A permission question about the user alone, e.g.
/// `permissions::edit_customers`.
pub type Question = fn(Who) -> bool;

impl Auth {
    /// The answer to a permission question for the signed-in user (`false`
    /// when nobody is). Reactive: re-asked when the user changes.
    ///
    /// `auth.may(permissions::edit_customers)`, or with what the rule needs
    /// to know about a record:
    /// `auth.may(|w| permissions::log_steps(w, assigned))`.
    pub fn may(&self, question: impl FnOnce(Who) -> bool) -> bool {
        self.user.with(|u| {
            u.as_ref()
                .is_some_and(|u| question(Who::new(u.id, &u.roles)))
        })
    }

    /// The signed-in user's id.
    pub fn id(&self) -> Option<u64> {
        self.user.with(|u| u.as_ref().map(|u| u.id))
    }

    /// Whether the signed-in user is one of `ids` (e.g. a work order's
    /// engineers).
    pub fn is_one_of(&self, ids: &[u64]) -> bool {
        self.id().is_some_and(|me| ids.contains(&me))
    }

    pub fn gate(&self) -> Gate {
        match (self.checked.get(), self.user.get()) {
            (false, _) => Gate::Loading,
            (true, None) => Gate::SignedOut,
            (true, Some(u)) if u.must_change_password => Gate::MustChangePassword,
            (true, Some(u)) if u.must_set_up_two_factor => Gate::MustSetUpTwoFactor,
            _ => Gate::SignedIn,
        }
    }

    pub fn sign_out(&self) {
        let auth = *self;
        spawn_local(async move {
            let _ = api::auth::logout().await;
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
        let me = api::auth::session().await.ok().and_then(|s| s.user);
        auth.user.set(me);
        auth.checked.set(true);
    });
    provide_context(auth);
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
