// Asana's OAuth endpoints at the server root (not under /api/1.0), as an OAuth 2 server answers:
//
//   POST /-/oauth_token      form-encoded; grant_type=refresh_token | authorization_code
//   GET  /-/oauth_authorize  auto-consents as the seeded user and redirects back with ?code&state
//   POST /-/oauth_revoke     form-encoded; token=<refresh token>
//
// Minted access tokens act as their user's bearer tokens on /api/1.0 until they expire (wall
// clock) or are expired by a control; then the API answers 401 like Asana.

import { SEED } from "./seed.js";
import { base64url, randomBase64url, sha256, sleep } from "./util.js";
import { redactEntry } from "./secrets.js";
import { badRequest } from "./validate.js";

export const OAUTH_PATHS = { token: "/-/oauth_token", authorize: "/-/oauth_authorize", revoke: "/-/oauth_revoke" };

const JSON_TYPE = { "Content-Type": "application/json; charset=UTF-8", "Cache-Control": "no-store", Pragma: "no-cache" };
const PLACEHOLDERS = new Set(["None", "null", "undefined", "nil", "NaN", ""]);
const CODE_TTL_MS = 10 * 60_000;
const SETTINGS = ["expiresIn", "rotate", "failNext", "delayMs"];
const DEFAULTS = { expiresIn: 3600, rotate: false, failNext: 0, delayMs: 0 };

/** A 4xx the token endpoint answers with RFC 6749's {error, error_description}. */
export class OAuthError extends Error {
  constructor(status, error, description) {
    super(description);
    Object.assign(this, { status, error });
  }
}
const invalidRequest = (description) => new OAuthError(400, "invalid_request", description);
const invalidGrant = (description) => new OAuthError(400, "invalid_grant", description);
const invalidClient = (description) => new OAuthError(401, "invalid_client", description);

const newToken = (kind) => `sandbox-oauth-${kind}-${randomBase64url(18)}`;

/** The sandbox's OAuth server state: refresh tokens, minted access tokens, codes, settings, counters. */
export class OAuthServer {
  constructor() {
    this.reset();
  }

  reset() {
    this.config = { ...DEFAULTS };
    this.refreshTokens = new Map(); // refresh token -> {user}
    this.accessTokens = new Map(); // access token -> {user, expiresAt, refreshToken}
    this.codes = new Map(); // code -> {user, redirectUri, challenge, expiresAt}
    this.refreshTokens.set(SEED.oauth.refreshToken, { user: SEED.users.alice });
    this.inFlight = 0;
    this.counters = { requests: 0, refreshes: 0, codeExchanges: 0, authorizations: 0, revocations: 0, issued: 0, errors: 0,
      maxConcurrentRefreshes: 0 };
  }

  /** Merges settings: {expiresIn?: seconds, rotate?: bool, failNext?: n, delayMs?: ms}. */
  configure(spec) {
    if (!spec || typeof spec !== "object" || Array.isArray(spec)) throw badRequest("OAuth settings must be a JSON object");
    for (const [key, value] of Object.entries(spec)) {
      if (!SETTINGS.includes(key)) throw badRequest(`${key}: Unknown OAuth setting; use ${SETTINGS.join(", ")}`);
      if (key === "rotate" ? typeof value !== "boolean" : !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
        throw badRequest(`${key}: Must be ${key === "rotate" ? "a boolean" : "a non-negative number"}`);
      }
      if ((key === "failNext" || key === "delayMs") && !Number.isInteger(value)) throw badRequest(`${key}: Must be an integer`);
    }
    Object.assign(this.config, spec);
    return this.settings();
  }

  settings() {
    return { ...this.config };
  }

  /** Default settings again (tokens and counters are kept). */
  clearSettings() {
    this.config = { ...DEFAULTS };
  }

  /** Every minted access token expires now. */
  expireAll() {
    for (const token of this.accessTokens.values()) token.expiresAt = Math.min(token.expiresAt, Date.now() - 1);
  }

  stats() {
    const now = Date.now();
    const live = [...this.accessTokens.values()].filter((t) => t.expiresAt > now).length;
    return { ...this.counters, liveAccessTokens: live };
  }

  /** The user an unexpired minted access token acts as, or undefined. */
  userFor(accessToken) {
    const token = this.accessTokens.get(accessToken);
    return token && token.expiresAt > Date.now() ? token.user : undefined;
  }

  /** Registers an extra refresh token (e.g. one held by a seeded Airbyte connector). */
  addRefreshToken(refreshToken, user) {
    this.refreshTokens.set(refreshToken, { user });
  }

  /** A fresh refresh token for `user`, as a consent screen would grant. */
  grantRefreshToken(user) {
    const refreshToken = newToken("refresh");
    this.refreshTokens.set(refreshToken, { user });
    return refreshToken;
  }

  #mint(user, refreshToken) {
    const accessToken = newToken("access");
    const expiresIn = this.config.expiresIn;
    this.accessTokens.set(accessToken, { user, refreshToken, expiresAt: Date.now() + expiresIn * 1000 });
    this.counters.issued += 1;
    return { accessToken, expiresIn };
  }

  /**
   * The refresh grant itself (no delay, no injected failure): {access_token, expires_in,
   * refresh_token?, user}. Also used in-process by the Airbyte emulation.
   */
  refresh(refreshToken, { clientId, clientSecret } = {}) {
    checkClient(clientId, clientSecret, false);
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant) throw invalidGrant("The refresh token is invalid, expired, revoked, or was issued to another client.");
    let rotated;
    if (this.config.rotate) {
      this.refreshTokens.delete(refreshToken);
      rotated = newToken("refresh");
      this.refreshTokens.set(rotated, grant);
    }
    const { accessToken, expiresIn } = this.#mint(grant.user, rotated ?? refreshToken);
    return { access_token: accessToken, expires_in: expiresIn, refresh_token: rotated, user: grant.user };
  }

  #exchangeCode(form) {
    checkClient(form.client_id, form.client_secret, true);
    if (!form.code) throw invalidRequest("code: Missing input");
    const grant = this.codes.get(form.code);
    this.codes.delete(form.code); // single use, even when the exchange fails
    if (!grant || grant.expiresAt < Date.now()) throw invalidGrant("The authorization code is invalid, expired, or was already used.");
    if (form.redirect_uri !== grant.redirectUri) throw invalidGrant("redirect_uri does not match the one used to authorize.");
    if (grant.challenge) {
      if (!form.code_verifier) throw invalidRequest("code_verifier: Missing input (the authorization used PKCE)");
      if (base64url(sha256(form.code_verifier)) !== grant.challenge) {
        throw invalidGrant("code_verifier does not match the code_challenge.");
      }
    }
    const refreshToken = this.grantRefreshToken(grant.user);
    const { accessToken, expiresIn } = this.#mint(grant.user, refreshToken);
    return { access_token: accessToken, expires_in: expiresIn, refresh_token: refreshToken, user: grant.user };
  }

  #revoke(form) {
    if (form.client_id !== undefined || form.client_secret !== undefined) checkClient(form.client_id, form.client_secret, false);
    if (!form.token) throw invalidRequest("token: Missing input");
    if (this.accessTokens.has(form.token)) throw invalidRequest("Only refresh tokens can be revoked.");
    this.refreshTokens.delete(form.token);
    for (const [token, grant] of this.accessTokens) if (grant.refreshToken === form.token) this.accessTokens.delete(token);
    this.counters.revocations += 1;
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  /** Answers a request under /-/; `request` = {req, url, rawBody, entry}; `closing` aborts delays. */
  async answer({ req, url, rawBody, entry }, store, closing) {
    this.counters.requests += 1;
    entry.route = `${req.method} ${url.pathname}`;
    let form = null;
    try {
      if (url.pathname === OAUTH_PATHS.authorize) {
        redactEntry(entry, url, null);
        if (req.method !== "GET") throw new OAuthError(405, "invalid_request", "Use GET for the authorize endpoint.");
        return this.#authorize(url);
      }
      if (url.pathname !== OAUTH_PATHS.token && url.pathname !== OAUTH_PATHS.revoke) {
        redactEntry(entry, url, null);
        return { status: 404, headers: JSON_TYPE, body: JSON.stringify({ error: "not_found", error_description: `No OAuth endpoint ${url.pathname}` }) };
      }
      form = parseForm(req, rawBody, url);
      redactEntry(entry, url, form.logged);
      if (req.method !== "POST") throw new OAuthError(405, "invalid_request", `Use POST for ${url.pathname}.`);
      if (form.error) throw form.error;
      if (url.pathname === OAUTH_PATHS.revoke) {
        this.#revoke(form.fields);
        return { status: 200, headers: JSON_TYPE, body: "{}" };
      }
      return await this.#token(form.fields, store, closing);
    } catch (error) {
      if (error.name === "AbortError") return { drop: true }; // the sandbox is closing during a delayed refresh
      if (!(error instanceof OAuthError)) throw error;
      this.counters.errors += 1;
      return oauthFailure(error);
    }
  }

  async #token(form, store, closing) {
    const grantType = form.grant_type;
    if (grantType === undefined) throw invalidRequest("grant_type: Missing input");
    let result;
    if (grantType === "refresh_token") {
      this.counters.refreshes += 1;
      this.inFlight += 1;
      this.counters.maxConcurrentRefreshes = Math.max(this.counters.maxConcurrentRefreshes, this.inFlight);
      try {
        if (this.config.delayMs) await sleep(this.config.delayMs, closing);
        if (!form.refresh_token) throw invalidRequest("refresh_token: Missing input");
        checkClient(form.client_id, form.client_secret, false);
        if (this.config.failNext > 0) {
          this.config.failNext -= 1;
          throw invalidGrant("The refresh token is invalid or expired (failure injected by the sandbox).");
        }
        result = this.refresh(form.refresh_token, { clientId: form.client_id, clientSecret: form.client_secret });
      } finally {
        this.inFlight -= 1;
      }
    } else if (grantType === "authorization_code") {
      this.counters.codeExchanges += 1;
      result = this.#exchangeCode(form);
    } else {
      throw new OAuthError(400, "unsupported_grant_type", `grant_type ${JSON.stringify(grantType)} is not supported; use refresh_token or authorization_code.`);
    }
    const user = store.get("user", result.user);
    const body = {
      access_token: result.access_token, token_type: "bearer", expires_in: result.expires_in,
      ...(result.refresh_token ? { refresh_token: result.refresh_token } : {}),
      data: { id: Number(user.gid), gid: user.gid, name: user.name, email: user.email },
    };
    return { status: 200, headers: JSON_TYPE, body: JSON.stringify(body) };
  }

  /** Consent is automatic (as the seeded user); errors go back to redirect_uri, as Asana does. */
  #authorize(url) {
    const q = Object.fromEntries(url.searchParams);
    const plain = (message) => ({ status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: message });
    if (q.client_id !== SEED.oauth.clientId) return plain("Error: invalid client_id");
    let target;
    try {
      target = new URL(q.redirect_uri);
    } catch {
      return plain("Error: invalid redirect_uri");
    }
    const back = (params) => {
      for (const [key, value] of Object.entries(params)) if (value !== undefined) target.searchParams.set(key, value);
      return { status: 302, headers: { Location: target.href }, body: "" };
    };
    if (q.response_type !== "code") return back({ error: "unsupported_response_type", error_description: "response_type must be code", state: q.state });
    if (!q.state) return back({ error: "invalid_request", error_description: "state: Missing input" });
    if (q.code_challenge && q.code_challenge_method !== "S256") {
      return back({ error: "invalid_request", error_description: "code_challenge_method must be S256", state: q.state });
    }
    const code = newToken("code");
    this.codes.set(code, { user: SEED.users.alice, redirectUri: q.redirect_uri, challenge: q.code_challenge, expiresAt: Date.now() + CODE_TTL_MS });
    this.counters.authorizations += 1;
    return back({ code, state: q.state });
  }
}

/**
 * Client credentials are optional on refresh (required on code exchange) but, when sent, must be
 * the seeded app's; placeholder strings ("None", "null", "undefined", empty) are always refused.
 */
function checkClient(clientId, clientSecret, required) {
  for (const [name, value] of [["client_id", clientId], ["client_secret", clientSecret]]) {
    if (value === undefined) {
      if (required) throw invalidClient(`${name}: Missing input`);
    } else if (PLACEHOLDERS.has(value.trim())) {
      throw invalidClient(`${name} is a placeholder (${JSON.stringify(value)}), not a credential: is a variable unset?`);
    }
  }
  if (clientId !== undefined && clientId !== SEED.oauth.clientId) throw invalidClient("Unknown client_id.");
  if (clientSecret !== undefined && clientSecret !== SEED.oauth.clientSecret) throw invalidClient("client_secret does not match the client.");
}

/**
 * {fields, logged, error?}: the form fields, what to log, and a content-type, duplicate-key or
 * query-credential problem.
 */
function parseForm(req, rawBody, url) {
  const type = req.headers["content-type"] ?? "";
  const params = new URLSearchParams(rawBody);
  const fields = {};
  let error;
  for (const [key, value] of params) {
    if (Object.hasOwn(fields, key)) error ??= invalidRequest(`${key}: Parameters must not be repeated`);
    fields[key] = value;
  }
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    error = invalidRequest(`The body must be sent as application/x-www-form-urlencoded${type ? `, not ${type.split(";")[0]}` : ""}.`);
  } else if ([...url.searchParams.keys()].some((key) => ["client_secret", "refresh_token", "code", "token"].includes(key))) {
    error = invalidRequest("Credentials must be sent in the form body, not in the query string.");
  }
  if (/form-urlencoded/i.test(type)) return { fields, logged: fields, error };
  let logged = null; // what a wrongly typed body looked like, for the (redacted) request log
  try {
    logged = rawBody ? JSON.parse(rawBody) : null;
  } catch {
    logged = rawBody ? fields : null;
  }
  return { fields, logged, error };
}

function oauthFailure(error) {
  const headers = { ...JSON_TYPE, ...(error.status === 401 ? { "WWW-Authenticate": 'Basic realm="oauth"' } : {}) };
  return { status: error.status, headers, body: JSON.stringify({ error: error.error, error_description: error.message }) };
}
