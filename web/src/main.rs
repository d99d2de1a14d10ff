//! The Servicebook browser app: Leptos, client-side rendered.

mod api;
mod app;
mod auth;
mod components;
mod handover;
mod i18n;
mod load;
mod pages;

fn main() {
    // Only in debug builds: the hook's message formatting is weight every
    // phone downloads, and a release build aborts on panic anyway.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
