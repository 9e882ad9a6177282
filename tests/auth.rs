//! OAuth renewal: refresh-only start, renewal ahead of expiry, 401 renewal, single flight,
//! rotation, failures and the token callback.

mod common;

use asana_agent_connector::{Config, Connector, ErrorCode, HttpRequest, HttpResponse, TransportError};
use common::{answer, block_on, concurrently, json_of, ok, Scripted};
use serde_json::{json, Map, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

const TOKEN_URL: &str = "https://asana.test/-/oauth_token";

/// An Asana stand-in: the token endpoint mints `access-N` (rotating the refresh token when
/// asked); the API accepts only the newest access token.
struct FakeAsana {
    minted: Cell<u32>,
    valid: RefCell<String>,
    rotate: bool,
    refresh_status: u16,
    expires_in: u64,
}

impl FakeAsana {
    fn new() -> Rc<Self> {
        Rc::new(FakeAsana { minted: Cell::new(0), valid: RefCell::new("initial-access".into()), rotate: false, refresh_status: 200, expires_in: 3600 })
    }
    fn handle(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        if request.url == TOKEN_URL {
            if self.refresh_status != 200 {
                return answer(self.refresh_status, json!({"error": "invalid_grant", "error_description": "refresh token revoked"}));
            }
            self.minted.set(self.minted.get() + 1);
            let token = format!("access-{}", self.minted.get());
            *self.valid.borrow_mut() = token.clone();
            let mut body = json!({"access_token": token, "token_type": "bearer", "expires_in": self.expires_in});
            if self.rotate {
                body["refresh_token"] = format!("refresh-{}", self.minted.get()).into();
            }
            return ok(body);
        }
        if request.header("Authorization") == Some(&format!("Bearer {}", self.valid.borrow())) {
            ok(json!({"data": [{"gid": "1"}], "next_page": null}))
        } else {
            answer(401, json!({"errors": [{"message": "Not Authorized"}]}))
        }
    }
}

fn transport(fake: &Rc<FakeAsana>) -> Scripted {
    let fake = Rc::clone(fake);
    Scripted::new(move |r| fake.handle(r))
}

fn connector(auth: Value) -> Connector {
    Connector::new(Config::parse(&json!({"auth": auth, "baseUrl": "https://asana.test/api/1.0", "tokenUrl": TOKEN_URL})).unwrap()).unwrap()
}

fn list(c: &Connector, t: &Scripted) -> Result<Value, asana_agent_connector::AsanaError> {
    block_on(c.execute(t, "workspaces", "list", &Map::new(), None)).map(json_of)
}

/// `n` concurrent `workspaces/list` calls, run to completion together.
fn lists(c: &Connector, t: &Scripted, n: usize) -> Vec<Result<Value, asana_agent_connector::AsanaError>> {
    concurrently(c, t, n, "workspaces", "list", &Map::new())
}

fn form_of(t: &Scripted, index: usize) -> String {
    t.sent.borrow()[index].2.clone().unwrap()
}

#[test]
fn a_refresh_only_start_renews_before_the_first_call_and_sends_no_placeholders() {
    let fake = FakeAsana::new();
    let t = transport(&fake);
    let c = connector(json!({"refreshToken": "refresh-0"}));
    assert_eq!(list(&c, &t).unwrap()["data"][0]["gid"], "1");
    let sent = t.sent.borrow();
    assert_eq!(sent.len(), 2, "one renewal, one call, no wasted 401");
    assert_eq!(sent[0].1, TOKEN_URL);
    assert_eq!(sent[0].2.as_deref(), Some("grant_type=refresh_token&refresh_token=refresh-0"));
    assert!(sent[0].3.contains(&("Content-Type".into(), "application/x-www-form-urlencoded".into())));
    assert!(sent[1].3.contains(&("Authorization".into(), "Bearer access-1".into())));
    assert_eq!(t.renewals.borrow()[0], ("access-1".into(), "refresh-0".into(), Some(1_000_000 + 3_600_000)));
}

#[test]
fn client_credentials_are_form_encoded_in_the_body() {
    let fake = FakeAsana::new();
    let t = transport(&fake);
    let c = connector(json!({"refreshToken": "r/0+", "clientId": "app 1", "clientSecret": "s&x"}));
    list(&c, &t).unwrap();
    assert_eq!(form_of(&t, 0), "grant_type=refresh_token&refresh_token=r%2F0%2B&client_id=app%201&client_secret=s%26x");
}

#[test]
fn a_token_about_to_expire_is_renewed_ahead_of_time() {
    let fake = FakeAsana::new();
    let t = transport(&fake);
    // Expires in 30 s: inside the 60 s margin.
    let c = connector(json!({"refreshToken": "r", "accessToken": "initial-access", "expiresAt": 1_030_000}));
    list(&c, &t).unwrap();
    assert_eq!(fake.minted.get(), 1);
    // A fresh token is used as is.
    let fresh = connector(json!({"refreshToken": "r", "accessToken": "access-1", "expiresAt": 9_000_000}));
    list(&fresh, &t).unwrap();
    assert_eq!(fake.minted.get(), 1);
    // The renewed token's own expiry is tracked: an hour later it is renewed again.
    t.clock.set(1_000_000 + 3_600_000);
    list(&c, &t).unwrap();
    assert_eq!(fake.minted.get(), 2);
}

#[test]
fn twenty_concurrent_calls_on_an_expired_token_share_one_renewal() {
    let fake = FakeAsana::new();
    let t = transport(&fake);
    let c = connector(json!({"refreshToken": "r", "accessToken": "old", "expiresAt": 0}));
    assert!(lists(&c, &t, 20).iter().all(Result::is_ok));
    assert_eq!(fake.minted.get(), 1);
    assert_eq!(t.count(TOKEN_URL), 1);
    assert_eq!(t.renewals.borrow().len(), 1, "the callback runs once per renewal");
}

#[test]
fn concurrent_401s_share_one_renewal_and_each_call_retries_once() {
    let fake = FakeAsana::new();
    let t = transport(&fake);
    let c = connector(json!({"refreshToken": "r", "accessToken": "revoked"}));
    assert!(lists(&c, &t, 20).iter().all(Result::is_ok));
    assert_eq!(fake.minted.get(), 1);
    assert_eq!(t.sent.borrow().len(), 20 + 1 + 20);
}

#[test]
fn a_second_401_is_final_without_a_second_renewal() {
    let t = Scripted::new(|r| if r.url == TOKEN_URL { ok(json!({"access_token": "new", "expires_in": 3600})) } else { answer(401, json!({"errors": [{"message": "Not Authorized"}]})) });
    let c = connector(json!({"refreshToken": "r", "accessToken": "old"}));
    let e = list(&c, &t).unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::Authentication, Some(401)));
    assert_eq!(t.sent.borrow().len(), 3, "call, renewal, one retry");
}

#[test]
fn a_rotated_refresh_token_is_kept_and_used_next() {
    let fake = Rc::new(FakeAsana { rotate: true, expires_in: 0, ..Rc::into_inner(FakeAsana::new()).unwrap() });
    let t = transport(&fake);
    let c = connector(json!({"refreshToken": "refresh-0"}));
    list(&c, &t).unwrap();
    list(&c, &t).unwrap(); // expires_in 0: renewed again
    assert!(form_of(&t, 2).contains("refresh_token=refresh-1"), "{}", form_of(&t, 2));
    assert_eq!(t.renewals.borrow()[1].1, "refresh-2");
}

#[test]
fn a_failed_renewal_is_an_authentication_error_shared_by_its_waiters_and_free_of_secrets() {
    let fake = Rc::new(FakeAsana { refresh_status: 400, ..Rc::into_inner(FakeAsana::new()).unwrap() });
    let t = transport(&fake);
    let c = connector(json!({"refreshToken": "very-secret-refresh", "clientSecret": "very-secret-client"}));
    for result in &lists(&c, &t, 5) {
        let e = result.as_ref().unwrap_err();
        assert_eq!(e.code(), ErrorCode::Authentication);
        assert!(e.message().contains("invalid_grant: refresh token revoked"), "{}", e.message());
        let shown = format!("{e:?} {e} {}", e.to_json());
        assert!(!shown.contains("very-secret"), "{shown}");
    }
    assert_eq!(t.count(TOKEN_URL), 1);
}

#[test]
fn a_failing_callback_does_not_fail_the_call_and_is_reported_redacted() {
    let fake = FakeAsana::new();
    let mut t = transport(&fake);
    t.callback_fails = true;
    let c = connector(json!({"refreshToken": "refresh-secret-0"}));
    assert!(list(&c, &t).is_ok());
    let warnings = t.warnings.borrow();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("onTokenRefresh failed") && !warnings[0].contains("refresh-secret-0"), "{}", warnings[0]);
}

#[test]
fn a_personal_access_token_is_never_renewed() {
    let t = Scripted::answering([answer(401, json!({"errors": [{"message": "Not Authorized"}]}))]);
    let c = Connector::new(Config::parse(&json!({"auth": {"token": "pat"}, "baseUrl": "https://asana.test/api/1.0"})).unwrap()).unwrap();
    assert_eq!(list(&c, &t).unwrap_err().code(), ErrorCode::Authentication);
    assert_eq!(t.sent.borrow().len(), 1);
}
