//! Ties the steps together: catalogue → validation → request → auth → transport → result.

use crate::auth::{Held, OAuth};
use crate::catalog::{Operation, Shape};
use crate::config::{Config, Credentials, Secret};
use crate::error::{redact, AsanaError, ErrorCode};
use crate::hosted::{AirbyteClient, Hosted, HostedOutcome};
use crate::policy::{Failure, Limiter, Retrier};
use crate::transport::{Callbacks, HttpRequest, HttpResponse, RenewedTokens, StreamResponse, Transport, TransportError};
use crate::{params, request, response, tools};
use serde_json::{Map, Value};

/// What `execute` produced: JSON text for JS to parse once, or an attachment's byte stream.
#[derive(Debug)]
pub enum Outcome<S> {
    Json(String),
    Download(StreamResponse<S>),
}

/// How requests are authorized.
enum Mode {
    Token(Secret),
    OAuth(OAuth),
    Hosted(Hosted),
}

pub struct Connector {
    config: Config,
    mode: Mode,
    limiter: Limiter,
}

impl std::fmt::Debug for Connector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connector").field("mode", &self.mode_name()).field("base_url", &self.config.base_url).finish()
    }
}

impl Connector {
    pub fn new(config: Config) -> Result<Connector, AsanaError> {
        let timeout = config.timeout_ms;
        let mode = match config.credentials.clone() {
            Credentials::Token(token) => Mode::Token(token),
            Credentials::OAuth { refresh_token, access_token, client_id, client_secret, expires_at } => {
                Mode::OAuth(OAuth::new(refresh_token, access_token, expires_at, client_id, client_secret, config.token_url.clone(), timeout))
            }
            Credentials::Hosted { external_user_id, connector_id, client_id, client_secret, organization_id, .. } => {
                let client = AirbyteClient::new(config.airbyte_api_url.clone(), client_id, client_secret, organization_id, timeout, config.retry_policy());
                Mode::Hosted(Hosted::new(client, external_user_id, connector_id, timeout))
            }
        };
        let limiter = Limiter::new(config.max_concurrency);
        Ok(Connector { config, mode, limiter })
    }

    pub fn mode_name(&self) -> &'static str {
        match self.mode {
            Mode::Token(_) => "token",
            Mode::OAuth(_) => "oauth",
            Mode::Hosted(_) => "hosted",
        }
    }

    pub fn is_hosted(&self) -> bool {
        matches!(self.mode, Mode::Hosted(_))
    }

    /// What this connector offers a model: hosted adds context_store_search, readOnly drops writes.
    pub fn surface(&self) -> tools::Surface {
        tools::Surface { hosted: self.is_hosted(), read_only: self.config.read_only }
    }

    /// The hosted connector's id, looked up once when only the workspace name was given.
    pub async fn connector_id<T: Transport + Callbacks>(&self, transport: &T) -> Result<Option<String>, AsanaError> {
        match &self.mode {
            Mode::Hosted(hosted) => hosted.connector_id(transport, self.config.timeout_ms).await.map(Some),
            _ => Ok(None),
        }
    }

    /// Runs one operation. `timeout_ms` overrides the configured per-attempt timeout.
    pub async fn execute<T: Transport + Callbacks>(&self, transport: &T, entity: &str, action: &str, params: &Map<String, Value>, timeout_ms: Option<u32>) -> Result<Outcome<T::Stream>, AsanaError> {
        let op = params::resolve(entity, action, self.is_hosted())?;
        if self.config.read_only && op.is_write() {
            return Err(AsanaError::new(ErrorCode::Permission, format!("{entity}/{action} changes Asana data, and this connector is read-only (readOnly: true).")));
        }
        let args = params::validate(op, params)?;
        let timeout_ms = timeout_ms.unwrap_or(self.config.timeout_ms);
        if let Mode::Hosted(hosted) = &self.mode {
            return Ok(match hosted.execute(transport, op, params, timeout_ms).await? {
                HostedOutcome::Json(text) => Outcome::Json(text),
                HostedOutcome::Download(file) => Outcome::Download(file),
            });
        }
        let answer = self.send(transport, op, request::build(&self.config.base_url, op, &args), timeout_ms).await?;
        let shaped = response::shape(op, &answer)?;
        if op.shape != Shape::Download {
            return Ok(Outcome::Json(shaped));
        }
        // Second hop: a pre-signed URL on another host, fetched without our credentials.
        let mut file = HttpRequest { method: op.method, url: response::download_url(&shaped)?, headers: vec![("Accept", "*/*".into())], body: None };
        file.headers.extend(args.headers.into_iter().map(|(_, range)| ("Range", range)));
        let stream = transport.open(&file, timeout_ms).await.map_err(|e| transport_error(op, e, timeout_ms))?;
        if !(200..300).contains(&stream.status) {
            return Err(AsanaError::new(
                ErrorCode::from_status(stream.status),
                format!("The attachment's file host answered HTTP {}; download_url links expire after about 2 minutes, so download again.", stream.status),
            )
            .with_status(stream.status));
        }
        Ok(Outcome::Download(stream))
    }

    /// Runs a model's tool call and never fails: the result's JSON text, or
    /// `{"error": {code, message, retryable}}` a model can act on.
    pub async fn run_tool<T: Transport + Callbacks>(&self, transport: &T, input: &Value, max_output_chars: usize, timeout_ms: Option<u32>) -> String {
        let result = async {
            let (entity, action, mut params) = tools::parse_call(input)?;
            let op = params::resolve(&entity, &action, self.is_hosted())?;
            let op = match tools::metadata_instead_of_bytes(op) {
                Some(get) => {
                    params.remove("range_header");
                    get
                }
                None => op,
            };
            match self.execute(transport, op.entity, op.action, &params, timeout_ms).await? {
                Outcome::Json(text) => tools::guard_output(&text, max_output_chars).map(|()| text),
                Outcome::Download(_) => unreachable!("downloads were turned into metadata reads"),
            }
        }
        .await;
        result.unwrap_or_else(|e| tools::error_for_model(&e).to_string())
    }

    pub fn in_flight(&self) -> (u32, u32) {
        self.limiter.in_flight()
    }

    /// Sends to Asana with a current token, under the limiter and the retry policy. With
    /// OAuth, a 401 renews the token (or picks up one renewed meanwhile) and retries once;
    /// a second 401 is final.
    async fn send<T: Transport + Callbacks>(&self, transport: &T, op: &Operation, mut request: HttpRequest, timeout_ms: u32) -> Result<HttpResponse, AsanaError> {
        for (name, values) in [("Asana-Enable", &self.config.asana_enable), ("Asana-Disable", &self.config.asana_disable)] {
            if !values.is_empty() {
                request.headers.push((name, values.join(",")));
            }
        }
        let mut retrier = Retrier::new(self.config.retry_policy(), op.method.is_read());
        let mut stale = None;
        loop {
            let held = self.token(transport, stale, timeout_ms).await?;
            request.headers.retain(|(name, _)| *name != "Authorization");
            request.headers.push(("Authorization", format!("Bearer {}", held.token.expose())));
            let sent = {
                let _permit = self.limiter.acquire(transport, op.method.is_read()).await;
                transport.send(&request, timeout_ms).await
            };
            let (failure, error) = match sent {
                Ok(answer) if (200..300).contains(&answer.status) => return Ok(answer),
                // The renewal's retry has its own budget of one, apart from the retry policy's.
                Ok(answer) if answer.status == 401 && stale.is_none() && matches!(self.mode, Mode::OAuth(_)) => {
                    stale = Some(held.generation);
                    continue;
                }
                Ok(answer) => {
                    let error = response::error(op, &answer, transport.now_ms());
                    (Failure::Status(answer.status, error.retry_after_ms()), error)
                }
                Err(e) => match Failure::of_transport(&e) {
                    Some(failure) => (failure, transport_error(op, e, timeout_ms)),
                    None => return Err(transport_error(op, e, timeout_ms)),
                },
            };
            match retrier.again(transport, failure).await {
                Ok(true) => {}
                Ok(false) => return Err(error),
                Err(_) => return Err(transport_error(op, TransportError::Aborted, timeout_ms)),
            }
        }
    }

    async fn token<T: Transport + Callbacks>(&self, transport: &T, stale: Option<u64>, timeout_ms: u32) -> Result<Held, AsanaError> {
        let Mode::OAuth(oauth) = &self.mode else {
            let Mode::Token(token) = &self.mode else { unreachable!("hosted mode never sends to Asana") };
            return Ok(Held { token: token.clone(), generation: 0, renewed: false });
        };
        let held = oauth.token(transport, stale, timeout_ms).await?;
        if held.renewed {
            let refresh_token = oauth.refresh_token();
            let tokens = RenewedTokens { access_token: held.token.expose(), refresh_token: refresh_token.expose(), expires_at: oauth.expires_at() };
            // Outside any lock, after the new token is in force: a failing callback cannot fail the call.
            if let Err(why) = transport.tokens_renewed(tokens).await {
                let why = redact(&why, &[held.token.expose(), refresh_token.expose()]);
                transport.warn(&AsanaError::new(ErrorCode::InvalidConfig, format!("onTokenRefresh failed ({why}); the call went on with the renewed token, but it was not persisted.")));
            }
        }
        Ok(held)
    }
}

fn transport_error(op: &Operation, error: TransportError, timeout_ms: u32) -> AsanaError {
    error.into_error(&format!("{}/{}", op.entity, op.action), timeout_ms)
}
