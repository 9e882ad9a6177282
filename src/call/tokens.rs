//! A value that must be obtained once and shared: the OAuth access token, the Airbyte
//! application token, the hosted connector id. One call at a time obtains it (single flight);
//! the others wait on timers of their own and look again. Only plain data lives here, so one
//! connector can serve many Worker requests without one awaiting another's promise.

use crate::config::Secret;
use crate::error::AsanaError;

use super::CallId;

/// Renew this long before the announced expiry (clock skew, request time), at most.
const EXPIRY_MARGIN_MS: u64 = 60_000;

#[derive(Debug)]
pub enum Lookup {
    /// Use this value; `generation` names it for a later "it got a 401".
    Ready { value: Secret, generation: u64 },
    /// Someone else is obtaining it: wait and look again.
    Wait,
    /// The caller now owns the flight and must obtain the value.
    Obtain,
}

#[derive(Debug, Default)]
pub struct TokenSlot {
    value: Option<Secret>,
    /// Renew once `now` reaches this (already minus the margin).
    renew_at: Option<u64>,
    generation: u64,
    /// The call obtaining a new value.
    flight: Option<CallId>,
    /// How the last flight ended in failure, for the calls that waited on it.
    failed: Option<(u64, AsanaError)>,
    flights: u64,
}

impl TokenSlot {
    pub fn new(value: Option<Secret>, expires_at: Option<u64>) -> TokenSlot {
        TokenSlot { value, renew_at: expires_at.map(|at| at.saturating_sub(EXPIRY_MARGIN_MS)), ..TokenSlot::default() }
    }

    /// The value for `caller` unless it is missing, about to expire, or the generation `stale`
    /// (the one that just got a 401). `waited_since` is the flight count when the caller began
    /// waiting, so a failure of that very flight is shared instead of retried.
    /// `obtained` is the generation the caller itself just obtained: it uses that one even when
    /// the issuer gave it no time to live.
    pub fn lookup(&mut self, caller: CallId, stale: Option<u64>, obtained: Option<u64>, now: u64, waited_since: Option<u64>) -> Result<Lookup, AsanaError> {
        let newer = stale.is_none_or(|g| self.generation > g);
        let fresh = self.value.is_some() && newer && (self.renew_at.is_none_or(|at| now < at) || obtained == Some(self.generation));
        if fresh {
            let value = self.value.clone().expect("checked above");
            return Ok(Lookup::Ready { value, generation: self.generation });
        }
        if let (Some(since), Some((flight, error))) = (waited_since, &self.failed) {
            if *flight >= since {
                return Err(error.clone());
            }
        }
        match self.flight {
            Some(owner) if owner != caller => Ok(Lookup::Wait),
            _ => {
                self.flight = Some(caller);
                self.flights += 1;
                Ok(Lookup::Obtain)
            }
        }
    }

    /// The number of the latest flight: a waiter's mark for `lookup`.
    pub fn flights(&self) -> u64 {
        self.flights
    }

    /// The owner's flight ended with a new value; `lifetime_ms` as the issuer announced it.
    pub fn store(&mut self, owner: CallId, value: Secret, lifetime_ms: Option<u64>, now: u64) -> u64 {
        if self.flight == Some(owner) {
            self.flight = None;
        }
        // A short-lived token is renewed in the last quarter of its life, not on every call.
        self.renew_at = lifetime_ms.map(|ms| now + ms - EXPIRY_MARGIN_MS.min(ms / 4));
        self.value = Some(value);
        self.generation += 1;
        self.failed = None;
        self.generation
    }

    /// The owner's flight failed: its waiters get this error.
    pub fn fail(&mut self, owner: CallId, error: AsanaError) {
        if self.flight == Some(owner) {
            self.flight = None;
            self.failed = Some((self.flights, error));
        }
    }

    /// The owner gave up (aborted, timed out, released): the next caller takes over, and no
    /// waiter is failed by it.
    pub fn abandon(&mut self, owner: CallId) {
        if self.flight == Some(owner) {
            self.flight = None;
        }
    }

    pub fn value(&self) -> Option<&Secret> {
        self.value.as_ref()
    }

    pub fn renew_at(&self) -> Option<u64> {
        self.renew_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn ready(lookup: Lookup) -> u64 {
        match lookup {
            Lookup::Ready { generation, .. } => generation,
            other => panic!("expected a value, got {other:?}"),
        }
    }

    #[test]
    fn one_flight_for_all_callers_and_an_abandoned_one_is_taken_over() {
        let mut slot = TokenSlot::new(None, None);
        assert!(matches!(slot.lookup(1, None, None, 0, None).unwrap(), Lookup::Obtain));
        assert!(matches!(slot.lookup(2, None, None, 0, None).unwrap(), Lookup::Wait));
        slot.abandon(1);
        assert!(matches!(slot.lookup(2, None, None, 0, Some(0)).unwrap(), Lookup::Obtain), "no failure shared by an abandoned flight");
        let generation = slot.store(2, Secret::new("t"), None, 0);
        assert_eq!(ready(slot.lookup(3, None, None, 0, None).unwrap()), generation);
        assert!(matches!(slot.lookup(3, Some(generation), None, 0, None).unwrap(), Lookup::Obtain), "a 401 on this generation renews");
    }

    #[test]
    fn a_failed_flight_fails_the_calls_that_waited_on_it_only() {
        let mut slot = TokenSlot::new(None, None);
        slot.lookup(1, None, None, 0, None).unwrap();
        let mark = slot.flights();
        slot.fail(1, AsanaError::new(ErrorCode::Authentication, "refused"));
        assert_eq!(slot.lookup(2, None, None, 0, Some(mark)).unwrap_err().code(), ErrorCode::Authentication);
        assert!(matches!(slot.lookup(3, None, None, 0, None).unwrap(), Lookup::Obtain), "a new caller tries again");
    }

    #[test]
    fn short_lifetimes_renew_late_in_life_not_on_every_call() {
        let mut slot = TokenSlot::new(None, None);
        slot.lookup(1, None, None, 0, None).unwrap();
        slot.store(1, Secret::new("t"), Some(30_000), 1_000);
        assert_eq!(slot.renew_at(), Some(1_000 + 30_000 - 7_500));
        ready(slot.lookup(2, None, None, 20_000, None).unwrap());
        assert!(matches!(slot.lookup(2, None, None, 24_000, None).unwrap(), Lookup::Obtain));
        let mut long = TokenSlot::new(None, None);
        long.lookup(1, None, None, 0, None).unwrap();
        long.store(1, Secret::new("t"), Some(3_600_000), 0);
        assert_eq!(long.renew_at(), Some(3_540_000));
    }

    #[test]
    fn a_token_with_no_time_to_live_serves_the_call_that_obtained_it() {
        let mut slot = TokenSlot::new(None, None);
        slot.lookup(1, None, None, 0, None).unwrap();
        let generation = slot.store(1, Secret::new("t"), Some(0), 5);
        assert_eq!(ready(slot.lookup(1, None, Some(generation), 5, None).unwrap()), generation);
        assert!(matches!(slot.lookup(2, None, None, 5, None).unwrap(), Lookup::Obtain));
    }
}
