//! The Servicebook browser app: Leptos, client-side rendered.

mod api;
mod app;
mod auth;
mod components;
mod handover;
mod i18n;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
