//! When time counts: around the clock, or in the firm's business hours with
//! holidays and make-up days. Both directions (how much working time lies
//! between two moments, and when a span of working time ends) are worked out
//! in closed form over whole weeks plus the listed exception days, so the
//! cost does not grow with the span and no input can make them loop.

use crate::bounds;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// The most holidays (and, separately, make-up days) a setting may list.
const MAX_LISTED_DAYS: usize = 2000;

/// When the firm works, for contracts that are not 7x24. Times are the
/// firm's local time at a fixed offset from UTC (China keeps no daylight
/// saving time, so an offset is exact there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct BusinessHours {
    /// Minutes east of UTC: 480 for Asia/Shanghai.
    pub utc_offset_minutes: i32,
    /// Working weekdays, Monday first.
    pub workdays: [bool; 7],
    /// Start and end of the working day, local time ("09:00", "18:00").
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub opens: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub closes: NaiveTime,
    /// Days off that fall on workdays (public holidays).
    pub holidays: Vec<NaiveDate>,
    /// Weekend days worked instead (调休 make-up days).
    pub extra_workdays: Vec<NaiveDate>,
}

impl Default for BusinessHours {
    fn default() -> Self {
        BusinessHours {
            utc_offset_minutes: crate::coverage::DEFAULT_UTC_OFFSET_MINUTES,
            workdays: [true, true, true, true, true, false, false],
            opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            closes: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
            holidays: Vec::new(),
            extra_workdays: Vec::new(),
        }
    }
}

impl BusinessHours {
    /// Something is wrong with the setting (the clock could never run).
    pub fn problem(&self) -> Option<&'static str> {
        if self.opens >= self.closes {
            Some("the working day must close after it opens")
        } else if !self.workdays.iter().any(|d| *d) && self.extra_workdays.is_empty() {
            Some("at least one weekday must be a workday")
        } else if !(-14 * 60..=14 * 60).contains(&self.utc_offset_minutes) {
            Some("the UTC offset must be within ±14 hours")
        } else if self.holidays.len() > MAX_LISTED_DAYS
            || self.extra_workdays.len() > MAX_LISTED_DAYS
        {
            Some("at most 2000 holidays and 2000 make-up days")
        } else if !self
            .holidays
            .iter()
            .chain(&self.extra_workdays)
            .all(|d| bounds::date_ok(*d))
        {
            Some("holidays and make-up days must be between 1970-01-01 and 2200-12-31")
        } else {
            None
        }
    }

    fn offset(&self) -> Duration {
        Duration::minutes(self.utc_offset_minutes as i64)
    }

    /// Local time of `t`, clamped into the accepted dates first so the
    /// offset can never overflow.
    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        bounds::clamp_time(t).naive_utc() + self.offset()
    }

    pub fn is_workday(&self, day: NaiveDate) -> bool {
        if self.extra_workdays.contains(&day) {
            return true;
        }
        if self.holidays.contains(&day) {
            return false;
        }
        self.workdays[weekday_index(day.weekday())]
    }

    /// The working window of a local day, if it is a workday.
    fn window(&self, day: NaiveDate) -> Option<(NaiveDateTime, NaiveDateTime)> {
        self.is_workday(day)
            .then(|| (day.and_time(self.opens), day.and_time(self.closes)))
    }
    /// Working seconds between `a` and `b` in closed form: the partial first
    /// and last days, whole weeks times the weekly workdays, the remaining
    /// (fewer than seven) days, then the listed holidays and make-up days
    /// that fall strictly between.
    fn working_seconds(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b <= a {
            return 0;
        }
        let (a, b) = (self.local(a), self.local(b));
        let overlap = |day: NaiveDate, from: NaiveDateTime, to: NaiveDateTime| {
            self.window(day).map_or(0, |(opens, closes)| {
                let (s, e) = (opens.max(from), closes.min(to));
                (e - s).num_seconds().max(0)
            })
        };
        let (first, last) = (a.date(), b.date());
        if first == last {
            return overlap(first, a, b);
        }
        let total = overlap(first, a, b) + overlap(last, a, b);
        // The whole days strictly between.
        let (Some(d0), Some(d1)) = (first.succ_opt(), last.pred_opt()) else {
            return total;
        };
        if d0 > d1 {
            return total;
        }
        let day = (self.closes - self.opens).num_seconds();
        let days = (d1 - d0).num_days() + 1;
        let per_week = self.workdays.iter().filter(|w| **w).count() as i64;
        let mut workdays = days / 7 * per_week;
        let mut d = d0 + Duration::days(days / 7 * 7);
        while d <= d1 {
            workdays += i64::from(self.workdays[weekday_index(d.weekday())]);
            d += Duration::days(1);
        }
        let inside = |x: &&NaiveDate| (d0..=d1).contains(*x);
        let mut holidays: Vec<NaiveDate> = self.holidays.iter().filter(inside).copied().collect();
        holidays.sort_unstable();
        holidays.dedup();
        for h in holidays {
            if self.workdays[weekday_index(h.weekday())] && !self.extra_workdays.contains(&h) {
                workdays -= 1;
            }
        }
        let mut extra: Vec<NaiveDate> =
            self.extra_workdays.iter().filter(inside).copied().collect();
        extra.sort_unstable();
        extra.dedup();
        for x in extra {
            if !self.workdays[weekday_index(x.weekday())] {
                workdays += 1;
            }
        }
        total + workdays * day
    }
}

fn weekday_index(day: Weekday) -> usize {
    day.num_days_from_monday() as usize
}

/// How time counts for one request: around the clock, or in working hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Calendar {
    AllDay,
    Business(BusinessHours),
}

/// Searching further than this for working time means the setting has no
/// working time at all; the clock then counts around the clock instead.
const MAX_DAYS: i64 = 3 * 366;

/// The largest figure a clock reports, either way: ten years in minutes.
/// A time far in the past (a step dated in year −200000) makes a clock late
/// by "ten years", not by a number nobody can read.
pub const MAX_FIGURE_MINUTES: i64 = 10 * 366 * 24 * 60;

impl Calendar {
    pub fn for_hours(hours: crate::contracts::ServiceHours, business: &BusinessHours) -> Calendar {
        use crate::contracts::ServiceHours;
        match hours {
            ServiceHours::AllDay => Calendar::AllDay,
            ServiceHours::Business if business.problem().is_none() => {
                Calendar::Business(business.clone())
            }
            ServiceHours::Business => Calendar::AllDay,
        }
    }

    /// The moment `seconds` of counting time after `from`: the first moment
    /// by which that much working time has passed (for 0, the first working
    /// moment at or after `from`). Found by bisection over
    /// [`Calendar::between`]'s closed form: about 40 evaluations at most.
    pub fn add(&self, from: DateTime<Utc>, seconds: i64) -> DateTime<Utc> {
        let from = bounds::clamp_time(from);
        let seconds = seconds.clamp(0, MAX_FIGURE_MINUTES * 60);
        let Calendar::Business(b) = self else {
            return from + Duration::seconds(seconds);
        };
        if seconds == 0 {
            return self.add(from, 1) - Duration::seconds(1);
        }
        // Working time is never more than the time itself, so the answer is
        // at least `seconds` away; a week holds at least one workday's
        // window unless the setting works only its make-up days.
        let day = (b.closes - b.opens).num_seconds().max(1);
        let weekly = day * b.workdays.iter().filter(|w| **w).count() as i64;
        let bound = match weekly {
            0 => MAX_DAYS * 86_400,
            w => (seconds / w + 2) * 7 * 86_400 + MAX_DAYS * 86_400,
        };
        if b.working_seconds(from, from + Duration::seconds(bound)) < seconds {
            return from + Duration::seconds(seconds);
        }
        let (mut lo, mut hi) = (seconds, bound);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if b.working_seconds(from, from + Duration::seconds(mid)) >= seconds {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        from + Duration::seconds(lo)
    }

    /// Counting seconds between `a` and `b` (0 if `b` is not after `a`). A
    /// span longer than [`MAX_FIGURE_MINUTES`] counts as that long.
    pub fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        let (a, b) = (bounds::clamp_time(a), bounds::clamp_time(b));
        if b <= a {
            return 0;
        }
        let longest = Duration::minutes(MAX_FIGURE_MINUTES);
        let a = if b - a > longest { b - longest } else { a };
        match self {
            Calendar::AllDay => (b - a).num_seconds(),
            Calendar::Business(h) => h.working_seconds(a, b),
        }
    }
}
