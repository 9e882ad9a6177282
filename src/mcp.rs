//! An MCP server over Streamable HTTP, stateless: JSON-RPC 2.0 requests in, JSON answers out.
//! `initialize` is answered when a client sends it but never required. Pure: a `tools/call`
//! comes back as a tool call for the driver to run, and `tool_result` wraps what it gave.

use crate::tools::{self, Surface};
use serde_json::{json, Value};

/// Protocol revisions we speak, newest first; a client asking for another gets the newest.
const PROTOCOL_VERSIONS: [&str; 3] = ["2025-06-18", "2025-03-26", "2024-11-05"];

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;

/// One reply of a POSTed body: a finished JSON-RPC answer, or a tool call to run first.
#[derive(Debug, PartialEq)]
pub enum Reply {
    Answer(Value),
    Tool { id: Value, name: String, arguments: Value },
}

/// The replies to a POSTed body (a batch gives several; notifications none) and whether it was
/// a batch (answered as an array).
pub fn handle(surface: Surface, body: &str) -> (bool, Vec<Reply>) {
    let Ok(message) = serde_json::from_str::<Value>(body) else {
        return (false, vec![Reply::Answer(error(Value::Null, PARSE_ERROR, "Parse error: the body is not JSON."))]);
    };
    match message {
        Value::Array(batch) if !batch.is_empty() => (true, batch.iter().filter_map(|item| answer(surface, item)).collect()),
        single => (false, answer(surface, &single).into_iter().collect()),
    }
}

/// The answer to a `tools/call` whose tool gave `text` (its JSON result or error).
pub fn tool_result(id: Value, text: &str) -> Value {
    let is_error = text.starts_with("{\"error\":");
    json!({ "jsonrpc": "2.0", "id": id, "result": { "content": [{ "type": "text", "text": text }], "isError": is_error } })
}

fn answer(surface: Surface, message: &Value) -> Option<Reply> {
    let id = message.get("id").cloned();
    let method = message.get("method").and_then(Value::as_str);
    let valid = message.get("jsonrpc").and_then(Value::as_str) == Some("2.0") && method.is_some() && id.as_ref().is_none_or(|i| i.is_string() || i.is_number());
    if !valid {
        return Some(Reply::Answer(error(id.unwrap_or(Value::Null), INVALID_REQUEST, "Invalid Request: expected a JSON-RPC 2.0 request object.")));
    }
    // Notifications (no id) get no answer, whatever their method.
    let id = id?;
    let params = message.get("params").cloned().unwrap_or(Value::Null);
    let result = match method.unwrap_or_default() {
        "initialize" => {
            let asked = params.get("protocolVersion").and_then(Value::as_str).unwrap_or_default();
            let version = PROTOCOL_VERSIONS.iter().find(|v| **v == asked).unwrap_or(&PROTOCOL_VERSIONS[0]);
            json!({
                "protocolVersion": version,
                "capabilities": { "tools": { "listChanged": false } },
                "serverInfo": { "name": "asana-agent-connector", "version": env!("CARGO_PKG_VERSION") },
                "instructions": "asana_read reads any Asana object, asana_write changes them, asana_describe gives one entity's actions and params; the descriptions list every entity and action.",
            })
        }
        "ping" => json!({}),
        "tools/list" => {
            json!({ "tools": tools::definitions("mcp", surface).expect("mcp is a known format") })
        }
        "tools/call" => {
            let name = params.get("name").and_then(Value::as_str);
            let listed: Vec<&str> = surface.tools().into_iter().map(|t| t.name()).collect();
            let Some(name) = name.filter(|n| listed.contains(n)) else {
                let named = name.map_or("(none)".into(), |n| format!("\"{}\"", crate::catalog::echo(n)));
                return Some(Reply::Answer(error(id, INVALID_PARAMS, &format!("Unknown tool {named}; the tools are {}.", listed.join(", ")))));
            };
            let arguments = params.get("arguments").cloned().unwrap_or(json!({}));
            return Some(Reply::Tool { id, name: name.to_string(), arguments });
        }
        other => return Some(Reply::Answer(error(id, METHOD_NOT_FOUND, &format!("Method not found: {}.", crate::catalog::echo(other))))),
    };
    Some(Reply::Answer(json!({ "jsonrpc": "2.0", "id": id, "result": result })))
}

/// Whether a request may reach the MCP server, before anything runs: an `Origin` must be a
/// loopback origin or one of `allowed_origins` (DNS-rebinding protection, as the MCP transport
/// rules require), and when `allowed_hosts` is given the `Host` must be one of them (by host or
/// host:port). The refusal: a status and a message.
pub fn admit(origin: Option<&str>, host: Option<&str>, allowed_origins: &[String], allowed_hosts: Option<&[String]>) -> Result<(), (u16, String)> {
    if let Some(origin) = origin {
        let listed = allowed_origins.iter().any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(origin));
        if !listed && !is_loopback_origin(origin) {
            return Err((403, format!("Origin {} may not call this MCP server (allowedOrigins).", crate::catalog::echo(origin))));
        }
    }
    if let Some(allowed) = allowed_hosts {
        let host = host.unwrap_or_default();
        let name = hostname(host);
        if !allowed.iter().any(|a| a.eq_ignore_ascii_case(host) || a.eq_ignore_ascii_case(name)) {
            return Err((403, format!("Host {} is not served here (allowedHosts).", crate::catalog::echo(host))));
        }
    }
    Ok(())
}

/// `http(s)://localhost`, `127.0.0.1` or `[::1]`, any port.
fn is_loopback_origin(origin: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return false;
    };
    let loopback = ["localhost", "127.0.0.1", "[::1]"].iter().any(|l| hostname(rest).eq_ignore_ascii_case(l));
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) && !rest.contains('/') && loopback
}

/// The host of `host[:port]` (an IPv6 literal keeps its brackets).
fn hostname(host: &str) -> &str {
    match host.strip_prefix('[') {
        Some(rest) => rest.find(']').map_or(host, |end| &host[..end + 2]),
        None => host.split(':').next().unwrap_or(host),
    }
}

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_or_allowed_origins_and_listed_hosts_are_admitted() {
        let none: Vec<String> = vec![];
        for origin in ["http://localhost:3000", "https://127.0.0.1", "http://[::1]:8080", "HTTP://LOCALHOST"] {
            assert!(admit(Some(origin), None, &none, None).is_ok(), "{origin}");
        }
        for origin in ["http://evil.example", "http://localhost.evil.example", "null", "http://127.0.0.1.nip.io", "file://", "http://localhost/x"] {
            assert_eq!(admit(Some(origin), None, &none, None).unwrap_err().0, 403, "{origin}");
        }
        assert!(admit(None, None, &none, None).is_ok(), "no Origin: not a browser");
        let app = vec!["https://app.example".to_string()];
        assert!(admit(Some("https://app.example"), None, &app, None).is_ok());
        let hosts = vec!["localhost".to_string(), "127.0.0.1:8787".to_string()];
        assert!(admit(None, Some("localhost:9999"), &none, Some(&hosts)).is_ok());
        assert!(admit(None, Some("127.0.0.1:8787"), &none, Some(&hosts)).is_ok());
        assert_eq!(admit(None, Some("127.0.0.1:1"), &none, Some(&hosts)).unwrap_err().0, 403);
        assert_eq!(admit(None, Some("attacker.example"), &none, Some(&hosts)).unwrap_err().0, 403);
        assert_eq!(admit(None, None, &none, Some(&hosts)).unwrap_err().0, 403);
        assert_eq!(hostname("[::1]:80"), "[::1]");
    }
}
