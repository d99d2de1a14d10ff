//! One form for a new part and for changing one: the same fields, checked
//! by `shared::parts` on both sides. Reorder rules are set per warehouse
//! (point and quantity; both blank: no rule).

use super::can_manage;
use crate::api;
use crate::components::error::{field_error, FormError};
use crate::i18n::use_i18n;
use crate::pages::stock::use_locations;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use servicebook_shared::parts::{NewPart, Part, PartPatch, ReorderRule};
use servicebook_shared::stock::LocationKind;
use servicebook_shared::{ApiProblem, Money};
use std::collections::HashMap;

const SHOWN: &[&str] = &[
    "part_number",
    "name_zh",
    "name_en",
    "compatible_models",
    "unit_cost",
    "price",
    "unit",
    "supplier",
    "serial_tracked",
    "reorder",
    "notes",
];

fn money_text(m: Money) -> String {
    if m == Money::ZERO {
        String::new()
    } else {
        m.plain()
    }
}

/// The form; `part` is the part to change, `None` for a new one.
/// `saved` is told the saved part.
#[component]
pub fn PartForm(part: Option<Part>, #[prop(into)] saved: Callback<Part>) -> impl IntoView {
    let i = use_i18n();
    let editable = can_manage();
    let p = part.clone();
    let text = |f: fn(&Part) -> String| RwSignal::new(p.as_ref().map(f).unwrap_or_default());
    let number = text(|p| p.part_number.clone());
    let name_zh = text(|p| p.name_zh.clone());
    let name_en = text(|p| p.name_en.clone());
    let models = text(|p| p.compatible_models.join(", "));
    let unit_cost = text(|p| money_text(p.unit_cost));
    let price = text(|p| money_text(p.price));
    let unit = text(|p| p.unit.clone());
    let supplier = text(|p| p.supplier.clone());
    let notes = text(|p| p.notes.clone());
    let serial = RwSignal::new(p.as_ref().is_some_and(|p| p.serial_tracked));
    let active = RwSignal::new(p.as_ref().is_none_or(|p| p.active));
    // Reorder rules by location id: (point, quantity) as typed.
    let rules = RwSignal::new(
        p.as_ref()
            .map(|p| {
                p.reorder
                    .iter()
                    .map(|r| (r.location_id, (r.point.to_string(), r.quantity.to_string())))
                    .collect::<HashMap<_, _>>()
            })
            .unwrap_or_default(),
    );
    let locations = use_locations();
    let error = RwSignal::new(None::<ApiProblem>);
    let id = part.as_ref().map(|p| (p.id, p.version));
    let save = crate::load::act(move |(new, patch): &(NewPart, Option<PartPatch>)| {
        let (new, patch) = (new.clone(), patch.clone());
        async move {
            match (id, patch) {
                (Some((id, _)), Some(patch)) => api::parts::update(id, &patch).await,
                _ => api::parts::create(&new).await,
            }
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(p)) => saved.run(p),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let mut bad = std::collections::BTreeMap::new();
        let mut money = |field: &str, s: RwSignal<String>| {
            let t = s.get_untracked();
            if t.trim().is_empty() {
                return Money::ZERO;
            }
            Money::parse(&t).unwrap_or_else(|| {
                bad.insert(field.to_owned(), i.t("parts.bad_amount"));
                Money::ZERO
            })
        };
        let (unit_cost, price) = (money("unit_cost", unit_cost), money("price", price));
        let mut reorder = Vec::new();
        for (loc, (point, qty)) in rules.get_untracked() {
            if point.trim().is_empty() && qty.trim().is_empty() {
                continue;
            }
            match (point.trim().parse::<u32>(), qty.trim().parse::<u32>()) {
                (Ok(point), Ok(quantity)) => reorder.push(ReorderRule {
                    location_id: loc,
                    point,
                    quantity,
                }),
                _ => {
                    bad.insert("reorder".into(), i.t("parts.bad_rule"));
                }
            }
        }
        reorder.sort_by_key(|r| r.location_id);
        if !bad.is_empty() {
            let mut p = ApiProblem::new(422, servicebook_shared::ProblemCode::Invalid, "", "");
            p.errors = bad;
            error.set(Some(p));
            return;
        }
        let models: Vec<String> = models
            .get_untracked()
            .split([',', ';', '，', '；'])
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .collect();
        let new = NewPart {
            part_number: number.get_untracked(),
            name_zh: name_zh.get_untracked(),
            name_en: name_en.get_untracked(),
            compatible_models: models.clone(),
            unit_cost,
            price,
            unit: unit.get_untracked(),
            supplier: supplier.get_untracked(),
            serial_tracked: serial.get_untracked(),
            reorder: reorder.clone(),
            notes: notes.get_untracked(),
        };
        let patch = id.map(|(_, version)| PartPatch {
            version,
            part_number: Some(new.part_number.clone()),
            name_zh: Some(new.name_zh.clone()),
            name_en: Some(new.name_en.clone()),
            compatible_models: Some(models),
            unit_cost: Some(unit_cost),
            price: Some(price),
            unit: Some(new.unit.clone()),
            supplier: Some(new.supplier.clone()),
            serial_tracked: Some(new.serial_tracked),
            reorder: Some(reorder),
            active: Some(active.get_untracked()),
            notes: Some(new.notes.clone()),
        });
        save.dispatch((new, patch));
    };
    let err = move |f: &'static str| move || error.with(|p| field_error(p, f));
    let is_new = part.is_none();
    view! {
        <form on:submit=submit class="grid-form" data-testid="part-form">
            <fieldset class="plain" disabled=!editable>
                <label>{move || i.t("parts.number")}<input bind:value=number required data-testid="part-number"/><span class="field-error">{err("part_number")}</span></label>
                <label>{move || i.t("parts.unit")}<input bind:value=unit placeholder="个 / pcs"/><span class="field-error">{err("unit")}</span></label>
                <label>{move || i.t("parts.name_zh")}<input bind:value=name_zh data-testid="part-name-zh"/><span class="field-error">{err("name_zh")}</span></label>
                <label>{move || i.t("parts.name_en")}<input bind:value=name_en/><span class="field-error">{err("name_en")}</span></label>
                <label class="span">{move || i.t("parts.models")}<input bind:value=models placeholder=move || i.t("parts.models_hint")/><span class="field-error">{err("compatible_models")}</span></label>
                <label>{move || i.t("parts.unit_cost")}<input inputmode="decimal" bind:value=unit_cost placeholder="0.00"/><span class="field-error">{err("unit_cost")}</span></label>
                <label>{move || i.t("parts.price")}<input inputmode="decimal" bind:value=price placeholder="0.00"/><span class="field-error">{err("price")}</span></label>
                <label>{move || i.t("parts.supplier")}<input bind:value=supplier/><span class="field-error">{err("supplier")}</span></label>
                <label class="inline"><input type="checkbox" bind:checked=serial/>{move || i.t("parts.serial_tracked")}<span class="field-error">{err("serial_tracked")}</span></label>
                {(!is_new).then(|| view! {
                    <label class="inline"><input type="checkbox" bind:checked=active data-testid="part-active"/>{move || i.t("parts.active")}</label>
                })}
                <fieldset class="span">
                    <legend>{move || i.t("parts.reorder")}</legend>
                    <p class="muted small">{move || i.t("parts.reorder_hint")}</p>
                    {move || locations.get().and_then(Result::ok).map(|list| {
                        list.into_iter().filter(|l| l.kind == LocationKind::Warehouse).map(|l| {
                            let loc = l.id;
                            let get = move |which: usize| rules.with(|r| r.get(&loc).map(|(p, q)| if which == 0 { p.clone() } else { q.clone() }).unwrap_or_default());
                            let set = move |which: usize, v: String| rules.update(|r| {
                                let e = r.entry(loc).or_default();
                                if which == 0 { e.0 = v } else { e.1 = v }
                            });
                            view! {
                                <div class="row">
                                    <span>{l.name.clone()}</span>
                                    <input inputmode="numeric" size="5" aria-label=move || i.t("parts.point") placeholder=move || i.t("parts.point")
                                        prop:value=move || get(0) on:input=move |ev| set(0, event_target_value(&ev))/>
                                    <input inputmode="numeric" size="5" aria-label=move || i.t("parts.reorder_quantity") placeholder=move || i.t("parts.reorder_quantity")
                                        prop:value=move || get(1) on:input=move |ev| set(1, event_target_value(&ev))/>
                                </div>
                            }
                        }).collect_view()
                    })}
                    <span class="field-error">{err("reorder")}</span>
                </fieldset>
                <label class="span">{move || i.t("parts.notes")}<textarea rows="2" bind:value=notes></textarea><span class="field-error">{err("notes")}</span></label>
            </fieldset>
            {editable.then(|| view! {
                <button type="submit" class="primary" data-testid="part-save" disabled=move || save.pending().get()>
                    {move || if is_new { i.t("parts.create") } else { i.t("common.save") }}
                </button>
            })}
            <FormError problem=error shown=SHOWN/>
        </form>
    }
}

/// `/parts/new`.
#[component]
pub fn NewPartPage() -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    view! {
        <section class="card">
            <h1>{move || i.t("parts.new")}</h1>
            <PartForm part=None saved=Callback::new(move |p: Part| navigate(&format!("/parts/{}", p.id), Default::default()))/>
        </section>
    }
}
