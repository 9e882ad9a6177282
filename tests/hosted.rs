//! Hosted execution through the Airbyte API: token caching and renewal, connector lookup,
//! execute mapping, errors, and the admin helpers' requests.

mod common;

use asana_agent_connector::backends::airbyte::ASANA_DEFINITION_ID;
use asana_agent_connector::call::{Engine, Task};
use asana_agent_connector::config::parse_admin;
use asana_agent_connector::{AsanaError, ErrorCode, HttpRequest};
use common::{answer, engine, ok, with_header, CallSpec, Harness, Reply};
use serde_json::{json, Value};
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
    fn handle(&self, request: &HttpRequest) -> Reply {
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
                return with_header(answer(status, json!({"message": "try later"})), "1");
            }
            if self.reject.get() > 0 {
                self.reject.set(self.reject.get() - 1);
                return answer(401, json!({"message": "expired"}));
            }
            let body: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
            let result = if body["action"] == "list" || body["action"] == "context_store_search" {
                json!([{"gid": "1", "echo": body}])
            } else {
                json!({"gid": "1", "echo": body})
            };
            return ok(
                json!({"status": "success", "result": result, "connector_metadata": {"has_next_page": false}, "execution_metadata": {"execution_time_ms": 5}}),
            );
        }
        answer(404, json!({"message": "no route"}))
    }
}

fn harness(fake: &Rc<FakeAirbyte>, extra: Value) -> Harness {
    let fake = Rc::clone(fake);
    Harness::new(hosted(extra), move |r| fake.handle(r))
}

fn hosted(extra: Value) -> Engine {
    let mut config = json!({"externalUserId": "acme", "airbyteClientId": "client", "airbyteClientSecret": "client-secret", "airbyteApiUrl": API});
    config.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    engine(config)
}

fn run(t: &mut Harness, entity: &str, action: &str, params: Value) -> Result<Value, AsanaError> {
    t.execute(entity, action, params)
}

#[test]
fn the_token_and_the_connector_id_are_fetched_once_and_reused() {
    let fake = FakeAirbyte::new(1);
    let mut t = harness(&fake, json!({"organizationId": "org-1"}));
    let page = run(&mut t, "tasks", "list", json!({"project": "9", "limit": 5})).unwrap();
    assert_eq!(page["data"][0]["echo"], json!({"entity": "tasks", "action": "list", "params": {"project": "9", "limit": 5}}));
    assert_eq!(page["meta"], json!({"has_next_page": false, "next_page": null}));
    run(&mut t, "tasks", "get", json!({"task_gid": "1"})).unwrap();
    assert_eq!(t.count("/applications/token"), 1);
    assert_eq!(t.count("/integrations/connectors?"), 1);
    {
        let sent = t.sent.borrow();
        assert_eq!(sent[0].body.as_deref(), Some(r#"{"client_id":"client","client_secret":"client-secret"}"#));
        assert_eq!(sent[1].url, format!("{API}/api/v1/integrations/connectors?workspace_name=acme&definition_id={ASANA_DEFINITION_ID}"));
        assert_eq!(sent[2].url, format!("{API}/api/v1/integrations/connectors/conn-0/execute"));
        assert!(sent.iter().all(|s| s.header("X-Organization-Id") == Some("org-1")));
    }
    assert_eq!(t.run(Task::ConnectorId.into()).unwrap(), json!("conn-0"));
}

#[test]
fn concurrent_first_calls_share_one_exchange_and_one_lookup() {
    let fake = FakeAirbyte::new(1);
    let mut t = harness(&fake, json!({}));
    assert!(t.concurrently(20, "workspaces", "list", json!({})).iter().all(Result::is_ok));
    assert_eq!((t.count("/applications/token"), t.count("/integrations/connectors?"), t.count("/execute")), (1, 1, 20));
}

#[test]
fn the_token_is_renewed_before_expires_in_runs_out() {
    let fake = FakeAirbyte::new(1);
    let mut t = harness(&fake, json!({"connectorId": "conn-7"}));
    run(&mut t, "workspaces", "list", json!({})).unwrap();
    t.clock += 840_001; // 900 s lifetime less the 60 s margin
    run(&mut t, "workspaces", "list", json!({})).unwrap();
    assert_eq!(t.count("/applications/token"), 2);
    assert_eq!(t.count("/integrations/connectors?"), 0, "a given connectorId skips the lookup");
}

#[test]
fn a_401_fetches_a_new_token_once_and_retries_once() {
    let fake = FakeAirbyte::new(1);
    let mut t = harness(&fake, json!({"connectorId": "conn-7"}));
    run(&mut t, "workspaces", "list", json!({})).unwrap();
    fake.reject.set(1);
    run(&mut t, "workspaces", "list", json!({})).unwrap();
    assert_eq!(t.count("/applications/token"), 2);
    fake.reject.set(2);
    let e = run(&mut t, "workspaces", "list", json!({})).unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::Authentication, Some(401)));
    assert_eq!(t.count("/applications/token"), 3);
}

#[test]
fn lookups_with_no_match_or_several_fail_clearly() {
    for (connectors, code, words) in [(0, ErrorCode::NotFound, "no Asana connector for workspace \"acme\""), (2, ErrorCode::Hosted, "2 Asana connectors")] {
        let fake = FakeAirbyte::new(connectors);
        let e = run(&mut harness(&fake, json!({})), "workspaces", "list", json!({})).unwrap_err();
        assert_eq!(e.code(), code);
        assert!(e.message().contains(words), "{}", e.message());
    }
}

#[test]
fn local_validation_runs_before_any_hosted_call() {
    let fake = FakeAirbyte::new(1);
    let mut t = harness(&fake, json!({}));
    assert_eq!(run(&mut t, "tasks", "get", json!({"task_gid": 9_007_199_254_740_993u64})).unwrap_err().code(), ErrorCode::InvalidParams);
    assert_eq!(run(&mut t, "tasks", "explode", json!({})).unwrap_err().code(), ErrorCode::UnknownAction);
    assert!(t.sent.borrow().is_empty());
}

#[test]
fn uploads_and_batches_are_local_only() {
    let fake = FakeAirbyte::new(1);
    let mut t = harness(&fake, json!({}));
    let upload = run(&mut t, "attachments", "create", json!({"parent": "1", "file": {"$file": 0}, "name": "a.txt"})).unwrap_err();
    assert_eq!(upload.code(), ErrorCode::NotSupported);
    let batch = run(&mut t, "batch", "create", json!({"data": {"actions": [{"entity": "workspaces", "action": "list"}]}})).unwrap_err();
    assert_eq!(batch.code(), ErrorCode::NotSupported);
    assert!(t.sent.borrow().is_empty());
}

#[test]
fn hosted_params_go_to_airbyte_coerced() {
    let fake = FakeAirbyte::new(1);
    let mut t = harness(&fake, json!({}));
    let echoed = run(&mut t, "tasks", "get", json!({"task_gid": 5, "opt_fields": "name,notes"})).unwrap();
    assert_eq!(echoed["echo"]["params"], json!({"task_gid": "5", "opt_fields": ["name", "notes"]}));
}

#[test]
fn context_store_search_is_passed_through_in_hosted_mode() {
    let fake = FakeAirbyte::new(1);
    let query = json!({"query": {"filter": {"fuzzy": {"name": "homepage"}}}, "fields": [["assignee", "name"], "name"], "limit": 20});
    let out = run(&mut harness(&fake, json!({})), "tasks", "context_store_search", query.clone()).unwrap();
    assert_eq!(out["data"][0]["echo"]["params"], query);
    assert_eq!(out["meta"], json!({"has_next_page": false}));
}

#[test]
fn get_token_replaces_the_exchange() {
    let fake = FakeAirbyte::new(1);
    fake.tokens.set(4); // the fake accepts app-4
    let f = Rc::clone(&fake);
    let mut t = Harness::new(engine(json!({"connectorId": "conn-1", "getToken": true, "airbyteApiUrl": API})), move |r| f.handle(r));
    t.hosted_token = Some(Ok("app-4".into()));
    run(&mut t, "workspaces", "list", json!({})).unwrap();
    assert_eq!(t.count("/applications/token"), 0);
}

/// Runs an admin helper's one call against `handler`.
fn admin(options: Value, create: bool, handler: impl Fn(&HttpRequest) -> Reply + 'static) -> (Result<Value, AsanaError>, Harness) {
    let (access, call) = parse_admin(&options, create).unwrap();
    let mut t = Harness::new(Engine::admin(access, &call), handler);
    (t.run(Task::Admin(call).into()), t)
}

fn airbyte_admin(r: &HttpRequest) -> Reply {
    if r.url.ends_with("/applications/token") {
        return ok(json!({"access_token": "app-1", "expires_in": 900}));
    }
    if r.url.ends_with("/oauth/initiate") {
        return ok(json!({"consent_url": "https://consent.test/x"}));
    }
    answer(201, json!({"id": "conn-new"}))
}

#[test]
fn the_admin_helpers_send_what_airbyte_expects() {
    let options = json!({"externalUserId": "acme", "airbyteClientId": "i", "airbyteClientSecret": "s", "airbyteApiUrl": API, "credentials": {"token": "pat"}});
    let (id, t) = admin(options, true, airbyte_admin);
    assert_eq!(id.unwrap(), json!("conn-new"));
    let sent = t.sent.borrow();
    let create: Value = serde_json::from_str(sent[1].body.as_deref().unwrap()).unwrap();
    assert_eq!(create, json!({"workspace_name": "acme", "definition_id": ASANA_DEFINITION_ID, "name": "asana - acme", "credentials": {"token": "pat"}}));
    assert_eq!(sent[1].url, format!("{API}/api/v1/integrations/connectors"));
    let options =
        json!({"externalUserId": "acme", "airbyteClientId": "i", "airbyteClientSecret": "s", "airbyteApiUrl": API, "redirectUrl": "https://app.test/cb"});
    let (consent, t) = admin(options, false, airbyte_admin);
    assert_eq!(consent.unwrap(), json!("https://consent.test/x"));
    let initiate: Value = serde_json::from_str(t.sent.borrow()[1].body.as_deref().unwrap()).unwrap();
    assert_eq!(initiate, json!({"workspace_name": "acme", "connector_type": "Asana", "redirect_url": "https://app.test/cb"}));
}

#[test]
fn an_airbyte_error_echoing_credentials_is_redacted() {
    let options = json!({"externalUserId": "acme", "airbyteClientId": "i", "airbyteClientSecret": "airbyte-secret-9", "airbyteApiUrl": API, "credentials": {"token": "pat-secret-7"}});
    let (result, _) = admin(options, true, |r| {
        if r.url.ends_with("/applications/token") {
            return ok(json!({"access_token": "app-token-3", "expires_in": 900}));
        }
        answer(
            422,
            json!({"message": format!("bad credentials {} for app-token-3 / airbyte-secret-9", r.body.clone().unwrap()), "errors": [{"message": "pat-secret-7 is invalid"}]}),
        )
    });
    let shown = result.unwrap_err().to_json().to_string();
    for secret in ["pat-secret-7", "airbyte-secret-9", "app-token-3"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("[redacted]"), "{shown}");
}

#[test]
fn hosted_mode_honours_max_concurrency_and_retry_after_dates() {
    let fake = FakeAirbyte::new(1);
    let mut t = harness(&fake, json!({"connectorId": "conn-7", "maxConcurrency": 2}));
    t.latency_ms = 10;
    assert!(t.concurrently(6, "workspaces", "list", json!({})).iter().all(Result::is_ok));
    let executes: Vec<u64> = t.sent.borrow().iter().filter(|s| s.url.ends_with("/execute")).map(|s| s.at).collect();
    let peak = executes.iter().map(|at| executes.iter().filter(|b| *b <= at && *at < *b + 10).count()).max().unwrap();
    assert_eq!(peak, 2, "{executes:?}");
    let mut dated = Harness::scripted(
        hosted(json!({"connectorId": "conn-7"})),
        [
            ok(json!({"access_token": "app-1", "expires_in": 900})),
            with_header(answer(429, json!({"message": "slow down"})), "Thu, 01 Jan 1970 00:16:50 GMT"),
            ok(json!({"status": "success", "result": []})),
        ],
    );
    dated.execute("workspaces", "list", json!({})).unwrap();
    assert_eq!(dated.slept, vec![9_998], "waited until the date (1_010_000 ms) from the answer at 1_000_002");
}

#[test]
fn a_get_token_that_never_settles_times_out() {
    let mut t = Harness::new(engine(json!({"connectorId": "conn-1", "getToken": true, "airbyteApiUrl": API, "timeoutMs": 500})), |_| panic!("nothing is sent"));
    t.hosted_token = None;
    let task = t.task("workspaces", "list", json!({})).unwrap();
    let e = t.run(CallSpec { task, timeout_ms: None, abort_at: None }).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Timeout);
    assert!(e.message().contains("getToken() did not settle within 500 ms"), "{}", e.message());
}

#[test]
fn hosted_calls_retry_429s_always_and_5xx_for_reads_only() {
    let fake = FakeAirbyte::new(1);
    let mut t = harness(&fake, json!({"connectorId": "conn-7"}));
    *fake.fail.borrow_mut() = vec![429, 503];
    assert_eq!(run(&mut t, "tasks", "get", json!({"task_gid": "1"})).unwrap()["gid"], "1");
    assert_eq!(t.count("/execute"), 3);
    assert_eq!(t.slept, vec![1_000, 1_000]);
    *fake.fail.borrow_mut() = vec![503];
    let e = run(&mut t, "tasks", "create", json!({"data": {"name": "x", "workspace": "1"}})).unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::Server, Some(503)));
    assert_eq!(t.count("/execute"), 4, "a write is not repeated after a 5xx");
}
