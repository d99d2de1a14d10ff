//! What can go wrong in the store, in terms the HTTP layer can map.

use servicebook_shared::problem::ProblemCode;
use std::collections::BTreeMap;

#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("{table} {id} not found")]
    NotFound { table: &'static str, id: u64 },
    /// Optimistic concurrency: the caller edited an older version.
    #[error("{table} {id} was changed by someone else (you have version {expected}, it is now {actual})")]
    StaleVersion {
        table: &'static str,
        id: u64,
        expected: u64,
        actual: u64,
    },
    /// A unique index already holds this key for another record.
    #[error("{field} is already used by another record")]
    Duplicate {
        index: &'static str,
        field: &'static str,
        existing: u64,
    },
    /// A rule checked inside the transaction refused the write.
    #[error("{0}")]
    Rejected(Rejection),
    /// The disk or sled failed: the write did not happen (or is not durable).
    #[error("storage failure: {0}")]
    Io(String),
    /// Stored bytes could not be decoded: a bug or corruption.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// The store is shutting down and takes no more writes.
    #[error("the store is closed")]
    Closed,
}

/// A domain rule's refusal raised inside a write, with the HTTP status it
/// deserves and, for bad input, a message per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub status: u16,
    pub code: ProblemCode,
    pub message: String,
    pub fields: BTreeMap<String, String>,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        match e {
            sled::Error::Corruption { .. } => StoreError::Corrupt(e.to_string()),
            other => StoreError::Io(other.to_string()),
        }
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Io(e.to_string())
    }
}
