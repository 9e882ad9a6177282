//! A native driver for the sans-IO engine: a discrete-event simulation with a virtual clock.
//! It does what `pkg/driver.js` does (send, wait, call hooks, parse 2xx JSON and report its
//! facts) against a scripted server, with no executor and no real time.
#![allow(dead_code)] // each test file uses a different part

use asana_agent_connector::call::{Engine, Event, Hook, Outcome, Pick, Step, Task};
use asana_agent_connector::{Answer, AsanaError, Body, Config, Facts, HttpRequest, Kind, Read};
use serde_json::{json, Map, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};

/// What the scripted server does with one request.
pub enum Reply {
    /// An answer; the body is text as a server would send it.
    Answer(Answer),
    /// No answer: a dropped connection.
    Network,
    /// No answer in time.
    Timeout,
}

pub fn ok(body: Value) -> Reply {
    answer(200, body)
}

pub fn answer(status: u16, body: Value) -> Reply {
    Reply::Answer(Answer::text(status, body.to_string()))
}

pub fn with_header(reply: Reply, retry_after: &str) -> Reply {
    match reply {
        Reply::Answer(mut a) => {
            a.retry_after = Some(retry_after.into());
            Reply::Answer(a)
        }
        other => other,
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Sent {
    pub at: u64,
    pub method: String,
    pub url: String,
    pub body: Option<String>,
    pub headers: Vec<(String, String)>,
}

impl Sent {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

type Handler = Box<dyn Fn(&HttpRequest) -> Reply>;

/// A call in the simulation: what it is and when (if ever) its caller aborts it.
pub struct CallSpec {
    pub task: Task,
    pub timeout_ms: Option<u32>,
    pub abort_at: Option<u64>,
}

impl From<Task> for CallSpec {
    fn from(task: Task) -> Self {
        CallSpec { task, timeout_ms: None, abort_at: None }
    }
}

pub struct Harness {
    pub engine: Engine,
    handler: Handler,
    pub sent: RefCell<Vec<Sent>>,
    pub clock: u64,
    /// How long the server takes to answer.
    pub latency_ms: u64,
    pub slept: Vec<u32>,
    pub renewals: Vec<Value>,
    pub refresh_fails: Option<String>,
    /// `getToken`'s answer: Some(Ok(token)), Some(Err(why)), or None (it never settles).
    pub hosted_token: Option<Result<String, String>>,
    pub hook_delay_ms: u64,
    pub warnings: Vec<String>,
}

/// The engine for `config` (JSON), with an `onTokenRefresh` hook.
pub fn engine(config: Value) -> Engine {
    Engine::new(Config::parse(&config).unwrap(), true)
}

impl Harness {
    pub fn new(engine: Engine, handler: impl Fn(&HttpRequest) -> Reply + 'static) -> Harness {
        Harness {
            engine,
            handler: Box::new(handler),
            sent: RefCell::default(),
            clock: 1_000_000,
            latency_ms: 1,
            slept: Vec::new(),
            renewals: Vec::new(),
            refresh_fails: None,
            hosted_token: None,
            hook_delay_ms: 0,
            warnings: Vec::new(),
        }
    }

    /// A server that answers from a script, in order.
    pub fn scripted(engine: Engine, replies: impl IntoIterator<Item = Reply>) -> Harness {
        let queue = RefCell::new(replies.into_iter().collect::<VecDeque<_>>());
        Harness::new(engine, move |_| queue.borrow_mut().pop_front().expect("the script ran out of answers"))
    }

    pub fn count(&self, url_part: &str) -> usize {
        self.sent.borrow().iter().filter(|s| s.url.contains(url_part)).count()
    }

    pub fn task(&self, entity: &str, action: &str, params: Value) -> Result<Task, AsanaError> {
        self.engine.execute_task(entity, action, params.as_object().cloned().unwrap_or_default())
    }

    /// Runs one `execute` to its end.
    pub fn execute(&mut self, entity: &str, action: &str, params: Value) -> Result<Value, AsanaError> {
        let task = self.task(entity, action, params)?;
        self.run(task.into())
    }

    pub fn run(&mut self, call: CallSpec) -> Result<Value, AsanaError> {
        self.run_all(vec![call]).pop().unwrap()
    }

    /// `n` identical calls in flight together.
    pub fn concurrently(&mut self, n: usize, entity: &str, action: &str, params: Value) -> Vec<Result<Value, AsanaError>> {
        let calls = (0..n).map(|_| self.task(entity, action, params.clone()).unwrap().into()).collect();
        self.run_all(calls)
    }

    /// Runs the calls together on the virtual clock until every one has finished; then
    /// checks that nothing is held (as the driver's `finally` guarantees).
    pub fn run_all(&mut self, calls: Vec<CallSpec>) -> Vec<Result<Value, AsanaError>> {
        let mut results: Vec<Option<Result<Value, AsanaError>>> = calls.iter().map(|_| None).collect();
        let mut kept: Vec<Option<Value>> = calls.iter().map(|_| None).collect();
        let mut ids = Vec::new();
        let mut epochs = vec![0u64; calls.len()];
        // (time, sequence) -> (call index, epoch, event)
        let mut queue: BTreeMap<(u64, u64), (usize, u64, Event)> = BTreeMap::new();
        let mut seq = 0u64;
        let mut pending: Vec<(usize, Step)> = Vec::new();
        for (i, spec) in calls.into_iter().enumerate() {
            if let Some(at) = spec.abort_at {
                seq += 1;
                queue.insert((at, seq), (i, u64::MAX, Event::Aborted));
            }
            let (id, step) = self.engine.start(spec.task, spec.timeout_ms, self.clock);
            ids.push(id);
            pending.push((i, step));
        }
        loop {
            for (i, step) in pending.drain(..) {
                match step {
                    Step::Done(outcome) => {
                        results[i] = Some(Ok(finish(outcome, kept[i].take())));
                        self.engine.release(ids[i]);
                    }
                    Step::Fail(error) => {
                        results[i] = Some(Err(error));
                        self.engine.release(ids[i]);
                    }
                    Step::Send { request, read, timeout_ms, .. } => {
                        self.sent.borrow_mut().push(Sent {
                            at: self.clock,
                            method: request.method.as_str().into(),
                            url: request.url.clone(),
                            body: request.body.clone(),
                            headers: request.headers.iter().map(|(n, v)| (n.to_string(), v.clone())).collect(),
                        });
                        let (event, body) = report((self.handler)(&request), read);
                        kept[i] = body;
                        seq += 1;
                        let after = if matches!(event, Event::Timeout) { u64::from(timeout_ms) } else { self.latency_ms };
                        queue.insert((self.clock + after, seq), (i, epochs[i], event));
                    }
                    Step::Wait { ms } => {
                        self.slept.push(ms);
                        seq += 1;
                        queue.insert((self.clock + u64::from(ms), seq), (i, epochs[i], Event::Timer));
                    }
                    Step::Hook { hook, argument, timeout_ms } => {
                        let event = match hook {
                            Hook::TokensRenewed => {
                                self.renewals.push(argument);
                                Some(Event::Hook(self.refresh_fails.clone().map_or(Ok(None), Err)))
                            }
                            Hook::GetToken => self.hosted_token.clone().map(|t| Event::Hook(t.map(Some))),
                        };
                        // A hook that never settles is cut by the driver at the step's timeout.
                        let (after, event) = match event {
                            Some(event) if self.hook_delay_ms < u64::from(timeout_ms) => (self.hook_delay_ms, event),
                            _ => (u64::from(timeout_ms), Event::Timeout),
                        };
                        seq += 1;
                        queue.insert((self.clock + after, seq), (i, epochs[i], event));
                    }
                }
            }
            for warning in self.engine.take_warnings() {
                self.warnings.push(warning.message().to_string());
            }
            if results.iter().all(Option::is_some) {
                break;
            }
            let Some(((at, _), (i, epoch, event))) = queue.pop_first() else {
                panic!("calls are stuck: nothing left to happen");
            };
            if results[i].is_some() || (epoch != epochs[i] && epoch != u64::MAX) {
                continue;
            }
            epochs[i] += 1; // an abort drops whatever the call was waiting for
            self.clock = self.clock.max(at);
            let step = self.engine.resume(ids[i], event, self.clock, 0.5);
            pending.push((i, step));
        }
        assert_eq!(self.engine.in_flight(), (0, 0), "limiter slots still held");
        assert_eq!(self.engine.open_calls(), 0, "calls still open");
        results.into_iter().map(Option::unwrap).collect()
    }
}

/// What the driver reports for a reply: 2xx JSON is parsed and only its facts cross.
fn report(reply: Reply, read: Read) -> (Event, Option<Value>) {
    let mut answer = match reply {
        Reply::Answer(answer) => answer,
        Reply::Network => return (Event::Network("fetch failed (ECONNRESET)".into()), None),
        Reply::Timeout => return (Event::Timeout, None),
    };
    let text = answer.body.text().to_string();
    if answer.is_success() && read == Read::Stream {
        answer.body = Body::Stream;
        return (Event::Answer(answer), Some(Value::String(text)));
    }
    if !answer.is_success() || read == Read::Text || text.trim().is_empty() {
        return (Event::Answer(answer), None);
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(parsed) => {
            answer.body = Body::Parsed(facts(&parsed));
            (Event::Answer(answer), Some(parsed))
        }
        Err(_) => {
            answer.body = Body::Unparseable;
            (Event::Answer(answer), None)
        }
    }
}

/// The driver's `facts()`.
pub fn facts(body: &Value) -> Facts {
    let Value::Object(map) = body else {
        return Facts { object: false, ..Facts::default() };
    };
    let kind = |key: &str| match map.get(key) {
        None => Kind::Missing,
        Some(Value::Null) => Kind::Null,
        Some(Value::Object(_)) => Kind::Object,
        Some(Value::Array(_)) => Kind::Array,
        Some(_) => Kind::Other,
    };
    Facts {
        object: true,
        data: kind("data"),
        next_page: kind("next_page"),
        result: kind("result"),
        status: map.get("status").and_then(Value::as_str).map(String::from),
        message: map.get("message").or_else(|| map.get("error")).and_then(Value::as_str).map(String::from),
        metadata: map.get("connector_metadata").filter(|m| m.is_object()).map(Value::to_string),
    }
}

/// The driver's `result()`.
fn finish(outcome: Outcome, body: Option<Value>) -> Value {
    let body = body.unwrap_or(Value::Null);
    match outcome {
        Outcome::Value(value) => value,
        Outcome::Stream { status, content_type, size } => json!({ "status": status, "contentType": content_type, "size": size, "body": body }),
        Outcome::Pick(Pick::Data) => body["data"].clone(),
        Outcome::Pick(Pick::List) => {
            json!({ "data": body["data"], "meta": { "next_page": body.get("next_page").cloned().unwrap_or(Value::Null) } })
        }
        Outcome::Pick(Pick::ModelList) => match body["next_page"]["offset"].as_str() {
            Some(offset) => json!({ "data": body["data"], "meta": { "next_page": { "offset": offset } } }),
            None => json!({ "data": body["data"], "meta": { "next_page": null } }),
        },
        Outcome::Pick(Pick::Empty) => json!({}),
        Outcome::Pick(Pick::Result) => match &body["result"] {
            Value::Null => json!({}),
            other => other.clone(),
        },
        Outcome::Pick(Pick::ResultList(meta)) => {
            json!({ "data": body["result"], "meta": serde_json::from_str::<Value>(&meta).unwrap() })
        }
        Outcome::Pick(Pick::Events) => json!({ "data": body["data"], "meta": { "sync": body["sync"], "has_more": body["has_more"] == true } }),
        Outcome::Pick(Pick::Webhook) => match body.get("X-Hook-Secret") {
            Some(secret) => {
                let mut record = body["data"].clone();
                record["meta"] = json!({ "x_hook_secret": secret });
                record
            }
            None => body["data"].clone(),
        },
    }
}

pub fn params(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}
