//! Repairs (送修): the counter's intake form, the board by state, one
//! repair with the actions the shared state table allows, and the printed
//! claim voucher (取机凭证) and repair record (维修记录单).

pub mod actions;
pub mod board;
pub mod detail;
pub mod hand_back;
pub mod intake;
pub mod of;
pub mod print;
pub mod sheet;
pub mod stock_part;
pub mod voucher;

use crate::i18n::{text, I18n, Lang};
use leptos::prelude::Get;
use servicebook_shared::permissions::Who;
use servicebook_shared::repairs::{AccessoryItem, Repair, RepairState, RepairVerb};

pub fn state_label(i: I18n, s: RepairState) -> String {
    i.t(&format!("repairs.state.{}", s.as_str()))
}

pub fn verb_label(i: I18n, v: RepairVerb) -> String {
    i.t(&format!("repairs.verb.{}", v.as_str().replace('-', "_")))
}

pub fn state_class(s: RepairState) -> &'static str {
    match s {
        RepairState::QuoteSent | RepairState::QuoteDeclined => "badge warn",
        RepairState::Ready => "badge ok",
        RepairState::PickedUp | RepairState::ReturnedUnrepaired => "badge muted",
        _ => "badge",
    }
}

/// An accessory in the page's language.
pub fn accessory_label(i: I18n, a: &AccessoryItem) -> String {
    a.label(i.lang.get() == Lang::Zh)
}

/// "中文 English": both languages, for printed pages.
pub fn both(key: &str) -> String {
    format!("{} {}", text(Lang::Zh, key), text(Lang::En, key))
}

/// Whether `who` may take `verb` on `r` now: the state table and the
/// permission question the server asks.
pub fn can(who: Who, r: &Repair, verb: RepairVerb) -> bool {
    verb.next(r.state, r.facts()).is_ok()
        && servicebook_shared::permissions::repair_action(who, verb)
}

/// Where the voucher's code waits for printing: this tab only (the server
/// keeps just its hash and shows it once, at intake).
fn code_key(id: u64) -> String {
    format!("servicebook.voucher.{id}")
}

pub fn keep_code(id: u64, code: &str) {
    if let Some(s) = leptos::prelude::window().session_storage().ok().flatten() {
        let _ = s.set_item(&code_key(id), code);
    }
}

pub fn kept_code(id: u64) -> Option<String> {
    leptos::prelude::window()
        .session_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(&code_key(id)).ok().flatten())
}

/// Whole days since `at`.
pub fn days_since(at: chrono::DateTime<chrono::Utc>) -> i64 {
    (crate::pages::requests::now() - at).num_days()
}
