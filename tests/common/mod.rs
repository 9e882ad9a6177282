//! The scripted transport the native tests drive the core with.
#![allow(dead_code)] // each test file uses a different part

use asana_agent_connector::{AsanaError, Callbacks, Connector, HttpRequest, HttpResponse, Outcome, RenewedTokens, StreamResponse, Transport, TransportError};
use serde_json::{Map, Value};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// A transport that answers through a handler and records every request. Each send yields
/// once before answering, so concurrent calls really interleave; `sleep` advances a fake clock.
pub struct Scripted {
    pub handler: Box<dyn Fn(&HttpRequest) -> Result<HttpResponse, TransportError>>,
    pub sent: RefCell<Vec<(String, String, Option<String>, Vec<(String, String)>)>>,
    pub clock: Cell<u64>,
    pub renewals: RefCell<Vec<(String, String, Option<u64>)>>,
    pub callback_fails: bool,
    pub warnings: RefCell<Vec<String>>,
    pub hosted_token: Option<String>,
    /// Every sleep asked for, in order (renewal waits, backoff).
    pub slept: RefCell<Vec<u32>>,
}

impl Scripted {
    pub fn new(handler: impl Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + 'static) -> Self {
        Scripted { handler: Box::new(handler), sent: RefCell::default(), clock: Cell::new(1_000_000), renewals: RefCell::default(), callback_fails: false, warnings: RefCell::default(), hosted_token: None, slept: RefCell::default() }
    }
    pub fn answering(answers: impl IntoIterator<Item = Result<HttpResponse, TransportError>>) -> Self {
        let queue = RefCell::new(answers.into_iter().collect::<VecDeque<_>>());
        Scripted::new(move |_| queue.borrow_mut().pop_front().expect("the script ran out of answers"))
    }
    fn next(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let headers = request.headers.iter().map(|(n, v)| (n.to_string(), v.clone())).collect();
        self.sent.borrow_mut().push((request.method.as_str().into(), request.url.clone(), request.body.clone(), headers));
        (self.handler)(request)
    }
    pub fn count(&self, url_part: &str) -> usize {
        self.sent.borrow().iter().filter(|(_, url, _, _)| url.contains(url_part)).count()
    }
}

/// Pending once, then ready: lets the executor switch to another call.
struct YieldOnce(bool);
impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

impl Transport for Scripted {
    type Stream = String;
    async fn send(&self, request: &HttpRequest, _timeout_ms: u32) -> Result<HttpResponse, TransportError> {
        YieldOnce(false).await;
        self.next(request)
    }
    async fn open(&self, request: &HttpRequest, _timeout_ms: u32) -> Result<StreamResponse<String>, TransportError> {
        let answer = self.next(request)?;
        Ok(StreamResponse { status: answer.status, content_type: answer.content_type, content_length: Some(answer.body.len() as u64), body: answer.body })
    }
    fn now_ms(&self) -> u64 {
        self.clock.get()
    }
    async fn sleep(&self, ms: u32) {
        self.clock.set(self.clock.get() + u64::from(ms));
        self.slept.borrow_mut().push(ms);
        YieldOnce(false).await;
    }
    fn random(&self) -> f64 {
        0.5
    }
    fn is_aborted(&self) -> bool {
        false
    }
}

impl Callbacks for Scripted {
    async fn tokens_renewed(&self, tokens: RenewedTokens<'_>) -> Result<(), String> {
        self.renewals.borrow_mut().push((tokens.access_token.into(), tokens.refresh_token.into(), tokens.expires_at));
        if self.callback_fails {
            Err(format!("could not store {}", tokens.refresh_token))
        } else {
            Ok(())
        }
    }
    fn warn(&self, warning: &AsanaError) {
        self.warnings.borrow_mut().push(warning.message().to_string());
    }
    async fn hosted_token(&self) -> Option<Result<String, String>> {
        self.hosted_token.clone().map(Ok)
    }
}

/// Polls every future in turn until all are done (a single-threaded executor).
pub fn block_on_all<T>(futures: Vec<Pin<Box<dyn Future<Output = T> + '_>>>) -> Vec<T> {
    let mut futures: Vec<_> = futures.into_iter().map(Some).collect();
    let mut out: Vec<Option<T>> = futures.iter().map(|_| None).collect();
    let mut cx = Context::from_waker(Waker::noop());
    while out.iter().any(Option::is_none) {
        for (slot, result) in futures.iter_mut().zip(out.iter_mut()) {
            if let Some(future) = slot {
                if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
                    *result = Some(value);
                    *slot = None;
                }
            }
        }
    }
    out.into_iter().map(Option::unwrap).collect()
}

pub fn block_on<F: Future>(future: F) -> F::Output {
    block_on_all(vec![Box::pin(future)]).pop().unwrap()
}

pub fn ok(body: Value) -> Result<HttpResponse, TransportError> {
    answer(200, body)
}

pub fn answer(status: u16, body: Value) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse { status, content_type: Some("application/json".into()), retry_after: None, body: body.to_string() })
}

pub fn json_of(outcome: Outcome<String>) -> Value {
    match outcome {
        Outcome::Json(text) => serde_json::from_str(&text).unwrap(),
        Outcome::Download(_) => panic!("expected JSON"),
    }
}

/// `n` calls of (entity, action, params) in flight together, each result as JSON.
pub fn concurrently(c: &Connector, t: &Scripted, n: usize, entity: &str, action: &str, params: &Map<String, Value>) -> Vec<Result<Value, AsanaError>> {
    type Call<'a> = Pin<Box<dyn Future<Output = Result<Outcome<String>, AsanaError>> + 'a>>;
    let calls: Vec<Call> = (0..n).map(|_| Box::pin(c.execute(t, entity, action, params, None)) as Call).collect();
    block_on_all(calls).into_iter().map(|r| r.map(json_of)).collect()
}
