//! The KPIs as read: a period's sums for one dimension from the daily sums
//! (a year is 366 small reads whatever the number of requests), the trend
//! by ISO week, and the drill-downs, which walk the requests first closed
//! in the period and keep those the figure is made of, with why.

use super::{allow, invalid, Caller, ServiceResult};
use crate::store::kpi::{facts_of, period_bounds};
use crate::store::ComplaintRecord;
use crate::store::{keys, CustomerRecord, RequestRecord, Store};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use servicebook_shared::complaints::{ComplaintOutcome, ComplaintState};
use servicebook_shared::coverage::firm_today;
use servicebook_shared::kpi::{self, Counters, Dimension, FigureFilter, KpiSettings};
use servicebook_shared::kpi_report::{
    trend_weeks, ComplaintFigures, KpiReport, KpiRequestItem, KpiTrend, Load, TrendWeek,
    MAX_TREND_WEEKS,
};
use servicebook_shared::permissions;
use servicebook_shared::users::FieldErrors;
use servicebook_shared::Page;
use std::collections::HashMap;

/// Refuses unless the caller may read `dim`'s figures.
pub fn may_read(caller: &Caller, dim: &Dimension) -> ServiceResult<()> {
    let own = matches!(dim, Dimension::Engineer(u) if *u == caller.username);
    allow(
        permissions::read_kpi(caller.who(), dim, own),
        "read these KPIs",
    )
}

fn period(from: NaiveDate, to: NaiveDate) -> ServiceResult<()> {
    kpi::check_period(from, to).map_err(invalid)
}

/// `GET /api/kpi`.
pub fn report(
    store: &Store,
    caller: &Caller,
    dim: Dimension,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> ServiceResult<KpiReport> {
    may_read(caller, &dim)?;
    period(from, to)?;
    let counters = store.kpi_counters(&dim, from, to)?;
    Ok(KpiReport {
        from,
        to,
        figures: counters.figures(),
        counters,
        load: load(store, &dim, now)?,
        complaints: complaints(store, &dim, from, to)?,
        dimension: dim,
    })
}

/// The complaints received in the period that concern `dim`, counted as
/// the complaint figures per person are ([`ComplaintState`] and outcome).
fn complaints(
    store: &Store,
    dim: &Dimension,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<ComplaintFigures> {
    let offset = store.settings()?.business_hours.utc_offset_minutes;
    let (start, end) = period_bounds(from, to, offset);
    let mut out = ComplaintFigures::default();
    for id in store.complaints_received(Some(start), Some(end))? {
        let Some(c) = store.get::<ComplaintRecord>(id)? else {
            continue;
        };
        if c.received_at < start || c.received_at >= end {
            continue;
        }
        let concerns = match dim {
            Dimension::Firm => true,
            Dimension::Engineer(u) => c.persons.contains(u),
            Dimension::Customer(id) => c.customer_id == *id,
            Dimension::Contract(id) => match c.request_id {
                Some(r) => store
                    .get::<RequestRecord>(r)?
                    .is_some_and(|r| r.coverage.contract_id == Some(*id)),
                None => false,
            },
        };
        if concerns {
            out.received += 1;
            out.upheld += matches!(
                c.outcome,
                Some(ComplaintOutcome::Upheld | ComplaintOutcome::PartlyUpheld)
            ) as u64;
            out.open += (c.state != ComplaintState::Closed) as u64;
        }
    }
    Ok(out)
}

/// Open requests with a clock running and how many are late: for the firm
/// a walk over the due index's keys; for one customer, contract or
/// engineer the open requests themselves (a few thousand at most).
fn load(store: &Store, dim: &Dimension, now: DateTime<Utc>) -> ServiceResult<Load> {
    if *dim == Dimension::Firm {
        let (open, overdue) = store.request_clock_counts(now)?;
        return Ok(Load { open, overdue });
    }
    let mut out = Load::default();
    let mut after = None;
    loop {
        let (page, next) = store.requests_by_due(after, 500)?;
        for r in &page {
            let counts = match dim {
                Dimension::Firm => true,
                Dimension::Customer(c) => r.customer_id == *c,
                Dimension::Contract(c) => r.coverage.contract_id == Some(*c),
                Dimension::Engineer(u) => r.engineers.contains(u),
            };
            if counts {
                out.open += 1;
                out.overdue += r.next_due_at.is_some_and(|d| d < now) as u64;
            }
        }
        match next {
            Some(n) => after = Some(n),
            None => return Ok(out),
        }
    }
}

/// `GET /api/kpi/trend`: the last `weeks` ISO weeks, this one last.
pub fn trend(
    store: &Store,
    caller: &Caller,
    dim: Dimension,
    weeks: u32,
    now: DateTime<Utc>,
) -> ServiceResult<KpiTrend> {
    may_read(caller, &dim)?;
    if !(1..=MAX_TREND_WEEKS).contains(&weeks) {
        return Err(invalid(FieldErrors::from([(
            "weeks".to_owned(),
            format!("must be 1 to {MAX_TREND_WEEKS}"),
        )])));
    }
    let today = firm_today(now, store.settings()?.business_hours.utc_offset_minutes);
    let mondays = trend_weeks(today, weeks);
    let first = mondays[0];
    let mut sums: Vec<Counters> = vec![Counters::default(); mondays.len()];
    for (day, c) in store.kpi_days(&dim, first, first + Duration::weeks(weeks as i64))? {
        let k = ((day - first).num_days() / 7) as usize;
        if let Some(s) = sums.get_mut(k) {
            s.add(&c);
        }
    }
    Ok(KpiTrend {
        dimension: dim,
        weeks: mondays
            .into_iter()
            .zip(sums)
            .map(|(week_start, counters)| TrendWeek {
                week_start,
                figures: counters.figures(),
                counters,
            })
            .collect(),
    })
}

/// The most index entries one drill-down page walks before answering with
/// a cursor to go on from (a rare figure over a year at a million requests
/// is then several quick pages rather than one slow one).
const MAX_WALK: usize = 20_000;

/// `GET /api/kpi/requests`: the requests a figure is made of, in the order
/// they were closed.
#[allow(clippy::too_many_arguments)]
pub fn requests(
    store: &Store,
    caller: &Caller,
    dim: Dimension,
    from: NaiveDate,
    to: NaiveDate,
    figure: FigureFilter,
    cursor: Option<&str>,
    limit: usize,
) -> ServiceResult<Page<KpiRequestItem>> {
    may_read(caller, &dim)?;
    period(from, to)?;
    let after = match cursor {
        None => None,
        Some(c) => Some(unhex(c).ok_or_else(|| {
            invalid(FieldErrors::from([(
                "cursor".to_owned(),
                "is not a cursor this list gave".to_owned(),
            )]))
        })?),
    };
    let settings = KpiSettings::of(&store.settings()?);
    let (start, end) = period_bounds(from, to, settings.utc_offset_minutes);
    let mut names: HashMap<u64, String> = HashMap::new();
    let mut items = Vec::new();
    let mut walked = 0;
    let mut last: Option<Vec<u8>> = None;
    for entry in store.requests_closed_between(start, end, after)? {
        let (key, id) = entry?;
        walked += 1;
        last = Some(key);
        let Some(r) = store.get::<RequestRecord>(id)? else {
            continue;
        };
        let Some(f) = facts_of(&r, &settings) else {
            continue;
        };
        if !f.counts_in(&dim) || !figure.matches(&f, &r.surveys) {
            if walked >= MAX_WALK {
                break;
            }
            continue;
        }
        let customer_name = match names.get(&r.customer_id) {
            Some(n) => n.clone(),
            None => {
                let n = store
                    .get::<CustomerRecord>(r.customer_id)?
                    .map(|c| c.name)
                    .unwrap_or_default();
                names.insert(r.customer_id, n.clone());
                n
            }
        };
        items.push(KpiRequestItem {
            id: r.meta.id,
            number: r.number.clone(),
            customer_id: r.customer_id,
            customer_name,
            closed_day: f.closed_day,
            reasons: kpi::reasons(&f, &r.surveys),
            engineers: f.engineers,
        });
        if items.len() >= limit || walked >= MAX_WALK {
            break;
        }
    }
    let more = (items.len() >= limit || walked >= MAX_WALK)
        && last.as_ref().is_some_and(|k| {
            store
                .requests_closed_between(start, end, Some(k.clone()))
                .ok()
                .and_then(|mut it| it.next())
                .is_some()
        });
    Ok(Page {
        items,
        next_cursor: if more { last.map(|k| hex(&k)) } else { None },
    })
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 || s.len() > 64 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()
        .filter(|k| keys::parse_id(k).is_some())
}

#[cfg(test)]
#[path = "kpi_tests.rs"]
mod tests;
