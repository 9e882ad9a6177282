//! Every request the catalogue can build exists in Asana's official OpenAPI spec: path, method,
//! path and query param names, required query params, write-body fields and enum values.
//!
//! The spec is vendored in `tests/spec/` (`ASANA_OAS` points elsewhere); without it the test
//! fails: a check against the spec never skips itself.

use asana_agent_connector::catalog::{Location, Operation, OPERATIONS};
use serde_yaml::Value;
use std::path::PathBuf;

/// Params we send that the spec's parameter list omits, each with the reason we still send it.
const DOCUMENTED_EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "/workspaces/{workspace_gid}/tasks/search",
        "limit",
        "the spec's description of this operation documents limit (max 100) though its parameter list omits it",
    ),
    ("/attachments", "content_type", "the upload's media type: the connector sends it as the file part's Content-Type, not as a field"),
];

fn spec_path() -> PathBuf {
    std::env::var_os("ASANA_OAS").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/spec/asana_oas.yaml"))
}

fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let target = reference.trim_start_matches("#/").split('/').fold(spec, |node, key| &node[key]);
            resolve(spec, target)
        }
        None => value,
    }
}

/// Property names of a schema, following `$ref` and `allOf`.
fn properties(spec: &Value, schema: &Value, out: &mut Vec<String>) {
    let schema = resolve(spec, schema);
    if let Some(props) = schema.get("properties").and_then(Value::as_mapping) {
        out.extend(props.keys().filter_map(|k| k.as_str().map(String::from)));
    }
    for part in schema.get("allOf").and_then(Value::as_sequence).into_iter().flatten() {
        properties(spec, part, out);
    }
}

fn enum_of(spec: &Value, schema: &Value, field: &str) -> Option<Vec<String>> {
    let schema = resolve(spec, schema);
    if let Some(prop) = schema.get("properties").and_then(|p| p.get(field)) {
        let prop = resolve(spec, prop);
        return prop.get("enum").and_then(Value::as_sequence).map(|e| e.iter().filter_map(|v| v.as_str().map(String::from)).collect());
    }
    schema.get("allOf").and_then(Value::as_sequence)?.iter().find_map(|part| enum_of(spec, part, field))
}

fn body_schema<'a>(spec: &'a Value, operation: &'a Value, media_type: &str) -> Option<&'a Value> {
    let body = resolve(spec, operation.get("requestBody")?);
    body["content"].get(media_type).map(|content| &content["schema"])
}

fn check(spec: &Value, op: &Operation) -> Vec<String> {
    let mut problems = Vec::new();
    let name = format!("{}/{} ({} {})", op.entity, op.action, op.method.as_str(), op.path);
    let Some(path_item) = spec["paths"].get(op.path) else {
        return vec![format!("{name}: path not in the spec")];
    };
    let Some(operation) = path_item.get(op.method.as_str().to_ascii_lowercase()) else {
        return vec![format!("{name}: method not in the spec")];
    };
    let declared: Vec<&Value> = [path_item.get("parameters"), operation.get("parameters")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_sequence)
        .flatten()
        .map(|p| resolve(spec, p))
        .collect();
    let find = |n: &str, location: &str| declared.iter().find(|p| p["name"].as_str() == Some(n) && p["in"].as_str() == Some(location));
    for param in op.params {
        let location = match param.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Form => {
                let form = body_schema(spec, operation, "multipart/form-data");
                let mut fields = Vec::new();
                if let Some(schema) = form {
                    properties(spec, schema, &mut fields);
                }
                let excepted = DOCUMENTED_EXCEPTIONS.iter().any(|(p, n, _)| *p == op.path && *n == param.name());
                if !excepted && !fields.iter().any(|f| f == param.name()) {
                    problems.push(format!("{name}: form field {} not in the spec", param.name()));
                }
                continue;
            }
            Location::Body | Location::Header | Location::Hosted => continue,
        };
        let excepted = DOCUMENTED_EXCEPTIONS.iter().any(|(p, n, _)| *p == op.path && *n == param.name());
        match find(param.name(), location) {
            None if excepted => {}
            None => problems.push(format!("{name}: {location} param {} not declared", param.name())),
            Some(p) => {
                if let Some(allowed) = p["schema"].get("enum").and_then(Value::as_sequence) {
                    for choice in param.choices() {
                        if !allowed.iter().any(|a| a.as_str() == Some(choice)) {
                            problems.push(format!("{name}: {}={choice} not in the spec's enum", param.name()));
                        }
                    }
                }
            }
        }
    }
    for p in &declared {
        if p["required"].as_bool() == Some(true) && p["in"].as_str() == Some("query") {
            let n = p["name"].as_str().unwrap_or_default();
            if !op.params.iter().any(|ours| ours.name() == n && ours.required) {
                problems.push(format!("{name}: spec requires query param {n}"));
            }
        }
    }
    let data_schema = body_schema(spec, operation, "application/json").map(|s| &resolve(spec, s)["properties"]["data"]);
    match (op.param("data").is_some(), data_schema) {
        (true, Some(schema)) if !schema.is_null() => {
            let mut fields = Vec::new();
            properties(spec, schema, &mut fields);
            for field in op.body {
                if !fields.iter().any(|f| f == field.name()) {
                    problems.push(format!("{name}: body field data.{} not in the spec", field.name()));
                }
                if !field.choices().is_empty() {
                    match enum_of(spec, schema, field.name()) {
                        Some(allowed) => problems.extend(
                            field
                                .choices()
                                .iter()
                                .filter(|c| !allowed.iter().any(|a| a == *c))
                                .map(|c| format!("{name}: data.{}={c} not in the spec's enum", field.name())),
                        ),
                        None => problems.push(format!("{name}: data.{} has no enum in the spec", field.name())),
                    }
                }
            }
        }
        (true, _) => problems.push(format!("{name}: the spec declares no data body")),
        (false, Some(schema)) if !schema.is_null() => problems.push(format!("{name}: the spec expects a data body")),
        (false, _) => {}
    }
    problems
}

#[test]
fn every_operation_exists_in_asanas_openapi_spec() {
    let path = spec_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("Asana's OpenAPI spec is not readable at {} ({e}); it is vendored in tests/spec/", path.display()));
    let spec: Value = serde_yaml::from_str(&text).expect("the spec parses as YAML");
    let mut problems: Vec<String> = OPERATIONS.iter().flat_map(|op| check(&spec, op)).collect();
    // And the other way: every operation of the spec is in the catalogue.
    for (path, item) in spec["paths"].as_mapping().expect("the spec has paths") {
        for method in ["get", "post", "put", "delete"] {
            let path = path.as_str().unwrap_or_default();
            if item.get(method).is_some() && !OPERATIONS.iter().any(|op| op.path == path && op.method.as_str().eq_ignore_ascii_case(method)) {
                problems.push(format!("{} {path}: in the spec, not in the catalogue", method.to_ascii_uppercase()));
            }
        }
    }
    assert!(problems.is_empty(), "{} mismatch(es) with the spec:\n{}", problems.len(), problems.join("\n"));
    println!("checked {} operations against {}", OPERATIONS.len(), path.display());
}
