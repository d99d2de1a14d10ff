//! Seeding a store directly with many service requests, for the benches
//! that measure reading them (board, KPIs, exports). Seeding is not what
//! they measure, so it writes whole batches with a flush instead of an
//! fsync per batch, and builds records instead of calling the services.

use chrono::{DateTime, Utc};
use servicebook::store::{
    CustomerRecord, Durability, RecordMeta, RequestRecord, Store, StoreOptions,
};
use servicebook_shared::requests::{intake_coverage, Source, Urgency};
use servicebook_shared::sla::TimedEvent;
use std::path::Path;

/// A request as the benches store it: numbered `n`, for `customer`,
/// received at `received` with `events`; each bench then sets what it
/// measures (closing, surveys, engineers, work).
pub fn request(
    n: usize,
    customer: u64,
    received: DateTime<Utc>,
    events: Vec<TimedEvent>,
) -> RequestRecord {
    RequestRecord {
        meta: RecordMeta::new(),
        number: format!("SR-2026-{n:07}"),
        source: Source::Phone,
        customer_id: customer,
        contact: format!("联系人 138{n:08}"),
        device_id: None,
        site: None,
        description: format!("服务器告警，硬盘指示灯闪烁 {n}"),
        urgency: if n % 7 == 0 {
            Urgency::Urgent
        } else {
            Urgency::Normal
        },
        fault_level: 3,
        received_at: received,
        logged_at: received + chrono::Duration::minutes(10),
        logged_by: "bench".into(),
        coverage: intake_coverage(None, &[], received.date_naive()),
        closed: false,
        events,
        next_due_at: None,
        work_order_ids: Vec::new(),
        closing_note: String::new(),
        inspection_visit_id: None,
        surveys: Vec::new(),
        engineers: Vec::new(),
        work: Vec::new(),
        next_request_at: None,
    }
}

/// Opens the store at `dir` for seeding (flushed, not fsynced per batch).
pub fn open(dir: &Path) -> Store {
    Store::open(
        dir,
        &StoreOptions {
            durability: Durability::Flush,
            ..Default::default()
        },
    )
    .expect("open store")
}

/// `count` customers named 客户0, 客户1, …; their ids.
pub fn customers(store: &Store, count: usize) -> Vec<u64> {
    store
        .write_blocking(move |tx| {
            (0..count)
                .map(|n| {
                    let c = servicebook::domain::archive::new_customer(
                        servicebook_shared::customers::NewCustomer {
                            name: format!("客户{n}"),
                            ..Default::default()
                        },
                    )
                    .expect("customer");
                    tx.insert::<CustomerRecord>(c).map(|c| c.meta.id)
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("customers")
}

/// Requests 0..`total` made by `make(n, customer)`, the customers taken in
/// turn, written `batch` to a transaction.
pub fn requests(
    store: &Store,
    customers: &[u64],
    total: usize,
    batch: usize,
    make: impl Fn(usize, u64) -> RequestRecord + Send + Sync + Clone + 'static,
) {
    for b in 0..total.div_ceil(batch) {
        let customers = customers.to_vec();
        let make = make.clone();
        store
            .write_blocking(move |tx| {
                for n in b * batch..((b + 1) * batch).min(total) {
                    tx.insert(make(n, customers[n % customers.len()]))?;
                }
                Ok(())
            })
            .expect("requests");
    }
}
