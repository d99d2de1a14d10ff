//! The report's parts used: a picker of what was issued to the work order
//! and is still out (a quantity per line, serials for tracked parts), and
//! the table of used parts the summary and the printed A4 report show.

use crate::api;
use crate::i18n::{use_i18n, I18n};
use crate::pages::stock::movement::split_serials;
use crate::pages::stock::part_requests::name_in;
use leptos::prelude::*;
use servicebook_shared::part_requests::{PickedPart, UsedPart};
use servicebook_shared::ApiProblem;

fn same(p: &PickedPart, part: u64, loc: u64) -> bool {
    p.part_id == part && p.location_id == loc
}

/// Sets the line of (part, kit) in `picks`; a quantity of 0 removes it.
fn set_line(
    picks: RwSignal<Vec<PickedPart>>,
    part: u64,
    loc: u64,
    f: impl FnOnce(&mut PickedPart),
) {
    picks.update(|v| {
        let at = match v.iter().position(|p| same(p, part, loc)) {
            Some(at) => at,
            None => {
                v.push(PickedPart {
                    part_id: part,
                    location_id: loc,
                    quantity: 0,
                    serials: vec![],
                });
                v.len() - 1
            }
        };
        f(&mut v[at]);
        if v[at].quantity == 0 && v[at].serials.is_empty() {
            v.remove(at);
        }
    });
}

#[component]
pub fn PartsPicker(
    wo_id: u64,
    picks: RwSignal<Vec<PickedPart>>,
    /// A correction of a signed report: its parts were consumed already.
    locked: bool,
    problem: RwSignal<Option<ApiProblem>>,
) -> impl IntoView {
    let i = use_i18n();
    let issued = crate::load::load(move || api::part_requests::of_work_order(wo_id));
    let errors = move || {
        problem.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.errors
                        .iter()
                        .filter(|(k, _)| k.starts_with("parts"))
                        .map(|(_, v)| v.clone())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default()
        })
    };
    view! {
        <fieldset data-testid="report-parts">
            <legend>{move || i.t("report.parts_from_stock")}</legend>
            {move || issued.get().and_then(Result::ok).map(|p| {
                let rows: Vec<_> = p.issued.into_iter()
                    .filter(|o| o.outstanding > 0 || picks.with_untracked(|v| v.iter().any(|x| same(x, o.part_id, o.location_id))))
                    .collect();
                if rows.is_empty() {
                    return view! { <p class="muted">{move || i.t("report.no_parts_issued")}</p> }.into_any();
                }
                rows.into_iter().map(|o| {
                    let (part, loc) = (o.part_id, o.location_id);
                    let (zh, en) = (o.name_zh.clone(), o.name_en.clone());
                    let tracked = !o.serials.is_empty();
                    let qty = move || picks.with(|v| v.iter().find(|x| same(x, part, loc)).map(|x| x.quantity.to_string()).unwrap_or_default());
                    let serials = move || picks.with(|v| v.iter().find(|x| same(x, part, loc)).map(|x| x.serials.join(" ")).unwrap_or_default());
                    let left = o.outstanding;
                    view! {
                        <div class="row-fields" data-testid=format!("report-part-{}", o.part_number)>
                            <span>{o.part_number.clone()}" · "{move || name_in(i, &zh, &en)}" "
                                <span class="muted">{move || i.t("pr.outstanding")}" "{left}</span></span>
                            <label>{move || i.t("stock.quantity")}
                                <input inputmode="numeric" prop:value=qty disabled=locked data-testid="report-part-quantity"
                                    on:input=move |ev| {
                                        let q = event_target_value(&ev).trim().parse().unwrap_or(0);
                                        set_line(picks, part, loc, |p| p.quantity = q);
                                    }/></label>
                            {tracked.then(|| view! {
                                <label>{move || i.t("stock.serials")}
                                    <input prop:value=serials disabled=locked placeholder=o.serials.join(" ")
                                        on:input=move |ev| {
                                            let s = split_serials(&event_target_value(&ev));
                                            set_line(picks, part, loc, |p| p.serials = s);
                                        }/></label>
                            })}
                        </div>
                    }
                }).collect_view().into_any()
            })}
            <span class="field-error">{errors}</span>
        </fieldset>
    }
}

/// Used parts as a table; `label` turns a locale key into the heading
/// (one language on screen, both on paper).
#[component]
pub fn UsedPartsTable(
    parts: Vec<UsedPart>,
    label: fn(I18n, &str) -> String,
    both_names: bool,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <table class="lines" data-testid="report-used-parts">
            <thead><tr>
                <th>{move || label(i, "parts.number")}</th>
                <th>{move || label(i, "parts.name")}</th>
                <th>{move || label(i, "stock.quantity")}</th>
                <th>{move || label(i, "stock.serials")}</th>
            </tr></thead>
            <tbody>
                {parts.into_iter().map(|p| {
                    let (zh, en) = (p.name_zh.clone(), p.name_en.clone());
                    view! { <tr>
                        <td>{p.part_number.clone()}</td>
                        <td>{move || if both_names { format!("{zh} {en}") } else { name_in(i, &zh, &en) }}</td>
                        <td>{format!("{} {}", p.quantity, p.unit)}</td>
                        <td>{p.serials.join(", ")}</td>
                    </tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}
