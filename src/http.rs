//! What crosses between the core and the driver for one HTTP exchange: the request the core
//! built, and the answer as far as the core needs it.

use crate::catalog::Method;
use std::fmt;

/// An HTTP request as the core built it.
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<String>,
    /// A multipart form instead of a body (uploads); the driver builds the `FormData`.
    pub form: Option<Multipart>,
}

/// A multipart form: text parts, and the file the JS side keeps (by index) with its part's
/// file name and media type.
#[derive(Debug, Default, PartialEq)]
pub struct Multipart {
    pub fields: Vec<(&'static str, String)>,
    pub file: Option<u32>,
    pub file_name: Option<String>,
    pub file_type: Option<String>,
}

impl HttpRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn set_header(&mut self, name: &'static str, value: String) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name, value));
    }
}

/// Shows everything but credentials: the Authorization value never reaches a log, and bodies
/// (token requests carry refresh tokens and client secrets) show only their length.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> =
            self.headers.iter().map(|(n, v)| (*n, if n.eq_ignore_ascii_case("authorization") { "[redacted]" } else { v.as_str() })).collect();
        let body = self.body.as_ref().map(|b| format!("[{} bytes]", b.len()));
        f.debug_struct("HttpRequest").field("method", &self.method).field("url", &self.url).field("headers", &headers).field("body", &body).finish()
    }
}

/// How the driver reads the body of an answer. Whatever the mode, a body that grows past
/// `maxResponseBytes` is cancelled and reported as `Body::TooLarge`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read {
    /// A 2xx body is parsed by `JSON.parse` and stays in JS; the core gets `Body::Parsed`.
    /// Any other status is read as bounded text.
    Json,
    /// The body comes to the core as (bounded) text: token answers, small records.
    Text,
    /// A 2xx body stays an unread stream (downloads); other statuses as bounded text.
    Stream,
}

/// What kind of JSON value a member of a parsed body holds (`Missing`: not there at all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Missing,
    Null,
    Object,
    Array,
    Other,
}

impl Kind {
    pub fn parse(name: &str) -> Kind {
        match name {
            "null" => Kind::Null,
            "object" => Kind::Object,
            "array" => Kind::Array,
            "missing" => Kind::Missing,
            _ => Kind::Other,
        }
    }
}

/// The facts the core needs about a body JS parsed and kept: the kinds of its top-level
/// members and, for Airbyte envelopes, the few small values the core maps.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    /// The body is a JSON object (not an array or a scalar).
    pub object: bool,
    pub data: Kind,
    pub next_page: Kind,
    pub result: Kind,
    /// Airbyte's `status`, `message`/`error` (cut to a bounded length by the driver).
    pub status: Option<String>,
    pub message: Option<String>,
    /// Airbyte's `connector_metadata` as JSON text, when it is an object.
    pub metadata: Option<String>,
}

impl Default for Facts {
    fn default() -> Self {
        Facts { object: true, data: Kind::Missing, next_page: Kind::Missing, result: Kind::Missing, status: None, message: None, metadata: None }
    }
}

/// An answer's body as the driver handed it over.
#[derive(Clone, PartialEq)]
pub enum Body {
    /// Bounded text (error answers, `Read::Text`).
    Text(String),
    /// A 2xx JSON body that JS parsed and keeps.
    Parsed(Facts),
    /// JS could not parse it as JSON.
    Unparseable,
    /// It grew past `maxResponseBytes` and was cancelled.
    TooLarge,
    /// A 2xx body left as a stream (`Read::Stream`).
    Stream,
}

impl Body {
    pub fn text(&self) -> &str {
        match self {
            Body::Text(text) => text,
            _ => "",
        }
    }
}

/// Bodies show only their length: a token endpoint's answer carries the new tokens.
impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Text(text) => write!(f, "Text([{} bytes])", text.len()),
            Body::Parsed(facts) => write!(f, "Parsed(data: {:?})", facts.data),
            Body::Unparseable => f.write_str("Unparseable"),
            Body::TooLarge => f.write_str("TooLarge"),
            Body::Stream => f.write_str("Stream"),
        }
    }
}

/// An HTTP answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub retry_after: Option<String>,
    pub content_length: Option<u64>,
    pub body: Body,
}

impl Answer {
    /// An answer with a text body (what native tests and error paths mostly use).
    pub fn text(status: u16, body: impl Into<String>) -> Answer {
        Answer { status, content_type: Some("application/json".into()), retry_after: None, content_length: None, body: Body::Text(body.into()) }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_bodies_or_tokens() {
        let answer = Answer::text(200, r#"{"access_token":"at-secret-1"}"#);
        let mut request =
            HttpRequest { method: Method::Post, url: "https://x/token".into(), headers: vec![], body: Some("refresh_token=rt-secret-2".into()), form: None };
        request.set_header("Authorization", "Bearer at-secret-3".into());
        let shown = format!("{answer:?} {request:?}");
        assert!(!shown.contains("secret") && shown.contains("[30 bytes]") && shown.contains("[redacted]"), "{shown}");
    }
}
