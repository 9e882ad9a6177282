//! The services a call talks to: request builders and answer mapping, no loops and no waits.
//! Asana's own API is `request` + `response`; these are the token endpoint and Airbyte.

pub mod airbyte;
pub mod oauth;

use crate::error::{AsanaError, ErrorCode};

/// Longest piece of a server's own text that goes into a message.
pub const MAX_ECHO_CHARS: usize = 500;

/// A server's text cut to `MAX_ECHO_CHARS` characters.
pub fn bounded(text: &str) -> String {
    match text.char_indices().nth(MAX_ECHO_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// A token or id that will travel in a header: refused when it could break one.
pub fn header_safe(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| (0x21..0x7f).contains(&b))
}

pub fn auth_error(message: impl Into<String>) -> AsanaError {
    AsanaError::new(ErrorCode::Authentication, message)
}
