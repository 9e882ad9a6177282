//! The JS binding: JSON text in, JSON text out, no decisions. `pkg/driver.js` checks every
//! JS value before it comes here, performs the steps and reports the events.

use crate::call::{Engine, Event, Hook, JobWait, Outcome, Pick, Step, Task, ToolTask};
use crate::config::{parse_admin, AdminCall};
use crate::http::{Answer, Body, Facts, HttpRequest, Kind, Read};
use crate::tools::{self, Surface, Tool};
use crate::{mcp, params, AsanaError, Config, ErrorCode};
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;

/// Errors cross as JSON text; `pkg/error.js` turns them into `AsanaError`s.
fn reject(error: AsanaError) -> JsValue {
    JsValue::from_str(&error.to_json().to_string())
}

fn parse_object(text: &str, code: ErrorCode, what: &str) -> Result<Map<String, Value>, AsanaError> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(AsanaError::new(code, format!("The {what} must be a plain object of JSON values."))),
    }
}

/// The `wait` call option `{timeoutMs, intervalMs}` as JSON text (the driver copied it);
/// defaults: 60 s, polling every second.
fn job_wait(text: &str) -> Result<JobWait, AsanaError> {
    let wait = parse_object(text, ErrorCode::InvalidParams, "\"wait\" option")?;
    let number = |key: &str, default: u64, max: u64| match wait.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_u64()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| AsanaError::new(ErrorCode::InvalidParams, format!("\"wait.{key}\" must be an integer from 1 to {max} (milliseconds)."))),
    };
    if let Some(extra) = wait.keys().find(|k| !matches!(k.as_str(), "timeoutMs" | "intervalMs")) {
        return Err(AsanaError::new(
            ErrorCode::InvalidParams,
            format!("Unknown \"wait\" option \"{}\"; it takes timeoutMs and intervalMs.", crate::catalog::echo(extra)),
        ));
    }
    Ok(JobWait { timeout_ms: number("timeoutMs", 60_000, 3_600_000)?, interval_ms: number("intervalMs", 1_000, 60_000)? as u32 })
}

/// A per-call `timeoutMs` (the driver has checked it is a finite number).
fn call_timeout(timeout_ms: Option<f64>) -> Result<Option<u32>, AsanaError> {
    match timeout_ms {
        None => Ok(None),
        Some(ms) if ms.fract() == 0.0 && (1.0..=600_000.0).contains(&ms) => Ok(Some(ms as u32)),
        Some(_) => Err(AsanaError::new(ErrorCode::InvalidParams, "\"timeoutMs\" must be an integer from 1 to 600000 (milliseconds).")),
    }
}

#[wasm_bindgen]
pub struct Core {
    engine: Engine,
    admin: Option<AdminCall>,
}

#[wasm_bindgen]
impl Core {
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str, has_refresh_hook: bool) -> Result<Core, JsValue> {
        let config = Config::parse(&Value::Object(parse_object(config_json, ErrorCode::InvalidConfig, "config").map_err(reject)?)).map_err(reject)?;
        Ok(Core { engine: Engine::new(config, has_refresh_hook), admin: None })
    }

    /// `createHosted` (`create`) or `initiateOAuth`: a core whose one call is `startAdmin`.
    pub fn admin(options_json: &str, create: bool) -> Result<Core, JsValue> {
        let options = parse_object(options_json, ErrorCode::InvalidConfig, "options").map_err(reject)?;
        let (access, call) = parse_admin(&Value::Object(options), create).map_err(reject)?;
        Ok(Core { engine: Engine::admin(access, &call), admin: Some(call) })
    }

    /// Starts `execute`; the first step as JSON text (a failed check is a `fail` step).
    /// `wait_json`: the `wait` call option of a job-starting operation, when given.
    pub fn start(&mut self, entity: &str, action: &str, params_json: &str, timeout_ms: Option<f64>, wait_json: Option<String>, now: f64) -> String {
        let task = parse_object(params_json, ErrorCode::InvalidParams, "params").and_then(|params| match wait_json {
            Some(wait) => self.engine.execute_waiting(entity, action, params, job_wait(&wait)?),
            None => self.engine.execute_task(entity, action, params),
        });
        self.begin(task, timeout_ms, now)
    }

    /// Starts a model's tool call (its JSON text); an `asana_describe` call is done at once as
    /// `{op: "done", describe: entity}`: the driver answers it from the catalogue's data.
    #[wasm_bindgen(js_name = startTool)]
    pub fn start_tool(&mut self, input_json: &str, timeout_ms: Option<f64>, now: f64) -> String {
        let input = serde_json::from_str(input_json).unwrap_or(Value::Null);
        match self.engine.tool_task(&input) {
            Ok(ToolTask::Describe(entity)) => json!({ "op": "done", "describe": entity }).to_string(),
            Ok(ToolTask::Run(task)) => self.begin(Ok(task), timeout_ms, now),
            Err(error) => self.begin(Err(error), timeout_ms, now),
        }
    }

    /// The entity named `name` (throws `unknown_entity` listing the valid ones).
    #[wasm_bindgen(js_name = checkEntity)]
    pub fn check_entity(name: &str) -> Result<String, JsValue> {
        params::entity(name).map(String::from).map_err(reject)
    }

    /// Starts the hosted connector-id lookup.
    #[wasm_bindgen(js_name = startConnectorId)]
    pub fn start_connector_id(&mut self, now: f64) -> String {
        self.begin(Ok(Task::ConnectorId), None, now)
    }

    #[wasm_bindgen(js_name = startAdmin)]
    pub fn start_admin(&mut self, now: f64) -> String {
        let task = self.admin.clone().map(Task::Admin).ok_or_else(|| AsanaError::new(ErrorCode::InvalidConfig, "This core runs no admin call."));
        self.begin(task, None, now)
    }

    fn begin(&mut self, task: Result<Task, AsanaError>, timeout_ms: Option<f64>, now: f64) -> String {
        match task.and_then(|task| Ok((task, call_timeout(timeout_ms)?))) {
            Ok((task, timeout_ms)) => {
                let (id, step) = self.engine.start(task, timeout_ms, now as u64);
                self.step_json(id, step)
            }
            Err(error) => self.step_json(0, Step::Fail(error)),
        }
    }

    /// Moves call `id` on with the event the driver reports (JSON text).
    pub fn resume(&mut self, id: u32, event_json: &str, now: f64, jitter: f64) -> String {
        let step = match parse_event(event_json) {
            Some(event) => self.engine.resume(id, event, now as u64, jitter),
            None => self.engine.resume(id, Event::Unreadable("the driver reported an unreadable event".into()), now as u64, jitter),
        };
        self.step_json(id, step)
    }

    /// Moves call `id` on with an HTTP answer: the hot path, so it crosses as plain arguments.
    /// `body`: 0 text (`text`), 1 parsed by JS (`kinds` packs the kinds of `data`, `next_page`,
    /// `result` in 3 bits each, bit 9 set when it is an object; `extra` is JSON text of Airbyte's
    /// `status`, `message` and `connector_metadata` when present), 2 unparseable, 3 past
    /// `maxResponseBytes`, 4 left as a stream.
    #[allow(clippy::too_many_arguments)] // one argument per field of the answer, on purpose
    #[wasm_bindgen(js_name = resumeAnswer)]
    pub fn resume_answer(
        &mut self,
        id: u32,
        status: u16,
        content_type: Option<String>,
        retry_after: Option<String>,
        content_length: Option<String>,
        body: u8,
        text: Option<String>,
        kinds: u32,
        extra: Option<String>,
        now: f64,
        jitter: f64,
    ) -> String {
        let bounded = |value: Option<String>| value.map(|v| if v.len() > MAX_HEADER_CHARS { v.chars().take(MAX_HEADER_CHARS).collect() } else { v });
        let body = match body {
            0 => Body::Text(text.unwrap_or_default()),
            1 => Body::Parsed(facts(kinds, extra.as_deref())),
            2 => Body::Unparseable,
            3 => Body::TooLarge,
            _ => Body::Stream,
        };
        let answer = Answer {
            status: status.min(599),
            content_type: bounded(content_type),
            retry_after: bounded(retry_after),
            content_length: content_length.and_then(|v| v.trim().parse().ok()),
            body,
        };
        let step = self.engine.resume(id, Event::Answer(answer), now as u64, jitter);
        self.step_json(id, step)
    }

    /// Frees what call `id` holds; the driver calls it in a `finally`.
    pub fn release(&mut self, id: u32) {
        self.engine.release(id);
    }

    /// `"token"`, `"oauth"` or `"hosted"`.
    pub fn mode(&self) -> String {
        self.engine.mode_name().into()
    }

    /// The tool definition in `format`'s shape, as JSON text.
    pub fn tool(&self, format: &str) -> Result<String, JsValue> {
        tools::definition(format, self.engine.surface()).map(|d| d.to_string()).map_err(reject)
    }

    /// `asana_read`, `asana_write` (unless read-only) and `asana_describe` in `format`'s shape.
    pub fn tools(&self, format: &str) -> Result<String, JsValue> {
        tools::definitions(format, self.engine.surface()).map(|d| d.to_string()).map_err(reject)
    }

    #[wasm_bindgen(js_name = toolDescription)]
    pub fn tool_description(&self) -> String {
        tools::description(self.engine.surface(), Tool::Execute)
    }

    /// What this connector offers, for `listEntities()` and `describe()`: its operations as
    /// `["entity/action", ...]` JSON text (hosted mode adds context_store_search, readOnly drops writes).
    pub fn surface(&self) -> String {
        offered(self.engine.surface())
    }

    /// The same for a local, read-write connector (the static `listEntities()`).
    #[wasm_bindgen(js_name = defaultSurface)]
    pub fn default_surface() -> String {
        offered(Surface::default())
    }

    /// One MCP POST body: `{batch, replies: [{answer} | {tool: {id, arguments}}]}`.
    pub fn mcp(&self, body: &str) -> String {
        let (batch, replies) = mcp::handle(self.engine.surface(), body);
        let replies: Vec<Value> = replies
            .into_iter()
            .map(|reply| match reply {
                mcp::Reply::Answer(answer) => json!({ "answer": answer }),
                mcp::Reply::Tool { id, name, arguments } => {
                    json!({ "tool": { "id": id, "name": name, "arguments": arguments } })
                }
            })
            .collect();
        json!({ "batch": batch, "replies": replies }).to_string()
    }

    /// Whether an MCP request may be served (`Origin`, `Host`, the handler's lists as JSON
    /// arrays): `undefined`, or the refusal `{status, message}` as JSON text.
    #[wasm_bindgen(js_name = mcpAdmit)]
    pub fn mcp_admit(origin: Option<String>, host: Option<String>, allowed_origins_json: &str, allowed_hosts_json: Option<String>) -> Option<String> {
        // Read as a Value: deserializing into Vec<String> would pull in serde's typed machinery (~13 KB).
        let list = |text: &str| -> Vec<String> {
            let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            value.as_array().into_iter().flatten().filter_map(Value::as_str).map(String::from).collect()
        };
        let hosts = allowed_hosts_json.as_deref().map(list);
        mcp::admit(origin.as_deref(), host.as_deref(), &list(allowed_origins_json), hosts.as_deref())
            .err()
            .map(|(status, message)| json!({ "status": status, "message": message }).to_string())
    }

    /// The JSON-RPC answer of a tools/call (`id_json`) whose tool gave `text`.
    #[wasm_bindgen(js_name = mcpToolResult)]
    pub fn mcp_tool_result(id_json: &str, text: &str) -> String {
        mcp::tool_result(serde_json::from_str(id_json).unwrap_or(Value::Null), text).to_string()
    }

    /// The description for a local, read-write connector (the static helper).
    #[wasm_bindgen(js_name = defaultToolDescription)]
    pub fn default_tool_description() -> String {
        tools::description(Surface::default(), Tool::Execute)
    }

    /// Throws `output_too_large` when `text` is longer than `max_chars`.
    #[wasm_bindgen(js_name = guardOutput)]
    pub fn guard_output(text: &str, max_chars: u32) -> Result<(), JsValue> {
        tools::guard_output(text, max_chars as usize).map_err(reject)
    }

    /// An error as a model should read it: `{error: {code, message, retryable}}` JSON text.
    #[wasm_bindgen(js_name = forModel)]
    pub fn for_model(code: &str, message: &str, retryable: bool) -> String {
        let code = ErrorCode::parse(code).unwrap_or(ErrorCode::Http);
        tools::error_for_model(&AsanaError::new(code, message).with_retryable(retryable)).to_string()
    }

    fn step_json(&mut self, id: u32, step: Step) -> String {
        let warnings: Vec<Value> = self.engine.take_warnings().iter().map(AsanaError::to_json).collect();
        // The two steps of every request are written directly: no JSON tree on the hot path.
        match step {
            Step::Send { request, read, follow_redirects, timeout_ms, max_bytes } if warnings.is_empty() => {
                return send_json(id, &request, read, follow_redirects, timeout_ms, max_bytes)
            }
            Step::Done(Outcome::Pick(Pick::Data | Pick::List | Pick::ModelList | Pick::Empty | Pick::Result)) if warnings.is_empty() => {
                let Step::Done(Outcome::Pick(pick)) = step else { unreachable!("matched above") };
                let pick = match pick {
                    Pick::Data => "data",
                    Pick::List => "list",
                    Pick::ModelList => "modelList",
                    Pick::Empty => "empty",
                    _ => "result",
                };
                return format!(r#"{{"op":"done","pick":"{pick}","id":{id}}}"#);
            }
            _ => {}
        }
        let mut out = match step {
            Step::Send { request, read, follow_redirects, timeout_ms, max_bytes } => {
                serde_json::from_str(&send_json(id, &request, read, follow_redirects, timeout_ms, max_bytes)).expect("send_json writes valid JSON")
            }
            Step::Wait { ms } => json!({ "op": "wait", "ms": ms }),
            Step::Hook { hook, argument, timeout_ms } => {
                let hook = match hook {
                    Hook::TokensRenewed => "onTokenRefresh",
                    Hook::GetToken => "getToken",
                };
                json!({ "op": "hook", "hook": hook, "argument": argument, "timeoutMs": timeout_ms })
            }
            Step::Done(Outcome::Pick(pick)) => match pick {
                Pick::Data => json!({ "op": "done", "pick": "data" }),
                Pick::List => json!({ "op": "done", "pick": "list" }),
                Pick::ModelList => json!({ "op": "done", "pick": "modelList" }),
                Pick::Empty => json!({ "op": "done", "pick": "empty" }),
                Pick::Result => json!({ "op": "done", "pick": "result" }),
                Pick::ResultList(meta) => {
                    json!({ "op": "done", "pick": "resultList", "meta": meta })
                }
                Pick::Events => json!({ "op": "done", "pick": "events" }),
                Pick::Webhook => json!({ "op": "done", "pick": "webhook" }),
            },
            Step::Done(Outcome::Value(value)) => json!({ "op": "done", "value": value }),
            Step::Done(Outcome::Stream { status, content_type, size }) => {
                json!({ "op": "done", "stream": { "status": status, "contentType": content_type, "size": size } })
            }
            Step::Fail(error) => json!({ "op": "fail", "error": error.to_json() }),
        };
        out["id"] = id.into();
        if !warnings.is_empty() {
            out["warnings"] = warnings.into();
        }
        out.to_string()
    }
}

fn offered(surface: Surface) -> String {
    Value::from(surface.operations().map(|op| format!("{}/{}", op.entity, op.action)).collect::<Vec<_>>()).to_string()
}

/// Longest header value the core looks at.
const MAX_HEADER_CHARS: usize = 1_000;

/// A send step as JSON text: `{op, method, url, headers: {name: value}, body, read, redirect,
/// timeoutMs, maxBytes, errorBytes, id}`.
fn send_json(id: u32, request: &HttpRequest, read: Read, follow_redirects: bool, timeout_ms: u32, max_bytes: u64) -> String {
    let text = |s: &str| serde_json::to_string(s).expect("a string serializes");
    let mut out = String::with_capacity(256 + request.url.len() + request.body.as_ref().map_or(0, String::len));
    out.push_str(r#"{"op":"send","method":""#);
    out.push_str(request.method.as_str());
    out.push_str(r#"","url":"#);
    out.push_str(&text(&request.url));
    out.push_str(r#","headers":{"#);
    for (i, (name, value)) in request.headers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&text(name));
        out.push(':');
        out.push_str(&text(value));
    }
    out.push_str(r#"},"body":"#);
    out.push_str(&request.body.as_deref().map_or_else(|| "null".to_string(), text));
    if let Some(form) = &request.form {
        let fields: Vec<[&str; 2]> = form.fields.iter().map(|(n, v)| [*n, v.as_str()]).collect();
        let form = serde_json::json!({ "fields": fields, "file": form.file, "fileName": form.file_name, "fileType": form.file_type });
        out.push_str(r#","form":"#);
        out.push_str(&form.to_string());
    }
    let read = match read {
        Read::Json => "json",
        Read::Text => "text",
        Read::Stream => "stream",
    };
    let redirect = if follow_redirects { "follow" } else { "manual" };
    let error_bytes = crate::call::ERROR_BODY_BYTES;
    out.push_str(&format!(
        r#","read":"{read}","redirect":"{redirect}","timeoutMs":{timeout_ms},"maxBytes":{max_bytes},"errorBytes":{error_bytes},"id":{id}}}"#
    ));
    out
}

/// The facts `resumeAnswer` packs: three 3-bit kinds and an object flag, plus Airbyte's fields.
fn facts(kinds: u32, extra: Option<&str>) -> Facts {
    let kind = |shift: u32| match (kinds >> shift) & 7 {
        1 => Kind::Null,
        2 => Kind::Object,
        3 => Kind::Array,
        4 => Kind::Other,
        _ => Kind::Missing,
    };
    let extra: Value = extra.and_then(|e| serde_json::from_str(e).ok()).unwrap_or(Value::Null);
    let text = |key: &str| extra.get(key).and_then(Value::as_str).map(String::from);
    Facts {
        object: kinds & (1 << 9) != 0,
        data: kind(0),
        next_page: kind(3),
        result: kind(6),
        status: text("status"),
        message: text("message"),
        metadata: text("metadata"),
    }
}

fn parse_event(text: &str) -> Option<Event> {
    let event: Value = serde_json::from_str(text).ok()?;
    if let Some(why) = event.get("network") {
        return Some(Event::Network(why.as_str().unwrap_or("fetch failed").chars().take(MAX_HEADER_CHARS).collect()));
    }
    if let Some(why) = event.get("unreadable") {
        return Some(Event::Unreadable(why.as_str().unwrap_or("unknown").chars().take(MAX_HEADER_CHARS).collect()));
    }
    if let Some(hook) = event.get("hook") {
        return Some(Event::Hook(match hook.get("error") {
            Some(why) => Err(why.as_str().unwrap_or("it failed").chars().take(MAX_HEADER_CHARS).collect()),
            None => Ok(hook.get("ok").and_then(Value::as_str).map(String::from)),
        }));
    }
    [("timeout", Event::Timeout), ("aborted", Event::Aborted), ("timer", Event::Timer)]
        .into_iter()
        .find(|(key, _)| event.get(key).is_some())
        .map(|(_, event)| event)
}
