//! Agent tooling: the tool description a model reads, the input schema in each framework's
//! shape, tool-call parsing, model-facing errors and the output-size guard.

use crate::catalog::{self, Kind, Location, Operation, Param, Shape};
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

impl Surface {
    pub fn operations(self) -> impl Iterator<Item = &'static Operation> {
        let hosted = if self.hosted { catalog::HOSTED_OPERATIONS } else { &[] };
        catalog::OPERATIONS.iter().chain(hosted).filter(move |op| !(self.read_only && op.is_write()))
    }

    fn entities(self) -> Vec<&'static str> {
        catalog::ENTITIES.iter().map(|e| e.name).filter(|name| self.operations().any(|op| op.entity == *name)).collect()
    }

    fn actions(self) -> Vec<&'static str> {
        let mut actions: Vec<&str> = Vec::new();
        for op in self.operations() {
            if !actions.contains(&op.action) {
                actions.push(op.action);
            }
        }
        actions
    }
}

/// The text a model needs to call the tool well: compact, accurate, mode-aware.
pub fn description(surface: Surface) -> String {
    let mut out = String::with_capacity(8192);
    out.push_str("Run one Asana operation: {entity, action, params}.\n");
    out.push_str("How to use it well:\n");
    out.push_str("- Find gids first: workspaces/list, then projects/list {workspace}, then project_tasks/list {project_gid}. users/get {user_gid:\"me\"} is the current user. gids are strings.\n");
    out.push_str("- Lists return {data:[...], meta:{next_page}}. More results exist when meta.next_page is not null: repeat the call with the same params plus offset = meta.next_page.offset. Use limit (1-100, e.g. 20) and page only as far as the question needs.\n");
    out.push_str("- List records are compact (gid, name); pass opt_fields, e.g. [\"name\",\"completed\",\"due_on\",\"assignee.name\"], on any read to get the fields you need.\n");
    if surface.read_only {
        out.push_str("- This connector is read-only: writes and deletes are not available.\n");
    } else {
        out.push_str("- Write fields go inside params.data. [write] changes data, [delete] removes it: never repeat a failed write blindly; read first to see whether it happened.\n");
    }
    out.push_str(
        "- Errors come back as {error:{code,message,retryable}}: fix the params the message names; do not retry authentication or permission errors.\n",
    );
    if surface.hosted {
        out.push_str("- context_store_search searches a synced copy (may lag hours): params {query:{filter,sort}, limit, cursor, fields}. A filter is one operator as outer key: {eq:{field:value}}, neq, gt, gte, lt, lte, in {in:{field:[values]}}, like (% wildcards), fuzzy (preferred for names), keyword, contains, any, and/or [conditions], not. Next page: cursor = meta.cursor while meta.has_more. For ranges including today, also run a live list.\n");
    }
    out.push_str("Entities and actions (* required; [paged] takes limit and offset; every read takes opt_fields):\n");
    for name in surface.entities() {
        out.push_str(name);
        out.push(':');
        for op in surface.operations().filter(|op| op.entity == name) {
            out.push(' ');
            out.push_str(op.action);
            out.push('(');
            match op.params_summary {
                Some(summary) => out.push_str(summary),
                None => out.push_str(&signature(op)),
            }
            out.push(')');
            for (flag, on) in
                [("[paged]", paged(op)), ("[premium]", op.premium), ("[write]", op.is_write() && !op.is_destructive()), ("[delete]", op.is_destructive())]
            {
                if on {
                    out.push_str(flag);
                }
            }
        }
        out.push('\n');
    }
    out
}

fn paged(op: &Operation) -> bool {
    op.param("limit").is_some() && op.param("offset").is_some()
}

/// `task_gid*, project, data{name*, workspace*, projects[]}`: the params a model should know.
fn signature(op: &Operation) -> String {
    let shown = op.params.iter().filter(|p| !matches!(p.name, "limit" | "offset" | "opt_fields"));
    let mut parts: Vec<String> = Vec::new();
    for p in shown {
        if p.name == "data" {
            parts.push(format!("data{{{}}}", op.body.iter().map(brief).collect::<Vec<_>>().join(", ")));
        } else {
            parts.push(brief(p));
        }
    }
    let mut text = parts.join(", ");
    if !op.one_of.is_empty() {
        let groups: Vec<String> = op.one_of.iter().map(|g| g.join("+")).collect();
        text.push_str(&format!("; needs {}", groups.join(" or ")));
    }
    text
}

fn brief(p: &Param) -> String {
    let mut s = p.name.to_string();
    if p.kind.json_type() == "array" && p.location != Location::Hosted {
        s.push_str("[]");
    }
    if p.required {
        s.push('*');
    }
    if !p.choices.is_empty() {
        s.push('=');
        s.push_str(&p.choices.join("|"));
    } else if matches!(p.kind, Kind::Date | Kind::Boolean) {
        s.push_str(if p.kind == Kind::Date { ":date" } else { ":bool" });
    }
    s
}

/// The canonical JSON Schema of the tool's input. `strict` follows OpenAI's strict mode:
/// every property required, no open objects, so `params` travels as a JSON string.
pub fn input_schema(surface: Surface, strict: bool) -> Value {
    let params = if strict {
        json!({ "type": "string", "description": "The params as a JSON object text, e.g. \"{\\\"project_gid\\\":\\\"1201\\\",\\\"limit\\\":20}\"; \"{}\" when none." })
    } else {
        json!({ "type": "object", "description": "The action's params (see the description); write fields inside data.", "additionalProperties": true })
    };
    let mut schema = json!({
        "type": "object",
        "properties": {
            "entity": { "type": "string", "enum": surface.entities(), "description": "The Asana entity." },
            "action": { "type": "string", "enum": surface.actions(), "description": "What to do with it; valid pairs are listed in the description." },
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

/// The tool definition in a framework's shape.
pub fn definition(format: &str, surface: Surface) -> Result<Value, AsanaError> {
    let description = description(surface);
    Ok(match format {
        "json-schema" => {
            json!({ "name": TOOL_NAME, "description": description, "inputSchema": input_schema(surface, false) })
        }
        "openai" | "openai-chat" => {
            json!({ "type": "function", "function": { "name": TOOL_NAME, "description": description, "parameters": input_schema(surface, true), "strict": true } })
        }
        "openai-responses" => {
            json!({ "type": "function", "name": TOOL_NAME, "description": description, "parameters": input_schema(surface, true), "strict": true })
        }
        "anthropic" => {
            json!({ "name": TOOL_NAME, "description": description, "input_schema": input_schema(surface, false) })
        }
        "mcp" => json!({
            "name": TOOL_NAME,
            "title": "Asana",
            "description": description,
            "inputSchema": input_schema(surface, false),
            "annotations": { "title": "Asana", "readOnlyHint": surface.read_only, "destructiveHint": !surface.read_only, "idempotentHint": false, "openWorldHint": true },
        }),
        "vercel" => {
            json!({ "description": description, "inputSchema": input_schema(surface, false) })
        }
        other => {
            return Err(AsanaError::new(
                ErrorCode::InvalidParams,
                format!("Unknown tool format \"{other}\"; use json-schema, openai, openai-responses, anthropic, mcp or vercel."),
            ));
        }
    })
}

/// A tool call: `{entity, action, params}` as an object or its JSON text; `params` may itself
/// be JSON text (OpenAI strict mode) or absent.
pub fn parse_call(input: &Value) -> Result<(String, String, Map<String, Value>), AsanaError> {
    let bad = |why: &str| {
        AsanaError::new(
            ErrorCode::InvalidParams,
            format!("The tool input {why}. Send {{\"entity\": \"tasks\", \"action\": \"list\", \"params\": {{\"project\": \"<gid>\", \"limit\": 20}}}}."),
        )
    };
    let parsed;
    let input = match input {
        Value::String(text) => {
            parsed = serde_json::from_str::<Value>(text).map_err(|_| bad("is not valid JSON"))?;
            &parsed
        }
        other => other,
    };
    let Value::Object(call) = input else {
        return Err(bad("must be an object"));
    };
    let text = |key: &str| match call.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        _ => Err(bad(&format!("needs \"{key}\" as a string"))),
    };
    let (entity, action) = (text("entity")?, text("action")?);
    let params = match call.get("params") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(p)) => p.clone(),
        Some(Value::String(s)) if s.trim().is_empty() => Map::new(),
        Some(Value::String(s)) => match serde_json::from_str(s) {
            Ok(Value::Object(p)) => p,
            _ => return Err(bad("has \"params\" text that is not a JSON object")),
        },
        Some(_) => return Err(bad("needs \"params\" as an object")),
    };
    if let Some(extra) = call.keys().find(|k| !matches!(k.as_str(), "entity" | "action" | "params")) {
        return Err(bad(&format!("has an unknown key \"{extra}\" (params go inside \"params\")")));
    }
    Ok((entity, action, params))
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
        let local = description(Surface::default());
        assert!(local.len() < 8 * 1024, "{} bytes", local.len());
        for op in catalog::OPERATIONS {
            assert!(local.contains(&format!("{}:", op.entity)) && local.contains(&format!(" {}(", op.action)), "{}", op.entity);
        }
        assert!(local.contains("offset = meta.next_page.offset") && local.contains("[premium]") && local.contains("[delete]"));
        assert!(!local.contains("context_store_search") && !local.contains("starting_after") && !local.contains("has_more"));
        assert!(!local.contains("\n\n"), "no blank lines: some docstring parsers stop there");
        let hosted = description(Surface { hosted: true, read_only: false });
        assert!(hosted.contains("context_store_search"));
        let read_only = description(Surface { hosted: false, read_only: true });
        assert!(!read_only.contains("[write]") && !read_only.contains("task_stories"));
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
        assert_eq!(anthropic["input_schema"]["properties"]["entity"]["enum"].as_array().unwrap().len(), 27);
        let mcp = definition("mcp", Surface { hosted: false, read_only: true }).unwrap();
        assert_eq!((mcp["annotations"]["readOnlyHint"].as_bool(), mcp["annotations"]["destructiveHint"].as_bool()), (Some(true), Some(false)));
        assert!(!mcp["inputSchema"]["properties"]["action"]["enum"].as_array().unwrap().contains(&json!("delete")));
        assert!(definition("langchain", Surface::default()).is_err());
    }

    #[test]
    fn calls_parse_from_objects_strings_and_string_params() {
        let (e, a, p) = parse_call(&json!("{\"entity\":\"tasks\",\"action\":\"get\",\"params\":\"{\\\"task_gid\\\":\\\"1\\\"}\"}")).unwrap();
        assert_eq!((e.as_str(), a.as_str(), p["task_gid"].as_str()), ("tasks", "get", Some("1")));
        assert!(parse_call(&json!({"entity": "tasks", "action": "list"})).unwrap().2.is_empty());
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
