//! `listEntities()`: the catalogue as plain JSON, every param with its real description.

use crate::catalog::{self, Param};
use crate::tools::Surface;
use serde_json::{json, Value};

/// What `surface` offers: hosted mode adds `context_store_search`, read-only drops writes.
pub fn list_entities(surface: Surface) -> Value {
    let entities: Vec<Value> = catalog::ENTITIES
        .iter()
        .filter(|entity| surface.operations().any(|op| op.entity == entity.name))
        .map(|entity| {
            let actions: Vec<Value> = surface
                .operations()
                .filter(|op| op.entity == entity.name)
                .map(|op| {
                    let params: Vec<Value> = op
                        .params
                        .iter()
                        .map(|p| {
                            let mut out = param(p);
                            if p.name == "data" {
                                out["fields"] = op.body.iter().map(param).collect();
                            }
                            out
                        })
                        .collect();
                    json!({ "action": op.action, "description": op.description, "params": params })
                })
                .collect();
            json!({ "entity": entity.name, "description": entity.description, "actions": actions })
        })
        .collect();
    Value::Array(entities)
}

fn param(p: &Param) -> Value {
    let mut out = json!({ "name": p.name, "in": p.location.as_str(), "required": p.required, "type": p.kind.json_type(), "description": p.description });
    if !p.choices.is_empty() {
        out["enum"] = json!(p.choices);
    }
    if p.kind.json_type() == "array" {
        out["items"] = json!({ "type": "string" });
    }
    out
}
