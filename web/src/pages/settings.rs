//! The firm's settings: its name on reports, the rates of chargeable work,
//! the sale-contract value above which field work must be linked, and the
//! business hours and holidays the SLA clocks count in (admin or manager).

use crate::api;
use crate::components::documents::Documents;
use crate::components::error::{field_error, ErrorView};
use crate::components::history::History;
use crate::i18n::use_i18n;
use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;
use servicebook_shared::files::AttachedTo;
use servicebook_shared::permissions;
use servicebook_shared::settings::{Settings, SettingsInput};
use servicebook_shared::sla::DispatchMinutes;
use servicebook_shared::{ApiProblem, Money, ProblemCode};

/// The settings' fields, shown next to their inputs.
const SHOWN: &[&str] = &[
    "firm_name",
    "hourly_rate",
    "travel_fee",
    "contract_link_threshold",
    "business_hours",
    "holidays",
    "extra_workdays",
    "dispatch_minutes",
    "repair_overdue_days",
    "complaint_ack_business_days",
    "complaint_close_business_days",
    "survey_link_days",
    "poor_score_max",
    "ftf_days",
    "categories",
    "weekly_report_due",
];

const WEEKDAYS: [&str; 7] = [
    "settings.mon",
    "settings.tue",
    "settings.wed",
    "settings.thu",
    "settings.fri",
    "settings.sat",
    "settings.sun",
];

fn days(text: &str) -> Result<Vec<NaiveDate>, String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '，')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<NaiveDate>().map_err(|_| s.to_owned()))
        .collect()
}

fn day_list(list: &[NaiveDate]) -> String {
    list.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i = use_i18n();
    let done = RwSignal::new(0u32);
    // Outlives the form, which is rebuilt from the saved settings.
    let saved = RwSignal::new(false);
    let settings = crate::load::load(move || {
        done.track();
        api::settings::get()
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <SettingsForm s=s done=done saved=saved/> }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SettingsForm(s: Settings, done: RwSignal<u32>, saved: RwSignal<bool>) -> impl IntoView {
    let i = use_i18n();
    let bh = s.business_hours.clone();
    let firm = RwSignal::new(s.firm_name.clone());
    let rate = RwSignal::new(s.hourly_rate.plain());
    let travel = RwSignal::new(s.travel_fee.plain());
    let threshold = RwSignal::new(s.contract_link_threshold.plain());
    // Kept as minutes; picked by the zone's name.
    let stored_offset = bh.utc_offset_minutes;
    let offset = RwSignal::new(stored_offset.to_string());
    let workdays: Vec<RwSignal<bool>> = bh.workdays.iter().map(|d| RwSignal::new(*d)).collect();
    let opens = RwSignal::new(bh.opens.format("%H:%M").to_string());
    let closes = RwSignal::new(bh.closes.format("%H:%M").to_string());
    let holidays = RwSignal::new(day_list(&bh.holidays));
    let extra = RwSignal::new(day_list(&bh.extra_workdays));
    let dm = s.dispatch_minutes;
    let (dispatch_urgent, dispatch_important, dispatch_normal) = (
        RwSignal::new(dm.urgent.to_string()),
        RwSignal::new(dm.important.to_string()),
        RwSignal::new(dm.normal.to_string()),
    );
    let admin_two_factor = RwSignal::new(s.require_admin_two_factor);
    let overdue_days = RwSignal::new(s.repair_overdue_days.to_string());
    let complaint_ack = RwSignal::new(s.complaint_ack_business_days.to_string());
    let complaint_close = RwSignal::new(s.complaint_close_business_days.to_string());
    let due_weekday = RwSignal::new(s.weekly_report_due.weekday.to_string());
    let due_hour = RwSignal::new(s.weekly_report_due.hour.to_string());
    let survey_days = RwSignal::new(s.survey_link_days.to_string());
    let poor_max = RwSignal::new(s.poor_score_max.to_string());
    let ftf_days = RwSignal::new(s.ftf_days.to_string());
    let categories = RwSignal::new(crate::components::categories::to_text(&s.categories));
    let problem = RwSignal::new(None::<ApiProblem>);
    let version = s.version;
    let docs = RwSignal::new(0usize);
    let wd = workdays.clone();
    let save = move |_| {
        let mut hours = bh.clone();
        let time = |v: String| NaiveTime::parse_from_str(&v, "%H:%M").ok();
        let bad = |field: &str, what: String| {
            problem.set(Some(
                ApiProblem::new(422, ProblemCode::Invalid, "Invalid input", "")
                    .with_field(field, &what),
            ));
        };
        match (time(opens.get_untracked()), time(closes.get_untracked())) {
            (Some(o), Some(c)) => {
                hours.opens = o;
                hours.closes = c;
            }
            _ => return bad("business_hours", i.t("settings.bad_time")),
        }
        match days(&holidays.get_untracked()) {
            Ok(d) => hours.holidays = d,
            Err(s) => return bad("holidays", format!("{}: {s}", i.t("settings.bad_date"))),
        }
        match days(&extra.get_untracked()) {
            Ok(d) => hours.extra_workdays = d,
            Err(s) => {
                return bad(
                    "extra_workdays",
                    format!("{}: {s}", i.t("settings.bad_date")),
                )
            }
        }
        for (k, d) in wd.iter().enumerate() {
            hours.workdays[k] = d.get_untracked();
        }
        hours.utc_offset_minutes = offset
            .get_untracked()
            .parse()
            .unwrap_or(hours.utc_offset_minutes);
        let mut amounts = [Money::ZERO; 3];
        for (k, (field, text)) in [
            ("hourly_rate", rate),
            ("travel_fee", travel),
            ("contract_link_threshold", threshold),
        ]
        .into_iter()
        .enumerate()
        {
            match Money::parse(&text.get_untracked()) {
                Some(m) => amounts[k] = m,
                None => return bad(field, i.t("quote.bad_amount")),
            }
        }
        let [hourly_rate, travel_fee, contract_link_threshold] = amounts;
        let minutes = |v: RwSignal<String>| v.get_untracked().trim().parse::<u32>().ok();
        let (Some(urgent), Some(important), Some(normal)) = (
            minutes(dispatch_urgent),
            minutes(dispatch_important),
            minutes(dispatch_normal),
        ) else {
            return bad("dispatch_minutes", i.t("settings.bad_minutes"));
        };
        let Some(repair_overdue_days) = minutes(overdue_days) else {
            return bad("repair_overdue_days", i.t("repairs.bad_days"));
        };
        let Some(complaint_ack_business_days) = minutes(complaint_ack) else {
            return bad("complaint_ack_business_days", i.t("complaints.bad_days"));
        };
        let Some(complaint_close_business_days) = minutes(complaint_close) else {
            return bad("complaint_close_business_days", i.t("complaints.bad_days"));
        };
        // Out of range numbers go to the server, which says what is wrong.
        let weekly_report_due = servicebook_shared::work_log::WeeklyReportDue {
            weekday: due_weekday.get_untracked().trim().parse().unwrap_or(0),
            hour: due_hour.get_untracked().trim().parse().unwrap_or(99),
        };
        let Some(survey_link_days) = minutes(survey_days) else {
            return bad("survey_link_days", i.t("settings.bad_survey_days"));
        };
        let Some(poor_score_max) = minutes(poor_max).and_then(|n| u8::try_from(n).ok()) else {
            return bad("poor_score_max", i.t("settings.bad_poor_score"));
        };
        let Some(ftf_days) = minutes(ftf_days) else {
            return bad("ftf_days", i.t("repairs.bad_days"));
        };
        let body = SettingsInput {
            id: 0,
            version,
            firm_name: firm.get_untracked(),
            hourly_rate,
            travel_fee,
            contract_link_threshold,
            business_hours: hours,
            dispatch_minutes: Some(DispatchMinutes {
                urgent,
                important,
                normal,
            }),
            require_admin_two_factor: Some(admin_two_factor.get_untracked()),
            repair_overdue_days: Some(repair_overdue_days),
            complaint_ack_business_days: Some(complaint_ack_business_days),
            complaint_close_business_days: Some(complaint_close_business_days),
            ftf_days: Some(ftf_days),
            categories: Some(crate::components::categories::from_text(
                &categories.get_untracked(),
            )),
            weekly_report_due: Some(weekly_report_due),
            survey_link_days: Some(survey_link_days),
            poor_score_max: Some(poor_score_max),
        };
        leptos::task::spawn_local(async move {
            match api::settings::update(&body).await {
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
    let err = move |f: &str| field_error(&problem.get(), f);
    view! {
        <section class="card form">
            <h1>{move || i.t("settings.title")}</h1>
            {move || problem.get().map(|p| view! { <ErrorView problem=p shown=SHOWN/> })}
            {move || saved.get().then(|| view! { <p class="ok" data-testid="settings-saved">{move || i.t("settings.saved")}</p> })}
            <label>{move || i.t("settings.firm_name")}<input data-testid="settings-firm" bind:value=firm/>
                <span class="field-error">{move || err("firm_name")}</span></label>
            <div class="row-fields">
                <label>{move || i.t("settings.hourly_rate")}<input inputmode="decimal" bind:value=rate/>
                    <span class="field-error">{move || err("hourly_rate")}</span></label>
                <label>{move || i.t("settings.travel_fee")}<input inputmode="decimal" bind:value=travel/>
                    <span class="field-error">{move || err("travel_fee")}</span></label>
                <label>{move || i.t("settings.threshold")}<input inputmode="decimal" bind:value=threshold/>
                    <span class="field-error">{move || err("contract_link_threshold")}</span></label>
            </div>
            <fieldset><legend>{move || i.t("settings.business_hours")}</legend>
                <div class="row-fields">
                    {workdays.into_iter().enumerate().map(|(k, d)| view! {
                        <label class="check"><input type="checkbox" bind:checked=d/>{move || i.t(WEEKDAYS[k])}</label>
                    }).collect_view()}
                </div>
                <div class="row-fields">
                    <label>{move || i.t("settings.opens")}<input type="time" bind:value=opens/></label>
                    <label>{move || i.t("settings.closes")}<input type="time" bind:value=closes/></label>
                    <label>{move || i.t("settings.time_zone")}
                        <select data-testid="settings-zone" prop:value=move || offset.get() on:change=move |ev| offset.set(event_target_value(&ev))>
                            {move || zone_options(i, stored_offset)}
                        </select></label>
                </div>
                <span class="field-error">{move || err("business_hours")}</span>
                <div class="row-fields">
                    <label>{move || i.t("settings.holidays")}<textarea rows="6" placeholder="2026-10-01" bind:value=holidays></textarea>
                        <span class="field-error">{move || err("holidays")}</span></label>
                    <label>{move || i.t("settings.extra_workdays")}<textarea rows="6" placeholder="2026-09-28" bind:value=extra></textarea>
                        <span class="field-error">{move || err("extra_workdays")}</span></label>
                </div>
            </fieldset>
            <fieldset><legend>{move || i.t("settings.dispatch")}</legend>
                <p class="muted small">{move || i.t("settings.dispatch_hint")}</p>
                <div class="row-fields">
                    <label>{move || i.t("urgency.urgent")}<input inputmode="numeric" data-testid="settings-dispatch-urgent" bind:value=dispatch_urgent/></label>
                    <label>{move || i.t("urgency.important")}<input inputmode="numeric" bind:value=dispatch_important/></label>
                    <label>{move || i.t("urgency.normal")}<input inputmode="numeric" bind:value=dispatch_normal/></label>
                </div>
                <span class="field-error">{move || err("dispatch_minutes")}</span>
            </fieldset>
            <fieldset><legend>{move || i.t("settings.security")}</legend>
                <label class="check"><input type="checkbox" data-testid="settings-admin-2fa" bind:checked=admin_two_factor/>
                    {move || i.t("settings.require_admin_two_factor")}</label>
            </fieldset>
            <label>{move || i.t("repairs.overdue_days")}<input inputmode="numeric" data-testid="settings-repair-overdue" bind:value=overdue_days/>
                <span class="field-error">{move || err("repair_overdue_days")}</span></label>
            <label>{move || i.t("settings.ftf_days")}<input inputmode="numeric" data-testid="settings-ftf-days" bind:value=ftf_days/>
                <span class="field-error">{move || err("ftf_days")}</span></label>
            <fieldset><legend>{move || i.t("complaints.settings")}</legend>
                <div class="row-fields">
                    <label>{move || i.t("complaints.ack_days")}<input inputmode="numeric" data-testid="settings-complaint-ack" bind:value=complaint_ack/>
                        <span class="field-error">{move || err("complaint_ack_business_days")}</span></label>
                    <label>{move || i.t("complaints.close_days")}<input inputmode="numeric" data-testid="settings-complaint-close" bind:value=complaint_close/>
                        <span class="field-error">{move || err("complaint_close_business_days")}</span></label>
                </div>
            </fieldset>
            <fieldset><legend>{move || i.t("settings.weekly_due")}</legend>
                <div class="row-fields">
                    <label>{move || i.t("settings.weekly_due_weekday")}<input inputmode="numeric" data-testid="settings-weekly-due-weekday" bind:value=due_weekday/></label>
                    <label>{move || i.t("settings.weekly_due_hour")}<input inputmode="numeric" data-testid="settings-weekly-due-hour" bind:value=due_hour/></label>
                </div>
                <span class="field-error">{move || err("weekly_report_due")}</span>
            </fieldset>
            <fieldset><legend>{move || i.t("settings.surveys")}</legend>
                <label>{move || i.t("settings.survey_link_days")}<input inputmode="numeric" data-testid="settings-survey-days" bind:value=survey_days/>
                    <span class="field-error">{move || err("survey_link_days")}</span></label>
                <label>{move || i.t("settings.poor_score_max")}<input inputmode="numeric" data-testid="settings-poor-score" bind:value=poor_max/>
                    <span class="field-error">{move || err("poor_score_max")}</span></label>
            </fieldset>
            <fieldset><legend>{move || i.t("settings.categories")}</legend>
                <p class="muted small">{move || i.t("settings.categories_hint")}</p>
                <textarea rows="8" data-testid="settings-categories" bind:value=categories></textarea>
                <span class="field-error">{move || err("categories")}</span>
            </fieldset>
            <button class="primary" data-testid="settings-save" on:click=save>{move || i.t("common.save")}</button>
        </section>
        <section class="card">
            <h2>{move || i.t("settings.logo")}</h2>
            <p class="muted">{move || i.t("settings.logo_hint")}</p>
            <Documents record_type=AttachedTo::Firm record_id=s.id
                editable=crate::auth::use_auth().may(|w| permissions::attach_documents(w, AttachedTo::Firm, false)) refresh=docs/>
        </section>
        <History record_type="settings" record_id=s.id refresh=Signal::derive(move || docs.get())/>
    }
}

/// The named zones, each labelled with its offset; an offset stored earlier
/// that no name has stays pickable as "UTC+hh:mm".
fn zone_options(i: crate::i18n::I18n, current: i32) -> impl IntoView {
    use servicebook_shared::settings::{zone_of, TIME_ZONES};
    let utc = |m: i32| {
        format!(
            "UTC{}{:02}:{:02}",
            if m < 0 { '-' } else { '+' },
            m.abs() / 60,
            m.abs() % 60
        )
    };
    let mut options: Vec<(String, i32)> = Vec::new();
    if zone_of(current).is_none() {
        options.push((utc(current), current));
    }
    let zh = i.lang.get() == crate::i18n::Lang::Zh;
    for (k, z) in TIME_ZONES.iter().enumerate() {
        // Two names share +08:00: only the first can be the selected one.
        if TIME_ZONES[..k]
            .iter()
            .any(|y| y.offset_minutes == z.offset_minutes)
        {
            continue;
        }
        let others: Vec<&str> = TIME_ZONES[k + 1..]
            .iter()
            .filter(|y| y.offset_minutes == z.offset_minutes)
            .map(|y| if zh { y.zh } else { y.en })
            .collect();
        let mut name = (if zh { z.zh } else { z.en }).to_owned();
        for o in others {
            name.push_str("; ");
            name.push_str(o);
        }
        options.push((
            format!("{name} ({})", utc(z.offset_minutes)),
            z.offset_minutes,
        ));
    }
    options
        .into_iter()
        .map(|(label, m)| view! { <option value=m.to_string()>{label}</option> })
        .collect_view()
}
