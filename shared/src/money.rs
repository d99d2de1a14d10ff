//! Money: one type for every amount, in integer minor units (分 / cents),
//! so sums never drift and the server and the app round the same way.

use serde::{Deserialize, Serialize};

/// An amount in minor units (1 yuan = 100). On the wire a plain integer:
/// `12345` is ¥123.45.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);
    /// The largest amount a firm of this size records: 10,000,000,000.00.
    pub const MAX: Money = Money(1_000_000_000_000);

    pub fn from_minor(minor: i64) -> Money {
        Money(minor)
    }

    /// Whole yuan (or dollars).
    pub fn from_major(major: i64) -> Money {
        Money(major.saturating_mul(100))
    }

    pub fn minor(self) -> i64 {
        self.0
    }

    /// Within `0 ..= MAX`: what every stored amount must be.
    pub fn is_sensible(self) -> bool {
        (0..=Money::MAX.0).contains(&self.0)
    }

    /// This rate times a quantity (hours), rounded half away from zero to
    /// the minor unit.
    pub fn times(self, quantity: f64) -> Money {
        let v = (self.0 as f64 * quantity).round();
        if v.is_finite() {
            Money(v.clamp(i64::MIN as f64, i64::MAX as f64) as i64)
        } else {
            Money(0)
        }
    }

    pub fn plus(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }

    /// Reads an amount typed by a person: `1234`, `1234.5`, `1,234.56`,
    /// `¥1234`, with at most two decimals. `None` for anything else.
    pub fn parse(text: &str) -> Option<Money> {
        let t: String = text
            .trim()
            .trim_start_matches(['¥', '￥', '$'])
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest.to_owned()),
            None => (false, t),
        };
        let (whole, frac) = match t.split_once('.') {
            Some((w, f)) => (w, f),
            None => (t.as_str(), ""),
        };
        if whole.is_empty() && frac.is_empty() {
            return None;
        }
        if !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 2
            || whole.len() > 15
        {
            return None;
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        let frac: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().ok()? * 10,
            _ => frac.parse().ok()?,
        };
        let minor = whole.checked_mul(100)?.checked_add(frac)?;
        Some(Money(if negative { -minor } else { minor }))
    }

    /// `1,234.56`: grouped, always two decimals.
    pub fn format(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 100, abs % 100);
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{sign}{grouped}.{frac:02}")
    }

    /// `1234.56`: for an input box (no grouping), as [`Money::parse`] reads it.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.format())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Money::parse("1234"), Some(Money(123_400)));
        assert_eq!(Money::parse("1,234.5"), Some(Money(123_450)));
        assert_eq!(Money::parse(" ¥12,345.67 "), Some(Money(1_234_567)));
        assert_eq!(Money::parse(".5"), Some(Money(50)));
        assert_eq!(Money::parse("-3"), Some(Money(-300)));
        for bad in ["", "abc", "1.234", "1.2.3", "1e5", "--1", "."] {
            assert_eq!(Money::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_grouped_with_two_decimals_and_reads_back() {
        assert_eq!(Money(1_234_567).format(), "12,345.67");
        assert_eq!(Money(5).format(), "0.05");
        assert_eq!(Money(-100_000).format(), "-1,000.00");
        assert_eq!(Money(123_400).plain(), "1234.00");
        for m in [0, 1, 99, 100, 123_456_789, -42] {
            assert_eq!(Money::parse(&Money(m).format()), Some(Money(m)));
            assert_eq!(Money::parse(&Money(m).plain()), Some(Money(m)));
        }
    }

    #[test]
    fn rates_times_hours_round_to_the_minor_unit() {
        assert_eq!(Money::from_major(300).times(1.5), Money(45_000));
        assert_eq!(Money(333).times(0.5), Money(167));
        assert_eq!(Money(100).times(f64::NAN), Money(0));
        assert_eq!(Money(1).plus(Money(2)), Money(3));
    }

    #[test]
    fn is_an_integer_on_the_wire() {
        assert_eq!(serde_json::to_string(&Money(12345)).unwrap(), "12345");
        assert_eq!(serde_json::from_str::<Money>("7").unwrap(), Money(7));
        assert!(serde_json::from_str::<Money>("7.5").is_err());
        assert!(Money(0).is_sensible() && !Money(-1).is_sensible());
        assert!(!Money(Money::MAX.0 + 1).is_sensible());
    }
}
