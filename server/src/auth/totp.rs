//! Two-factor sign-in: RFC 6238 codes (the arithmetic is the totp-rs
//! crate's) and one-time recovery codes, kept only as hashes.

use super::secret::random_bytes;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

/// 160 bits, as RFC 4226 recommends.
const SECRET_BYTES: usize = 20;
const STEP_SECONDS: u64 = 30;
pub const RECOVERY_CODES: usize = 10;

fn totp(secret: &[u8]) -> Option<TOTP> {
    // One step either way: a phone clock 30 s off still signs in.
    TOTP::new(Algorithm::SHA1, 6, 1, STEP_SECONDS, secret.to_vec()).ok()
}

pub fn new_secret() -> Result<Vec<u8>, String> {
    Ok(random_bytes::<SECRET_BYTES>()?.to_vec())
}

/// The secret as authenticator apps take it typed in (base32).
pub fn base32(secret: &[u8]) -> String {
    Secret::Raw(secret.to_vec()).to_encoded().to_string()
}

/// The secret back from its base32 text (what a phone app reads).
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    Secret::Encoded(text.to_owned()).to_bytes().ok()
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period={STEP_SECONDS}",
        enc(issuer),
        enc(account),
        base32(secret),
        enc(issuer)
    )
}

/// The time step a correct `code` belongs to at `now` (Unix seconds), if
/// it is correct and newer than `after` (a code works once).
pub fn check(secret: &[u8], code: &str, now: u64, after: u64) -> Option<u64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret)?;
    let current = now / STEP_SECONDS;
    [current.saturating_sub(1), current, current + 1]
        .into_iter()
        .filter(|step| *step > after)
        .find(|step| t.generate(step * STEP_SECONDS) == code)
}

/// The code for `now` (tests, and the CLI's own checks).
pub fn code_at(secret: &[u8], now: u64) -> Option<String> {
    Some(totp(secret)?.generate(now))
}

/// Ten fresh recovery codes (`abcd-efgh`), to show once, and their hashes
/// to keep.
pub fn recovery_codes() -> Result<(Vec<String>, Vec<String>), String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut codes = Vec::new();
    for _ in 0..RECOVERY_CODES {
        let bytes = random_bytes::<8>()?;
        let chars: String = bytes
            .iter()
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
            .collect();
        codes.push(format!("{}-{}", &chars[..4], &chars[4..]));
    }
    let hashes = codes.iter().map(|c| recovery_hash(c)).collect();
    Ok((codes, hashes))
}

/// What is kept of a recovery code (case, spaces and the dash ignored).
pub fn recovery_hash(code: &str) -> String {
    let norm: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    Sha256::digest(norm.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_works_once_and_only_near_its_time() {
        let secret = new_secret().unwrap();
        let now = 1_780_000_000;
        let code = code_at(&secret, now).unwrap();
        let step = check(&secret, &code, now, 0).expect("the current code");
        assert_eq!(check(&secret, &code, now, step), None, "not twice");
        assert!(check(&secret, &code, now + 31, 0).is_some(), "a step late");
        assert_eq!(check(&secret, &code, now + 120, 0), None, "minutes late");
        assert_eq!(check(&secret, "12345", now, 0), None);
        assert!(otpauth_url("Servicebook 华", "admin", &secret)
            .starts_with("otpauth://totp/Servicebook%20%E5"));
    }

    #[test]
    fn recovery_codes_are_kept_as_hashes_and_read_loosely() {
        let (codes, hashes) = recovery_codes().unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(
            recovery_hash(&codes[0].to_uppercase().replace('-', " ")),
            hashes[0]
        );
        assert!(!hashes.contains(&codes[0]));
    }
}
