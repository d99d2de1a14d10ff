//! One process per data directory: a second server (or a CLI command) on
//! the same directory is refused at once instead of racing sled's files.

use super::OpenError;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

pub struct DirLock {
    _file: File,
}

impl DirLock {
    pub fn acquire(dir: &Path) -> Result<Self, OpenError> {
        let path = dir.join("servicebook.lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| OpenError::DataDir {
                path: dir.display().to_string(),
                reason: e.to_string(),
            })?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                return Err(OpenError::Locked {
                    path: dir.display().to_string(),
                    holder: holder.trim().to_owned(),
                });
            }
            Err(TryLockError::Error(e)) => {
                return Err(OpenError::DataDir {
                    path: dir.display().to_string(),
                    reason: e.to_string(),
                })
            }
        }
        // Tell whoever is refused which process holds the directory.
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = write!(file, "pid {}", std::process::id());
        let _ = file.sync_data();
        Ok(DirLock { _file: file })
    }
}
