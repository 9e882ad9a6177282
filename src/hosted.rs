//! Hosted execution through the Airbyte API: application token, connector lookup, execute,
//! and the admin calls (create a hosted connector, initiate server-side OAuth).
//!
//! Every Airbyte path and field name lives in this file (the API moved twice in 2026).

use crate::auth::{auth_error, expiry, Fresh, Held, TokenCache};
use crate::catalog::{Method, Operation, Shape};
use crate::config::Secret;
use crate::error::{AsanaError, ErrorCode};
use crate::policy::{Failure, Retrier, RetryPolicy};
use crate::request::encode_into;
use crate::transport::{Callbacks, HttpRequest, HttpResponse, StreamResponse, Transport, TransportError};
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// Airbyte's definition id of the Asana source connector.
pub const ASANA_DEFINITION_ID: &str = "d0243522-dccf-4978-8ba0-37ed47a0bdbf";
const TOKEN_PATH: &str = "/api/v1/account/applications/token";
const CONNECTORS_PATH: &str = "/api/v1/integrations/connectors";
const OAUTH_INITIATE_PATH: &str = "/api/v1/integrations/connectors/oauth/initiate";

/// How the connector obtains Airbyte application tokens.
pub struct AirbyteClient {
    api_url: String,
    client_id: Option<String>,
    client_secret: Option<Secret>,
    organization_id: Option<String>,
    token: TokenCache,
    policy: RetryPolicy,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    expires_in: Option<u64>,
}

impl AirbyteClient {
    pub fn new(api_url: String, client_id: Option<String>, client_secret: Option<Secret>, organization_id: Option<String>, timeout_ms: u32, policy: RetryPolicy) -> Self {
        AirbyteClient { api_url, client_id, client_secret, organization_id, token: TokenCache::new(None, None, u64::from(timeout_ms)), policy }
    }

    /// An application token newer than `stale`: cached until shortly before `expires_in`,
    /// one exchange for all concurrent callers; from `getToken` when the caller gave one.
    async fn token<T: Transport + Callbacks>(&self, transport: &T, stale: Option<u64>, timeout_ms: u32) -> Result<Held, AsanaError> {
        self.token.get(transport, stale, || self.exchange(transport, timeout_ms)).await
    }

    async fn exchange<T: Transport + Callbacks>(&self, transport: &T, timeout_ms: u32) -> Result<Fresh, AsanaError> {
        if let Some(given) = transport.hosted_token().await {
            return match given {
                Ok(token) if !token.is_empty() => Ok(Fresh { token: Secret::new(token), expires_at: None }),
                Ok(_) => Err(auth_error("getToken() resolved to an empty token.")),
                Err(why) => Err(auth_error(format!("getToken() failed: {why}"))),
            };
        }
        let (Some(id), Some(secret)) = (&self.client_id, &self.client_secret) else {
            return Err(AsanaError::new(ErrorCode::InvalidConfig, "Hosted mode needs airbyteClientId and airbyteClientSecret, or a getToken function."));
        };
        let body = json!({ "client_id": id, "client_secret": secret.expose() }).to_string();
        let request = self.request(Method::Post, TOKEN_PATH.to_string(), Some(body), None);
        let answer = transport.send(&request, timeout_ms).await.map_err(|e| e.into_error("Getting an Airbyte application token", timeout_ms))?;
        if answer.status != 200 {
            let error = airbyte_error("Getting an Airbyte application token", &answer);
            return Err(match answer.status {
                400 | 401 | 403 | 422 => auth_error(format!("{} Check airbyteClientId and airbyteClientSecret.", error.message())).with_status(answer.status).with_details(error.details().cloned().unwrap_or(Value::Null)),
                _ => error,
            });
        }
        let parsed: TokenAnswer = serde_json::from_str(&answer.body).map_err(|_| bad_answer("the token exchange"))?;
        match parsed.access_token.filter(|t| !t.is_empty()) {
            Some(token) => Ok(Fresh { token: Secret::new(token), expires_at: expiry(parsed.expires_in, transport.now_ms()) }),
            None => Err(auth_error("Airbyte's token exchange answered without an access_token.")),
        }
    }

    fn request(&self, method: Method, path: String, body: Option<String>, token: Option<&Secret>) -> HttpRequest {
        let mut headers = vec![("Accept", "application/json".to_string())];
        if body.is_some() {
            headers.push(("Content-Type", "application/json".into()));
        }
        if let Some(token) = token {
            headers.push(("Authorization", format!("Bearer {}", token.expose())));
        }
        if let Some(org) = &self.organization_id {
            headers.push(("X-Organization-Id", org.clone()));
        }
        HttpRequest { method, url: format!("{}{path}", self.api_url), headers, body }
    }

    /// Sends with an application token; on a 401, gets a new token once and retries once.
    /// `is_read`: the operation only reads, so 5xx and network failures are retried too
    /// (429s always are).
    async fn call<T: Transport + Callbacks>(&self, transport: &T, what: &str, is_read: bool, method: Method, path: String, body: Option<String>, timeout_ms: u32) -> Result<HttpResponse, AsanaError> {
        let mut retrier = Retrier::new(self.policy, is_read);
        let mut stale = None;
        loop {
            let held = self.token(transport, stale, timeout_ms).await?;
            let request = self.request(method, path.clone(), body.clone(), Some(&held.token));
            let (failure, error) = match transport.send(&request, timeout_ms).await {
                Ok(answer) if (200..300).contains(&answer.status) => return Ok(answer),
                Ok(answer) if answer.status == 401 && stale.is_none() => {
                    stale = Some(held.generation);
                    continue;
                }
                Ok(answer) => {
                    let error = airbyte_error(what, &answer);
                    (Failure::Status(answer.status, error.retry_after_ms()), error)
                }
                Err(e) => match Failure::of_transport(&e) {
                    Some(failure) => (failure, e.into_error(what, timeout_ms)),
                    None => return Err(e.into_error(what, timeout_ms)),
                },
            };
            match retrier.again(transport, failure).await {
                Ok(true) => {}
                Ok(false) => return Err(error),
                Err(_) => return Err(TransportError::Aborted.into_error(what, timeout_ms)),
            }
        }
    }

    /// As `call`, keeping the answer's body a stream (hosted downloads are raw bytes).
    async fn open<T: Transport + Callbacks>(&self, transport: &T, what: &str, path: String, body: String, timeout_ms: u32) -> Result<StreamResponse<T::Stream>, AsanaError> {
        let mut stale = None;
        loop {
            let held = self.token(transport, stale, timeout_ms).await?;
            let request = self.request(Method::Post, path.clone(), Some(body.clone()), Some(&held.token));
            let answer = transport.open(&request, timeout_ms).await.map_err(|e| e.into_error(what, timeout_ms))?;
            match answer.status {
                401 if stale.is_none() => stale = Some(held.generation),
                200..=299 => return Ok(answer),
                status => return Err(status_error(what, status, String::new(), Value::Null)),
            }
        }
    }
}

/// A connector that runs every operation through Airbyte.
pub struct Hosted {
    client: AirbyteClient,
    external_user_id: Option<String>,
    /// Given, or found by the lookup and kept for the connector's lifetime.
    connector_id: TokenCache,
}

#[derive(Deserialize)]
struct Lookup {
    data: Option<Vec<Value>>,
}

impl Hosted {
    pub fn new(client: AirbyteClient, external_user_id: Option<String>, connector_id: Option<String>, timeout_ms: u32) -> Self {
        Hosted { client, external_user_id, connector_id: TokenCache::new(connector_id.map(Secret::new), None, u64::from(timeout_ms)) }
    }

    /// The connector id: the configured one, or the single Asana connector of the workspace.
    pub async fn connector_id<T: Transport + Callbacks>(&self, transport: &T, timeout_ms: u32) -> Result<String, AsanaError> {
        let held = self.connector_id.get(transport, None, || self.lookup(transport, timeout_ms)).await?;
        Ok(held.token.expose().to_string())
    }

    async fn lookup<T: Transport + Callbacks>(&self, transport: &T, timeout_ms: u32) -> Result<Fresh, AsanaError> {
        let workspace = self.external_user_id.as_deref().unwrap_or_default();
        let mut path = format!("{CONNECTORS_PATH}?workspace_name=");
        encode_into(&mut path, workspace);
        path.push_str("&definition_id=");
        path.push_str(ASANA_DEFINITION_ID);
        let answer = self.client.call(transport, "Looking up the hosted Asana connector", true, Method::Get, path, None, timeout_ms).await?;
        let found: Lookup = serde_json::from_str(&answer.body).map_err(|_| bad_answer("the connector lookup"))?;
        let ids: Vec<String> = found.data.unwrap_or_default().iter().filter_map(|c| c.get("id").and_then(Value::as_str).map(String::from)).collect();
        match ids.as_slice() {
            [id] => Ok(Fresh { token: Secret::new(id.clone()), expires_at: None }),
            [] => Err(AsanaError::new(
                ErrorCode::NotFound,
                format!("Airbyte has no Asana connector for workspace \"{workspace}\" (definition {ASANA_DEFINITION_ID}). Create one with AsanaConnector.createHosted() or pass connectorId."),
            )),
            several => Err(AsanaError::new(
                ErrorCode::Hosted,
                format!("Airbyte has {} Asana connectors for workspace \"{workspace}\"; pass connectorId to choose one.", several.len()),
            )
            .with_details(json!(several))),
        }
    }

    /// Runs a validated operation through Airbyte's execute endpoint.
    pub async fn execute<T: Transport + Callbacks>(&self, transport: &T, op: &Operation, params: &Map<String, Value>, timeout_ms: u32) -> Result<HostedOutcome<T::Stream>, AsanaError> {
        let id = self.connector_id(transport, timeout_ms).await?;
        let mut path = format!("{CONNECTORS_PATH}/");
        encode_into(&mut path, &id);
        path.push_str("/execute");
        let body = json!({ "entity": op.entity, "action": op.action, "params": params }).to_string();
        let what = format!("Hosted {}/{}", op.entity, op.action);
        if op.shape == Shape::Download {
            let file = self.client.open(transport, &what, path, body, timeout_ms).await?;
            if file.content_length == Some(0) {
                return Err(AsanaError::new(ErrorCode::NotFound, "Airbyte answered the download with an empty body; the attachment may not exist."));
            }
            return Ok(HostedOutcome::Download(file));
        }
        let answer = self.client.call(transport, &what, op.method.is_read(), Method::Post, path, Some(body), timeout_ms).await?;
        shape(op, &answer.body).map(HostedOutcome::Json)
    }
}

pub enum HostedOutcome<S> {
    Json(String),
    Download(StreamResponse<S>),
}

/// Airbyte's `{status, result, connector_metadata}` in the shapes local mode returns.
pub fn shape(op: &Operation, body: &str) -> Result<String, AsanaError> {
    let envelope: Value = serde_json::from_str(body).map_err(|_| bad_answer("execute"))?;
    let status = envelope.get("status").and_then(Value::as_str).unwrap_or("success");
    if status != "success" {
        let said = envelope.get("message").or_else(|| envelope.get("error")).and_then(Value::as_str).unwrap_or("no reason given");
        return Err(AsanaError::new(ErrorCode::Hosted, format!("Airbyte could not run {}/{} (status \"{status}\"): {said}", op.entity, op.action)).with_details(envelope));
    }
    let Some(result) = envelope.get("result") else {
        return Err(AsanaError::new(ErrorCode::BadResponse, format!("Airbyte's answer to {}/{} has no \"result\".", op.entity, op.action)));
    };
    if op.shape != Shape::List {
        return Ok(match result {
            Value::Null => "{}".to_string(),
            other => other.to_string(),
        });
    }
    let mut meta = match envelope.get("connector_metadata") {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    if op.action != "context_store_search" && !meta.contains_key("next_page") {
        let next = match (meta.get("has_next_page"), meta.get("end_cursor")) {
            (Some(Value::Bool(true)), Some(Value::String(cursor))) => json!({ "offset": cursor }),
            _ => Value::Null,
        };
        meta.insert("next_page".into(), next);
    }
    Ok(json!({ "data": result, "meta": meta }).to_string())
}

/// `AsanaConnector.createHosted(...)`: a new hosted connector holding the Asana credentials.
pub async fn create_connector<T: Transport + Callbacks>(client: &AirbyteClient, transport: &T, external_user_id: &str, name: Option<&str>, credentials: Option<Value>, secret_id: Option<&str>, timeout_ms: u32) -> Result<String, AsanaError> {
    let mut body = json!({
        "workspace_name": external_user_id,
        "definition_id": ASANA_DEFINITION_ID,
        "name": name.map(String::from).unwrap_or_else(|| format!("asana - {external_user_id}")),
    });
    match (credentials, secret_id) {
        (Some(credentials), None) => body["credentials"] = credentials,
        (None, Some(secret_id)) => body["server_side_oauth_secret_id"] = secret_id.into(),
        _ => return Err(AsanaError::new(ErrorCode::InvalidConfig, "createHosted needs exactly one of \"credentials\" and \"serverSideOauthSecretId\".")),
    }
    let answer = client.call(transport, "Creating the hosted connector", false, Method::Post, CONNECTORS_PATH.into(), Some(body.to_string()), timeout_ms).await?;
    let created: Value = serde_json::from_str(&answer.body).map_err(|_| bad_answer("connector creation"))?;
    created.get("id").and_then(Value::as_str).map(String::from).ok_or_else(|| bad_answer("connector creation"))
}

/// `AsanaConnector.initiateOAuth(...)`: the consent URL of Airbyte's server-side OAuth flow.
pub async fn initiate_oauth<T: Transport + Callbacks>(client: &AirbyteClient, transport: &T, external_user_id: &str, redirect_url: &str, timeout_ms: u32) -> Result<String, AsanaError> {
    let body = json!({ "workspace_name": external_user_id, "connector_type": "Asana", "redirect_url": redirect_url });
    let answer = client.call(transport, "Initiating OAuth", false, Method::Post, OAUTH_INITIATE_PATH.into(), Some(body.to_string()), timeout_ms).await?;
    let started: Value = serde_json::from_str(&answer.body).map_err(|_| bad_answer("OAuth initiation"))?;
    started.get("consent_url").and_then(Value::as_str).map(String::from).ok_or_else(|| bad_answer("OAuth initiation"))
}

fn bad_answer(what: &str) -> AsanaError {
    AsanaError::new(ErrorCode::BadResponse, format!("Airbyte's answer to {what} could not be read."))
}

/// Maps an Airbyte error answer (`{message, errors: [{field, message, error_code}]}`).
fn airbyte_error(what: &str, answer: &HttpResponse) -> AsanaError {
    let body: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
    let mut said: Vec<String> = body.get("message").and_then(Value::as_str).map(String::from).into_iter().collect();
    if let Some(errors) = body.get("errors").and_then(Value::as_array) {
        said.extend(errors.iter().filter_map(|e| e.get("message").and_then(Value::as_str)).map(String::from));
    }
    let details = body.get("errors").cloned().unwrap_or(Value::Null);
    status_error(what, answer.status, said.join("; "), details).with_retry_after_ms(answer.retry_after.as_deref().and_then(|v| v.trim().parse::<u64>().ok()).map(|s| s * 1000))
}

fn status_error(what: &str, status: u16, said: String, details: Value) -> AsanaError {
    let code = match status {
        401 | 403 => ErrorCode::Authentication,
        404 => ErrorCode::NotFound,
        400 | 422 => ErrorCode::Hosted,
        429 => ErrorCode::RateLimited,
        500..=599 => ErrorCode::Server,
        _ => ErrorCode::Hosted,
    };
    let said = if said.is_empty() { String::new() } else { format!(": {said}") };
    let error = AsanaError::new(code, format!("{what} failed: Airbyte answered HTTP {status}{said}")).with_status(status);
    if details.is_null() {
        error
    } else {
        error.with_details(details)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{hosted_operation, operation};

    #[test]
    fn lists_map_result_and_metadata_to_the_local_envelope() {
        let op = operation("tasks", "list").unwrap();
        let out: Value = serde_json::from_str(&shape(op, r#"{"status":"success","result":[{"gid":"1"}],"connector_metadata":{"has_next_page":true,"end_cursor":"c2"}}"#).unwrap()).unwrap();
        assert_eq!(out, json!({"data": [{"gid": "1"}], "meta": {"has_next_page": true, "end_cursor": "c2", "next_page": {"offset": "c2"}}}));
        let last: Value = serde_json::from_str(&shape(op, r#"{"status":"success","result":[]}"#).unwrap()).unwrap();
        assert_eq!(last, json!({"data": [], "meta": {"next_page": null}}));
    }

    #[test]
    fn records_are_bare_and_search_meta_passes_through() {
        let get = operation("tasks", "get").unwrap();
        assert_eq!(shape(get, r#"{"status":"success","result":{"gid":"1"}}"#).unwrap(), r#"{"gid":"1"}"#);
        let search = hosted_operation("tasks", "context_store_search").unwrap();
        let out: Value = serde_json::from_str(&shape(search, r#"{"result":[],"connector_metadata":{"has_more":false,"cursor":null,"took_ms":3}}"#).unwrap()).unwrap();
        assert_eq!(out["meta"], json!({"has_more": false, "cursor": null, "took_ms": 3}));
    }

    #[test]
    fn failures_and_missing_results_are_typed() {
        let get = operation("tasks", "get").unwrap();
        assert_eq!(shape(get, r#"{"status":"error","message":"boom"}"#).unwrap_err().code(), ErrorCode::Hosted);
        assert_eq!(shape(get, r#"{"status":"success"}"#).unwrap_err().code(), ErrorCode::BadResponse);
        assert_eq!(shape(get, "<html>").unwrap_err().code(), ErrorCode::BadResponse);
    }
}
