//! The bounds of every date and time that enters the system, in one place:
//! the server validates against them and the app's inputs carry them as
//! `min`/`max`. JSON and chrono accept the year 262142 or −200000; no
//! contract, install date or phone call of a small IT firm lies there, and
//! arithmetic on such values is where loops and overflows hide.

use crate::users::FieldErrors;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The earliest calendar date accepted (install dates, contract terms,
/// holidays, due dates).
pub const FIRST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("1970-01-01 is a date"),
};

/// The latest calendar date accepted.
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2200, 12, 31) {
    Some(d) => d,
    None => panic!("2200-12-31 is a date"),
};

/// How far ahead of the server's clock a step may claim to be: a phone's
/// clock a little fast is normal, an hour ahead is a typo.
pub const FUTURE_TOLERANCE_MINUTES: i64 = 5;

/// A step logged more than this long after the time it claims needs a reason
/// and shows as "logged late".
pub const LATE_LOG_MINUTES: i64 = 3 * 60;

/// Whether a calendar date is within [`FIRST_DATE`]..=[`LAST_DATE`].
pub fn date_ok(date: NaiveDate) -> bool {
    (FIRST_DATE..=LAST_DATE).contains(&date)
}

/// Records a field error when `date` is outside the accepted range.
pub fn check_date(field: &str, date: Option<NaiveDate>, errors: &mut FieldErrors) {
    if let Some(d) = date {
        if !date_ok(d) {
            errors.insert(field.into(), date_range_message());
        }
    }
}

pub fn date_range_message() -> String {
    format!("must be between {FIRST_DATE} and {LAST_DATE}")
}

/// A time outside the accepted dates, clamped into them. The clock engine
/// and coverage clamp what they are given, so even a value that slipped in
/// before these bounds existed cannot overflow their arithmetic.
pub fn clamp_time(t: DateTime<Utc>) -> DateTime<Utc> {
    let first = FIRST_DATE.and_time(chrono::NaiveTime::MIN).and_utc();
    let last = (LAST_DATE.and_time(chrono::NaiveTime::MIN) + Duration::days(1)).and_utc();
    t.clamp(first, last)
}

/// Clamps a calendar date into the accepted range.
pub fn clamp_date(d: NaiveDate) -> NaiveDate {
    d.clamp(FIRST_DATE, LAST_DATE)
}

/// Why a step's claimed time is refused, if it is: not before `not_before`
/// (the work order's dispatch, or the request's receipt) and not after
/// `now` plus [`FUTURE_TOLERANCE_MINUTES`].
pub fn step_time_problem(
    at: DateTime<Utc>,
    not_before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<String> {
    if at < not_before {
        Some(format!(
            "must not be before {} (when the work was given out)",
            not_before.format("%Y-%m-%d %H:%M UTC")
        ))
    } else if at > now + Duration::minutes(FUTURE_TOLERANCE_MINUTES) {
        Some("must not be in the future".into())
    } else {
        None
    }
}

/// Whether a step claiming `at` and logged at `logged` is logged late.
pub fn logged_late(at: DateTime<Utc>, logged: DateTime<Utc>) -> bool {
    logged - at > Duration::minutes(LATE_LOG_MINUTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn dates_outside_the_range_are_refused_and_clamped() {
        let mut e = FieldErrors::new();
        check_date(
            "install_date",
            NaiveDate::from_ymd_opt(262142, 12, 31),
            &mut e,
        );
        check_date(
            "warranty_end",
            NaiveDate::from_ymd_opt(1969, 12, 31),
            &mut e,
        );
        check_date("ok", NaiveDate::from_ymd_opt(2026, 12, 2), &mut e);
        assert_eq!(e.len(), 2);
        assert!(e.contains_key("install_date") && e.contains_key("warranty_end"));
        assert_eq!(clamp_date(NaiveDate::MAX), LAST_DATE);
        assert_eq!(
            clamp_time(DateTime::<Utc>::MIN_UTC).date_naive(),
            FIRST_DATE
        );
    }

    #[test]
    fn step_times_lie_between_dispatch_and_now() {
        let dispatched = t("2026-12-01T08:00:00Z");
        let now = t("2026-12-01T12:00:00Z");
        assert!(step_time_problem(t("2026-12-01T07:59:59Z"), dispatched, now).is_some());
        assert!(step_time_problem(t("2026-12-01T08:00:00Z"), dispatched, now).is_none());
        assert!(step_time_problem(t("2026-12-01T12:05:00Z"), dispatched, now).is_none());
        assert!(step_time_problem(t("2026-12-01T12:05:01Z"), dispatched, now).is_some());
        assert!(logged_late(
            t("2026-12-01T08:00:00Z"),
            t("2026-12-01T11:00:01Z")
        ));
        assert!(!logged_late(
            t("2026-12-01T08:00:00Z"),
            t("2026-12-01T11:00:00Z")
        ));
    }
}
