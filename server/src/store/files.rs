//! Attached documents. The record (who uploaded what, to which record) is
//! in the database; the bytes are a file under `DATA/files/`, written and
//! synced before the record that names it is committed, and never changed
//! afterwards: a backup copies them after the database dump and stays
//! consistent. Removing a document marks its record and keeps the bytes, so
//! an administrator can still recover a document removed by mistake.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use servicebook_shared::files::{AttachedTo, FileInfo};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where attached files live, relative to the data directory. The backup
/// archive copies everything under it.
pub const FILES_DIR: &str = "files";
/// Uploads in progress; emptied at every start, never backed up.
pub const UPLOADS_DIR: &str = "uploads.tmp";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub record_type: AttachedTo,
    pub record_id: u64,
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    /// Path of the bytes relative to the data directory.
    pub stored_as: String,
    pub uploaded_by: String,
    pub removed_at: Option<DateTime<Utc>>,
    pub removed_by: Option<String>,
}

pub static BY_RECORD: IndexDef = IndexDef {
    name: "by_record",
    unique: false,
    field: "record_id",
};

pub static FILES: TableDef = TableDef {
    name: "files",
    indexes: &[&BY_RECORD],
};

fn record_key(kind: AttachedTo, id: u64) -> Vec<u8> {
    let mut k = keys::text(kind.as_str());
    k.push(0x1f);
    k.extend_from_slice(&keys::id(id));
    k
}

impl Record for FileRecord {
    const TABLE: &'static TableDef = &FILES;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![IndexKey {
            index: &BY_RECORD,
            key: record_key(self.record_type, self.record_id),
        }]
    }
}

impl FileRecord {
    pub fn to_wire(&self) -> FileInfo {
        FileInfo {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            record_type: self.record_type,
            record_id: self.record_id,
            name: self.name.clone(),
            content_type: self.content_type.clone(),
            size: self.size,
            sha256: self.sha256.clone(),
            uploaded_by: self.uploaded_by.clone(),
        }
    }
}

/// An upload being received: bytes go to a temporary file while their
/// size and checksum are counted.
pub struct Upload {
    path: PathBuf,
    file: File,
    hasher: Sha256,
    size: u64,
    /// The first bytes, for judging the content.
    head: Vec<u8>,
    head_len: usize,
}

impl Upload {
    pub fn write(&mut self, chunk: &[u8]) -> Result<(), StoreError> {
        if self.head.len() < self.head_len {
            let take = (self.head_len - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        self.file.write_all(chunk).map_err(io)
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn head(&self) -> &[u8] {
        &self.head
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        // Kept uploads were renamed away; this only removes abandoned ones.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Bytes on disk under their final name, not yet named by any record.
pub struct StoredBytes {
    pub stored_as: String,
    pub size: u64,
    pub sha256: String,
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Io(e.to_string())
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(io)
}

fn random_hex() -> Result<String, StoreError> {
    let mut buf = [0u8; 16];
    getrandom::fill(&mut buf).map_err(|e| StoreError::Io(e.to_string()))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

impl Store {
    /// Starts receiving an upload; `head_len` leading bytes are kept.
    pub fn begin_upload(&self, head_len: usize) -> Result<Upload, StoreError> {
        let dir = self.data_dir().join(UPLOADS_DIR);
        std::fs::create_dir_all(&dir).map_err(io)?;
        let path = dir.join(random_hex()?);
        let file = File::create(&path).map_err(io)?;
        Ok(Upload {
            path,
            file,
            hasher: Sha256::new(),
            size: 0,
            head: Vec::with_capacity(head_len),
            head_len,
        })
    }

    /// Syncs an upload and moves it under `files/` (blocking: call off the
    /// async executor). The caller then commits the record that names it,
    /// or calls [`Store::discard_bytes`].
    pub fn keep_upload(&self, mut upload: Upload) -> Result<StoredBytes, StoreError> {
        upload.file.sync_all().map_err(io)?;
        let sha256: String = std::mem::take(&mut upload.hasher)
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let month = Utc::now().format("%Y-%m").to_string();
        let rel_dir = format!("{FILES_DIR}/{month}");
        let dir = self.data_dir().join(&rel_dir);
        std::fs::create_dir_all(&dir).map_err(io)?;
        let name = random_hex()?;
        std::fs::rename(&upload.path, dir.join(&name)).map_err(io)?;
        sync_dir(&dir)?;
        sync_dir(&self.data_dir().join(FILES_DIR))?;
        Ok(StoredBytes {
            stored_as: format!("{rel_dir}/{name}"),
            size: upload.size,
            sha256,
        })
    }

    /// Removes bytes whose record was never committed.
    pub fn discard_bytes(&self, bytes: &StoredBytes) {
        let _ = std::fs::remove_file(self.data_dir().join(&bytes.stored_as));
    }

    /// A stored document opened for reading, and its size (blocking).
    pub fn open_file(&self, file: &FileRecord) -> Result<(std::fs::File, u64), StoreError> {
        let f = std::fs::File::open(self.data_dir().join(&file.stored_as)).map_err(io)?;
        let size = f.metadata().map_err(io)?.len();
        Ok((f, size))
    }

    /// The documents attached to a record that are not removed, oldest first.
    pub fn files_of(&self, kind: AttachedTo, id: u64) -> Result<Vec<FileRecord>, StoreError> {
        let all: Vec<FileRecord> = self.records_by_index(&BY_RECORD, &record_key(kind, id))?;
        Ok(all.into_iter().filter(|f| f.removed_at.is_none()).collect())
    }

    /// Empties the upload area: whatever is there was cut off by a stop.
    pub(super) fn clear_uploads(dir: &Path) {
        let _ = std::fs::remove_dir_all(dir.join(UPLOADS_DIR));
    }
}
