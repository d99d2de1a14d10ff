//! Argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane). Hashing runs
//! on the blocking pool, at most two at a time, so a login flood queues
//! instead of eating the memory.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::Semaphore;

const CONCURRENT: usize = 2;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_now(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("hashing failed: {e}"))
}

pub fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    /// Verified against when the username is unknown, so an unknown user
    /// costs the same time as a wrong password.
    dummy: Arc<String>,
}

impl Hasher {
    pub fn new() -> Result<Hasher, String> {
        Ok(Hasher {
            permits: Arc::new(Semaphore::new(CONCURRENT)),
            dummy: Arc::new(hash_now("not a real password, only for timing")?),
        })
    }

    pub async fn hash(&self, password: String) -> Result<String, String> {
        let _permit = self.permits.acquire().await.map_err(|e| e.to_string())?;
        actix_web::web::block(move || hash_now(&password))
            .await
            .map_err(|e| e.to_string())?
    }

    /// `hash: None` burns the same time and answers false.
    pub async fn verify(&self, password: String, hash: Option<String>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        let (hash, real) = match hash {
            Some(h) => (h, true),
            None => ((*self.dummy).clone(), false),
        };
        let ok = actix_web::web::block(move || verify_now(&password, &hash))
            .await
            .unwrap_or(false);
        ok && real
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_now("correct horse battery").unwrap();
        let b = hash_now("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b);
        assert!(verify_now("correct horse battery", &a));
        assert!(!verify_now("correct horse batterz", &a));
        assert!(!verify_now("anything", "not a hash"));
    }
}
