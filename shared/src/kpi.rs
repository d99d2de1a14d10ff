//! KPIs: what one request contributes to the firm's figures, worked out
//! from its own record alone (its event history, surveys, work), so every
//! write that changes a request can keep the daily sums right in the same
//! write, and a full recomputation can prove them.
//!
//! Definitions (the drill-downs explain each with the same facts):
//! - A request counts in the period it was first closed in (the first
//!   cycle's close, a day in the firm's time zone). Reopening does not move
//!   it: it stays in that day and fails first-time fix.
//! - On time, per leg, judged on the first cycle's clocks: *met as first
//!   promised* (not late against the promise before extensions), *met as
//!   extended* (not late against an approved extension), or *missed*. A leg
//!   that never started, or that was still not met and not late when the
//!   request closed, is not counted. All legs: on time when no counted leg
//!   was missed.
//! - First-time fix: the first cycle closed with a signed report, after at
//!   most one visit on site (one `Arrived`), with one work order (none
//!   escalated or added), never reopened, and no later request for the same
//!   device received within `ftf_days` of the close. Until those days pass
//!   the figure is provisional: a repeat call changes it then.
//! - Satisfaction: answered surveys scoring 4 or 5 out of answered;
//!   response rate: answered out of sent.

use crate::contracts::{Promises, ServiceHours};
use crate::money::Money;
use crate::requests::{SurveyMark, Urgency};
use crate::sla::{self, BusinessHours, Calendar, DispatchMinutes, Leg, SlaEvent, TimedEvent};
use crate::users::FieldErrors;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The settings a request's facts depend on: changing one of them
/// recomputes every stored sum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiSettings {
    pub ftf_days: u32,
    pub utc_offset_minutes: i32,
    pub dispatch_minutes: DispatchMinutes,
    pub business_hours: BusinessHours,
}

pub const DEFAULT_FTF_DAYS: u32 = 30;
/// The longest period the KPIs are asked for at once.
pub const MAX_PERIOD_DAYS: i64 = 366;
/// The period when none is asked for: this many days up to the firm's today
/// (the firm's calendar, not the browser's, which differs near midnight).
pub const DEFAULT_PERIOD_DAYS: i64 = 30;
/// Targets in per mille.
pub const TARGET_ON_TIME: u32 = 950;
pub const TARGET_FTF: u32 = 900;
pub const TARGET_SATISFACTION: u32 = 900;

pub fn default_ftf_days() -> u32 {
    DEFAULT_FTF_DAYS
}

impl KpiSettings {
    pub fn of(s: &crate::settings::Settings) -> KpiSettings {
        KpiSettings {
            ftf_days: s.ftf_days,
            utc_offset_minutes: s.business_hours.utc_offset_minutes,
            dispatch_minutes: s.dispatch_minutes,
            business_hours: s.business_hours.clone(),
        }
    }
}

/// The work of one work order as its signed report states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkFigures {
    pub work_order_id: u64,
    pub hours_minutes: i64,
    pub travel_minutes: i64,
    pub parts_cost: Money,
}

/// What the facts are worked out from: one request's record.
#[derive(Debug, Clone)]
pub struct KpiInput<'a> {
    pub events: &'a [TimedEvent],
    pub urgency: Urgency,
    pub promises: &'a Promises,
    pub hours: ServiceHours,
    pub customer_id: u64,
    pub contract_id: Option<u64>,
    pub work_orders: usize,
    pub engineers: &'a [String],
    pub work: &'a [WorkFigures],
    pub surveys: &'a [SurveyMark],
    pub next_request_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LegOutcome {
    MetFirst,
    MetExtended,
    Missed,
}

/// Why a closed request is not a first-time fix (the first reason found).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FtfMiss {
    NoReport,
    SecondVisit,
    MoreWork,
    Reopened,
    RepeatRequest,
}

/// One request's part in the KPIs; `None` from [`facts`] while its first
/// cycle is not closed.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFacts {
    pub closed_at: DateTime<Utc>,
    pub closed_day: NaiveDate,
    pub legs: Vec<(Leg, LegOutcome)>,
    pub ftf: Result<(), FtfMiss>,
    pub reopened: bool,
    pub customer_id: u64,
    pub contract_id: Option<u64>,
    pub engineers: Vec<String>,
    pub hours_minutes: i64,
    pub travel_minutes: i64,
    pub parts_cost: Money,
    pub surveys_sent: i64,
    pub surveys_answered: i64,
    pub surveys_satisfied: i64,
}

/// When the request's first cycle was closed: the moment it counts at.
pub fn first_close(events: &[TimedEvent]) -> Option<DateTime<Utc>> {
    sla::cycles(events)
        .first()?
        .iter()
        .find(|e| matches!(e.event, SlaEvent::Closed))
        .map(|e| e.at)
}

pub fn facts(r: &KpiInput<'_>, s: &KpiSettings) -> Option<RequestFacts> {
    let cycles = sla::cycles(r.events);
    let first = cycles.first()?;
    let closed_at = first
        .iter()
        .find(|e| matches!(e.event, SlaEvent::Closed))?
        .at;
    let cal = Calendar::for_hours(r.hours, &s.business_hours);
    let clocks = sla::cycle_clocks(
        first,
        r.urgency == Urgency::Urgent,
        r.promises,
        s.dispatch_minutes.for_urgency(r.urgency),
        &cal,
        closed_at,
    );
    let legs = clocks
        .iter()
        .filter(|c| c.started_at.is_some())
        .filter_map(|c| {
            let outcome = if c.breached {
                LegOutcome::Missed
            } else if c.met_at.is_none() {
                return None;
            } else if c.breached_as_promised {
                LegOutcome::MetExtended
            } else {
                LegOutcome::MetFirst
            };
            Some((c.leg, outcome))
        })
        .collect();
    let reopened = sla::reopen_count(r.events) > 0;
    let has = |k: fn(&SlaEvent) -> bool| first.iter().filter(|e| k(&e.event)).count();
    let ftf = if has(|e| matches!(e, SlaEvent::ReportFiled)) == 0 {
        Err(FtfMiss::NoReport)
    } else if has(|e| matches!(e, SlaEvent::Arrived)) > 1 {
        Err(FtfMiss::SecondVisit)
    } else if r.work_orders > 1 {
        Err(FtfMiss::MoreWork)
    } else if reopened {
        Err(FtfMiss::Reopened)
    } else if r
        .next_request_at
        .is_some_and(|n| n <= closed_at + Duration::days(s.ftf_days as i64))
    {
        Err(FtfMiss::RepeatRequest)
    } else {
        Ok(())
    };
    let answered = r.surveys.iter().filter(|m| m.answered_at.is_some());
    let mut engineers = r.engineers.to_vec();
    engineers.sort();
    engineers.dedup();
    Some(RequestFacts {
        closed_at,
        closed_day: crate::coverage::firm_today(closed_at, s.utc_offset_minutes),
        legs,
        ftf,
        reopened,
        customer_id: r.customer_id,
        contract_id: r.contract_id,
        engineers,
        hours_minutes: r.work.iter().map(|w| w.hours_minutes).sum(),
        travel_minutes: r.work.iter().map(|w| w.travel_minutes).sum(),
        parts_cost: Money(r.work.iter().map(|w| w.parts_cost.0).sum()),
        surveys_sent: r.surveys.len() as i64,
        surveys_answered: answered.clone().count() as i64,
        surveys_satisfied: answered.filter(|m| m.overall.unwrap_or(0) >= 4).count() as i64,
    })
}

/// A survey sent, unanswered, whose link has stopped working at `now`.
pub fn survey_expired(m: &SurveyMark, now: DateTime<Utc>) -> bool {
    m.answered_at.is_none() && m.expires_at.is_some_and(|e| e < now)
}

/// Whom a figure is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Dimension {
    Firm,
    Engineer(String),
    Customer(u64),
    Contract(u64),
}

impl Dimension {
    /// The stored key's stem (`firm`, `engineer:li.wei`, `customer:12`).
    pub fn key(&self) -> String {
        match self {
            Dimension::Firm => "firm".into(),
            Dimension::Engineer(u) => format!("engineer:{u}"),
            Dimension::Customer(id) => format!("customer:{id}"),
            Dimension::Contract(id) => format!("contract:{id}"),
        }
    }
}

impl RequestFacts {
    /// Every dimension this request counts in.
    pub fn dimensions(&self) -> Vec<Dimension> {
        let mut d = vec![Dimension::Firm, Dimension::Customer(self.customer_id)];
        d.extend(self.contract_id.map(Dimension::Contract));
        d.extend(self.engineers.iter().cloned().map(Dimension::Engineer));
        d
    }

    pub fn counts_in(&self, d: &Dimension) -> bool {
        match d {
            Dimension::Firm => true,
            Dimension::Customer(c) => self.customer_id == *c,
            Dimension::Contract(c) => self.contract_id == Some(*c),
            Dimension::Engineer(u) => self.engineers.contains(u),
        }
    }

    pub fn missed(&self, as_extended: bool) -> bool {
        self.legs.iter().any(|(_, o)| match o {
            LegOutcome::Missed => true,
            LegOutcome::MetExtended => !as_extended,
            LegOutcome::MetFirst => false,
        })
    }

    /// What this request adds to its dimensions' sums.
    pub fn counters(&self) -> Counters {
        let mut c = Counters {
            closed: 1,
            reopened: self.reopened as i64,
            ftf_counted: 1,
            ftf_yes: self.ftf.is_ok() as i64,
            surveys_sent: self.surveys_sent,
            surveys_answered: self.surveys_answered,
            surveys_satisfied: self.surveys_satisfied,
            hours_minutes: self.hours_minutes,
            travel_minutes: self.travel_minutes,
            parts_cost: self.parts_cost.0,
            ..Counters::default()
        };
        for (leg, o) in &self.legs {
            let l = &mut c.legs[leg_index(*leg)];
            l.counted += 1;
            match o {
                LegOutcome::MetFirst => l.met_first += 1,
                LegOutcome::MetExtended => l.met_extended += 1,
                LegOutcome::Missed => {}
            }
        }
        if !self.legs.is_empty() {
            c.all_counted = 1;
            c.all_first = !self.missed(false) as i64;
            c.all_extended = !self.missed(true) as i64;
        }
        c
    }
}

pub fn leg_index(leg: Leg) -> usize {
    Leg::ALL.iter().position(|l| *l == leg).unwrap_or(0)
}

/// One leg's sums. `met_extended` counts those met only thanks to an
/// extension; met as extended = `met_first + met_extended`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegCounts {
    pub counted: i64,
    pub met_first: i64,
    pub met_extended: i64,
}

/// Integer sums over requests: stored per day and dimension, added up for
/// a period. Never edited but by adding and taking away one request's part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Counters {
    pub closed: i64,
    pub reopened: i64,
    /// In [`Leg::ALL`] order.
    pub legs: [LegCounts; 6],
    pub all_counted: i64,
    pub all_first: i64,
    pub all_extended: i64,
    pub ftf_counted: i64,
    pub ftf_yes: i64,
    pub surveys_sent: i64,
    pub surveys_answered: i64,
    pub surveys_satisfied: i64,
    pub hours_minutes: i64,
    pub travel_minutes: i64,
    /// Minor units.
    pub parts_cost: i64,
}

impl Counters {
    fn zip(&mut self, o: &Counters, f: fn(i64, i64) -> i64) {
        let a = self;
        for (x, y) in a.legs.iter_mut().zip(o.legs.iter()) {
            x.counted = f(x.counted, y.counted);
            x.met_first = f(x.met_first, y.met_first);
            x.met_extended = f(x.met_extended, y.met_extended);
        }
        a.closed = f(a.closed, o.closed);
        a.reopened = f(a.reopened, o.reopened);
        a.all_counted = f(a.all_counted, o.all_counted);
        a.all_first = f(a.all_first, o.all_first);
        a.all_extended = f(a.all_extended, o.all_extended);
        a.ftf_counted = f(a.ftf_counted, o.ftf_counted);
        a.ftf_yes = f(a.ftf_yes, o.ftf_yes);
        a.surveys_sent = f(a.surveys_sent, o.surveys_sent);
        a.surveys_answered = f(a.surveys_answered, o.surveys_answered);
        a.surveys_satisfied = f(a.surveys_satisfied, o.surveys_satisfied);
        a.hours_minutes = f(a.hours_minutes, o.hours_minutes);
        a.travel_minutes = f(a.travel_minutes, o.travel_minutes);
        a.parts_cost = f(a.parts_cost, o.parts_cost);
    }

    pub fn add(&mut self, o: &Counters) {
        self.zip(o, i64::saturating_add)
    }

    pub fn sub(&mut self, o: &Counters) {
        self.zip(o, i64::saturating_sub)
    }

    pub fn is_zero(&self) -> bool {
        *self == Counters::default()
    }

    pub fn figures(&self) -> Figures {
        Figures {
            on_time_first: rate(self.all_first, self.all_counted),
            on_time_extended: rate(self.all_extended, self.all_counted),
            legs: Leg::ALL
                .iter()
                .zip(self.legs.iter())
                .filter(|(_, l)| l.counted > 0)
                .map(|(leg, l)| LegFigure {
                    leg: *leg,
                    first: rate(l.met_first, l.counted),
                    extended: rate(l.met_first + l.met_extended, l.counted),
                    counted: l.counted,
                })
                .collect(),
            first_time_fix: rate(self.ftf_yes, self.ftf_counted),
            satisfaction: rate(self.surveys_satisfied, self.surveys_answered),
            response_rate: rate(self.surveys_answered, self.surveys_sent),
            targets: Targets::default(),
        }
    }
}

/// `part / whole` in per mille, rounded; `None` when nothing was counted.
pub fn rate(part: i64, whole: i64) -> Option<u32> {
    if whole <= 0 {
        return None;
    }
    Some(((part.clamp(0, whole) * 1000 + whole / 2) / whole) as u32)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegFigure {
    pub leg: Leg,
    pub first: Option<u32>,
    pub extended: Option<u32>,
    pub counted: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Targets {
    pub on_time: u32,
    pub first_time_fix: u32,
    pub satisfaction: u32,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            on_time: TARGET_ON_TIME,
            first_time_fix: TARGET_FTF,
            satisfaction: TARGET_SATISFACTION,
        }
    }
}

/// Rates in per mille (`953` = 95.3 %); `None`: nothing to judge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    pub on_time_first: Option<u32>,
    pub on_time_extended: Option<u32>,
    pub legs: Vec<LegFigure>,
    pub first_time_fix: Option<u32>,
    pub satisfaction: Option<u32>,
    pub response_rate: Option<u32>,
    pub targets: Targets,
}

/// Whether a rate meets its target (`None`: nothing to judge).
pub fn meets(rate: Option<u32>, target: u32) -> Option<bool> {
    rate.map(|r| r >= target)
}

/// A period of whole days, both ends included: `from ≤ to`, at most
/// [`MAX_PERIOD_DAYS`] long.
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    if to < from {
        e.insert("to".into(), "must not be before from".into());
    } else if (to - from).num_days() + 1 > MAX_PERIOD_DAYS {
        e.insert(
            "to".into(),
            format!("the period may be at most {MAX_PERIOD_DAYS} days"),
        );
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(e)
    }
}

/// The drill-downs: which requests make a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FigureFilter {
    Closed,
    /// Some leg missed as extended.
    OnTimeMissed,
    /// Some leg late against the first promise.
    OnTimeMissedFirst,
    LegMissed(Leg),
    FtfFailed,
    FtfOk,
    /// Answered with a score below 4.
    Dissatisfied,
    /// Sent and not answered.
    Unanswered,
    Reopened,
}

impl FigureFilter {
    pub fn parse(s: &str) -> Option<FigureFilter> {
        Some(match s {
            "closed" => FigureFilter::Closed,
            "on_time_missed" => FigureFilter::OnTimeMissed,
            "on_time_missed_first" => FigureFilter::OnTimeMissedFirst,
            "ftf_failed" => FigureFilter::FtfFailed,
            "ftf_ok" => FigureFilter::FtfOk,
            "dissatisfied" => FigureFilter::Dissatisfied,
            "unanswered" => FigureFilter::Unanswered,
            "reopened" => FigureFilter::Reopened,
            other => {
                let leg = other.strip_prefix("leg_missed:")?;
                FigureFilter::LegMissed(Leg::ALL.into_iter().find(|l| l.as_str() == leg)?)
            }
        })
    }

    pub fn as_string(&self) -> String {
        match self {
            FigureFilter::Closed => "closed".into(),
            FigureFilter::OnTimeMissed => "on_time_missed".into(),
            FigureFilter::OnTimeMissedFirst => "on_time_missed_first".into(),
            FigureFilter::LegMissed(l) => format!("leg_missed:{}", l.as_str()),
            FigureFilter::FtfFailed => "ftf_failed".into(),
            FigureFilter::FtfOk => "ftf_ok".into(),
            FigureFilter::Dissatisfied => "dissatisfied".into(),
            FigureFilter::Unanswered => "unanswered".into(),
            FigureFilter::Reopened => "reopened".into(),
        }
    }

    /// Whether the request is one of the figure's, with the surveys it
    /// was answered in (for the two survey figures).
    pub fn matches(&self, f: &RequestFacts, surveys: &[SurveyMark]) -> bool {
        match self {
            FigureFilter::Closed => true,
            FigureFilter::OnTimeMissed => f.missed(true),
            FigureFilter::OnTimeMissedFirst => f.missed(false),
            FigureFilter::LegMissed(leg) => f
                .legs
                .iter()
                .any(|(l, o)| l == leg && *o == LegOutcome::Missed),
            FigureFilter::FtfFailed => f.ftf.is_err(),
            FigureFilter::FtfOk => f.ftf.is_ok(),
            FigureFilter::Dissatisfied => surveys
                .iter()
                .any(|m| m.answered_at.is_some() && m.overall.unwrap_or(0) < 4),
            FigureFilter::Unanswered => surveys.iter().any(|m| m.answered_at.is_none()),
            FigureFilter::Reopened => f.reopened,
        }
    }
}

/// Why a request is in a drill-down, in words both languages key on:
/// `leg_missed:call_back`, `ftf:second_visit`, `score:2`.
pub fn reasons(f: &RequestFacts, surveys: &[SurveyMark]) -> Vec<String> {
    let mut out: Vec<String> = f
        .legs
        .iter()
        .filter_map(|(l, o)| match o {
            LegOutcome::Missed => Some(format!("leg_missed:{}", l.as_str())),
            LegOutcome::MetExtended => Some(format!("leg_extended:{}", l.as_str())),
            LegOutcome::MetFirst => None,
        })
        .collect();
    if let Err(m) = f.ftf {
        let m = serde_json::to_value(m)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        out.push(format!("ftf:{m}"));
    }
    for m in surveys {
        match m.overall {
            Some(s) if m.answered_at.is_some() => out.push(format!("score:{s}")),
            _ => out.push("survey:unanswered".into()),
        }
    }
    out
}

#[cfg(test)]
#[path = "kpi_tests.rs"]
mod tests;
