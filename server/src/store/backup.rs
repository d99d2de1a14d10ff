//! A point-in-time dump of every tree, and loading one into a fresh
//! database. The dump runs inside [`Store::exclusive`]: no write is in
//! flight and none starts until it is done, so all trees agree (sled's own
//! `export` is not a snapshot across trees).
//!
//! Format: `SBDUMP1\n`, then per tree `1u8, name_len u32, name, count u64`
//! and `count` entries of `key_len u32, key, value_len u32, value`; then `0u8`.
//! Integers are big-endian.

use super::{Store, StoreError};
use std::collections::BTreeMap;
use std::io::{self, Read, Write};

const MAGIC: &[u8] = b"SBDUMP1\n";
/// Bounds what a damaged dump can make us allocate for one key or value.
const MAX_ITEM: usize = 256 * 1024 * 1024;

/// Entries per tree, by tree name.
pub type TreeCounts = BTreeMap<String, u64>;

pub fn dump(db: &sled::Db, out: &mut impl Write) -> Result<TreeCounts, StoreError> {
    out.write_all(MAGIC)?;
    let mut counts = TreeCounts::new();
    for name in db.tree_names() {
        let tree = db.open_tree(&name)?;
        let name_str = String::from_utf8_lossy(&name).into_owned();
        let count = tree.len() as u64;
        out.write_all(&[1])?;
        out.write_all(&(name.len() as u32).to_be_bytes())?;
        out.write_all(&name)?;
        out.write_all(&count.to_be_bytes())?;
        let mut written = 0u64;
        for entry in tree.iter() {
            let (k, v) = entry?;
            out.write_all(&(k.len() as u32).to_be_bytes())?;
            out.write_all(&k)?;
            out.write_all(&(v.len() as u32).to_be_bytes())?;
            out.write_all(&v)?;
            written += 1;
        }
        if written != count {
            return Err(StoreError::Io(format!(
                "tree {name_str} changed during the dump"
            )));
        }
        counts.insert(name_str, count);
    }
    out.write_all(&[0])?;
    out.flush()?;
    Ok(counts)
}

fn read_u32(input: &mut impl Read) -> io::Result<u32> {
    let mut b = [0u8; 4];
    input.read_exact(&mut b)?;
    Ok(u32::from_be_bytes(b))
}

fn read_bytes(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let len = read_u32(input)? as usize;
    if len > MAX_ITEM {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "an entry is implausibly large",
        ));
    }
    // Grown as bytes arrive, never sized by the (untrusted) length field:
    // a damaged dump cannot make the restore allocate what it claims.
    let mut buf = Vec::new();
    input.take(len as u64).read_to_end(&mut buf)?;
    if buf.len() != len {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "an entry is cut short",
        ));
    }
    Ok(buf)
}

/// Loads a dump into `db` (meant to be new and empty) and flushes it.
pub fn load(db: &sled::Db, input: &mut impl Read) -> Result<TreeCounts, String> {
    let bad = |e: io::Error| format!("the database dump is damaged: {e}");
    let mut magic = [0u8; 8];
    input.read_exact(&mut magic).map_err(bad)?;
    if magic != MAGIC {
        return Err("the database dump is not in a format this servicebook knows".into());
    }
    let mut counts = TreeCounts::new();
    loop {
        let mut tag = [0u8; 1];
        input.read_exact(&mut tag).map_err(bad)?;
        match tag[0] {
            0 => break,
            1 => {}
            t => return Err(format!("the database dump is damaged: unexpected tag {t}")),
        }
        let name = read_bytes(input).map_err(bad)?;
        let mut count = [0u8; 8];
        input.read_exact(&mut count).map_err(bad)?;
        let count = u64::from_be_bytes(count);
        let tree = db.open_tree(&name).map_err(|e| e.to_string())?;
        let mut batch = sled::Batch::default();
        for n in 0..count {
            let k = read_bytes(input).map_err(bad)?;
            let v = read_bytes(input).map_err(bad)?;
            batch.insert(k, v);
            if n % 10_000 == 9_999 {
                tree.apply_batch(std::mem::take(&mut batch))
                    .map_err(|e| e.to_string())?;
            }
        }
        tree.apply_batch(batch).map_err(|e| e.to_string())?;
        counts.insert(String::from_utf8_lossy(&name).into_owned(), count);
    }
    db.flush().map_err(|e| e.to_string())?;
    Ok(counts)
}

impl Store {
    /// Dumps the whole database into `path` at one consistent point.
    pub async fn dump_to(&self, path: std::path::PathBuf) -> Result<TreeCounts, StoreError> {
        self.exclusive(move |db| dump_file(db, &path)).await?
    }

    /// [`Store::dump_to`] for callers outside an async runtime.
    pub fn dump_to_blocking(&self, path: std::path::PathBuf) -> Result<TreeCounts, StoreError> {
        self.exclusive_blocking(move |db| dump_file(db, &path))?
    }
}

fn dump_file(db: &sled::Db, path: &std::path::Path) -> Result<TreeCounts, StoreError> {
    let file = std::fs::File::create(path)?;
    let mut out = io::BufWriter::new(file);
    let counts = dump(db, &mut out)?;
    out.into_inner()
        .map_err(|e| StoreError::Io(e.to_string()))?
        .sync_all()?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dump_loads_into_an_identical_database() {
        let a = sled::Config::new().temporary(true).open().unwrap();
        a.open_tree("users")
            .unwrap()
            .insert(1u64.to_be_bytes(), "{\"name\":\"王伟\"}".as_bytes())
            .unwrap();
        a.open_tree("users.by_name")
            .unwrap()
            .insert(b"wang\0", &1u64.to_be_bytes())
            .unwrap();
        a.open_tree("empty").unwrap();
        let mut bytes = Vec::new();
        let counts = dump(&a, &mut bytes).unwrap();
        assert_eq!(counts["users"], 1);
        assert_eq!(counts["empty"], 0);

        let b = sled::Config::new().temporary(true).open().unwrap();
        assert_eq!(load(&b, &mut bytes.as_slice()).unwrap(), counts);
        for name in ["users", "users.by_name"] {
            let (ta, tb) = (a.open_tree(name).unwrap(), b.open_tree(name).unwrap());
            assert_eq!(ta.iter().collect::<Vec<_>>(), tb.iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn damaged_dumps_are_refused() {
        let a = sled::Config::new().temporary(true).open().unwrap();
        a.open_tree("t").unwrap().insert(b"k", b"v").unwrap();
        let mut bytes = Vec::new();
        dump(&a, &mut bytes).unwrap();
        let fresh = || sled::Config::new().temporary(true).open().unwrap();
        assert!(
            load(&fresh(), &mut &bytes[..bytes.len() - 3]).is_err(),
            "truncated"
        );
        assert!(
            load(&fresh(), &mut &b"NOTADUMP"[..]).is_err(),
            "wrong magic"
        );
        let mut huge = bytes.clone();
        let at = MAGIC.len() + 1;
        huge[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(
            load(&fresh(), &mut huge.as_slice()).is_err(),
            "implausible length"
        );
    }
}
