//! OAuth renewal: refresh-only start, renewal ahead of expiry, 401 renewal, single flight,
//! rotation, failures and the token callback.

mod common;

use asana_agent_connector::{AsanaError, ErrorCode, HttpRequest};
use common::{answer, engine, ok, Harness, Reply};
use serde_json::{json, Value};
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
    fn handle(&self, request: &HttpRequest) -> Reply {
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

/// A harness whose server is `fake`, for a connector with these `auth` options.
fn harness(fake: &Rc<FakeAsana>, auth: Value) -> Harness {
    let fake = Rc::clone(fake);
    Harness::new(connector(auth), move |r| fake.handle(r))
}

fn connector(auth: Value) -> asana_agent_connector::Engine {
    engine(json!({"auth": auth, "baseUrl": "https://asana.test/api/1.0", "tokenUrl": TOKEN_URL}))
}

fn list(t: &mut Harness) -> Result<Value, AsanaError> {
    t.execute("workspaces", "list", json!({}))
}

/// `n` concurrent `workspaces/list` calls, run to completion together.
fn lists(t: &mut Harness, n: usize) -> Vec<Result<Value, AsanaError>> {
    t.concurrently(n, "workspaces", "list", json!({}))
}

fn form_of(t: &Harness, index: usize) -> String {
    t.sent.borrow()[index].body.clone().unwrap()
}

#[test]
fn a_refresh_only_start_renews_before_the_first_call_and_sends_no_placeholders() {
    let fake = FakeAsana::new();
    let mut t = harness(&fake, json!({"refreshToken": "refresh-0"}));
    assert_eq!(list(&mut t).unwrap()["data"][0]["gid"], "1");
    let sent = t.sent.borrow();
    assert_eq!(sent.len(), 2, "one renewal, one call, no wasted 401");
    assert_eq!(sent[0].url, TOKEN_URL);
    assert_eq!(sent[0].body.as_deref(), Some("grant_type=refresh_token&refresh_token=refresh-0"));
    assert_eq!(sent[0].header("Content-Type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(sent[1].header("Authorization"), Some("Bearer access-1"));
    // The token arrived at 1_000_001 (1 ms of latency).
    assert_eq!(t.renewals[0], json!({"accessToken": "access-1", "refreshToken": "refresh-0", "expiresAt": 1_000_001 + 3_600_000}));
}

#[test]
fn client_credentials_are_form_encoded_in_the_body() {
    let fake = FakeAsana::new();
    let mut t = harness(&fake, json!({"refreshToken": "r/0+", "clientId": "app 1", "clientSecret": "s&x"}));
    list(&mut t).unwrap();
    assert_eq!(form_of(&t, 0), "grant_type=refresh_token&refresh_token=r%2F0%2B&client_id=app%201&client_secret=s%26x");
}

#[test]
fn a_token_about_to_expire_is_renewed_ahead_of_time() {
    let fake = FakeAsana::new();
    // Expires in 30 s: inside the 60 s margin.
    let mut t = harness(&fake, json!({"refreshToken": "r", "accessToken": "initial-access", "expiresAt": 1_030_000}));
    list(&mut t).unwrap();
    assert_eq!(fake.minted.get(), 1);
    // A fresh token is used as is.
    let mut fresh = harness(&fake, json!({"refreshToken": "r", "accessToken": "access-1", "expiresAt": 9_000_000}));
    list(&mut fresh).unwrap();
    assert_eq!(fake.minted.get(), 1);
    // The renewed token's own expiry is tracked: an hour later it is renewed again.
    t.clock += 3_600_000;
    list(&mut t).unwrap();
    assert_eq!(fake.minted.get(), 2);
}

#[test]
fn twenty_concurrent_calls_on_an_expired_token_share_one_renewal() {
    let fake = FakeAsana::new();
    let mut t = harness(&fake, json!({"refreshToken": "r", "accessToken": "old", "expiresAt": 0}));
    assert!(lists(&mut t, 20).iter().all(Result::is_ok));
    assert_eq!(fake.minted.get(), 1);
    assert_eq!(t.count(TOKEN_URL), 1);
    assert_eq!(t.renewals.len(), 1, "the callback runs once per renewal");
}

#[test]
fn concurrent_401s_share_one_renewal_and_each_call_retries_once() {
    let fake = FakeAsana::new();
    let mut t = harness(&fake, json!({"refreshToken": "r", "accessToken": "revoked"}));
    assert!(lists(&mut t, 20).iter().all(Result::is_ok));
    assert_eq!(fake.minted.get(), 1);
    assert_eq!(t.sent.borrow().len(), 20 + 1 + 20);
}

#[test]
fn a_second_401_is_final_without_a_second_renewal() {
    let mut t = Harness::new(connector(json!({"refreshToken": "r", "accessToken": "old"})), |r| {
        if r.url == TOKEN_URL {
            ok(json!({"access_token": "new", "expires_in": 3600}))
        } else {
            answer(401, json!({"errors": [{"message": "Not Authorized"}]}))
        }
    });
    let e = list(&mut t).unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::Authentication, Some(401)));
    assert_eq!(t.sent.borrow().len(), 3, "call, renewal, one retry");
}

#[test]
fn a_rotated_refresh_token_is_kept_and_used_next() {
    let fake = Rc::new(FakeAsana { rotate: true, expires_in: 0, ..Rc::into_inner(FakeAsana::new()).unwrap() });
    let mut t = harness(&fake, json!({"refreshToken": "refresh-0"}));
    list(&mut t).unwrap();
    list(&mut t).unwrap(); // expires_in 0: renewed again
    assert!(form_of(&t, 2).contains("refresh_token=refresh-1"), "{}", form_of(&t, 2));
    assert_eq!(t.renewals[1]["refreshToken"], "refresh-2");
    assert_eq!(t.count(TOKEN_URL), 2, "a zero lifetime still serves the call that renewed it");
}

#[test]
fn a_failed_renewal_is_an_authentication_error_shared_by_its_waiters_and_free_of_secrets() {
    let fake = Rc::new(FakeAsana { refresh_status: 400, ..Rc::into_inner(FakeAsana::new()).unwrap() });
    let mut t = harness(&fake, json!({"refreshToken": "very-secret-refresh", "clientSecret": "very-secret-client"}));
    for result in &lists(&mut t, 5) {
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
    let mut t = harness(&fake, json!({"refreshToken": "refresh-secret-0"}));
    t.refresh_fails = Some("could not store refresh-secret-0".into());
    assert!(list(&mut t).is_ok());
    let warnings = &t.warnings;
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("onTokenRefresh failed") && !warnings[0].contains("refresh-secret-0"), "{}", warnings[0]);
}

#[test]
fn a_personal_access_token_is_never_renewed() {
    let mut t = Harness::scripted(
        engine(json!({"auth": {"token": "pat"}, "baseUrl": "https://asana.test/api/1.0"})),
        [answer(401, json!({"errors": [{"message": "Not Authorized"}]}))],
    );
    assert_eq!(list(&mut t).unwrap_err().code(), ErrorCode::Authentication);
    assert_eq!(t.sent.borrow().len(), 1);
}

#[test]
fn a_renewed_token_holding_a_newline_is_refused_and_never_sent() {
    let mut t = Harness::new(connector(json!({"refreshToken": "r"})), |r| {
        assert!(r.headers.iter().all(|(_, v)| !v.contains('\n')), "a header with a newline was built: {r:?}");
        ok(json!({"access_token": "evil\r\nX-Injected: 1", "expires_in": 3600}))
    });
    let e = list(&mut t).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Authentication);
    assert_eq!(t.sent.borrow().len(), 1, "only the renewal went out");
}

#[test]
fn a_timeout_while_renewing_is_a_timeout_and_a_callback_that_never_settles_does_not_hang() {
    let mut t = Harness::scripted(connector(json!({"refreshToken": "r"})), [Reply::Timeout]);
    let e = list(&mut t).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Timeout, "{e:?}");
    assert!(e.message().contains("Renewing the OAuth access token"), "{}", e.message());
    // onTokenRefresh that never settles: the call goes on after timeoutMs with a warning.
    let fake = FakeAsana::new();
    let mut t = harness(&fake, json!({"refreshToken": "r"}));
    t.hook_delay_ms = u64::MAX / 4;
    t.refresh_fails = None;
    let started = t.clock;
    assert!(list(&mut t).is_ok());
    assert!(t.clock - started < 31_000 && t.warnings[0].contains("did not settle"), "{:?}", t.warnings);
}

#[test]
fn one_callers_abort_during_a_shared_renewal_fails_no_other_caller() {
    let fake = FakeAsana::new();
    let mut t = harness(&fake, json!({"refreshToken": "r"}));
    t.latency_ms = 100;
    let task = |t: &Harness| t.task("workspaces", "list", json!({})).unwrap();
    // The first call owns the renewal and is aborted in the middle of it.
    let calls = vec![common::CallSpec { task: task(&t), timeout_ms: None, abort_at: Some(t.clock + 50) }, task(&t).into(), task(&t).into()];
    let results = t.run_all(calls);
    assert_eq!(results[0].as_ref().unwrap_err().code(), ErrorCode::Aborted);
    assert!(results[1].is_ok() && results[2].is_ok(), "{results:?}");
    assert_eq!(fake.minted.get(), 2, "a waiter took the abandoned renewal over");
}
