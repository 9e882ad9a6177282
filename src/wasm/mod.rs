//! The JS binding: converts values and hands them to the core. No decisions live here.

mod fetch;

use crate::connector::{Connector, Outcome};
use crate::{describe, AsanaError, Config, ErrorCode};
use fetch::FetchTransport;
use js_sys::{Function, Object, Reflect};
use serde_json::{Map, Value};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// Errors cross the boundary as JSON text; `pkg/error.js` turns them into `AsanaError`s.
fn reject(error: AsanaError) -> JsValue {
    JsValue::from_str(&error.to_json().to_string())
}

fn parse_object(text: &str, what: &str) -> Result<Map<String, Value>, AsanaError> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(AsanaError::new(
            if what == "config" { ErrorCode::InvalidConfig } else { ErrorCode::InvalidParams },
            format!("The {what} must be a plain object of JSON values."),
        )),
    }
}

#[wasm_bindgen]
pub struct Core {
    connector: Rc<Connector>,
    fetch: Option<Function>,
}

#[wasm_bindgen]
impl Core {
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str, fetch: Option<Function>) -> Result<Core, JsValue> {
        let config = parse_object(config_json, "config").and_then(|c| Config::parse(&Value::Object(c))).map_err(reject)?;
        let connector = Connector::new(config).map_err(reject)?;
        Ok(Core { connector: Rc::new(connector), fetch })
    }

    /// Resolves to JSON text, or for downloads to `{status, contentType, size, body}`.
    pub async fn execute(&self, entity: String, action: String, params_json: String, timeout_ms: Option<u32>, signal: Option<AbortSignal>) -> Result<JsValue, JsValue> {
        let connector = Rc::clone(&self.connector);
        let params = parse_object(&params_json, "params").map_err(reject)?;
        let transport = FetchTransport { fetch: self.fetch.as_ref(), signal: signal.as_ref() };
        match connector.execute(&transport, &entity, &action, &params, timeout_ms).await.map_err(reject)? {
            Outcome::Json(text) => Ok(JsValue::from_str(&text)),
            Outcome::Download(file) => {
                let out = Object::new();
                let set = |key: &str, value: JsValue| Reflect::set(&out, &JsValue::from_str(key), &value);
                set("status", file.status.into())?;
                set("contentType", file.content_type.map_or(JsValue::NULL, JsValue::from))?;
                set("size", file.content_length.map_or(JsValue::NULL, |n| JsValue::from_f64(n as f64)))?;
                set("body", file.body.map_or(JsValue::NULL, JsValue::from))?;
                Ok(out.into())
            }
        }
    }

    #[wasm_bindgen(js_name = listEntities)]
    pub fn list_entities() -> String {
        describe::list_entities().to_string()
    }
}
