//! The loaner pool: every unit, by status (on the shelf, out, retired) and
//! text, made for a phone (one column per unit) and a desk; the pool's
//! keepers add units here. The filters live in the address.

use super::unit::{UnitFields, UnitFieldsView, FIELDS};
use super::unit_status_label;
use crate::api;
use crate::api::loaners::UnitQuery;
use crate::auth::use_auth;
use crate::components::error::{ErrorView, FormError};
use crate::components::filters::Filters;
use crate::components::paged::Paged;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use servicebook_shared::loaners::{NewLoanerUnit, UnitStatus};
use servicebook_shared::{permissions, ApiProblem};

const KEYS: &[&str] = &["status", "q"];

fn status_of(s: &str) -> Option<UnitStatus> {
    UnitStatus::ALL.into_iter().find(|x| x.as_str() == s)
}

#[component]
pub fn Pool() -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let filters = Filters::new("/loaners", KEYS);
    let units = Paged::new(
        move || {
            let q = filters.get("q");
            UnitQuery {
                status: status_of(&filters.get("status")),
                q: (!q.trim().is_empty()).then(|| q.trim().to_owned()),
                limit: Some(50),
                ..Default::default()
            }
        },
        |q: UnitQuery, cursor| async move { api::loaners::units(&UnitQuery { cursor, ..q }).await },
    );
    let search = RwSignal::new(filters.get_untracked("q"));
    let set_search = move || filters.set("q", search.get_untracked());
    let manages = auth.may(permissions::manage_loaner_pool);
    let lends = auth.may(permissions::lend_loaners);
    let adding = RwSignal::new(false);
    let statuses = [
        (None, "loaners.all"),
        (Some(UnitStatus::Available), "loaners.status_available"),
        (Some(UnitStatus::Out), "loaners.status_out"),
        (Some(UnitStatus::Retired), "loaners.status_retired"),
    ];
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("loaners.pool")}</h1>
                <div class="actions">
                    <a class="button" href="/loaners/loans?out=true" data-testid="pool-loans-out">{move || i.t("loaners.loans_out")}</a>
                    <a class="button" href="/loaners/loans?overdue=true" data-testid="pool-overdue">{move || i.t("loaners.overdue_list")}</a>
                    {lends.then(|| view! { <a class="button primary" href="/loaners/lend" data-testid="pool-lend">{move || i.t("loaners.lend")}</a> })}
                    {manages.then(|| view! { <button data-testid="pool-add" on:click=move |_| adding.update(|a| *a = !*a)>{move || i.t("loaners.add_unit")}</button> })}
                </div>
            </div>
            <Show when=move || adding.get()>
                <NewUnit done=move || { adding.set(false); }/>
            </Show>
            <div class="filters" data-testid="pool-filters">
                <div class="segmented" role="radiogroup" aria-label=move || i.t("loaners.status")>
                    {statuses.into_iter().map(|(s, key)| {
                        let value = s.map(|s| s.as_str().to_owned()).unwrap_or_default();
                        let v2 = value.clone();
                        view! {
                            <label class="segment" class:selected=move || filters.get("status") == value>
                                <input type="radio" name="status" data-testid=format!("pool-status-{}", if v2.is_empty() { "all" } else { v2.as_str() })
                                    on:change={let v = v2.clone(); move |_| filters.set("status", v.clone())}/>
                                {move || i.t(key)}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <input type="search" bind:value=search data-testid="pool-search"
                    placeholder=move || i.t("loaners.search") aria-label=move || i.t("loaners.search")
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); set_search(); }
                    on:change=move |_| set_search()/>
            </div>
            {move || units.error.get().map(|p| view! { <ErrorView problem=p/> })}
            <div class="table-wrap">
                <table data-testid="pool-table">
                    <thead><tr>
                        <th>{move || i.t("loaners.serial")}</th>
                        <th class="hide-narrow">{move || i.t("loaners.product")}</th>
                        <th class="hide-narrow">{move || i.t("loaners.asset_tag")}</th>
                        <th>{move || i.t("loaners.status")}</th>
                        <th class="hide-narrow">{move || i.t("loaners.condition")}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || units.items.get() key=|u| (u.id, u.version) let(u)>
                            {
                                let product = format!("{} {} {}", u.brand, u.product, u.model).trim().to_owned();
                                let status = u.status;
                                view! {
                                    <tr>
                                        <td><a class="nowrap" href=format!("/loaners/{}", u.id)>{u.serial_number.clone()}</a>
                                            <span class="show-narrow muted small"><br/>{product.clone()}</span></td>
                                        <td class="hide-narrow">{product}</td>
                                        <td class="hide-narrow">{u.asset_tag.clone()}</td>
                                        <td><span class="badge">{move || unit_status_label(i, status)}</span>
                                            {u.current_loan_id.map(|l| view! { " "<a class="small" href=format!("/loaners/loans/{l}")>{move || i.t("loaners.current_loan")}</a> })}</td>
                                        <td class="hide-narrow">{u.condition.clone()}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || !units.loading.get() && units.items.with(Vec::is_empty) && units.error.with(Option::is_none)>
                <p class="muted">{move || i.t("loaners.no_units")}</p>
            </Show>
            <Show when=move || units.loading.get()>
                <p class="muted">{move || i.t("common.loading")}</p>
            </Show>
            <Show when=move || units.has_more()>
                <button class="list-more" on:click=move |_| units.more() disabled=move || units.loading.get()>{move || i.t("common.more")}</button>
            </Show>
        </section>
    }
}

/// A new unit for the pool; opens its page once saved.
#[component]
fn NewUnit(done: impl Fn() + Copy + 'static) -> impl IntoView {
    let i = use_i18n();
    let f = UnitFields::new();
    let error = RwSignal::new(None::<ApiProblem>);
    let navigate = use_navigate();
    let create = crate::load::act(|body: &NewLoanerUnit| {
        let body = body.clone();
        async move { api::loaners::create_unit(&body).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(u)) => {
            done();
            navigate(&format!("/loaners/{}", u.id), Default::default());
        }
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        create.dispatch(f.new_unit());
    };
    view! {
        <form on:submit=submit class="grid-form" data-testid="new-unit">
            <UnitFieldsView f=f error=error/>
            <button type="submit" class="primary" data-testid="new-unit-save" disabled=move || create.pending().get()>{move || i.t("loaners.add_unit")}</button>
        </form>
        <FormError problem=error shown=FIELDS/>
    }
}
