use super::*;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn all(r: Rhythm, start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    due_dates(r, start, end, start, end)
}

#[test]
fn the_31st_falls_on_each_months_last_day_including_leap_februaries() {
    let dates = all(
        Rhythm::MonthDay {
            every_months: 1,
            day: 31,
        },
        d(2027, 1, 31),
        d(2028, 4, 30),
    );
    assert_eq!(
        dates[..4],
        [
            d(2027, 1, 31),
            d(2027, 2, 28),
            d(2027, 3, 31),
            d(2027, 4, 30)
        ]
    );
    assert!(dates.contains(&d(2028, 2, 29)));
    assert_eq!(dates.len(), 16);
}

#[test]
fn the_first_monday_of_each_month() {
    let r = Rhythm::NthWeekday {
        every_months: 1,
        nth: 1,
        weekday: Day::Monday,
    };
    assert_eq!(
        all(r, d(2026, 12, 2), d(2027, 3, 31)),
        [d(2026, 12, 7), d(2027, 1, 4), d(2027, 2, 1), d(2027, 3, 1)]
    );
    // A contract starting after its month's first Monday gets the next one.
    assert_eq!(all(r, d(2026, 12, 8), d(2027, 1, 31)), [d(2027, 1, 4)]);
}

#[test]
fn the_last_friday_of_each_quarter() {
    let r = Rhythm::NthWeekday {
        every_months: 3,
        nth: 5,
        weekday: Day::Friday,
    };
    assert_eq!(
        all(r, d(2027, 1, 1), d(2027, 12, 31)),
        [
            d(2027, 1, 29),
            d(2027, 4, 30),
            d(2027, 7, 30),
            d(2027, 10, 29)
        ]
    );
}

#[test]
fn quarterly_visits_come_one_per_quarter_from_the_contracts_start() {
    let r = Rhythm::MonthDay {
        every_months: 3,
        day: 5,
    };
    assert_eq!(
        all(r, d(2027, 1, 2), d(2027, 12, 31)),
        [d(2027, 1, 5), d(2027, 4, 5), d(2027, 7, 5), d(2027, 10, 5)]
    );
    // Starting on the 20th: the first quarter's visit moves to its second month.
    assert_eq!(
        all(r, d(2027, 1, 20), d(2027, 12, 31)),
        [d(2027, 2, 5), d(2027, 4, 5), d(2027, 7, 5), d(2027, 10, 5)]
    );
}

#[test]
fn every_two_weeks_on_a_weekday() {
    let r = Rhythm::Weeks {
        every_weeks: 2,
        weekday: Day::Wednesday,
    };
    assert_eq!(
        all(r, d(2026, 12, 3), d(2027, 1, 15)),
        [d(2026, 12, 9), d(2026, 12, 23), d(2027, 1, 6)]
    );
}

#[test]
fn impossible_rhythms_are_named_and_give_no_dates() {
    for r in [
        Rhythm::MonthDay {
            every_months: 0,
            day: 1,
        },
        Rhythm::MonthDay {
            every_months: 1,
            day: 32,
        },
        Rhythm::NthWeekday {
            every_months: 1,
            nth: 0,
            weekday: Day::Monday,
        },
        Rhythm::Weeks {
            every_weeks: 0,
            weekday: Day::Monday,
        },
    ] {
        assert!(r.problem().is_some(), "{r:?}");
        assert!(all(r, d(2027, 1, 1), d(2027, 12, 31)).is_empty());
    }
}

#[test]
fn the_contracts_promise_becomes_a_rhythm() {
    for per_year in [1, 2, 3, 4, 6, 12, 24, 52] {
        let r = Rhythm::from_per_year(per_year, d(2027, 3, 15)).unwrap();
        assert!(r.problem().is_none());
        let got = all(r, d(2027, 3, 15), d(2028, 3, 14)).len() as i64;
        let slack = (per_year as i64 / 8).max(1);
        assert!(
            (got - per_year as i64).abs() <= slack,
            "{per_year}: {got} from {r:?}"
        );
    }
    assert_eq!(Rhythm::from_per_year(0, d(2027, 3, 15)), None);
}

/// A small deterministic generator: the same cases on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_rhythm(r: &mut Rng) -> Rhythm {
    let weekday = Day::ALL[r.below(7) as usize];
    match r.below(3) {
        0 => Rhythm::MonthDay {
            every_months: 1 + r.below(12) as u8,
            day: 1 + r.below(31) as u8,
        },
        1 => Rhythm::NthWeekday {
            every_months: 1 + r.below(12) as u8,
            nth: 1 + r.below(5) as u8,
            weekday,
        },
        _ => Rhythm::Weeks {
            every_weeks: 1 + r.below(8) as u8,
            weekday,
        },
    }
}

fn random_date(r: &mut Rng) -> NaiveDate {
    d(2020, 1, 1) + chrono::Duration::days(r.below(365 * 12) as i64)
}

#[test]
fn random_plans_are_ordered_inside_the_contract_and_the_same_however_they_are_asked_for() {
    let mut r = Rng(0x5eed_2026_1203);
    for _ in 0..3000 {
        let rhythm = random_rhythm(&mut r);
        let start = random_date(&mut r);
        let end = start + chrono::Duration::days(r.below(365 * 4) as i64);
        let whole = all(rhythm, start, end);
        assert!(
            whole.windows(2).all(|w| w[0] < w[1]),
            "{rhythm:?} {start} {end}"
        );
        assert!(whole.iter().all(|x| *x >= start && *x <= end));
        // Split anywhere: the halves make the whole (a re-plan from today
        // neither duplicates nor drops a visit).
        let cut =
            start + chrono::Duration::days(r.below(((end - start).num_days() + 1) as u64) as i64);
        let mut halves = due_dates(rhythm, start, end, start, cut);
        halves.extend(due_dates(
            rhythm,
            start,
            end,
            cut + chrono::Duration::days(1),
            end,
        ));
        assert_eq!(halves, whole, "{rhythm:?} {start} {end} cut {cut}");
        match rhythm {
            Rhythm::MonthDay { every_months, day }
            | Rhythm::NthWeekday {
                every_months,
                nth: day,
                ..
            } => {
                // One visit in every whole block of months inside the
                // contract after the first.
                let month1 = start.with_day(1).unwrap();
                let mut k = 1;
                loop {
                    let a = crate::coverage::add_months(month1, k * every_months as u32);
                    let b = crate::coverage::add_months(month1, (k + 1) * every_months as u32);
                    if b > end {
                        break;
                    }
                    let n = whole.iter().filter(|x| **x >= a && **x < b).count();
                    assert_eq!(n, 1, "{rhythm:?} period {a}..{b}: {whole:?}");
                    k += 1;
                }
                for x in &whole {
                    match rhythm {
                        Rhythm::MonthDay { .. } => assert_eq!(
                            x.day(),
                            (day as u32).min(days_in_month(x.year(), x.month()))
                        ),
                        Rhythm::NthWeekday { weekday, .. } => {
                            assert_eq!(x.weekday(), weekday.weekday());
                            if day < 5 {
                                assert_eq!((x.day() - 1) / 7 + 1, day as u32, "{x}");
                            } else {
                                assert!(x.day() + 7 > days_in_month(x.year(), x.month()), "{x}");
                            }
                        }
                        Rhythm::Weeks { .. } => unreachable!(),
                    }
                }
            }
            Rhythm::Weeks {
                every_weeks,
                weekday,
            } => {
                assert!(whole.iter().all(|x| x.weekday() == weekday.weekday()));
                assert!(whole
                    .windows(2)
                    .all(|w| (w[1] - w[0]).num_days() == 7 * every_weeks as i64));
                if let Some(first) = whole.first() {
                    assert!((*first - start).num_days() < 7);
                }
            }
        }
    }
}

#[test]
fn hostile_spans_return_at_once_and_bounded() {
    let started = std::time::Instant::now();
    let (lo, hi) = (crate::bounds::FIRST_DATE, crate::bounds::LAST_DATE);
    for rhythm in [
        Rhythm::Weeks {
            every_weeks: 1,
            weekday: Day::Sunday,
        },
        Rhythm::MonthDay {
            every_months: 1,
            day: 31,
        },
        Rhythm::NthWeekday {
            every_months: 1,
            nth: 5,
            weekday: Day::Monday,
        },
    ] {
        let dates = all(rhythm, lo, hi);
        assert!(!dates.is_empty() && dates.len() <= MAX_DATES);
        assert!(due_dates(rhythm, lo, hi, hi, lo).is_empty());
        assert!(all(rhythm, hi, lo).is_empty());
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
