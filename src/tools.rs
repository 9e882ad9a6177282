//! Agent tooling: the tool description a model reads, the input schema in each framework's
//! shape, tool-call parsing, model-facing errors and the output-size guard.

use crate::catalog::{self, Operation, Shape};
use crate::error::{AsanaError, ErrorCode};
use serde_json::{json, Map, Value};

pub const TOOL_NAME: &str = "asana_execute";
const PREVIEW_CHARS: usize = 500;

/// Which operations a tool exposes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Surface {
    /// Hosted mode adds `context_store_search`.
    pub hosted: bool,
    /// A read-only connector offers no writes or deletes.
    pub read_only: bool,
}

/// The tools a connector offers: `asana_execute` alone (`tool(format)`), or the three of
/// `tools(format)`, split by what they may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Execute,
    Read,
    Write,
    Describe,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Execute => TOOL_NAME,
            Tool::Read => "asana_read",
            Tool::Write => "asana_write",
            Tool::Describe => "asana_describe",
        }
    }

    fn parse(name: &str) -> Option<Tool> {
        [Tool::Execute, Tool::Read, Tool::Write, Tool::Describe].into_iter().find(|t| t.name() == name)
    }

    /// Whether this tool runs `op`.
    fn runs(self, op: &Operation) -> bool {
        match self {
            Tool::Execute => true,
            Tool::Read => !op.is_write(),
            Tool::Write => op.is_write(),
            Tool::Describe => false,
        }
    }
}

impl Surface {
    pub fn operations(self) -> impl Iterator<Item = &'static Operation> {
        let hosted = if self.hosted { catalog::HOSTED_OPERATIONS } else { &[] };
        catalog::OPERATIONS.iter().chain(hosted).filter(move |op| !(self.read_only && op.is_write()))
    }

    /// The tools `tools(format)` lists, in order (no `asana_write` when read-only).
    pub fn tools(self) -> Vec<Tool> {
        [Tool::Read, Tool::Write, Tool::Describe].into_iter().filter(|t| !(self.read_only && *t == Tool::Write)).collect()
    }

    /// The operations a tool description lists: deprecated ones are left out (still callable).
    fn listed(self, tool: Tool) -> impl Iterator<Item = &'static Operation> {
        self.operations().filter(move |op| !op.deprecated && tool.runs(op))
    }

    fn entities(self, tool: Tool) -> Vec<&'static str> {
        let ops = |name: &str| self.operations().any(|op| op.entity == name && (tool == Tool::Describe || tool.runs(op)));
        catalog::ENTITIES.iter().copied().filter(|name| ops(name)).collect()
    }

    fn actions(self, tool: Tool) -> Vec<&'static str> {
        let mut actions: Vec<&str> = Vec::new();
        for op in self.operations().filter(|op| tool.runs(op)) {
            if !actions.contains(&op.action) {
                actions.push(op.action);
            }
        }
        if tool == Tool::Execute {
            actions.push("describe");
        }
        actions
    }
}

/// The text a model needs to call `tool` well: the rules that matter and a compact index of
/// every entity and its actions; the params of one entity come from `asana_describe`.
pub fn description(surface: Surface, tool: Tool) -> String {
    let mut out = String::with_capacity(8192);
    out.push_str(match tool {
        Tool::Execute => "Run one Asana operation: {entity, action, params}.\n",
        Tool::Read => "Read from Asana (no changes): {entity, action, params}.\n",
        Tool::Write => "Change Asana data (create, update, delete, add, remove): {entity, action, params}.\n",
        Tool::Describe => {
            return "The actions of one Asana entity with their params (name, in, required, type, enum, description, and the data fields of writes). Call it before using an entity's actions for the first time.".into();
        }
    });
    out.push_str("How to use it well:\n");
    out.push_str("- Find gids first: workspaces/list, then workspace_projects/list {workspace_gid}, then project_tasks/list {project_gid}; workspace_typeahead/list {workspace_gid, resource_type, query} finds an object by name. users/get {user_gid:\"me\"} is the current user. gids are strings.\n");
    out.push_str("- Lists return {data:[...], meta:{next_page}}. More results exist when meta.next_page is not null: repeat the call with the same params plus offset = meta.next_page.offset. Use limit (1-100, e.g. 20) and page only as far as the question needs.\n");
    out.push_str("- Records are compact (gid, name); pass opt_fields, e.g. [\"name\",\"completed\",\"due_on\",\"assignee.name\"], on any read to get the fields you need.\n");
    match (surface.read_only, tool) {
        (true, _) => out.push_str("- This connector is read-only: writes and deletes are not available.\n"),
        (false, Tool::Read) => out.push_str("- Writes and deletes go through asana_write.\n"),
        (false, _) => out.push_str("- Write fields go inside params.data. Never repeat a failed write blindly: read first to see whether it happened.\n"),
    }
    out.push_str(
        "- Errors come back as {error:{code,message,retryable}}: fix the params the message names; do not retry authentication or permission errors.\n",
    );
    if surface.hosted && tool != Tool::Write {
        out.push_str("- context_store_search searches a synced copy (may lag hours): params {query:{filter,sort}, limit, cursor, fields}. A filter is one operator as outer key: {eq:{field:value}}, neq, gt, gte, lt, lte, in {in:{field:[values]}}, like (% wildcards), fuzzy (preferred for names), keyword, contains, any, and/or [conditions], not. Next page: cursor = meta.cursor while meta.has_more. For ranges including today, also run a live list.\n");
    }
    out.push_str(match tool {
        Tool::Execute => "- Params of an entity's actions: {entity, action:\"describe\"} returns them (path and query params by name, body fields in data).\n",
        _ => "- Params of an entity's actions: call asana_describe {entity} (path and query params by name, body fields in data).\n",
    });
    out.push_str("Entities and actions ([p] premium workspaces only):\n");
    for name in surface.entities(tool) {
        let mut ops = surface.listed(tool).filter(|op| op.entity == name).peekable();
        if ops.peek().is_none() {
            continue;
        }
        out.push_str(name);
        out.push(':');
        for op in ops {
            out.push(' ');
            out.push_str(op.action);
            if op.premium {
                out.push_str("[p]");
            }
        }
        out.push('\n');
    }
    out
}

/// The canonical JSON Schema of a tool's input. `strict` follows OpenAI's strict mode:
/// every property required, no open objects, so `params` travels as a JSON string.
pub fn input_schema(surface: Surface, tool: Tool, strict: bool) -> Value {
    let entity = json!({ "type": "string", "enum": surface.entities(tool), "description": "The Asana entity." });
    if tool == Tool::Describe {
        return json!({ "type": "object", "properties": { "entity": entity }, "required": ["entity"], "additionalProperties": false });
    }
    let params = if strict {
        json!({ "type": "string", "description": "The params as a JSON object text, e.g. \"{\\\"project_gid\\\":\\\"1201\\\",\\\"limit\\\":20}\"; \"{}\" when none." })
    } else {
        json!({ "type": "object", "description": "The action's params (see the description); write fields inside data.", "additionalProperties": true })
    };
    let mut schema = json!({
        "type": "object",
        "properties": {
            "entity": entity,
            "action": { "type": "string", "enum": surface.actions(tool), "description": "What to do with it; valid pairs are listed in the description." },
            "params": params,
        },
        "required": ["entity", "action"],
        "additionalProperties": false,
    });
    if strict {
        schema["required"] = json!(["entity", "action", "params"]);
    }
    schema
}

/// The single `asana_execute` tool in a framework's shape.
pub fn definition(format: &str, surface: Surface) -> Result<Value, AsanaError> {
    shaped(format, surface, Tool::Execute)
}

/// `asana_read`, `asana_write` and `asana_describe` in a framework's shape.
pub fn definitions(format: &str, surface: Surface) -> Result<Value, AsanaError> {
    surface.tools().into_iter().map(|tool| shaped(format, surface, tool)).collect::<Result<Vec<_>, _>>().map(Value::Array)
}

fn shaped(format: &str, surface: Surface, tool: Tool) -> Result<Value, AsanaError> {
    let name = tool.name();
    let description = description(surface, tool);
    // Strict mode needs every property required: asana_describe's one property already is.
    let strict = tool != Tool::Describe;
    Ok(match format {
        "json-schema" => json!({ "name": name, "description": description, "inputSchema": input_schema(surface, tool, false) }),
        "openai" | "openai-chat" => {
            json!({ "type": "function", "function": { "name": name, "description": description, "parameters": input_schema(surface, tool, strict), "strict": true } })
        }
        "openai-responses" => {
            json!({ "type": "function", "name": name, "description": description, "parameters": input_schema(surface, tool, strict), "strict": true })
        }
        "anthropic" => json!({ "name": name, "description": description, "input_schema": input_schema(surface, tool, false) }),
        "mcp" => {
            let read_only = match tool {
                Tool::Execute => surface.read_only,
                Tool::Write => false,
                Tool::Read | Tool::Describe => true,
            };
            let title = match tool {
                Tool::Execute => "Asana",
                Tool::Read => "Asana (read)",
                Tool::Write => "Asana (write)",
                Tool::Describe => "Asana (describe an entity)",
            };
            json!({
                "name": name,
                "title": title,
                "description": description,
                "inputSchema": input_schema(surface, tool, false),
                "annotations": { "title": title, "readOnlyHint": read_only, "destructiveHint": !read_only, "idempotentHint": tool == Tool::Describe, "openWorldHint": tool != Tool::Describe },
            })
        }
        "vercel" => json!({ "description": description, "inputSchema": input_schema(surface, tool, false) }),
        other => {
            return Err(AsanaError::new(
                ErrorCode::InvalidParams,
                format!("Unknown tool format \"{}\"; use json-schema, openai, openai-responses, anthropic, mcp or vercel.", catalog::echo(other)),
            ));
        }
    })
}

/// A tool call, as `runTool` and the MCP server receive it.
#[derive(Debug, PartialEq)]
pub enum ToolCall {
    /// Run an operation; `tool` says which tool was called (asana_read refuses writes).
    Execute { tool: Tool, entity: String, action: String, params: Map<String, Value> },
    /// The actions and params of one entity (the JS side holds the descriptions).
    Describe { entity: String },
}

/// A tool call: `{entity, action, params}`, `{name, arguments}`, `{name, input}` or
/// `{tool: name, ...}`, as an object or its JSON text; `arguments` and `params` may themselves
/// be JSON text (OpenAI) or absent.
pub fn parse_call(input: &Value) -> Result<ToolCall, AsanaError> {
    let bad = |why: &str| {
        AsanaError::new(
            ErrorCode::InvalidParams,
            format!("The tool input {why}. Send {{\"entity\": \"tasks\", \"action\": \"list\", \"params\": {{\"project\": \"<gid>\", \"limit\": 20}}}}."),
        )
    };
    // An object given as itself or as its JSON text (OpenAI sends arguments and params as text);
    // `part` names it when it sits inside the input.
    let object = |value: &Value, part: Option<&str>| -> Result<Map<String, Value>, AsanaError> {
        let refuse = |why: &str| bad(&part.map_or_else(|| why.to_string(), |p| format!("has {p} that {why}")));
        match value {
            Value::Object(map) => Ok(map.clone()),
            Value::String(text) => match serde_json::from_str(text) {
                Ok(Value::Object(map)) => Ok(map),
                Ok(_) => Err(refuse("must be an object")),
                Err(_) => Err(refuse("is not valid JSON")),
            },
            _ => Err(refuse("must be an object")),
        }
    };
    let mut call = object(input, None)?;
    let named = match (call.get("name"), call.get("tool")) {
        (Some(Value::String(name)), None) => {
            let body = call.get("arguments").or_else(|| call.get("input")).cloned().unwrap_or(json!({}));
            Some((name.clone(), object(&body, Some("\"arguments\""))?))
        }
        (None, Some(Value::String(name))) => {
            let name = name.clone();
            call.remove("tool");
            Some((name, call.clone()))
        }
        (None, None) => None,
        _ => return Err(bad("names its tool with \"name\" (and \"arguments\") or \"tool\" as a string")),
    };
    let (tool, call) = match named {
        Some((name, body)) => match Tool::parse(&name) {
            Some(tool) => (tool, body),
            None => return Err(bad(&format!("names an unknown tool \"{}\" (asana_execute, asana_read, asana_write or asana_describe)", catalog::echo(&name)))),
        },
        None => (Tool::Execute, call),
    };
    let text = |key: &str| match call.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        _ => Err(bad(&format!("needs \"{key}\" as a string"))),
    };
    let entity = text("entity")?;
    if tool == Tool::Describe {
        if let Some(extra) = call.keys().find(|k| *k != "entity") {
            return Err(bad(&format!("has an unknown key \"{}\" (asana_describe takes only entity)", catalog::echo(extra))));
        }
        return Ok(ToolCall::Describe { entity });
    }
    let action = text("action")?;
    let params = match call.get("params") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::String(s)) if s.trim().is_empty() => Map::new(),
        Some(params) => object(params, Some("\"params\""))?,
    };
    if let Some(extra) = call.keys().find(|k| !matches!(k.as_str(), "entity" | "action" | "params")) {
        return Err(bad(&format!("has an unknown key \"{}\" (params go inside \"params\")", catalog::echo(extra))));
    }
    if tool == Tool::Execute && action == "describe" {
        return Ok(ToolCall::Describe { entity });
    }
    Ok(ToolCall::Execute { tool, entity, action, params })
}

/// Refuses an operation the called tool does not run (a write sent to asana_read).
pub fn check_tool(tool: Tool, op: &Operation) -> Result<(), AsanaError> {
    match tool.runs(op) {
        true => Ok(()),
        false if tool == Tool::Read => Err(AsanaError::new(
            ErrorCode::Permission,
            format!("{}/{} changes Asana data; asana_read only reads. Use asana_write for writes and deletes.", op.entity, op.action),
        )),
        false => Err(AsanaError::new(ErrorCode::InvalidParams, format!("{}/{} only reads; use asana_read for reads.", op.entity, op.action))),
    }
}

/// What a model gets back for a failure: the code, an actionable message, and whether a
/// retry can help (never for credentials or configuration).
pub fn error_for_model(error: &AsanaError) -> Value {
    let advice = match error.code() {
        ErrorCode::Authentication | ErrorCode::InvalidConfig => " Do not retry: the connector's credentials or configuration must be fixed by its owner.",
        ErrorCode::Permission => " Do not retry: this user lacks access; try another object.",
        ErrorCode::PremiumRequired => " Do not retry: use a non-premium action instead (e.g. project_tasks/list).",
        _ => "",
    };
    json!({ "error": { "code": error.code().as_str(), "message": format!("{}{advice}", error.message()), "retryable": error.is_retryable() } })
}

/// Refuses (never truncates) output longer than `max_chars`, with advice and a preview.
pub fn guard_output(text: &str, max_chars: usize) -> Result<(), AsanaError> {
    let chars = text.chars().count();
    if max_chars == 0 || chars <= max_chars {
        return Ok(());
    }
    let preview: String = text.chars().take(PREVIEW_CHARS).collect();
    Err(AsanaError::new(
        ErrorCode::OutputTooLarge,
        format!(
            "Tool '{TOOL_NAME}' output too large ({chars} chars, limit {max_chars}). Narrow the query: lower params.limit, pass params.opt_fields with only the fields you need, or add filters (project, section, completed_since, modified_since). Preview: {preview}..."
        ),
    ))
}

/// For `runTool`: a download returns the attachment's metadata (the model cannot use bytes).
pub fn metadata_instead_of_bytes(op: &Operation) -> Option<&'static Operation> {
    (op.shape == Shape::Download).then(|| catalog::operation(op.entity, "get")).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_is_compact_complete_and_mode_aware() {
        let local = description(Surface::default(), Tool::Execute);
        assert!(local.chars().count() <= 10_000, "{} chars", local.chars().count());
        for op in catalog::OPERATIONS.iter().filter(|op| !op.deprecated) {
            let line = local.lines().find(|l| l.starts_with(&format!("{}:", op.entity))).unwrap_or_else(|| panic!("{} is not listed", op.entity));
            assert!(line.split(' ').any(|a| a.trim_end_matches("[p]") == op.action), "{}/{} is not listed", op.entity, op.action);
        }
        assert!(!local.contains("project_statuses:"), "deprecated operations are left out");
        assert!(local.contains("offset = meta.next_page.offset") && local.contains("[p]") && local.contains("action:\"describe\""));
        assert!(!local.contains("context_store_search") && !local.contains("starting_after"));
        assert!(!local.contains("\n\n"), "no blank lines: some docstring parsers stop there");
        let hosted = description(Surface { hosted: true, read_only: false }, Tool::Execute);
        assert!(hosted.contains("context_store_search") && hosted.chars().count() <= 10_000);
        let read_only = description(Surface { hosted: false, read_only: true }, Tool::Execute);
        assert!(!read_only.lines().any(|l| l.contains(':') && l.split(' ').any(|a| a == "delete")) && !read_only.contains("task_stories: create"));
        let read = description(Surface::default(), Tool::Read);
        assert!(read.contains("tasks: get list") || read.contains("tasks: list get"), "{read}");
        assert!(!read.contains(" create") && read.contains("asana_describe"));
        let write = description(Surface::default(), Tool::Write);
        assert!(write.contains("tasks: create update delete") && !write.lines().any(|l| l.contains(':') && l.split(' ').any(|a| a == "get")), "{write}");
    }

    #[test]
    fn strict_schemas_follow_openais_rules() {
        fn check(schema: &Value) {
            if schema["type"] == "object" {
                assert_eq!(schema["additionalProperties"], false, "{schema}");
                let props: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
                let required: Vec<&str> = schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
                assert!(props.iter().all(|p| required.contains(&p.as_str())), "{schema}");
                for prop in schema["properties"].as_object().unwrap().values() {
                    check(prop);
                }
            }
        }
        let tool = definition("openai", Surface::default()).unwrap();
        assert_eq!(tool["function"]["strict"], true);
        check(&tool["function"]["parameters"]);
        assert_eq!(definition("openai-responses", Surface::default()).unwrap()["name"], TOOL_NAME);
    }

    #[test]
    fn formats_have_their_shapes_and_enums() {
        let anthropic = definition("anthropic", Surface::default()).unwrap();
        assert_eq!(anthropic["input_schema"]["properties"]["entity"]["enum"].as_array().unwrap().len(), 98);
        let mcp = definition("mcp", Surface { hosted: false, read_only: true }).unwrap();
        assert_eq!((mcp["annotations"]["readOnlyHint"].as_bool(), mcp["annotations"]["destructiveHint"].as_bool()), (Some(true), Some(false)));
        assert!(!mcp["inputSchema"]["properties"]["action"]["enum"].as_array().unwrap().contains(&json!("delete")));
        assert!(definition("langchain", Surface::default()).is_err());
        let three = definitions("mcp", Surface::default()).unwrap();
        let names: Vec<&str> = three.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["asana_read", "asana_write", "asana_describe"]);
        assert_eq!((three[0]["annotations"]["readOnlyHint"].as_bool(), three[1]["annotations"]["destructiveHint"].as_bool()), (Some(true), Some(true)));
        assert_eq!(three[2]["inputSchema"]["required"], json!(["entity"]));
        let read_only = definitions("openai", Surface { hosted: false, read_only: true }).unwrap();
        assert_eq!(read_only.as_array().unwrap().len(), 2);
    }

    #[test]
    fn calls_parse_from_objects_strings_and_string_params() {
        let execute = |v: Value| match parse_call(&v).unwrap() {
            ToolCall::Execute { tool, entity, action, params } => (tool, entity, action, params),
            other => panic!("{other:?}"),
        };
        let (_, e, a, p) = execute(json!("{\"entity\":\"tasks\",\"action\":\"get\",\"params\":\"{\\\"task_gid\\\":\\\"1\\\"}\"}"));
        assert_eq!((e.as_str(), a.as_str(), p["task_gid"].as_str()), ("tasks", "get", Some("1")));
        assert!(execute(json!({"entity": "tasks", "action": "list"})).3.is_empty());
        let (tool, ..) = execute(json!({"name": "asana_read", "arguments": "{\"entity\":\"tasks\",\"action\":\"get\"}"}));
        assert_eq!(tool, Tool::Read);
        let (tool, ..) = execute(json!({"name": "asana_write", "input": {"entity": "tasks", "action": "delete"}}));
        assert_eq!(tool, Tool::Write);
        let (tool, ..) = execute(json!({"tool": "asana_read", "entity": "tasks", "action": "list"}));
        assert_eq!(tool, Tool::Read);
        assert_eq!(parse_call(&json!({"name": "asana_describe", "arguments": {"entity": "goals"}})).unwrap(), ToolCall::Describe { entity: "goals".into() });
        assert_eq!(parse_call(&json!({"entity": "goals", "action": "describe"})).unwrap(), ToolCall::Describe { entity: "goals".into() });
        assert!(parse_call(&json!({"name": "asana_delete_everything", "arguments": {}})).is_err());
        for bad in [
            json!("{oops"),
            json!([1]),
            json!({"entity": "tasks"}),
            json!({"entity": "tasks", "action": "get", "task_gid": "1"}),
            json!({"entity": "tasks", "action": "get", "params": 5}),
        ] {
            assert_eq!(parse_call(&bad).unwrap_err().code(), ErrorCode::InvalidParams, "{bad}");
        }
    }

    #[test]
    fn model_errors_say_whether_to_retry() {
        let auth = error_for_model(&AsanaError::new(ErrorCode::Authentication, "Bad token."));
        assert_eq!(auth["error"]["retryable"], false);
        assert!(auth["error"]["message"].as_str().unwrap().contains("Do not retry"));
        assert_eq!(error_for_model(&AsanaError::new(ErrorCode::RateLimited, "slow"))["error"]["retryable"], true);
    }

    #[test]
    fn oversize_output_is_refused_with_advice_and_a_preview() {
        assert!(guard_output("short", 10).is_ok());
        assert!(guard_output(&"x".repeat(50), 0).is_ok());
        let e = guard_output(&"é".repeat(1000), 600).unwrap_err();
        assert_eq!(e.code(), ErrorCode::OutputTooLarge);
        assert!(e.message().contains("(1000 chars, limit 600)") && e.message().contains("opt_fields") && e.message().contains(&"é".repeat(500)));
    }
}
