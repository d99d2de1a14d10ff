//! The serial-number lookup box in the header of every page; `/` focuses it.

use crate::i18n::use_i18n;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

#[component]
pub fn LookupBox() -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    let serial = RwSignal::new(String::new());
    let input: NodeRef<Input> = NodeRef::new();
    // `/` anywhere but in a text field jumps to the box.
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.is_content_editable()
            });
        if ev.key() == "/" && !typing && !ev.ctrl_key() && !ev.meta_key() {
            ev.prevent_default();
            if let Some(el) = input.get() {
                let _ = el.focus();
            }
        }
    });
    on_cleanup(move || handle.remove());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = serial.get_untracked().trim().to_owned();
        if !s.is_empty() {
            navigate(
                &format!("/lookup?serial={}", js_sys::encode_uri_component(&s)),
                Default::default(),
            );
        }
    };
    view! {
        <form class="lookup" role="search" on:submit=submit>
            <input node_ref=input type="search" bind:value=serial data-testid="lookup-input"
                placeholder=move || i.t("lookup.placeholder") aria-label=move || i.t("lookup.label")/>
        </form>
    }
}
