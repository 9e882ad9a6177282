//! Ties the steps together: catalogue → validation → request → auth → transport → result.

use crate::catalog::{Operation, Shape};
use crate::config::{Config, Credentials, Secret};
use crate::error::{AsanaError, ErrorCode};
use crate::transport::{HttpRequest, HttpResponse, StreamResponse, Transport, TransportError};
use crate::{params, request, response};
use serde_json::{Map, Value};

/// What `execute` produced: JSON text for JS to parse once, or an attachment's byte stream.
#[derive(Debug)]
pub enum Outcome<S> {
    Json(String),
    Download(StreamResponse<S>),
}

#[derive(Debug)]
pub struct Connector {
    config: Config,
    token: Secret,
}

impl Connector {
    pub fn new(config: Config) -> Result<Connector, AsanaError> {
        let token = match &config.credentials {
            Credentials::Token(token) => token.clone(),
            Credentials::OAuth { .. } => return Err(not_yet("OAuth refresh-token renewal")),
            Credentials::Hosted { .. } => return Err(not_yet("Hosted execution through the Airbyte API")),
        };
        Ok(Connector { config, token })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Runs one operation. `timeout_ms` overrides the configured per-attempt timeout.
    pub async fn execute<T: Transport>(&self, transport: &T, entity: &str, action: &str, params: &Map<String, Value>, timeout_ms: Option<u32>) -> Result<Outcome<T::Stream>, AsanaError> {
        let op = params::resolve(entity, action)?;
        if self.config.read_only && op.is_write() {
            return Err(AsanaError::new(ErrorCode::Permission, format!("{entity}/{action} changes Asana data, and this connector is read-only (readOnly: true).")));
        }
        let args = params::validate(op, params)?;
        let timeout_ms = timeout_ms.unwrap_or(self.config.timeout_ms);
        let request = self.authorize(request::build(&self.config.base_url, op, &args));
        let answer = self.send(transport, op, &request, timeout_ms).await?;
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

    fn authorize(&self, mut request: HttpRequest) -> HttpRequest {
        request.headers.push(("Authorization", format!("Bearer {}", self.token.expose())));
        for (name, values) in [("Asana-Enable", &self.config.asana_enable), ("Asana-Disable", &self.config.asana_disable)] {
            if !values.is_empty() {
                request.headers.push((name, values.join(",")));
            }
        }
        request
    }

    async fn send<T: Transport>(&self, transport: &T, op: &Operation, request: &HttpRequest, timeout_ms: u32) -> Result<HttpResponse, AsanaError> {
        match transport.send(request, timeout_ms).await {
            Ok(answer) if (200..300).contains(&answer.status) => Ok(answer),
            Ok(answer) => Err(response::error(op, &answer, transport.now_ms())),
            Err(e) => Err(transport_error(op, e, timeout_ms)),
        }
    }
}

fn not_yet(what: &str) -> AsanaError {
    AsanaError::new(ErrorCode::NotSupported, format!("{what} is not available in this version yet; use auth: {{ token }} with a personal access token."))
}

fn transport_error(op: &Operation, error: TransportError, timeout_ms: u32) -> AsanaError {
    let (code, message) = match error {
        TransportError::Timeout => (ErrorCode::Timeout, format!("{}/{} got no answer within {timeout_ms} ms.", op.entity, op.action)),
        TransportError::Aborted => (ErrorCode::Aborted, format!("{}/{} was aborted by the caller's signal.", op.entity, op.action)),
        TransportError::Network(why) => (ErrorCode::Network, format!("{}/{} could not reach the server: {why}", op.entity, op.action)),
    };
    AsanaError::new(code, message)
}
