//! Tool calls and the MCP server, driven natively: the pure MCP plan, the tool task, and the
//! engine run through the simulation harness (as `pkg/connector.js` composes them).

mod common;

use asana_agent_connector::{mcp, tools, AsanaError, ToolTask};
use common::{answer, engine, ok, Harness};
use serde_json::{json, Value};

fn harness(extra: Value, replies: Vec<common::Reply>) -> Harness {
    let mut config = json!({"auth": {"token": "pat"}, "baseUrl": "https://asana.test/api/1.0"});
    config.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    Harness::scripted(engine(config), replies)
}

/// runTool: the result, or the error as a model reads it; output over `max` refused.
fn tool(t: &mut Harness, input: Value, max: usize) -> Value {
    let result: Result<Value, AsanaError> = t.engine.tool_task(&input).and_then(|task| match task {
        ToolTask::Run(task) => t.run(task.into()),
        // The JS side answers from the catalogue's data (pkg/describe.js).
        ToolTask::Describe(entity) => Ok(json!({ "entity": entity })),
    });
    let result = result.and_then(|value| tools::guard_output(&value.to_string(), max).map(|()| value));
    result.unwrap_or_else(|e| tools::error_for_model(&e))
}

fn mcp_call(t: &mut Harness, body: &str) -> Option<Value> {
    let (batch, replies) = mcp::handle(t.engine.surface(), body);
    let answers: Vec<Value> = replies
        .into_iter()
        .map(|reply| match reply {
            mcp::Reply::Answer(answer) => answer,
            mcp::Reply::Tool { id, name, arguments } => mcp::tool_result(id, &tool(t, json!({ "name": name, "arguments": arguments }), 100_000).to_string()),
        })
        .collect();
    match (batch, answers.len()) {
        (_, 0) => None,
        (true, _) => Some(Value::Array(answers)),
        (false, _) => answers.into_iter().next(),
    }
}

#[test]
fn run_tool_returns_results_or_errors_a_model_can_act_on() {
    let mut t = harness(json!({}), vec![ok(json!({"data": {"gid": "1", "name": "Ship"}}))]);
    assert_eq!(tool(&mut t, json!({"entity": "tasks", "action": "get", "params": {"task_gid": "1"}}), 1000), json!({"gid": "1", "name": "Ship"}));
    let out = tool(&mut t, json!("{\"entity\":\"taks\",\"action\":\"get\"}"), 1000);
    assert_eq!(out["error"]["code"], "unknown_entity");
    assert!(out["error"]["message"].as_str().unwrap().contains("Did you mean \"tasks\""));
    assert_eq!(tool(&mut t, json!("not json"), 1000)["error"]["code"], "invalid_params");
}

#[test]
fn run_tool_marks_auth_errors_final_and_refuses_oversize_output() {
    let mut t =
        harness(json!({}), vec![answer(401, json!({"errors": [{"message": "Not Authorized"}]})), ok(json!({"data": [{"gid": "1", "name": "x".repeat(300)}]}))]);
    let auth = tool(&mut t, json!({"entity": "workspaces", "action": "list"}), 1000);
    assert_eq!((auth["error"]["code"].as_str(), auth["error"]["retryable"].as_bool()), (Some("authentication"), Some(false)));
    let big = tool(&mut t, json!({"entity": "workspaces", "action": "list", "params": {}}), 100);
    assert_eq!(big["error"]["code"], "output_too_large");
    assert!(big["error"]["message"].as_str().unwrap().contains("Preview: {\"data\""));
}

#[test]
fn run_tool_reads_metadata_for_downloads() {
    let mut t = harness(json!({}), vec![ok(json!({"data": {"gid": "7", "name": "spec.pdf", "download_url": "https://files/x"}}))]);
    let out = tool(&mut t, json!({"entity": "attachments", "action": "download", "params": {"attachment_gid": "7", "range_header": "bytes=0-9"}}), 1000);
    assert_eq!(out["name"], "spec.pdf");
    assert_eq!(t.sent.borrow().len(), 1, "no file was fetched");
}

#[test]
fn mcp_answers_initialize_list_call_and_ping() {
    let mut t = harness(
        json!({"readOnly": true}),
        vec![ok(json!({"data": {"gid": "me1", "name": "Alice"}})), answer(404, json!({"errors": [{"message": "Unknown object: 9"}]}))],
    );
    let init = mcp_call(
        &mut t,
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
    )
    .unwrap();
    assert_eq!(init["result"]["protocolVersion"], "2025-03-26");
    assert_eq!(init["result"]["capabilities"]["tools"]["listChanged"], false);
    assert!(mcp_call(&mut t, r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).is_none());
    let list = mcp_call(&mut t, r#"{"jsonrpc":"2.0","id":"a","method":"tools/list"}"#).unwrap();
    assert_eq!(list["id"], "a");
    assert_eq!(list["result"]["tools"][0]["annotations"]["readOnlyHint"], true);
    let names: Vec<&str> = list["result"]["tools"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["asana_read", "asana_describe"], "read-only: no asana_write");
    let call = mcp_call(&mut t, r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"asana_read","arguments":{"entity":"users","action":"get","params":{"user_gid":"me"}}}}"#).unwrap();
    assert_eq!(call["result"]["isError"], false);
    assert!(call["result"]["content"][0]["text"].as_str().unwrap().contains("Alice"));
    let failed = mcp_call(&mut t, r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"asana_read","arguments":{"entity":"tasks","action":"get","params":{"task_gid":"9"}}}}"#).unwrap();
    assert_eq!(failed["result"]["isError"], true);
    let refused = mcp_call(&mut t, r#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"asana_read","arguments":{"entity":"tasks","action":"delete","params":{"task_gid":"9"}}}}"#).unwrap();
    assert!(refused["result"]["content"][0]["text"].as_str().unwrap().contains("asana_read only reads"));
    let unlisted = mcp_call(&mut t, r#"{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"asana_write","arguments":{"entity":"tasks","action":"delete","params":{"task_gid":"9"}}}}"#).unwrap();
    assert_eq!(unlisted["error"]["code"], -32602);
    let described =
        mcp_call(&mut t, r#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"asana_describe","arguments":{"entity":"goals"}}}"#).unwrap();
    assert!(described["result"]["content"][0]["text"].as_str().unwrap().contains("goals"));
    assert_eq!(mcp_call(&mut t, r#"{"jsonrpc":"2.0","id":5,"method":"ping"}"#).unwrap()["result"], json!({}));
    assert_eq!(t.sent.borrow().len(), 2);
}

#[test]
fn mcp_reports_protocol_errors() {
    let mut t = harness(json!({}), vec![]);
    assert_eq!(mcp_call(&mut t, "{nope").unwrap()["error"]["code"], -32700);
    assert_eq!(mcp_call(&mut t, r#"{"id":1,"method":"ping"}"#).unwrap()["error"]["code"], -32600);
    assert_eq!(mcp_call(&mut t, r#"{"jsonrpc":"2.0","id":1,"method":"resources/list"}"#).unwrap()["error"]["code"], -32601);
    assert_eq!(mcp_call(&mut t, r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"other"}}"#).unwrap()["error"]["code"], -32602);
    let batch = mcp_call(&mut t, r#"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"}]"#).unwrap();
    assert_eq!(batch.as_array().unwrap().len(), 1);
}

#[test]
fn huge_names_are_refused_at_once_and_never_echoed_in_full() {
    let mut t = harness(json!({}), vec![]);
    let name = "x".repeat(10 * 1024 * 1024);
    let out = tool(&mut t, json!({"entity": name, "action": "get"}), 100_000);
    assert_eq!(out["error"]["code"], "invalid_params");
    assert!(out.to_string().len() < 1_000, "{}", out.to_string().len());
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "x".repeat(2_000_000)}}).to_string();
    let out = mcp_call(&mut t, &body).unwrap();
    assert!(out.to_string().len() < 1_000, "{}", out.to_string().len());
    let params = json!({ "x".repeat(5_000): 1, "task_gid": "1" });
    let e = t.execute("tasks", "get", params).unwrap_err();
    assert!(e.message().len() < 1_500 && e.to_json().to_string().len() < 3_000, "{}", e.message().len());
}
