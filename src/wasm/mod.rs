//! The JS binding: converts values and hands them to the core. No decisions live here.

mod fetch;

use crate::config::{parse_admin, AdminCall};
use crate::connector::{Connector, Outcome};
use crate::hosted::{create_connector, initiate_oauth, AirbyteClient};
use crate::policy::RetryPolicy;
use crate::tools::{self, Surface};
use crate::{describe, mcp, AsanaError, Config, ErrorCode};
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

    /// A model's tool call (JSON text of the input); never rejects.
    #[wasm_bindgen(js_name = runTool)]
    pub async fn run_tool(&self, input_json: String, max_output_chars: u32, timeout_ms: Option<u32>, signal: Option<AbortSignal>) -> String {
        let (connector, hooks) = (Rc::clone(&self.connector), Rc::clone(&self.hooks));
        let transport = FetchTransport { hooks: &hooks, signal: signal.as_ref() };
        let input = serde_json::from_str(&input_json).unwrap_or(Value::Null);
        connector.run_tool(&transport, &input, max_output_chars as usize, timeout_ms).await
    }

    /// One MCP HTTP POST body in, the JSON answer out (`undefined`: notifications only).
    pub async fn mcp(&self, body: String, max_output_chars: u32) -> Option<String> {
        let (connector, hooks) = (Rc::clone(&self.connector), Rc::clone(&self.hooks));
        let transport = FetchTransport { hooks: &hooks, signal: None };
        mcp::handle(&connector, &transport, &body, max_output_chars as usize).await
    }

    /// The tool definition in `format`'s shape, as JSON text.
    pub fn tool(&self, format: &str) -> Result<String, JsValue> {
        tools::definition(format, self.connector.surface()).map(|d| d.to_string()).map_err(reject)
    }

    #[wasm_bindgen(js_name = toolDescription)]
    pub fn tool_description(&self) -> String {
        tools::description(self.connector.surface())
    }

    /// The description for a local, read-write connector (the static helper).
    #[wasm_bindgen(js_name = defaultToolDescription)]
    pub fn default_tool_description() -> String {
        tools::description(Surface::default())
    }

    /// Throws `output_too_large` when `text` is longer than `max_chars`.
    #[wasm_bindgen(js_name = guardOutput)]
    pub fn guard_output(text: &str, max_chars: u32) -> Result<(), JsValue> {
        tools::guard_output(text, max_chars as usize).map_err(reject)
    }

    /// An error as a model should read it: `{error: {code, message, retryable}}` JSON text.
    #[wasm_bindgen(js_name = forModel)]
    pub fn for_model(code: &str, message: &str) -> String {
        let code = ErrorCode::parse(code).unwrap_or(ErrorCode::Http);
        tools::error_for_model(&AsanaError::new(code, message)).to_string()
    }

    /// The surface of a local, read-write connector (the static helper).
    #[wasm_bindgen(js_name = defaultEntities)]
    pub fn default_entities() -> String {
        describe::list_entities(Surface::default()).to_string()
    }

    /// This connector's surface (mode- and readOnly-aware).
    #[wasm_bindgen(js_name = listEntities)]
    pub fn list_entities(&self) -> String {
        describe::list_entities(self.connector.surface()).to_string()
    }

    /// `createHosted` (`create`) or `initiateOAuth`: resolves to the connector id or consent URL.
    pub async fn admin(options_json: String, hooks: JsValue, create: bool) -> Result<String, JsValue> {
        let options = parse_object(&options_json, ErrorCode::InvalidConfig, "options")?;
        let (access, call) = parse_admin(&options, create).map_err(reject)?;
        let hooks = Hooks::from_js(&hooks);
        let transport = FetchTransport { hooks: &hooks, signal: None };
        let client = AirbyteClient::new(access.api_url, access.client_id, access.client_secret, access.organization_id, access.timeout_ms, RetryPolicy::default());
        let result = match call {
            AdminCall::CreateHosted { external_user_id, name, credentials, secret_id } => {
                create_connector(&client, &transport, &external_user_id, name.as_deref(), credentials, secret_id.as_deref(), access.timeout_ms).await
            }
            AdminCall::InitiateOAuth { external_user_id, redirect_url } => initiate_oauth(&client, &transport, &external_user_id, &redirect_url, access.timeout_ms).await,
        };
        result.map_err(reject)
    }
}
