//! Reads and writes inside one atomic write (a sled transaction over every
//! tree). Index entries are derived from the records themselves, so the old
//! entries of a changed record are exactly removable.

use super::record::{IndexDef, IndexKey, Record};
use super::{codec, keys, StoreError};
use chrono::{DateTime, Utc};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use std::collections::HashMap;

pub type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

/// Ends the write with `e`; nothing of it is kept.
/// The per-year sequences of human numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sequence {
    /// `SR-…`
    Requests,
    /// `WO-…`
    WorkOrders,
    /// `LN-…` (loans of loaner units)
    Loans,
    /// `RP-…`
    Repairs,
    /// `CP-…`
    Complaints,
}

impl Sequence {
    /// The stored name's stem: it must never change (numbers would restart).
    fn as_str(self) -> &'static str {
        match self {
            Sequence::Requests => "requests",
            Sequence::WorkOrders => "work-orders",
            Sequence::Loans => "loans",
            Sequence::Repairs => "repairs",
            Sequence::Complaints => "complaints",
        }
    }
}

pub fn abort<T>(e: StoreError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(e))
}

pub struct Tx<'a> {
    trees: &'a [TransactionalTree],
    names: &'a HashMap<String, usize>,
    now: DateTime<Utc>,
}

impl<'a> Tx<'a> {
    pub(super) fn new(
        trees: &'a [TransactionalTree],
        names: &'a HashMap<String, usize>,
        now: DateTime<Utc>,
    ) -> Self {
        Tx { trees, names, now }
    }

    /// The time this write is stamped with.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// A tree of derived data by name (the KPIs' sums, `meta`).
    pub(super) fn raw_tree(&self, name: &str) -> TxResult<&TransactionalTree> {
        self.tree(name)
    }

    fn tree(&self, name: &str) -> TxResult<&TransactionalTree> {
        match self.names.get(name) {
            Some(&i) => Ok(&self.trees[i]),
            None => abort(StoreError::Io(format!(
                "tree {name} is not part of the schema"
            ))),
        }
    }

    pub fn get<R: Record>(&self, id: u64) -> TxResult<Option<R>> {
        match self.tree(R::TABLE.name)?.get(keys::id(id))? {
            Some(bytes) => match codec::decode(R::TABLE.name, &bytes) {
                Ok(r) => Ok(Some(r)),
                Err(e) => abort(e),
            },
            None => Ok(None),
        }
    }

    /// The record, or a not-found refusal.
    pub fn require<R: Record>(&self, id: u64) -> TxResult<R> {
        match self.get::<R>(id)? {
            Some(r) => Ok(r),
            None => abort(StoreError::NotFound {
                table: R::TABLE.name,
                id,
            }),
        }
    }

    /// The id a unique index holds for `key`, if any.
    pub fn find_unique<R: Record>(
        &self,
        index: &'static IndexDef,
        key: &[u8],
    ) -> TxResult<Option<u64>> {
        let tree = self.index_tree_of::<R>(index)?;
        Ok(tree.get(key)?.and_then(|v| keys::parse_id(&v)))
    }

    /// Stores a new record: assigns its id, version 1 and timestamps.
    pub fn insert<R: Record>(&self, mut record: R) -> TxResult<R> {
        let tree = self.tree(R::TABLE.name)?;
        // sled ids start at 0; ours start at 1 so that 0 never names a record.
        let id = tree.generate_id()? + 1;
        let meta = record.meta_mut();
        meta.id = id;
        meta.version = 1;
        meta.created_at = self.now;
        meta.updated_at = self.now;
        self.add_index_entries(&record, &record.index_keys(), &[])?;
        tree.insert(&keys::id(id), bytes_of(&record)?)?;
        R::on_write(self, None, &record)?;
        Ok(record)
    }

    /// Replaces a record if it is still at `expected_version`; bumps the
    /// version and moves its index entries.
    pub fn update<R: Record>(&self, mut record: R, expected_version: u64) -> TxResult<R> {
        let id = record.meta().id;
        let old: R = self.require(id)?;
        let current = old.meta().version;
        if current != expected_version {
            return abort(StoreError::StaleVersion {
                table: R::TABLE.name,
                id,
                expected: expected_version,
                actual: current,
            });
        }
        let meta = record.meta_mut();
        meta.version = current + 1;
        meta.created_at = old.meta().created_at;
        meta.updated_at = self.now;
        let old_keys = old.index_keys();
        let new_keys = record.index_keys();
        self.remove_index_entries::<R>(id, &old_keys, &new_keys)?;
        self.add_index_entries(&record, &new_keys, &old_keys)?;
        self.tree(R::TABLE.name)?
            .insert(&keys::id(id), bytes_of(&record)?)?;
        R::on_write(self, Some(&old), &record)?;
        Ok(record)
    }

    /// The next number of `sequence` in `year` (1, 2, …), for human numbers
    /// such as `SR-2026-000123`.
    pub fn next_number(&self, sequence: Sequence, year: i32) -> TxResult<u64> {
        self.next_in_sequence(&format!("{}-{year}", sequence.as_str()))
    }

    /// The next number of a named sequence (1, 2, …).
    pub(crate) fn next_in_sequence(&self, name: &str) -> TxResult<u64> {
        let tree = self.tree(super::schema::SEQUENCES)?;
        let next = tree
            .get(name.as_bytes())?
            .and_then(|v| keys::parse_id(&v))
            .unwrap_or(0)
            + 1;
        tree.insert(name.as_bytes(), &keys::id(next))?;
        Ok(next)
    }

    fn add_index_entries<R: Record>(
        &self,
        record: &R,
        entries: &[IndexKey],
        already: &[IndexKey],
    ) -> TxResult<()> {
        let id = record.meta().id;
        for entry in entries.iter().filter(|e| !already.contains(e)) {
            let def = entry.index;
            let tree = self.index_tree_of::<R>(def)?;
            if def.unique {
                if let Some(existing) = tree.get(&entry.key)?.and_then(|v| keys::parse_id(&v)) {
                    if existing != id {
                        return abort(StoreError::Duplicate {
                            index: def.name,
                            field: def.field,
                            existing,
                        });
                    }
                }
                tree.insert(entry.key.as_slice(), &keys::id(id))?;
            } else {
                tree.insert(keys::non_unique(&entry.key, id), &[])?;
            }
        }
        Ok(())
    }

    fn remove_index_entries<R: Record>(
        &self,
        id: u64,
        entries: &[IndexKey],
        kept: &[IndexKey],
    ) -> TxResult<()> {
        for entry in entries.iter().filter(|e| !kept.contains(e)) {
            let def = entry.index;
            let tree = self.index_tree_of::<R>(def)?;
            if def.unique {
                tree.remove(entry.key.as_slice())?;
            } else {
                tree.remove(keys::non_unique(&entry.key, id))?;
            }
        }
        Ok(())
    }
}

impl Tx<'_> {
    /// The tree of one of `R`'s indexes (an index of another table is a bug,
    /// refused rather than written to the wrong place).
    fn index_tree_of<R: Record>(&self, index: &'static IndexDef) -> TxResult<&TransactionalTree> {
        match R::TABLE.tree_of(index) {
            Some(name) => self.tree(&name),
            None => abort(StoreError::Corrupt(format!(
                "{} has no index {}",
                R::TABLE.name,
                index.name
            ))),
        }
    }
}

fn bytes_of<R: Record>(record: &R) -> TxResult<Vec<u8>> {
    codec::encode(record).map_err(ConflictableTransactionError::Abort)
}
