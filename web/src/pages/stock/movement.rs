//! Recording a movement (the store keeper and the manager): one form
//! whose fields follow the kind chosen (`MovementKind::shape`). The server
//! checks stock, serials and permissions inside its write; its refusals
//! show next to the fields they name.

use super::{kind_label, location_kind_label, use_locations};
use crate::api;
use crate::api::parts::PartQuery;
use crate::api::work_orders::WorkOrderQuery;
use crate::auth::use_auth;
use crate::components::error::{field_error, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::parts::{part_name, Part};
use servicebook_shared::permissions;
use servicebook_shared::stock::{Movement, MovementKind, NewMovement, Shape};
use servicebook_shared::ApiProblem;

const SHOWN: &[&str] = &[
    "kind",
    "part_id",
    "quantity",
    "delta",
    "from_location_id",
    "to_location_id",
    "location_id",
    "engineer_id",
    "work_order_id",
    "serials",
    "supplier",
    "reference",
    "reason",
];

/// Serials as typed: one per line, or separated by commas or spaces.
pub fn split_serials(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == '，' || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[component]
pub fn MovementPage() -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let kind = RwSignal::new(MovementKind::Receive);
    let part = RwSignal::new(None::<Part>);
    let search = RwSignal::new(String::new());
    let matches = RwSignal::new(Vec::<Part>::new());
    let (from, to, at) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (quantity, engineer, work_order) = (
        RwSignal::new("1".to_owned()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (serials, supplier, reference, reason) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let locations = use_locations();
    let may_list_users = auth.may(permissions::list_users);
    let engineers = crate::load::load(move || async move {
        if may_list_users {
            api::users::engineers().await
        } else {
            Ok(Vec::new())
        }
    });
    let orders = crate::load::load(|| async move {
        api::work_orders::list(&WorkOrderQuery {
            limit: Some(200),
            ..Default::default()
        })
        .await
    });
    let error = RwSignal::new(None::<ApiProblem>);
    let done = RwSignal::new(None::<Movement>);
    let record = crate::load::act(move |m: &NewMovement| {
        let m = m.clone();
        async move { api::stock::record(&m).await }
    });
    Effect::new(move |_| match record.value().get() {
        Some(Ok(m)) => {
            done.set(Some(m));
            serials.set(String::new());
            reason.set(String::new());
        }
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let find = move || {
        let q = search.get_untracked().trim().to_owned();
        if q.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let query = PartQuery {
                q: Some(q),
                limit: Some(10),
                ..Default::default()
            };
            if let Ok(page) = api::parts::list(&query).await {
                let _ = matches.try_set(page.items);
            }
        });
    };
    let id_of = |s: RwSignal<String>| s.get_untracked().trim().parse::<u64>().ok();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        done.set(None);
        let k = kind.get_untracked();
        let shape = k.shape();
        let amount = quantity.get_untracked().trim().to_owned();
        let (q, delta) = if k == MovementKind::Adjust {
            (None, amount.parse::<i64>().ok())
        } else {
            (amount.parse::<u32>().ok(), None)
        };
        if q.is_none() && delta.is_none() {
            let field = if k == MovementKind::Adjust {
                "delta"
            } else {
                "quantity"
            };
            let mut p = ApiProblem::new(422, servicebook_shared::ProblemCode::Invalid, "", "");
            p.errors.insert(field.into(), i.t("stock.bad_quantity"));
            error.set(Some(p));
            return;
        }
        let engineer_id = (k == MovementKind::Issue)
            .then(|| id_of(engineer))
            .flatten();
        record.dispatch(NewMovement {
            kind: Some(k),
            part_id: part.get_untracked().map_or(0, |p| p.id),
            quantity: q,
            delta,
            from_location_id: matches!(shape, Shape::From | Shape::FromTo)
                .then(|| id_of(from))
                .flatten(),
            to_location_id: (matches!(shape, Shape::To | Shape::FromTo) && engineer_id.is_none())
                .then(|| id_of(to))
                .flatten(),
            location_id: (shape == Shape::At).then(|| id_of(at)).flatten(),
            engineer_id,
            work_order_id: id_of(work_order),
            serials: split_serials(&serials.get_untracked()),
            supplier: supplier.get_untracked(),
            reference: reference.get_untracked(),
            file_id: None,
            reason: reason.get_untracked(),
        });
    };
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    let shape = move || kind.get().shape();
    let location_select = move |value: RwSignal<String>, testid: &'static str| {
        view! {
            <select prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev)) data-testid=testid>
                <option value="">{move || i.t("stock.choose")}</option>
                {move || locations.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|l| {
                    let k = l.kind;
                    view! { <option value=l.id.to_string()>{l.name.clone()}" ("{move || location_kind_label(i, k)}")"</option> }
                }).collect_view()}
            </select>
        }
    };
    view! {
        <section class="card">
            <h1>{move || i.t("stock.record")}</h1>
            <form class="grid-form" on:submit=submit data-testid="movement-form">
                <label>{move || i.t("stock.movement_kind")}
                    <select data-testid="movement-kind" on:change=move |ev| {
                        if let Some(k) = MovementKind::parse(&event_target_value(&ev)) { kind.set(k) }
                    }>
                        {MovementKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{move || kind_label(i, k)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{move || i.t("stock.part")}
                    {move || match part.get() {
                        Some(p) => {
                            let label = format!("{} · {}", p.part_number, part_name(&p, i.lang.get().tag()));
                            view! { <span class="chip" data-testid="movement-part">{label}
                                <button type="button" class="link" aria-label=move || i.t("common.clear") on:click=move |_| part.set(None)>"×"</button></span> }.into_any()
                        }
                        None => view! {
                            <input type="search" bind:value=search placeholder=move || i.t("parts.search") data-testid="movement-part-search"
                                on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); find(); }
                                on:change=move |_| find()/>
                        }.into_any(),
                    }}
                    <span class="field-error">{err("part_id")}</span>
                </label>
                {move || (!matches.with(Vec::is_empty)).then(|| view! {
                    <ul class="picks span">
                        {matches.get().into_iter().map(|p| {
                            let label = format!("{} · {}", p.part_number, part_name(&p, i.lang.get_untracked().tag()));
                            view! { <li><button type="button" class="link" on:click=move |_| { part.set(Some(p.clone())); matches.set(Vec::new()); search.set(String::new()); }>{label}</button></li> }
                        }).collect_view()}
                    </ul>
                })}
                <Show when=move || matches!(shape(), Shape::From | Shape::FromTo)>
                    <label>{move || i.t("stock.from")}{location_select(from, "movement-from")}<span class="field-error">{err("from_location_id")}</span></label>
                </Show>
                <Show when=move || matches!(shape(), Shape::To | Shape::FromTo)>
                    <label>{move || i.t("stock.to")}{location_select(to, "movement-to")}<span class="field-error">{err("to_location_id")}</span></label>
                </Show>
                <Show when=move || kind.get() == MovementKind::Issue && may_list_users>
                    <label>{move || i.t("stock.engineer")}
                        <select prop:value=move || engineer.get() on:change=move |ev| engineer.set(event_target_value(&ev))>
                            <option value="">{move || i.t("stock.engineer_or_kit")}</option>
                            {move || engineers.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|u| {
                                view! { <option value=u.id.to_string()>{u.display_name.clone()}</option> }
                            }).collect_view()}
                        </select>
                        <span class="field-error">{err("engineer_id")}</span>
                    </label>
                </Show>
                <Show when=move || shape() == Shape::At>
                    <label>{move || i.t("stock.at")}{location_select(at, "movement-at")}<span class="field-error">{err("location_id")}</span></label>
                </Show>
                <label>{move || if kind.get() == MovementKind::Adjust { i.t("stock.delta") } else { i.t("stock.quantity") }}
                    <input inputmode="numeric" bind:value=quantity data-testid="movement-quantity"/>
                    <span class="field-error">{err("quantity")}{err("delta")}</span>
                </label>
                <label>{move || i.t("stock.work_order")}
                    <select prop:value=move || work_order.get() on:change=move |ev| work_order.set(event_target_value(&ev)) data-testid="movement-work-order">
                        <option value="">"—"</option>
                        {move || orders.get().and_then(Result::ok).map(|p| p.items).unwrap_or_default().into_iter().map(|w| {
                            view! { <option value=w.id.to_string()>{format!("{} {}", w.number, w.description.chars().take(30).collect::<String>())}</option> }
                        }).collect_view()}
                    </select>
                    <span class="field-error">{err("work_order_id")}</span>
                </label>
                <Show when=move || kind.get().moves_units() && part.with(|p| p.as_ref().is_some_and(|p| p.serial_tracked))>
                    <label class="span">{move || i.t("stock.serials")}
                        <textarea rows="3" bind:value=serials placeholder=move || i.t("stock.serials_hint") data-testid="movement-serials"></textarea>
                        <span class="field-error">{err("serials")}</span>
                    </label>
                </Show>
                <Show when=move || matches!(kind.get(), MovementKind::Receive | MovementKind::OutToVendor)>
                    <label>{move || i.t("stock.supplier")}<input bind:value=supplier/><span class="field-error">{err("supplier")}</span></label>
                </Show>
                <label>{move || i.t("stock.reference")}<input bind:value=reference/><span class="field-error">{err("reference")}</span></label>
                <label class="span">{move || i.t("stock.reason")}<input bind:value=reason/><span class="field-error">{err("reason")}</span></label>
                <button type="submit" class="primary" data-testid="movement-save" disabled=move || record.pending().get()>{move || i.t("stock.record")}</button>
            </form>
            {move || done.get().map(|m| view! { <p class="ok" data-testid="movement-done">{move || i.t("stock.recorded")}" #"{m.id}</p> })}
            <FormError problem=error shown=SHOWN/>
        </section>
    }
}
