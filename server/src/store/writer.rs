//! The one writer thread. Handlers never run sled transactions or syncs on
//! the async executor (a transaction plus `flush_async` there deadlocked
//! under load); they send a job here and await its reply. Jobs that queue up
//! while a sync runs are committed together and share the next sync (group
//! commit), so durability costs one fsync per batch, not per request.

use super::tx::{Tx, TxResult};
use super::{Durability, StoreError};
use crate::metrics::WriterStats;
use chrono::Utc;
use sled::transaction::{TransactionError, Transactional, TransactionalTree};
use std::collections::HashMap;
use std::fs::File;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::Arc;
use std::time::Instant;

/// Most jobs committed before one sync: bounds the latency of the first.
const MAX_BATCH: usize = 512;

/// Called once the batch holding the job is durable (or failed to be).
pub(super) type Completion = Box<dyn FnOnce(Result<(), StoreError>) + Send>;

pub(super) enum Job {
    Write(Box<dyn FnOnce(&WriterCtx) -> Completion + Send>),
    /// Runs with no write in flight and nothing queued behind it started:
    /// a consistent point for a backup.
    Exclusive(Box<dyn FnOnce(&sled::Db) + Send>),
}

pub(super) struct WriterCtx {
    pub db: sled::Db,
    pub trees: Vec<sled::Tree>,
    pub names: Arc<HashMap<String, usize>>,
    pub durability: Durability,
    /// sled's log file: `flush` ends in `sync_file_range`, which is not
    /// power-safe; an `fsync` of this file is.
    pub log_file: Option<File>,
    pub stats: Arc<WriterStats>,
}

impl WriterCtx {
    /// Runs `f` as one atomic transaction over every tree.
    pub fn transact<T>(&self, f: &dyn Fn(&Tx) -> TxResult<T>) -> Result<T, StoreError> {
        let now = Utc::now();
        let result = self
            .trees
            .as_slice()
            .transaction(|views: &Vec<TransactionalTree>| {
                let tx = Tx::new(views, &self.names, now);
                f(&tx)
            });
        match result {
            Ok(v) => Ok(v),
            Err(TransactionError::Abort(e)) => Err(e),
            Err(TransactionError::Storage(e)) => Err(e.into()),
        }
    }

    /// Makes everything committed so far durable.
    pub fn sync(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        if let (Durability::Full, Some(f)) = (self.durability, &self.log_file) {
            f.sync_data()?;
        }
        Ok(())
    }
}

pub(super) fn run(ctx: WriterCtx, jobs: Receiver<Job>) {
    let mut pending: Vec<Completion> = Vec::new();
    while let Ok(first) = jobs.recv() {
        let mut next = Some(first);
        while let Some(job) = next.take() {
            ctx.stats.queued.fetch_sub(1, Relaxed);
            match job {
                Job::Write(job) => match catch_unwind(AssertUnwindSafe(|| job(&ctx))) {
                    Ok(done) => pending.push(done),
                    Err(_) => tracing::error!("a write job panicked; it was not applied"),
                },
                Job::Exclusive(job) => {
                    finish(&ctx, &mut pending);
                    if catch_unwind(AssertUnwindSafe(|| job(&ctx.db))).is_err() {
                        tracing::error!("an exclusive store job panicked");
                    }
                }
            }
            if pending.len() < MAX_BATCH {
                match jobs.try_recv() {
                    Ok(j) => next = Some(j),
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => {}
                }
            }
        }
        finish(&ctx, &mut pending);
    }
    if let Err(e) = ctx.sync() {
        tracing::error!(error = %e, "final store sync failed");
    }
}

/// Syncs once for the whole batch, then answers every job in it.
fn finish(ctx: &WriterCtx, pending: &mut Vec<Completion>) {
    if pending.is_empty() {
        return;
    }
    let begun = Instant::now();
    let synced = ctx.sync();
    ctx.stats
        .sync_seconds
        .observe(begun.elapsed().as_secs_f64());
    ctx.stats.batch_size.observe(pending.len() as f64);
    if let Err(e) = &synced {
        tracing::error!(error = %e, "store sync failed; the batch's writes are reported as failed");
    }
    for done in pending.drain(..) {
        done(synced.clone());
    }
}
