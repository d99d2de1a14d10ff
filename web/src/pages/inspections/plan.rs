//! A maintenance contract's inspection schedules (on the contract page),
//! with this year's compliance and each visit's standing.

use super::template_name;
use crate::api;
use crate::api::inspections::TemplateQuery;
use crate::auth::use_auth;
use crate::components::error::{ErrorView, FormError};
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use servicebook_shared::contracts::{Contract, ContractKind};
use servicebook_shared::inspections::plans::{
    InspectionSchedule, NewSchedule, SchedulePatch, VisitState,
};
use servicebook_shared::inspections::rhythm::{Day, Rhythm};
use servicebook_shared::permissions;

/// The rhythm in words: "every 3 month(s), the 1st Monday".
pub fn rhythm_text(i: I18n, r: Rhythm) -> String {
    let fill = |key: &str, n: u8, d: u8, k: u8, w: Option<Day>| {
        i.t(key)
            .replace("{n}", &n.to_string())
            .replace("{d}", &d.to_string())
            .replace("{k}", &i.t(&format!("inspections.nth.{k}")))
            .replace(
                "{w}",
                &w.map(|w| i.t(&format!("weekday.{}", w.as_str())))
                    .unwrap_or_default(),
            )
    };
    match r {
        Rhythm::MonthDay { every_months, day } => {
            fill("inspections.text.month_day", every_months, day, 1, None)
        }
        Rhythm::NthWeekday {
            every_months,
            nth,
            weekday,
        } => fill(
            "inspections.text.nth_weekday",
            every_months,
            0,
            nth,
            Some(weekday),
        ),
        Rhythm::Weeks {
            every_weeks,
            weekday,
        } => fill("inspections.text.weeks", every_weeks, 0, 1, Some(weekday)),
    }
}

/// The schedules of a maintenance contract, their next visits, and (for
/// those who plan) a form to add one.
#[component]
pub fn ContractInspections(contract: Contract) -> impl IntoView {
    let i = use_i18n();
    if contract.kind != ContractKind::Maintenance {
        return ().into_any();
    }
    let cid = contract.id;
    let refresh = RwSignal::new(0usize);
    let schedules = crate::load::load(move || {
        let _ = refresh.get();
        async move {
            let mut out = Vec::new();
            for s in api::inspections::schedules(cid).await? {
                let visits = api::inspections::schedule_visits(s.id).await?;
                out.push((s, visits));
            }
            Ok::<_, servicebook_shared::ApiProblem>(out)
        }
    });
    let plans = use_auth().may(permissions::plan_inspections);
    view! {
        <section class="card" data-testid="contract-inspections">
            <h2>{move || i.t("inspections.plan")}</h2>
            <p class="muted small">{move || i.t("inspections.plan_hint")}</p>
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match schedules.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{move || i.t("inspections.no_schedules")}</p> }.into_any(),
                        Ok(list) => list.into_iter().map(|(s, visits)| {
                            let next: Vec<String> = visits.iter().filter(|v| v.state == VisitState::Planned).take(4).map(|v| v.due_date.to_string()).collect();
                            view! { <ScheduleRow s=s next=next plans=plans refresh=refresh/> }
                        }).collect_view().into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
            <super::compliance::ContractCompliance contract_id=cid/>
            {plans.then(|| view! { <NewScheduleForm contract=contract.clone() refresh=refresh/> })}
        </section>
    }
    .into_any()
}

#[component]
fn ScheduleRow(
    s: InspectionSchedule,
    next: Vec<String>,
    plans: bool,
    refresh: RwSignal<usize>,
) -> impl IntoView {
    let i = use_i18n();
    let (id, version, active, rhythm) = (s.id, s.version, s.active, s.rhythm);
    let template = crate::load::load(move || api::inspections::template(s.template_family_id));
    let toggle = crate::load::act(move |_: &()| async move {
        api::inspections::update_schedule(
            id,
            &SchedulePatch {
                version,
                active: Some(!active),
                ..Default::default()
            },
        )
        .await
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = toggle.value().get() {
            refresh.update(|n| *n += 1)
        }
    });
    view! {
        <div class="schedule" data-testid="schedule">
            <p>
                <strong>{move || template.get().and_then(Result::ok).map(|t| template_name(i, &t)).unwrap_or_default()}</strong>
                " · "{move || rhythm_text(i, rhythm)}" · "{s.device_ids.len()}" "{move || i.t("nav.devices")}
                {(!active).then(|| view! { <span class="chip">{move || i.t("inspections.paused")}</span> })}
                {plans.then(|| view! {
                    " "<button type="button" on:click=move |_| { toggle.dispatch(()); }>
                        {move || if active { i.t("inspections.pause") } else { i.t("inspections.resume") }}
                    </button>
                })}
            </p>
            <p class="small">{move || i.t("inspections.next_visits")}": "<span data-testid="schedule-next">{next.join(" · ")}</span></p>
            {move || toggle.value().get().and_then(Result::err).map(|p| view! { <ErrorView problem=p/> })}
        </div>
    }
}

#[component]
fn NewScheduleForm(contract: Contract, refresh: RwSignal<usize>) -> impl IntoView {
    let i = use_i18n();
    let templates = crate::load::load(|| async {
        let q = TemplateQuery {
            limit: Some(500),
            ..Default::default()
        };
        api::inspections::templates(&q).await
    });
    let template = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let every = RwSignal::new("3".to_owned());
    let day = RwSignal::new("1".to_owned());
    let nth = RwSignal::new("1".to_owned());
    let weekday = RwSignal::new("monday".to_owned());
    let error = RwSignal::new(None);
    let cid = contract.id;
    let save = crate::load::act(move |b: &NewSchedule| {
        let b = b.clone();
        async move { api::inspections::create_schedule(&b).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            refresh.update(|n| *n += 1)
        }
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = |s: RwSignal<String>| s.get_untracked().trim().parse::<u8>().unwrap_or(0);
        let w = Day::ALL
            .into_iter()
            .find(|d| d.as_str() == weekday.get_untracked())
            .unwrap_or(Day::Monday);
        let rhythm = match kind.get_untracked().as_str() {
            "month_day" => Some(Rhythm::MonthDay {
                every_months: n(every),
                day: n(day),
            }),
            "nth_weekday" => Some(Rhythm::NthWeekday {
                every_months: n(every),
                nth: n(nth),
                weekday: w,
            }),
            "weeks" => Some(Rhythm::Weeks {
                every_weeks: n(every),
                weekday: w,
            }),
            _ => None,
        };
        save.dispatch(NewSchedule {
            contract_id: cid,
            template_id: template.get_untracked().parse().unwrap_or(0),
            device_ids: Vec::new(),
            rhythm,
            notes: String::new(),
        });
    };
    let is = move |k: &'static str| move || kind.get() == k;
    view! {
        <form on:submit=submit class="grid-form" data-testid="schedule-form">
            <label>{move || i.t("inspections.standard")}
                <select on:change=move |ev| template.set(event_target_value(&ev)) data-testid="schedule-template">
                    <option value="">"—"</option>
                    {move || templates.get().and_then(Result::ok).map(|page| page.items.into_iter().map(|t| {
                        let id = t.id.to_string();
                        view! { <option value=id>{template_name(i, &t)}</option> }
                    }).collect_view())}
                </select>
            </label>
            <label>{move || i.t("inspections.rhythm")}
                <select on:change=move |ev| kind.set(event_target_value(&ev)) data-testid="schedule-rhythm">
                    <option value="">{move || i.t("inspections.rhythm_default")}</option>
                    <option value="month_day">{move || i.t("inspections.rhythm_month_day")}</option>
                    <option value="nth_weekday">{move || i.t("inspections.rhythm_nth_weekday")}</option>
                    <option value="weeks">{move || i.t("inspections.rhythm_weeks")}</option>
                </select>
            </label>
            <Show when=move || !kind.get().is_empty()>
                <label>{move || if kind.get() == "weeks" { i.t("inspections.every_weeks") } else { i.t("inspections.every_months") }}
                    <input inputmode="numeric" size="4" bind:value=every data-testid="schedule-every"/></label>
            </Show>
            <Show when=is("month_day")>
                <label>{move || i.t("inspections.day")}<input inputmode="numeric" size="4" bind:value=day/></label>
            </Show>
            <Show when=is("nth_weekday")>
                <label>{move || i.t("inspections.nth")}
                    <select on:change=move |ev| nth.set(event_target_value(&ev)) data-testid="schedule-nth">
                        {(1..=5).map(|k| view! { <option value=k.to_string()>{move || i.t(&format!("inspections.nth.{k}"))}</option> }).collect_view()}
                    </select>
                </label>
            </Show>
            <Show when=move || kind.get() == "nth_weekday" || kind.get() == "weeks">
                <label>{move || i.t("inspections.weekday")}
                    <select on:change=move |ev| weekday.set(event_target_value(&ev)) data-testid="schedule-weekday">
                        {Day::ALL.into_iter().map(|d| view! { <option value=d.as_str()>{move || i.t(&format!("weekday.{}", d.as_str()))}</option> }).collect_view()}
                    </select>
                </label>
            </Show>
            <button type="submit" class="primary" disabled=move || save.pending().get() data-testid="schedule-save">{move || i.t("inspections.add_schedule")}</button>
            <FormError problem=error/>
        </form>
    }
}
