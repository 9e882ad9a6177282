//! The core driven end to end through a scripted transport: what goes on the wire and what
//! comes back, without JS.

mod common;

use asana_agent_connector::{AsanaError, Config, Connector, ErrorCode, HttpResponse, Outcome, TransportError};
use common::{block_on, json_of, ok, Scripted};
use serde_json::{json, Map, Value};

fn connector(extra: Value) -> Connector {
    let mut config = json!({"auth": {"token": "pat-secret"}, "baseUrl": "https://asana.test/api/1.0"});
    config.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    Connector::new(Config::parse(&config).unwrap()).unwrap()
}

fn run(c: &Connector, t: &Scripted, entity: &str, action: &str, params: Value) -> Result<Outcome<String>, AsanaError> {
    let params: Map<String, Value> = params.as_object().unwrap().clone();
    block_on(c.execute(t, entity, action, &params, None))
}

#[test]
fn a_list_sends_auth_and_query_and_keeps_the_envelope() {
    let t = Scripted::answering([ok(json!({"data": [{"gid": "1"}], "next_page": {"offset": "o1", "path": "/p", "uri": "u"}}))]);
    let out = json_of(run(&connector(json!({"asanaEnable": ["new_goal_memberships"]})), &t, "project_tasks", "list", json!({"project_gid": "42", "limit": 2})).unwrap());
    assert_eq!(out, json!({"data": [{"gid": "1"}], "meta": {"next_page": {"offset": "o1", "path": "/p", "uri": "u"}}}));
    let sent = t.sent.borrow();
    let (method, url, body, headers) = &sent[0];
    assert_eq!((method.as_str(), url.as_str(), body), ("GET", "https://asana.test/api/1.0/projects/42/tasks?limit=2", &None));
    assert!(headers.contains(&("Authorization".into(), "Bearer pat-secret".into())));
    assert!(headers.contains(&("Asana-Enable".into(), "new_goal_memberships".into())));
}

#[test]
fn a_create_posts_the_data_envelope_and_returns_the_record() {
    let t = Scripted::answering([Ok(HttpResponse { status: 201, content_type: Some("application/json".into()), retry_after: None, body: r#"{"data":{"gid":"9","name":"Write spec"}}"#.into() })]);
    let out = json_of(run(&connector(json!({})), &t, "tasks", "create", json!({"data": {"name": "Write spec", "workspace": "1"}})).unwrap());
    assert_eq!(out, json!({"gid": "9", "name": "Write spec"}));
    assert_eq!(t.sent.borrow()[0].2.as_deref(), Some(r#"{"data":{"name":"Write spec","workspace":"1"}}"#));
}

#[test]
fn validation_fails_before_any_request() {
    let t = Scripted::answering([]);
    let c = connector(json!({}));
    for (entity, action, params, code) in [
        ("task", "get", json!({}), ErrorCode::UnknownEntity),
        ("tasks", "fetch", json!({}), ErrorCode::UnknownAction),
        ("tasks", "get", json!({}), ErrorCode::InvalidParams),
        ("tasks", "get", json!({"task_gid": "1", "bogus": 1}), ErrorCode::InvalidParams),
        ("tasks", "get", json!({"task_gid": ".."}), ErrorCode::InvalidParams),
    ] {
        assert_eq!(run(&c, &t, entity, action, params).unwrap_err().code(), code);
    }
    assert!(t.sent.borrow().is_empty());
}

#[test]
fn read_only_refuses_writes_before_any_request() {
    let t = Scripted::answering([]);
    let e = run(&connector(json!({"readOnly": true})), &t, "tasks", "delete", json!({"task_gid": "1"})).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Permission);
    assert!(t.sent.borrow().is_empty());
}

#[test]
fn http_and_transport_errors_are_typed() {
    let c = connector(json!({"retry": {"maxAttempts": 1}}));
    let t = Scripted::answering([
        Ok(HttpResponse { status: 404, content_type: Some("application/json".into()), retry_after: None, body: r#"{"errors":[{"message":"Unknown object: 5"}]}"#.into() }),
        Err(TransportError::Timeout),
        Err(TransportError::Network("ECONNREFUSED".into())),
        Err(TransportError::Aborted),
    ]);
    let e = run(&c, &t, "tasks", "get", json!({"task_gid": "5"})).unwrap_err();
    assert_eq!((e.code(), e.status(), e.details().unwrap()[0]["message"].as_str()), (ErrorCode::NotFound, Some(404), Some("Unknown object: 5")));
    assert_eq!(run(&c, &t, "tasks", "get", json!({"task_gid": "5"})).unwrap_err().code(), ErrorCode::Timeout);
    let e = run(&c, &t, "tasks", "get", json!({"task_gid": "5"})).unwrap_err();
    assert!(e.message().contains("ECONNREFUSED") && e.is_retryable());
    assert_eq!(run(&c, &t, "tasks", "get", json!({"task_gid": "5"})).unwrap_err().code(), ErrorCode::Aborted);
}

#[test]
fn download_fetches_the_file_without_credentials() {
    let t = Scripted::answering([
        ok(json!({"data": {"gid": "7", "download_url": "https://files.test/7?sig=abc"}})),
        Ok(HttpResponse { status: 206, content_type: Some("image/png".into()), retry_after: None, body: "bytes".into() }),
    ]);
    let out = run(&connector(json!({})), &t, "attachments", "download", json!({"attachment_gid": "7", "range_header": "bytes=0-4"})).unwrap();
    let Outcome::Download(file) = out else { panic!("expected a stream") };
    assert_eq!((file.status, file.body.as_str(), file.content_type.as_deref()), (206, "bytes", Some("image/png")));
    let sent = t.sent.borrow();
    assert_eq!(sent[0].1, "https://asana.test/api/1.0/attachments/7");
    assert_eq!(sent[1].1, "https://files.test/7?sig=abc");
    assert!(sent[1].3.iter().all(|(n, _)| n != "Authorization"));
    assert!(sent[1].3.contains(&("Range".into(), "bytes=0-4".into())));
}

#[test]
fn externally_hosted_attachments_are_not_supported() {
    let t = Scripted::answering([ok(json!({"data": {"gid": "7", "download_url": null, "host": "box"}}))]);
    let e = run(&connector(json!({})), &t, "attachments", "download", json!({"attachment_gid": "7"})).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotSupported);
    assert_eq!(t.sent.borrow().len(), 1);
}
