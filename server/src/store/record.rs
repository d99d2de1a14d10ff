//! What a record type tells the store about itself.

use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// A table: one sled tree of records keyed by big-endian id, plus one tree
/// per secondary index, named `<table>.<index>`.
#[derive(Debug)]
pub struct TableDef {
    pub name: &'static str,
    /// Its indexes, each a `static` beside the record type (`requests::BY_DUE`):
    /// code names an index by that static, so a typo does not compile.
    pub indexes: &'static [&'static IndexDef],
}

#[derive(Debug, PartialEq, Eq)]
pub struct IndexDef {
    pub name: &'static str,
    /// A unique index refuses a second record with the same key.
    pub unique: bool,
    /// The field a duplicate is reported against.
    pub field: &'static str,
}

impl TableDef {
    /// Every tree this table owns, the records' first.
    pub fn tree_names(&self) -> Vec<String> {
        let mut names = vec![self.name.to_owned()];
        names.extend(self.indexes.iter().map(|i| self.index_tree(i.name)));
        names
    }

    pub fn index_tree(&self, index: &str) -> String {
        format!("{}.{}", self.name, index)
    }

    /// The tree of `index`, which must be one of this table's.
    pub fn tree_of(&self, index: &'static IndexDef) -> Option<String> {
        self.owns(index).then(|| self.index_tree(index.name))
    }

    pub fn owns(&self, index: &'static IndexDef) -> bool {
        self.indexes.iter().any(|i| std::ptr::eq(*i, index))
    }
}

/// Identity and concurrency fields every stored record carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordMeta {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl RecordMeta {
    /// The meta of a record not yet inserted; the store fills it in.
    pub fn new() -> Self {
        let epoch = DateTime::<Utc>::UNIX_EPOCH;
        RecordMeta {
            id: 0,
            version: 0,
            created_at: epoch,
            updated_at: epoch,
        }
    }
}

impl Default for RecordMeta {
    fn default() -> Self {
        Self::new()
    }
}

/// One index entry derived from a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexKey {
    pub index: &'static IndexDef,
    pub key: Vec<u8>,
}

/// A record type kept in the store. The disk form is its serde encoding:
/// keep it apart from the API's wire types so either can change alone.
pub trait Record: Serialize + DeserializeOwned + Send + Sync + 'static {
    const TABLE: &'static TableDef;
    /// Fields the audit trail never shows (secrets, bulky or personal
    /// data), as dotted paths: `password_hash`, `signature.svg`.
    const HIDDEN: &'static [&'static str] = &[];

    fn meta(&self) -> &RecordMeta;
    fn meta_mut(&mut self) -> &mut RecordMeta;

    /// The index entries of this record. Derived from the record alone, so
    /// the store can remove exactly the old entries when it changes.
    fn index_keys(&self) -> Vec<IndexKey> {
        Vec::new()
    }

    /// Derived data kept beside the records of this type (the KPIs' sums
    /// for requests), brought up to date in the same write as an insert
    /// (`old` absent) or an update.
    fn on_write(_tx: &super::Tx<'_>, _old: Option<&Self>, _new: &Self) -> super::TxResult<()> {
        Ok(())
    }
}
