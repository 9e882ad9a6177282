//! Hosted execution through the Airbyte API: token caching and renewal, connector lookup,
//! execute mapping, errors, and the admin helpers' requests.

mod common;

use asana_agent_connector::config::{parse_admin, AdminCall};
use asana_agent_connector::hosted::{create_connector, initiate_oauth, AirbyteClient, ASANA_DEFINITION_ID};
use asana_agent_connector::policy::RetryPolicy;
use asana_agent_connector::{AsanaError, Config, Connector, ErrorCode, HttpRequest, HttpResponse, TransportError};
use common::{answer, block_on, concurrently, json_of, ok, Scripted};
use serde_json::{json, Map, Value};
use std::cell::Cell;
use std::rc::Rc;

const API: &str = "https://airbyte.test";

/// An Airbyte stand-in with `connectors` Asana connectors for workspace "acme".
struct FakeAirbyte {
    tokens: Cell<u32>,
    connectors: usize,
    /// Execute answers 401 this many more times.
    reject: Cell<u32>,
    /// Execute answers these statuses first, in order.
    fail: std::cell::RefCell<Vec<u16>>,
}

impl FakeAirbyte {
    fn new(connectors: usize) -> Rc<Self> {
        Rc::new(FakeAirbyte { tokens: Cell::new(0), connectors, reject: Cell::new(0), fail: Default::default() })
    }
    fn handle(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let path = request.url.strip_prefix(API).unwrap();
        if path == "/api/v1/account/applications/token" {
            self.tokens.set(self.tokens.get() + 1);
            return ok(json!({"access_token": format!("app-{}", self.tokens.get()), "token_type": "bearer", "expires_in": 900}));
        }
        if request.header("Authorization") != Some(&format!("Bearer app-{}", self.tokens.get())) {
            return answer(401, json!({"message": "Invalid token"}));
        }
        if path.starts_with("/api/v1/integrations/connectors?") {
            let data: Vec<Value> = (0..self.connectors).map(|i| json!({"id": format!("conn-{i}"), "name": "asana"})).collect();
            return ok(json!({"data": data}));
        }
        if path.ends_with("/execute") {
            if !self.fail.borrow().is_empty() {
                let status = self.fail.borrow_mut().remove(0);
                return Ok(HttpResponse { retry_after: Some("1".into()), ..answer(status, json!({"message": "try later"}))? });
            }
            if self.reject.get() > 0 {
                self.reject.set(self.reject.get() - 1);
                return answer(401, json!({"message": "expired"}));
            }
            let body: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
            let result = if body["action"] == "list" || body["action"] == "context_store_search" { json!([{"gid": "1", "echo": body}]) } else { json!({"gid": "1", "echo": body}) };
            return ok(json!({"status": "success", "result": result, "connector_metadata": {"has_next_page": false}, "execution_metadata": {"execution_time_ms": 5}}));
        }
        answer(404, json!({"message": "no route"}))
    }
}

fn transport(fake: &Rc<FakeAirbyte>) -> Scripted {
    let fake = Rc::clone(fake);
    Scripted::new(move |r| fake.handle(r))
}

fn hosted(extra: Value) -> Connector {
    let mut config = json!({"externalUserId": "acme", "airbyteClientId": "client", "airbyteClientSecret": "client-secret", "airbyteApiUrl": API});
    config.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    Connector::new(Config::parse(&config).unwrap()).unwrap()
}

fn run(c: &Connector, t: &Scripted, entity: &str, action: &str, params: Value) -> Result<Value, AsanaError> {
    block_on(c.execute(t, entity, action, params.as_object().unwrap(), None)).map(json_of)
}

#[test]
fn the_token_and_the_connector_id_are_fetched_once_and_reused() {
    let fake = FakeAirbyte::new(1);
    let t = transport(&fake);
    let c = hosted(json!({"organizationId": "org-1"}));
    let page = run(&c, &t, "tasks", "list", json!({"project": "9", "limit": 5})).unwrap();
    assert_eq!(page["data"][0]["echo"], json!({"entity": "tasks", "action": "list", "params": {"project": "9", "limit": 5}}));
    assert_eq!(page["meta"], json!({"has_next_page": false, "next_page": null}));
    run(&c, &t, "tasks", "get", json!({"task_gid": "1"})).unwrap();
    assert_eq!(t.count("/applications/token"), 1);
    assert_eq!(t.count("/integrations/connectors?"), 1);
    let sent = t.sent.borrow();
    assert_eq!(sent[0].2.as_deref(), Some(r#"{"client_id":"client","client_secret":"client-secret"}"#));
    assert_eq!(sent[1].1, format!("{API}/api/v1/integrations/connectors?workspace_name=acme&definition_id={ASANA_DEFINITION_ID}"));
    assert_eq!(sent[2].1, format!("{API}/api/v1/integrations/connectors/conn-0/execute"));
    assert!(sent.iter().all(|(_, _, _, headers)| headers.contains(&("X-Organization-Id".into(), "org-1".into()))));
    assert_eq!(block_on(c.connector_id(&t)).unwrap().as_deref(), Some("conn-0"));
}

#[test]
fn concurrent_first_calls_share_one_exchange_and_one_lookup() {
    let fake = FakeAirbyte::new(1);
    let t = transport(&fake);
    let c = hosted(json!({}));
    assert!(concurrently(&c, &t, 20, "workspaces", "list", &Map::new()).iter().all(Result::is_ok));
    assert_eq!((t.count("/applications/token"), t.count("/integrations/connectors?"), t.count("/execute")), (1, 1, 20));
}

#[test]
fn the_token_is_renewed_before_expires_in_runs_out() {
    let fake = FakeAirbyte::new(1);
    let t = transport(&fake);
    let c = hosted(json!({"connectorId": "conn-7"}));
    run(&c, &t, "workspaces", "list", json!({})).unwrap();
    t.clock.set(t.clock.get() + 840_001); // 900 s lifetime less the 60 s margin
    run(&c, &t, "workspaces", "list", json!({})).unwrap();
    assert_eq!(t.count("/applications/token"), 2);
    assert_eq!(t.count("/integrations/connectors?"), 0, "a given connectorId skips the lookup");
}

#[test]
fn a_401_fetches_a_new_token_once_and_retries_once() {
    let fake = FakeAirbyte::new(1);
    let t = transport(&fake);
    let c = hosted(json!({"connectorId": "conn-7"}));
    run(&c, &t, "workspaces", "list", json!({})).unwrap();
    fake.reject.set(1);
    run(&c, &t, "workspaces", "list", json!({})).unwrap();
    assert_eq!(t.count("/applications/token"), 2);
    fake.reject.set(2);
    let e = run(&c, &t, "workspaces", "list", json!({})).unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::Authentication, Some(401)));
    assert_eq!(t.count("/applications/token"), 3);
}

#[test]
fn lookups_with_no_match_or_several_fail_clearly() {
    for (connectors, code, words) in [(0, ErrorCode::NotFound, "no Asana connector for workspace \"acme\""), (2, ErrorCode::Hosted, "2 Asana connectors")] {
        let fake = FakeAirbyte::new(connectors);
        let e = run(&hosted(json!({})), &transport(&fake), "workspaces", "list", json!({})).unwrap_err();
        assert_eq!(e.code(), code);
        assert!(e.message().contains(words), "{}", e.message());
    }
}

#[test]
fn local_validation_runs_before_any_hosted_call() {
    let fake = FakeAirbyte::new(1);
    let t = transport(&fake);
    let c = hosted(json!({}));
    assert_eq!(run(&c, &t, "tasks", "get", json!({"task_gid": 5})).unwrap_err().code(), ErrorCode::InvalidParams);
    assert_eq!(run(&c, &t, "tasks", "explode", json!({})).unwrap_err().code(), ErrorCode::UnknownAction);
    assert!(t.sent.borrow().is_empty());
}

#[test]
fn context_store_search_is_passed_through_in_hosted_mode() {
    let fake = FakeAirbyte::new(1);
    let t = transport(&fake);
    let query = json!({"query": {"filter": {"fuzzy": {"name": "homepage"}}}, "fields": [["assignee", "name"], "name"], "limit": 20});
    let out = run(&hosted(json!({})), &t, "tasks", "context_store_search", query.clone()).unwrap();
    assert_eq!(out["data"][0]["echo"]["params"], query);
    assert_eq!(out["meta"], json!({"has_next_page": false}));
}

#[test]
fn get_token_replaces_the_exchange() {
    let fake = FakeAirbyte::new(1);
    fake.tokens.set(4); // the fake accepts app-4
    let mut t = transport(&fake);
    t.hosted_token = Some("app-4".into());
    let c = Connector::new(Config::parse(&json!({"connectorId": "conn-1", "getToken": true, "airbyteApiUrl": API})).unwrap()).unwrap();
    run(&c, &t, "workspaces", "list", json!({})).unwrap();
    assert_eq!(t.count("/applications/token"), 0);
}

#[test]
fn the_admin_helpers_send_what_airbyte_expects() {
    let t = Scripted::new(|r| {
        if r.url.ends_with("/applications/token") {
            return ok(json!({"access_token": "app-1", "expires_in": 900}));
        }
        if r.url.ends_with("/oauth/initiate") {
            return ok(json!({"consent_url": "https://consent.test/x"}));
        }
        answer(201, json!({"id": "conn-new"}))
    });
    let options = json!({"externalUserId": "acme", "airbyteClientId": "i", "airbyteClientSecret": "s", "airbyteApiUrl": API, "credentials": {"token": "pat"}});
    let (access, call) = parse_admin(&options, true).unwrap();
    let client = AirbyteClient::new(access.api_url, access.client_id, access.client_secret, access.organization_id, 1000, RetryPolicy::default());
    let AdminCall::CreateHosted { external_user_id, name, credentials, secret_id } = call else { panic!() };
    let id = block_on(create_connector(&client, &t, &external_user_id, name.as_deref(), credentials, secret_id.as_deref(), 1000)).unwrap();
    assert_eq!(id, "conn-new");
    let consent = block_on(initiate_oauth(&client, &t, "acme", "https://app.test/cb", 1000)).unwrap();
    assert_eq!(consent, "https://consent.test/x");
    let sent = t.sent.borrow();
    assert_eq!(sent.len(), 3, "one token for both calls");
    let create: Value = serde_json::from_str(sent[1].2.as_deref().unwrap()).unwrap();
    assert_eq!(create, json!({"workspace_name": "acme", "definition_id": ASANA_DEFINITION_ID, "name": "asana - acme", "credentials": {"token": "pat"}}));
    assert_eq!(sent[1].1, format!("{API}/api/v1/integrations/connectors"));
    let initiate: Value = serde_json::from_str(sent[2].2.as_deref().unwrap()).unwrap();
    assert_eq!(initiate, json!({"workspace_name": "acme", "connector_type": "Asana", "redirect_url": "https://app.test/cb"}));
}

#[test]
fn hosted_calls_retry_429s_always_and_5xx_for_reads_only() {
    let fake = FakeAirbyte::new(1);
    let t = transport(&fake);
    let c = hosted(json!({"connectorId": "conn-7"}));
    *fake.fail.borrow_mut() = vec![429, 503];
    assert_eq!(run(&c, &t, "tasks", "get", json!({"task_gid": "1"})).unwrap()["gid"], "1");
    assert_eq!(t.count("/execute"), 3);
    assert_eq!(*t.slept.borrow(), vec![1_000, 1_000]);
    *fake.fail.borrow_mut() = vec![503];
    let e = run(&c, &t, "tasks", "create", json!({"data": {"name": "x", "workspace": "1"}})).unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::Server, Some(503)));
    assert_eq!(t.count("/execute"), 4, "a write is not repeated after a 5xx");
}
