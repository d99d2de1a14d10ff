//! When routine inspections fall due: a contract's rhythm turned into
//! dates. The dates depend only on the rhythm and the contract's start and
//! end, never on when they are computed, so re-planning after a restart, a
//! clock change or an edit yields the same dates (nothing duplicated,
//! nothing lost), and each date is found in closed form per period — no
//! walk over arbitrary spans.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// A weekday as the API spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Day {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Day {
    pub const ALL: [Day; 7] = [
        Day::Monday,
        Day::Tuesday,
        Day::Wednesday,
        Day::Thursday,
        Day::Friday,
        Day::Saturday,
        Day::Sunday,
    ];

    pub fn weekday(self) -> Weekday {
        match self {
            Day::Monday => Weekday::Mon,
            Day::Tuesday => Weekday::Tue,
            Day::Wednesday => Weekday::Wed,
            Day::Thursday => Weekday::Thu,
            Day::Friday => Weekday::Fri,
            Day::Saturday => Weekday::Sat,
            Day::Sunday => Weekday::Sun,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Day::Monday => "monday",
            Day::Tuesday => "tuesday",
            Day::Wednesday => "wednesday",
            Day::Thursday => "thursday",
            Day::Friday => "friday",
            Day::Saturday => "saturday",
            Day::Sunday => "sunday",
        }
    }
}

/// How often a contract's devices are inspected. Month rhythms count
/// blocks of `every_months` calendar months from the contract's start
/// month, one visit in each, in the block's first month (or its second,
/// when the contract began after the first month's date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rhythm {
    /// On `day` of the month (31 means the month's last day), every
    /// `every_months` months: 1 monthly, 3 quarterly, 6 half-yearly.
    MonthDay { every_months: u8, day: u8 },
    /// On the `nth` `weekday` of the month (5 means the last), every
    /// `every_months` months: "the first Monday of each quarter".
    NthWeekday {
        every_months: u8,
        nth: u8,
        weekday: Day,
    },
    /// Every `every_weeks` weeks on `weekday`, from the contract's start.
    Weeks { every_weeks: u8, weekday: Day },
}

impl Rhythm {
    /// The rhythm that gives `per_year` visits (the contract scope's
    /// `inspections_per_year`): on the contract's start day of the month.
    pub fn from_per_year(per_year: u32, start: NaiveDate) -> Option<Rhythm> {
        let day = start.day() as u8;
        match per_year {
            0 => None,
            1..=12 if 12 % per_year == 0 => Some(Rhythm::MonthDay {
                every_months: (12 / per_year) as u8,
                day,
            }),
            13..=26 => Some(Rhythm::Weeks {
                every_weeks: 2,
                weekday: day_of(start.weekday()),
            }),
            27.. => Some(Rhythm::Weeks {
                every_weeks: 1,
                weekday: day_of(start.weekday()),
            }),
            // 5, 7–11 a year: the nearest whole number of months.
            n => Some(Rhythm::MonthDay {
                every_months: (12 / n).max(1) as u8,
                day,
            }),
        }
    }

    /// Why the rhythm is impossible, if it is.
    pub fn problem(&self) -> Option<&'static str> {
        match *self {
            Rhythm::MonthDay { every_months, day } => {
                if !(1..=24).contains(&every_months) {
                    Some("every_months must be 1 to 24")
                } else if !(1..=31).contains(&day) {
                    Some("day must be 1 to 31")
                } else {
                    None
                }
            }
            Rhythm::NthWeekday {
                every_months, nth, ..
            } => {
                if !(1..=24).contains(&every_months) {
                    Some("every_months must be 1 to 24")
                } else if !(1..=5).contains(&nth) {
                    Some("nth must be 1 to 4, or 5 for the last")
                } else {
                    None
                }
            }
            Rhythm::Weeks { every_weeks, .. } => {
                if !(1..=52).contains(&every_weeks) {
                    Some("every_weeks must be 1 to 52")
                } else {
                    None
                }
            }
        }
    }

    /// Roughly how many visits a year, to compare with what the contract
    /// promises.
    pub fn per_year(&self) -> f64 {
        match *self {
            Rhythm::MonthDay { every_months, .. } | Rhythm::NthWeekday { every_months, .. } => {
                12.0 / every_months.max(1) as f64
            }
            Rhythm::Weeks { every_weeks, .. } => 365.25 / 7.0 / every_weeks.max(1) as f64,
        }
    }
}

fn day_of(w: Weekday) -> Day {
    Day::ALL[w.num_days_from_monday() as usize]
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .map_or(28, |d| d.day())
}

/// `day` in the month of `d`, clamped to the month's last day.
fn month_day(d: NaiveDate, day: u8) -> NaiveDate {
    let last = days_in_month(d.year(), d.month());
    d.with_day((day as u32).min(last)).unwrap_or(d)
}

/// The `nth` `weekday` of the month of `d` (5: the last).
fn nth_weekday(d: NaiveDate, nth: u8, weekday: Weekday) -> NaiveDate {
    if nth >= 5 {
        let last = d.with_day(days_in_month(d.year(), d.month())).unwrap_or(d);
        let back = (last.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
        return last - Duration::days(back as i64);
    }
    let first = d.with_day(1).unwrap_or(d);
    let ahead = (weekday.num_days_from_monday() + 7 - first.weekday().num_days_from_monday()) % 7;
    first + Duration::days(ahead as i64 + 7 * (nth as i64 - 1))
}

/// The most visits one call returns (a 52-week rhythm over 230 years is
/// far below it); a bound by construction, not a timeout.
pub const MAX_DATES: usize = 12_000;

/// The due dates of `rhythm` for a contract running `start..=end`, that
/// fall in `from..=to`, in order. The same dates whatever `from` and `to`:
/// asking for two halves gives exactly the whole.
pub fn due_dates(
    rhythm: Rhythm,
    start: NaiveDate,
    end: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    if rhythm.problem().is_some() || end < start {
        return out;
    }
    let (lo, hi) = (from.max(start), to.min(end));
    if hi < lo {
        return out;
    }
    match rhythm {
        Rhythm::Weeks {
            every_weeks,
            weekday,
        } => {
            let step = 7 * every_weeks as i64;
            let ahead = (weekday.weekday().num_days_from_monday() + 7
                - start.weekday().num_days_from_monday())
                % 7;
            let first = start + Duration::days(ahead as i64);
            // Skip whole steps before `lo` in closed form.
            let skip = ((lo - first).num_days().max(0) + step - 1) / step;
            let mut d = first + Duration::days(skip * step);
            while d <= hi && out.len() < MAX_DATES {
                out.push(d);
                d += Duration::days(step);
            }
        }
        Rhythm::MonthDay { every_months, .. } | Rhythm::NthWeekday { every_months, .. } => {
            let pick = |d: NaiveDate| match rhythm {
                Rhythm::MonthDay { day, .. } => month_day(d, day),
                Rhythm::NthWeekday { nth, weekday, .. } => nth_weekday(d, nth, weekday.weekday()),
                Rhythm::Weeks { .. } => d,
            };
            let m = every_months as i64;
            let month_index = |d: NaiveDate| d.year() as i64 * 12 + d.month0() as i64;
            let first_day = |index: i64| {
                NaiveDate::from_ymd_opt(
                    index.div_euclid(12) as i32,
                    index.rem_euclid(12) as u32 + 1,
                    1,
                )
            };
            let m0 = month_index(start);
            // Periods are blocks of `m` calendar months from the start's
            // month; start at the one holding `lo`.
            let mut k = (month_index(lo) - m0).max(0) / m;
            while let Some(first) = first_day(m0 + k * m) {
                if first > hi || out.len() >= MAX_DATES {
                    break;
                }
                let mut at = Some(pick(first));
                if k == 0 && at.is_some_and(|d| d < start) {
                    // The contract began after this month's date: the
                    // next month of the same period, if it has one.
                    at = (m > 1).then(|| first_day(m0 + 1).map(pick)).flatten();
                }
                if let Some(d) = at.filter(|d| *d >= lo && *d <= hi) {
                    out.push(d);
                }
                k += 1;
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "rhythm_tests.rs"]
mod tests;
