//! The loans: those out, the overdue ones (due before today, not back), or
//! all, optionally of one customer or request. The filters live in the
//! address (`?out=true`, `?overdue=true`, `?customer_id=`, `?request_id=`).

use super::LoanBadge;
use crate::api;
use crate::api::loaners::LoanQuery;
use crate::components::error::ErrorView;
use crate::components::filters::Filters;
use crate::components::paged::Paged;
use crate::i18n::use_i18n;
use leptos::prelude::*;

const KEYS: &[&str] = &["out", "overdue", "customer_id", "request_id"];

#[component]
pub fn LoanList() -> impl IntoView {
    let i = use_i18n();
    let filters = Filters::new("/loaners/loans", KEYS);
    let flag = move |k: &str| (filters.get(k) == "true").then_some(true);
    let loans = Paged::new(
        move || LoanQuery {
            out: flag("out"),
            overdue: flag("overdue"),
            customer_id: filters.get("customer_id").parse().ok(),
            request_id: filters.get("request_id").parse().ok(),
            limit: Some(50),
            ..Default::default()
        },
        |q: LoanQuery, cursor| async move { api::loaners::loans(&LoanQuery { cursor, ..q }).await },
    );
    let views = [
        ("", "loaners.all_loans"),
        ("out", "loaners.loans_out"),
        ("overdue", "loaners.overdue_list"),
    ];
    let current = move || {
        if flag("overdue").is_some() {
            "overdue"
        } else if flag("out").is_some() {
            "out"
        } else {
            ""
        }
    };
    let choose = move |v: &'static str| {
        let mut pairs: Vec<(&str, String)> = ["customer_id", "request_id"]
            .into_iter()
            .map(|k| (k, filters.get_untracked(k)))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        if !v.is_empty() {
            pairs.push((v, "true".into()));
        }
        filters.go(&pairs);
    };
    let narrowed =
        move || !filters.get("customer_id").is_empty() || !filters.get("request_id").is_empty();
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{move || i.t("loaners.loans")}</h1>
                <a class="button" href="/loaners">{move || i.t("loaners.pool")}</a>
            </div>
            <div class="filters">
                <div class="segmented" role="radiogroup" aria-label=move || i.t("loaners.loans")>
                    {views.into_iter().map(|(v, key)| view! {
                        <label class="segment" class:selected=move || current() == v>
                            <input type="radio" name="loans-view" data-testid=format!("loans-view-{}", if v.is_empty() { "all" } else { v })
                                on:change=move |_| choose(v)/>
                            {move || i.t(key)}
                        </label>
                    }).collect_view()}
                </div>
                <Show when=narrowed>
                    <a class="button" href="/loaners/loans">{move || i.t("common.clear")}</a>
                </Show>
            </div>
            {move || loans.error.get().map(|p| view! { <ErrorView problem=p/> })}
            <div class="table-wrap">
                <table data-testid="loans-table">
                    <thead><tr>
                        <th>{move || i.t("loaners.loan")}</th>
                        <th>{move || i.t("loaners.customer")}</th>
                        <th class="hide-narrow">{move || i.t("loaners.unit")}</th>
                        <th>{move || i.t("loaners.due_date")}</th>
                        <th class="hide-narrow">{move || i.t("loaners.state")}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || loans.items.get() key=|l| (l.id, l.version) let(l)>
                            {
                                let unit = format!("{} {} · {}", l.unit.product, l.unit.model, l.unit.serial_number);
                                view! {
                                    <tr class:bad=l.overdue>
                                        <td><a class="nowrap" href=format!("/loaners/loans/{}", l.id)>{l.number.clone()}</a>
                                            <span class="show-narrow muted small"><br/>{unit.clone()}</span></td>
                                        <td><a href=format!("/customers/{}", l.customer_id)>{l.customer_name.clone()}</a></td>
                                        <td class="hide-narrow">{unit.clone()}</td>
                                        <td class="nowrap">{l.due_date.to_string()}</td>
                                        <td class="hide-narrow"><LoanBadge loan=l.clone()/></td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || !loans.loading.get() && loans.items.with(Vec::is_empty) && loans.error.with(Option::is_none)>
                <p class="muted">{move || i.t("loaners.no_loans")}</p>
            </Show>
            <Show when=move || loans.loading.get()>
                <p class="muted">{move || i.t("common.loading")}</p>
            </Show>
            <Show when=move || loans.has_more()>
                <button class="list-more" on:click=move |_| loans.more() disabled=move || loans.loading.get()>{move || i.t("common.more")}</button>
            </Show>
        </section>
    }
}
