//! A small line chart of weekly rates against a target, drawn as inline
//! SVG from the shared `trend_layout` (no chart library): the target as a
//! dashed line, one line per series, a dot per week with its value.

use leptos::prelude::*;
use servicebook_shared::kpi_report::{trend_layout, trend_path};

const W: f32 = 300.0;
const H: f32 = 90.0;
const PAD: f32 = 6.0;

/// One series: its label, CSS class (colour) and per-mille rates, oldest
/// week first.
#[derive(Clone)]
pub struct Series {
    pub label: String,
    pub class: &'static str,
    pub rates: Vec<Option<u32>>,
    pub target: u32,
}

#[component]
pub fn TrendChart(series: Vec<Series>, #[prop(into)] caption: String) -> impl IntoView {
    let lines = series
        .iter()
        .map(|s| {
            let l = trend_layout(&s.rates, s.target, W, H);
            let path = trend_path(&l);
            let dots = l
                .points
                .iter()
                .zip(s.rates.iter())
                .filter_map(|(p, r)| p.zip(*r))
                .map(|((x, y), r)| {
                    view! {
                        <circle cx=format!("{:.1}", x + PAD) cy=format!("{:.1}", y + PAD) r="2.5" class=s.class>
                            <title>{format!("{} {:.1} %", s.label, r as f32 / 10.0)}</title>
                        </circle>
                    }
                })
                .collect_view();
            let target_y = format!("{:.1}", l.target_y + PAD);
            view! {
                <line x1=format!("{PAD}") x2=format!("{:.1}", W + PAD) y1=target_y.clone() y2=target_y
                    class=format!("target {}", s.class) stroke-dasharray="4 3"/>
                <path d=path transform=format!("translate({PAD} {PAD})") class=format!("series {}", s.class) fill="none"/>
                {dots}
            }
        })
        .collect_view();
    let legend = series
        .iter()
        .map(|s| view! { <span class=format!("legend {}", s.class)>"● "{s.label.clone()}</span> })
        .collect_view();
    view! {
        <figure class="trend-chart" data-testid="trend-chart">
            <svg viewBox=format!("0 0 {} {}", W + 2.0 * PAD, H + 2.0 * PAD) role="img" aria-label=caption.clone()
                preserveAspectRatio="none" class="trend-svg">
                <rect x=format!("{PAD}") y=format!("{PAD}") width=format!("{W}") height=format!("{H}") class="chart-box" fill="none"/>
                {lines}
            </svg>
            <figcaption>{caption}" "{legend}</figcaption>
        </figure>
    }
}
