//! Staff accounts: search, filter by role, page through.

use crate::api;
use crate::api::users::UserQuery;
use crate::components::error::ErrorView;
use crate::components::filters::href;
use crate::components::paged::Paged;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use servicebook_shared::users::Role;

#[component]
pub fn UserList() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let q = RwSignal::new(query.with_untracked(|m| m.get("q").unwrap_or_default()));
    let role = RwSignal::new(query.with_untracked(|m| m.get("role").unwrap_or_default()));

    // Reloads whenever the filters in the address change (they are linkable).
    let users = Paged::new(
        move || {
            query.with(|m| UserQuery {
                q: m.get("q").filter(|s| !s.is_empty()),
                role: m.get_str("role").and_then(Role::parse),
                ..Default::default()
            })
        },
        |q: UserQuery, cursor| async move { api::users::list(&UserQuery { cursor, ..q }).await },
    );
    let (items, next, error, loading) = (users.items, users.next, users.error, users.loading);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        navigate(
            &href(
                "/users",
                &[("q", q.get_untracked()), ("role", role.get_untracked())],
            ),
            Default::default(),
        );
    };
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("users.title")}</h1>
                <a class="button primary" href="/users/new" data-testid="users-new">{move || i.t("users.new")}</a>
            </div>
            <form class="filters" on:submit=search>
                <input type="search" placeholder=move || i.t("users.search") bind:value=q data-testid="users-search"/>
                <select bind:value=role>
                    <option value="">{move || i.t("users.all_roles")}</option>
                    {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{move || i.t(&format!("role.{}", r.as_str()))}</option> }).collect_view()}
                </select>
                <button type="submit">{move || i.t("common.search")}</button>
            </form>
            {move || error.get().map(|p| view! { <ErrorView problem=p/> })}
            <div class="table-wrap">
                <table data-testid="users-table">
                    <thead><tr>
                        <th>{move || i.t("user.username")}</th>
                        <th>{move || i.t("user.display_name")}</th>
                        <th>{move || i.t("user.roles")}</th>
                        <th class="hide-narrow">{move || i.t("user.skills")}</th>
                        <th>{move || i.t("user.state")}</th>
                    </tr></thead>
                    <tbody>
                        {move || items.get().into_iter().map(|u| {
                            let roles = u.roles.iter().map(|r| format!("role.{}", r.as_str())).collect::<Vec<_>>();
                            view! {
                                <tr>
                                    <td><a href=format!("/users/{}", u.id)>{u.username.clone()}</a></td>
                                    <td>{u.display_name.clone()}</td>
                                    <td>{move || roles.iter().map(|k| i.t(k)).collect::<Vec<_>>().join(", ")}</td>
                                    <td class="hide-narrow">{u.skills.join(", ")}</td>
                                    <td>{if u.active {
                                        view! { <span class="badge ok">{move || i.t("user.active")}</span> }.into_any()
                                    } else {
                                        view! { <span class="badge bad">{move || i.t("user.disabled")}</span> }.into_any()
                                    }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <Show when=move || !loading.get() && items.with(Vec::is_empty) && error.with(Option::is_none)>
                <p class="muted">{move || i.t("users.none")}</p>
            </Show>
            <Show when=move || next.with(Option::is_some)>
                <button on:click=move |_| users.more()>{move || i.t("common.more")}</button>
            </Show>
        </section>
    }
}
