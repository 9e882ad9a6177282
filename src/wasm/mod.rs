//! The JS binding: converts values and hands them to the core. No decisions live here.

mod fetch;

use crate::config::{parse_admin, AdminCall};
use crate::connector::{Connector, Outcome};
use crate::hosted::{create_connector, initiate_oauth, AirbyteClient};
use crate::{describe, AsanaError, Config, ErrorCode};
use fetch::{FetchTransport, Hooks};
use js_sys::{Object, Reflect};
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// Errors cross the boundary as JSON text; `pkg/error.js` turns them into `AsanaError`s.
fn reject(error: AsanaError) -> JsValue {
    JsValue::from_str(&error.to_json().to_string())
}

fn parse_object(text: &str, code: ErrorCode, what: &str) -> Result<Value, JsValue> {
    match serde_json::from_str(text) {
        Ok(value @ Value::Object(_)) => Ok(value),
        _ => Err(reject(AsanaError::new(code, format!("The {what} must be a plain object of JSON values.")))),
    }
}

#[wasm_bindgen]
pub struct Core {
    connector: Rc<Connector>,
    hooks: Rc<Hooks>,
}

#[wasm_bindgen]
impl Core {
    /// `hooks`: `{fetch?, onTokenRefresh?, onWarning?, getToken?}`, the config's functions.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str, hooks: &JsValue) -> Result<Core, JsValue> {
        let config = Config::parse(&parse_object(config_json, ErrorCode::InvalidConfig, "config")?).map_err(reject)?;
        let connector = Connector::new(config).map_err(reject)?;
        Ok(Core { connector: Rc::new(connector), hooks: Rc::new(Hooks::from_js(hooks)) })
    }

    /// Resolves to JSON text, or for downloads to `{status, contentType, size, body}`.
    pub async fn execute(&self, entity: String, action: String, params_json: String, timeout_ms: Option<u32>, signal: Option<AbortSignal>) -> Result<JsValue, JsValue> {
        let (connector, hooks) = (Rc::clone(&self.connector), Rc::clone(&self.hooks));
        let Value::Object(params) = parse_object(&params_json, ErrorCode::InvalidParams, "params")? else { unreachable!() };
        let transport = FetchTransport { hooks: &hooks, signal: signal.as_ref() };
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

    /// `"token"`, `"oauth"` or `"hosted"`.
    pub fn mode(&self) -> String {
        self.connector.mode_name().into()
    }

    /// The hosted connector's id (looked up once), or `null` in local mode.
    #[wasm_bindgen(js_name = connectorId)]
    pub async fn connector_id(&self) -> Result<Option<String>, JsValue> {
        let (connector, hooks) = (Rc::clone(&self.connector), Rc::clone(&self.hooks));
        let transport = FetchTransport { hooks: &hooks, signal: None };
        connector.connector_id(&transport).await.map_err(reject)
    }

    #[wasm_bindgen(js_name = listEntities)]
    pub fn list_entities() -> String {
        describe::list_entities().to_string()
    }

    /// `createHosted` (`create`) or `initiateOAuth`: resolves to the connector id or consent URL.
    pub async fn admin(options_json: String, hooks: JsValue, create: bool) -> Result<String, JsValue> {
        let options = parse_object(&options_json, ErrorCode::InvalidConfig, "options")?;
        let (access, call) = parse_admin(&options, create).map_err(reject)?;
        let hooks = Hooks::from_js(&hooks);
        let transport = FetchTransport { hooks: &hooks, signal: None };
        let client = AirbyteClient::new(access.api_url, access.client_id, access.client_secret, access.organization_id, access.timeout_ms);
        let result = match call {
            AdminCall::CreateHosted { external_user_id, name, credentials, secret_id } => {
                create_connector(&client, &transport, &external_user_id, name.as_deref(), credentials, secret_id.as_deref(), access.timeout_ms).await
            }
            AdminCall::InitiateOAuth { external_user_id, redirect_url } => initiate_oauth(&client, &transport, &external_user_id, &redirect_url, access.timeout_ms).await,
        };
        result.map_err(reject)
    }
}
