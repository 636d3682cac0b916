//! Login throttling, per account and per client address: a pure policy over a failure count
//! and the time of the last attempt (the store keeps both in `login_failures`).
//!
//! Every attempt is counted *before* its password is checked and a success gives it back,
//! so parallel guesses cannot slip past the count while Argon2 runs. After `free_failures`
//! failures each further attempt must wait `base_delay_ms`, doubling per failure up to
//! `max_delay_ms`; at `lock_after` failures the key is locked for `lock_ms`. Failures older
//! than `window_ms` are forgotten. A refused attempt checks no password and counts nothing.

/// Limits for one kind of key (an account, or an address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub free_failures: u32,
    pub base_delay_ms: u64,
    pub max_delay_ms: u64,
    pub lock_after: u32,
    pub lock_ms: u64,
}

/// What is throttled and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub window_ms: u64,
    pub account: Limits,
    /// Higher limits: an office behind one NAT address shares them.
    pub address: Limits,
}

const MINUTE: u64 = 60_000;

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            window_ms: 15 * MINUTE,
            account: Limits {
                free_failures: 3,
                base_delay_ms: 1_000,
                max_delay_ms: 30_000,
                lock_after: 10,
                lock_ms: 15 * MINUTE,
            },
            address: Limits {
                free_failures: 10,
                base_delay_ms: 1_000,
                max_delay_ms: 30_000,
                lock_after: 50,
                lock_ms: 15 * MINUTE,
            },
        }
    }
}

/// The stored state of one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Failures {
    pub count: u32,
    pub last_ms: u64,
}

/// Why an attempt is refused, and until when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub until_ms: u64,
    /// Locked out (`lock_after` reached) rather than slowed down.
    pub locked: bool,
}

impl LockoutPolicy {
    /// The count that still applies at `now_ms` (0 once the window has passed).
    pub fn current(&self, state: Failures, now_ms: u64) -> u32 {
        if now_ms.saturating_sub(state.last_ms) > self.window_ms { 0 } else { state.count }
    }

    /// Whether an attempt at `now_ms` must wait.
    pub fn blocked(&self, limits: &Limits, state: Failures, now_ms: u64) -> Option<Blocked> {
        let count = self.current(state, now_ms);
        let (until_ms, locked) = if count >= limits.lock_after {
            (state.last_ms.saturating_add(limits.lock_ms), true)
        } else if count > limits.free_failures {
            (state.last_ms.saturating_add(delay_ms(limits, count)), false)
        } else {
            return None;
        };
        (until_ms > now_ms).then_some(Blocked { until_ms, locked })
    }

    /// The state after one more attempt at `now_ms`.
    pub fn counted(&self, state: Failures, now_ms: u64) -> Failures {
        Failures { count: self.current(state, now_ms).saturating_add(1), last_ms: now_ms }
    }
}

/// The wait after `count` failures (more than `free_failures`).
fn delay_ms(limits: &Limits, count: u32) -> u64 {
    let doublings = count.saturating_sub(limits.free_failures).saturating_sub(1).min(32);
    limits.base_delay_ms.saturating_mul(1u64 << doublings).min(limits.max_delay_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slows_then_locks_then_forgets() {
        let p = LockoutPolicy::default();
        let l = p.account;
        let mut s = Failures::default();
        let mut now = 1_000_000;
        for _ in 0..l.free_failures {
            assert_eq!(p.blocked(&l, s, now), None);
            s = p.counted(s, now);
        }
        assert_eq!(p.blocked(&l, s, now), None, "free failures do not slow down");
        s = p.counted(s, now);
        assert_eq!(p.blocked(&l, s, now), Some(Blocked { until_ms: now + 1_000, locked: false }));
        now += 1_000;
        s = p.counted(s, now);
        assert_eq!(p.blocked(&l, s, now), Some(Blocked { until_ms: now + 2_000, locked: false }), "doubles");
        while s.count < l.lock_after {
            now += l.max_delay_ms;
            assert!(p.blocked(&l, s, now).is_none());
            s = p.counted(s, now);
        }
        assert_eq!(p.blocked(&l, s, now + 1), Some(Blocked { until_ms: now + l.lock_ms, locked: true }));
        assert_eq!(p.blocked(&l, s, now + l.lock_ms), None, "the lock ends");
        assert_eq!(p.current(s, now + p.window_ms + 1), 0, "the window forgets");
        assert_eq!(p.counted(s, now + p.window_ms + 1).count, 1);
        assert_eq!(delay_ms(&l, u32::MAX), l.max_delay_ms, "no overflow");
    }
}
