//! The call machine, natively: step by step with no executor and no real time (each step
//! checked as the driver would see it), then whole calls through the simulation harness:
//! what goes on the wire, what comes back, retries, the limiter, aborts and deadlines.

mod common;

use asana_agent_connector::call::{Engine, Event, Outcome, Pick, Step};
use asana_agent_connector::{Answer, Body, ErrorCode, Facts, Kind, Read};
use common::{answer, engine, ok, with_header, CallSpec, Harness, Reply};
use serde_json::{json, Value};

fn connector(extra: Value) -> Engine {
    let mut config = json!({"auth": {"token": "pat-secret"}, "baseUrl": "https://asana.test/api/1.0"});
    config.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    engine(config)
}

fn parsed(status: u16, data: Kind) -> Event {
    Event::Answer(Answer { body: Body::Parsed(Facts { data, ..Facts::default() }), ..Answer::text(status, "") })
}

fn limited(retry_after: Option<&str>) -> Reply {
    let reply = answer(429, json!({"errors": [{"message": "You have made too many requests recently."}]}));
    match retry_after {
        Some(value) => with_header(reply, value),
        None => reply,
    }
}

fn server_error() -> Reply {
    answer(500, json!({"errors": [{"message": "Server Error", "phrase": "6 sad squid snuggle softly"}]}))
}

// ---- step by step -------------------------------------------------------------------------------

#[test]
fn a_get_is_one_send_then_done_picking_data() {
    let mut e = connector(json!({}));
    let task = e.execute_task("tasks", "get", common::params(json!({"task_gid": "12"}))).unwrap();
    let (id, step) = e.start(task, None, 0);
    let Step::Send { request, read, follow_redirects, timeout_ms, .. } = step else { panic!("{step:?}") };
    assert_eq!(
        (request.method.as_str(), request.url.as_str(), read, follow_redirects, timeout_ms),
        ("GET", "https://asana.test/api/1.0/tasks/12", Read::Json, true, 30_000)
    );
    assert_eq!(request.header("Authorization"), Some("Bearer pat-secret"));
    assert_eq!(e.in_flight(), (1, 0), "the read holds a slot while in flight");
    let step = e.resume(id, parsed(200, Kind::Object), 5, 0.5);
    assert!(matches!(step, Step::Done(Outcome::Pick(Pick::Data))), "{step:?}");
    assert_eq!((e.in_flight(), e.open_calls()), ((0, 0), 0), "a finished call holds nothing");
    e.release(id);
}

#[test]
fn a_429_becomes_a_wait_then_the_same_request_again() {
    let mut e = connector(json!({}));
    let task = e.execute_task("tasks", "create", common::params(json!({"data": {"name": "x", "workspace": "1"}}))).unwrap();
    let (id, step) = e.start(task, None, 0);
    let Step::Send { follow_redirects, .. } = step else { panic!("{step:?}") };
    assert!(!follow_redirects, "a write never follows a redirect");
    let mut limited = Answer::text(429, "{}");
    limited.retry_after = Some("3".into());
    assert!(matches!(e.resume(id, Event::Answer(limited), 10, 0.5), Step::Wait { ms: 3_000 }));
    assert_eq!(e.in_flight(), (0, 0), "no slot is held while waiting");
    let Step::Send { request, .. } = e.resume(id, Event::Timer, 3_010, 0.5) else { panic!() };
    assert_eq!(request.body.as_deref(), Some(r#"{"data":{"name":"x","workspace":"1"}}"#));
    assert!(matches!(e.resume(id, parsed(201, Kind::Object), 3_020, 0.5), Step::Done(_)));
}

#[test]
fn an_abort_at_any_wait_fails_only_that_call_and_frees_its_slot() {
    let mut e = connector(json!({"maxConcurrency": 1}));
    let task = |e: &Engine| e.execute_task("workspaces", "list", common::params(json!({}))).unwrap();
    let (first, step) = e.start(task(&e), None, 0);
    assert!(matches!(step, Step::Send { .. }));
    let (queued, step) = e.start(task(&e), None, 0);
    assert!(matches!(step, Step::Wait { .. }), "the second call queues for the one slot");
    let Step::Fail(error) = e.resume(queued, Event::Aborted, 1, 0.5) else { panic!() };
    assert_eq!(error.code(), ErrorCode::Aborted);
    let Step::Fail(error) = e.resume(first, Event::Aborted, 2, 0.5) else { panic!() };
    assert_eq!(error.code(), ErrorCode::Aborted);
    assert_eq!((e.in_flight(), e.open_calls()), ((0, 0), 0));
    let (_, step) = e.start(task(&e), None, 3);
    assert!(matches!(step, Step::Send { .. }), "the slot is free again");
}

#[test]
fn time_in_the_queue_counts_against_timeout_ms() {
    let mut e = connector(json!({"maxConcurrency": 1, "timeoutMs": 100}));
    let task = |e: &Engine| e.execute_task("workspaces", "list", common::params(json!({}))).unwrap();
    let (_busy, _) = e.start(task(&e), None, 0);
    let (queued, mut step) = e.start(task(&e), None, 0);
    let mut now = 0;
    while let Step::Wait { ms } = step {
        now += u64::from(ms);
        step = e.resume(queued, Event::Timer, now, 0.5);
    }
    let Step::Fail(error) = step else { panic!("{step:?}") };
    assert_eq!(error.code(), ErrorCode::Timeout);
    assert!((100..110).contains(&now), "gave up at {now} ms");
    assert!(error.message().contains("free request slot"), "{}", error.message());
}

#[test]
fn a_write_is_not_sent_again_after_a_redirect() {
    let mut e = connector(json!({}));
    let task = e.execute_task("tasks", "create", common::params(json!({"data": {"name": "x", "workspace": "1"}}))).unwrap();
    let (id, _) = e.start(task, None, 0);
    let Step::Fail(error) = e.resume(id, Event::Answer(Answer::text(307, "")), 1, 0.5) else { panic!() };
    assert_eq!((error.code(), error.status()), (ErrorCode::Http, Some(307)));
    assert!(!error.is_retryable());
}

#[test]
fn a_body_past_max_response_bytes_is_bad_response() {
    let mut e = connector(json!({"maxResponseBytes": 1000}));
    let task = e.execute_task("workspaces", "list", common::params(json!({}))).unwrap();
    let (id, step) = e.start(task, None, 0);
    let Step::Send { max_bytes, .. } = step else { panic!() };
    assert_eq!(max_bytes, 1000);
    let too_large = Answer { body: Body::TooLarge, ..Answer::text(200, "") };
    let Step::Fail(error) = e.resume(id, Event::Answer(too_large), 1, 0.5) else { panic!() };
    assert_eq!(error.code(), ErrorCode::BadResponse);
    assert!(error.message().contains("maxResponseBytes"), "{}", error.message());
}

#[test]
fn a_fetch_that_answers_nonsense_is_bad_response_not_a_retry() {
    let mut e = connector(json!({}));
    let task = e.execute_task("workspaces", "list", common::params(json!({}))).unwrap();
    let (id, _) = e.start(task, None, 0);
    let Step::Fail(error) = e.resume(id, Event::Unreadable("its status is not an HTTP status code".into()), 1, 0.5) else { panic!() };
    assert_eq!(error.code(), ErrorCode::BadResponse);
    let Step::Fail(error) = e.resume(id, Event::Timer, 2, 0.5) else { panic!() };
    assert!(error.message().contains("already finished"));
}

// ---- whole calls ---------------------------------------------------------------------------------

#[test]
fn a_list_sends_auth_and_query_and_keeps_the_envelope() {
    let mut t = Harness::scripted(
        connector(json!({"asanaEnable": ["new_goal_memberships"]})),
        [ok(json!({"data": [{"gid": "1"}], "next_page": {"offset": "o1", "path": "/p", "uri": "u"}}))],
    );
    let out = t.execute("project_tasks", "list", json!({"project_gid": "42", "limit": 2})).unwrap();
    assert_eq!(out, json!({"data": [{"gid": "1"}], "meta": {"next_page": {"offset": "o1", "path": "/p", "uri": "u"}}}));
    let sent = t.sent.borrow();
    assert_eq!((sent[0].method.as_str(), sent[0].url.as_str(), &sent[0].body), ("GET", "https://asana.test/api/1.0/projects/42/tasks?limit=2", &None));
    assert_eq!(sent[0].header("Authorization"), Some("Bearer pat-secret"));
    assert_eq!(sent[0].header("Asana-Enable"), Some("new_goal_memberships"));
}

#[test]
fn validation_fails_before_any_request() {
    let t = Harness::scripted(connector(json!({})), []);
    for (entity, action, params, code) in [
        ("task", "get", json!({}), ErrorCode::UnknownEntity),
        ("tasks", "fetch", json!({}), ErrorCode::UnknownAction),
        ("tasks", "get", json!({}), ErrorCode::InvalidParams),
        ("tasks", "get", json!({"task_gid": "1", "bogus": 1}), ErrorCode::InvalidParams),
        ("tasks", "get", json!({"task_gid": ".."}), ErrorCode::InvalidParams),
    ] {
        assert_eq!(t.task(entity, action, params).unwrap_err().code(), code);
    }
    let read_only = Harness::scripted(connector(json!({"readOnly": true})), []);
    assert_eq!(read_only.task("tasks", "delete", json!({"task_gid": "1"})).unwrap_err().code(), ErrorCode::Permission);
}

#[test]
fn http_and_transport_errors_are_typed() {
    let mut t = Harness::scripted(
        connector(json!({"retry": {"maxAttempts": 1}})),
        [answer(404, json!({"errors": [{"message": "Unknown object: 5"}]})), Reply::Timeout, Reply::Network],
    );
    let e = t.execute("tasks", "get", json!({"task_gid": "5"})).unwrap_err();
    assert_eq!((e.code(), e.status(), e.details().unwrap()[0]["message"].as_str()), (ErrorCode::NotFound, Some(404), Some("Unknown object: 5")));
    assert_eq!(t.execute("tasks", "get", json!({"task_gid": "5"})).unwrap_err().code(), ErrorCode::Timeout);
    let e = t.execute("tasks", "get", json!({"task_gid": "5"})).unwrap_err();
    assert!(e.message().contains("ECONNRESET") && e.is_retryable());
}

#[test]
fn download_fetches_the_file_without_credentials() {
    let mut t = Harness::scripted(
        connector(json!({})),
        [
            ok(json!({"data": {"gid": "7", "download_url": "https://files.test/7?sig=abc"}})),
            Reply::Answer(Answer { content_type: Some("image/png".into()), ..Answer::text(206, "bytes") }),
        ],
    );
    let out = t.execute("attachments", "download", json!({"attachment_gid": "7", "range_header": "bytes=0-4"})).unwrap();
    assert_eq!(out, json!({"status": 206, "contentType": "image/png", "size": null, "body": "bytes"}));
    let sent = t.sent.borrow();
    assert_eq!(sent[0].url, "https://asana.test/api/1.0/attachments/7");
    assert_eq!(sent[1].url, "https://files.test/7?sig=abc");
    assert_eq!(sent[1].header("Authorization"), None);
    assert_eq!(sent[1].header("Range"), Some("bytes=0-4"));
}

#[test]
fn externally_hosted_attachments_are_not_supported() {
    let mut t = Harness::scripted(connector(json!({})), [ok(json!({"data": {"gid": "7", "download_url": null, "host": "box"}}))]);
    assert_eq!(t.execute("attachments", "download", json!({"attachment_gid": "7"})).unwrap_err().code(), ErrorCode::NotSupported);
}

#[test]
fn a_429_waits_retry_after_then_succeeds_even_for_writes() {
    let mut t = Harness::scripted(connector(json!({})), [limited(Some("2")), answer(201, json!({"data": {"gid": "1"}}))]);
    assert_eq!(t.execute("tasks", "create", json!({"data": {"name": "x", "workspace": "1"}})).unwrap()["gid"], "1");
    assert_eq!(t.slept, vec![2_000]);
}

#[test]
fn a_missing_or_junk_retry_after_falls_back_to_jittered_backoff() {
    let mut t = Harness::scripted(connector(json!({})), [limited(None), limited(Some("NaN")), ok(json!({"data": []}))]);
    t.execute("workspaces", "list", json!({})).unwrap();
    assert_eq!(t.slept, vec![375, 750], "500 ms then 1 s steps, equal jitter at 0.5");
}

#[test]
fn a_retry_after_beyond_max_delay_rejects_at_once_with_retry_after_ms() {
    let mut t = Harness::scripted(connector(json!({})), [limited(Some("120"))]);
    let e = t.execute("workspaces", "list", json!({})).unwrap_err();
    assert_eq!((e.code(), e.retry_after_ms(), e.is_retryable()), (ErrorCode::RateLimited, Some(120_000), true));
    assert!(t.slept.is_empty());
}

#[test]
fn reads_are_retried_after_5xx_and_network_errors_up_to_max_attempts() {
    let mut t = Harness::scripted(connector(json!({})), [server_error(), Reply::Network, ok(json!({"data": {"gid": "1"}}))]);
    assert_eq!(t.execute("tasks", "get", json!({"task_gid": "1"})).unwrap()["gid"], "1");
    let mut t = Harness::scripted(connector(json!({})), [server_error(), server_error(), server_error()]);
    let e = t.execute("tasks", "get", json!({"task_gid": "1"})).unwrap_err();
    assert_eq!((e.code(), e.is_retryable(), t.sent.borrow().len()), (ErrorCode::Server, true, 3));
}

#[test]
fn writes_of_unknown_outcome_are_sent_once_and_not_retryable() {
    for failure in [server_error(), Reply::Timeout, Reply::Network] {
        let mut t = Harness::scripted(connector(json!({})), [failure]);
        let e = t.execute("tasks", "create", json!({"data": {"name": "x", "workspace": "1"}})).unwrap_err();
        assert!(!e.is_retryable() && e.message().contains("read first"), "{e:?}");
        assert_eq!(t.sent.borrow().len(), 1, "{e:?}");
    }
}

#[test]
fn max_attempts_one_disables_retries() {
    let mut t = Harness::scripted(connector(json!({"retry": {"maxAttempts": 1}})), [limited(Some("1"))]);
    assert_eq!(t.execute("workspaces", "list", json!({})).unwrap_err().code(), ErrorCode::RateLimited);
    assert_eq!(t.sent.borrow().len(), 1);
}

/// The most requests in flight at once, from when each was sent (answers take `latency`).
fn peak(t: &Harness) -> usize {
    let sent: Vec<u64> = t.sent.borrow().iter().map(|s| s.at).collect();
    sent.iter().map(|at| sent.iter().filter(|b| **b <= *at && *at < **b + t.latency_ms).count()).max().unwrap_or(0)
}

#[test]
fn the_limiter_keeps_writes_under_asanas_concurrency_limit() {
    let mut t = Harness::new(connector(json!({})), |_| answer(201, json!({"data": {"gid": "1"}})));
    t.latency_ms = 10;
    assert!(t.concurrently(40, "tasks", "create", json!({"data": {"name": "x", "workspace": "1"}})).iter().all(Result::is_ok));
    assert_eq!((t.sent.borrow().len(), peak(&t)), (40, 15), "writes in flight never exceed Asana's 15");
    let mut capped = Harness::new(connector(json!({"maxConcurrency": 4})), |_| ok(json!({"data": []})));
    capped.latency_ms = 10;
    assert!(capped.concurrently(20, "workspaces", "list", json!({})).iter().all(Result::is_ok));
    assert_eq!(peak(&capped), 4, "maxConcurrency caps reads too");
}

#[test]
fn an_abort_during_a_long_retry_after_settles_at_once() {
    let mut t = Harness::scripted(connector(json!({})), [limited(Some("20"))]);
    let task = t.task("tasks", "get", json!({"task_gid": "1"})).unwrap();
    let start = t.clock;
    let e = t.run(CallSpec { task, timeout_ms: None, abort_at: Some(start + 100) }).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Aborted);
    assert_eq!(t.clock, start + 100, "settled when the signal fired, not after the 20 s wait");
}

#[test]
fn secrets_echoed_by_a_server_never_reach_the_error() {
    let mut t = Harness::new(connector(json!({})), |r| {
        let token = r.header("Authorization").unwrap().to_string();
        answer(401, json!({"errors": [{"message": format!("bad token {token}"), "help": "pat-secret".repeat(2)}]}))
    });
    let shown = t.execute("workspaces", "list", json!({})).unwrap_err().to_json().to_string();
    assert!(!shown.contains("pat-secret") && shown.contains("[redacted]"), "{shown}");
}
