//! The printable repair record 维修记录单 (A4): what came in, what was
//! found and done, parts, time, the quote and the customer's answer, and
//! how the device went back — bilingual labels, signature lines.

use super::both;
use crate::api;
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::{text, use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::repairs::Channel;
use servicebook_shared::{ApiProblem, Money};

#[component]
pub fn PrintRepair() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let data = crate::load::load(move || {
        let id = id();
        async move {
            let r = api::repairs::get(id).await?;
            let settings = api::settings::get().await?;
            Ok::<_, ApiProblem>((r, settings))
        }
    });
    view! {
        <div class="no-print actions">
            <button class="primary" data-testid="print-now" on:click=|_| { let _ = window().print(); }>{move || i.t("report.print")}</button>
        </div>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((r, settings)) => {
                        let lang = i.lang.get_untracked();
                        let s = r.sheet.clone();
                        let parts_total = s.parts.iter().fold(Money::ZERO, |t, p| t.plus(p.amount));
                        let quote = r.quote.clone().map(|q| {
                            let answer = q.decision.map(|d| format!("{} · {} · {} · {}",
                                both(if d.approved { "repairs.quote_approved_by" } else { "repairs.quote_declined_by" }),
                                d.by,
                                both(match d.channel { Channel::Phone => "repairs.channel_phone", Channel::InPerson => "repairs.channel_in_person" }),
                                local(d.at, lang)));
                            view! { <tr><th>{both("repairs.quote")}</th><td>{format!("{} · {}", q.amount.format(), q.text)}<br/>{answer}</td></tr> }
                        });
                        let returned = r.hand_over.clone().map(|h| {
                            let back: Vec<String> = h.returned.iter().filter_map(|n| r.accessories.get(*n as usize)).map(|a| a.label(true)).collect();
                            view! {
                                <tr><th>{both("repairs.hand_over")}</th><td>{format!("{} · {}", h.by, local(h.at, lang))}<br/>
                                    {if h.with_voucher { both("repairs.with_voucher") } else { format!("{} ({} …{})", both("repairs.with_id_check"), h.id_check.as_ref().map(|c| c.holder_name.clone()).unwrap_or_default(), h.id_check.as_ref().map(|c| c.last_digits.clone()).unwrap_or_default()) }}<br/>
                                    {format!("{}: {}", both("repairs.returned"), back.join("、"))}
                                    {(!h.missing_note.is_empty()).then(|| format!(" · {}: {}", both("repairs.missing_note"), h.missing_note))}</td></tr>
                            }
                        });
                        view! {
                            <article class="print-report" data-testid="print-repair">
                                <header>
                                    <h1>{if settings.firm_name.is_empty() { text(Lang::Zh, "app.name") } else { settings.firm_name.clone() }}</h1>
                                    <h2>{both("repairs.sheet")}</h2>
                                    <p>{r.number.clone()}</p>
                                </header>
                                <table class="kv">
                                    <tr><th>{both("request.customer")}</th><td>{r.customer_name.clone()}</td></tr>
                                    <tr><th>{both("request.device")}</th><td>{format!("{} · {}", r.device_name, r.serial_number)}</td></tr>
                                    <tr><th>{both("repairs.received")}</th><td>{local(r.received_at, lang)}" · "{r.brought_by.clone()}</td></tr>
                                    <tr><th>{both("repairs.fault")}</th><td class="pre">{r.fault.clone()}</td></tr>
                                    <tr><th>{both("repairs.accessories")}</th><td>{r.accessories.iter().map(|a| a.label(true)).collect::<Vec<_>>().join("、")}</td></tr>
                                    <tr><th>{both("report.findings")}</th><td class="pre">{s.findings.clone()}</td></tr>
                                    <tr><th>{both("report.actions")}</th><td class="pre">{s.actions.clone()}</td></tr>
                                    <tr><th>{both("report.parts_used")}</th><td>
                                        <ul data-testid="print-parts">{s.parts.iter().map(|p| view! { <li>{format!("{} × {} · {}", p.part, p.quantity, p.amount.format())}</li> }).collect_view()}</ul>
                                        {(!s.parts.is_empty()).then(|| parts_total.format())}</td></tr>
                                    <tr><th>{both("repairs.hours")}</th><td>{format!("{:.2} h", s.minutes as f64 / 60.0)}</td></tr>
                                    <tr><th>{both("repairs.engineer")}</th><td>{s.engineer.clone()}</td></tr>
                                    {quote}
                                    {returned}
                                </table>
                                <footer>
                                    <p><strong>{both("repairs.engineer_signature")}</strong>" ____________________"</p>
                                    <p><strong>{both("repairs.customer_signature")}</strong>" ____________________"</p>
                                </footer>
                            </article>
                        }.into_any()
                    }
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}
