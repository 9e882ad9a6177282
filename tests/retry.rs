//! Retries and the limiter, end to end through the connector.

mod common;

use asana_agent_connector::{AsanaError, Config, Connector, ErrorCode, HttpResponse, TransportError};
use common::{answer, block_on, concurrently, json_of, ok, Scripted};
use serde_json::{json, Map, Value};
use std::cell::Cell;
use std::rc::Rc;

fn connector(extra: Value) -> Connector {
    let mut config = json!({"auth": {"token": "pat"}, "baseUrl": "https://asana.test/api/1.0"});
    config.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    Connector::new(Config::parse(&config).unwrap()).unwrap()
}

fn run(c: &Connector, t: &Scripted, entity: &str, action: &str, params: Value) -> Result<Value, AsanaError> {
    block_on(c.execute(t, entity, action, params.as_object().unwrap(), None)).map(json_of)
}

fn limited(retry_after: Option<&str>) -> Result<HttpResponse, TransportError> {
    let mut answer = answer(429, json!({"errors": [{"message": "You have made too many requests recently."}]}))?;
    answer.retry_after = retry_after.map(String::from);
    Ok(answer)
}

fn server_error() -> Result<HttpResponse, TransportError> {
    answer(500, json!({"errors": [{"message": "Server Error", "phrase": "6 sad squid snuggle softly"}]}))
}

#[test]
fn a_429_waits_retry_after_then_succeeds_even_for_writes() {
    let t = Scripted::answering([limited(Some("2")), Ok(HttpResponse { status: 201, ..ok(json!({"data": {"gid": "1"}})).unwrap() })]);
    let out = run(&connector(json!({})), &t, "tasks", "create", json!({"data": {"name": "x", "workspace": "1"}})).unwrap();
    assert_eq!(out["gid"], "1");
    assert_eq!(*t.slept.borrow(), vec![2_000]);
}

#[test]
fn a_missing_or_junk_retry_after_falls_back_to_jittered_backoff() {
    let t = Scripted::answering([limited(None), limited(Some("NaN")), ok(json!({"data": []}))]);
    run(&connector(json!({})), &t, "workspaces", "list", json!({})).unwrap();
    assert_eq!(*t.slept.borrow(), vec![375, 750], "500 ms then 1 s steps, equal jitter at 0.5");
}

#[test]
fn a_retry_after_beyond_max_delay_rejects_at_once_with_retry_after_ms() {
    let t = Scripted::answering([limited(Some("120"))]);
    let e = run(&connector(json!({})), &t, "workspaces", "list", json!({})).unwrap_err();
    assert_eq!((e.code(), e.retry_after_ms(), e.is_retryable()), (ErrorCode::RateLimited, Some(120_000), true));
    assert!(t.slept.borrow().is_empty());
}

#[test]
fn reads_are_retried_after_5xx_and_network_errors_up_to_max_attempts() {
    let t = Scripted::answering([server_error(), Err(TransportError::Network("ECONNRESET".into())), ok(json!({"data": {"gid": "1"}}))]);
    assert_eq!(run(&connector(json!({})), &t, "tasks", "get", json!({"task_gid": "1"})).unwrap()["gid"], "1");
    let t = Scripted::answering([server_error(), server_error(), server_error()]);
    let e = run(&connector(json!({})), &t, "tasks", "get", json!({"task_gid": "1"})).unwrap_err();
    assert_eq!((e.code(), t.sent.borrow().len()), (ErrorCode::Server, 3));
}

#[test]
fn writes_are_never_repeated_after_a_5xx_or_a_timeout() {
    for failure in [server_error(), Err(TransportError::Timeout), Err(TransportError::Network("reset".into()))] {
        let t = Scripted::answering([failure]);
        let e = run(&connector(json!({})), &t, "tasks", "create", json!({"data": {"name": "x", "workspace": "1"}})).unwrap_err();
        assert!(e.is_retryable());
        assert_eq!(t.sent.borrow().len(), 1, "{e:?}");
    }
}

#[test]
fn max_attempts_one_disables_retries() {
    let t = Scripted::answering([limited(Some("1"))]);
    let e = run(&connector(json!({"retry": {"maxAttempts": 1}})), &t, "workspaces", "list", json!({})).unwrap_err();
    assert_eq!((e.code(), t.sent.borrow().len()), (ErrorCode::RateLimited, 1));
}

#[test]
fn the_limiter_keeps_writes_under_asanas_concurrency_limit() {
    let c = Rc::new(connector(json!({})));
    let peak = Rc::new(Cell::new(0u32));
    // Each send yields once before answering, so without the limiter all 40 would be in flight.
    let (seen_by, p) = (Rc::clone(&c), Rc::clone(&peak));
    let t = Scripted::new(move |_| {
        p.set(p.get().max(seen_by.in_flight().1));
        Ok(HttpResponse { status: 201, ..ok(json!({"data": {"gid": "1"}})).unwrap() })
    });
    let params: Map<String, Value> = json!({"data": {"name": "x", "workspace": "1"}}).as_object().unwrap().clone();
    assert!(concurrently(&c, &t, 40, "tasks", "create", &params).iter().all(Result::is_ok));
    assert_eq!(t.sent.borrow().len(), 40);
    assert_eq!(peak.get(), 15, "writes in flight never exceed Asana's 15");
    assert_eq!(c.in_flight(), (0, 0), "every permit was returned");
    let capped = Rc::new(connector(json!({"maxConcurrency": 4})));
    let (seen_by, p) = (Rc::clone(&capped), Rc::clone(&peak));
    peak.set(0);
    let t = Scripted::new(move |_| {
        p.set(p.get().max(seen_by.in_flight().0));
        ok(json!({"data": []}))
    });
    assert!(concurrently(&capped, &t, 20, "workspaces", "list", &Map::new()).iter().all(Result::is_ok));
    assert_eq!(peak.get(), 4, "maxConcurrency caps reads too");
}
