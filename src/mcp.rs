//! An MCP server over Streamable HTTP, stateless: JSON-RPC 2.0 requests in, JSON answers out.
//! `initialize` is answered when a client sends it but never required.

use crate::connector::Connector;
use crate::tools::{self, TOOL_NAME};
use crate::transport::{Callbacks, Transport};
use serde_json::{json, Value};

/// Protocol revisions we speak, newest first; a client asking for another gets the newest.
const PROTOCOL_VERSIONS: [&str; 3] = ["2025-06-18", "2025-03-26", "2024-11-05"];

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;

/// Answers a POSTed body; `None` when it held only notifications (HTTP 202, no body).
pub async fn handle<T: Transport + Callbacks>(connector: &Connector, transport: &T, body: &str, max_output_chars: usize) -> Option<String> {
    let Ok(message) = serde_json::from_str::<Value>(body) else {
        return Some(error(Value::Null, PARSE_ERROR, "Parse error: the body is not JSON.").to_string());
    };
    match message {
        Value::Array(batch) if !batch.is_empty() => {
            let mut answers = Vec::new();
            for item in &batch {
                answers.extend(answer(connector, transport, item, max_output_chars).await);
            }
            (!answers.is_empty()).then(|| Value::Array(answers).to_string())
        }
        single => answer(connector, transport, &single, max_output_chars).await.map(|a| a.to_string()),
    }
}

async fn answer<T: Transport + Callbacks>(connector: &Connector, transport: &T, message: &Value, max_output_chars: usize) -> Option<Value> {
    let id = message.get("id").cloned();
    let method = message.get("method").and_then(Value::as_str);
    let valid = message.get("jsonrpc").and_then(Value::as_str) == Some("2.0") && method.is_some() && id.as_ref().is_none_or(|i| i.is_string() || i.is_number());
    if !valid {
        return Some(error(id.unwrap_or(Value::Null), INVALID_REQUEST, "Invalid Request: expected a JSON-RPC 2.0 request object."));
    }
    // Notifications (no id) get no answer, whatever their method.
    let id = id?;
    let params = message.get("params").cloned().unwrap_or(Value::Null);
    let surface = connector.surface();
    let result = match method.unwrap_or_default() {
        "initialize" => {
            let asked = params.get("protocolVersion").and_then(Value::as_str).unwrap_or_default();
            let version = PROTOCOL_VERSIONS.iter().find(|v| **v == asked).unwrap_or(&PROTOCOL_VERSIONS[0]);
            json!({
                "protocolVersion": version,
                "capabilities": { "tools": { "listChanged": false } },
                "serverInfo": { "name": "asana-agent-connector", "version": env!("CARGO_PKG_VERSION") },
                "instructions": "One tool, asana_execute, runs any Asana operation; its description lists them.",
            })
        }
        "ping" => json!({}),
        "tools/list" => json!({ "tools": [tools::definition("mcp", surface).expect("mcp is a known format")] }),
        "tools/call" => {
            let name = params.get("name").and_then(Value::as_str);
            if name != Some(TOOL_NAME) {
                return Some(error(id, INVALID_PARAMS, &format!("Unknown tool {}; the only tool is {TOOL_NAME}.", name.map_or("(none)".into(), |n| format!("\"{n}\"")))));
            }
            let arguments = params.get("arguments").cloned().unwrap_or(Value::Null);
            let text = connector.run_tool(transport, &arguments, max_output_chars, None).await;
            let is_error = text.starts_with("{\"error\":");
            json!({ "content": [{ "type": "text", "text": text }], "isError": is_error })
        }
        other => return Some(error(id, METHOD_NOT_FOUND, &format!("Method not found: {other}."))),
    };
    Some(json!({ "jsonrpc": "2.0", "id": id, "result": result }))
}

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}
