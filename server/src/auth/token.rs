//! Session tokens: HS256 JWTs with `sub` (user id), `epoch` (the user's
//! session epoch when issued), `iat` and `exp`. Validation pins the
//! algorithm and requires every claim; the caller then checks the user is
//! active and the epoch is current.

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const SESSION_HOURS: i64 = 12;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub epoch: u64,
    pub iat: i64,
    pub exp: i64,
}

impl Claims {
    pub fn user_id(&self) -> Option<u64> {
        self.sub.parse().ok()
    }
}

#[derive(Clone)]
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Tokens {
    pub fn new(key: &[u8]) -> Tokens {
        Tokens {
            encoding: EncodingKey::from_secret(key),
            decoding: DecodingKey::from_secret(key),
        }
    }

    /// A token for `user_id` at `epoch`, and when it expires (Unix seconds).
    pub fn issue(&self, user_id: u64, epoch: u64, now: i64) -> Result<(String, i64), String> {
        let exp = now + SESSION_HOURS * 3600;
        let claims = Claims {
            sub: user_id.to_string(),
            epoch,
            iat: now,
            exp,
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| e.to_string())?;
        Ok((token, exp))
    }

    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut v = Validation::new(Algorithm::HS256);
        v.set_required_spec_claims(&["exp", "iat", "sub"]);
        v.leeway = 0;
        decode::<Claims>(token, &self.decoding, &v)
            .ok()
            .map(|d| d.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn a_token_round_trips() {
        let t = Tokens::new(&[7; 64]);
        let (token, exp) = t.issue(42, 3, now()).unwrap();
        let c = t.verify(&token).unwrap();
        assert_eq!((c.user_id(), c.epoch, c.exp), (Some(42), 3, exp));
    }

    #[test]
    fn expired_forged_and_alg_none_tokens_are_refused() {
        let t = Tokens::new(&[7; 64]);
        let (old, _) = t.issue(42, 0, now() - SESSION_HOURS * 3600 - 10).unwrap();
        assert!(t.verify(&old).is_none(), "expired");

        let other = Tokens::new(&[8; 64]);
        let (forged, _) = other.issue(42, 0, now()).unwrap();
        assert!(t.verify(&forged).is_none(), "wrong key");

        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let claims = format!(
            r#"{{"sub":"42","epoch":0,"iat":{},"exp":{}}}"#,
            now(),
            now() + 3600
        );
        let none = format!("{}.{}.", b64(r#"{"alg":"none","typ":"JWT"}"#), b64(&claims));
        assert!(t.verify(&none).is_none(), "alg none");

        let no_exp = Tokens::new(&[7; 64]);
        let token = encode(
            &Header::new(Algorithm::HS256),
            &serde_json::json!({"sub": "42", "epoch": 0, "iat": now()}),
            &no_exp.encoding,
        )
        .unwrap();
        assert!(t.verify(&token).is_none(), "no exp");
    }
}
