//! The store: the only code that knows sled, keys and encodings.
//!
//! Rules (see docs/ARCHITECTURE.md):
//! - every write goes through [`Store::write`], which runs on the writer
//!   thread as one transaction over all trees and answers only once the
//!   write is on disk;
//! - index entries are written in the same transaction as their record;
//! - every record carries a `version`; an update at a stale version is
//!   refused and writes nothing.

pub mod api_tokens;
pub mod audit;
pub mod backup;
pub mod balances;
mod codec;
pub mod complaints;
pub mod contracts;
pub mod customers;
pub mod devices;
mod error;
pub mod files;
pub mod follow_ups;
pub mod inspection_plans;
pub mod inspection_templates;
pub mod keys;
pub mod kpi;
pub mod loaners;
pub mod loans;
pub mod locations;
pub(crate) mod lock;
pub mod lookup;
pub mod migrations;
pub mod movements;
pub mod part_requests;
pub mod parts;
mod reads;
pub mod record;
pub mod reorders;
pub mod repairs;
pub mod reports;
pub mod requests;
pub mod schema;
pub mod settings;
pub mod sign_links;
pub mod surveys;
mod tx;
pub mod users;
pub mod work_logs;
pub mod work_orders;
mod writer;

#[cfg(test)]
mod tests;

pub use audit::{Actor, AuditFilter, AuditRecord};
pub use balances::{BalanceRecord, SerialRecord};
pub use complaints::ComplaintRecord;
pub use contracts::ContractRecord;
pub use customers::CustomerRecord;
pub use devices::DeviceRecord;
pub use error::{Rejection, StoreError};
pub use files::FileRecord;
pub use inspection_plans::{ScheduleRecord, VisitRecord};
pub use inspection_templates::TemplateRecord;
pub use locations::LocationRecord;
pub use movements::{MovementFilter, MovementRecord};
pub use parts::PartRecord;
pub use record::{IndexDef, IndexKey, Record, RecordMeta, TableDef};
pub use reorders::ReorderRecord;
pub use repairs::RepairRecord;
pub use requests::RequestRecord;
pub use schema::{Migration, Schema, SCHEMA};
pub use settings::SettingsRecord;
pub use tx::{abort, Sequence, Tx, TxResult};
pub use users::UserRecord;
pub use work_orders::WorkOrderRecord;

use crate::metrics::WriterStats;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use writer::{Job, WriterCtx};

/// How an acknowledged write reaches the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// sled's flush plus an fsync of its log: survives power loss.
    Full,
    /// sled's flush only: survives a crash of the process, not necessarily
    /// a power cut.
    Flush,
}

impl Durability {
    pub fn as_str(self) -> &'static str {
        match self {
            Durability::Full => "full",
            Durability::Flush => "flush",
        }
    }
}

#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub durability: Durability,
    /// sled's page cache; memory use can exceed it, so keep it modest.
    pub cache_capacity_bytes: u64,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            durability: Durability::Full,
            cache_capacity_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Why the store did not open. Each message is meant for the person who
/// started the server.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot use the data directory {path}: {reason}")]
    DataDir { path: String, reason: String },
    #[error("the data directory {path} is in use by another servicebook process ({holder}); stop that process or choose another --data directory")]
    Locked { path: String, holder: String },
    #[error("the database in {path} could not be opened: {reason}. Nothing was changed or deleted. To recover, stop servicebook, move {path} aside and restore the latest backup into a fresh data directory")]
    Database { path: String, reason: String },
    #[error("the database has schema version {found}, but this servicebook supports up to {supported}: it was written by a newer servicebook. Run that version, or restore a backup made by this one")]
    NewerSchema { found: u32, supported: u32 },
    #[error("the database file {path} cannot be opened for fsync ({reason}), so --durability full cannot be kept. Fix its permissions, or start with --durability flush knowingly")]
    Durability { path: String, reason: String },
    #[error("migrating the database from schema version {from} to {to} failed: {reason}. The database was left at version {from}")]
    Migration { from: u32, to: u32, reason: String },
}

/// The file that full durability fsyncs after every batch. If it cannot be
/// opened, full durability refuses to start rather than quietly falling back
/// to flush-only (a power cut would then lose acknowledged writes).
fn fsync_file(path: &Path, durability: Durability) -> Result<Option<std::fs::File>, OpenError> {
    match (durability, std::fs::File::open(path)) {
        (_, Ok(f)) => Ok(Some(f)),
        (Durability::Full, Err(e)) => Err(OpenError::Durability {
            path: path.display().to_string(),
            reason: e.to_string(),
        }),
        (Durability::Flush, Err(_)) => Ok(None),
    }
}

#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    db: sled::Db,
    trees: HashMap<String, sled::Tree>,
    sender: Mutex<Option<Sender<Job>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    schema_version: u32,
    durability: Durability,
    dir: PathBuf,
    stats: Arc<WriterStats>,
    _lock: lock::DirLock,
}

impl Store {
    /// Opens (or creates) the store of this build's schema under `dir/db`.
    pub fn open(dir: &Path, options: &StoreOptions) -> Result<Store, OpenError> {
        Self::open_with(dir, options, &SCHEMA)
    }

    pub fn open_with(
        dir: &Path,
        options: &StoreOptions,
        schema: &Schema,
    ) -> Result<Store, OpenError> {
        let dir_err = |reason: String| OpenError::DataDir {
            path: dir.display().to_string(),
            reason,
        };
        std::fs::create_dir_all(dir).map_err(|e| dir_err(e.to_string()))?;
        // The firm's data: readable by the service's user only (0700), so
        // files inside are private whatever the umask made them.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| dir_err(e.to_string()))?;
        }
        let lock = lock::DirLock::acquire(dir)?;
        Store::clear_uploads(dir);
        let db_path = dir.join("db");
        let db_err = |reason: String| OpenError::Database {
            path: db_path.display().to_string(),
            reason,
        };
        let db = open_sled(&db_path, options.cache_capacity_bytes).map_err(db_err)?;
        let schema_version = migrate(&db, schema)?;
        if std::ptr::eq(schema, &SCHEMA) {
            Store::ensure_kpi(&db).map_err(|e| db_err(e.to_string()))?;
        }

        let names: Vec<String> = schema.tree_names();
        let mut trees = HashMap::new();
        let mut ordered = Vec::new();
        for name in &names {
            let tree = db.open_tree(name).map_err(|e| db_err(e.to_string()))?;
            ordered.push(tree.clone());
            trees.insert(name.clone(), tree);
        }
        let index: HashMap<String, usize> = names
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, n)| (n, i))
            .collect();
        let log_file = fsync_file(&db_path.join("db"), options.durability)?;
        let stats = Arc::new(WriterStats::default());
        let ctx = WriterCtx {
            stats: stats.clone(),
            db: db.clone(),
            trees: ordered,
            names: Arc::new(index),
            durability: options.durability,
            log_file,
        };
        let (sender, receiver) = mpsc::channel();
        let writer = std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || writer::run(ctx, receiver))
            .map_err(|e| db_err(e.to_string()))?;
        Ok(Store {
            inner: Arc::new(Inner {
                db,
                trees,
                sender: Mutex::new(Some(sender)),
                writer: Mutex::new(Some(writer)),
                schema_version,
                durability: options.durability,
                dir: dir.to_path_buf(),
                stats,
                _lock: lock,
            }),
        })
    }

    pub fn schema_version(&self) -> u32 {
        self.inner.schema_version
    }

    pub fn durability(&self) -> Durability {
        self.inner.durability
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.dir
    }

    /// Runs `f` as one atomic, durable write and returns its result once it
    /// is on disk. `f` may run more than once (sled retries transactions):
    /// it must only read and write through `tx`.
    pub async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: Fn(&Tx) -> TxResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let reply = self.submit(f)?;
        reply
            .await
            .unwrap_or_else(|_| Err(StoreError::Io("the write was not completed".into())))
    }

    /// [`Store::write`] for callers outside an async runtime (the CLI).
    pub fn write_blocking<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: Fn(&Tx) -> TxResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let reply = self.submit(f)?;
        reply
            .blocking_recv()
            .unwrap_or_else(|_| Err(StoreError::Io("the write was not completed".into())))
    }

    fn submit<T, F>(
        &self,
        f: F,
    ) -> Result<tokio::sync::oneshot::Receiver<Result<T, StoreError>>, StoreError>
    where
        F: Fn(&Tx) -> TxResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let (reply, receiver) = tokio::sync::oneshot::channel();
        let job = Job::Write(Box::new(move |ctx: &WriterCtx| {
            let outcome = ctx.transact(&f);
            Box::new(move |synced: Result<(), StoreError>| {
                let _ = reply.send(outcome.and_then(|v| synced.map(|()| v)));
            })
        }));
        self.send(job)?;
        Ok(receiver)
    }

    fn send(&self, job: Job) -> Result<(), StoreError> {
        let guard = self.inner.sender.lock().map_err(|_| StoreError::Closed)?;
        let Some(sender) = guard.as_ref() else {
            return Err(StoreError::Closed);
        };
        // Counted before the send: the writer may take the job (and count
        // it down) before `send` returns.
        self.inner
            .stats
            .queued
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        sender.send(job).map_err(|_| {
            self.inner
                .stats
                .queued
                .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
            StoreError::Closed
        })
    }

    /// Batch sizes, sync latencies and the queue of the writer thread.
    pub fn writer_stats(&self) -> &WriterStats {
        &self.inner.stats
    }

    /// The database's files on disk, in bytes.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.inner.db.size_on_disk()?)
    }

    /// How many entries a non-unique index of text values holds per value:
    /// cheap counts of open records by state for the metrics, read from the
    /// index itself.
    pub fn text_index_counts<R: Record>(
        &self,
        index: &'static IndexDef,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        let tree = self.index_tree_of::<R>(index)?;
        let mut counts: Vec<(Vec<u8>, u64)> = Vec::new();
        for key in tree.iter().keys() {
            let key = key?;
            // `value 0x00 id`: the value is all but the last 9 bytes.
            let value = &key[..key.len().saturating_sub(9)];
            match counts.last_mut() {
                Some((v, n)) if v.as_slice() == value => *n += 1,
                _ => counts.push((value.to_vec(), 1)),
            }
        }
        Ok(counts
            .into_iter()
            .map(|(v, n)| (String::from_utf8_lossy(&v).into_owned(), n))
            .collect())
    }

    /// Runs `f` on the writer thread between two batches: every earlier
    /// write is durable and no later one starts until `f` returns.
    pub async fn exclusive<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&sled::Db) -> T + Send + 'static,
        T: Send + 'static,
    {
        let (reply, receiver) = tokio::sync::oneshot::channel();
        self.send(Job::Exclusive(Box::new(move |db| {
            let _ = reply.send(f(db));
        })))?;
        receiver
            .await
            .map_err(|_| StoreError::Io("the store job was not completed".into()))
    }

    /// [`Store::exclusive`] for callers outside an async runtime.
    pub fn exclusive_blocking<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&sled::Db) -> T + Send + 'static,
        T: Send + 'static,
    {
        let (reply, receiver) = tokio::sync::oneshot::channel();
        self.send(Job::Exclusive(Box::new(move |db| {
            let _ = reply.send(f(db));
        })))?;
        receiver
            .blocking_recv()
            .map_err(|_| StoreError::Io("the store job was not completed".into()))
    }

    fn tree(&self, name: &str) -> Result<&sled::Tree, StoreError> {
        self.inner
            .trees
            .get(name)
            .ok_or_else(|| StoreError::Io(format!("tree {name} is not part of the schema")))
    }

    /// Answers whether the database can be read (for the health check).
    pub fn ping(&self) -> Result<(), StoreError> {
        self.inner
            .db
            .get(keys::META_SCHEMA_VERSION)
            .map(|_| ())
            .map_err(Into::into)
    }

    /// Stops taking writes, waits for the writer to commit and sync what it
    /// has, and flushes. Called on shutdown; later writes get `Closed`.
    pub fn close(&self) {
        if let Ok(mut s) = self.inner.sender.lock() {
            s.take();
        }
        if let Some(handle) = self.inner.writer.lock().ok().and_then(|mut w| w.take()) {
            let _ = handle.join();
        }
        if let Err(e) = self.inner.db.flush() {
            tracing::error!(error = %e, "store flush at close failed");
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Ok(mut s) = self.sender.lock() {
            s.take();
        }
        if let Some(handle) = self.writer.lock().ok().and_then(|mut w| w.take()) {
            let _ = handle.join();
        }
        let _ = self.db.flush();
    }
}

/// Opens sled. Our directory lock already keeps other processes out, so a
/// busy sled file lock can only be this process's previous instance whose
/// background I/O threads have not yet let go of the file after `close`:
/// wait for them briefly instead of failing.
fn open_sled(path: &Path, cache_capacity: u64) -> Result<sled::Db, String> {
    let start = std::time::Instant::now();
    loop {
        match sled::Config::new()
            .path(path)
            .cache_capacity(cache_capacity)
            .open()
        {
            Ok(db) => return Ok(db),
            Err(sled::Error::Io(e))
                if e.to_string().contains("could not acquire lock")
                    && start.elapsed() < std::time::Duration::from_secs(5) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// Brings the database to `schema.version`, or refuses a newer one.
fn migrate(db: &sled::Db, schema: &Schema) -> Result<u32, OpenError> {
    let meta = db
        .open_tree(schema::META)
        .map_err(|e| OpenError::Database {
            path: "db".into(),
            reason: e.to_string(),
        })?;
    let read = meta
        .get(keys::META_SCHEMA_VERSION)
        .map_err(|e| OpenError::Database {
            path: "db".into(),
            reason: e.to_string(),
        })?;
    let set = |v: u32| -> Result<(), String> {
        meta.insert(keys::META_SCHEMA_VERSION, &v.to_be_bytes())
            .map_err(|e| e.to_string())?;
        db.flush().map_err(|e| e.to_string())?;
        Ok(())
    };
    let Some(bytes) = read else {
        // A new database starts at the current version.
        set(schema.version).map_err(|reason| OpenError::Database {
            path: "db".into(),
            reason,
        })?;
        return Ok(schema.version);
    };
    let found = <[u8; 4]>::try_from(bytes.as_ref())
        .map(u32::from_be_bytes)
        .map_err(|_| OpenError::Database {
            path: "db".into(),
            reason: "the schema version record is damaged".into(),
        })?;
    if found > schema.version {
        return Err(OpenError::NewerSchema {
            found,
            supported: schema.version,
        });
    }
    let mut at = found;
    while at < schema.version {
        let to = at + 1;
        let step = schema
            .migrations
            .iter()
            .find(|m| m.to == to)
            .ok_or_else(|| OpenError::Migration {
                from: at,
                to,
                reason: "this build has no step for it".into(),
            })?;
        tracing::info!(from = at, to, what = step.what, "migrating the database");
        (step.run)(db).map_err(|e| OpenError::Migration {
            from: at,
            to,
            reason: e.to_string(),
        })?;
        set(to).map_err(|reason| OpenError::Migration {
            from: at,
            to,
            reason,
        })?;
        at = to;
    }
    Ok(at)
}
