//! The token signing key: 64 random bytes made at first start, kept in the
//! data directory with mode 0600 (and in backups, so restored sessions
//! stay valid).

use std::io::Write;
use std::path::Path;

pub const KEY_FILE: &str = "jwt.key";

pub fn random_bytes<const N: usize>() -> Result<[u8; N], String> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| format!("no randomness from the OS: {e}"))?;
    Ok(buf)
}

pub fn load_or_create(data_dir: &Path) -> Result<Vec<u8>, String> {
    let path = data_dir.join(KEY_FILE);
    match std::fs::read(&path) {
        Ok(key) if key.len() >= 32 => return Ok(key),
        Ok(_) => {
            return Err(format!(
            "{} is damaged (too short); delete it: a new key is made and everyone signs in again",
            path.display()
        ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    }
    let key = random_bytes::<64>()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    file.write_all(&key)
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(key.to_vec())
}

/// A password people can type and read aloud: no 0/O, 1/l/I.
pub fn random_password(len: usize) -> Result<String, String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes = random_bytes::<64>()?;
    // 256 % 56 != 0: reject the top values to keep every letter equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let out: String = bytes
        .iter()
        .filter(|b| (**b as usize) < limit)
        .take(len)
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    if out.len() == len {
        Ok(out)
    } else {
        random_password(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_private_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let a = load_or_create(dir.path()).unwrap();
        let b = load_or_create(dir.path()).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn random_passwords_differ_and_have_the_length_asked() {
        let a = random_password(16).unwrap();
        assert_eq!(a.len(), 16);
        assert_ne!(a, random_password(16).unwrap());
    }
}
