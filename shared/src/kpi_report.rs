//! What the KPI endpoints answer, and the trend chart's layout (the app
//! draws it as SVG from this pure function, so it is unit-tested here).

use crate::kpi::{Counters, Dimension, Figures};
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Open work now, for the same dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Load {
    /// Open requests with a clock running.
    pub open: u64,
    /// Of those, past due now.
    pub overdue: u64,
}

/// Complaints received in the period about the dimension: naming the
/// engineer, from the customer, or about a request under the contract.
/// Counted from the complaint records themselves (there are few), never
/// kept as sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintFigures {
    pub received: u64,
    /// Closed as upheld or partly upheld.
    pub upheld: u64,
    /// Not closed yet.
    pub open: u64,
}

/// `GET /api/kpi`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub dimension: Dimension,
    pub counters: Counters,
    pub figures: Figures,
    pub load: Load,
    #[serde(default)]
    pub complaints: ComplaintFigures,
}

/// One ISO week of the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendWeek {
    /// Its Monday.
    pub week_start: NaiveDate,
    pub counters: Counters,
    pub figures: Figures,
}

/// `GET /api/kpi/trend`: oldest week first, the current week last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiTrend {
    pub dimension: Dimension,
    pub weeks: Vec<TrendWeek>,
}

pub const MAX_TREND_WEEKS: u32 = 52;

/// The Mondays of the `weeks` ISO weeks ending with `today`'s, oldest
/// first.
pub fn trend_weeks(today: NaiveDate, weeks: u32) -> Vec<NaiveDate> {
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    (0..weeks as i64)
        .rev()
        .map(|k| monday - Duration::weeks(k))
        .collect()
}

/// One request in a drill-down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiRequestItem {
    pub id: u64,
    pub number: String,
    pub customer_id: u64,
    pub customer_name: String,
    pub closed_day: NaiveDate,
    pub engineers: Vec<String>,
    /// Why it is in the figure (`leg_missed:call_back`, `ftf:reopened`,
    /// `score:2`…; see `kpi::reasons`).
    pub reasons: Vec<String>,
}

/// Where each point of a rate series (per mille) lies in a `width`×`height`
/// box with the scale 0–100 % (higher is up), and the target line's y.
/// Weeks without a figure have no point; the line is broken there.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendLayout {
    pub points: Vec<Option<(f32, f32)>>,
    pub target_y: f32,
}

pub fn trend_layout(rates: &[Option<u32>], target: u32, width: f32, height: f32) -> TrendLayout {
    let y = |r: u32| height * (1.0 - r.min(1000) as f32 / 1000.0);
    let n = rates.len();
    let x = |i: usize| {
        if n <= 1 {
            width / 2.0
        } else {
            width * i as f32 / (n - 1) as f32
        }
    };
    TrendLayout {
        points: rates
            .iter()
            .enumerate()
            .map(|(i, r)| r.map(|r| (x(i), y(r))))
            .collect(),
        target_y: y(target),
    }
}

/// The SVG path of a layout's points (`M x y L x y …`), restarting after
/// a gap.
pub fn trend_path(layout: &TrendLayout) -> String {
    let mut out = String::new();
    let mut pen_down = false;
    for p in &layout.points {
        match p {
            Some((x, y)) => {
                out.push_str(&format!(
                    "{}{x:.1} {y:.1} ",
                    if pen_down { "L" } else { "M" }
                ));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_weeks_end_with_this_week_oldest_first() {
        // Thursday 2026-12-03.
        let w = trend_weeks(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(), 3);
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(w, vec![d(11, 16), d(11, 23), d(11, 30)]);
    }

    #[test]
    fn the_layout_puts_100_percent_at_the_top_and_breaks_at_gaps() {
        let l = trend_layout(&[Some(1000), None, Some(500), Some(0)], 950, 300.0, 100.0);
        assert_eq!(l.points[0], Some((0.0, 0.0)));
        assert_eq!(l.points[1], None);
        assert_eq!(l.points[2], Some((200.0, 50.0)));
        assert_eq!(l.points[3], Some((300.0, 100.0)));
        assert!((l.target_y - 5.0).abs() < 1e-3);
        assert_eq!(trend_path(&l), "M0.0 0.0 M200.0 50.0 L300.0 100.0");
        assert_eq!(
            trend_layout(&[Some(700)], 900, 300.0, 100.0).points[0],
            Some((150.0, 30.000002))
        );
    }
}
