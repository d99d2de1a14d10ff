//! Backup archives of the whole data directory, and restoring them.
//! (Being written: see the backup issue.)

use crate::cli::{BackupArgs, RestoreArgs};

pub fn run_backup(_args: BackupArgs) -> Result<(), String> {
    Err("backup is not available in this build yet".into())
}

pub fn run_restore(_args: RestoreArgs) -> Result<(), String> {
    Err("restore is not available in this build yet".into())
}
