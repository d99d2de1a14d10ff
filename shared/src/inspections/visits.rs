//! An inspection visit as it is done: device by device against the
//! standard's revision fixed at the first check, a device that cannot be
//! checked recorded with its reason, failed items opening service requests,
//! the customer's signature, and what a contract's visits add up to at
//! renewal. The server and the app apply the same rules.

use super::plans::{PlannedVisit, VisitState};
use super::templates::{judge, number, Answer, ChecklistItem, ItemKind, Verdict};
use crate::requests::Urgency;
use crate::users::FieldErrors;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The longest reason a device could not be checked, and a check's notes.
pub const REASON_MAX: usize = 500;
pub const NOTES_MAX: usize = 2000;
/// A visit not done this many days after its due date is missed (until
/// then it is overdue and can still be caught up).
pub const MISSED_AFTER_DAYS: i64 = 30;

/// One item as recorded on a device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemResult {
    pub code: String,
    /// Empty when an optional item was left out.
    pub answer: Option<Answer>,
    pub verdict: Option<Verdict>,
}

/// What was recorded for one device of the visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceCheck {
    pub device_id: u64,
    /// The items in the standard's order; empty when the device could not
    /// be checked.
    pub results: Vec<ItemResult>,
    /// Why the device could not be checked (switched off by the customer,
    /// locked room …); empty when it was checked.
    pub not_checkable: String,
    pub notes: String,
    pub checked_by: String,
    pub checked_at: DateTime<Utc>,
}

impl DeviceCheck {
    pub fn failed(&self) -> impl Iterator<Item = &ItemResult> {
        self.results
            .iter()
            .filter(|r| r.verdict == Some(Verdict::Failed))
    }
}

/// One answer of `PUT /api/inspections/visits/{id}/devices/{device_id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemAnswer {
    pub code: String,
    pub answer: Answer,
}

/// `PUT /api/inspections/visits/{id}/devices/{device_id}` at the visit's
/// `version`: the device's answers, or why it could not be checked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckInput {
    pub version: u64,
    #[serde(default)]
    pub answers: Vec<ItemAnswer>,
    /// Set instead of answers when the device cannot be checked.
    #[serde(default)]
    pub not_checkable: Option<String>,
    #[serde(default)]
    pub notes: String,
}

/// Judges a device's answers against the standard's items: every answer
/// must fit its item, every required item must be answered (unless the
/// device cannot be checked, which needs a reason). Errors are keyed
/// `answers.<code>`, `not_checkable` or `notes`.
pub fn check_device(
    items: &[ChecklistItem],
    input: &CheckInput,
) -> Result<Vec<ItemResult>, FieldErrors> {
    let mut e = FieldErrors::new();
    if input.notes.chars().count() > NOTES_MAX {
        e.insert("notes".into(), format!("at most {NOTES_MAX} characters"));
    }
    if let Some(reason) = &input.not_checkable {
        let n = reason.trim().chars().count();
        if n == 0 {
            e.insert(
                "not_checkable".into(),
                "say why the device could not be checked".into(),
            );
        } else if n > REASON_MAX {
            e.insert(
                "not_checkable".into(),
                format!("at most {REASON_MAX} characters"),
            );
        }
        if !input.answers.is_empty() {
            e.insert(
                "answers".into(),
                "a device that cannot be checked has no answers".into(),
            );
        }
        return if e.is_empty() { Ok(Vec::new()) } else { Err(e) };
    }
    for (i, a) in input.answers.iter().enumerate() {
        if !items.iter().any(|it| it.code == a.code) {
            e.insert(
                format!("answers.{}", a.code),
                format!("the standard has no item {}", a.code),
            );
        }
        if input.answers[..i].iter().any(|b| b.code == a.code) {
            e.insert(format!("answers.{}", a.code), "answered twice".into());
        }
    }
    let mut results = Vec::with_capacity(items.len());
    for item in items {
        let answer = input.answers.iter().find(|a| a.code == item.code);
        let answer = answer.map(|a| a.answer.clone()).filter(|a| !blank(a));
        let verdict = match &answer {
            Some(a) => match judge(item, a) {
                Ok(v) => Some(v),
                Err(why) => {
                    e.insert(format!("answers.{}", item.code), why);
                    None
                }
            },
            None if item.required => {
                e.insert(
                    format!("answers.{}", item.code),
                    "this item is required".into(),
                );
                None
            }
            None => None,
        };
        results.push(ItemResult {
            code: item.code.clone(),
            answer,
            verdict,
        });
    }
    if e.is_empty() {
        Ok(results)
    } else {
        Err(e)
    }
}

/// An empty note or choice counts as not answered.
fn blank(a: &Answer) -> bool {
    match a {
        Answer::Note { text } => text.trim().is_empty(),
        Answer::Choice { value } => value.trim().is_empty(),
        _ => false,
    }
}

/// The photos a check names: the server makes sure each is an image
/// attached to the visit.
pub fn photo_ids(results: &[ItemResult]) -> Vec<u64> {
    results
        .iter()
        .filter_map(|r| match r.answer {
            Some(Answer::Photo { file_id }) => Some(file_id),
            _ => None,
        })
        .collect()
}

/// What an answer says, for people: `11.2 V`, `告警`, `fail`.
pub fn answer_text(item: &ChecklistItem, answer: &Answer) -> String {
    match answer {
        Answer::Pass => "pass".into(),
        Answer::Fail => "fail".into(),
        Answer::Reading { value } if item.unit.is_empty() => number(*value),
        Answer::Reading { value } => format!("{} {}", number(*value), item.unit),
        Answer::Choice { value } => value.clone(),
        Answer::Note { text } => text.clone(),
        Answer::Photo { file_id } => format!("photo {file_id}"),
    }
}

/// A failed item as a service request describes it, in both languages:
/// `电池电压 / Battery voltage: 11.2 V (passes 12–13.8 V)`.
pub fn finding_text(item: &ChecklistItem, result: &ItemResult) -> String {
    let label = if item.label_en.is_empty() || item.label_en == item.label_zh {
        item.label_zh.clone()
    } else {
        format!("{} / {}", item.label_zh, item.label_en)
    };
    let said = result
        .answer
        .as_ref()
        .map(|a| answer_text(item, a))
        .unwrap_or_default();
    let range = item.range_text();
    if item.kind == ItemKind::Reading && !range.is_empty() {
        format!("{label}: {said} (passes {range})")
    } else {
        format!("{label}: {said}")
    }
}

/// A failed item that opened a service request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    pub device_id: u64,
    pub item_code: String,
    pub text: String,
    pub urgency: Urgency,
    pub request_id: u64,
    pub request_number: String,
}

/// `POST /api/inspections/visits/{id}/findings` at the visit's `version`:
/// open a service request from a failed item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewFinding {
    pub version: u64,
    pub device_id: u64,
    pub item_code: String,
    /// Default: proposed from the item's severity.
    #[serde(default)]
    pub urgency: Option<Urgency>,
    /// Added to the finding's text in the request.
    #[serde(default)]
    pub remarks: String,
}

/// The failed item a finding opens a request for, or why it cannot:
/// the device was not checked, the item passed, or a request was already
/// opened for it on this visit.
pub fn finding_item<'a>(
    checks: &'a [DeviceCheck],
    findings: &[Finding],
    device_id: u64,
    code: &str,
) -> Result<&'a ItemResult, String> {
    let check = checks
        .iter()
        .find(|c| c.device_id == device_id)
        .ok_or("this device has not been checked on this visit")?;
    let result = check
        .results
        .iter()
        .find(|r| r.code == code)
        .ok_or_else(|| format!("the device has no item {code}"))?;
    if result.verdict != Some(Verdict::Failed) {
        return Err("only a failed item opens a request".into());
    }
    if let Some(f) = findings
        .iter()
        .find(|f| f.device_id == device_id && f.item_code == code)
    {
        return Err(format!(
            "request {} was already opened for it",
            f.request_number
        ));
    }
    Ok(result)
}

/// The devices of the visit nobody has recorded yet: signing waits for
/// every one (checked, or not checkable with a reason).
pub fn unrecorded(device_ids: &[u64], checks: &[DeviceCheck]) -> Vec<u64> {
    device_ids
        .iter()
        .filter(|d| !checks.iter().any(|c| c.device_id == **d))
        .copied()
        .collect()
}

/// Whether checks may still be recorded, and the visit signed, in `state`.
pub fn open_for_work(state: VisitState) -> Result<(), String> {
    match state {
        VisitState::Dispatched | VisitState::InProgress => Ok(()),
        VisitState::Planned => Err("dispatch the visit to an engineer first".into()),
        VisitState::Done => Err("the visit is signed: corrections are made by a new visit".into()),
        VisitState::Cancelled => Err("the visit was cancelled".into()),
    }
}

/// A device checked on a visit, for the report and the phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitDevice {
    pub id: u64,
    pub product: String,
    pub brand: String,
    pub model: String,
    pub serial_number: String,
    pub asset_tag: String,
    pub site: String,
}

/// `GET /api/inspections/visits/{id}`: the visit with the standard it is
/// done against and everything recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionVisit {
    pub visit: PlannedVisit,
    pub contract_number: String,
    pub customer_name: String,
    /// The revision in use: fixed at the first check, the newest before.
    pub template: super::templates::InspectionTemplate,
    pub devices: Vec<VisitDevice>,
    pub checks: Vec<DeviceCheck>,
    pub findings: Vec<Finding>,
    pub work_order_number: Option<String>,
    pub engineers: Vec<String>,
    pub signature: Option<crate::reports::Signature>,
    pub done_at: Option<DateTime<Utc>>,
}

/// `POST /api/inspections/visits/{id}/dispatch` at the visit's `version`:
/// a work order of kind inspection for these engineers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DispatchVisit {
    pub version: u64,
    pub assignees: Vec<u64>,
}

/// How a contract's inspections stand for a year: the figure shown at
/// renewal. Cancelled visits (no longer promised) do not count.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Compliance {
    pub contract_id: u64,
    pub year: i32,
    /// The firm's day the visits were put in their buckets: the app shows
    /// each visit's bucket as of this day, not the browser's.
    pub as_of: NaiveDate,
    /// Visits due this year.
    pub promised: u32,
    /// Signed on or before the due date.
    pub on_time: u32,
    /// Signed after the due date.
    pub late: u32,
    /// Not done, more than `MISSED_AFTER_DAYS` past the due date.
    pub missed: u32,
    /// Not done, past the due date, still within reach.
    pub overdue: u32,
    /// Due from today on.
    pub upcoming: u32,
    pub visits: Vec<PlannedVisit>,
}

/// Which of the compliance buckets a visit falls in on `today`; `None`
/// for a cancelled visit.
pub fn bucket(v: &PlannedVisit, today: NaiveDate) -> Option<&'static str> {
    match (v.state, v.done_on) {
        (VisitState::Cancelled, _) => None,
        (VisitState::Done, Some(d)) if d <= v.due_date => Some("on_time"),
        (VisitState::Done, _) => Some("late"),
        _ if v.due_date >= today => Some("upcoming"),
        _ if (today - v.due_date).num_days() > MISSED_AFTER_DAYS => Some("missed"),
        _ => Some("overdue"),
    }
}

/// Adds up a contract's visits due in `year`.
pub fn compliance(
    contract_id: u64,
    year: i32,
    visits: &[PlannedVisit],
    today: NaiveDate,
) -> Compliance {
    let mut c = Compliance {
        contract_id,
        year,
        as_of: today,
        ..Default::default()
    };
    let mut mine: Vec<PlannedVisit> = visits
        .iter()
        .filter(|v| v.due_date.year() == year && v.state != VisitState::Cancelled)
        .cloned()
        .collect();
    mine.sort_by_key(|v| (v.due_date, v.schedule_id));
    for v in &mine {
        c.promised += 1;
        match bucket(v, today) {
            Some("on_time") => c.on_time += 1,
            Some("late") => c.late += 1,
            Some("missed") => c.missed += 1,
            Some("overdue") => c.overdue += 1,
            _ => c.upcoming += 1,
        }
    }
    c.visits = mine;
    c
}

/// One reading on one visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadingPoint {
    pub visit_id: u64,
    pub date: NaiveDate,
    pub value: f64,
    pub passed: bool,
}

/// `GET /api/devices/{id}/readings`: one series per reading item (by its
/// code, stable across revisions), oldest first, with the newest range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadingSeries {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub unit: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub points: Vec<ReadingPoint>,
}

/// Gathers a device's readings from its done visits, each given with the
/// items of the revision it was done against.
pub fn reading_series(
    visits: &[(u64, NaiveDate, &[ChecklistItem], &DeviceCheck)],
) -> Vec<ReadingSeries> {
    let mut ordered: Vec<_> = visits.to_vec();
    ordered.sort_by_key(|(id, d, _, _)| (*d, *id));
    let mut out: Vec<ReadingSeries> = Vec::new();
    for (visit_id, date, items, check) in ordered {
        for r in &check.results {
            let (Some(Answer::Reading { value }), Some(item)) =
                (&r.answer, items.iter().find(|i| i.code == r.code))
            else {
                continue;
            };
            let point = ReadingPoint {
                visit_id,
                date,
                value: *value,
                passed: r.verdict == Some(Verdict::Passed),
            };
            match out.iter_mut().find(|s| s.code == r.code) {
                Some(s) => {
                    // The newest revision's wording and range win.
                    s.label_zh = item.label_zh.clone();
                    s.label_en = item.label_en.clone();
                    s.unit = item.unit.clone();
                    s.min = item.min;
                    s.max = item.max;
                    s.points.push(point);
                }
                None => out.push(ReadingSeries {
                    code: r.code.clone(),
                    label_zh: item.label_zh.clone(),
                    label_en: item.label_en.clone(),
                    unit: item.unit.clone(),
                    min: item.min,
                    max: item.max,
                    points: vec![point],
                }),
            }
        }
    }
    out
}

/// Where a series is drawn in a `width`×`height` box: each point's (x, y),
/// and the passing band's top and bottom y (the whole box when open-ended).
/// The y scale takes in the points and the range with a margin, so a value
/// drifting toward a limit is seen moving toward the band's edge.
pub struct ChartLayout {
    pub points: Vec<(f32, f32)>,
    pub band: (f32, f32),
    pub low: f64,
    pub high: f64,
}

pub fn chart_layout(s: &ReadingSeries, width: f32, height: f32) -> ChartLayout {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in s.points.iter().map(|p| p.value).chain(s.min).chain(s.max) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        lo = 0.0;
        hi = 1.0;
    }
    let pad = ((hi - lo) * 0.1).max(0.5);
    let (low, high) = (lo - pad, hi + pad);
    let y = |v: f64| (height as f64 * (1.0 - (v - low) / (high - low))) as f32;
    let n = s.points.len();
    let x = |i: usize| {
        if n <= 1 {
            width / 2.0
        } else {
            width * i as f32 / (n - 1) as f32
        }
    };
    ChartLayout {
        points: s
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| (x(i), y(p.value)))
            .collect(),
        band: (s.max.map_or(0.0, y), s.min.map_or(height, y)),
        low,
        high,
    }
}
