//! Failed sign-ins, counted so that guessing is slow and nobody can be
//! locked out by someone else.
//!
//! - Each (username, client address) pair may fail a few times; then it is
//!   locked, for longer each time it fails again (exponential). The owner
//!   signing in from another address is not affected.
//! - Each address has a cap on failures over all usernames, so one machine
//!   cannot guess through the staff list.
//! - An attempt is *reserved* before the password is hashed: a burst of
//!   concurrent guesses is counted as it arrives, not after the slow hash,
//!   so 200 at once get 5 evaluations, not 100.
//!
//! Unknown usernames are counted exactly like known ones, so the answers
//! never tell which names exist.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Failures of one username from one address before it locks.
    pub pair_failures: u32,
    /// The first lock; each further failure after it doubles it.
    pub first_lock: Duration,
    pub longest_lock: Duration,
    /// Failures from one address (any username) within `window`.
    pub address_failures: u32,
    pub window: Duration,
    /// Extra wait per failure of the pair beyond the first, before answering.
    pub step_delay: Duration,
}

pub const POLICY: Policy = Policy {
    pair_failures: 5,
    first_lock: Duration::from_secs(5 * 60),
    longest_lock: Duration::from_secs(4 * 60 * 60),
    address_failures: 30,
    window: Duration::from_secs(15 * 60),
    step_delay: Duration::from_millis(250),
};

/// Entries kept before stale ones are swept, bounding memory under a flood.
const SWEEP_AT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Count {
    /// Failures so far (pairs: since the last success; addresses: within
    /// the window).
    failures: u32,
    /// Attempts reserved and not yet answered.
    pending: u32,
    first: Instant,
    last: Instant,
    locked_until: Option<Instant>,
}

impl Count {
    fn new(now: Instant) -> Count {
        Count {
            failures: 0,
            pending: 0,
            first: now,
            last: now,
            locked_until: None,
        }
    }

    fn locked(&self, now: Instant) -> Option<u64> {
        let until = self.locked_until?;
        (until > now).then(|| (until - now).as_secs().max(1))
    }
}

#[derive(Default)]
struct Counts {
    pairs: HashMap<(String, String), Count>,
    addresses: HashMap<String, Count>,
}

pub struct LoginLimiter {
    counts: Mutex<Counts>,
    policy: Policy,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        Self::with(POLICY)
    }
}

/// A reserved attempt: answer it with [`LoginLimiter::failed`] or
/// [`LoginLimiter::succeeded`]; dropped unanswered (the request was
/// cancelled), it is released as neither.
pub struct Attempt<'a> {
    limiter: &'a LoginLimiter,
    username: String,
    address: String,
    answered: bool,
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if !self.answered {
            self.limiter
                .release(&self.username, &self.address, false, false);
        }
    }
}

impl LoginLimiter {
    pub fn with(policy: Policy) -> Self {
        LoginLimiter {
            counts: Mutex::default(),
            policy,
        }
    }

    /// Reserves an attempt for `username` from `address`, or says for how
    /// many seconds they must wait. Failures and attempts still being
    /// checked count alike, so a burst cannot slip past the limit.
    pub fn begin(&self, username: &str, address: &str, now: Instant) -> Result<Attempt<'_>, u64> {
        let p = self.policy;
        let Ok(mut c) = self.counts.lock() else {
            return Err(p.first_lock.as_secs());
        };
        sweep(&mut c, p, now);
        let key = (username.to_owned(), address.to_owned());
        let pair = *c
            .pairs
            .entry(key.clone())
            .or_insert_with(|| Count::new(now));
        let addr = c
            .addresses
            .entry(address.to_owned())
            .or_insert_with(|| Count::new(now));
        if now.duration_since(addr.first) >= p.window && addr.pending == 0 {
            *addr = Count::new(now);
        }
        if let Some(wait) = pair.locked(now).max(addr.locked(now)) {
            return Err(wait);
        }
        let allowance_used = match pair.locked_until {
            None => pair.failures + pair.pending >= p.pair_failures,
            // After a lock: one try at a time, each failure locks again.
            Some(_) => pair.pending > 0,
        };
        if allowance_used {
            // Reserved attempts fill the allowance: wait for their answers.
            return Err(1);
        }
        if addr.failures + addr.pending >= p.address_failures {
            return Err(p
                .window
                .saturating_sub(now.duration_since(addr.first))
                .as_secs()
                .max(1));
        }
        addr.pending += 1;
        let pair = c.pairs.get_mut(&key).expect("inserted above");
        pair.pending += 1;
        pair.last = now;
        Ok(Attempt {
            limiter: self,
            username: username.to_owned(),
            address: address.to_owned(),
            answered: false,
        })
    }

    /// The attempt failed: counts it and returns how long to hold the
    /// answer back.
    pub fn failed(&self, mut attempt: Attempt<'_>) -> Duration {
        attempt.answered = true;
        self.release(&attempt.username, &attempt.address, true, false)
    }

    /// The password was right: this pair starts afresh (the address's
    /// count stays: one valid account must not unlock guessing at others).
    pub fn succeeded(&self, mut attempt: Attempt<'_>) {
        attempt.answered = true;
        self.release(&attempt.username, &attempt.address, false, true);
    }

    /// Clears every lock of `username` (an admin's unlock).
    pub fn unlock(&self, username: &str) {
        if let Ok(mut c) = self.counts.lock() {
            c.pairs.retain(|(u, _), _| u != username);
        }
    }

    fn release(&self, username: &str, address: &str, failed: bool, succeeded: bool) -> Duration {
        let p = self.policy;
        let now = Instant::now();
        let Ok(mut c) = self.counts.lock() else {
            return Duration::ZERO;
        };
        let mut delay = Duration::ZERO;
        if let Some(addr) = c.addresses.get_mut(address) {
            addr.pending = addr.pending.saturating_sub(1);
            if failed {
                addr.failures += 1;
                addr.last = now;
                if addr.failures >= p.address_failures {
                    addr.locked_until = Some(addr.first + p.window);
                }
            }
        }
        let key = (username.to_owned(), address.to_owned());
        if let Some(pair) = c.pairs.get_mut(&key) {
            pair.pending = pair.pending.saturating_sub(1);
            if succeeded {
                *pair = Count {
                    pending: pair.pending,
                    ..Count::new(now)
                };
            } else if failed {
                pair.failures += 1;
                pair.last = now;
                if pair.failures >= p.pair_failures {
                    let doublings = (pair.failures - p.pair_failures).min(16);
                    let lock = (p.first_lock * 2u32.pow(doublings)).min(p.longest_lock);
                    pair.locked_until = Some(now + lock);
                } else {
                    delay = p.step_delay * (pair.failures - 1);
                }
            }
        }
        delay
    }
}

/// Forgets pairs and addresses with nothing pending, no lock and no
/// failure within the window, once there are many.
fn sweep(c: &mut Counts, p: Policy, now: Instant) {
    if c.pairs.len() + c.addresses.len() < SWEEP_AT {
        return;
    }
    let keep = |n: &Count| {
        n.pending > 0
            || n.locked_until.is_some_and(|u| u > now)
            || now.duration_since(n.last) < p.window
    };
    c.pairs.retain(|_, n| keep(n));
    c.addresses.retain(|_, n| keep(n));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(l: &LoginLimiter, user: &str, addr: &str, now: Instant) -> Result<Duration, u64> {
        l.begin(user, addr, now).map(|a| l.failed(a))
    }

    #[test]
    fn a_pair_locks_after_repeated_failures_for_longer_each_time() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..4 {
            assert_eq!(fail(&l, "wang", "1.2.3.4", t0), Ok(POLICY.step_delay * i));
        }
        assert_eq!(fail(&l, "wang", "1.2.3.4", t0), Ok(Duration::ZERO));
        let wait = l
            .begin("wang", "1.2.3.4", Instant::now())
            .err()
            .expect("locked");
        assert!(wait > 60 && wait <= POLICY.first_lock.as_secs(), "{wait}");
        // The owner at another address is not locked out by the guesser.
        let owner = l
            .begin("wang", "5.6.7.8", t0)
            .expect("another address may try");
        l.succeeded(owner);
        // Once the lock ends, the next failure locks twice as long.
        let later = Instant::now() + POLICY.first_lock + Duration::from_secs(1);
        let a = l.begin("wang", "1.2.3.4", later).expect("the lock ended");
        l.failed(a);
        let wait = l
            .begin("wang", "1.2.3.4", Instant::now())
            .err()
            .expect("locked again");
        assert!(wait > POLICY.first_lock.as_secs() + 60, "{wait}");
    }

    #[test]
    fn a_burst_is_counted_as_it_arrives_not_after_hashing() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        let reserved: Vec<_> = (0..200)
            .filter_map(|_| l.begin("wang", "1.2.3.4", t0).ok())
            .collect();
        assert_eq!(reserved.len(), POLICY.pair_failures as usize);
        for a in reserved {
            l.failed(a);
        }
        assert!(l.begin("wang", "1.2.3.4", t0).is_err());
        assert!(
            l.begin("li", "1.2.3.4", t0).is_ok(),
            "others from that address"
        );
    }

    #[test]
    fn an_address_guessing_many_usernames_is_capped() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..POLICY.address_failures {
            fail(&l, &format!("user{i}"), "9.9.9.9", t0).unwrap();
        }
        assert!(l.begin("someone-new", "9.9.9.9", t0).is_err());
        assert!(l.begin("someone-new", "8.8.8.8", t0).is_ok());
    }

    #[test]
    fn success_clears_the_pair_and_a_dropped_attempt_counts_as_nothing() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        for _ in 0..4 {
            fail(&l, "wang", "1.2.3.4", t0).unwrap();
        }
        l.succeeded(l.begin("wang", "1.2.3.4", t0).unwrap());
        drop(l.begin("wang", "1.2.3.4", t0).unwrap());
        for _ in 0..4 {
            fail(&l, "wang", "1.2.3.4", t0).unwrap();
        }
        assert!(l.begin("wang", "1.2.3.4", t0).is_ok());
        l.unlock("wang");
        assert_eq!(l.counts.lock().unwrap().pairs.len(), 0);
    }
}
