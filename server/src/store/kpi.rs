//! The KPIs' daily sums: one entry per (dimension, day) in the `kpi_days`
//! tree, the sum of [`Counters`] of the requests first closed that day (in
//! the firm's time zone) that count in the dimension (the firm, each
//! engineer dispatched, the customer, the contract).
//!
//! They are derived data, like index entries: every insert or update of a
//! request record takes away the old record's part and adds the new one's
//! in the same write ([`on_request_write`], called by `Tx`), so no use case
//! has to remember them. The facts depend on a few settings (days for a
//! repeat call, time zone, business hours, dispatch clock): the sums are
//! worked out with the settings stored beside them (`meta.kpi_settings`),
//! and when the firm changes those, [`Store::recompute_kpi`] rebuilds every
//! sum with the new ones right after the settings' write. [`rebuild`] is
//! also what proves the running sums right (a test compares them).

use super::requests::{RequestRecord, BY_CLOSED, REQUESTS};
use super::schema::META;
use super::settings::SettingsRecord;
use super::{codec, keys, Store, StoreError, Tx, TxResult};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use servicebook_shared::kpi::{self, Counters, Dimension, KpiInput, KpiSettings, RequestFacts};
use servicebook_shared::settings::Settings;
use std::collections::BTreeMap;

pub const KPI_DAYS: &str = "kpi_days";
/// In the `meta` tree: the settings the sums were worked out with. Absent
/// while a rebuild has not finished (then the store rebuilds on opening).
const SETTINGS_KEY: &[u8] = b"kpi_settings";

pub fn facts_of(r: &RequestRecord, s: &KpiSettings) -> Option<RequestFacts> {
    kpi::facts(
        &KpiInput {
            events: &r.events,
            urgency: r.urgency,
            promises: &r.coverage.promises,
            hours: r.coverage.hours,
            customer_id: r.customer_id,
            contract_id: r.coverage.contract_id,
            work_orders: r.work_order_ids.len(),
            engineers: &r.engineers,
            work: &r.work,
            surveys: &r.surveys,
            next_request_at: r.next_request_at,
        },
        s,
    )
}

fn day_bytes(day: NaiveDate) -> [u8; 4] {
    (day.num_days_from_ce().max(0) as u32).to_be_bytes()
}

pub fn bucket_key(dim: &Dimension, day: NaiveDate) -> Vec<u8> {
    let mut k = keys::non_unique_prefix(dim.key().as_bytes());
    k.extend_from_slice(&day_bytes(day));
    k
}

fn decode(bytes: &[u8]) -> Result<Counters, StoreError> {
    codec::decode(KPI_DAYS, bytes)
}

fn settings_of_db(db: &sled::Db) -> Result<Settings, StoreError> {
    let tree = db.open_tree(super::settings::SETTINGS.name)?;
    Ok(match tree.iter().next() {
        Some(entry) => codec::decode::<SettingsRecord>("settings", &entry?.1)?.to_wire(),
        None => Settings::default(),
    })
}

/// The sums as one request changes from `old` to `new` (either absent),
/// in the same write.
pub(super) fn on_request_write(
    tx: &Tx<'_>,
    old: Option<&RequestRecord>,
    new: &RequestRecord,
) -> TxResult<()> {
    let settings = match tx.raw_tree(META)?.get(SETTINGS_KEY)? {
        Some(b) => match codec::decode::<KpiSettings>(META, &b) {
            Ok(s) => s,
            Err(e) => return super::abort(e),
        },
        None => KpiSettings::of(&Settings::default()),
    };
    let before = old.and_then(|o| facts_of(o, &settings));
    let after = facts_of(new, &settings);
    if before == after {
        return Ok(());
    }
    let mut delta: BTreeMap<Vec<u8>, (Counters, Counters)> = BTreeMap::new();
    if let Some(f) = &before {
        let c = f.counters();
        for d in f.dimensions() {
            delta
                .entry(bucket_key(&d, f.closed_day))
                .or_default()
                .1
                .add(&c);
        }
    }
    if let Some(f) = &after {
        let c = f.counters();
        for d in f.dimensions() {
            delta
                .entry(bucket_key(&d, f.closed_day))
                .or_default()
                .0
                .add(&c);
        }
    }
    let tree = tx.raw_tree(KPI_DAYS)?;
    for (key, (plus, minus)) in delta {
        if plus == minus {
            continue;
        }
        let mut sum = match tree.get(&key)? {
            Some(b) => match decode(&b) {
                Ok(c) => c,
                Err(e) => return super::abort(e),
            },
            None => Counters::default(),
        };
        sum.add(&plus);
        sum.sub(&minus);
        if sum.is_zero() {
            tree.remove(key)?;
        } else {
            let bytes = match codec::encode(&sum) {
                Ok(b) => b,
                Err(e) => return super::abort(e),
            };
            tree.insert(key, bytes)?;
        }
    }
    Ok(())
}

/// Works every sum out again from all request records with the firm's
/// settings as stored, and the `requests.by_closed` index with them. Not a
/// transaction: run where no write is in flight (a migration step, or
/// [`Store::exclusive`]); the settings key is written last, so a rebuild
/// cut short is run again on the next start. Returns the requests read.
pub fn rebuild(db: &sled::Db) -> Result<u64, StoreError> {
    let meta = db.open_tree(META)?;
    meta.remove(SETTINGS_KEY)?;
    meta.flush()?;
    let settings = KpiSettings::of(&settings_of_db(db)?);
    let requests = db.open_tree(REQUESTS.name)?;
    let by_closed = db.open_tree(REQUESTS.index_tree(BY_CLOSED.name))?;
    let days = db.open_tree(KPI_DAYS)?;
    days.clear()?;
    by_closed.clear()?;
    let mut sums: BTreeMap<Vec<u8>, Counters> = BTreeMap::new();
    let mut closed = sled::Batch::default();
    let mut n = 0u64;
    for entry in requests.iter() {
        let (_, bytes) = entry?;
        let r: RequestRecord = codec::decode(REQUESTS.name, &bytes)?;
        n += 1;
        if let Some(key) = closed_key(&r) {
            closed.insert(keys::non_unique(&key, r.meta.id), &[] as &[u8]);
        }
        if let Some(f) = facts_of(&r, &settings) {
            let c = f.counters();
            for d in f.dimensions() {
                sums.entry(bucket_key(&d, f.closed_day))
                    .or_default()
                    .add(&c);
            }
        }
    }
    by_closed.apply_batch(closed)?;
    let mut batch = sled::Batch::default();
    for (k, c) in sums {
        if !c.is_zero() {
            batch.insert(k, codec::encode(&c)?);
        }
    }
    days.apply_batch(batch)?;
    meta.insert(SETTINGS_KEY, codec::encode(&settings)?)?;
    db.flush()?;
    Ok(n)
}

/// The `by_closed` index value of a request: when its first cycle was
/// closed (seconds since 1970, big-endian), in UTC so that the index does
/// not depend on a setting.
pub fn closed_key(r: &RequestRecord) -> Option<[u8; 8]> {
    kpi::first_close(&r.events).map(|t| (t.timestamp().max(0) as u64).to_be_bytes())
}

/// The UTC moments a period of the firm's days runs between (from the
/// first day's midnight up to, not including, the midnight after the last).
pub fn period_bounds(
    from: NaiveDate,
    to: NaiveDate,
    utc_offset_minutes: i32,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let off = Duration::minutes(utc_offset_minutes.clamp(-14 * 60, 14 * 60) as i64);
    let start = from.and_time(NaiveTime::MIN).and_utc() - off;
    let end = (to + Duration::days(1)).and_time(NaiveTime::MIN).and_utc() - off;
    (start, end)
}

impl Store {
    /// Whether the stored sums were worked out with `s`.
    pub fn kpi_settings_current(&self, s: &Settings) -> Result<bool, StoreError> {
        Ok(match self.tree(META)?.get(SETTINGS_KEY)? {
            Some(b) => codec::decode::<KpiSettings>(META, &b)? == KpiSettings::of(s),
            None => false,
        })
    }

    /// Rebuilds every sum while no write runs (see [`rebuild`]).
    pub async fn recompute_kpi(&self) -> Result<u64, StoreError> {
        self.exclusive(|db| rebuild(db)).await?
    }

    /// [`Store::recompute_kpi`] outside an async runtime.
    pub fn recompute_kpi_blocking(&self) -> Result<u64, StoreError> {
        self.exclusive_blocking(|db| rebuild(db))?
    }

    /// Rebuilds the sums if a rebuild never finished (new or restored
    /// database, a crash during one).
    pub(super) fn ensure_kpi(db: &sled::Db) -> Result<(), StoreError> {
        if db.open_tree(META)?.get(SETTINGS_KEY)?.is_none() {
            rebuild(db)?;
        }
        Ok(())
    }

    /// The sums of `dim` over the firm's days `from..=to`, one per day.
    pub fn kpi_days(
        &self,
        dim: &Dimension,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, Counters)>, StoreError> {
        let tree = self.tree(KPI_DAYS)?;
        let prefix_len = keys::non_unique_prefix(dim.key().as_bytes()).len();
        let mut out = Vec::new();
        for entry in tree.range(bucket_key(dim, from)..=bucket_key(dim, to)) {
            let (k, v) = entry?;
            let Some(day) = k
                .get(prefix_len..prefix_len + 4)
                .and_then(|b| <[u8; 4]>::try_from(b).ok())
                .and_then(|b| NaiveDate::from_num_days_from_ce_opt(u32::from_be_bytes(b) as i32))
            else {
                continue;
            };
            out.push((day, decode(&v)?));
        }
        Ok(out)
    }

    /// The sum of `dim` over `from..=to`.
    pub fn kpi_counters(
        &self,
        dim: &Dimension,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Counters, StoreError> {
        let mut sum = Counters::default();
        for (_, c) in self.kpi_days(dim, from, to)? {
            sum.add(&c);
        }
        Ok(sum)
    }

    /// Every stored sum, for comparing running sums with a rebuild.
    pub fn kpi_snapshot(&self) -> Result<BTreeMap<Vec<u8>, Counters>, StoreError> {
        let mut out = BTreeMap::new();
        for entry in self.tree(KPI_DAYS)?.iter() {
            let (k, v) = entry?;
            out.insert(k.to_vec(), decode(&v)?);
        }
        Ok(out)
    }

    /// Requests first closed in `[start, end)`, oldest close first, after
    /// the index key `after` (a drill-down's cursor); at most `limit`
    /// examined per call is the caller's business: this walks lazily.
    pub fn requests_closed_between(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        after: Option<Vec<u8>>,
    ) -> Result<impl Iterator<Item = Result<(Vec<u8>, u64), StoreError>>, StoreError> {
        let tree = self.tree(&REQUESTS.index_tree(BY_CLOSED.name))?;
        let lo = match after {
            Some(mut k) => {
                k.push(0);
                k
            }
            None => (start.timestamp().max(0) as u64).to_be_bytes().to_vec(),
        };
        let hi = (end.timestamp().max(0) as u64).to_be_bytes().to_vec();
        Ok(tree.range(lo..hi).map(|e| {
            let (k, _) = e?;
            let id = keys::parse_id(&k).unwrap_or(0);
            Ok((k.to_vec(), id))
        }))
    }
}
