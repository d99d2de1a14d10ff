//! The repair record 维修记录单 as the engineer writes it: findings,
//! actions, parts used (one line each: part, quantity, amount), working
//! time and the engineer.

use crate::api;
use crate::components::error::{field_error, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::repairs::{PartLine, Repair, RepairSheetInput};
use servicebook_shared::{ApiProblem, Money, ProblemCode};

#[component]
pub fn SheetForm(r: Repair, done: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let (id, version) = (r.id, r.version);
    let s = r.sheet;
    let findings = RwSignal::new(s.findings.clone());
    let actions = RwSignal::new(s.actions.clone());
    let hours = RwSignal::new(if s.minutes == 0 {
        String::new()
    } else {
        format!("{}", s.minutes as f64 / 60.0)
    });
    let engineer = RwSignal::new(s.engineer.clone());
    type Line = (RwSignal<String>, RwSignal<String>, RwSignal<String>);
    let line = |p: Option<&PartLine>| -> Line {
        (
            RwSignal::new(p.map(|p| p.part.clone()).unwrap_or_default()),
            RwSignal::new(
                p.map(|p| p.quantity.to_string())
                    .unwrap_or_else(|| "1".into()),
            ),
            RwSignal::new(p.map(|p| p.amount.plain()).unwrap_or_default()),
        )
    };
    // Lines from stock were consumed: the server keeps them, the form edits
    // only the free-text ones.
    let lines = RwSignal::new(
        s.parts
            .iter()
            .filter(|p| p.part_id.is_none())
            .map(|p| line(Some(p)))
            .collect::<Vec<Line>>(),
    );
    let problem = RwSignal::new(None::<ApiProblem>);
    let saved = RwSignal::new(false);
    let save = move |_| {
        let bad = |field: &str, what: String| {
            problem.set(Some(
                ApiProblem::new(422, ProblemCode::Invalid, "Invalid input", "")
                    .with_field(field, &what),
            ));
        };
        let minutes = match hours.get_untracked().trim() {
            "" => 0,
            h => match h.parse::<f64>() {
                Ok(h) if h.is_finite() && (0.0..=1000.0).contains(&h) => (h * 60.0).round() as u32,
                _ => return bad("minutes", i.t("repairs.bad_hours")),
            },
        };
        let mut parts = Vec::new();
        for (n, (part, qty, amount)) in lines.get_untracked().into_iter().enumerate() {
            let part = part.get_untracked();
            if part.trim().is_empty() {
                continue;
            }
            let (Ok(quantity), Some(amount)) = (
                qty.get_untracked().trim().parse::<u32>(),
                match amount.get_untracked().trim() {
                    "" => Some(Money::ZERO),
                    a => Money::parse(a),
                },
            ) else {
                return bad(
                    "parts",
                    format!("{} {}", i.t("repairs.bad_part_line"), n + 1),
                );
            };
            parts.push(PartLine {
                part,
                quantity,
                amount,
                part_id: None,
                serials: vec![],
            });
        }
        let body = RepairSheetInput {
            version,
            findings: findings.get_untracked(),
            actions: actions.get_untracked(),
            parts,
            minutes,
            engineer: engineer.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::repairs::save_sheet(id, &body).await {
                Ok(_) => {
                    let _ = problem.try_set(None);
                    let _ = saved.try_set(true);
                    let _ = done.try_update(|n| *n += 1);
                }
                Err(p) => {
                    let _ = problem.try_set(Some(p));
                }
            }
        });
    };
    let err = move |f: &'static str| move || problem.with(|p| field_error(p, f));
    view! {
        <section class="card form" data-testid="repair-sheet">
            <h2>{move || i.t("repairs.sheet")}</h2>
            <label>{move || i.t("report.findings")}<textarea rows="3" bind:value=findings data-testid="repair-findings"></textarea>
                <span class="field-error">{err("findings")}</span></label>
            <label>{move || i.t("report.actions")}<textarea rows="3" bind:value=actions data-testid="repair-actions-done"></textarea>
                <span class="field-error">{err("actions")}</span></label>
            <fieldset>
                <legend>{move || i.t("report.parts_used")}</legend>
                {move || lines.get().into_iter().enumerate().map(|(n, (part, qty, amount))| view! {
                    <div class="row-fields">
                        <label>{move || i.t("repairs.part")}<input bind:value=part data-testid=format!("repair-part-{n}")/></label>
                        <label>{move || i.t("repairs.quantity")}<input inputmode="numeric" bind:value=qty data-testid=format!("repair-part-qty-{n}")/></label>
                        <label>{move || i.t("repairs.amount")}<input inputmode="decimal" bind:value=amount data-testid=format!("repair-part-amount-{n}")/></label>
                    </div>
                }).collect_view()}
                <button type="button" data-testid="repair-add-part" on:click=move |_| lines.update(|l| l.push(line(None)))>{move || i.t("repairs.add_part")}</button>
                <span class="field-error">{err("parts")}</span>
            </fieldset>
            <div class="row-fields">
                <label>{move || i.t("repairs.hours")}<input inputmode="decimal" bind:value=hours data-testid="repair-hours"/>
                    <span class="field-error">{err("minutes")}</span></label>
                <label>{move || i.t("repairs.engineer")}<input bind:value=engineer/>
                    <span class="field-error">{err("engineer")}</span></label>
            </div>
            <button class="primary" data-testid="repair-sheet-save" on:click=save>{move || i.t("common.save")}</button>
            {move || saved.get().then(|| view! { <span class="ok" data-testid="repair-sheet-saved">" "{move || i.t("settings.saved")}</span> })}
            <FormError problem=problem shown=&["findings", "actions", "parts", "minutes", "engineer"]/>
        </section>
    }
}
