//! `AsanaError`: one small error type with a stable code, mirroring Asana's error body.

use serde_json::{json, Value};
use std::fmt;

/// Declares the codes once: the enum, and its names both ways.
macro_rules! error_codes {
    ($($code:ident => $name:literal,)*) => {
        /// The stable codes of `api.md`; JS sees them as strings.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ErrorCode {
            $($code,)*
        }

        impl ErrorCode {
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$code => $name,)*
                }
            }

            /// The code named by `as_str`, for errors coming back from JS.
            pub fn parse(name: &str) -> Option<ErrorCode> {
                match name {
                    $($name => Some(ErrorCode::$code),)*
                    _ => None,
                }
            }
        }
    };
}

error_codes! {
    InvalidConfig => "invalid_config",
    UnknownEntity => "unknown_entity",
    UnknownAction => "unknown_action",
    InvalidParams => "invalid_params",
    Authentication => "authentication",
    Permission => "permission",
    NotFound => "not_found",
    PremiumRequired => "premium_required",
    RateLimited => "rate_limited",
    Server => "server",
    Network => "network",
    Timeout => "timeout",
    Aborted => "aborted",
    Hosted => "hosted",
    NotSupported => "not_supported",
    Http => "http",
    BadResponse => "bad_response",
    OutputTooLarge => "output_too_large",
}

impl ErrorCode {
    /// Transient failures that the same call may get past later.
    pub fn is_retryable(self) -> bool {
        matches!(self, ErrorCode::RateLimited | ErrorCode::Server | ErrorCode::Network | ErrorCode::Timeout)
    }

    /// The code for an HTTP error status, as `api.md` maps them.
    pub fn from_status(status: u16) -> ErrorCode {
        match status {
            400 | 422 => ErrorCode::InvalidParams,
            401 => ErrorCode::Authentication,
            402 => ErrorCode::PremiumRequired,
            403 => ErrorCode::Permission,
            404 => ErrorCode::NotFound,
            429 => ErrorCode::RateLimited,
            500..=599 => ErrorCode::Server,
            _ => ErrorCode::Http,
        }
    }
}

/// Every failure of the connector. Messages are written for a person and for a model, and never
/// hold a credential: they are built from our own text and Asana's error messages only.
#[derive(Clone, PartialEq)]
pub struct AsanaError {
    code: ErrorCode,
    message: String,
    status: Option<u16>,
    retry_after_ms: Option<u64>,
    details: Option<Value>,
    retryable: bool,
}

impl AsanaError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AsanaError { code, message: message.into(), status: None, retry_after_ms: None, details: None, retryable: code.is_retryable() }
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub fn with_retry_after_ms(mut self, ms: Option<u64>) -> Self {
        self.retry_after_ms = ms;
        self
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.retryable = retryable;
        self
    }

    /// A write whose outcome is unknown (5xx, network failure or timeout after it was sent):
    /// repeating it blindly could do it twice, so it is not retryable and the message says so.
    pub fn outcome_unknown(mut self) -> Self {
        if self.retryable && self.code != ErrorCode::RateLimited {
            self.retryable = false;
            if !self.message.contains("may or may not have happened") {
                self.message.push_str(" The write may or may not have happened: read first, and repeat it only if it did not.");
            }
        }
        self
    }

    /// The same error with its texts passed through `clean` (secrets removed).
    /// The same error, its message led by `prefix` (which part of a larger call failed).
    pub fn prefixed(mut self, prefix: &str) -> Self {
        self.message = format!("{prefix}{}", self.message);
        self
    }

    pub fn map_text(mut self, clean: impl Fn(&str) -> String) -> Self {
        self.message = clean(&self.message);
        if let Some(details) = self.details.take() {
            self.details = serde_json::from_str(&clean(&details.to_string())).ok();
        }
        self
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    pub fn status(&self) -> Option<u16> {
        self.status
    }
    pub fn retry_after_ms(&self) -> Option<u64> {
        self.retry_after_ms
    }
    pub fn details(&self) -> Option<&Value> {
        self.details.as_ref()
    }
    pub fn is_retryable(&self) -> bool {
        self.retryable
    }

    /// The fields JS turns into an `AsanaError` instance.
    pub fn to_json(&self) -> Value {
        let mut out = json!({ "code": self.code.as_str(), "message": self.message, "retryable": self.is_retryable() });
        if let Some(status) = self.status {
            out["status"] = status.into();
        }
        if let Some(ms) = self.retry_after_ms {
            out["retryAfterMs"] = ms.into();
        }
        if let Some(details) = &self.details {
            out["details"] = details.clone();
        }
        out
    }
}

impl fmt::Debug for AsanaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsanaError").field("code", &self.code.as_str()).field("message", &self.message).field("status", &self.status).finish()
    }
}

impl fmt::Display for AsanaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code.as_str())
    }
}

impl std::error::Error for AsanaError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_codes() {
        let cases = [
            (400, "invalid_params"),
            (401, "authentication"),
            (402, "premium_required"),
            (403, "permission"),
            (404, "not_found"),
            (409, "http"),
            (422, "invalid_params"),
            (429, "rate_limited"),
            (503, "server"),
        ];
        for (status, code) in cases {
            assert_eq!(ErrorCode::from_status(status).as_str(), code, "{status}");
        }
    }

    #[test]
    fn codes_read_back_from_their_names() {
        for code in [ErrorCode::InvalidConfig, ErrorCode::RateLimited, ErrorCode::OutputTooLarge] {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::parse("weird"), None);
    }

    #[test]
    fn json_carries_the_optional_fields_only_when_set() {
        let bare = AsanaError::new(ErrorCode::NotFound, "gone").to_json();
        assert_eq!(bare, json!({"code": "not_found", "message": "gone", "retryable": false}));
        let full =
            AsanaError::new(ErrorCode::RateLimited, "slow down").with_status(429).with_retry_after_ms(Some(2000)).with_details(json!([{"message": "x"}]));
        assert_eq!(full.to_json()["retryAfterMs"], 2000);
        assert_eq!(full.to_json()["retryable"], true);
        assert_eq!(full.to_json()["details"][0]["message"], "x");
    }

    #[test]
    fn a_write_of_unknown_outcome_is_not_retryable() {
        let e = AsanaError::new(ErrorCode::Server, "Asana answered HTTP 500.").outcome_unknown();
        assert!(!e.is_retryable() && e.message().contains("read first"), "{e:?}");
        assert!(AsanaError::new(ErrorCode::RateLimited, "slow").outcome_unknown().is_retryable());
    }
}
