//! `listEntities()`: the catalogue as plain JSON, every param with its real description.

use crate::catalog::{self, Param};
use serde_json::{json, Value};

pub fn list_entities() -> Value {
    let entities: Vec<Value> = catalog::ENTITIES
        .iter()
        .map(|entity| {
            let actions: Vec<Value> = catalog::operations_of(entity.name)
                .map(|op| {
                    let params: Vec<Value> = op.params.iter().map(|p| {
                        let mut out = param(p);
                        if p.name == "data" {
                            out["fields"] = op.body.iter().map(param).collect();
                        }
                        out
                    }).collect();
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
