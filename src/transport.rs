//! The seam between the pure core and the network: the wasm layer implements `Transport` with
//! the global `fetch`; native tests implement it with a scripted server.

use crate::catalog::Method;
use std::fmt;

/// An HTTP request as the core built it.
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<String>,
}

impl HttpRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Shows everything but credentials: the Authorization value never reaches a log, and bodies
/// (token requests carry refresh tokens and client secrets) show only their length.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (*n, if n.eq_ignore_ascii_case("authorization") { "[redacted]" } else { v.as_str() }))
            .collect();
        let body = self.body.as_ref().map(|b| format!("[{} bytes]", b.len()));
        f.debug_struct("HttpRequest").field("method", &self.method).field("url", &self.url).field("headers", &headers).field("body", &body).finish()
    }
}

/// A buffered answer (every operation but the download's second hop).
#[derive(Default)]
pub struct HttpResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub retry_after: Option<String>,
    pub body: String,
}

/// Bodies show only their length: a token endpoint's answer carries the new tokens.
impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("retry_after", &self.retry_after)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .finish()
    }
}

/// An answer whose body stays a stream (the download's second hop).
#[derive(Debug)]
pub struct StreamResponse<S> {
    pub status: u16,
    pub content_type: Option<String>,
    pub content_length: Option<u64>,
    pub body: S,
}

/// Why a request got no HTTP answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    Network(String),
    Timeout,
    Aborted,
}

impl TransportError {
    /// The `AsanaError` for `what` (e.g. "tasks/get") that got no answer.
    pub fn into_error(self, what: &str, timeout_ms: u32) -> crate::AsanaError {
        use crate::ErrorCode;
        match self {
            TransportError::Timeout => crate::AsanaError::new(ErrorCode::Timeout, format!("{what} got no answer within {timeout_ms} ms.")),
            TransportError::Aborted => crate::AsanaError::new(ErrorCode::Aborted, format!("{what} was aborted by the caller's signal.")),
            TransportError::Network(why) => crate::AsanaError::new(ErrorCode::Network, format!("{what} could not reach the server: {why}")),
        }
    }
}

/// Sends requests. `timeout_ms` bounds one attempt; implementations also honour the caller's
/// cancellation, which they carry themselves.
#[allow(async_fn_in_trait)] // single-threaded (wasm) and test use only: no Send bound wanted
pub trait Transport {
    type Stream;

    async fn send(&self, request: &HttpRequest, timeout_ms: u32) -> Result<HttpResponse, TransportError>;

    async fn open(&self, request: &HttpRequest, timeout_ms: u32) -> Result<StreamResponse<Self::Stream>, TransportError>;

    /// Wall-clock epoch milliseconds, read when needed (Workers freeze the clock between I/O).
    fn now_ms(&self) -> u64;

    /// Waits `ms` milliseconds on a timer of this call's own (renewal waits, retry backoff).
    async fn sleep(&self, ms: u32);

    /// Uniform in [0, 1): backoff jitter. Read only inside calls (Workers forbid random
    /// numbers at module load).
    fn random(&self) -> f64;

    /// The caller cancelled this call.
    fn is_aborted(&self) -> bool;
}

/// Tokens after a renewal, for the `onTokenRefresh` callback.
pub struct RenewedTokens<'a> {
    pub access_token: &'a str,
    pub refresh_token: &'a str,
    pub expires_at: Option<u64>,
}

impl fmt::Debug for RenewedTokens<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RenewedTokens").field("access_token", &"[redacted]").field("refresh_token", &"[redacted]").field("expires_at", &self.expires_at).finish()
    }
}

/// The caller's hooks. Every one is optional; the defaults do nothing.
#[allow(async_fn_in_trait)]
pub trait Callbacks {
    /// `onTokenRefresh`; an `Err` carries the callback's failure message.
    async fn tokens_renewed(&self, _tokens: RenewedTokens<'_>) -> Result<(), String> {
        Ok(())
    }

    /// `onWarning`: something went wrong that did not fail the call.
    fn warn(&self, _warning: &crate::AsanaError) {}

    /// `getToken` in hosted mode: `None` when the caller gave no such function.
    async fn hosted_token(&self) -> Option<Result<String, String>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_tokens() {
        let answer = HttpResponse { status: 200, body: r#"{"access_token":"at-secret-1"}"#.into(), ..HttpResponse::default() };
        let tokens = RenewedTokens { access_token: "at-secret-2", refresh_token: "rt-secret-3", expires_at: Some(1) };
        let shown = format!("{answer:?} {tokens:?}");
        assert!(!shown.contains("secret") && shown.contains("[30 bytes]"), "{shown}");
    }
}
