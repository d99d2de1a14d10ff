//! Parts from stock on the repair record: the lines already used, and a
//! small form to use one more from the engineer's own kit or a warehouse.

use crate::api;
use crate::api::stock::LocationQuery;
use crate::auth::use_auth;
use crate::components::error::{field_error, FormError};
use crate::i18n::use_i18n;
use crate::pages::stock::movement::split_serials;
use crate::pages::stock::part_requests::name_in;
use leptos::prelude::*;
use servicebook_shared::repairs::{Repair, UseStockPart};
use servicebook_shared::stock::LocationKind;
use servicebook_shared::ApiProblem;

#[component]
pub fn UseStockPartForm(r: Repair, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let (id, version) = (r.id, r.version);
    let used: Vec<_> = r
        .sheet
        .parts
        .iter()
        .filter(|p| p.part_id.is_some())
        .cloned()
        .collect();
    let search = RwSignal::new(String::new());
    let part = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let quantity = RwSignal::new("1".to_owned());
    let serials = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiProblem>);
    let found = crate::load::load(move || {
        let q = search.get();
        async move {
            api::parts::list(&api::parts::PartQuery {
                q: (!q.trim().is_empty()).then_some(q),
                limit: Some(50),
                ..Default::default()
            })
            .await
            .map(|p| p.items)
        }
    });
    let me = auth.id();
    // My kit and the warehouses: where an engineer takes parts from.
    let places = crate::load::load(move || async move {
        let all = api::stock::locations(&LocationQuery::default()).await?;
        Ok::<_, ApiProblem>(
            all.into_iter()
                .filter(|l| {
                    l.kind == LocationKind::Warehouse
                        || (l.kind == LocationKind::Kit
                            && l.engineer_id.is_some()
                            && l.engineer_id == me)
                })
                .collect::<Vec<_>>(),
        )
    });
    let send = crate::load::act(move |body: &UseStockPart| {
        let body = body.clone();
        async move { api::repairs::use_part(id, &body).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => done.update(|n| *n += 1),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch(UseStockPart {
            version,
            part_id: part.get_untracked().parse().unwrap_or(0),
            location_id: from.get_untracked().parse().unwrap_or(0),
            quantity: quantity.get_untracked().trim().parse().unwrap_or(0),
            serials: split_serials(&serials.get_untracked()),
        });
    };
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    view! {
        <section class="card" data-testid="repair-stock-parts">
            <h2>{move || i.t("report.parts_from_stock")}</h2>
            <ul>{used.into_iter().map(|p| view! { <li>{format!("{} × {} · {}", p.part, p.quantity, p.amount.format())}</li> }).collect_view()}</ul>
            <form class="grid-form" on:submit=submit>
                <label>{move || i.t("pr.search")}<input type="search" bind:value=search data-testid="repair-stock-search"/></label>
                <label>{move || i.t("stock.part")}
                    <select prop:value=move || part.get() on:change=move |ev| part.set(event_target_value(&ev)) data-testid="repair-stock-part">
                        <option value="">{move || i.t("stock.choose")}</option>
                        {move || found.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p| {
                            let label = format!("{} · {}", p.part_number, name_in(i, &p.name_zh, &p.name_en));
                            view! { <option value=p.id.to_string()>{label}</option> }
                        }).collect_view()}
                    </select>
                    <span class="field-error">{err("part_id")}</span>
                </label>
                <label>{move || i.t("stock.from")}
                    <select prop:value=move || from.get() on:change=move |ev| from.set(event_target_value(&ev)) data-testid="repair-stock-from">
                        <option value="">{move || i.t("stock.choose")}</option>
                        {move || places.get().and_then(Result::ok).unwrap_or_default().into_iter()
                            .map(|l| view! { <option value=l.id.to_string()>{l.name}</option> }).collect_view()}
                    </select>
                    <span class="field-error">{err("location_id")}</span>
                </label>
                <label>{move || i.t("stock.quantity")}<input inputmode="numeric" bind:value=quantity/>
                    <span class="field-error">{err("quantity")}</span></label>
                <label>{move || i.t("stock.serials")}<input bind:value=serials/><span class="field-error">{err("serials")}</span></label>
                <button type="submit" data-testid="repair-stock-use" disabled=move || send.pending().get()>{move || i.t("repairs.use_part")}</button>
                <FormError problem=error shown=&["part_id", "location_id", "quantity", "serials"]/>
            </form>
        </section>
    }
}
