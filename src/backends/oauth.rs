//! Asana's OAuth token endpoint: the refresh-token grant and its answer.

use super::{auth_error, bounded, header_safe};
use crate::catalog::Method;
use crate::config::Secret;
use crate::error::AsanaError;
use crate::http::{Answer, HttpRequest};
use crate::request::encode_into;
use serde_json::{json, Value};

pub const WHAT: &str = "Renewing the OAuth access token";

#[derive(Debug)]
pub struct OAuthClient {
    /// Asana may rotate it: the newest one is kept.
    pub refresh_token: Secret,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub token_url: String,
}

/// A successful renewal.
#[derive(Debug)]
pub struct Renewed {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    pub lifetime_ms: Option<u64>,
}

impl OAuthClient {
    /// `grant_type=refresh_token`, form-encoded, credentials in the body as Asana documents;
    /// unset fields are left out, never sent as placeholders.
    pub fn request(&self) -> HttpRequest {
        let mut body = String::from("grant_type=refresh_token");
        let fields = [
            ("refresh_token", Some(self.refresh_token.expose())),
            ("client_id", self.client_id.as_deref()),
            ("client_secret", self.client_secret.as_ref().map(Secret::expose)),
        ];
        for (name, value) in fields {
            if let Some(value) = value {
                body.push('&');
                body.push_str(name);
                body.push('=');
                encode_into(&mut body, value);
            }
        }
        HttpRequest {
            method: Method::Post,
            url: self.token_url.clone(),
            headers: vec![("Content-Type", "application/x-www-form-urlencoded".into()), ("Accept", "application/json".into())],
            body: Some(body),
            form: None,
        }
    }
}

/// Reads the token endpoint's answer (any status).
pub fn read(answer: &Answer) -> Result<Renewed, AsanaError> {
    let body: Value = serde_json::from_str(answer.body.text()).unwrap_or(Value::Null);
    let text = |key: &str| body.get(key).and_then(Value::as_str);
    if answer.status != 200 {
        let error = text("error").map(bounded);
        let description = text("error_description").map(bounded);
        let said = [error.as_deref(), description.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(": ");
        return Err(auth_error(format!(
            "Asana's token endpoint refused to renew the access token (HTTP {}{}). The refresh token may be revoked or the client id/secret wrong: authorize again.",
            answer.status,
            if said.is_empty() { String::new() } else { format!(", {said}") }
        ))
        .with_status(answer.status)
        .with_details(json!({ "error": error, "error_description": description })));
    }
    if !body.is_object() {
        return Err(auth_error("Asana's token endpoint answered something that is not a token response."));
    }
    let Some(access_token) = text("access_token").filter(|t| !t.is_empty()).map(String::from) else {
        return Err(auth_error("Asana's token endpoint answered without an access_token."));
    };
    let rotated = text("refresh_token").filter(|t| !t.is_empty()).map(String::from);
    if !header_safe(&access_token) || rotated.as_deref().is_some_and(|t| t.chars().any(char::is_control)) {
        return Err(auth_error("Asana's token endpoint answered a token holding spaces or control characters; it was refused and not sent."));
    }
    Ok(Renewed {
        access_token: Secret::new(access_token),
        refresh_token: rotated.map(Secret::new),
        lifetime_ms: body.get("expires_in").and_then(Value::as_u64).map(|s| s.saturating_mul(1000)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grant_is_form_encoded_without_placeholders() {
        let client =
            OAuthClient { refresh_token: Secret::new("r/1 x"), client_id: None, client_secret: Some(Secret::new("s&t")), token_url: "https://t".into() };
        assert_eq!(client.request().body.as_deref(), Some("grant_type=refresh_token&refresh_token=r%2F1%20x&client_secret=s%26t"));
    }

    #[test]
    fn tokens_that_would_break_a_header_are_refused() {
        for token in ["a\nInjected: yes", "a b", "a\u{0}b"] {
            let body = json!({ "access_token": token, "expires_in": 3600 }).to_string();
            assert!(read(&Answer::text(200, body)).is_err(), "{token:?}");
        }
        let ok = read(&Answer::text(200, r#"{"access_token":"1/abc","expires_in":3600,"refresh_token":"r2"}"#)).unwrap();
        assert_eq!((ok.access_token.expose(), ok.lifetime_ms), ("1/abc", Some(3_600_000)));
    }
}
