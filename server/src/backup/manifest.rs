//! The first member of every archive: what it holds and how to check it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{self, Read, Write};

pub const FORMAT: u32 = 1;
pub const MANIFEST: &str = "manifest.json";
pub const DB_DUMP: &str = "db.dump";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub servicebook_version: String,
    pub schema_version: u32,
    pub created_at: String,
    /// Records per table (index and bookkeeping trees left out).
    pub counts: BTreeMap<String, u64>,
    /// Every other member of the archive.
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub path: String,
    pub size: u64,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
}

impl Manifest {
    pub fn member(&self, path: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.path == path)
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Copies `input` to `output`, returning the size and SHA-256 of what passed.
pub fn copy_hashing(input: &mut impl Read, output: &mut impl Write) -> io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        output.write_all(&buf[..n])?;
        size += n as u64;
    }
    Ok((size, hex(&hasher.finalize())))
}

/// An archive path is relative, plain and stays inside the data directory.
pub fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_copy_reports_size_and_sha256() {
        let mut out = Vec::new();
        let (size, sum) = copy_hashing(&mut &b"abc"[..], &mut out).unwrap();
        assert_eq!((size, out.as_slice()), (3, &b"abc"[..]));
        assert_eq!(
            sum,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn only_plain_relative_paths_are_safe() {
        assert!(safe_path("db.dump"));
        assert!(safe_path("files/ab/cd.pdf"));
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "files/../../x",
            "a//b",
            "./a",
            "a\\b",
        ] {
            assert!(!safe_path(bad), "{bad}");
        }
    }
}
