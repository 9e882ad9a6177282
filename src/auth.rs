//! Tokens that expire: the OAuth access token and the Airbyte application token.
//!
//! `TokenCache` renews a token at most once for any number of concurrent callers (single
//! flight). Only plain data is shared between calls: a caller that finds a renewal under way
//! waits on its own timer and reads the result, so nothing one call (one Worker request)
//! created is ever awaited by another. No borrow is held across an await.

use crate::catalog::Method;
use crate::config::Secret;
use crate::error::{AsanaError, ErrorCode};
use crate::request::encode_into;
use crate::transport::{HttpRequest, Transport, TransportError};
use serde::Deserialize;
use serde_json::json;
use std::cell::RefCell;
use std::future::Future;

/// Renew this long before the announced expiry (clock skew, request time).
pub const EXPIRY_MARGIN_MS: u64 = 60_000;
/// How often a waiting caller looks whether the renewal finished.
const WAIT_STEP_MS: u32 = 5;

/// A freshly obtained token.
pub struct Fresh {
    pub token: Secret,
    /// Epoch milliseconds; `None` when the issuer did not say.
    pub expires_at: Option<u64>,
}

/// A token handed to a call, with the generation that identifies it.
pub struct Held {
    pub token: Secret,
    pub generation: u64,
    /// This call performed the renewal (and so reports it).
    pub renewed: bool,
}

#[derive(Default)]
struct State {
    token: Option<Secret>,
    expires_at: Option<u64>,
    generation: u64,
    /// The renewal under way: its number and when it started.
    flight: Option<(u64, u64)>,
    flights: u64,
    /// The last renewal that failed, so its waiters share its error instead of retrying.
    failed: Option<(u64, AsanaError)>,
}

pub struct TokenCache {
    state: RefCell<State>,
    /// A caller waits this long for someone else's renewal before taking it over (the other
    /// call may have been cancelled with its request).
    takeover_ms: u64,
}

/// Clears the flight if the renewing call is dropped half-way (its request was cancelled).
struct FlightGuard<'a> {
    cache: &'a TokenCache,
    flight: u64,
}

impl Drop for FlightGuard<'_> {
    fn drop(&mut self) {
        let mut state = self.cache.state.borrow_mut();
        if state.flight.is_some_and(|(n, _)| n == self.flight) {
            state.flight = None;
        }
    }
}

impl TokenCache {
    pub fn new(token: Option<Secret>, expires_at: Option<u64>, takeover_ms: u64) -> Self {
        TokenCache { state: RefCell::new(State { token, expires_at, ..State::default() }), takeover_ms }
    }

    /// A usable token: the cached one while it is fresh and newer than `stale` (the generation
    /// that just got a 401), otherwise one renewal shared by every caller that needs it.
    pub async fn get<T, F, Fut>(&self, transport: &T, stale: Option<u64>, renew: F) -> Result<Held, AsanaError>
    where
        T: Transport,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Fresh, AsanaError>>,
    {
        let mut waited_on = None;
        loop {
            let now = transport.now_ms();
            let flight = {
                let mut state = self.state.borrow_mut();
                let usable = state.token.is_some()
                    && stale.is_none_or(|g| state.generation > g)
                    && state.expires_at.is_none_or(|at| now + EXPIRY_MARGIN_MS < at);
                if usable {
                    let token = state.token.clone().expect("checked above");
                    return Ok(Held { token, generation: state.generation, renewed: false });
                }
                if let (Some(waited), Some((failed, error))) = (waited_on, &state.failed) {
                    if waited == *failed {
                        return Err(error.clone());
                    }
                }
                match state.flight {
                    Some((n, since)) if now.saturating_sub(since) < self.takeover_ms => {
                        waited_on = Some(n);
                        None
                    }
                    _ => {
                        state.flights += 1;
                        let n = state.flights;
                        state.flight = Some((n, now));
                        Some(n)
                    }
                }
            };
            let Some(flight) = flight else {
                transport.sleep(WAIT_STEP_MS).await;
                continue;
            };
            let guard = FlightGuard { cache: self, flight };
            let result = renew().await;
            drop(guard);
            let mut state = self.state.borrow_mut();
            return match result {
                Ok(fresh) => {
                    state.token = Some(fresh.token.clone());
                    state.expires_at = fresh.expires_at;
                    state.generation += 1;
                    state.failed = None;
                    Ok(Held { token: fresh.token, generation: state.generation, renewed: true })
                }
                Err(error) => {
                    state.failed = Some((flight, error.clone()));
                    Err(error)
                }
            };
        }
    }
}

/// The `expires_in` of a token answer as an epoch-ms deadline, measured from when it arrived.
pub fn expiry(expires_in: Option<u64>, now_ms: u64) -> Option<u64> {
    expires_in.map(|s| now_ms + s.saturating_mul(1000))
}

pub fn auth_error(message: impl Into<String>) -> AsanaError {
    AsanaError::new(ErrorCode::Authentication, message)
}

/// OAuth 2 with refresh-token renewal against Asana's token endpoint.
pub struct OAuth {
    cache: TokenCache,
    /// Asana may rotate it: the newest one is kept.
    refresh_token: RefCell<Secret>,
    client_id: Option<String>,
    client_secret: Option<Secret>,
    token_url: String,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    expires_in: Option<u64>,
    refresh_token: Option<String>,
}

#[derive(Deserialize)]
struct OAuthFailure {
    error: Option<String>,
    error_description: Option<String>,
}

impl OAuth {
    pub fn new(refresh_token: Secret, access_token: Option<Secret>, expires_at: Option<u64>, client_id: Option<String>, client_secret: Option<Secret>, token_url: String, timeout_ms: u32) -> Self {
        OAuth {
            cache: TokenCache::new(access_token, expires_at, u64::from(timeout_ms)),
            refresh_token: RefCell::new(refresh_token),
            client_id,
            client_secret,
            token_url,
        }
    }

    /// An access token newer than `stale`, renewed first when missing or about to expire.
    pub async fn token<T: Transport>(&self, transport: &T, stale: Option<u64>, timeout_ms: u32) -> Result<Held, AsanaError> {
        self.cache.get(transport, stale, || self.refresh(transport, timeout_ms)).await
    }

    /// The refresh token now in force (rotated or not).
    pub fn refresh_token(&self) -> Secret {
        self.refresh_token.borrow().clone()
    }

    pub fn expires_at(&self) -> Option<u64> {
        self.cache.state.borrow().expires_at
    }

    /// `grant_type=refresh_token`, form-encoded, credentials in the body as Asana documents;
    /// unset fields are left out, never sent as placeholders.
    async fn refresh<T: Transport>(&self, transport: &T, timeout_ms: u32) -> Result<Fresh, AsanaError> {
        let refresh_token = self.refresh_token();
        let mut body = String::from("grant_type=refresh_token");
        let fields = [("refresh_token", Some(refresh_token.expose())), ("client_id", self.client_id.as_deref()), ("client_secret", self.client_secret.as_ref().map(Secret::expose))];
        for (name, value) in fields {
            if let Some(value) = value {
                body.push('&');
                body.push_str(name);
                body.push('=');
                encode_into(&mut body, value);
            }
        }
        let request = HttpRequest {
            method: Method::Post,
            url: self.token_url.clone(),
            headers: vec![("Content-Type", "application/x-www-form-urlencoded".into()), ("Accept", "application/json".into())],
            body: Some(body),
        };
        let answer = transport.send(&request, timeout_ms).await.map_err(|e| {
            let (code, why) = match e {
                TransportError::Timeout => ("timeout", "timed out".to_string()),
                TransportError::Aborted => ("aborted", "was aborted".to_string()),
                TransportError::Network(why) => ("network", format!("failed: {why}")),
            };
            auth_error(format!("Renewing the OAuth access token {why}.")).with_details(json!({ "cause": code }))
        })?;
        if answer.status != 200 {
            let failure: Option<OAuthFailure> = serde_json::from_str(&answer.body).ok();
            let error = failure.as_ref().and_then(|f| f.error.clone());
            let description = failure.and_then(|f| f.error_description);
            let said = [error.as_deref(), description.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(": ");
            return Err(auth_error(format!(
                "Asana's token endpoint refused to renew the access token (HTTP {}{}). The refresh token may be revoked or the client id/secret wrong: authorize again.",
                answer.status,
                if said.is_empty() { String::new() } else { format!(", {said}") }
            ))
            .with_status(answer.status)
            .with_details(json!({ "error": error, "error_description": description })));
        }
        let parsed: TokenAnswer = serde_json::from_str(&answer.body).map_err(|_| auth_error("Asana's token endpoint answered something that is not a token response."))?;
        let Some(access_token) = parsed.access_token.filter(|t| !t.is_empty()) else {
            return Err(auth_error("Asana's token endpoint answered without an access_token."));
        };
        if let Some(rotated) = parsed.refresh_token.filter(|t| !t.is_empty()) {
            *self.refresh_token.borrow_mut() = Secret::new(rotated);
        }
        Ok(Fresh { token: Secret::new(access_token), expires_at: expiry(parsed.expires_in, transport.now_ms()) })
    }
}
