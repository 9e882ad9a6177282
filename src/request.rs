//! Building the HTTP request: method, URL (percent-encoded path segments, query), body.

use crate::catalog::Operation;
use crate::http::HttpRequest;
use crate::params::Args;

/// The request for `op`, without credentials (the connector adds them).
pub fn build(base_url: &str, op: &Operation, args: &Args) -> HttpRequest {
    let mut url = String::with_capacity(base_url.len() + op.path.len() + 64);
    url.push_str(base_url.trim_end_matches('/'));
    let mut values = args.path.iter();
    for (i, piece) in op.path.split('{').enumerate() {
        if i == 0 {
            url.push_str(piece);
            continue;
        }
        let (_, rest) = piece.split_once('}').expect("catalogue paths close every placeholder");
        encode_into(&mut url, values.next().expect("validated args hold every path param"));
        url.push_str(rest);
    }
    for (i, (name, value)) in args.query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        encode_into(&mut url, name);
        url.push('=');
        encode_into(&mut url, value);
    }
    let body = args.data.as_ref().map(|data| format!("{{\"data\":{data}}}"));
    let mut headers = vec![("Accept", "application/json".to_string())];
    if body.is_some() {
        headers.push(("Content-Type", "application/json".to_string()));
    }
    HttpRequest { method: op.method, url, headers, body }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so a value is always one
/// path segment or one query value (`/`, `?`, `#`, `&`, `%` and spaces included).
pub fn encode_into(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{resolve, validate};
    use serde_json::json;

    fn request(entity: &str, action: &str, params: serde_json::Value) -> HttpRequest {
        let op = resolve(entity, action, false).unwrap();
        build("https://app.asana.com/api/1.0/", op, &validate(op, params.as_object().unwrap()).unwrap())
    }

    #[test]
    fn path_params_are_one_segment() {
        let r = request("tasks", "get", json!({"task_gid": "1/../users/me"}));
        assert_eq!(r.url, "https://app.asana.com/api/1.0/tasks/1%2F..%2Fusers%2Fme");
        let r = request("users", "get", json!({"user_gid": "ann+x@example.com"}));
        assert_eq!(r.url, "https://app.asana.com/api/1.0/users/ann%2Bx%40example.com");
    }

    #[test]
    fn query_values_are_encoded_and_lists_comma_joined() {
        let r =
            request("workspace_task_search", "list", json!({"workspace_gid": "9", "text": "a&b c", "projects.any": ["1", "2"], "completed": true, "limit": 5}));
        assert_eq!(r.url, "https://app.asana.com/api/1.0/workspaces/9/tasks/search?text=a%26b%20c&projects.any=1%2C2&completed=true&limit=5");
        assert_eq!(r.method.as_str(), "GET");
        assert!(r.body.is_none() && r.header("content-type").is_none());
    }

    #[test]
    fn write_bodies_are_wrapped_in_data() {
        let r = request("task_tags", "delete", json!({"task_gid": "1", "data": {"tag": "7"}}));
        assert_eq!((r.method.as_str(), r.url.as_str()), ("POST", "https://app.asana.com/api/1.0/tasks/1/removeTag"));
        assert_eq!(r.body.as_deref(), Some(r#"{"data":{"tag":"7"}}"#));
        assert_eq!(r.header("Content-Type"), Some("application/json"));
    }

    #[test]
    fn debug_output_hides_the_authorization_value() {
        let mut r = request("workspaces", "list", json!({}));
        r.headers.push(("Authorization", "Bearer very-secret-token".into()));
        r.body = Some("grant_type=refresh_token&refresh_token=very-secret-refresh".into());
        let shown = format!("{r:?}");
        assert!(!shown.contains("very-secret") && shown.contains("[redacted]") && shown.contains("[58 bytes]"), "{shown}");
    }
}
