//! Counters and histograms for `/metrics`, and the Prometheus text format
//! they are written in.
//!
//! Hand-written rather than `metrics-exporter-prometheus` or `prometheus`:
//! the server needs a handful of histograms and gauges, and those crates
//! bring a global registry and a few dozen crates to build on a 2-core CI
//! machine. Gauges are not kept here at all: they are read from the store's
//! indexes when scraped (`service::metrics`), so they can never drift.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;

/// Request latency buckets, in seconds (the 1 s bar of the load bench is a
/// bucket edge, so "requests over 1 s" is one subtraction).
pub const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Store sync (flush + fsync) buckets, in seconds.
pub const SYNC_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
];
/// Writes committed per sync (group commit; at most 512).
pub const BATCH_BUCKETS: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0];

/// A cumulative histogram safe to observe from any thread.
pub struct Histogram {
    bounds: &'static [f64],
    buckets: Vec<AtomicU64>,
    count: AtomicU64,
    /// The sum in millionths, so it fits an atomic integer.
    sum_micros: AtomicU64,
}

impl Histogram {
    pub fn new(bounds: &'static [f64]) -> Histogram {
        Histogram {
            bounds,
            buckets: bounds.iter().map(|_| AtomicU64::new(0)).collect(),
            count: AtomicU64::new(0),
            sum_micros: AtomicU64::new(0),
        }
    }

    pub fn observe(&self, value: f64) {
        // Only the first bucket that holds the value is counted; the
        // exposition accumulates, so an observation costs one increment.
        if let Some(i) = self.bounds.iter().position(|b| value <= *b) {
            self.buckets[i].fetch_add(1, Relaxed);
        }
        self.count.fetch_add(1, Relaxed);
        self.sum_micros
            .fetch_add((value.max(0.0) * 1e6).round() as u64, Relaxed);
    }

    pub fn count(&self) -> u64 {
        self.count.load(Relaxed)
    }

    /// The `_bucket`, `_sum` and `_count` samples of `name` with `labels`
    /// (already formatted, e.g. `method="GET"`, or empty).
    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let sep = if labels.is_empty() { "" } else { "," };
        let mut cumulative = 0;
        for (bound, n) in self.bounds.iter().zip(&self.buckets) {
            cumulative += n.load(Relaxed);
            let _ = writeln!(
                out,
                "{name}_bucket{{{labels}{sep}le=\"{bound}\"}} {cumulative}"
            );
        }
        let count = self.count.load(Relaxed);
        let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {count}");
        let sum = self.sum_micros.load(Relaxed) as f64 / 1e6;
        let braces = |s: &str| {
            if s.is_empty() {
                String::new()
            } else {
                format!("{{{s}}}")
            }
        };
        let _ = writeln!(out, "{name}_sum{} {sum}", braces(labels));
        let _ = writeln!(out, "{name}_count{} {count}", braces(labels));
    }
}

/// What the store's writer thread reports (see `store::writer`).
pub struct WriterStats {
    pub batch_size: Histogram,
    pub sync_seconds: Histogram,
    /// Jobs sent to the writer and not yet taken by it.
    pub queued: AtomicI64,
}

impl Default for WriterStats {
    fn default() -> Self {
        WriterStats {
            batch_size: Histogram::new(BATCH_BUCKETS),
            sync_seconds: Histogram::new(SYNC_BUCKETS),
            queued: AtomicI64::new(0),
        }
    }
}

/// Request counts and latencies by method, route pattern and status.
#[derive(Default)]
pub struct HttpMetrics {
    series: Mutex<HashMap<(&'static str, String, u16), Histogram>>,
}

impl HttpMetrics {
    /// `route` must be a pattern (`/api/requests/{id}`), never a raw path:
    /// one series per id would grow without bound.
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let method = bounded_method(method);
        let Ok(mut series) = self.series.lock() else {
            return;
        };
        series
            .entry((method, route.to_owned(), status))
            .or_insert_with(|| Histogram::new(LATENCY_BUCKETS))
            .observe(seconds);
    }

    pub fn write(&self, out: &mut Exposition) {
        let Ok(series) = self.series.lock() else {
            return;
        };
        let mut keys: Vec<_> = series.keys().collect();
        keys.sort();
        out.header(
            "servicebook_http_requests_seconds",
            "histogram",
            "HTTP requests by method, route pattern and status, and their duration in seconds",
        );
        for key in keys {
            let (method, route, status) = key;
            let labels = format!(
                "method=\"{method}\",route=\"{}\",status=\"{status}\"",
                escape(route)
            );
            series[key].write(&mut out.text, "servicebook_http_requests_seconds", &labels);
        }
    }
}

/// Methods outside the usual set share one label, so a client inventing
/// methods cannot add series.
fn bounded_method(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    }
}

/// A label value as the text format wants it.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The text format (version 0.0.4), written family by family.
#[derive(Default)]
pub struct Exposition {
    text: String,
}

pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

impl Exposition {
    pub fn header(&mut self, name: &str, kind: &str, help: &str) {
        let _ = writeln!(self.text, "# HELP {name} {help}");
        let _ = writeln!(self.text, "# TYPE {name} {kind}");
    }

    /// A gauge or counter family of one sample per label set; `label` names
    /// the one label (or is empty for a single unlabelled sample).
    pub fn family(
        &mut self,
        name: &str,
        kind: &str,
        help: &str,
        label: &str,
        samples: &[(String, f64)],
    ) {
        self.header(name, kind, help);
        for (value, n) in samples {
            if label.is_empty() {
                let _ = writeln!(self.text, "{name} {n}");
            } else {
                let _ = writeln!(self.text, "{name}{{{label}=\"{}\"}} {n}", escape(value));
            }
        }
    }

    pub fn histogram(&mut self, name: &str, help: &str, histogram: &Histogram) {
        self.header(name, "histogram", help);
        histogram.write(&mut self.text, name, "");
    }

    pub fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_is_cumulative_with_sum_and_count() {
        let h = Histogram::new(&[0.1, 1.0]);
        h.observe(0.05);
        h.observe(0.5);
        h.observe(3.0);
        let mut out = String::new();
        h.write(&mut out, "x", "a=\"b\"");
        assert_eq!(
            out,
            "x_bucket{a=\"b\",le=\"0.1\"} 1\nx_bucket{a=\"b\",le=\"1\"} 2\n\
             x_bucket{a=\"b\",le=\"+Inf\"} 3\nx_sum{a=\"b\"} 3.55\nx_count{a=\"b\"} 3\n"
        );
    }

    #[test]
    fn http_series_are_keyed_by_pattern_and_bounded_methods() {
        let m = HttpMetrics::default();
        m.observe("GET", "/api/requests/{id}", 200, 0.002);
        m.observe("GET", "/api/requests/{id}", 200, 0.003);
        m.observe("BREW", "/api/{unknown}", 404, 0.001);
        let mut out = Exposition::default();
        m.write(&mut out);
        let text = out.finish();
        assert!(text.contains(
            "servicebook_http_requests_seconds_count{method=\"GET\",route=\"/api/requests/{id}\",status=\"200\"} 2"
        ));
        assert!(text.contains("method=\"OTHER\",route=\"/api/{unknown}\",status=\"404\""));
    }

    #[test]
    fn label_values_are_escaped() {
        let mut out = Exposition::default();
        out.family("g", "gauge", "h", "l", &[("a\"b\\c".into(), 1.0)]);
        assert!(out.finish().contains("g{l=\"a\\\"b\\\\c\"} 1\n"));
    }
}
