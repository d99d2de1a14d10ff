//! The closed-form calendar against a plain day-by-day walk (the obvious
//! definition), on random settings and spans, and on hostile extremes.

use super::calendar::{BusinessHours, Calendar, MAX_FIGURE_MINUTES};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

/// A small deterministic generator: the same cases on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n) as i64
    }
}

fn date(days_from_2020: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Duration::days(days_from_2020)
}

fn random_hours(r: &mut Rng) -> BusinessHours {
    let opens = r.below(12) as u32;
    let closes = opens + 1 + r.below(11) as u32;
    let mut workdays = [false; 7];
    for w in workdays.iter_mut() {
        *w = r.below(3) > 0;
    }
    workdays[r.below(7) as usize] = true;
    BusinessHours {
        utc_offset_minutes: (r.below(29 * 60) - 14 * 60) as i32,
        workdays,
        opens: NaiveTime::from_hms_opt(opens, r.below(60) as u32, 0).unwrap(),
        closes: NaiveTime::from_hms_opt(closes, 0, 0).unwrap(),
        holidays: (0..r.below(20)).map(|_| date(r.below(800))).collect(),
        extra_workdays: (0..r.below(6)).map(|_| date(r.below(800))).collect(),
    }
}

fn local(h: &BusinessHours, t: DateTime<Utc>) -> chrono::NaiveDateTime {
    t.naive_utc() + Duration::minutes(h.utc_offset_minutes.into())
}

/// Working seconds by walking every day: the definition.
fn walk_between(h: &BusinessHours, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    if b <= a {
        return 0;
    }
    let (a, b) = (local(h, a), local(h, b));
    let mut total = 0;
    let mut day = a.date();
    while day <= b.date() {
        if h.is_workday(day) {
            let (s, e) = (day.and_time(h.opens).max(a), day.and_time(h.closes).min(b));
            total += (e - s).num_seconds().max(0);
        }
        day += Duration::days(1);
    }
    total
}

fn random_time(r: &mut Rng) -> DateTime<Utc> {
    date(r.below(700)).and_hms_opt(0, 0, 0).unwrap().and_utc() + Duration::seconds(r.below(86_400))
}

#[test]
fn between_agrees_with_walking_the_days() {
    let mut r = Rng(0x5eed_1234_abcd);
    for _ in 0..400 {
        let h = random_hours(&mut r);
        let a = random_time(&mut r);
        let b = a + Duration::seconds(r.below(90 * 86_400));
        let cal = Calendar::Business(h.clone());
        assert_eq!(cal.between(a, b), walk_between(&h, a, b), "{h:?} {a} {b}");
    }
}

#[test]
fn add_is_the_first_moment_with_that_much_working_time() {
    let mut r = Rng(0xfeed_5678_0042);
    for _ in 0..300 {
        let h = random_hours(&mut r);
        let cal = Calendar::Business(h.clone());
        let from = random_time(&mut r);
        let seconds = r.below(40 * 3600) + 1;
        let at = cal.add(from, seconds);
        assert_eq!(
            walk_between(&h, from, at),
            seconds,
            "{h:?} {from} {seconds}"
        );
        assert!(walk_between(&h, from, at - Duration::seconds(1)) < seconds);
        // Zero: the first working moment at or after `from`.
        let start = cal.add(from, 0);
        assert!(start >= from);
        assert_eq!(walk_between(&h, from, start), 0);
        assert_eq!(walk_between(&h, start, start + Duration::seconds(1)), 1);
    }
}

#[test]
fn hostile_times_and_spans_return_at_once() {
    // Run in a thread so a regression to an unbounded walk fails the test
    // (after a minute) instead of hanging the suite; the cases themselves
    // take milliseconds.
    let (done, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut r = Rng(0xbad_da7e);
        let extremes = [
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
            "-200000-01-01T00:00:00Z".parse().unwrap(),
            "+262142-12-31T00:00:00Z".parse().unwrap(),
            "2026-12-02T09:00:00Z".parse().unwrap(),
        ];
        for i in 0..2000 {
            let h = random_hours(&mut r);
            let cal = if i % 3 == 0 {
                Calendar::AllDay
            } else {
                Calendar::Business(h)
            };
            let a = extremes[r.below(5) as usize];
            let b = extremes[r.below(5) as usize];
            let span = cal.between(a, b);
            assert!((0..=MAX_FIGURE_MINUTES * 60).contains(&span));
            let seconds = [0, 1, i64::MAX, i64::MIN, r.below(1 << 40) as i64][r.below(5) as usize];
            let _ = cal.add(a, seconds);
            let _ = crate::coverage::add_months(a.date_naive(), r.next() as u32);
            let _ = crate::coverage::warranty_end(b.date_naive(), u32::MAX);
        }
        done.send(()).unwrap();
    });
    wait.recv_timeout(std::time::Duration::from_secs(60))
        .expect("the calendar returned within a minute");
}

#[test]
fn an_offset_of_i32_min_is_refused_not_a_panic() {
    // Found by the API fuzzer: `abs()` of i32::MIN overflowed.
    let h = BusinessHours {
        utc_offset_minutes: i32::MIN,
        ..BusinessHours::default()
    };
    assert!(h.problem().is_some());
}
