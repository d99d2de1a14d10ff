//! Stock pages: stock by location with its movements, the movement form
//! for the store keeper, an engineer's own kit (on a phone), and the
//! reorder list. Shared here: labels, the names of parts and locations,
//! and the tables of balances and movements.

pub mod locations;
pub mod movement;
pub mod my_kit;
pub mod part_requests;
pub mod reorder;

use crate::api;
use crate::components::time::local;
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use servicebook_shared::parts::{part_name, Part};
use servicebook_shared::stock::{Balance, Location, LocationKind, Movement, MovementKind};
use std::collections::HashMap;

pub fn kind_label(i: I18n, k: MovementKind) -> String {
    i.t(&format!("stock.mv.{}", k.as_str()))
}

pub fn location_kind_label(i: I18n, k: LocationKind) -> String {
    i.t(&format!("stock.loc.{}", k.as_str()))
}

/// Parts by id, loaded as rows need them.
#[derive(Clone, Copy)]
pub struct PartNames(pub RwSignal<HashMap<u64, Part>>);

impl PartNames {
    pub fn new() -> Self {
        PartNames(RwSignal::new(HashMap::new()))
    }

    /// Loads the parts of `ids` not loaded yet.
    pub fn want(&self, mut ids: Vec<u64>) {
        let map = self.0;
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|id| map.with_untracked(|m| !m.contains_key(id)));
        if ids.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            for id in ids {
                if let Ok(p) = api::parts::get(id).await {
                    if map.try_update(|m| m.insert(p.id, p)).is_none() {
                        return;
                    }
                }
            }
        });
    }

    /// "Number · name" in the user's language (reactive).
    pub fn label(&self, id: u64) -> String {
        let i = use_i18n();
        let lang = i.lang.get().tag();
        self.0.with(|m| {
            m.get(&id)
                .map(|p| format!("{} · {}", p.part_number, part_name(p, lang)))
                .unwrap_or_else(|| format!("#{id}"))
        })
    }
}

impl Default for PartNames {
    fn default() -> Self {
        Self::new()
    }
}

/// Every location, for names and pickers.
pub fn use_locations() -> LocalResource<Result<Vec<Location>, servicebook_shared::ApiProblem>> {
    crate::load::load(|| async move { api::stock::locations(&Default::default()).await })
}

pub fn location_names(list: &[Location]) -> HashMap<u64, String> {
    list.iter().map(|l| (l.id, l.name.clone())).collect()
}

/// Balances as a table: by part (`by_part`, the location column shows) or
/// by location (the part column shows).
#[component]
pub fn BalanceTable(
    balances: Vec<Balance>,
    parts: PartNames,
    locations: HashMap<u64, String>,
    by_part: bool,
) -> impl IntoView {
    let i = use_i18n();
    if balances.is_empty() {
        return view! { <p class="muted" data-testid="stock-none">{move || i.t("stock.none")}</p> }
            .into_any();
    }
    parts.want(balances.iter().map(|b| b.part_id).collect());
    view! {
        <div class="table-wrap"><table data-testid="stock-table">
            <thead><tr>
                <th>{move || if by_part { i.t("stock.location") } else { i.t("stock.part") }}</th>
                <th class="num">{move || i.t("stock.on_hand")}</th>
                <th class="num hide-narrow">{move || i.t("stock.reserved")}</th>
                <th class="num">{move || i.t("stock.available")}</th>
            </tr></thead>
            <tbody>
                {balances.into_iter().map(|b| {
                    let serials = b.serials.join(", ");
                    let place = if by_part {
                        let name = locations.get(&b.location_id).cloned().unwrap_or_else(|| format!("#{}", b.location_id));
                        view! { <a href=format!("/stock?location_id={}", b.location_id)>{name}</a> }.into_any()
                    } else {
                        let id = b.part_id;
                        view! { <a href=format!("/parts/{id}")>{move || parts.label(id)}</a> }.into_any()
                    };
                    view! {
                        <tr>
                            <td>{place}{(!serials.is_empty()).then(|| view! { <br/><span class="muted small">{serials}</span> })}</td>
                            <td class="num">{b.on_hand}</td>
                            <td class="num hide-narrow">{b.reserved}</td>
                            <td class="num"><strong>{b.available}</strong></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }.into_any()
}

/// Movements, newest first.
#[component]
pub fn MovementTable(
    movements: Vec<Movement>,
    parts: PartNames,
    locations: HashMap<u64, String>,
) -> impl IntoView {
    let i = use_i18n();
    if movements.is_empty() {
        return view! { <p class="muted">{move || i.t("stock.no_movements")}</p> }.into_any();
    }
    parts.want(movements.iter().map(|m| m.part_id).collect());
    let name = move |id: Option<u64>| {
        id.map(|id| {
            locations
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("#{id}"))
        })
        .unwrap_or_default()
    };
    view! {
        <div class="table-wrap"><table data-testid="movements-table">
            <thead><tr>
                <th>{move || i.t("stock.when")}</th>
                <th>{move || i.t("stock.movement_kind")}</th>
                <th>{move || i.t("stock.part")}</th>
                <th class="num">{move || i.t("stock.quantity")}</th>
                <th class="hide-narrow">{move || i.t("stock.from")}" → "{move || i.t("stock.to")}</th>
                <th class="hide-narrow">{move || i.t("stock.by")}</th>
            </tr></thead>
            <tbody>
                {movements.into_iter().map(|m| {
                    let (part, kind, at) = (m.part_id, m.kind, m.created_at);
                    let qty = if m.kind == MovementKind::Adjust { format!("{:+}", m.delta) } else { m.quantity.to_string() };
                    let route = format!("{} → {}", name(m.from_location_id), name(m.to_location_id));
                    let extra: Vec<String> = [
                        m.work_order_id.map(|w| format!("#{w}")).unwrap_or_default(),
                        m.serials.join(", "),
                        m.reference.clone(),
                        m.reason.clone(),
                    ].into_iter().filter(|s| !s.is_empty()).collect();
                    view! {
                        <tr>
                            <td class="nowrap small">{move || local(at, i.lang.get())}</td>
                            <td>{move || kind_label(i, kind)}</td>
                            <td><a href=format!("/parts/{part}")>{move || parts.label(part)}</a>
                                {(!extra.is_empty()).then(|| view! { <br/><span class="muted small">{extra.join(" · ")}</span> })}
                                <span class="show-narrow muted small"><br/>{route.clone()}</span></td>
                            <td class="num">{qty}</td>
                            <td class="hide-narrow">{route}</td>
                            <td class="hide-narrow">{m.by_name.clone()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }.into_any()
}
