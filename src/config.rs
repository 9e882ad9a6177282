//! The constructor's options: parsed strictly, with the snake_case aliases of the original docs.

use crate::error::{AsanaError, ErrorCode};
use serde_json::{Map, Value};
use std::fmt;

pub const DEFAULT_BASE_URL: &str = "https://app.asana.com/api/1.0";
pub const DEFAULT_TOKEN_URL: &str = "https://app.asana.com/-/oauth_token";
pub const DEFAULT_AIRBYTE_API_URL: &str = "https://api.airbyte.ai";

/// A credential. It is only ever read to build a request; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Credentials {
    Token(Secret),
    OAuth {
        refresh_token: Secret,
        access_token: Option<Secret>,
        client_id: Option<String>,
        client_secret: Option<Secret>,
        /// Epoch milliseconds.
        expires_at: Option<u64>,
    },
    Hosted {
        external_user_id: Option<String>,
        connector_id: Option<String>,
        client_id: Option<String>,
        client_secret: Option<Secret>,
        /// The caller supplies Airbyte tokens through a `getToken` function instead of a secret.
        has_get_token: bool,
        organization_id: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub credentials: Credentials,
    pub base_url: String,
    pub token_url: String,
    pub airbyte_api_url: String,
    pub timeout_ms: u32,
    pub max_attempts: u32,
    pub max_delay_ms: u32,
    pub max_concurrency: Option<u32>,
    pub asana_enable: Vec<String>,
    pub asana_disable: Vec<String>,
    pub read_only: bool,
    /// An answer body (after decompression) past this is cancelled: `bad_response`.
    pub max_response_bytes: u64,
}

pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// Options whose values are JS functions: the binding passes `true` for each one it holds.
const FUNCTION_KEYS: [&str; 4] = ["fetch", "onTokenRefresh", "onWarning", "getToken"];

/// (accepted spelling, canonical name): the hosted identity and credential keys, shared by the
/// constructor and the static admin helpers.
const AIRBYTE_KEYS: &[(&str, &str)] = &[
    ("externalUserId", "externalUserId"),
    ("external_user_id", "externalUserId"),
    ("workspaceName", "externalUserId"),
    ("workspace_name", "externalUserId"),
    ("customerName", "externalUserId"),
    ("customer_name", "externalUserId"),
    ("airbyteClientId", "airbyteClientId"),
    ("airbyte_client_id", "airbyteClientId"),
    ("airbyteClientSecret", "airbyteClientSecret"),
    ("airbyte_client_secret", "airbyteClientSecret"),
    ("organizationId", "organizationId"),
    ("organization_id", "organizationId"),
    ("airbyteApiUrl", "airbyteApiUrl"),
    ("timeoutMs", "timeoutMs"),
    ("fetch", "fetch"),
    ("getToken", "getToken"),
];

/// The constructor's other keys.
const CONNECTOR_KEYS: &[(&str, &str)] = &[
    ("auth", "auth"),
    ("auth_config", "auth"),
    ("connectorId", "connectorId"),
    ("connector_id", "connectorId"),
    ("baseUrl", "baseUrl"),
    ("tokenUrl", "tokenUrl"),
    ("retry", "retry"),
    ("maxConcurrency", "maxConcurrency"),
    ("asanaEnable", "asanaEnable"),
    ("asanaDisable", "asanaDisable"),
    ("readOnly", "readOnly"),
    ("maxResponseBytes", "maxResponseBytes"),
    ("onTokenRefresh", "onTokenRefresh"),
    ("onWarning", "onWarning"),
];

const AUTH_KEYS: &[(&str, &str)] = &[
    ("token", "token"),
    ("refreshToken", "refreshToken"),
    ("refresh_token", "refreshToken"),
    ("accessToken", "accessToken"),
    ("access_token", "accessToken"),
    ("clientId", "clientId"),
    ("client_id", "clientId"),
    ("clientSecret", "clientSecret"),
    ("client_secret", "clientSecret"),
    ("expiresAt", "expiresAt"),
];

const HOSTED_KEYS: [&str; 6] = ["externalUserId", "connectorId", "airbyteClientId", "airbyteClientSecret", "organizationId", "getToken"];

fn config_error(message: impl Into<String>) -> AsanaError {
    AsanaError::new(ErrorCode::InvalidConfig, message)
}

/// Canonicalises keys, refusing unknown keys and two spellings of one key.
fn canonical(object: &Map<String, Value>, tables: &[&[(&str, &'static str)]], scope: &str) -> Result<Map<String, Value>, AsanaError> {
    let mut out = Map::new();
    let known = || tables.iter().flat_map(|t| t.iter());
    for (key, value) in object {
        let Some((_, name)) = known().find(|(spelling, _)| spelling == key) else {
            let names: Vec<&str> = known().map(|(s, _)| *s).collect();
            let hint = crate::catalog::nearest(key, names.iter().copied()).map(|n| format!(" Did you mean \"{n}\"?")).unwrap_or_default();
            return Err(config_error(format!("Unknown {scope}key \"{}\".{hint} Accepted: {}.", crate::catalog::echo(key), names.join(", "))));
        };
        if out.insert(name.to_string(), value.clone()).is_some() {
            return Err(config_error(format!("\"{name}\" is given twice (two spellings of one {scope}key).")));
        }
    }
    Ok(out)
}

fn string(object: &Map<String, Value>, key: &str) -> Result<Option<String>, AsanaError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Err(config_error(format!("\"{key}\" is an empty string; give a value or leave it out."))),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(config_error(format!("\"{key}\" must be a string."))),
    }
}

/// A credential: it travels in a header or a form, so a control character is refused.
fn secret(object: &Map<String, Value>, key: &str) -> Result<Option<Secret>, AsanaError> {
    match string(object, key)? {
        Some(s) if s.chars().any(char::is_control) => {
            Err(config_error(format!("\"{key}\" holds a control character (a newline, NUL, ...); it cannot be sent.")))
        }
        other => Ok(other.map(Secret)),
    }
}

fn number(object: &Map<String, Value>, key: &str, range: std::ops::RangeInclusive<u64>) -> Result<Option<u64>, AsanaError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_u64().filter(|v| range.contains(v)) {
            Some(v) => Ok(Some(v)),
            None => Err(config_error(format!("\"{key}\" must be an integer from {} to {}.", range.start(), range.end()))),
        },
        Some(_) => Err(config_error(format!("\"{key}\" must be a number."))),
    }
}

fn url(object: &Map<String, Value>, key: &str, default: &str) -> Result<String, AsanaError> {
    match string(object, key)? {
        None => Ok(default.to_string()),
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => Ok(u.trim_end_matches('/').to_string()),
        Some(_) => Err(config_error(format!("\"{key}\" must be an absolute http(s) URL."))),
    }
}

fn string_list(object: &Map<String, Value>, key: &str) -> Result<Vec<String>, AsanaError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match i.as_str() {
                Some(s) if !s.trim().is_empty() => Ok(s.to_string()),
                _ => Err(config_error(format!("\"{key}\" must be a list of non-empty strings."))),
            })
            .collect(),
        Some(_) => Err(config_error(format!("\"{key}\" must be a list of strings."))),
    }
}

fn flag(object: &Map<String, Value>, key: &str) -> Result<bool, AsanaError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) if FUNCTION_KEYS.contains(&key) => Err(config_error(format!("\"{key}\" must be a function."))),
        Some(_) => Err(config_error(format!("\"{key}\" must be true or false."))),
    }
}

impl Config {
    pub fn retry_policy(&self) -> crate::call::RetryPolicy {
        crate::call::RetryPolicy { max_attempts: self.max_attempts, max_delay_ms: u64::from(self.max_delay_ms) }
    }

    /// The settings of a static admin helper: hosted credentials, every other option default.
    pub fn hosted_defaults(access: AirbyteAccess) -> Config {
        Config {
            credentials: Credentials::Hosted {
                external_user_id: None,
                connector_id: None,
                client_id: access.client_id,
                client_secret: access.client_secret,
                has_get_token: access.has_get_token,
                organization_id: access.organization_id,
            },
            base_url: DEFAULT_BASE_URL.into(),
            token_url: DEFAULT_TOKEN_URL.into(),
            airbyte_api_url: access.api_url,
            timeout_ms: access.timeout_ms,
            max_attempts: 3,
            max_delay_ms: 30_000,
            max_concurrency: None,
            asana_enable: Vec::new(),
            asana_disable: Vec::new(),
            read_only: false,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    pub fn parse(value: &Value) -> Result<Config, AsanaError> {
        let Value::Object(raw) = value else {
            return Err(config_error("The config must be an object such as { auth: { token } }."));
        };
        let top = canonical(raw, &[AIRBYTE_KEYS, CONNECTOR_KEYS], "")?;
        for key in FUNCTION_KEYS {
            flag(&top, key)?;
        }
        let credentials = credentials(&top)?;
        let retry = match top.get("retry") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(r)) => canonical(r, &[&[("maxAttempts", "maxAttempts"), ("maxDelayMs", "maxDelayMs")]], "retry ")?,
            Some(_) => return Err(config_error("\"retry\" must be an object { maxAttempts, maxDelayMs }.")),
        };
        Ok(Config {
            credentials,
            base_url: url(&top, "baseUrl", DEFAULT_BASE_URL)?,
            token_url: url(&top, "tokenUrl", DEFAULT_TOKEN_URL)?,
            airbyte_api_url: url(&top, "airbyteApiUrl", DEFAULT_AIRBYTE_API_URL)?,
            timeout_ms: number(&top, "timeoutMs", 1..=600_000)?.unwrap_or(30_000) as u32,
            max_attempts: number(&retry, "maxAttempts", 1..=10)?.unwrap_or(3) as u32,
            max_delay_ms: number(&retry, "maxDelayMs", 1..=600_000)?.unwrap_or(30_000) as u32,
            max_concurrency: number(&top, "maxConcurrency", 1..=1000)?.map(|n| n as u32),
            asana_enable: string_list(&top, "asanaEnable")?,
            asana_disable: string_list(&top, "asanaDisable")?,
            read_only: flag(&top, "readOnly")?,
            max_response_bytes: number(&top, "maxResponseBytes", 1..=(1 << 40))?.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
        })
    }
}

fn credentials(top: &Map<String, Value>) -> Result<Credentials, AsanaError> {
    let hosted: Vec<&str> = HOSTED_KEYS.iter().copied().filter(|k| top.get(*k).is_some_and(|v| !v.is_null())).collect();
    let auth = match top.get("auth") {
        None | Some(Value::Null) => None,
        Some(Value::Object(a)) => Some(canonical(a, &[AUTH_KEYS], "auth ")?),
        Some(_) => return Err(config_error("\"auth\" must be an object: { token } or { refreshToken, ... }.")),
    };
    match (auth, hosted.is_empty()) {
        (Some(_), false) => Err(config_error(format!(
            "The config mixes local credentials (\"auth\") with hosted ones ({}); give one or the other.",
            hosted.join(", ")
        ))),
        (Some(auth), true) => local_credentials(&auth),
        (None, false) => hosted_credentials(top),
        (None, true) => Err(config_error(
            "No credentials: give auth: { token } (a personal access token), auth: { refreshToken, ... } (OAuth), or airbyteClientId + airbyteClientSecret with externalUserId or connectorId (hosted).",
        )),
    }
}

fn local_credentials(auth: &Map<String, Value>) -> Result<Credentials, AsanaError> {
    let token = secret(auth, "token")?;
    let refresh_token = secret(auth, "refreshToken")?;
    let oauth_keys: Vec<&str> = ["accessToken", "clientId", "clientSecret", "expiresAt"].into_iter().filter(|k| auth.contains_key(*k)).collect();
    match (token, refresh_token) {
        (Some(_), Some(_)) => Err(config_error("auth has both \"token\" and \"refreshToken\"; give a personal access token or OAuth tokens, not both.")),
        (Some(_), None) if !oauth_keys.is_empty() => {
            Err(config_error(format!("auth: {} belong to OAuth (with refreshToken), not to a personal access token.", oauth_keys.join(", "))))
        }
        (Some(token), None) => Ok(Credentials::Token(token)),
        (None, Some(refresh_token)) => Ok(Credentials::OAuth {
            refresh_token,
            access_token: secret(auth, "accessToken")?,
            client_id: string(auth, "clientId")?,
            client_secret: secret(auth, "clientSecret")?,
            expires_at: number(auth, "expiresAt", 0..=u64::MAX)?,
        }),
        (None, None) => Err(config_error("auth needs \"token\" (a personal access token) or \"refreshToken\" (OAuth).")),
    }
}

fn hosted_credentials(top: &Map<String, Value>) -> Result<Credentials, AsanaError> {
    let client_id = string(top, "airbyteClientId")?;
    let client_secret = secret(top, "airbyteClientSecret")?;
    let has_get_token = flag(top, "getToken")?;
    if !has_get_token && (client_id.is_none() || client_secret.is_none()) {
        return Err(config_error("Hosted mode needs both \"airbyteClientId\" and \"airbyteClientSecret\" (or a \"getToken\" function)."));
    }
    let external_user_id = string(top, "externalUserId")?;
    let connector_id = string(top, "connectorId")?;
    if external_user_id.is_none() && connector_id.is_none() {
        return Err(config_error("Hosted mode needs \"externalUserId\" (the workspace name the connector was created for) or \"connectorId\"."));
    }
    Ok(Credentials::Hosted { external_user_id, connector_id, client_id, client_secret, has_get_token, organization_id: string(top, "organizationId")? })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(v: Value) -> String {
        let e = Config::parse(&v).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidConfig);
        e.message().to_string()
    }

    #[test]
    fn a_token_config_takes_defaults() {
        let c = Config::parse(&json!({"auth": {"token": "t"}})).unwrap();
        assert_eq!(c.credentials, Credentials::Token(Secret::new("t")));
        assert_eq!((c.base_url.as_str(), c.timeout_ms, c.max_attempts, c.max_delay_ms), (DEFAULT_BASE_URL, 30_000, 3, 30_000));
    }

    #[test]
    fn snake_case_aliases_are_accepted() {
        let c = Config::parse(&json!({"auth_config": {"refresh_token": "r", "access_token": "a", "client_id": "c", "client_secret": "s"}})).unwrap();
        assert!(matches!(c.credentials, Credentials::OAuth { client_id: Some(ref id), .. } if id == "c"));
        let h = Config::parse(&json!({"external_user_id": "u", "airbyte_client_id": "i", "airbyte_client_secret": "s"})).unwrap();
        assert!(matches!(h.credentials, Credentials::Hosted { external_user_id: Some(ref u), .. } if u == "u"));
        let w = Config::parse(&json!({"workspaceName": "u", "connectorId": "c", "getToken": true})).unwrap();
        assert!(matches!(w.credentials, Credentials::Hosted { has_get_token: true, .. }));
    }

    #[test]
    fn bad_configs_name_the_key() {
        assert!(err(json!({"auth": {"token": "t"}, "baseURL": "x"})).contains("Unknown key \"baseURL\". Did you mean \"baseUrl\"?"));
        assert!(err(json!({"auth": {"token": ""}})).contains("\"token\" is an empty string"));
        assert!(err(json!({"auth": {"tokn": "t"}})).contains("Unknown auth key \"tokn\""));
        assert!(err(json!({"auth": {"token": "t"}, "baseUrl": ""})).contains("\"baseUrl\" is an empty string"));
        assert!(err(json!({"auth": {"token": "t"}, "airbyteClientId": "x"})).contains("mixes local credentials"));
        assert!(err(json!({"externalUserId": "u", "airbyteClientId": "i"})).contains("both \"airbyteClientId\" and \"airbyteClientSecret\""));
        assert!(err(json!({"auth": {"refreshToken": "r", "refresh_token": "r"}})).contains("given twice"));
        assert!(err(json!({})).contains("No credentials"));
        assert!(err(json!({"auth": {"token": "t"}, "timeoutMs": 0})).contains("\"timeoutMs\""));
        assert!(err(json!({"auth": {"token": "t"}, "retry": {"maxDelayMs": 0}})).contains("\"maxDelayMs\""), "retry values are positive");
        assert!(err(json!({"auth": {"token": "t"}, "fetch": "yes"})).contains("\"fetch\" must be a function"));
        assert!(err(json!({"auth": {"token": "t", "clientId": "c"}})).contains("belong to OAuth"));
        assert!(err(json!("token")).contains("must be an object"));
    }

    #[test]
    fn debug_never_shows_secrets() {
        let c = Config::parse(&json!({"auth": {"refreshToken": "rt-secret", "clientSecret": "cs-secret", "accessToken": "at-secret"}})).unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("secret\"") && !shown.contains("rt-secret") && !shown.contains("at-secret") && !shown.contains("cs-secret"), "{shown}");
    }
}

/// What the static admin helpers need to reach the Airbyte API.
#[derive(Debug, Clone, PartialEq)]
pub struct AirbyteAccess {
    pub api_url: String,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub organization_id: Option<String>,
    pub timeout_ms: u32,
    /// The caller gave a `getToken` function instead of the client secret.
    pub has_get_token: bool,
}

#[derive(Clone, PartialEq)]
pub enum AdminCall {
    /// `createHosted`: `credentials` already in Airbyte's snake_case field names.
    CreateHosted {
        external_user_id: String,
        name: Option<String>,
        credentials: Option<Value>,
        secret_id: Option<String>,
    },
    InitiateOAuth {
        external_user_id: String,
        redirect_url: String,
    },
}

/// The Asana credentials and the OAuth secret id never show.
impl fmt::Debug for AdminCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdminCall::CreateHosted { external_user_id, name, .. } => {
                f.debug_struct("CreateHosted").field("external_user_id", external_user_id).field("name", name).finish_non_exhaustive()
            }
            AdminCall::InitiateOAuth { external_user_id, redirect_url } => {
                f.debug_struct("InitiateOAuth").field("external_user_id", external_user_id).field("redirect_url", redirect_url).finish()
            }
        }
    }
}

const CREATE_KEYS: &[(&str, &str)] = &[
    ("name", "name"),
    ("credentials", "credentials"),
    ("serverSideOauthSecretId", "serverSideOauthSecretId"),
    ("server_side_oauth_secret_id", "serverSideOauthSecretId"),
];

const INITIATE_KEYS: &[(&str, &str)] = &[("redirectUrl", "redirectUrl"), ("redirect_url", "redirectUrl")];

/// Parses the options of `createHosted` (`create: true`) or `initiateOAuth`.
pub fn parse_admin(value: &Value, create: bool) -> Result<(AirbyteAccess, AdminCall), AsanaError> {
    let helper = if create { "createHosted" } else { "initiateOAuth" };
    let Value::Object(raw) = value else {
        return Err(config_error(format!("{helper} takes an options object.")));
    };
    let own = if create { CREATE_KEYS } else { INITIATE_KEYS };
    let options = canonical(raw, &[AIRBYTE_KEYS, own], &format!("{helper} "))?;
    let has_get_token = flag(&options, "getToken")?;
    flag(&options, "fetch")?;
    let access = AirbyteAccess {
        api_url: url(&options, "airbyteApiUrl", DEFAULT_AIRBYTE_API_URL)?,
        client_id: string(&options, "airbyteClientId")?,
        client_secret: secret(&options, "airbyteClientSecret")?,
        organization_id: string(&options, "organizationId")?,
        timeout_ms: number(&options, "timeoutMs", 1..=600_000)?.unwrap_or(30_000) as u32,
        has_get_token,
    };
    if !has_get_token && (access.client_id.is_none() || access.client_secret.is_none()) {
        return Err(config_error(format!("{helper} needs \"airbyteClientId\" and \"airbyteClientSecret\" (or a \"getToken\" function).")));
    }
    let Some(external_user_id) = string(&options, "externalUserId")? else {
        return Err(config_error(format!("{helper} needs \"externalUserId\" (the Airbyte workspace name).")));
    };
    let call = if create {
        let credentials = match options.get("credentials") {
            None | Some(Value::Null) => None,
            Some(Value::Object(c)) => Some(airbyte_credentials(c)?),
            Some(_) => return Err(config_error("\"credentials\" must be { token } or { refreshToken, accessToken?, clientId?, clientSecret? }.")),
        };
        let secret_id = string(&options, "serverSideOauthSecretId")?;
        if credentials.is_some() == secret_id.is_some() {
            return Err(config_error("createHosted needs exactly one of \"credentials\" and \"serverSideOauthSecretId\"."));
        }
        AdminCall::CreateHosted { external_user_id, name: string(&options, "name")?, credentials, secret_id }
    } else {
        let Some(redirect_url) = string(&options, "redirectUrl")? else {
            return Err(config_error("initiateOAuth needs \"redirectUrl\": where Airbyte sends the user back with connector_id."));
        };
        AdminCall::InitiateOAuth { external_user_id, redirect_url }
    };
    Ok((access, call))
}

/// Asana credentials in the field names Airbyte stores them under.
fn airbyte_credentials(given: &Map<String, Value>) -> Result<Value, AsanaError> {
    let mut out = Map::new();
    match local_credentials(&canonical(given, &[AUTH_KEYS], "credentials ")?)? {
        Credentials::Token(token) => {
            out.insert("token".into(), token.expose().into());
        }
        Credentials::OAuth { refresh_token, access_token, client_id, client_secret, expires_at: _ } => {
            out.insert("refresh_token".into(), refresh_token.expose().into());
            let optional = [("access_token", access_token.map(|s| s.0)), ("client_id", client_id), ("client_secret", client_secret.map(|s| s.0))];
            out.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k.to_string(), Value::String(v)))));
        }
        Credentials::Hosted { .. } => {
            unreachable!("local_credentials never yields hosted credentials")
        }
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod admin_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn create_hosted_takes_credentials_in_either_spelling_and_sends_snake_case() {
        let (access, call) = parse_admin(
            &json!({"external_user_id": "acme", "airbyteClientId": "i", "airbyte_client_secret": "s", "credentials": {"refresh_token": "r", "clientId": "c"}}),
            true,
        )
        .unwrap();
        assert_eq!(access.api_url, DEFAULT_AIRBYTE_API_URL);
        let AdminCall::CreateHosted { credentials, secret_id, .. } = call else { panic!() };
        assert_eq!(credentials, Some(json!({"refresh_token": "r", "client_id": "c"})));
        assert_eq!(secret_id, None);
    }

    #[test]
    fn admin_debug_output_hides_credentials() {
        let (access, call) = parse_admin(
            &json!({"externalUserId": "a", "airbyteClientId": "i", "airbyteClientSecret": "cs-secret", "credentials": {"token": "pat-secret"}}),
            true,
        )
        .unwrap();
        let shown = format!("{access:?} {call:?}");
        assert!(!shown.contains("secret\"") && !shown.contains("pat-secret") && !shown.contains("cs-secret"), "{shown}");
    }

    #[test]
    fn admin_options_are_checked() {
        let err = |v: Value, create| parse_admin(&v, create).unwrap_err().message().to_string();
        assert!(err(json!({"externalUserId": "a", "airbyteClientId": "i", "airbyteClientSecret": "s"}), true).contains("exactly one of"));
        assert!(err(
            json!({"externalUserId": "a", "airbyteClientId": "i", "airbyteClientSecret": "s", "credentials": {"token": "t"}, "serverSideOauthSecretId": "x"}),
            true
        )
        .contains("exactly one of"));
        assert!(err(json!({"externalUserId": "a", "airbyteClientId": "i"}), false).contains("airbyteClientSecret"));
        assert!(err(json!({"externalUserId": "a", "airbyteClientId": "i", "airbyteClientSecret": "s"}), false).contains("redirectUrl"));
        assert!(err(json!({"externalUserId": "a", "airbyteClientId": "i", "airbyteClientSecret": "s", "redirectUrl": "https://x", "credentials": {}}), false)
            .contains("Unknown initiateOAuth key \"credentials\""));
    }
}
