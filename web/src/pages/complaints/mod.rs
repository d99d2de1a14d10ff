//! Complaints (投诉): the manager's queue (open first, each clock's due
//! time red when late), logging one (from a request's page too), and one
//! complaint with the acknowledge and close forms. Buttons follow the same
//! `permissions` questions the server asks.

pub mod detail;
pub mod list;
pub mod new;

use crate::components::time::local;
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use servicebook_shared::complaints::{
    ComplaintClock, ComplaintOutcome, ComplaintSource, ComplaintState,
};
use servicebook_shared::permissions::{self, Who};
use servicebook_shared::users::Role;

pub fn state_label(i: I18n, s: ComplaintState) -> String {
    i.t(&format!("complaints.state_{}", s.as_str()))
}

pub fn source_label(i: I18n, s: ComplaintSource) -> String {
    i.t(&format!("complaints.source_{}", s.as_str()))
}

pub fn outcome_label(i: I18n, o: ComplaintOutcome) -> String {
    i.t(&format!("complaints.outcome_{}", o.as_str()))
}

/// Whether the list page is for this user: whoever reads every complaint,
/// and an engineer (who sees those naming them).
pub fn may_list(who: Who) -> bool {
    permissions::read_complaints(who) || who.is(Role::Engineer)
}

#[component]
pub fn StateBadge(state: ComplaintState) -> impl IntoView {
    let i = use_i18n();
    let class = match state {
        ComplaintState::Open => "badge warn",
        ComplaintState::Acknowledged => "badge",
        ComplaintState::Closed => "badge ok",
    };
    view! { <span class=class data-testid="complaint-state">{move || state_label(i, state)}</span> }
}

/// A clock's due time, red when late; "met" with its time once kept.
#[component]
pub fn ClockCell(clock: ComplaintClock) -> impl IntoView {
    let i = use_i18n();
    let due = clock.due_at;
    let late = clock.breached;
    let met = clock.met_at;
    view! {
        <span class="nowrap" class:bad=late data-testid="complaint-clock" data-late=late.to_string()>
            {move || match met {
                Some(m) => format!("{} {}", i.t("complaints.met"), local(m, i.lang.get())),
                None => format!("{} {}", i.t("complaints.due"), local(due, i.lang.get())),
            }}
            {late.then(|| view! { " "<span class="badge bad">{move || i.t("complaints.late")}</span> })}
        </span>
    }
}
