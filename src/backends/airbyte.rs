//! The Airbyte API: application token, connector lookup, execute and the admin calls
//! (create a hosted connector, initiate server-side OAuth). Every Airbyte path and field name
//! lives in this file (the API moved twice in 2026).

use super::{auth_error, bounded, header_safe};
use crate::catalog::{Method, Operation, Shape};
use crate::config::{AdminCall, Secret};
use crate::error::{AsanaError, ErrorCode};
use crate::http::{Answer, Facts, Kind};
use crate::request::encode_into;
use crate::response::parse_retry_after;
use crate::HttpRequest;
use serde_json::{json, Map, Value};

/// Airbyte's definition id of the Asana source connector.
pub const ASANA_DEFINITION_ID: &str = "d0243522-dccf-4978-8ba0-37ed47a0bdbf";
const TOKEN_PATH: &str = "/api/v1/account/applications/token";
const CONNECTORS_PATH: &str = "/api/v1/integrations/connectors";
const OAUTH_INITIATE_PATH: &str = "/api/v1/integrations/connectors/oauth/initiate";

pub const TOKEN_WHAT: &str = "Getting an Airbyte application token";
pub const LOOKUP_WHAT: &str = "Looking up the hosted Asana connector";

/// Where and as whom the connector talks to Airbyte.
#[derive(Debug)]
pub struct AirbyteClient {
    pub api_url: String,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub organization_id: Option<String>,
}

impl AirbyteClient {
    /// The client-credentials exchange; `None` when there is no secret (getToken is used).
    pub fn token_request(&self) -> Option<HttpRequest> {
        let (Some(id), Some(secret)) = (&self.client_id, &self.client_secret) else {
            return None;
        };
        let body = json!({ "client_id": id, "client_secret": secret.expose() }).to_string();
        Some(self.request(Method::Post, TOKEN_PATH.into(), Some(body)))
    }

    pub fn lookup_request(&self, workspace: &str) -> HttpRequest {
        let mut path = format!("{CONNECTORS_PATH}?workspace_name=");
        encode_into(&mut path, workspace);
        path.push_str("&definition_id=");
        path.push_str(ASANA_DEFINITION_ID);
        self.request(Method::Get, path, None)
    }

    pub fn execute_request(&self, connector_id: &str, op: &Operation, params: &Map<String, Value>) -> HttpRequest {
        let mut path = format!("{CONNECTORS_PATH}/");
        encode_into(&mut path, connector_id);
        path.push_str("/execute");
        let body = json!({ "entity": op.entity, "action": op.action, "params": params }).to_string();
        self.request(Method::Post, path, Some(body))
    }

    pub fn admin_request(&self, call: &AdminCall) -> HttpRequest {
        let (path, body) = match call {
            AdminCall::CreateHosted { external_user_id, name, credentials, secret_id } => {
                let mut body = json!({
                    "workspace_name": external_user_id,
                    "definition_id": ASANA_DEFINITION_ID,
                    "name": name.clone().unwrap_or_else(|| format!("asana - {external_user_id}")),
                });
                match (credentials, secret_id) {
                    (Some(credentials), _) => body["credentials"] = credentials.clone(),
                    (None, secret_id) => body["server_side_oauth_secret_id"] = secret_id.clone().into(),
                }
                (CONNECTORS_PATH, body)
            }
            AdminCall::InitiateOAuth { external_user_id, redirect_url } => {
                (OAUTH_INITIATE_PATH, json!({ "workspace_name": external_user_id, "connector_type": "Asana", "redirect_url": redirect_url }))
            }
        };
        self.request(Method::Post, path.into(), Some(body.to_string()))
    }

    fn request(&self, method: Method, path: String, body: Option<String>) -> HttpRequest {
        let mut headers = vec![("Accept", "application/json".to_string())];
        if body.is_some() {
            headers.push(("Content-Type", "application/json".into()));
        }
        if let Some(org) = &self.organization_id {
            headers.push(("X-Organization-Id", org.clone()));
        }
        HttpRequest { method, url: format!("{}{path}", self.api_url), headers, body, form: None }
    }
}

/// The application token and its lifetime in ms, from the exchange's answer (any status).
pub fn read_token(answer: &Answer, now: u64) -> Result<(Secret, Option<u64>), AsanaError> {
    if answer.status != 200 {
        let error = error(TOKEN_WHAT, answer, now);
        return Err(match answer.status {
            400 | 401 | 403 | 422 => auth_error(format!("{} Check airbyteClientId and airbyteClientSecret.", error.message()))
                .with_status(answer.status)
                .with_details(error.details().cloned().unwrap_or(Value::Null)),
            _ => error,
        });
    }
    let parsed: Value = serde_json::from_str(answer.body.text()).map_err(|_| bad_answer("the token exchange"))?;
    let lifetime = parsed.get("expires_in").and_then(Value::as_u64).map(|s| s.saturating_mul(1000));
    match parsed.get("access_token").and_then(Value::as_str).filter(|t| !t.is_empty()) {
        Some(token) if header_safe(token) => Ok((Secret::new(token), lifetime)),
        Some(_) => Err(auth_error("Airbyte's token exchange answered a token holding spaces or control characters; it was refused and not sent.")),
        None => Err(auth_error("Airbyte's token exchange answered without an access_token.")),
    }
}

/// A token from the caller's `getToken`.
pub fn check_given_token(token: Option<String>) -> Result<Secret, AsanaError> {
    match token {
        Some(token) if header_safe(&token) => Ok(Secret::new(token)),
        Some(token) if token.is_empty() => Err(auth_error("getToken() resolved to an empty token.")),
        Some(_) => Err(auth_error("getToken() resolved to a token holding spaces or control characters; it was refused and not sent.")),
        None => Err(auth_error("getToken() did not resolve to a string.")),
    }
}

/// The single Asana connector of the workspace, from the lookup's 2xx answer.
pub fn read_lookup(answer: &Answer, workspace: &str) -> Result<String, AsanaError> {
    let found: Value = serde_json::from_str(answer.body.text()).map_err(|_| bad_answer("the connector lookup"))?;
    let connectors = found.get("data").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let ids: Vec<String> = connectors.iter().filter_map(|c| c.get("id").and_then(Value::as_str).map(String::from)).collect();
    let workspace = bounded(workspace);
    match ids.as_slice() {
        [id] if header_safe(id) => Ok(id.clone()),
        [_] => Err(bad_answer("the connector lookup")),
        [] => Err(AsanaError::new(
            ErrorCode::NotFound,
            format!("Airbyte has no Asana connector for workspace \"{workspace}\" (definition {ASANA_DEFINITION_ID}). Create one with AsanaConnector.createHosted() or pass connectorId."),
        )),
        several => Err(AsanaError::new(ErrorCode::Hosted, format!("Airbyte has {} Asana connectors for workspace \"{workspace}\"; pass connectorId to choose one.", several.len())).with_details(json!(several))),
    }
}

/// What the execute endpoint's parsed 2xx answer becomes: `None` for a bare `result` (null
/// meaning `{}`), or the list envelope's `meta` as JSON text.
pub fn read_execute(op: &Operation, facts: &Facts) -> Result<Option<String>, AsanaError> {
    let status = facts.status.as_deref().unwrap_or("success");
    if status != "success" {
        let said = facts.message.as_deref().map(bounded).unwrap_or_else(|| "no reason given".into());
        return Err(AsanaError::new(ErrorCode::Hosted, format!("Airbyte could not run {}/{} (status \"{}\"): {said}", op.entity, op.action, bounded(status))));
    }
    if !facts.object || facts.result == Kind::Missing {
        return Err(AsanaError::new(ErrorCode::BadResponse, format!("Airbyte's answer to {}/{} has no \"result\".", op.entity, op.action)));
    }
    if op.shape != Shape::List {
        return Ok(None);
    }
    let mut meta = match facts.metadata.as_deref().map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(m))) => m,
        _ => Map::new(),
    };
    if op.action != "context_store_search" && !meta.contains_key("next_page") {
        let next = match (meta.get("has_next_page"), meta.get("end_cursor")) {
            (Some(Value::Bool(true)), Some(Value::String(cursor))) => json!({ "offset": cursor }),
            _ => Value::Null,
        };
        meta.insert("next_page".into(), next);
    }
    Ok(Some(Value::Object(meta).to_string()))
}

/// What an admin call resolves to: the new connector's id, or the consent URL.
pub fn read_admin(call: &AdminCall, answer: &Answer) -> Result<String, AsanaError> {
    let (what, key) = match call {
        AdminCall::CreateHosted { .. } => ("connector creation", "id"),
        AdminCall::InitiateOAuth { .. } => ("OAuth initiation", "consent_url"),
    };
    let value: Value = serde_json::from_str(answer.body.text()).map_err(|_| bad_answer(what))?;
    value.get(key).and_then(Value::as_str).map(String::from).ok_or_else(|| bad_answer(what))
}

pub fn admin_what(call: &AdminCall) -> &'static str {
    match call {
        AdminCall::CreateHosted { .. } => "Creating the hosted connector",
        AdminCall::InitiateOAuth { .. } => "Initiating OAuth",
    }
}

fn bad_answer(what: &str) -> AsanaError {
    AsanaError::new(ErrorCode::BadResponse, format!("Airbyte's answer to {what} could not be read."))
}

/// Maps an Airbyte error answer (`{message, errors: [{field, message, error_code}]}`).
pub fn error(what: &str, answer: &Answer, now: u64) -> AsanaError {
    let body: Value = serde_json::from_str(answer.body.text()).unwrap_or(Value::Null);
    let mut said: Vec<String> = body.get("message").and_then(Value::as_str).map(bounded).into_iter().collect();
    if let Some(errors) = body.get("errors").and_then(Value::as_array) {
        said.extend(errors.iter().take(10).filter_map(|e| e.get("message").and_then(Value::as_str)).map(bounded));
    }
    let status = answer.status;
    let code = match status {
        401 | 403 => ErrorCode::Authentication,
        404 => ErrorCode::NotFound,
        429 => ErrorCode::RateLimited,
        500..=599 => ErrorCode::Server,
        _ => ErrorCode::Hosted,
    };
    let said = if said.is_empty() { String::new() } else { format!(": {}", said.join("; ")) };
    let error = AsanaError::new(code, format!("{what} failed: Airbyte answered HTTP {status}{said}"))
        .with_status(status)
        .with_retry_after_ms(answer.retry_after.as_deref().and_then(|v| parse_retry_after(v, now)));
    match body.get("errors") {
        Some(details @ Value::Array(_)) => error.with_details(details.clone()),
        _ => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{hosted_operation, operation};

    fn facts(status: Option<&str>, result: Kind, metadata: Option<&str>) -> Facts {
        Facts { result, status: status.map(String::from), metadata: metadata.map(String::from), ..Facts::default() }
    }

    #[test]
    fn lists_get_next_page_from_the_cursor_and_records_stay_bare() {
        let list = operation("tasks", "list").unwrap();
        let meta = read_execute(list, &facts(None, Kind::Array, Some(r#"{"has_next_page":true,"end_cursor":"c2"}"#))).unwrap().unwrap();
        assert_eq!(serde_json::from_str::<Value>(&meta).unwrap(), json!({"has_next_page": true, "end_cursor": "c2", "next_page": {"offset": "c2"}}));
        let last = read_execute(list, &facts(Some("success"), Kind::Array, None)).unwrap().unwrap();
        assert_eq!(last, r#"{"next_page":null}"#);
        assert_eq!(read_execute(operation("tasks", "get").unwrap(), &facts(None, Kind::Object, None)).unwrap(), None);
        let search = hosted_operation("tasks", "context_store_search").unwrap();
        assert_eq!(read_execute(search, &facts(None, Kind::Array, Some(r#"{"cursor":null}"#))).unwrap().unwrap(), r#"{"cursor":null}"#);
    }

    #[test]
    fn failures_and_missing_results_are_typed() {
        let get = operation("tasks", "get").unwrap();
        assert_eq!(read_execute(get, &facts(Some("error"), Kind::Missing, None)).unwrap_err().code(), ErrorCode::Hosted);
        assert_eq!(read_execute(get, &facts(None, Kind::Missing, None)).unwrap_err().code(), ErrorCode::BadResponse);
    }

    #[test]
    fn retry_after_dates_are_read_for_airbyte_too() {
        let mut answer = Answer::text(429, "{}");
        answer.retry_after = Some("Sun, 06 Nov 1994 08:49:47 GMT".into());
        assert_eq!(error("x", &answer, 784_111_777_000).retry_after_ms(), Some(10_000));
    }
}
