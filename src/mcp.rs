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

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}
