//! Validation of `execute` input against the catalogue, before any request is made.
//!
//! The output, `Args`, holds every value already in its wire form, so request building
//! cannot fail.

use crate::catalog::{self, Kind, Location, Operation, Param, Shape};
use crate::error::{AsanaError, ErrorCode};
use serde_json::{json, Map, Value};

/// Validated arguments in wire form.
#[derive(Debug, Default, PartialEq)]
pub struct Args {
    /// Path params in placeholder order, not yet percent-encoded.
    pub path: Vec<String>,
    /// Query pairs, not yet percent-encoded.
    pub query: Vec<(String, String)>,
    /// The write body's `data` object.
    pub data: Option<Value>,
    /// Header params (the download's `range_header`).
    pub headers: Vec<(&'static str, String)>,
    /// Multipart form fields (uploads), and the index of the file the JS side keeps.
    pub form: Vec<(&'static str, String)>,
    pub file: Option<u32>,
    /// A batch's actions, in order (their answers are read against them).
    pub batch: Vec<&'static Operation>,
}

/// Most actions one batch takes (Asana's limit).
pub const MAX_BATCH_ACTIONS: usize = 10;

/// Finds the operation, explaining what is valid when the entity or action is not.
/// `hosted`: the connector runs through Airbyte, where `context_store_search` exists too.
pub fn resolve(entity: &str, action: &str, hosted: bool) -> Result<&'static Operation, AsanaError> {
    if entity.len() > catalog::MAX_NAME_CHARS || action.len() > catalog::MAX_NAME_CHARS {
        return Err(AsanaError::new(
            ErrorCode::InvalidParams,
            format!("Entity and action names are at most {} characters; see listEntities() for the valid ones.", catalog::MAX_NAME_CHARS),
        ));
    }
    if let Some(op) = catalog::operation(entity, action) {
        return Ok(op);
    }
    if let Some(op) = catalog::hosted_operation(entity, action) {
        return match hosted {
            true => Ok(op),
            false => Err(AsanaError::new(
                ErrorCode::NotSupported,
                format!("{entity}/context_store_search searches Airbyte's synced copy of the data and works only in hosted mode; with a token, use {entity}/list (or workspace_task_search/list for tasks)."),
            )),
        };
    }
    self::entity(entity)?;
    let actions: Vec<&str> = catalog::operations_of(entity).map(|op| op.action).collect();
    let elsewhere: Vec<&str> = catalog::OPERATIONS.iter().filter(|op| op.action == action).map(|op| op.entity).collect();
    let message = if elsewhere.is_empty() {
        let hint = suggestion(catalog::nearest(action, actions.iter().copied()));
        format!("Unknown action \"{action}\" for entity \"{entity}\".{hint} Valid actions: {}.", actions.join(", "))
    } else {
        format!("Entity \"{entity}\" has no action \"{action}\"; its actions are: {}. \"{action}\" exists on: {}.", actions.join(", "), elsewhere.join(", "))
    };
    Err(AsanaError::new(ErrorCode::UnknownAction, message).with_details(json!(actions)))
}

/// The entity named `name`, or an error listing the valid ones and the nearest.
pub fn entity(name: &str) -> Result<&'static str, AsanaError> {
    if let Some(entity) = catalog::entity(name) {
        return Ok(entity);
    }
    let names = || catalog::ENTITIES.iter().copied();
    let hint = suggestion(catalog::nearest(name, names()));
    Err(AsanaError::new(
        ErrorCode::UnknownEntity,
        format!("Unknown entity \"{}\".{hint} Valid entities: {}.", catalog::echo(name), names().collect::<Vec<_>>().join(", ")),
    )
    .with_details(json!(names().collect::<Vec<_>>())))
}

fn suggestion(nearest: Option<&str>) -> String {
    nearest.map(|n| format!(" Did you mean \"{n}\"?")).unwrap_or_default()
}

/// Checks `params` against the operation and converts them to wire form.
pub fn validate(op: &Operation, params: &Map<String, Value>) -> Result<Args, AsanaError> {
    let mut args = Args::default();
    let mut unknown = Vec::new();
    let mut given: Vec<&str> = Vec::new();
    for (key, value) in params {
        let Some(param) = lookup(op, key) else {
            match custom_field_filter(op, key) {
                Some(()) => args.query.push((key.clone(), wire(&coerce(op, key, Kind::String, value)?))),
                None => unknown.push(key.as_str()),
            }
            continue;
        };
        if value.is_null() {
            continue; // null means "not given", as `undefined` does in JS.
        }
        given.push(param.name());
        match param.location {
            Location::Path => {}
            Location::Query => args.query.push((param.name().to_string(), query_value(op, param, value)?)),
            Location::Body => args.data = Some(validate_data(op, value)?),
            Location::Header => args.headers.push((param.name(), wire(&coerce(op, param.name(), param.kind, value)?))),
            Location::Hosted => check_hosted(op, param, value)?,
            Location::Form if param.kind == Kind::File => args.file = Some(file_ref(op, param, value)?),
            Location::Form => args.form.push((param.name(), wire(&checked(op, param, param.name(), value)?))),
        }
    }
    if !unknown.is_empty() {
        return Err(unknown_params(op, &unknown));
    }
    for param in op.params {
        if param.required && !given.contains(&param.name()) {
            return Err(invalid(op, format!("Missing required param \"{}\" ({}).", param.name(), param.kind.expectation())));
        }
    }
    for param in op.params.iter().filter(|p| p.location == Location::Path) {
        let value = lookup_value(op, params, param.name()).expect("required path params were checked above");
        args.path.push(path_segment(op, param, value)?);
    }
    // A group names params, or write-body fields as "data.<field>".
    let present = |name: &&str| match name.strip_prefix("data.") {
        Some(field) => args.data.as_ref().and_then(|data| data.get(field)).is_some_and(|v| !v.is_null()),
        None => given.contains(name),
    };
    if !op.one_of.is_empty() && !op.one_of.iter().any(|group| group.iter().all(present)) {
        let groups: Vec<String> = op.one_of.iter().map(|g| g.join(" + ")).collect();
        return Err(invalid(op, format!("Asana needs one of: {}.", groups.join(", or "))));
    }
    if op.shape == Shape::Batch {
        batch(op, &mut args)?;
    }
    Ok(args)
}

/// `batch`/`create`: every `{entity, action, params}` of `data.actions` is checked through the
/// catalogue before anything is sent, and becomes Asana's `{relative_path, method, data, options}`.
fn batch(op: &Operation, args: &mut Args) -> Result<(), AsanaError> {
    let usage = "\"data.actions\" must be a list of 1 to 10 {entity, action, params} objects";
    let actions = match args.data.as_ref().and_then(|d| d.get("actions")) {
        Some(Value::Array(actions)) if (1..=MAX_BATCH_ACTIONS).contains(&actions.len()) => actions.clone(),
        _ => return Err(invalid(op, format!("{usage}."))),
    };
    let mut wire = Vec::with_capacity(actions.len());
    for (i, action) in actions.iter().enumerate() {
        let name = |key: &str| action.get(key).and_then(Value::as_str);
        let (Some(entity), Some(verb)) = (name("entity"), name("action")) else {
            return Err(invalid(op, format!("{usage}; action {} is not.", i + 1)));
        };
        let nested = resolve(entity, verb, false).map_err(|e| e.prefixed(&format!("Batch action {}: ", i + 1)))?;
        if matches!(nested.shape, Shape::Batch | Shape::Download) || nested.params.iter().any(|p| p.location == Location::Form) {
            return Err(invalid(op, format!("Batch action {}: {}/{} cannot run inside a batch; call it on its own.", i + 1, nested.entity, nested.action)));
        }
        let empty = Map::new();
        let params = match action.get("params") {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(params)) => params,
            Some(_) => return Err(invalid(op, format!("Batch action {}: \"params\" must be an object.", i + 1))),
        };
        let nested_args = validate(nested, params).map_err(|e| e.prefixed(&format!("Batch action {}: ", i + 1)))?;
        wire.push(crate::request::batch_action(nested, &nested_args));
        args.batch.push(nested);
    }
    args.data = Some(json!({ "actions": wire }));
    Ok(())
}

fn lookup(op: &Operation, key: &str) -> Option<&'static Param> {
    op.param(key).or_else(|| {
        // Task search also takes underscore spellings of its dotted filters (`assignee_any`).
        let (head, tail) = key.rsplit_once('_')?;
        op.custom_field_filters.then(|| op.param(&format!("{head}.{tail}"))).flatten()
    })
}

fn lookup_value<'a>(op: &Operation, params: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    params.iter().find(|(k, v)| !v.is_null() && lookup(op, k).is_some_and(|p| p.name() == name)).map(|(_, v)| v)
}

/// The params as they go to Airbyte in hosted mode: the values `validate` accepted, after the
/// same lossless coercions (a gid number becomes its string), the body as checked.
pub fn coerced(op: &Operation, params: &Map<String, Value>, args: &Args) -> Map<String, Value> {
    params
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(key, value)| {
            let value = match lookup(op, key) {
                Some(param) if param.location == Location::Body => args.data.clone().unwrap_or_default(),
                Some(param) if matches!(param.location, Location::Path | Location::Query | Location::Header) => {
                    coerce(op, key, param.kind, value).unwrap_or_else(|_| value.clone())
                }
                _ => value.clone(),
            };
            (key.clone(), value)
        })
        .collect()
}

/// `custom_fields.{gid}.{operator}`: Asana's documented custom-field search filters.
fn custom_field_filter(op: &Operation, key: &str) -> Option<()> {
    const OPERATORS: [&str; 9] = ["is_set", "value", "starts_with", "ends_with", "contains", "less_than", "greater_than", "before", "after"];
    let rest = key.strip_prefix("custom_fields.")?;
    let (gid, operator) = rest.split_once('.')?;
    let ok = op.custom_field_filters && !gid.is_empty() && gid.bytes().all(|b| b.is_ascii_digit()) && OPERATORS.contains(&operator);
    ok.then_some(())
}

fn unknown_params(op: &Operation, unknown: &[&str]) -> AsanaError {
    let accepted: Vec<&str> = op.params.iter().map(|p| p.name()).collect();
    let special = unknown.iter().find_map(|name| match (*name, op.entity) {
        ("limit", "workspace_users" | "team_users") => Some(format!(
            " Asana returns {} whole (alphabetical, up to 2,000) and takes no limit; to page with limit, use users/list with {}.",
            op.entity,
            if op.entity == "team_users" { "team" } else { "workspace" }
        )),
        ("offset", "workspace_task_search") => {
            Some(" Task search has no offset paging: sort_by created_at and pass created_at.before the oldest created_at you have seen.".into())
        }
        _ => None,
    });
    let hints: Vec<String> =
        unknown.iter().take(3).filter_map(|name| catalog::nearest(name, accepted.iter().copied()).map(|n| format!("\"{name}\" → \"{n}\"?"))).collect();
    let named = unknown.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let mut message = format!("Unknown param{} {} for {}/{}.", if unknown.len() > 1 { "s" } else { "" }, catalog::echo(&named), op.entity, op.action);
    if let Some(special) = special {
        message.push_str(&special);
    }
    if !hints.is_empty() {
        message.push_str(&format!(" Did you mean {}", hints.join(", ")));
    }
    message.push_str(&format!(" Accepted: {}.", accepted.join(", ")));
    if op.param("data").is_some() {
        message.push_str(" Write fields go inside \"data\".");
    }
    let unknown: Vec<_> = unknown.iter().take(10).map(|n| catalog::echo(n)).collect();
    AsanaError::new(ErrorCode::InvalidParams, message).with_details(json!({ "unknown": unknown, "accepted": accepted }))
}

fn invalid(op: &Operation, message: String) -> AsanaError {
    AsanaError::new(ErrorCode::InvalidParams, format!("{}/{}: {message}", op.entity, op.action))
}

fn wrong_type(op: &Operation, name: &str, kind: Kind, value: &Value) -> AsanaError {
    let got = match value {
        Value::Number(n) if kind == Kind::Gid || kind == Kind::GidList => {
            format!("the number {n}, beyond Number.MAX_SAFE_INTEGER: it has already lost digits; write the gid as a string, \"{n}\" in quotes")
        }
        Value::String(s) if s.trim().is_empty() => "an empty string".to_string(),
        Value::String(s) => format!("\"{}\"", truncate(s, 60)),
        other => truncate(&other.to_string(), 60),
    };
    invalid(op, format!("\"{name}\" must be {}, got {got}.", kind.expectation()))
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The largest integer a JS number holds exactly: a gid beyond it has already lost digits.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// `value` as `kind` declares it, after the lossless coercions only: a safe-integer gid becomes
/// its decimal string, "true"/"false" booleans, a decimal string an integer, and a
/// comma-separated string a list. Anything else of the wrong type is refused.
fn coerce(op: &Operation, name: &str, kind: Kind, value: &Value) -> Result<Value, AsanaError> {
    let bad = || wrong_type(op, name, kind, value);
    let integer = |value: &Value| match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) if !s.is_empty() && s.len() <= 16 && s.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit()) => s.parse().ok(),
        _ => None,
    };
    Ok(match (kind, value) {
        (Kind::Gid, Value::Number(n)) => match n.as_u64() {
            Some(gid) if gid <= MAX_SAFE_INTEGER => Value::String(gid.to_string()),
            _ => return Err(bad()),
        },
        (Kind::Boolean, Value::Bool(_)) => value.clone(),
        (Kind::Boolean, Value::String(s)) if s == "true" || s == "false" => Value::Bool(s == "true"),
        (Kind::Limit, _) => match integer(value) {
            Some(v @ 1..=100) => json!(v),
            _ => {
                return Err(invalid(
                    op,
                    format!("\"{name}\" must be an integer from 1 to 100 (Asana's page size limit), got {}.", truncate(&value.to_string(), 60)),
                ))
            }
        },
        (Kind::Integer, _) => json!(integer(value).ok_or_else(bad)?),
        (Kind::Number, Value::Number(_)) => value.clone(),
        (Kind::GidList | Kind::StringList | Kind::FieldList, Value::String(s)) => {
            let items: Vec<Value> = s.split(',').map(|item| Value::String(item.trim().to_string())).collect();
            return coerce(op, name, kind, &Value::Array(items));
        }
        (Kind::GidList | Kind::StringList | Kind::FieldList, Value::Array(items)) => {
            let item_kind = if kind == Kind::GidList { Kind::Gid } else { Kind::String };
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match coerce(op, name, item_kind, item) {
                    Ok(Value::String(s)) if !s.trim().is_empty() => out.push(Value::String(s)),
                    _ => return Err(bad()),
                }
            }
            Value::Array(out)
        }
        (Kind::String | Kind::Gid | Kind::Date | Kind::DateTime | Kind::Since, Value::String(s)) => {
            if s.trim().is_empty() || !format_ok(kind, s) {
                return Err(bad());
            }
            value.clone()
        }
        (Kind::Object, Value::Object(_)) | (Kind::Array, Value::Array(_)) => value.clone(),
        (Kind::Any, _) => value.clone(),
        _ => return Err(bad()),
    })
}

/// The coerced value, checked against the param's choices.
fn checked(op: &Operation, param: &Param, name: &str, value: &Value) -> Result<Value, AsanaError> {
    let value = coerce(op, name, param.kind, value)?;
    if let Some(text) = value.as_str() {
        check_choice(op, param, name, text)?;
    }
    Ok(value)
}

/// A query value in wire form: lists comma-joined (so no item may hold a comma).
fn query_value(op: &Operation, param: &Param, value: &Value) -> Result<String, AsanaError> {
    let value = checked(op, param, param.name(), value)?;
    if value.as_array().is_some_and(|items| items.is_empty() || items.iter().any(|i| i.as_str().is_some_and(|s| s.contains(',')))) {
        return Err(wrong_type(op, param.name(), param.kind, &value));
    }
    Ok(wire(&value))
}

fn wire(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(wire).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// An upload's bytes stay in JS: the param holds `{"$file": index}`, the index of the value the
/// JS side kept.
fn file_ref(op: &Operation, param: &Param, value: &Value) -> Result<u32, AsanaError> {
    value.get("$file").and_then(Value::as_u64).and_then(|i| u32::try_from(i).ok()).ok_or_else(|| wrong_type(op, param.name(), param.kind, value))
}

/// Hosted-only params go to Airbyte as given; only their shape is checked here.
fn check_hosted(op: &Operation, param: &Param, value: &Value) -> Result<(), AsanaError> {
    let is_path = |v: &Value| {
        v.as_str().is_some_and(|s| !s.is_empty())
            || v.as_array().is_some_and(|keys| !keys.is_empty() && keys.iter().all(|k| k.as_str().is_some_and(|s| !s.is_empty())))
    };
    let ok = match (param.kind, value) {
        (Kind::Object, Value::Object(_)) => true,
        (Kind::Count, Value::Number(n)) => n.as_u64().is_some_and(|n| n >= 1),
        (Kind::String, Value::String(s)) => !s.trim().is_empty(),
        (Kind::FieldPaths, Value::Array(items)) => !items.is_empty() && items.iter().all(is_path),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(wrong_type(op, param.name(), param.kind, value))
    }
}

fn check_choice(op: &Operation, param: &Param, name: &str, text: &str) -> Result<(), AsanaError> {
    if param.choices().is_empty() || param.choices().contains(&text) {
        return Ok(());
    }
    let hint = suggestion(catalog::nearest(text, param.choices().iter().copied()));
    Err(invalid(op, format!("\"{name}\" must be one of {}, got \"{}\".{hint}", param.choices().join(", "), truncate(text, 60)))
        .with_details(json!(param.choices())))
}

fn format_ok(kind: Kind, s: &str) -> bool {
    match kind {
        Kind::Date => is_date(s),
        Kind::DateTime => {
            s.len() >= 16 && s.is_char_boundary(10) && s.is_char_boundary(16) && is_date(&s[..10]) && s.as_bytes()[10] == b'T' && is_time(&s[11..16])
        }
        Kind::Since => s == "now" || format_ok(Kind::DateTime, s),
        _ => true,
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5 && b[2] == b':' && b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit) && (b[0] - b'0') * 10 + (b[1] - b'0') < 24 && b[3] < b'6'
}

fn path_segment(op: &Operation, param: &Param, value: &Value) -> Result<String, AsanaError> {
    let text = wire(&checked(op, param, param.name(), value)?);
    // URL parsers resolve dot segments even when percent-encoded, so these could climb to another route.
    if text == "." || text == ".." {
        return Err(invalid(op, format!("\"{}\" cannot be \"{text}\"; give the object's gid.", param.name())));
    }
    Ok(text)
}

/// Checks the write body against the spec's writable fields of the operation: unknown fields
/// (with the nearest name), types after the lossless coercions, enums and required fields.
/// Returns the body in wire form (coerced values).
fn validate_data(op: &Operation, value: &Value) -> Result<Value, AsanaError> {
    let Value::Object(data) = value else {
        return Err(invalid(op, format!("\"data\" must be an object of fields, e.g. {{\"name\": \"...\"}}, got {}.", truncate(&value.to_string(), 60))));
    };
    let mut out = Map::with_capacity(data.len());
    let mut unknown = Vec::new();
    for (key, value) in data {
        match op.body.iter().find(|f| f.name() == key) {
            Some(_) if value.is_null() => {
                out.insert(key.clone(), Value::Null); // null clears a field (unassigns, removes a date)
            }
            Some(field) => {
                let name = format!("data.{}", field.name());
                out.insert(key.clone(), checked(op, field, &name, value)?);
            }
            // An operation whose spec declares no fields takes the body as given.
            None if op.body.is_empty() => {
                out.insert(key.clone(), value.clone());
            }
            None => unknown.push(key.as_str()),
        }
    }
    if let Some(first) = unknown.first() {
        let hint = suggestion(catalog::nearest(first, op.body.iter().map(|f| f.name())));
        let named = unknown.iter().take(10).map(|n| format!("\"data.{}\"", catalog::echo(n))).collect::<Vec<_>>().join(", ");
        let accepted: Vec<&str> = op.body.iter().map(|f| f.name()).collect();
        return Err(invalid(op, format!("Unknown field{} {named}.{hint} Writable fields: {}.", if unknown.len() > 1 { "s" } else { "" }, accepted.join(", ")))
            .with_details(json!({ "unknown": unknown.iter().take(10).map(|n| catalog::echo(n)).collect::<Vec<_>>(), "accepted": accepted })));
    }
    for field in op.body.iter().filter(|f| f.required) {
        if out.get(field.name()).is_none_or(Value::is_null) {
            return Err(invalid(op, format!("Missing required field \"data.{}\" ({}).", field.name(), field.kind.expectation())));
        }
    }
    let present: Vec<&str> = op.exclusive.iter().copied().filter(|name| out.get(*name).is_some_and(|v| !v.is_null())).collect();
    if present.len() > 1 {
        return Err(invalid(op, format!("Give only one of data.{}.", present.join(", data."))));
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(entity: &str, action: &str, params: Value) -> Result<Args, AsanaError> {
        let op = resolve(entity, action, false)?;
        validate(op, params.as_object().unwrap())
    }

    fn message(r: Result<Args, AsanaError>) -> (String, String) {
        let e = r.unwrap_err();
        (e.code().as_str().to_string(), e.message().to_string())
    }

    #[test]
    fn unknown_entity_lists_entities_and_the_nearest() {
        let (code, msg) = message(run("taks", "list", json!({})));
        assert_eq!(code, "unknown_entity");
        assert!(msg.contains("Did you mean \"tasks\"") && msg.contains("workspace_task_search"), "{msg}");
    }

    #[test]
    fn unknown_action_lists_actions_or_the_entities_that_have_it() {
        let (code, msg) = message(run("tasks", "lst", json!({})));
        assert_eq!(code, "unknown_action");
        assert!(msg.contains("Did you mean \"list\"") && msg.contains("list, create, get, update, delete"), "{msg}");
        let (code, msg) = message(run("workspaces", "delete", json!({})));
        assert_eq!(code, "unknown_action");
        assert!(msg.contains("\"delete\" exists on: allocations, attachments") && msg.contains(" tasks,"), "{msg}");
        let (code, msg) = message(run("tasks", "context_store_search", json!({})));
        assert_eq!(code, "not_supported");
        assert!(msg.contains("only in hosted mode"), "{msg}");
        let (code, _) = message(run("sections", "context_store_search", json!({})));
        assert_eq!(code, "not_supported");
    }

    #[test]
    fn required_and_empty_params_are_refused() {
        let (code, msg) = message(run("tasks", "get", json!({})));
        assert_eq!(code, "invalid_params");
        assert!(msg.contains("Missing required param \"task_gid\""), "{msg}");
        let (_, msg) = message(run("tasks", "get", json!({"task_gid": "  "})));
        assert!(msg.contains("got an empty string"), "{msg}");
        let (_, msg) = message(run("tasks", "get", json!({"task_gid": null})));
        assert!(msg.contains("Missing required param"), "{msg}");
        let (_, msg) = message(run("attachments", "list", json!({})));
        assert!(msg.contains("\"parent\""), "{msg}");
    }

    #[test]
    fn unknown_params_are_named_with_the_nearest_and_the_accepted_list() {
        let (code, msg) = message(run("tasks", "get", json!({"task_gid": "1", "opt_feilds": "name"})));
        assert_eq!(code, "invalid_params");
        assert!(msg.contains("\"opt_feilds\" → \"opt_fields\"?") && msg.contains("Accepted: task_gid, opt_fields."), "{msg}");
        let (_, msg) = message(run("tasks", "create", json!({"name": "x", "data": {"name": "x", "workspace": "1"}})));
        assert!(msg.contains("Write fields go inside \"data\""), "{msg}");
    }

    #[test]
    fn limit_is_checked_and_explained_where_asana_takes_none() {
        for bad in [json!(0), json!(101), json!(2.5), json!("5o"), json!(-1), json!("")] {
            let (code, _) = message(run("workspaces", "list", json!({"limit": bad})));
            assert_eq!(code, "invalid_params");
        }
        assert_eq!(run("workspaces", "list", json!({"limit": 100})).unwrap().query, vec![("limit".into(), "100".into())]);
        assert_eq!(run("workspaces", "list", json!({"limit": "50"})).unwrap().query, vec![("limit".into(), "50".into())], "a decimal string is an integer");
        let (_, msg) = message(run("workspace_users", "list", json!({"workspace_gid": "1", "limit": 10})));
        assert!(msg.contains("takes no limit") && msg.contains("users/list with workspace"), "{msg}");
        let (_, msg) = message(run("workspace_task_search", "list", json!({"workspace_gid": "1", "offset": "x"})));
        assert!(msg.contains("created_at.before"), "{msg}");
    }

    #[test]
    fn types_formats_and_enums_are_checked() {
        let (_, msg) = message(run("tasks", "get", json!({"task_gid": 12012345678901234u64})));
        assert!(msg.contains("beyond Number.MAX_SAFE_INTEGER"), "{msg}");
        let (_, msg) = message(run("projects", "list", json!({"workspace": "1", "archived": "yes"})));
        assert!(msg.contains("\"archived\" must be true or false"), "{msg}");
        let (_, msg) = message(run("tasks", "create", json!({"data": {"name": "x", "workspace": "1", "due_on": "2026-13-01"}})));
        assert!(msg.contains("data.due_on") && msg.contains("YYYY-MM-DD"), "{msg}");
        let (_, msg) = message(run("projects", "create", json!({"data": {"name": "x", "workspace": "1", "default_view": "bord"}})));
        assert!(msg.contains("one of list, board, calendar, timeline") && msg.contains("Did you mean \"board\""), "{msg}");
        let (_, msg) = message(run("workspace_task_search", "list", json!({"workspace_gid": "1", "sort_by": "name"})));
        assert!(msg.contains("\"sort_by\" must be one of"), "{msg}");
        let (_, msg) = message(run("tasks", "list", json!({"project": "1", "modified_since": "yesterday"})));
        assert!(msg.contains("ISO 8601"), "{msg}");
        assert!(run("tasks", "list", json!({"project": "1", "modified_since": "now"})).is_err());
        assert!(run("project_tasks", "list", json!({"project_gid": "1", "completed_since": "now"})).is_ok());
        assert!(run("project_tasks", "list", json!({"project_gid": "1", "completed_since": "2026-01-01T00:00:00+01:00"})).is_ok());
    }

    #[test]
    fn body_rules_are_checked() {
        let (_, msg) = message(run("webhooks", "create", json!({"data": {"resource": "1"}})));
        assert!(msg.contains("Missing required field \"data.target\""), "{msg}");
        let (_, msg) = message(run("tasks", "create", json!({"data": {"workspace": "1", "nmae": "x"}})));
        assert!(msg.contains("Unknown field \"data.nmae\". Did you mean \"name\"?"), "{msg}");
        let (_, msg) = message(run("tasks", "create", json!({"data": "name=x"})));
        assert!(msg.contains("\"data\" must be an object"), "{msg}");
        let (_, msg) = message(run("section_tasks", "create", json!({"section_gid": "1", "data": {"task": "2", "insert_before": "3", "insert_after": "4"}})));
        assert!(msg.contains("only one of data.insert_before, data.insert_after"), "{msg}");
        let args = run("tasks", "update", json!({"task_gid": "1", "data": {"assignee": null, "custom_fields": {"9": "x"}}})).unwrap();
        assert_eq!(args.data.unwrap()["custom_fields"]["9"], "x");
    }

    #[test]
    fn tasks_list_needs_a_scope() {
        let (_, msg) = message(run("tasks", "list", json!({"workspace": "1"})));
        assert!(msg.contains("one of: project, or section, or workspace + assignee"), "{msg}");
        assert!(run("tasks", "list", json!({"workspace": "1", "assignee": "me"})).is_ok());
    }

    #[test]
    fn a_task_needs_a_workspace_or_what_implies_one() {
        let op = resolve("tasks", "create", false).unwrap();
        let check = |data: serde_json::Value| validate(op, json!({ "data": data }).as_object().unwrap());
        for data in [json!({"name": "a", "workspace": "1"}), json!({"name": "a", "projects": ["2"]}), json!({"name": "a", "parent": "3"})] {
            assert!(check(data.clone()).is_ok(), "{data}");
        }
        let e = check(json!({"name": "a", "projects": null})).unwrap_err();
        assert!(e.message().contains("Asana needs one of: data.workspace, or data.projects, or data.parent"), "{}", e.message());
    }

    #[test]
    fn search_takes_dotted_underscore_and_custom_field_filters() {
        let args = run(
            "workspace_task_search",
            "list",
            json!({
                "workspace_gid": "1", "assignee_any": ["me", "2"], "created_at.after": "2026-01-01T00:00:00Z",
                "completed": false, "custom_fields.123.value": "High"
            }),
        )
        .unwrap();
        assert_eq!(
            args.query,
            vec![
                ("assignee.any".into(), "me,2".into()),
                ("created_at.after".into(), "2026-01-01T00:00:00Z".into()),
                ("completed".into(), "false".into()),
                ("custom_fields.123.value".into(), "High".into()),
            ]
        );
        let (_, msg) = message(run("workspace_task_search", "list", json!({"workspace_gid": "1", "custom_fields.abc.value": "x"})));
        assert!(msg.contains("Unknown param"), "{msg}");
    }

    #[test]
    fn dot_segments_are_refused_and_other_path_values_kept_raw() {
        let (_, msg) = message(run("tasks", "get", json!({"task_gid": ".."})));
        assert!(msg.contains("cannot be \"..\""), "{msg}");
        assert_eq!(run("tasks", "get", json!({"task_gid": "1/../users/me"})).unwrap().path, vec!["1/../users/me"]);
    }

    #[test]
    fn opt_fields_accepts_a_list_or_a_string() {
        let q = |v| run("tasks", "get", json!({"task_gid": "1", "opt_fields": v})).map(|a| a.query);
        assert_eq!(q(json!(["name", "assignee.name"])).unwrap(), vec![("opt_fields".into(), "name,assignee.name".into())]);
        assert_eq!(q(json!("name,notes")).unwrap(), vec![("opt_fields".into(), "name,notes".into())]);
        assert!(q(json!([])).is_err());
        assert!(q(json!([1])).is_err());
    }
}

#[cfg(test)]
mod hosted_tests {
    use super::*;

    #[test]
    fn context_store_search_exists_in_hosted_mode_with_both_field_shapes() {
        let op = resolve("tasks", "context_store_search", true).unwrap();
        let ok = |p: Value| validate(op, p.as_object().unwrap());
        assert!(ok(json!({"query": {"filter": {"eq": {"completed": false}}}, "fields": ["name", ["assignee", "name"]], "limit": 20})).is_ok());
        assert!(ok(json!({"limit": 20})).unwrap_err().message().contains("Missing required param \"query\""));
        assert!(ok(json!({"query": "completed"})).is_err());
        assert!(ok(json!({"query": {}, "fields": [["a", 1]]})).is_err());
        assert!(resolve("stories", "context_store_search", true).is_err());
    }
}
