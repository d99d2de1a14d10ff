//! Backup archives of the whole data directory, and restoring them.
//! See docs/BACKUP.md for the archive's contents and the procedures.

pub mod archive;
pub mod manifest;

use crate::auth::secret::KEY_FILE;
use crate::cli::{BackupArgs, RestoreArgs};
use crate::store::backup::load;
use crate::store::lock::DirLock;
use crate::store::{OpenError, Store, StoreOptions};
use manifest::{Manifest, DB_DUMP};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Scratch space inside the data directory (same file system, so renames
/// are atomic); left-overs of an interrupted backup are removed at start.
pub fn scratch_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("tmp")
}

fn unique(stem: &str) -> String {
    format!(
        "{stem}-{}-{}",
        chrono::Utc::now().format("%Y%m%d-%H%M%S%.3f"),
        std::process::id()
    )
}

/// Dumps the database at one consistent point and writes the archive to
/// `out`; the dump file is removed afterwards.
fn write_archive(
    store: &Store,
    dump: PathBuf,
    trees: crate::store::backup::TreeCounts,
    out: impl std::io::Write,
) -> Result<Manifest, String> {
    let result = archive::write(store.data_dir(), &dump, &trees, store.schema_version(), out);
    let _ = std::fs::remove_file(&dump);
    result.map_err(|e| format!("writing the backup failed: {e}"))
}

/// For the HTTP endpoint: the archive in a scratch file, ready to stream.
pub async fn archive_to_file(store: &Store) -> Result<(PathBuf, Manifest), String> {
    let scratch = scratch_dir(store.data_dir());
    private_dir(&scratch)?;
    let dump = scratch.join(format!("{}.dump", unique("backup")));
    let trees = store
        .dump_to(dump.clone())
        .await
        .map_err(|e| e.to_string())?;
    let tar_path = dump.with_extension("tar");
    let (store, target) = (store.clone(), tar_path.clone());
    let manifest = actix_web::web::block(move || {
        let file = private_file(&target).map_err(|e| format!("{}: {e}", target.display()))?;
        let manifest = write_archive(&store, dump, trees, BufWriter::new(file))?;
        Ok::<_, String>(manifest)
    })
    .await
    .map_err(|e| e.to_string())??;
    Ok((tar_path, manifest))
}

/// `servicebook backup --data DIR --out FILE`, with the server stopped.
pub fn run_backup(args: BackupArgs) -> Result<(), String> {
    if !args.data.join("db").is_dir() {
        return Err(format!(
            "{} holds no servicebook data (no db/ in it)",
            args.data.display()
        ));
    }
    let store = Store::open(&args.data, &StoreOptions::default()).map_err(|e| match e {
        OpenError::Locked { .. } => format!("{e}. While the server runs, download a backup from GET /api/admin/backup instead (see docs/BACKUP.md)"),
        other => other.to_string(),
    })?;
    let scratch = scratch_dir(&args.data);
    private_dir(&scratch)?;
    let dump = scratch.join(format!("{}.dump", unique("backup")));
    let trees = store
        .dump_to_blocking(dump.clone())
        .map_err(|e| e.to_string())?;
    let partial = args.out.with_extension("partial");
    let file =
        private_file(&partial).map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    let manifest = write_archive(&store, dump, trees, BufWriter::new(file)).inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })?;
    std::fs::rename(&partial, &args.out)
        .map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    crate::cli::block_on(crate::service::backups::record_backup(
        &store,
        &crate::service::Caller::cli(),
        size,
        manifest.counts.clone(),
    ))?
    .map_err(|e| e.to_string())?;
    store.close();
    println!(
        "backup written to {} ({})",
        args.out.display(),
        summary(&manifest)
    );
    Ok(())
}

fn summary(m: &Manifest) -> String {
    let counts: Vec<String> = m.counts.iter().map(|(t, n)| format!("{n} {t}")).collect();
    format!(
        "schema {}, {}, {} files",
        m.schema_version,
        counts.join(", "),
        m.members.len()
    )
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true)
}

/// `servicebook restore --from FILE --data DIR [--force]`.
pub fn run_restore(args: RestoreArgs) -> Result<(), String> {
    let target = args.data.clone();
    let exists = target.exists();
    if exists && !target.is_dir() {
        return Err(format!("{} is not a directory", target.display()));
    }
    if exists && !is_empty_dir(&target) && !args.force {
        return Err(format!(
            "{} is not empty. Restore into an empty directory, or add --force to replace its contents (they are kept aside, not deleted)",
            target.display()
        ));
    }
    // Held until the swap: a server on the target refuses to start, and a
    // running one makes this fail at once.
    let _lock = if exists {
        Some(DirLock::acquire(&target).map_err(|e| e.to_string())?)
    } else {
        None
    };

    let archive =
        File::open(&args.from).map_err(|e| format!("cannot read {}: {e}", args.from.display()))?;
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "data".into());
    let staging = parent.join(format!(".{name}.{}", unique("restore")));
    private_dir(&staging)?;
    let staged = stage(archive, &staging);
    let manifest = match staged {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(format!("{e}. Nothing was changed in {}", target.display()));
        }
    };

    let kept = if exists && !is_empty_dir(&target) {
        let aside = parent.join(format!(
            "{name}.before-restore-{}",
            chrono::Utc::now().format("%Y%m%d-%H%M%S")
        ));
        std::fs::rename(&target, &aside)
            .map_err(|e| format!("cannot move {} aside: {e}", target.display()))?;
        Some(aside)
    } else {
        if exists {
            let _ = std::fs::remove_dir(&target);
        }
        None
    };
    std::fs::rename(&staging, &target).map_err(|e| {
        format!(
            "cannot move the restored data into {}: {e}",
            target.display()
        )
    })?;
    println!(
        "restored {} into {} ({})",
        args.from.display(),
        target.display(),
        summary(&manifest)
    );
    if let Some(aside) = kept {
        println!("the previous contents were moved to {}", aside.display());
    }
    println!(
        "backups do not hold the session key: a new one is made at the next start, so everyone signs in again"
    );
    Ok(())
}

/// Creates `dir` (and its parents) readable by this user only (0700): it
/// holds the firm's data.
pub fn private_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(())
}

/// Creates a new file readable and writable by this user only (0600).
pub fn private_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Verifies and unpacks the archive into `staging`, rebuilds the database
/// from the dump, and opens it once to prove it is whole.
fn stage(archive: File, staging: &Path) -> Result<Manifest, String> {
    let manifest = archive::extract_verified(std::io::BufReader::new(archive), staging)?;
    let supported = crate::store::SCHEMA.version;
    if manifest.schema_version > supported {
        return Err(format!(
            "the backup has schema version {}, newer than this servicebook supports ({supported}): restore it with the version that made it",
            manifest.schema_version
        ));
    }
    let dump_path = staging.join(DB_DUMP);
    {
        let db = sled::Config::new()
            .path(staging.join("db"))
            .open()
            .map_err(|e| format!("cannot create the database: {e}"))?;
        let mut dump = std::io::BufReader::new(File::open(&dump_path).map_err(|e| e.to_string())?);
        load(&db, &mut dump)?;
    }
    std::fs::remove_file(&dump_path).map_err(|e| e.to_string())?;
    // Archives made before keys were left out hold one: never reuse it.
    let _ = std::fs::remove_file(staging.join(KEY_FILE));
    let store = Store::open(staging, &StoreOptions::default())
        .map_err(|e| format!("the restored database does not open: {e}"))?;
    let mismatch = manifest
        .counts
        .iter()
        .find(|(table, n)| store.table_len(table) != Some(**n));
    store.close();
    drop(store);
    if let Some((table, n)) = mismatch {
        return Err(format!(
            "the restored {table} do not match the manifest ({n} expected)"
        ));
    }
    let _ = std::fs::remove_file(staging.join("servicebook.lock"));
    Ok(manifest)
}
