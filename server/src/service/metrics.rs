//! What `/metrics` shows: the HTTP and writer series kept in memory, and
//! gauges read from the store at scrape time — open work by state from the
//! state indexes, late requests from the due index — so they cannot drift
//! from the records the way counters edited in place would.

use crate::metrics::{Exposition, HttpMetrics};
use crate::store::{RepairRecord, Store, StoreError, WorkOrderRecord};
use chrono::{DateTime, Utc};
use servicebook_shared::repairs::RepairState;
use servicebook_shared::work_orders::WoState;
use std::sync::atomic::Ordering::Relaxed;

/// The whole exposition at `now`.
pub fn scrape(store: &Store, http: &HttpMetrics, now: DateTime<Utc>) -> Result<String, StoreError> {
    let mut out = Exposition::default();
    http.write(&mut out);

    let stats = store.writer_stats();
    out.histogram(
        "servicebook_store_write_batch_size",
        "Writes committed together by one sync of the store (group commit)",
        &stats.batch_size,
    );
    out.histogram(
        "servicebook_store_sync_seconds",
        "Duration of one store sync (flush, and fsync with --durability full)",
        &stats.sync_seconds,
    );
    out.family(
        "servicebook_store_writer_queue_depth",
        "gauge",
        "Writes and jobs waiting for the store's writer thread",
        "",
        &[(String::new(), stats.queued.load(Relaxed).max(0) as f64)],
    );
    out.family(
        "servicebook_store_size_bytes",
        "gauge",
        "Size of the database on disk",
        "",
        &[(String::new(), store.size_on_disk()? as f64)],
    );

    let (running, late) = store.request_clock_counts(now)?;
    out.family(
        "servicebook_requests_open_with_clock",
        "gauge",
        "Open service requests with a running SLA or dispatch clock",
        "",
        &[(String::new(), running as f64)],
    );
    out.family(
        "servicebook_requests_breached",
        "gauge",
        "Open service requests past the due time of a running clock",
        "",
        &[(String::new(), late as f64)],
    );

    let work_orders = by_state(
        store.text_index_counts::<WorkOrderRecord>(&crate::store::work_orders::BY_STATE)?,
        WoState::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.as_str()),
    );
    out.family(
        "servicebook_work_orders_open",
        "gauge",
        "Open work orders by state",
        "state",
        &work_orders,
    );
    let repairs = by_state(
        store.text_index_counts::<RepairRecord>(&crate::store::repairs::OPEN_BY_STATE)?,
        RepairState::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.as_str()),
    );
    out.family(
        "servicebook_repairs_open",
        "gauge",
        "Repairs still with the firm, by state",
        "state",
        &repairs,
    );
    Ok(out.finish())
}

/// One sample per known open state (0 when none: a series that vanishes
/// breaks alerts and graphs), plus any value the index holds that this
/// build does not name.
fn by_state<'a>(
    counts: Vec<(String, u64)>,
    states: impl Iterator<Item = &'a str>,
) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = states
        .map(|s| {
            let n = counts.iter().find(|(v, _)| v == s).map_or(0, |(_, n)| *n);
            (s.to_owned(), n as f64)
        })
        .collect();
    for (name, n) in counts {
        if !out.iter().any(|(s, _)| *s == name) {
            out.push((name, n as f64));
        }
    }
    out
}
