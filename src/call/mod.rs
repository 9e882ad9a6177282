//! The sans-IO call machine. A call starts with `Engine::start` and moves on with
//! `Engine::resume`, one event at a time; each returns the next `Step`: send this request,
//! wait this long, call this hook, or finish. The core never waits, never reads a clock and
//! never draws a random number: `now` and `jitter` are inputs. One attempt loop serves every
//! HTTP exchange (Asana, the token endpoint, Airbyte, the download hop), so retries, renewal
//! on 401, `Retry-After` and the limiter are decided once.

mod limits;
mod tokens;

pub use limits::{Failure, Limiter, Retrier, RetryPolicy, Verdict, ASANA_MAX_READS, ASANA_MAX_WRITES, TOTAL_WAIT_CAP_MS};
pub use tokens::{Lookup, TokenSlot};

use crate::backends::{airbyte, bounded, oauth};
use crate::catalog::{Method, Operation, Shape};
use crate::config::{AdminCall, AirbyteAccess, Config, Credentials, Secret};
use crate::error::{AsanaError, ErrorCode};
use crate::http::{Answer, Body, HttpRequest, Read};
use crate::params::{self, Args};
use crate::redact::Redactor;
use crate::{request, response, tools};
use serde_json::{json, Map, Value};

pub type CallId = u32;

/// The job poll's operation.
fn jobs_get() -> &'static Operation {
    crate::catalog::operation("jobs", "get").expect("the catalogue has jobs/get")
}

/// How long a call waits before looking again at a limiter slot or another call's renewal.
const QUEUE_STEP_MS: u32 = 2;
const AWAIT_STEP_MS: u32 = 5;
/// Error answers are read this far (the rest is cancelled): enough for any error body.
pub const ERROR_BODY_BYTES: u64 = 64 * 1024;

/// What to build from the body JS parsed and kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    /// `body.data`: a record.
    Data,
    /// `{ data: body.data, meta: { next_page: body.next_page ?? null } }`.
    List,
    /// A list as a model reads it: `next_page` cut to `{ offset }` (its path and uri repeat what
    /// the model already sent; a page token is all it needs).
    ModelList,
    /// `{}`.
    Empty,
    /// Airbyte's `body.result` (`null` as `{}`).
    Result,
    /// `{ data: body.result, meta: <this JSON> }`.
    ResultList(String),
    /// `{ data: body.data, meta: { sync: body.sync, has_more: body.has_more } }`.
    Events,
    /// `body.data`, with `meta.x_hook_secret` from the `X-Hook-Secret` Asana sends beside it.
    Webhook,
}

/// The `wait` call option of an operation that starts a job: poll `jobs`/`get` every
/// `interval_ms` until the job finishes, for at most `timeout_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobWait {
    pub timeout_ms: u64,
    pub interval_ms: u32,
}

#[derive(Debug, PartialEq)]
pub enum Outcome {
    Pick(Pick),
    /// A value the core built, as JSON.
    Value(Value),
    /// The last answer's body stream, with what is known of it.
    Stream {
        status: u16,
        content_type: Option<String>,
        size: Option<u64>,
    },
}

/// The caller's functions the core may ask the driver to call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hook {
    /// `onTokenRefresh(tokens)`: its failure never fails the call.
    TokensRenewed,
    /// Hosted `getToken()`: resolves to an Airbyte application token.
    GetToken,
}

#[derive(Debug)]
pub enum Step {
    /// Send `request`; a write never follows a redirect (it would be sent again).
    Send {
        request: HttpRequest,
        read: Read,
        follow_redirects: bool,
        timeout_ms: u32,
        max_bytes: u64,
    },
    /// Wake up after `ms` with `Event::Timer`.
    Wait {
        ms: u32,
    },
    /// Call the hook with `argument`; settle within `timeout_ms` or report `Event::Timeout`.
    Hook {
        hook: Hook,
        argument: Value,
        timeout_ms: u32,
    },
    Done(Outcome),
    Fail(AsanaError),
}

/// What happened since the last step.
#[derive(Debug)]
pub enum Event {
    Answer(Answer),
    /// The request got no answer (the runtime's reason).
    Network(String),
    /// The attempt or the hook ran out of time.
    Timeout,
    /// The caller's signal fired.
    Aborted,
    /// A `Wait` ended.
    Timer,
    /// A hook settled: its value as text (`None` when it was not a string), or its failure.
    Hook(Result<Option<String>, String>),
    /// The fetch implementation gave something that is not an HTTP answer (why).
    Unreadable(String),
}

/// What a call does.
#[derive(Debug)]
pub enum Task {
    Execute {
        op: &'static Operation,
        args: Args,
        params: Map<String, Value>,
        wait: Option<JobWait>,
        /// A model's tool call: results shaped for a model to read.
        for_model: bool,
    },
    /// The hosted connector's id (looked up once).
    ConnectorId,
    Admin(AdminCall),
}

/// A model's tool call: an operation to run, or an entity whose params the JS side describes.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // built and taken apart at once, never stored
pub enum ToolTask {
    Run(Task),
    Describe(&'static str),
}

/// How requests are authorized.
#[derive(Debug)]
enum Mode {
    Token,
    OAuth(oauth::OAuthClient),
    Hosted { client: airbyte::AirbyteClient, workspace: Option<String>, get_token: bool },
}

/// The exchange a call is on.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    /// The hosted connector-id lookup, before the main request.
    Lookup,
    Main,
    /// The download's second hop: a pre-signed URL, fetched without credentials.
    Hop(String),
    /// Polling the job the main request started (its gid, since when).
    Job {
        gid: String,
        since: u64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// About to take the next step of the target exchange.
    Ready,
    /// Waiting for a limiter slot.
    Queued,
    /// Waiting on another call's token renewal or connector lookup.
    Awaiting,
    Sending,
    Backoff,
    /// This call owns the token flight and waits for the token endpoint.
    Renewing,
    RenewBackoff,
    RefreshHook,
    GetTokenHook,
}

#[derive(Debug)]
struct Call {
    task: Task,
    timeout_ms: u32,
    stage: Stage,
    target: Target,
    retrier: Retrier,
    renewal: Option<Retrier>,
    /// The token generation that got a 401 (renewal happens once per call).
    stale: Option<u64>,
    generation: u64,
    /// The token generation this call obtained itself.
    obtained: Option<u64>,
    connector_id: Option<String>,
    /// The limiter slot held (its kind: is_read).
    slot: Option<bool>,
    /// When the call began to queue for a slot, or to wait on another call's flight.
    queued_since: Option<u64>,
    awaiting_since: Option<u64>,
    /// The flight of the access token or the connector id this call waits on.
    marks: [Option<u64>; 2],
}

const ACCESS: usize = 0;
const CONNECTOR: usize = 1;

/// One connector's decisions and shared state: plain data only.
#[derive(Debug)]
pub struct Engine {
    config: Config,
    auth: Mode,
    /// The Asana access token (token or OAuth mode), or the Airbyte application token.
    access: TokenSlot,
    connector: TokenSlot,
    limiter: Limiter,
    redactor: Redactor,
    /// Calls in progress (rarely more than a few dozen: a scan costs less code than a hash map).
    calls: Vec<(CallId, Call)>,
    next_id: CallId,
    has_refresh_hook: bool,
    warnings: Vec<AsanaError>,
}

impl Engine {
    /// `has_refresh_hook`: the caller gave `onTokenRefresh`.
    pub fn new(config: Config, has_refresh_hook: bool) -> Engine {
        let mut redactor = Redactor::default();
        let (auth, access, connector) = match &config.credentials {
            Credentials::Token(token) => {
                redactor.add(token.expose());
                (Mode::Token, TokenSlot::new(Some(token.clone()), None), TokenSlot::default())
            }
            Credentials::OAuth { refresh_token, access_token, client_id, client_secret, expires_at } => {
                for secret in [Some(refresh_token), access_token.as_ref(), client_secret.as_ref()].into_iter().flatten() {
                    redactor.add(secret.expose());
                }
                let client = oauth::OAuthClient {
                    refresh_token: refresh_token.clone(),
                    client_id: client_id.clone(),
                    client_secret: client_secret.clone(),
                    token_url: config.token_url.clone(),
                };
                (Mode::OAuth(client), TokenSlot::new(access_token.clone(), *expires_at), TokenSlot::default())
            }
            Credentials::Hosted { external_user_id, connector_id, client_id, client_secret, has_get_token, organization_id } => {
                if let Some(secret) = client_secret {
                    redactor.add(secret.expose());
                }
                let client = airbyte::AirbyteClient {
                    api_url: config.airbyte_api_url.clone(),
                    client_id: client_id.clone(),
                    client_secret: client_secret.clone(),
                    organization_id: organization_id.clone(),
                };
                let auth = Mode::Hosted { client, workspace: external_user_id.clone(), get_token: *has_get_token };
                (auth, TokenSlot::default(), TokenSlot::new(connector_id.clone().map(Secret::new), None))
            }
        };
        let limiter = Limiter::new(config.max_concurrency);
        Engine { config, auth, access, connector, limiter, redactor, calls: Vec::new(), next_id: 1, has_refresh_hook, warnings: Vec::new() }
    }

    /// An engine for one of the static admin helpers (`createHosted`, `initiateOAuth`).
    pub fn admin(access: AirbyteAccess, call: &AdminCall) -> Engine {
        let config = Config::hosted_defaults(access);
        let mut engine = Engine::new(config, false);
        if let AdminCall::CreateHosted { credentials: Some(credentials), .. } = call {
            for secret in credentials.as_object().into_iter().flat_map(|c| c.values()).filter_map(Value::as_str) {
                engine.redactor.add(secret);
            }
        }
        engine
    }

    pub fn mode_name(&self) -> &'static str {
        match self.auth {
            Mode::Token => "token",
            Mode::OAuth(_) => "oauth",
            Mode::Hosted { .. } => "hosted",
        }
    }

    pub fn is_hosted(&self) -> bool {
        matches!(self.auth, Mode::Hosted { .. })
    }

    /// What this connector offers a model: hosted adds context_store_search, readOnly drops writes.
    pub fn surface(&self) -> tools::Surface {
        tools::Surface { hosted: self.is_hosted(), read_only: self.config.read_only }
    }

    /// (reads, writes) holding a limiter slot.
    pub fn in_flight(&self) -> (u32, u32) {
        self.limiter.in_flight()
    }

    /// Calls started and not yet finished or released.
    pub fn open_calls(&self) -> usize {
        self.calls.len()
    }

    /// Checks an `execute` call and turns it into a task, before anything is sent.
    pub fn execute_task(&self, entity: &str, action: &str, params: Map<String, Value>) -> Result<Task, AsanaError> {
        self.task(entity, action, params, None, false)
    }

    /// `execute` with the `wait` option: only an operation that starts a job can wait.
    pub fn execute_waiting(&self, entity: &str, action: &str, params: Map<String, Value>, wait: JobWait) -> Result<Task, AsanaError> {
        self.task(entity, action, params, Some(wait), false)
    }

    /// The one place an operation call is checked, whoever makes it (`execute`, a tool call).
    fn task(&self, entity: &str, action: &str, params: Map<String, Value>, wait: Option<JobWait>, for_model: bool) -> Result<Task, AsanaError> {
        let op = params::resolve(entity, action, self.is_hosted())?;
        if self.config.read_only && op.is_write() {
            return Err(AsanaError::new(
                ErrorCode::Permission,
                format!("{entity}/{action} changes Asana data, and this connector is read-only (readOnly: true)."),
            ));
        }
        let args = params::validate(op, &params)?;
        // Airbyte's execute takes JSON params: no file to upload, no batch of Asana requests.
        if self.is_hosted() && (op.shape == Shape::Batch || args.file.is_some()) {
            return Err(AsanaError::new(
                ErrorCode::NotSupported,
                format!("{entity}/{action} runs with a token or OAuth only: hosted execution through Airbyte sends JSON params, not files or batches."),
            ));
        }
        if wait.is_some() && (!op.job || self.is_hosted()) {
            return Err(AsanaError::new(
                ErrorCode::InvalidParams,
                format!("{entity}/{action} starts no Asana job, so it cannot take the \"wait\" option (duplicates, instantiations, templates and exports can; not in hosted mode)."),
            ));
        }
        let params = if self.is_hosted() { params::coerced(op, &params, &args) } else { params };
        Ok(Task::Execute { op, args, params, wait, for_model })
    }

    /// A model's tool call as a task: downloads become metadata reads (a model cannot use bytes).
    pub fn tool_task(&self, input: &Value) -> Result<ToolTask, AsanaError> {
        let (tool, entity, action, mut params) = match tools::parse_call(input)? {
            tools::ToolCall::Describe { entity } => return params::entity(&entity).map(ToolTask::Describe),
            tools::ToolCall::Execute { tool, entity, action, params } => (tool, entity, action, params),
        };
        let op = params::resolve(&entity, &action, self.is_hosted())?;
        tools::check_tool(tool, op)?;
        let (entity, action) = match tools::metadata_instead_of_bytes(op) {
            Some(get) => {
                params.remove("range_header");
                (get.entity, get.action)
            }
            None => (op.entity, op.action),
        };
        self.task(entity, action, params, None, true).map(ToolTask::Run)
    }

    /// Starts a call; `timeout_ms` overrides the configured per-attempt timeout.
    pub fn start(&mut self, task: Task, timeout_ms: Option<u32>, now: u64) -> (CallId, Step) {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1).max(1);
        let is_read = match &task {
            Task::Execute { op, .. } => op.method.is_read(),
            Task::ConnectorId => true,
            Task::Admin(_) => false,
        };
        let call = Call {
            task,
            timeout_ms: timeout_ms.unwrap_or(self.config.timeout_ms),
            stage: Stage::Ready,
            target: Target::Main,
            retrier: Retrier::new(self.config.retry_policy(), is_read),
            renewal: None,
            stale: None,
            generation: 0,
            obtained: None,
            connector_id: None,
            slot: None,
            queued_since: None,
            awaiting_since: None,
            marks: [None; 2],
        };
        self.calls.push((id, call));
        (id, self.advance(id, Event::Timer, now, 0.5))
    }

    /// Moves call `id` on with `event`. `jitter` is uniform in [0, 1) (backoff).
    pub fn resume(&mut self, id: CallId, event: Event, now: u64, jitter: f64) -> Step {
        if !self.calls.iter().any(|(open, _)| *open == id) {
            return Step::Fail(AsanaError::new(ErrorCode::BadResponse, "This call has already finished."));
        }
        self.advance(id, event, now, jitter)
    }

    /// Frees what call `id` holds (a limiter slot, a token flight); safe to call twice.
    pub fn release(&mut self, id: CallId) {
        if let Some(call) = self.take(id) {
            self.free(id, &call);
        }
    }

    /// Warnings raised since the last look (for `onWarning`), secrets removed.
    pub fn take_warnings(&mut self) -> Vec<AsanaError> {
        std::mem::take(&mut self.warnings)
    }

    fn free(&mut self, id: CallId, call: &Call) {
        if let Some(is_read) = call.slot {
            self.limiter.free(is_read);
        }
        self.access.abandon(id);
        self.connector.abandon(id);
    }

    fn take(&mut self, id: CallId) -> Option<Call> {
        let at = self.calls.iter().position(|(open, _)| *open == id)?;
        Some(self.calls.swap_remove(at).1)
    }

    fn advance(&mut self, id: CallId, event: Event, now: u64, jitter: f64) -> Step {
        let mut call = self.take(id).expect("checked by the caller");
        let step = match self.on_event(id, &mut call, event, now, jitter) {
            Ok(step) => step,
            Err(error) => Step::Fail(error),
        };
        match step {
            Step::Done(_) | Step::Fail(_) => {
                self.free(id, &call);
                match step {
                    Step::Fail(error) => Step::Fail(error.map_text(|t| self.redactor.clean(t))),
                    done => done,
                }
            }
            pending => {
                self.calls.push((id, call));
                pending
            }
        }
    }

    fn on_event(&mut self, id: CallId, call: &mut Call, event: Event, now: u64, jitter: f64) -> Result<Step, AsanaError> {
        match (call.stage, event) {
            (_, Event::Aborted) => Err(AsanaError::new(ErrorCode::Aborted, format!("{} was aborted by the caller's signal.", self.what(call)))),
            (Stage::Ready | Stage::Queued | Stage::Awaiting | Stage::Backoff, Event::Timer) => self.proceed(id, call, now),
            (Stage::Sending, Event::Answer(answer)) => self.on_answer(id, call, answer, now, jitter),
            (Stage::Sending, failure @ (Event::Network(_) | Event::Timeout)) => {
                self.free_slot(call);
                let (failure, error) = transport_failure(&self.what(call), failure, call.timeout_ms);
                self.retry_or(call, failure, error, jitter)
            }
            (Stage::Sending | Stage::Renewing, Event::Unreadable(why)) => Err(AsanaError::new(
                ErrorCode::BadResponse,
                format!("{}: the fetch implementation answered something that is not an HTTP response ({}).", self.what(call), bounded(&why)),
            )),
            (Stage::Renewing, event) => self.on_renewal(id, call, event, now, jitter),
            (Stage::RenewBackoff, Event::Timer) => self.renew(call),
            (Stage::RefreshHook, Event::Hook(result)) => {
                if let Err(why) = result {
                    self.warn(format!("onTokenRefresh failed ({}); the call went on with the renewed token, but it was not persisted.", bounded(&why)));
                }
                self.proceed(id, call, now)
            }
            (Stage::RefreshHook, Event::Timeout) => {
                self.warn(format!("onTokenRefresh did not settle within {} ms; the call went on with the renewed token.", call.timeout_ms));
                self.proceed(id, call, now)
            }
            (Stage::GetTokenHook, Event::Hook(result)) => {
                let token = match result {
                    Ok(token) => airbyte::check_given_token(token),
                    Err(why) => Err(crate::backends::auth_error(format!("getToken() failed: {}", bounded(&why)))),
                };
                match token {
                    Ok(token) => {
                        self.redactor.add(token.expose());
                        call.obtained = Some(self.access.store(id, token, None, now));
                        self.proceed(id, call, now)
                    }
                    Err(error) => {
                        self.access.fail(id, error.clone());
                        Err(error)
                    }
                }
            }
            (Stage::GetTokenHook, Event::Timeout) => {
                Err(AsanaError::new(ErrorCode::Timeout, format!("getToken() did not settle within {} ms.", call.timeout_ms)))
            }
            (stage, event) => Err(AsanaError::new(ErrorCode::BadResponse, format!("The driver reported {event:?} while the call was at {stage:?}."))),
        }
    }

    /// Takes the target exchange as far as it goes: connector id, token, slot, request.
    fn proceed(&mut self, id: CallId, call: &mut Call, now: u64) -> Result<Step, AsanaError> {
        if self.is_hosted() && call.target == Target::Main && call.connector_id.is_none() && !matches!(call.task, Task::Admin(_)) {
            match self.connector.lookup(id, None, None, now, call.marks[CONNECTOR])? {
                Lookup::Ready { value, .. } => {
                    call.awaiting_since = None;
                    call.connector_id = Some(value.expose().to_string());
                    if matches!(call.task, Task::ConnectorId) {
                        return Ok(Step::Done(Outcome::Value(Value::String(value.expose().to_string()))));
                    }
                }
                Lookup::Wait => return self.await_other(call, now, "another call's connector lookup", CONNECTOR, self.connector.flights()),
                Lookup::Obtain => call.target = Target::Lookup,
            }
        }
        let token = match &call.target {
            Target::Hop(_) => None,
            _ => match self.access.lookup(id, call.stale, call.obtained, now, call.marks[ACCESS])? {
                Lookup::Ready { value, generation } => {
                    call.generation = generation;
                    Some(value)
                }
                Lookup::Wait => return self.await_other(call, now, "another call's token renewal", ACCESS, self.access.flights()),
                Lookup::Obtain => return self.start_renewal(call),
            },
        };
        call.awaiting_since = None;
        call.marks = [None; 2];
        if let (Target::Main, Task::Execute { op, .. }) = (&call.target, &call.task) {
            if call.slot.is_none() {
                let is_read = op.method.is_read();
                if !self.limiter.try_acquire(is_read) {
                    let since = *call.queued_since.get_or_insert(now);
                    if now.saturating_sub(since) >= u64::from(call.timeout_ms) {
                        return Err(AsanaError::new(
                            ErrorCode::Timeout,
                            format!("{} waited {} ms for a free request slot (maxConcurrency) and gave up.", self.what(call), call.timeout_ms),
                        ));
                    }
                    call.stage = Stage::Queued;
                    return Ok(Step::Wait { ms: QUEUE_STEP_MS });
                }
                call.slot = Some(is_read);
                call.queued_since = None;
            }
        }
        let (mut request, read) = self.request(call)?;
        if let Some(token) = token {
            request.set_header("Authorization", format!("Bearer {}", token.expose()));
        }
        call.stage = Stage::Sending;
        let max_bytes = self.config.max_response_bytes;
        Ok(Step::Send { follow_redirects: request.method.is_read(), request, read, timeout_ms: call.timeout_ms, max_bytes })
    }

    /// Waits on a flight another call owns, within this call's timeout.
    fn await_other(&self, call: &mut Call, now: u64, whose: &str, slot: usize, flight: u64) -> Result<Step, AsanaError> {
        let since = *call.awaiting_since.get_or_insert(now);
        call.marks[slot].get_or_insert(flight);
        if now.saturating_sub(since) >= u64::from(call.timeout_ms) {
            return Err(AsanaError::new(ErrorCode::Timeout, format!("{} waited {} ms for {whose} and gave up.", self.what(call), call.timeout_ms)));
        }
        call.stage = Stage::Awaiting;
        Ok(Step::Wait { ms: AWAIT_STEP_MS })
    }

    /// The target exchange's request, without credentials.
    fn request(&self, call: &Call) -> Result<(HttpRequest, Read), AsanaError> {
        let hosted = match &self.auth {
            Mode::Hosted { client, workspace, .. } => Some((client, workspace.as_deref().unwrap_or_default())),
            _ => None,
        };
        Ok(match (&call.target, &call.task, hosted) {
            (Target::Lookup, _, Some((client, workspace))) => (client.lookup_request(workspace), Read::Text),
            (Target::Hop(url), Task::Execute { args, .. }, _) => {
                let mut file = HttpRequest { method: Method::Get, url: url.clone(), headers: vec![("Accept", "*/*".into())], body: None, form: None };
                file.headers.extend(args.headers.iter().map(|(_, range)| ("Range", range.clone())));
                (file, Read::Stream)
            }
            (Target::Main, Task::Execute { op, params, .. }, Some((client, _))) => {
                let id = call.connector_id.as_deref().unwrap_or_default();
                (client.execute_request(id, op, params), if op.shape == Shape::Download { Read::Stream } else { Read::Json })
            }
            (Target::Main, Task::Execute { op, args, wait, .. }, None) => {
                let mut request = request::build(&self.config.base_url, op, args);
                for (name, values) in [("Asana-Enable", &self.config.asana_enable), ("Asana-Disable", &self.config.asana_disable)] {
                    if !values.is_empty() {
                        request.headers.push((name, values.join(",")));
                    }
                }
                // The core reads the download's record, a batch's answers and a job it waits on itself.
                let text = op.shape == Shape::Download || op.shape == Shape::Batch || wait.is_some();
                (request, if text { Read::Text } else { Read::Json })
            }
            (Target::Job { gid, .. }, Task::Execute { .. }, None) => {
                let args = Args { path: vec![gid.clone()], ..Args::default() };
                (request::build(&self.config.base_url, jobs_get(), &args), Read::Text)
            }
            (Target::Main, Task::Admin(admin), Some((client, _))) => (client.admin_request(admin), Read::Text),
            _ => return Err(AsanaError::new(ErrorCode::NotSupported, format!("{} has no request in {} mode.", self.what(call), self.mode_name()))),
        })
    }

    fn on_answer(&mut self, id: CallId, call: &mut Call, answer: Answer, now: u64, jitter: f64) -> Result<Step, AsanaError> {
        self.free_slot(call);
        let renewable = !matches!(self.auth, Mode::Token) && !matches!(call.target, Target::Hop(_));
        if answer.status == 401 && renewable && call.stale.is_none() {
            // The renewal's retry has its own budget of one, apart from the retry policy's.
            call.stale = Some(call.generation);
            call.stage = Stage::Ready;
            return self.proceed(id, call, now);
        }
        if answer.status < 200 || (300..400).contains(&answer.status) {
            return Err(AsanaError::new(
                ErrorCode::Http,
                format!(
                    "{} was answered with a redirect (HTTP {}); a write is never sent again to another address, so nothing was repeated. Check baseUrl.",
                    self.what(call),
                    answer.status
                ),
            )
            .with_status(answer.status));
        }
        if let (Target::Main, Task::Execute { op, .. }) = (&call.target, &call.task) {
            if op.shape == Shape::Events && answer.status == 412 && !self.is_hosted() {
                return Ok(Step::Done(Outcome::Value(response::sync_reset(op, &answer)?)));
            }
        }
        if !answer.is_success() {
            let error = self.status_error(call, &answer, now);
            let step = self.retry_or(call, Failure::Status(answer.status, error.retry_after_ms()), error.clone(), jitter);
            if step.is_err() && call.target == Target::Lookup {
                // The calls waiting on this lookup share its answer instead of asking again.
                self.connector.fail(id, error);
            }
            return step;
        }
        if matches!(answer.body, Body::TooLarge) {
            return Err(AsanaError::new(
                ErrorCode::BadResponse,
                format!(
                    "{}: the answer grew past maxResponseBytes ({} bytes) and was cancelled. Narrow the query (a lower limit, fewer opt_fields).",
                    self.what(call),
                    self.config.max_response_bytes
                ),
            ));
        }
        match (&call.target, &call.task) {
            (Target::Lookup, _) => {
                let workspace = match &self.auth {
                    Mode::Hosted { workspace, .. } => workspace.clone().unwrap_or_default(),
                    _ => String::new(),
                };
                match airbyte::read_lookup(&answer, &workspace) {
                    Ok(found) => {
                        self.connector.store(id, Secret::new(found), None, now);
                        call.target = Target::Main;
                        call.retrier = Retrier::new(self.config.retry_policy(), !matches!(&call.task, Task::Execute { op, .. } if op.is_write()));
                        self.proceed(id, call, now)
                    }
                    Err(error) => {
                        self.connector.fail(id, error.clone());
                        Err(error)
                    }
                }
            }
            (Target::Hop(_), _) => Ok(Step::Done(Outcome::Stream { status: answer.status, content_type: answer.content_type, size: answer.content_length })),
            (Target::Main, Task::Execute { op, .. }) if self.is_hosted() => match op.shape {
                Shape::Download if answer.content_length == Some(0) => {
                    Err(AsanaError::new(ErrorCode::NotFound, "Airbyte answered the download with an empty body; the attachment may not exist."))
                }
                Shape::Download => Ok(Step::Done(Outcome::Stream { status: answer.status, content_type: answer.content_type, size: answer.content_length })),
                _ => {
                    let facts = match &answer.body {
                        Body::Parsed(facts) => facts,
                        _ => {
                            return Err(AsanaError::new(ErrorCode::BadResponse, format!("Airbyte's answer to {}/{} could not be read.", op.entity, op.action)))
                        }
                    };
                    Ok(Step::Done(Outcome::Pick(match airbyte::read_execute(op, facts)? {
                        Some(meta) => Pick::ResultList(meta),
                        None => Pick::Result,
                    })))
                }
            },
            (Target::Main, Task::Execute { op, .. }) if op.shape == Shape::Download => {
                call.target = Target::Hop(response::download_url(answer.body.text())?);
                call.retrier = Retrier::new(self.config.retry_policy(), true);
                self.proceed(id, call, now)
            }
            (Target::Main, Task::Execute { op, args, .. }) if op.shape == Shape::Batch => {
                let results = response::batch(op, &args.batch, &answer, now)?;
                Ok(Step::Done(Outcome::Value(serde_json::from_str(&self.redactor.clean(&results.to_string())).unwrap_or(results))))
            }
            (Target::Main, Task::Execute { op, wait: Some(wait), .. }) => {
                let (job, gid) = response::job(op, &answer)?;
                self.poll_job(call, job, gid, now, now, *wait)
            }
            (Target::Job { since, .. }, Task::Execute { wait: Some(wait), .. }) => {
                let (job, gid) = response::job(jobs_get(), &answer)?;
                let (since, wait) = (*since, *wait);
                self.poll_job(call, job, gid, since, now, wait)
            }
            (Target::Job { .. }, _) => Err(AsanaError::new(ErrorCode::BadResponse, "A job poll answered a call that does not wait.")),
            (Target::Main, Task::Execute { op, for_model, .. }) => Ok(Step::Done(Outcome::Pick(match response::pick(op, &answer)? {
                Pick::List if *for_model => Pick::ModelList,
                pick => pick,
            }))),
            (Target::Main, Task::Admin(admin)) => Ok(Step::Done(Outcome::Value(Value::String(airbyte::read_admin(admin, &answer)?)))),
            (Target::Main, Task::ConnectorId) => Err(AsanaError::new(ErrorCode::BadResponse, "The connector lookup answered out of turn.")),
        }
    }

    /// The job once it has finished, or the next poll after the wait's interval.
    fn poll_job(&self, call: &mut Call, job: Value, gid: String, since: u64, now: u64, wait: JobWait) -> Result<Step, AsanaError> {
        if response::job_finished(&job) {
            return Ok(Step::Done(Outcome::Value(job)));
        }
        if now.saturating_sub(since) + u64::from(wait.interval_ms) > wait.timeout_ms {
            return Err(AsanaError::new(
                ErrorCode::Timeout,
                format!(
                    "{}: job {gid} had not finished after {} ms of waiting; read it later with jobs/get {{job_gid: \"{gid}\"}}.",
                    self.what(call),
                    wait.timeout_ms
                ),
            ));
        }
        call.target = Target::Job { gid, since };
        call.retrier = Retrier::new(self.config.retry_policy(), true);
        call.stage = Stage::Backoff;
        Ok(Step::Wait { ms: wait.interval_ms })
    }

    /// The error for a non-2xx answer of the target exchange.
    fn status_error(&self, call: &Call, answer: &Answer, now: u64) -> AsanaError {
        match (&call.target, &call.task) {
            (Target::Lookup, _) | (Target::Main, Task::ConnectorId) => airbyte::error(airbyte::LOOKUP_WHAT, answer, now),
            (Target::Hop(_), _) => AsanaError::new(
                ErrorCode::from_status(answer.status),
                format!("The attachment's file host answered HTTP {}; download_url links expire after about 2 minutes, so download again.", answer.status),
            )
            .with_status(answer.status),
            (Target::Main, Task::Admin(admin)) => airbyte::error(airbyte::admin_what(admin), answer, now),
            (Target::Main, Task::Execute { .. }) if self.is_hosted() => airbyte::error(&self.what(call), answer, now),
            (Target::Main, Task::Execute { op, .. }) => response::error(op, answer, now),
            (Target::Job { .. }, _) => response::error(jobs_get(), answer, now),
        }
    }

    /// Another attempt after `ms`, or the error (a write of unknown outcome says so).
    fn retry_or(&self, call: &mut Call, failure: Failure, error: AsanaError, jitter: f64) -> Result<Step, AsanaError> {
        match call.retrier.again(failure, jitter) {
            Some(ms) => {
                call.stage = Stage::Backoff;
                Ok(Step::Wait { ms: ms.min(u64::from(u32::MAX)) as u32 })
            }
            None if self.is_write(call) && call.target == Target::Main && !matches!(failure, Failure::Status(429, _)) => Err(error.outcome_unknown()),
            None => Err(error),
        }
    }

    fn is_write(&self, call: &Call) -> bool {
        match &call.task {
            Task::Execute { op, .. } => op.is_write(),
            Task::ConnectorId => false,
            Task::Admin(_) => true,
        }
    }

    /// This call owns the token flight: ask the token endpoint, Airbyte or `getToken`.
    fn start_renewal(&mut self, call: &mut Call) -> Result<Step, AsanaError> {
        call.awaiting_since = None;
        call.marks = [None; 2];
        match &self.auth {
            Mode::Token => Err(AsanaError::new(ErrorCode::Authentication, "The personal access token was refused; it cannot be renewed.")),
            Mode::Hosted { get_token: true, .. } => {
                call.stage = Stage::GetTokenHook;
                Ok(Step::Hook { hook: Hook::GetToken, argument: Value::Null, timeout_ms: call.timeout_ms })
            }
            _ => {
                call.renewal = Some(Retrier::new(self.config.retry_policy(), false));
                self.renew(call)
            }
        }
    }

    /// One attempt at the token endpoint (or Airbyte's token exchange).
    fn renew(&mut self, call: &mut Call) -> Result<Step, AsanaError> {
        let request = match &self.auth {
            Mode::OAuth(client) => client.request(),
            Mode::Hosted { client, .. } => client.token_request().ok_or_else(|| {
                AsanaError::new(ErrorCode::InvalidConfig, "Hosted mode needs airbyteClientId and airbyteClientSecret, or a getToken function.")
            })?,
            Mode::Token => return Err(AsanaError::new(ErrorCode::Authentication, "The personal access token cannot be renewed.")),
        };
        call.stage = Stage::Renewing;
        Ok(Step::Send { request, read: Read::Text, follow_redirects: false, timeout_ms: call.timeout_ms, max_bytes: ERROR_BODY_BYTES })
    }

    fn on_renewal(&mut self, id: CallId, call: &mut Call, event: Event, now: u64, jitter: f64) -> Result<Step, AsanaError> {
        let what = if matches!(self.auth, Mode::OAuth(_)) { oauth::WHAT } else { airbyte::TOKEN_WHAT };
        let (failure, error) = match event {
            Event::Answer(answer) => {
                let read = match &self.auth {
                    Mode::OAuth(_) => oauth::read(&answer).map(|r| (r.access_token, r.refresh_token, r.lifetime_ms)),
                    _ => airbyte::read_token(&answer, now).map(|(token, lifetime)| (token, None, lifetime)),
                };
                match read {
                    Ok((access, rotated, lifetime)) => return self.renewed(id, call, access, rotated, lifetime, now),
                    Err(error) => (
                        Failure::Status(
                            answer.status,
                            error.retry_after_ms().or_else(|| answer.retry_after.as_deref().and_then(|v| response::parse_retry_after(v, now))),
                        ),
                        error,
                    ),
                }
            }
            failure @ (Event::Network(_) | Event::Timeout) => transport_failure(what, failure, call.timeout_ms),
            other => return Err(AsanaError::new(ErrorCode::BadResponse, format!("The driver reported {other:?} during a token renewal."))),
        };
        let retrier = call.renewal.as_mut().expect("a renewal has its retrier");
        match retrier.again(failure, jitter) {
            Some(ms) => {
                call.stage = Stage::RenewBackoff;
                Ok(Step::Wait { ms: ms.min(u64::from(u32::MAX)) as u32 })
            }
            None => {
                self.access.fail(id, error.clone());
                Err(error)
            }
        }
    }

    fn renewed(
        &mut self,
        id: CallId,
        call: &mut Call,
        access: Secret,
        rotated: Option<Secret>,
        lifetime_ms: Option<u64>,
        now: u64,
    ) -> Result<Step, AsanaError> {
        self.redactor.add(access.expose());
        let refresh_token = match (&mut self.auth, rotated) {
            (Mode::OAuth(client), Some(rotated)) => {
                self.redactor.add(rotated.expose());
                client.refresh_token = rotated;
                Some(client.refresh_token.clone())
            }
            (Mode::OAuth(client), None) => Some(client.refresh_token.clone()),
            _ => None,
        };
        call.obtained = Some(self.access.store(id, access.clone(), lifetime_ms, now));
        call.renewal = None;
        match refresh_token {
            Some(refresh_token) if self.has_refresh_hook => {
                call.stage = Stage::RefreshHook;
                let mut tokens = json!({ "accessToken": access.expose(), "refreshToken": refresh_token.expose() });
                if let Some(ms) = lifetime_ms {
                    tokens["expiresAt"] = (now + ms).into();
                }
                Ok(Step::Hook { hook: Hook::TokensRenewed, argument: tokens, timeout_ms: call.timeout_ms })
            }
            _ => self.proceed(id, call, now),
        }
    }

    fn free_slot(&mut self, call: &mut Call) {
        if let Some(is_read) = call.slot.take() {
            self.limiter.free(is_read);
        }
    }

    fn warn(&mut self, message: String) {
        let warning = AsanaError::new(ErrorCode::InvalidConfig, message).map_text(|t| self.redactor.clean(t));
        self.warnings.push(warning);
    }

    /// How messages name the call ("tasks/get", "Hosted tasks/get", ...).
    fn what(&self, call: &Call) -> String {
        match &call.task {
            Task::Execute { op, .. } if self.is_hosted() => {
                format!("Hosted {}/{}", op.entity, op.action)
            }
            Task::Execute { op, .. } => format!("{}/{}", op.entity, op.action),
            Task::ConnectorId => airbyte::LOOKUP_WHAT.into(),
            Task::Admin(admin) => airbyte::admin_what(admin).into(),
        }
    }
}

/// The retry view and the error of an exchange that got no answer.
fn transport_failure(what: &str, event: Event, timeout_ms: u32) -> (Failure, AsanaError) {
    match event {
        Event::Timeout => (Failure::Timeout, AsanaError::new(ErrorCode::Timeout, format!("{what} got no answer within {timeout_ms} ms."))),
        Event::Network(why) => (Failure::Network, AsanaError::new(ErrorCode::Network, format!("{what} could not reach the server: {}", bounded(&why)))),
        other => unreachable!("only transport failures come here, not {other:?}"),
    }
}
