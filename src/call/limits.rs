//! Retry decisions as pure functions, and the client-side concurrency limiter as counters:
//! nothing here waits; the call machine turns a "not yet" into a wait step.

/// The first backoff step when Asana gives no `Retry-After`.
const BASE_DELAY_MS: u64 = 500;
/// No call waits longer than this in total across its retries.
pub const TOTAL_WAIT_CAP_MS: u64 = 60_000;
/// Asana's per-token limits on requests in flight.
pub const ASANA_MAX_READS: u32 = 50;
pub const ASANA_MAX_WRITES: u32 = 15;

/// `api.md`'s defaults: 3 attempts, no single wait over 30 s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts including the first.
    pub max_attempts: u32,
    /// Cap on any single wait, `Retry-After` included.
    pub max_delay_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_attempts: 3, max_delay_ms: 30_000 }
    }
}

/// How an attempt failed, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// An HTTP status with its parsed `Retry-After`.
    Status(u16, Option<u64>),
    Network,
    Timeout,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Wait this long, then try again.
    Retry(u64),
    GiveUp,
}

impl RetryPolicy {
    /// Whether attempt number `attempt` (1-based) that failed with `failure` is tried again.
    ///
    /// A 429 was refused before Asana ran it, so any method is retried; 5xx, network errors
    /// and timeouts may come after a write happened, so only reads are. `jitter` is uniform
    /// in [0, 1); `waited_ms` is what this call has waited so far.
    pub fn decide(&self, attempt: u32, is_read: bool, failure: Failure, waited_ms: u64, jitter: f64) -> Verdict {
        let transient = match failure {
            Failure::Status(429, _) => true,
            Failure::Status(500 | 502 | 503 | 504, _) | Failure::Network | Failure::Timeout => is_read,
            Failure::Status(..) => false,
        };
        if !transient || attempt >= self.max_attempts {
            return Verdict::GiveUp;
        }
        let delay = match failure {
            Failure::Status(_, Some(asked)) if asked > self.max_delay_ms => return Verdict::GiveUp,
            Failure::Status(_, Some(asked)) => asked,
            _ => {
                let step = BASE_DELAY_MS.saturating_mul(1 << (attempt - 1).min(16)).min(self.max_delay_ms);
                // Equal jitter: never zero, never over the step.
                step / 2 + (step as f64 / 2.0 * jitter.clamp(0.0, 1.0)) as u64
            }
        };
        if waited_ms + delay > TOTAL_WAIT_CAP_MS {
            return Verdict::GiveUp;
        }
        Verdict::Retry(delay)
    }
}

/// One exchange's retry budget: attempts made and time waited so far.
#[derive(Clone, Debug)]
pub struct Retrier {
    policy: RetryPolicy,
    is_read: bool,
    attempt: u32,
    waited_ms: u64,
}

impl Retrier {
    pub fn new(policy: RetryPolicy, is_read: bool) -> Retrier {
        Retrier { policy, is_read, attempt: 1, waited_ms: 0 }
    }

    /// After a failed attempt: how long to wait before the next one, if there is one.
    pub fn again(&mut self, failure: Failure, jitter: f64) -> Option<u64> {
        match self.policy.decide(self.attempt, self.is_read, failure, self.waited_ms, jitter) {
            Verdict::GiveUp => None,
            Verdict::Retry(ms) => {
                self.attempt += 1;
                self.waited_ms += ms;
                Some(ms)
            }
        }
    }
}

/// Keeps requests in flight under Asana's per-token limits, separately for reads and writes,
/// so bursts queue here instead of drawing 429s.
#[derive(Debug)]
pub struct Limiter {
    busy: [u32; 2],
    max: [u32; 2],
}

impl Limiter {
    /// `max_concurrency` caps both kinds further (e.g. 6 in a Worker).
    pub fn new(max_concurrency: Option<u32>) -> Limiter {
        let cap = |asana: u32| max_concurrency.map_or(asana, |n| n.min(asana));
        Limiter { busy: [0; 2], max: [cap(ASANA_MAX_READS), cap(ASANA_MAX_WRITES)] }
    }

    /// Takes a slot of the kind when one is free.
    pub fn try_acquire(&mut self, is_read: bool) -> bool {
        let kind = usize::from(!is_read);
        let free = self.busy[kind] < self.max[kind];
        if free {
            self.busy[kind] += 1;
        }
        free
    }

    pub fn free(&mut self, is_read: bool) {
        let kind = usize::from(!is_read);
        self.busy[kind] = self.busy[kind].saturating_sub(1);
    }

    /// (reads, writes) in flight.
    pub fn in_flight(&self) -> (u32, u32) {
        (self.busy[0], self.busy[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: RetryPolicy = RetryPolicy { max_attempts: 3, max_delay_ms: 30_000 };

    #[test]
    fn a_429_is_retried_for_any_method_after_retry_after() {
        assert_eq!(POLICY.decide(1, false, Failure::Status(429, Some(2_000)), 0, 0.5), Verdict::Retry(2_000));
        assert_eq!(POLICY.decide(1, true, Failure::Status(429, Some(0)), 0, 0.5), Verdict::Retry(0));
    }

    #[test]
    fn a_retry_after_beyond_the_cap_gives_up_at_once() {
        assert_eq!(POLICY.decide(1, true, Failure::Status(429, Some(120_000)), 0, 0.5), Verdict::GiveUp);
    }

    #[test]
    fn without_retry_after_the_backoff_grows_with_jitter_and_is_capped() {
        let delay = |attempt, jitter| match POLICY.decide(attempt, true, Failure::Status(429, None), 0, jitter) {
            Verdict::Retry(ms) => ms,
            Verdict::GiveUp => panic!("gave up"),
        };
        assert_eq!((delay(1, 0.0), delay(1, 0.999_999)), (250, 499));
        assert_eq!((delay(2, 0.0), delay(2, 1.0)), (500, 1_000));
        let small = RetryPolicy { max_attempts: 10, max_delay_ms: 3_000 };
        assert_eq!(small.decide(9, true, Failure::Network, 0, 1.0), Verdict::Retry(3_000));
    }

    #[test]
    fn server_errors_network_and_timeouts_are_retried_for_reads_only() {
        for failure in
            [Failure::Status(500, None), Failure::Status(502, None), Failure::Status(503, None), Failure::Status(504, None), Failure::Network, Failure::Timeout]
        {
            assert!(matches!(POLICY.decide(1, true, failure, 0, 0.0), Verdict::Retry(_)), "{failure:?}");
            assert_eq!(POLICY.decide(1, false, failure, 0, 0.0), Verdict::GiveUp, "{failure:?}");
        }
        for status in [400, 401, 403, 404, 422, 501] {
            assert_eq!(POLICY.decide(1, true, Failure::Status(status, None), 0, 0.0), Verdict::GiveUp, "{status}");
        }
    }

    #[test]
    fn the_limiter_counts_reads_and_writes_apart() {
        let mut limiter = Limiter::new(Some(1));
        assert!(limiter.try_acquire(true) && !limiter.try_acquire(true) && limiter.try_acquire(false));
        limiter.free(true);
        assert_eq!(limiter.in_flight(), (0, 1));
        assert!(limiter.try_acquire(true));
    }

    #[test]
    fn attempts_and_total_wait_are_bounded() {
        assert_eq!(POLICY.decide(3, true, Failure::Network, 0, 0.0), Verdict::GiveUp);
        assert_eq!(POLICY.decide(1, true, Failure::Status(429, Some(10_000)), 55_000, 0.0), Verdict::GiveUp);
        let once = RetryPolicy { max_attempts: 1, max_delay_ms: 30_000 };
        assert_eq!(once.decide(1, true, Failure::Status(429, Some(1)), 0, 0.0), Verdict::GiveUp);
    }
}
