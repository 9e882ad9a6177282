//! Building the HTTP request: method, URL (percent-encoded path segments, query), body.

use crate::catalog::{Location, Method, Operation};
use crate::http::{HttpRequest, Multipart};
use crate::params::Args;
use serde_json::{json, Map, Value};

/// The request for `op`, without credentials (the connector adds them).
pub fn build(base_url: &str, op: &Operation, args: &Args) -> HttpRequest {
    let mut url = String::with_capacity(base_url.len() + op.path.len() + 64);
    url.push_str(base_url.trim_end_matches('/'));
    path_into(&mut url, op, args);
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
    // The form's Content-Type (with its boundary) is the runtime's to write.
    let form = op.params.iter().any(|p| p.location == Location::Form).then(|| multipart(args));
    HttpRequest { method: op.method, url, headers, body, form }
}

/// An upload's parts: `content_type` is the file part's media type, `name` also its file name.
fn multipart(args: &Args) -> Multipart {
    let mut form = Multipart { file: args.file, ..Multipart::default() };
    for (name, value) in &args.form {
        match *name {
            "content_type" => form.file_type = Some(value.clone()),
            _ => {
                if *name == "name" {
                    form.file_name = Some(value.clone());
                }
                form.fields.push((name, value.clone()));
            }
        }
    }
    form
}

/// One action of a batch in Asana's terms: `{relative_path, method, data?, options?}`. Asana
/// takes no query string in `relative_path`: a read's query params travel in `data`, and
/// `opt_fields`, `limit` and `offset` in `options`.
pub fn batch_action(op: &Operation, args: &Args) -> Value {
    let mut path = String::new();
    path_into(&mut path, op, args);
    let mut options = Map::new();
    let mut query = Map::new();
    for (name, value) in &args.query {
        match name.as_str() {
            "opt_fields" => options.insert("fields".into(), value.split(',').map(|f| Value::String(f.into())).collect()),
            "limit" => options.insert("limit".into(), value.parse::<u64>().map_or_else(|_| json!(value), Value::from)),
            "offset" => options.insert("offset".into(), json!(value)),
            _ => query.insert(name.clone(), json!(value)),
        };
    }
    let mut action = json!({ "relative_path": path, "method": op.method.as_str().to_ascii_lowercase() });
    let data = match (&args.data, op.method) {
        (Some(data), _) => Some(data.clone()),
        (None, Method::Get) if !query.is_empty() => Some(Value::Object(query)),
        _ => None,
    };
    if let Some(data) = data {
        action["data"] = data;
    }
    if !options.is_empty() {
        action["options"] = Value::Object(options);
    }
    action
}

/// The operation's path with its placeholders filled, each value percent-encoded as one segment.
fn path_into(out: &mut String, op: &Operation, args: &Args) {
    let mut values = args.path.iter();
    for (i, piece) in op.path.split('{').enumerate() {
        if i == 0 {
            out.push_str(piece);
            continue;
        }
        let (_, rest) = piece.split_once('}').expect("catalogue paths close every placeholder");
        encode_into(out, values.next().expect("validated args hold every path param"));
        out.push_str(rest);
    }
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
