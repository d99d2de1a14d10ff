//! Warranty and contract coverage: one implementation for the server and
//! the app, so both say the same about the same device on the same day.
//!
//! Dates are calendar days in the firm's time zone (default Asia/Shanghai,
//! UTC+8): a contract that ends on 2026-12-31 covers until midnight at the
//! end of that day there, whatever the server's or the browser's own zone.

use crate::bounds;
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The firm's default offset from UTC in minutes (Asia/Shanghai has no DST).
pub const DEFAULT_UTC_OFFSET_MINUTES: i32 = 8 * 60;

/// The calendar day at `now` for a firm `offset_minutes` east of UTC.
pub fn firm_today(now: DateTime<Utc>, offset_minutes: i32) -> NaiveDate {
    // Clamped: a setting stored before offsets were bounded cannot overflow.
    let offset = offset_minutes.clamp(-14 * 60, 14 * 60);
    (bounds::clamp_time(now) + Duration::minutes(offset.into())).date_naive()
}

/// The firm's wall clock at `t` (day and time as its staff read them), with
/// the same clamping as `firm_today`, so the two always agree on the day.
pub fn firm_wall_clock(t: DateTime<Utc>, offset_minutes: i32) -> chrono::NaiveDateTime {
    let offset = offset_minutes.clamp(-14 * 60, 14 * 60);
    (bounds::clamp_time(t) + Duration::minutes(offset.into())).naive_utc()
}

/// `date` plus `months` calendar months, clamped to the month's last day
/// (2026-01-31 + 1 month = 2026-02-28). Dates are first clamped into the
/// accepted range (`bounds`), and the result is found in one step, never by
/// searching, so no input can make it loop.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    let date = bounds::clamp_date(date);
    let total = date.year() as i64 * 12 + date.month0() as i64 + months.min(12 * 1000) as i64;
    let (year, month0) = (total.div_euclid(12) as i32, total.rem_euclid(12) as u32);
    let Some(first) = NaiveDate::from_ymd_opt(year, month0 + 1, 1) else {
        return bounds::LAST_DATE;
    };
    let last_day = first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .map_or(31, |d| d.day());
    first.with_day(date.day().min(last_day)).unwrap_or(first)
}

/// The last day of a free warranty of `months` starting on `install`:
/// 12 months from 2026-03-15 ends on 2027-03-14.
pub fn warranty_end(install: NaiveDate, months: u32) -> NaiveDate {
    add_months(install, months).pred_opt().unwrap_or(install)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Warranty {
    pub in_warranty: bool,
    /// The last day covered, if known.
    pub ends: Option<NaiveDate>,
}

/// Warranty status on `today`: covered through the end day inclusive.
pub fn warranty(ends: Option<NaiveDate>, today: NaiveDate) -> Warranty {
    Warranty {
        in_warranty: ends.is_some_and(|e| today <= e),
        ends,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    /// Being prepared: promises nothing yet.
    Draft,
    /// Signed, starts later.
    Pending,
    Active,
    Expired,
    /// Ended early.
    Terminated,
}

/// A contract's status on `today`, derived from its dates: only "draft"
/// and "terminated" are decisions people record.
pub fn contract_status(
    draft: bool,
    terminated_on: Option<NaiveDate>,
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
) -> ContractStatus {
    if draft {
        ContractStatus::Draft
    } else if terminated_on.is_some_and(|t| today >= t) {
        ContractStatus::Terminated
    } else if today < start {
        ContractStatus::Pending
    } else if today > end {
        ContractStatus::Expired
    } else {
        ContractStatus::Active
    }
}

/// Days from `today` to `end` (0 on the last day), if the contract has not
/// ended: for "expires in N days" lists.
pub fn days_left(end: NaiveDate, today: NaiveDate) -> Option<i64> {
    let d = (end - today).num_days();
    (d >= 0).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_firm_day_turns_at_its_own_midnight() {
        // 16:30 UTC on 31 Dec is already 1 Jan in Shanghai.
        let now = Utc.with_ymd_and_hms(2026, 12, 31, 16, 30, 0).unwrap();
        assert_eq!(firm_today(now, DEFAULT_UTC_OFFSET_MINUTES), d("2027-01-01"));
        assert_eq!(firm_today(now, 0), d("2026-12-31"));
        let just_before = Utc.with_ymd_and_hms(2026, 12, 31, 15, 59, 59).unwrap();
        assert_eq!(
            firm_today(just_before, DEFAULT_UTC_OFFSET_MINUTES),
            d("2026-12-31")
        );
        // The wall clock agrees with the day, and shows the firm's time.
        let wall = firm_wall_clock(now, DEFAULT_UTC_OFFSET_MINUTES);
        assert_eq!(wall.date(), firm_today(now, DEFAULT_UTC_OFFSET_MINUTES));
        assert_eq!(wall.format("%H:%M").to_string(), "00:30");
        // An offset beyond any real zone is clamped, never an overflow.
        assert_eq!(
            firm_wall_clock(now, i32::MAX).date(),
            firm_today(now, i32::MAX)
        );
        // West of UTC the day turns later.
        assert_eq!(
            firm_today(Utc.with_ymd_and_hms(2027, 1, 1, 3, 0, 0).unwrap(), -5 * 60),
            d("2026-12-31")
        );
    }

    #[test]
    fn months_are_added_by_the_calendar() {
        assert_eq!(add_months(d("2026-01-31"), 1), d("2026-02-28"));
        assert_eq!(add_months(d("2028-01-31"), 1), d("2028-02-29"));
        assert_eq!(add_months(d("2026-11-15"), 2), d("2027-01-15"));
        assert_eq!(add_months(d("2026-03-15"), 0), d("2026-03-15"));
        assert_eq!(warranty_end(d("2026-03-15"), 12), d("2027-03-14"));
        assert_eq!(warranty_end(d("2024-02-29"), 12), d("2025-02-27"));
    }

    #[test]
    fn warranty_covers_its_last_day_and_not_the_next() {
        let ends = Some(d("2027-03-14"));
        assert!(warranty(ends, d("2027-03-14")).in_warranty);
        assert!(!warranty(ends, d("2027-03-15")).in_warranty);
        assert!(!warranty(None, d("2027-03-14")).in_warranty);
    }

    #[test]
    fn contract_status_on_its_edge_days() {
        let (start, end) = (d("2026-01-01"), d("2026-12-31"));
        let s = |today: &str| contract_status(false, None, start, end, d(today));
        assert_eq!(s("2025-12-31"), ContractStatus::Pending);
        assert_eq!(
            s("2026-01-01"),
            ContractStatus::Active,
            "the start day is covered"
        );
        assert_eq!(
            s("2026-12-31"),
            ContractStatus::Active,
            "the end day is covered"
        );
        assert_eq!(s("2027-01-01"), ContractStatus::Expired);
        assert_eq!(
            contract_status(true, None, start, end, d("2026-06-01")),
            ContractStatus::Draft
        );
        let terminated =
            |today: &str| contract_status(false, Some(d("2026-06-30")), start, end, d(today));
        assert_eq!(terminated("2026-06-29"), ContractStatus::Active);
        assert_eq!(terminated("2026-06-30"), ContractStatus::Terminated);
    }

    #[test]
    fn days_left_counts_down_to_zero_on_the_last_day() {
        assert_eq!(days_left(d("2026-12-31"), d("2026-12-01")), Some(30));
        assert_eq!(days_left(d("2026-12-31"), d("2026-12-31")), Some(0));
        assert_eq!(days_left(d("2026-12-31"), d("2027-01-01")), None);
    }
}
