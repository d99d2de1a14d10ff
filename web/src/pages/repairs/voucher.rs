//! The claim voucher 取机凭证, printed for the customer at intake (A5, or
//! half an A4 sheet): bilingual labels, the accessories handed in, the
//! code as text and as a QR code drawn by the server. The code is shown
//! only in the tab that took the device in (the server keeps its hash).

use super::{both, kept_code};
use crate::api;
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::{text, use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use servicebook_shared::ApiProblem;

#[component]
pub fn RepairVoucher() -> impl IntoView {
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
            <a class="button" href=move || format!("/repairs/{}", id()) data-testid="voucher-to-repair">{move || i.t("repairs.to_repair")}</a>
        </div>
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((r, settings)) => {
                        let lang = i.lang.get_untracked();
                        let code = kept_code(r.id);
                        let coverage = both(if r.chargeable { "repairs.chargeable_note" } else { "repairs.covered_note" });
                        let accessories = if r.accessories.is_empty() {
                            both("repairs.no_accessories")
                        } else {
                            r.accessories.iter().map(|a| format!("{} {}", a.label(true), a.standard.map(|s| s.en()).unwrap_or_default())).collect::<Vec<_>>().join("；")
                        };
                        view! {
                            <article class="print-report voucher" data-testid="print-voucher">
                                <header>
                                    <h1>{if settings.firm_name.is_empty() { text(Lang::Zh, "app.name") } else { settings.firm_name.clone() }}</h1>
                                    <h2>{both("repairs.voucher")}</h2>
                                    <p>{r.number.clone()}" · "{local(r.received_at, lang)}</p>
                                </header>
                                <table class="kv">
                                    <tr><th>{both("request.customer")}</th><td>{r.customer_name.clone()}</td></tr>
                                    <tr><th>{both("repairs.brought_by")}</th><td>{format!("{} {}", r.brought_by, r.contact_phone)}</td></tr>
                                    <tr><th>{both("request.device")}</th><td>{format!("{} · {}", r.device_name, r.serial_number)}</td></tr>
                                    <tr><th>{both("repairs.fault")}</th><td class="pre">{r.fault.clone()}</td></tr>
                                    <tr><th>{both("repairs.condition")}</th><td class="pre">{r.condition.clone()}</td></tr>
                                    <tr><th>{both("repairs.accessories")}</th><td data-testid="voucher-accessories">{accessories}</td></tr>
                                    <tr><th>{both("repairs.coverage")}</th><td>{coverage}</td></tr>
                                </table>
                                {match code {
                                    Some(c) => view! {
                                        <div class="voucher-code">
                                            <img class="qr" data-testid="voucher-qr" alt="QR" src=api::repairs::voucher_qr_url(r.id, &c)/>
                                            <p><strong>{both("repairs.voucher_code")}</strong></p>
                                            <p class="code" data-testid="voucher-code">{c.clone()}</p>
                                        </div>
                                    }.into_any(),
                                    None => view! { <p class="bad no-print" data-testid="voucher-no-code">{move || i.t("repairs.code_gone")}</p> }.into_any(),
                                }}
                                <footer>
                                    <p class="small">{text(Lang::Zh, "repairs.voucher_terms")}</p>
                                    <p class="small">{text(Lang::En, "repairs.voucher_terms")}</p>
                                    <p>{both("repairs.received_by")}": "{r.received_by.clone()}</p>
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
