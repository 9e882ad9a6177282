// Self-test of the sandbox's OAuth endpoints (/-/oauth_token, /-/oauth_authorize, /-/oauth_revoke).
// Run: node --test tests/sandbox/

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import { SEED, startSandbox } from "./server.mjs";
import { answerOf } from "./answer.mjs";

const { clientId, clientSecret, refreshToken } = SEED.oauth;

let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());
beforeEach(() => sandbox.reset());

const FORM = "application/x-www-form-urlencoded";

/** POSTs a form (an object, or a raw string) to an OAuth endpoint. */
async function oauth(fields, { path = "/-/oauth_token", type = FORM, method = "POST", query = "" } = {}) {
  const body = typeof fields === "string" ? fields : new URLSearchParams(fields).toString();
  const res = await fetch(`${sandbox.url}${path}${query}`, { method, headers: type ? { "Content-Type": type } : {}, body: method === "GET" ? undefined : body });
  return answerOf(res);
}
const refresh = (extra = {}) => oauth({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: clientId, client_secret: clientSecret, ...extra });
const me = (token) => fetch(`${sandbox.apiUrl}/users/me`, { headers: { Authorization: `Bearer ${token}` } })
  .then(async (res) => ({ status: res.status, json: await res.json() }));
const control = (path, method = "POST", body) => fetch(`${sandbox.url}/_sandbox/${path}`, {
  method, headers: body ? { "Content-Type": "application/json" } : {}, body: body && JSON.stringify(body),
}).then(async (res) => ({ status: res.status, json: await res.json() }));

function assertOAuthError(res, status, error, pattern) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get("content-type"), /^application\/json/);
  assert.deepEqual(Object.keys(res.json).sort(), ["error", "error_description"]);
  assert.equal(res.json.error, error);
  if (pattern) assert.match(res.json.error_description, pattern);
}

describe("refresh grant", () => {
  test("answers a bearer token that acts as Alice on the API, without rotation by default", async () => {
    const res = await refresh();
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get("content-type"), /^application\/json/);
    assert.equal(res.headers.get("cache-control"), "no-store");
    const { access_token: accessToken, ...rest } = res.json;
    assert.equal(typeof accessToken, "string");
    assert.deepEqual(rest, { token_type: "bearer", expires_in: 3600,
      data: { id: Number(SEED.users.alice), gid: SEED.users.alice, name: "Alice Anders", email: SEED.emails.alice } });
    const user = await me(accessToken);
    assert.equal(user.status, 200);
    assert.equal(user.json.data.gid, SEED.users.alice);
    // Without rotation the same refresh token keeps working, and each refresh mints a new access token.
    const again = await refresh();
    assert.equal(again.status, 200);
    assert.notEqual(again.json.access_token, accessToken);
    assert.equal((await me(accessToken)).status, 200);
    assert.equal(sandbox.stats().oauth.refreshes, 2);
  });

  test("client credentials are optional, but when sent must be the seeded app's", async () => {
    const bare = await oauth({ grant_type: "refresh_token", refresh_token: refreshToken });
    assert.equal(bare.status, 200, bare.text);
    assertOAuthError(await refresh({ client_id: "someone-else" }), 401, "invalid_client", /client_id/);
    assertOAuthError(await refresh({ client_secret: "wrong" }), 401, "invalid_client", /client_secret/);
    const idOnly = await oauth({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: clientId });
    assert.equal(idOnly.status, 200);
  });

  test('placeholder strings ("None", "null", "undefined", empty) are refused as invalid_client', async () => {
    for (const placeholder of ["None", "null", "undefined", ""]) {
      const asId = await refresh({ client_id: placeholder });
      assertOAuthError(asId, 401, "invalid_client", /placeholder/);
      assertOAuthError(await refresh({ client_secret: placeholder }), 401, "invalid_client", /placeholder/);
    }
  });

  test("unknown refresh tokens, grant types and malformed requests", async () => {
    assertOAuthError(await refresh({ refresh_token: "not-a-token" }), 400, "invalid_grant");
    assertOAuthError(await oauth({ grant_type: "refresh_token" }), 400, "invalid_request", /refresh_token/);
    assertOAuthError(await oauth({ refresh_token: refreshToken }), 400, "invalid_request", /grant_type/);
    assertOAuthError(await oauth({ grant_type: "client_credentials" }), 400, "unsupported_grant_type");
    assertOAuthError(await oauth({ grant_type: "password", username: "a", password: "b" }), 400, "unsupported_grant_type");
    // JSON (or no content type) is not a form.
    const asJson = await oauth(JSON.stringify({ grant_type: "refresh_token", refresh_token: refreshToken }), { type: "application/json" });
    assertOAuthError(asJson, 400, "invalid_request", /x-www-form-urlencoded/);
    assertOAuthError(await oauth({ grant_type: "refresh_token", refresh_token: refreshToken }, { type: null }), 400, "invalid_request");
    // Repeated parameters and credentials in the query string are refused.
    assertOAuthError(await oauth(`grant_type=refresh_token&refresh_token=${refreshToken}&refresh_token=x`), 400, "invalid_request", /repeated/);
    assertOAuthError(await oauth({ grant_type: "refresh_token" }, { query: `?refresh_token=${refreshToken}` }), 400, "invalid_request", /query/);
    assertOAuthError(await oauth({}, { method: "GET" }), 405, "invalid_request");
    const unknown = await oauth({}, { path: "/-/nope" });
    assert.equal(unknown.status, 404);
    assert.equal(sandbox.stats().oauth.refreshes, 2); // only well-formed requests that reached the refresh grant
  });

  test("the content type may carry a charset", async () => {
    const res = await oauth({ grant_type: "refresh_token", refresh_token: refreshToken }, { type: `${FORM}; charset=UTF-8` });
    assert.equal(res.status, 200, res.text);
  });
});

describe("expiry and rotation", () => {
  test("minted tokens expire on the wall clock (expiresIn) and on the expire control; PATs do not", async () => {
    assert.deepEqual((await control("oauth", "POST", { expiresIn: 0.3 })).json.data, { expiresIn: 0.3, rotate: false, failNext: 0, delayMs: 0 });
    const short = await refresh();
    assert.equal(short.json.expires_in, 0.3);
    assert.equal((await me(short.json.access_token)).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const expired = await me(short.json.access_token);
    assert.equal(expired.status, 401);
    assert.equal(expired.json.errors[0].message, "Not Authorized");

    await control("oauth", "POST", { expiresIn: 3600 });
    const long = await refresh();
    assert.equal((await me(long.json.access_token)).status, 200);
    assert.equal((await control("oauth/expire")).status, 200);
    assert.equal((await me(long.json.access_token)).status, 401);
    assert.equal((await me(SEED.tokens.alice)).status, 200);
    // A token minted after the expire control lives normally.
    const fresh = await refresh();
    assert.equal((await me(fresh.json.access_token)).status, 200);
    assert.equal(sandbox.stats().oauth.liveAccessTokens, 1);
  });

  test("with rotate on, each refresh answers a new refresh token and the old one stops working", async () => {
    sandbox.oauth.set({ rotate: true });
    const first = await refresh();
    assert.equal(first.status, 200);
    const rotated = first.json.refresh_token;
    assert.equal(typeof rotated, "string");
    assert.notEqual(rotated, refreshToken);
    assertOAuthError(await refresh(), 400, "invalid_grant");
    const second = await refresh({ refresh_token: rotated });
    assert.equal(second.status, 200);
    assert.notEqual(second.json.refresh_token, rotated);
    assert.equal((await me(first.json.access_token)).status, 200, "access tokens live on until they expire");
    // Rotation off again: no refresh_token in the answer.
    sandbox.oauth.set({ rotate: false });
    const third = await refresh({ refresh_token: second.json.refresh_token });
    assert.equal(third.status, 200);
    assert.equal("refresh_token" in third.json, false);
  });

  test("failNext answers invalid_grant for the next n refreshes, then recovers", async () => {
    await control("oauth", "POST", { failNext: 2 });
    assertOAuthError(await refresh(), 400, "invalid_grant", /injected/);
    assertOAuthError(await refresh(), 400, "invalid_grant");
    assert.equal((await refresh()).status, 200);
    assert.equal(sandbox.oauth.get().failNext, 0);
    const stats = (await control("stats", "GET")).json.data.oauth;
    assert.equal(stats.refreshes, 3);
    assert.equal(stats.errors, 2);
  });

  test("delayMs slows refreshes; concurrent refreshes of a rotating token: one wins, the other is refused", async () => {
    sandbox.oauth.set({ delayMs: 150, rotate: true });
    const started = Date.now();
    const [a, b] = await Promise.all([refresh(), refresh()]);
    assert.ok(Date.now() - started >= 150);
    assert.deepEqual([a.status, b.status].sort(), [200, 400]);
    const stats = sandbox.stats().oauth;
    assert.equal(stats.refreshes, 2);
    assert.equal(stats.maxConcurrentRefreshes, 2);
  });
});

describe("authorization code, PKCE and revoke", () => {
  const redirectUri = "http://localhost:8765/callback";

  async function authorize(extra = {}) {
    const query = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: "code", state: "xyz", ...extra });
    const res = await fetch(`${sandbox.url}/-/oauth_authorize?${query}`, { redirect: "manual" });
    return { status: res.status, location: res.headers.get("location") && new URL(res.headers.get("location")) };
  }

  test("authorize redirects with a code; the exchange answers a refresh token; codes are single use", async () => {
    const verifier = "a-sufficiently-long-code-verifier-for-the-sandbox-0123456789";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const consent = await authorize({ code_challenge: challenge, code_challenge_method: "S256" });
    assert.equal(consent.status, 302);
    assert.equal(consent.location.origin + consent.location.pathname, redirectUri);
    assert.equal(consent.location.searchParams.get("state"), "xyz");
    const code = consent.location.searchParams.get("code");
    const exchange = (extra) => oauth({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: clientId,
      client_secret: clientSecret, code_verifier: verifier, ...extra });
    const res = await exchange();
    assert.equal(res.status, 200, res.text);
    assert.equal(typeof res.json.refresh_token, "string");
    assert.equal((await me(res.json.access_token)).status, 200);
    assertOAuthError(await exchange(), 400, "invalid_grant", /already used/);
    assert.equal((await refresh({ refresh_token: res.json.refresh_token })).status, 200);
  });

  test("the exchange checks redirect_uri, the PKCE verifier and requires client credentials", async () => {
    const code = async () => (await authorize({ code_challenge: "abc", code_challenge_method: "S256" })).location.searchParams.get("code");
    const base = { grant_type: "authorization_code", redirect_uri: redirectUri, client_id: clientId, client_secret: clientSecret, code_verifier: "v" };
    assertOAuthError(await oauth({ ...base, code: await code(), redirect_uri: "http://elsewhere/cb" }), 400, "invalid_grant", /redirect_uri/);
    assertOAuthError(await oauth({ ...base, code: await code() }), 400, "invalid_grant", /code_verifier/);
    const { client_secret: _, ...noSecret } = base;
    assertOAuthError(await oauth({ ...noSecret, code: await code() }), 401, "invalid_client", /client_secret/);
    const badClient = await fetch(`${sandbox.url}/-/oauth_authorize?client_id=nope&redirect_uri=${redirectUri}&response_type=code&state=s`, { redirect: "manual" });
    assert.equal(badClient.status, 400);
    const noState = await authorize({ state: "" });
    assert.equal(noState.location.searchParams.get("error"), "invalid_request");
  });

  test("revoking a refresh token kills it and the access tokens minted from it", async () => {
    const minted = await refresh();
    const revoke = (token) => oauth({ token }, { path: "/-/oauth_revoke" });
    assertOAuthError(await revoke(minted.json.access_token), 400, "invalid_request", /refresh tokens/);
    assert.equal((await revoke(refreshToken)).status, 200);
    assert.equal((await me(minted.json.access_token)).status, 401);
    assertOAuthError(await refresh(), 400, "invalid_grant");
    assert.equal((await revoke("unknown")).status, 200);
    assert.equal(sandbox.stats().oauth.revocations, 2);
  });
});

describe("controls and the request log", () => {
  test("the log shows OAuth requests without any token or secret", async () => {
    sandbox.oauth.set({ rotate: true });
    const res = await refresh();
    await refresh({ client_secret: "wrong-secret-value" });
    const log = (await control("requests", "GET")).json.data;
    const entry = log.find((e) => e.path === "/-/oauth_token");
    assert.equal(entry.route, "POST /-/oauth_token");
    assert.equal(entry.status, 200);
    assert.deepEqual(entry.body, { grant_type: "refresh_token", refresh_token: "[redacted]", client_id: clientId, client_secret: "[redacted]" });
    const text = JSON.stringify(log);
    for (const secret of [refreshToken, clientSecret, res.json.access_token, res.json.refresh_token, "wrong-secret-value"]) {
      assert.ok(!text.includes(secret), "a secret leaked into the request log");
    }
    assert.equal(log.at(-1).status, 401);
    const stats = (await control("stats", "GET")).json.data;
    assert.equal(stats.byRoute["POST /-/oauth_token"], 2);
    assert.equal(stats.oauth.refreshes, 2);
  });

  test("settings: validated, merged, cleared by DELETE and by reset; object methods mirror them", async () => {
    assert.equal((await control("oauth", "POST", { rotate: "yes" })).status, 400);
    assert.equal((await control("oauth", "POST", { expiresIn: -1 })).status, 400);
    assert.equal((await control("oauth", "POST", { failNext: 1.5 })).status, 400);
    assert.equal((await control("oauth", "POST", { lifetime: 5 })).status, 400);
    await control("oauth", "POST", { expiresIn: 60 });
    await control("oauth", "POST", { rotate: true });
    assert.deepEqual((await control("oauth", "GET")).json.data, { expiresIn: 60, rotate: true, failNext: 0, delayMs: 0 });
    assert.equal((await control("oauth", "DELETE")).status, 200);
    assert.deepEqual(sandbox.oauth.get(), { expiresIn: 3600, rotate: false, failNext: 0, delayMs: 0 });
    sandbox.oauth.set({ failNext: 1 });
    const minted = await refresh({}).then(() => refresh());
    sandbox.oauth.expire();
    assert.equal((await me(minted.json.access_token)).status, 401);
    sandbox.reset();
    assert.deepEqual(sandbox.oauth.get(), { expiresIn: 3600, rotate: false, failNext: 0, delayMs: 0 });
    assert.equal(sandbox.stats().oauth.refreshes, 0);
  });

  test("CORS preflight on the token endpoint", async () => {
    const res = await fetch(`${sandbox.url}/-/oauth_token`, { method: "OPTIONS", headers: { Origin: "https://example.com", "Access-Control-Request-Method": "POST" } });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.equal((await refresh()).headers.get("access-control-allow-origin"), "*");
  });
});
