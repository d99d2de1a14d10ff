//! Failed sign-ins slow down and then lock out, per username and per client
//! address, without revealing whether a username exists (unknown names are
//! counted exactly like known ones).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Failures within `window` that lock a key.
    pub max_failures: u32,
    pub window: Duration,
    pub lockout: Duration,
    /// Extra wait per failure beyond the first, before answering.
    pub step_delay: Duration,
}

pub const PER_USERNAME: Policy = Policy {
    max_failures: 5,
    window: Duration::from_secs(15 * 60),
    lockout: Duration::from_secs(15 * 60),
    step_delay: Duration::from_millis(250),
};

pub const PER_ADDRESS: Policy = Policy {
    max_failures: 30,
    window: Duration::from_secs(15 * 60),
    lockout: Duration::from_secs(15 * 60),
    step_delay: Duration::from_millis(0),
};

/// Entries kept before stale ones are swept, bounding memory under a flood.
const SWEEP_AT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    first: Instant,
    locked_until: Option<Instant>,
}

pub struct LoginLimiter {
    users: Mutex<HashMap<String, Entry>>,
    addresses: Mutex<HashMap<String, Entry>>,
    user_policy: Policy,
    address_policy: Policy,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        Self::with(PER_USERNAME, PER_ADDRESS)
    }
}

impl LoginLimiter {
    pub fn with(user_policy: Policy, address_policy: Policy) -> Self {
        LoginLimiter {
            users: Mutex::default(),
            addresses: Mutex::default(),
            user_policy,
            address_policy,
        }
    }

    /// `Some(seconds)` while either key is locked out.
    pub fn locked(&self, username: &str, address: &str, now: Instant) -> Option<u64> {
        let check = |map: &Mutex<HashMap<String, Entry>>, key: &str| {
            let map = map.lock().ok()?;
            let until = map.get(key)?.locked_until?;
            (until > now).then(|| (until - now).as_secs().max(1))
        };
        check(&self.users, username).max(check(&self.addresses, address))
    }

    /// Counts a failure; returns how long to hold the answer back.
    pub fn failed(&self, username: &str, address: &str, now: Instant) -> Duration {
        let a = bump(&self.users, username, self.user_policy, now);
        let b = bump(&self.addresses, address, self.address_policy, now);
        a.max(b)
    }

    /// A correct password clears the username's count (not the address's:
    /// one valid account must not unlock guessing at others).
    pub fn succeeded(&self, username: &str) {
        if let Ok(mut map) = self.users.lock() {
            map.remove(username);
        }
    }
}

fn bump(map: &Mutex<HashMap<String, Entry>>, key: &str, policy: Policy, now: Instant) -> Duration {
    let Ok(mut map) = map.lock() else {
        return Duration::ZERO;
    };
    if map.len() >= SWEEP_AT {
        map.retain(|_, e| {
            now.duration_since(e.first) < policy.window || e.locked_until.is_some_and(|u| u > now)
        });
    }
    let entry = map.entry(key.to_owned()).or_insert(Entry {
        failures: 0,
        first: now,
        locked_until: None,
    });
    let expired_lock = entry.locked_until.is_some_and(|u| u <= now);
    if now.duration_since(entry.first) >= policy.window || expired_lock {
        *entry = Entry {
            failures: 0,
            first: now,
            locked_until: None,
        };
    }
    entry.failures += 1;
    if entry.failures >= policy.max_failures {
        entry.locked_until = Some(now + policy.lockout);
    }
    policy.step_delay * (entry.failures - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_username_locks_after_repeated_failures_and_unlocks_later() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..4 {
            assert_eq!(l.locked("wang", "1.2.3.4", t0), None);
            assert_eq!(l.failed("wang", "1.2.3.4", t0), PER_USERNAME.step_delay * i);
        }
        l.failed("wang", "1.2.3.4", t0);
        let wait = l
            .locked("wang", "5.6.7.8", t0)
            .expect("locked from any address");
        assert_eq!(wait, PER_USERNAME.lockout.as_secs());
        assert_eq!(
            l.locked("li", "1.2.3.4", t0),
            None,
            "other users are not locked"
        );
        assert_eq!(
            l.locked(
                "wang",
                "1.2.3.4",
                t0 + PER_USERNAME.lockout + Duration::from_secs(1)
            ),
            None
        );
    }

    #[test]
    fn an_address_guessing_many_usernames_locks() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..PER_ADDRESS.max_failures {
            l.failed(&format!("user{i}"), "9.9.9.9", t0);
        }
        assert!(l.locked("someone-new", "9.9.9.9", t0).is_some());
        assert!(l.locked("someone-new", "8.8.8.8", t0).is_none());
    }

    #[test]
    fn success_clears_the_username_count() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        for _ in 0..4 {
            l.failed("wang", "1.2.3.4", t0);
        }
        l.succeeded("wang");
        l.failed("wang", "1.2.3.4", t0);
        assert_eq!(l.locked("wang", "1.2.3.4", t0), None);
    }
}
