//! Writing a backup archive (a tar: the manifest first, then the database
//! dump and the attached files) and reading one back with every member
//! checked against the manifest. The session signing key is never in it: a
//! backup must not be a way to mint sessions.

use super::manifest::{copy_hashing, safe_path, Manifest, Member, DB_DUMP, FORMAT, MANIFEST};
use crate::store::backup::TreeCounts;
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// Attachments live here; they are immutable once written, so copying them
/// after the database dump is consistent.
pub use crate::store::files::FILES_DIR;

/// Record counts per table from per-tree counts: index trees (`a.b`) and the
/// store's own trees are not tables.
pub fn table_counts(trees: &TreeCounts) -> std::collections::BTreeMap<String, u64> {
    trees
        .iter()
        .filter(|(name, _)| {
            !name.contains('.')
                && !name.starts_with("__")
                && !matches!(name.as_str(), "meta" | "sequences")
        })
        .map(|(n, c)| (n.clone(), *c))
        .collect()
}

fn hash_file(path: &Path) -> io::Result<(u64, String)> {
    copy_hashing(&mut BufReader::new(File::open(path)?), &mut io::sink())
}

/// Every regular file under `dir`, as paths relative to `base`.
fn files_under(base: &Path, dir: &Path, out: &mut Vec<String>) -> io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            files_under(base, &path, out)?;
        } else if path.is_file() {
            if let Ok(rel) = path.strip_prefix(base) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    Ok(())
}

/// Writes the archive of `data_dir` to `out`, with the database dump taken
/// from `dump` (made at one consistent point).
pub fn write(
    data_dir: &Path,
    dump: &Path,
    trees: &TreeCounts,
    schema_version: u32,
    out: impl Write,
) -> io::Result<Manifest> {
    let mut sources: Vec<(String, PathBuf)> = vec![(DB_DUMP.into(), dump.to_path_buf())];
    let mut files = Vec::new();
    files_under(data_dir, &data_dir.join(FILES_DIR), &mut files)?;
    files.sort();
    sources.extend(
        files
            .into_iter()
            .map(|rel| (rel.clone(), data_dir.join(&rel))),
    );

    let mut members = Vec::new();
    for (path, source) in &sources {
        let (size, sha256) = hash_file(source)?;
        members.push(Member {
            path: path.clone(),
            size,
            sha256,
        });
    }
    let manifest = Manifest {
        format: FORMAT,
        servicebook_version: env!("CARGO_PKG_VERSION").into(),
        schema_version,
        created_at: chrono::Utc::now().to_rfc3339(),
        counts: table_counts(trees),
        members,
    };
    let mut tar = tar::Builder::new(out);
    let json = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
    append(&mut tar, MANIFEST, json.len() as u64, &mut json.as_slice())?;
    for ((path, source), member) in sources.iter().zip(&manifest.members) {
        // A file that changed since it was hashed would fail verification
        // at restore: refuse now instead.
        let mut file = File::open(source)?;
        if file.metadata()?.len() != member.size {
            return Err(io::Error::other(format!(
                "{path} changed while the backup was written"
            )));
        }
        append(&mut tar, path, member.size, &mut file)?;
    }
    tar.into_inner()?.flush()?;
    Ok(manifest)
}

fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    path: &str,
    size: u64,
    data: &mut impl Read,
) -> io::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(chrono::Utc::now().timestamp().max(0) as u64);
    header.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut header, path, data)
}

/// Reads an archive into `staging` (a new directory), checking the manifest
/// and every member's size and checksum. Nothing outside `staging` is
/// written; on error the caller removes it.
pub fn extract_verified(archive: impl Read, staging: &Path) -> Result<Manifest, String> {
    let damaged = |e: io::Error| format!("the archive is damaged or truncated: {e}");
    let mut tar = tar::Archive::new(archive);
    let mut entries = tar.entries().map_err(damaged)?;
    let mut first = entries
        .next()
        .ok_or("the archive is empty")?
        .map_err(damaged)?;
    if first.path().map_err(damaged)?.to_string_lossy() != MANIFEST {
        return Err(
            "this is not a servicebook backup: it does not start with manifest.json".into(),
        );
    }
    let mut json = Vec::new();
    first.read_to_end(&mut json).map_err(damaged)?;
    let manifest: Manifest =
        serde_json::from_slice(&json).map_err(|e| format!("the manifest is damaged: {e}"))?;
    if manifest.format != FORMAT {
        return Err(format!(
            "backup format {} is not one this servicebook reads (it reads {FORMAT})",
            manifest.format
        ));
    }
    if manifest.member(DB_DUMP).is_none() {
        return Err("the manifest lists no database dump".into());
    }
    let mut seen = std::collections::BTreeSet::new();
    for entry in entries {
        let mut entry = entry.map_err(damaged)?;
        let path = entry
            .path()
            .map_err(damaged)?
            .to_string_lossy()
            .into_owned();
        let Some(member) = manifest.member(&path).filter(|_| safe_path(&path)) else {
            return Err(format!(
                "the archive holds {path}, which its manifest does not list"
            ));
        };
        if !seen.insert(path.clone()) {
            return Err(format!("the archive holds {path} twice"));
        }
        let target = staging.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        let mut out =
            super::private_file(&target).map_err(|e| format!("{}: {e}", target.display()))?;
        let (size, sha256) = copy_hashing(&mut entry, &mut out).map_err(damaged)?;
        out.sync_all()
            .map_err(|e| format!("{}: {e}", target.display()))?;
        if size != member.size || sha256 != member.sha256 {
            return Err(format!(
                "{path} does not match its checksum: the archive is damaged"
            ));
        }
    }
    if let Some(missing) = manifest.members.iter().find(|m| !seen.contains(&m.path)) {
        return Err(format!(
            "the archive is incomplete: {} is missing",
            missing.path
        ));
    }
    Ok(manifest)
}
