//! runTool and the MCP server, driven natively.

mod common;

use asana_agent_connector::{mcp, Config, Connector};
use common::{answer, block_on, ok, Scripted};
use serde_json::{json, Value};

fn connector(extra: Value) -> Connector {
    let mut config = json!({"auth": {"token": "pat"}, "baseUrl": "https://asana.test/api/1.0"});
    config.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    Connector::new(Config::parse(&config).unwrap()).unwrap()
}

fn tool(c: &Connector, t: &Scripted, input: Value, max: usize) -> Value {
    serde_json::from_str(&block_on(c.run_tool(t, &input, max, None))).unwrap()
}

fn mcp_call(c: &Connector, t: &Scripted, body: &str) -> Option<Value> {
    block_on(mcp::handle(c, t, body, 100_000)).map(|text| serde_json::from_str(&text).unwrap())
}

#[test]
fn run_tool_returns_results_or_errors_a_model_can_act_on() {
    let t = Scripted::answering([ok(json!({"data": {"gid": "1", "name": "Ship"}}))]);
    let c = connector(json!({}));
    assert_eq!(tool(&c, &t, json!({"entity": "tasks", "action": "get", "params": {"task_gid": "1"}}), 1000), json!({"gid": "1", "name": "Ship"}));
    let out = tool(&c, &t, json!("{\"entity\":\"taks\",\"action\":\"get\"}"), 1000);
    assert_eq!(out["error"]["code"], "unknown_entity");
    assert!(out["error"]["message"].as_str().unwrap().contains("Did you mean \"tasks\""));
    assert_eq!(tool(&c, &t, json!("not json"), 1000)["error"]["code"], "invalid_params");
}

#[test]
fn run_tool_marks_auth_errors_final_and_refuses_oversize_output() {
    let t = Scripted::answering([answer(401, json!({"errors": [{"message": "Not Authorized"}]})), ok(json!({"data": [{"gid": "1", "name": "x".repeat(300)}]}))]);
    let c = connector(json!({}));
    let auth = tool(&c, &t, json!({"entity": "workspaces", "action": "list"}), 1000);
    assert_eq!((auth["error"]["code"].as_str(), auth["error"]["retryable"].as_bool()), (Some("authentication"), Some(false)));
    let big = tool(&c, &t, json!({"entity": "workspaces", "action": "list", "params": {}}), 100);
    assert_eq!(big["error"]["code"], "output_too_large");
    assert!(big["error"]["message"].as_str().unwrap().contains("Preview: {\"data\""));
}

#[test]
fn run_tool_reads_metadata_for_downloads() {
    let t = Scripted::answering([ok(json!({"data": {"gid": "7", "name": "spec.pdf", "download_url": "https://files/x"}}))]);
    let out = tool(&connector(json!({})), &t, json!({"entity": "attachments", "action": "download", "params": {"attachment_gid": "7", "range_header": "bytes=0-9"}}), 1000);
    assert_eq!(out["name"], "spec.pdf");
    assert_eq!(t.sent.borrow().len(), 1, "no file was fetched");
}

#[test]
fn mcp_answers_initialize_list_call_and_ping() {
    let t = Scripted::answering([ok(json!({"data": {"gid": "me1", "name": "Alice"}})), answer(404, json!({"errors": [{"message": "Unknown object: 9"}]}))]);
    let c = connector(json!({"readOnly": true}));
    let init = mcp_call(&c, &t, r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#).unwrap();
    assert_eq!(init["result"]["protocolVersion"], "2025-03-26");
    assert_eq!(init["result"]["capabilities"]["tools"]["listChanged"], false);
    assert!(mcp_call(&c, &t, r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).is_none());
    let list = mcp_call(&c, &t, r#"{"jsonrpc":"2.0","id":"a","method":"tools/list"}"#).unwrap();
    assert_eq!(list["id"], "a");
    assert_eq!(list["result"]["tools"][0]["annotations"]["readOnlyHint"], true);
    let call = mcp_call(&c, &t, r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"asana_execute","arguments":{"entity":"users","action":"get","params":{"user_gid":"me"}}}}"#).unwrap();
    assert_eq!(call["result"]["isError"], false);
    assert!(call["result"]["content"][0]["text"].as_str().unwrap().contains("Alice"));
    let failed = mcp_call(&c, &t, r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"asana_execute","arguments":{"entity":"tasks","action":"get","params":{"task_gid":"9"}}}}"#).unwrap();
    assert_eq!(failed["result"]["isError"], true);
    let refused = mcp_call(&c, &t, r#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"asana_execute","arguments":{"entity":"tasks","action":"delete","params":{"task_gid":"9"}}}}"#).unwrap();
    assert!(refused["result"]["content"][0]["text"].as_str().unwrap().contains("read-only"));
    assert_eq!(mcp_call(&c, &t, r#"{"jsonrpc":"2.0","id":5,"method":"ping"}"#).unwrap()["result"], json!({}));
    assert_eq!(t.sent.borrow().len(), 2);
}

#[test]
fn mcp_reports_protocol_errors() {
    let t = Scripted::answering([]);
    let c = connector(json!({}));
    assert_eq!(mcp_call(&c, &t, "{nope").unwrap()["error"]["code"], -32700);
    assert_eq!(mcp_call(&c, &t, r#"{"id":1,"method":"ping"}"#).unwrap()["error"]["code"], -32600);
    assert_eq!(mcp_call(&c, &t, r#"{"jsonrpc":"2.0","id":1,"method":"resources/list"}"#).unwrap()["error"]["code"], -32601);
    assert_eq!(mcp_call(&c, &t, r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"other"}}"#).unwrap()["error"]["code"], -32602);
    let batch = mcp_call(&c, &t, r#"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"}]"#).unwrap();
    assert_eq!(batch.as_array().unwrap().len(), 1);
}
