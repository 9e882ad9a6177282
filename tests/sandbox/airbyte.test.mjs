// Self-test of the Airbyte Agent API emulation under /airbyte. Run: node --test tests/sandbox/

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { OPERATIONS } from "../../pkg/sandbox/airbyte/operations.js";
import { SEED, startSandbox } from "./server.mjs";

const A = SEED.airbyte;
const { workspaces: WS, projects: P, sections: S, tasks: T, tags: TAGS, users: U, teams: TEAMS } = SEED;

let sandbox;
let token; // a fresh application token for each test
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  token = (await ab("/api/v1/account/applications/token", { body: { client_id: A.clientId, client_secret: A.clientSecret }, auth: false })).json.access_token;
});

/** One call under /airbyte; bodies are JSON unless `raw` (a string) is given. */
async function ab(path, { method, body, raw, auth = true, bearer, headers = {}, contentType = "application/json" } = {}) {
  const init = { method: method ?? (body !== undefined || raw !== undefined ? "POST" : "GET"), headers: { ...headers }, redirect: "manual" };
  if (auth) init.headers.Authorization = `Bearer ${bearer ?? token}`;
  if (body !== undefined || raw !== undefined) {
    if (contentType) init.headers["Content-Type"] = contentType;
    init.body = raw ?? JSON.stringify(body);
  }
  const res = await fetch(`${sandbox.url}/airbyte${path}`, init);
  const bytes = Buffer.from(await res.arrayBuffer());
  let json;
  try {
    json = JSON.parse(bytes.toString());
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text: bytes.toString(), bytes };
}
const CONNECTORS = "/api/v1/integrations/connectors";
const lookup = (query, options) => ab(`${CONNECTORS}?${new URLSearchParams(query)}`, options);
const execute = (entity, action, params, { connector = A.connectorId, extra = {}, ...options } = {}) =>
  ab(`${CONNECTORS}/${connector}/execute`, { body: { entity, action, params, ...extra }, ...options });
const create = (body, options) => ab(CONNECTORS, { body, ...options });
const control = (path, method = "POST", body) => fetch(`${sandbox.url}/_sandbox/${path}`, {
  method, headers: body ? { "Content-Type": "application/json" } : {}, body: body && JSON.stringify(body),
}).then(async (res) => ({ status: res.status, json: await res.json() }));

/** Airbyte's envelope: {message, errors: [{field, message, error_code}]}. */
function assertAirbyteError(res, status, { code, field, pattern } = {}) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get("content-type"), /^application\/json/);
  assert.equal(typeof res.json.message, "string");
  assert.ok(Array.isArray(res.json.errors) && res.json.errors.length >= 1, res.text);
  for (const error of res.json.errors) assert.deepEqual(Object.keys(error).sort(), ["error_code", "field", "message"]);
  if (code) assert.equal(res.json.errors[0].error_code, code, res.text);
  if (field) assert.equal(res.json.errors[0].field, field, res.text);
  if (pattern) assert.match(res.json.message, pattern);
}

function assertSuccess(res, connector = A.connectorId) {
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, "success");
  assert.deepEqual(Object.keys(res.json).sort(), ["connector_metadata", "execution_metadata", "result", "status"]);
  assert.equal(res.json.execution_metadata.connector_instance_id, connector);
  assert.ok(Number.isInteger(res.json.execution_metadata.execution_time_ms));
  return res.json;
}

describe("application tokens", () => {
  test("client credentials buy a bearer token with expires_in and organization_id", async () => {
    const res = await ab("/api/v1/account/applications/token", { body: { client_id: A.clientId, client_secret: A.clientSecret }, auth: false });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json).sort(), ["access_token", "expires_in", "organization_id", "token_type"]);
    assert.equal(res.json.token_type, "bearer");
    assert.equal(res.json.expires_in, 900);
    assert.equal(res.json.organization_id, A.organizationId);
    assert.equal((await lookup({ workspace_name: A.workspace }, { bearer: res.json.access_token })).status, 200);
  });

  test("wrong credentials 401, missing or unknown fields and non-JSON bodies 422", async () => {
    const path = "/api/v1/account/applications/token";
    assertAirbyteError(await ab(path, { body: { client_id: A.clientId, client_secret: "nope" }, auth: false }), 401, { code: "invalid_client" });
    assertAirbyteError(await ab(path, { body: { client_id: "None", client_secret: A.clientSecret }, auth: false }), 401);
    assertAirbyteError(await ab(path, { body: { client_id: A.clientId }, auth: false }), 422, { field: "body.client_secret", code: "missing" });
    assertAirbyteError(await ab(path, { body: { client_id: A.clientId, client_secret: A.clientSecret, grant_type: "x" }, auth: false }), 422,
      { field: "body.grant_type", code: "unknown_property" });
    assertAirbyteError(await ab(path, { raw: `client_id=${A.clientId}`, contentType: "application/x-www-form-urlencoded", auth: false }), 422);
    assertAirbyteError(await ab(path, { raw: "{", auth: false }), 422, { code: "json_invalid" });
    assertAirbyteError(await ab(path, { method: "GET", auth: false }), 405);
  });

  test("every other route needs an unexpired bearer token", async () => {
    assertAirbyteError(await lookup({ workspace_name: A.workspace }, { auth: false }), 401, { field: "Authorization" });
    assertAirbyteError(await lookup({ workspace_name: A.workspace }, { bearer: "made-up" }), 401);
    assertAirbyteError(await execute("workspaces", "list", {}, { bearer: SEED.tokens.alice }), 401, { pattern: /Invalid bearer/ });
    assert.equal((await control("airbyte/expire")).status, 200);
    assertAirbyteError(await lookup({ workspace_name: A.workspace }), 401, { code: "token_expired" });
    await control("airbyte", "POST", { expiresIn: 0.2 });
    const short = await ab("/api/v1/account/applications/token", { body: { client_id: A.clientId, client_secret: A.clientSecret }, auth: false });
    assert.equal(short.json.expires_in, 0.2);
    assert.equal((await lookup({ workspace_name: A.workspace }, { bearer: short.json.access_token })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    assertAirbyteError(await lookup({ workspace_name: A.workspace }, { bearer: short.json.access_token }), 401, { code: "token_expired" });
  });

  test("X-Organization-Id, when sent, must be the seeded organization; the log records it", async () => {
    const good = await lookup({ workspace_name: A.workspace }, { headers: { "X-Organization-Id": A.organizationId } });
    assert.equal(good.status, 200);
    assertAirbyteError(await lookup({ workspace_name: A.workspace }, { headers: { "X-Organization-Id": "00000000-0000-4000-8000-000000000000" } }), 403,
      { field: "X-Organization-Id" });
    const log = sandbox.requests.list().filter((e) => e.path.startsWith("/airbyte/"));
    assert.deepEqual(log.map((e) => e.organizationId), [null, A.organizationId, "00000000-0000-4000-8000-000000000000"]);
    assert.equal(log[1].headers["x-organization-id"], A.organizationId);
    assert.equal(log[1].route, `GET /airbyte${CONNECTORS}`);
    assert.equal(log[1].authorization, true);
    assertAirbyteError(await ab("/api/v1/account/applications/token", { body: { client_id: A.clientId, client_secret: A.clientSecret }, auth: false,
      headers: { "X-Organization-Id": "other" } }), 403);
  });
});

describe("connector lookup", () => {
  test("filters by workspace and definition", async () => {
    const one = await lookup({ workspace_name: A.workspace, definition_id: A.definitionId });
    assert.equal(one.status, 200);
    assert.deepEqual(one.json.data.map((c) => c.id), [A.connectorId]);
    const [record] = one.json.data;
    assert.deepEqual(Object.keys(record).sort(), ["created_at", "id", "name", "summarized_source_template", "updated_at"]);
    assert.deepEqual(Object.keys(record.summarized_source_template).sort(), ["actor_definition_id", "icon", "id", "mode", "name"]);
    assert.equal(record.summarized_source_template.actor_definition_id, A.definitionId);
    assert.ok(!JSON.stringify(one.json).includes(SEED.tokens.alice), "credentials never come back");
    assert.deepEqual((await lookup({ workspace_name: A.workspace })).json.data.map((c) => c.id).sort(), [A.connectorId, A.otherConnectorId].sort());
    assert.deepEqual((await lookup({ workspace_name: A.ambiguousWorkspace, definition_id: A.definitionId })).json.data.map((c) => c.id), A.ambiguousConnectorIds);
    assert.deepEqual((await lookup({ workspace_name: A.emptyWorkspace, definition_id: A.definitionId })).json.data, []);
    assert.deepEqual((await lookup({ workspace_name: A.workspace, definition_id: "00000000-0000-4000-8000-000000000000" })).json.data, []);
    assert.equal(sandbox.stats().airbyte.lookups, 5);
  });

  test("workspace required (name or id), unknown workspace 404, unknown or old params 422", async () => {
    assertAirbyteError(await lookup({ definition_id: A.definitionId }), 422, { field: "query.workspace_name" });
    assertAirbyteError(await lookup({ workspace_name: "nobody", definition_id: A.definitionId }), 404, { field: "workspace_name" });
    assertAirbyteError(await lookup({ external_user_id: A.workspace, definition_id: A.definitionId }), 422, { field: "query.external_user_id", code: "unknown_property" });
    assertAirbyteError(await lookup({ customer_name: A.workspace }), 422);
    assertAirbyteError(await lookup({ workspace_name: A.workspace, definition_id: "asana" }), 422, { field: "query.definition_id" });
    assertAirbyteError(await lookup({ workspace_name: "" }), 422);
    assertAirbyteError(await ab(`${CONNECTORS}?workspace_name=${A.workspace}&workspace_name=x`), 422);
    const byId = await lookup({ workspace_id: "0a000000-0000-4000-8000-000000000001", definition_id: A.definitionId });
    assert.deepEqual(byId.json.data.map((c) => c.id), [A.connectorId]);
    // The old endpoints of Part B are not served.
    assertAirbyteError(await ab(`/api/v1/connectors/connectors_for_user?external_user_id=${A.workspace}`), 404);
    assertAirbyteError(await ab(`/v1/integrations/connectors`, { body: {} }), 404);
  });

  test("get, delete and the definitions catalogue", async () => {
    const got = await ab(`${CONNECTORS}/${A.connectorId}`);
    assert.equal(got.status, 200);
    assert.equal(got.json.workspace_name, A.workspace);
    assert.equal(got.json.definition_id, A.definitionId);
    const defs = await ab("/api/v1/integrations/definitions/sources?name=asana");
    assert.deepEqual(defs.json.data.map((d) => d.sourceDefinitionId), [A.definitionId]);
    const removed = await ab(`${CONNECTORS}/${A.connectorId}`, { method: "DELETE" });
    assert.equal(removed.status, 202);
    assert.equal(typeof removed.json.job_id, "string");
    assertAirbyteError(await ab(`${CONNECTORS}/${A.connectorId}`), 404);
    assertAirbyteError(await execute("workspaces", "list", {}), 404, { field: "connector_id" });
  });
});

describe("creating connectors", () => {
  test("with a PAT (definition_id or connector_type), then execute uses it", async () => {
    const res = await create({ workspace_name: A.emptyWorkspace, definition_id: A.definitionId, name: "Bob's Asana", credentials: { token: SEED.tokens.bob } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.name, "Bob's Asana");
    assert.ok(!JSON.stringify(res.json).includes(SEED.tokens.bob));
    const me = await execute("users", "get", { user_gid: "me" }, { connector: res.json.id });
    assert.equal(assertSuccess(me, res.json.id).result.gid, U.bob);
    const byType = await create({ workspace_name: A.emptyWorkspace, connector_type: "Asana", name: "Second", credentials: { token: SEED.tokens.alice } });
    assert.equal(byType.status, 201);
    const found = await lookup({ workspace_name: A.emptyWorkspace, definition_id: A.definitionId });
    assert.deepEqual(found.json.data.map((c) => c.id), [res.json.id, byType.json.id]);
    assert.equal(sandbox.stats().airbyte.creates, 2);
  });

  test("with an OAuth refresh token (client id and secret optional); Airbyte refreshes it itself", async () => {
    const res = await create({ workspace_name: A.workspace, connector_type: "Asana", name: "OAuth",
      credentials: { refresh_token: SEED.oauth.refreshToken, client_id: SEED.oauth.clientId, client_secret: SEED.oauth.clientSecret } });
    assert.equal(res.status, 201, res.text);
    assert.equal(assertSuccess(await execute("users", "get", { user_gid: "me" }, { connector: res.json.id }), res.json.id).result.gid, U.alice);
    const stats = sandbox.stats();
    assert.equal(stats.airbyte.oauthRefreshes, 1);
    assert.equal(stats.oauth.refreshes, 0, "in-process refreshes are not token-endpoint calls");
    // A bad client secret is only noticed on execute (credentials are not checked at creation).
    const bad = await create({ workspace_name: A.workspace, connector_type: "Asana", name: "Bad",
      credentials: { refresh_token: SEED.oauth.refreshToken, client_secret: "wrong" } });
    assert.equal(bad.status, 201);
    assertAirbyteError(await execute("workspaces", "list", {}, { connector: bad.json.id }), 400, { code: "source_credentials_invalid", pattern: /invalid_client/ });
  });

  test("a wrong PAT is accepted at creation and fails on execute with 400", async () => {
    const res = await create({ workspace_name: A.workspace, definition_id: A.definitionId, name: "Typo", credentials: { token: "sandbox-pat-typo" } });
    assert.equal(res.status, 201);
    assertAirbyteError(await execute("workspaces", "list", {}, { connector: res.json.id }), 400, { code: "source_credentials_invalid" });
  });

  test("validation: exactly one of definition_id/connector_type and of credentials/secret id; unknown properties 422; workspace 404", async () => {
    const base = { workspace_name: A.workspace, name: "X", credentials: { token: "t" } };
    assertAirbyteError(await create(base), 422, { field: "body.definition_id" });
    assertAirbyteError(await create({ ...base, definition_id: A.definitionId, connector_type: "Asana" }), 422);
    assertAirbyteError(await create({ ...base, connector_type: "asana_connector" }), 422, { field: "body.connector_type" });
    assertAirbyteError(await create({ ...base, definition_id: "00000000-0000-4000-8000-000000000000" }), 422, { field: "body.definition_id" });
    const typed = { ...base, connector_type: "Asana" };
    assertAirbyteError(await create({ ...typed, external_user_id: "x" }), 422, { field: "body.external_user_id", code: "unknown_property" });
    assertAirbyteError(await create({ ...typed, name: undefined }), 422, { field: "body.name" });
    assertAirbyteError(await create({ ...typed, credentials: undefined }), 422, { field: "body.credentials" });
    assertAirbyteError(await create({ ...typed, server_side_oauth_secret_id: "s" }), 422);
    assertAirbyteError(await create({ ...typed, workspace_name: "nowhere" }), 404, { field: "workspace_name" });
    // Credentials must match one of Asana's auth schemes, with Airbyte's snake_case names.
    assertAirbyteError(await create({ ...typed, credentials: { refreshToken: "r" } }), 400, { field: "credentials.refreshToken" });
    assertAirbyteError(await create({ ...typed, credentials: { token: "t", refresh_token: "r" } }), 400, { pattern: /more than one/ });
    assertAirbyteError(await create({ ...typed, credentials: { client_id: "c" } }), 400, { pattern: /auth schemes/ });
    assertAirbyteError(await create({ ...typed, credentials: { token: null } }), 400);
    assertAirbyteError(await create({ ...typed, credentials: "t" }), 422);
    assertAirbyteError(await ab(CONNECTORS, { raw: JSON.stringify(typed), contentType: "text/plain" }), 422, { code: "content_type" });
  });

  test("server_side_oauth_secret_id: issued by the old consent flow or a control, single use", async () => {
    const { json } = await control("airbyte/oauth-secret");
    const secretId = json.data.secret_id;
    const body = { workspace_name: A.workspace, connector_type: "Asana", name: "Via secret", server_side_oauth_secret_id: secretId };
    const res = await create(body);
    assert.equal(res.status, 201, res.text);
    assert.equal(assertSuccess(await execute("users", "get", { user_gid: "me" }, { connector: res.json.id }), res.json.id).result.gid, U.alice);
    assertAirbyteError(await create(body), 422, { field: "body.server_side_oauth_secret_id" });
    assert.equal((await create({ ...body, server_side_oauth_secret_id: sandbox.airbyte.issueOAuthSecret() })).status, 201);
  });

  test("the request log never holds credentials", async () => {
    await create({ workspace_name: A.workspace, connector_type: "Asana", name: "Logged",
      credentials: { refresh_token: "secret-refresh-value", client_id: "cid", client_secret: "secret-client-value", access_token: "secret-access-value" } });
    const log = (await control("requests", "GET")).json.data;
    const entry = log.find((e) => e.route === `POST /airbyte${CONNECTORS}`);
    assert.deepEqual(entry.body.credentials, { refresh_token: "[redacted]", client_id: "cid", client_secret: "[redacted]", access_token: "[redacted]" });
    const text = JSON.stringify(log);
    for (const secret of ["secret-refresh-value", "secret-client-value", "secret-access-value", A.clientSecret, token]) assert.ok(!text.includes(secret));
  });
});

describe("server-side OAuth (initiate and consent)", () => {
  const redirectUrl = "https://app.example/after-consent?keep=1";
  const initiate = (body) => ab(`${CONNECTORS}/oauth/initiate`, { body });

  test("consent_url lives on the sandbox; following it creates the connector and redirects with connector_id", async () => {
    const res = await initiate({ workspace_name: A.emptyWorkspace, connector_type: "Asana", redirect_url: redirectUrl, name: "Consented" });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.json), ["consent_url"]);
    assert.ok(res.json.consent_url.startsWith(`${sandbox.url}/airbyte/consent/`));
    const consent = await fetch(res.json.consent_url, { redirect: "manual" });
    assert.equal(consent.status, 302);
    const location = new URL(consent.headers.get("location"));
    assert.equal(`${location.origin}${location.pathname}`, "https://app.example/after-consent");
    assert.equal(location.searchParams.get("keep"), "1");
    const connectorId = location.searchParams.get("connector_id");
    const found = await lookup({ workspace_name: A.emptyWorkspace, definition_id: A.definitionId });
    assert.deepEqual(found.json.data.map((c) => [c.id, c.name]), [[connectorId, "Consented"]]);
    assertSuccess(await execute("workspaces", "list", {}, { connector: connectorId }), connectorId);
    assert.equal((await fetch(res.json.consent_url, { redirect: "manual" })).status, 400, "consent links are single use");
  });

  test("outcome=secret (old flow) and outcome=deny", async () => {
    const secretFlow = await initiate({ workspace_name: A.workspace, connector_type: "Asana", redirect_url: redirectUrl });
    const secretRedirect = new URL((await fetch(`${secretFlow.json.consent_url}?outcome=secret`, { redirect: "manual" })).headers.get("location"));
    const secretId = secretRedirect.searchParams.get("secret_id");
    assert.equal(secretRedirect.searchParams.get("connector_id"), null);
    const created = await create({ workspace_name: A.workspace, connector_type: "Asana", name: "Old flow", server_side_oauth_secret_id: secretId });
    assert.equal(created.status, 201, created.text);
    const denied = await initiate({ workspace_name: A.workspace, connector_type: "Asana", redirect_url: redirectUrl });
    const deniedRedirect = new URL((await fetch(`${denied.json.consent_url}?outcome=deny`, { redirect: "manual" })).headers.get("location"));
    assert.equal(deniedRedirect.searchParams.get("error"), "access_denied");
    assert.equal(sandbox.stats().airbyte.initiates, 2);
  });

  test("initiate validation", async () => {
    assertAirbyteError(await initiate({ workspace_name: A.workspace, connector_type: "Asana" }), 422, { field: "body.redirect_url" });
    assertAirbyteError(await initiate({ workspace_name: A.workspace, connector_type: "Asana", redirect_url: "not a url" }), 422, { field: "body.redirect_url" });
    assertAirbyteError(await initiate({ workspace_name: A.workspace, definition_id: A.definitionId, redirect_url: redirectUrl }), 422);
    assertAirbyteError(await initiate({ external_user_id: "x", connector_type: "Asana", redirect_url: redirectUrl }), 422);
    assertAirbyteError(await initiate({ workspace_name: "nowhere", connector_type: "Asana", redirect_url: redirectUrl }), 404);
    assertAirbyteError(await initiate({ workspace_name: A.workspace, connector_type: "Slack", redirect_url: redirectUrl }), 400);
  });
});

describe("execute", () => {
  test("lists: result is Asana's data; connector_metadata maps next_page.offset; params.offset pages on", async () => {
    const seen = [];
    let offset;
    let pages = 0;
    do {
      const res = await execute("project_tasks", "list", { project_gid: P.website, limit: 10, ...(offset ? { offset } : {}) });
      const { result, connector_metadata: meta } = assertSuccess(res);
      assert.deepEqual(Object.keys(meta).sort(), ["end_cursor", "has_next_page"]);
      assert.equal(meta.has_next_page, meta.end_cursor !== null);
      seen.push(...result.map((task) => task.gid));
      offset = meta.end_cursor;
      pages += 1;
    } while (offset);
    assert.equal(pages, 4);
    assert.equal(new Set(seen).size, SEED.websiteTaskCount);
    const log = sandbox.requests.list().filter((e) => e.execute);
    assert.deepEqual(log[1].upstream.map((u) => [u.method, u.path, u.query.limit, typeof u.query.offset]), [["GET", `/api/1.0/projects/${P.website}/tasks`, "10", "string"]]);
    const whole = assertSuccess(await execute("workspaces", "list", {}));
    assert.deepEqual(whole.connector_metadata, { has_next_page: false, end_cursor: null });
    assert.equal(whole.result.length, 2);
  });

  test("get/create/update answer the object, deletes and addTask answer {}; writes really happen", async () => {
    const created = assertSuccess(await execute("tasks", "create", { data: { name: "From Airbyte", workspace: WS.acme, projects: [P.mobile] } }));
    assert.equal(created.result.name, "From Airbyte");
    assert.equal(created.connector_metadata, null);
    const gid = created.result.gid;
    const updated = assertSuccess(await execute("tasks", "update", { task_gid: gid, data: { completed: true } }));
    assert.equal(updated.result.completed, true);
    assert.deepEqual(assertSuccess(await execute("section_tasks", "create", { section_gid: S.sprint, data: { task: gid } })).result, {});
    const direct = await fetch(`${sandbox.apiUrl}/tasks/${gid}`, { headers: { Authorization: `Bearer ${SEED.tokens.alice}` } }).then((r) => r.json());
    assert.equal(direct.data.memberships[0].section.gid, S.sprint);
    assert.deepEqual(assertSuccess(await execute("tasks", "delete", { task_gid: gid })).result, {});
    assertAirbyteError(await execute("tasks", "get", { task_gid: gid }), 404, { code: "asana_404", pattern: /Unknown object/ });
  });

  test("Asana errors come back in Airbyte's envelope with Asana's status", async () => {
    assertAirbyteError(await execute("tasks", "get", { task_gid: "abc" }), 400, { code: "asana_400", pattern: /Not a recognized ID/ });
    assertAirbyteError(await execute("tasks", "create", { data: { name: "No workspace" } }), 400, { pattern: /workspace/ });
    assertAirbyteError(await execute("workspace_task_search", "list", { workspace_gid: WS.personal, text: "x" }), 402);
    sandbox.faults.add({ path: "/workspaces", status: 429, headers: { "Retry-After": "7" } });
    const limited = await execute("workspaces", "list", {});
    assertAirbyteError(limited, 429);
    assert.equal(limited.headers.get("retry-after"), "7");
    sandbox.faults.add({ path: "/workspaces", kind: "html" });
    assertAirbyteError(await execute("workspaces", "list", {}), 502);
  });

  test("unknown entity, action or param, missing or mistyped params: 422 before Asana is called", async () => {
    assertAirbyteError(await execute("task", "list", {}), 422, { field: "entity", code: "unknown_entity" });
    assertAirbyteError(await execute("tasks", "search", {}), 422, { field: "action", code: "unknown_action" });
    assertAirbyteError(await execute("tasks", "list", { project: P.website, opt_fields: "name" }), 422, { field: "params.opt_fields" });
    assertAirbyteError(await execute("tasks", "list", { project: P.website, limit: "10" }), 422, { field: "params.limit", code: "type_error" });
    assertAirbyteError(await execute("tasks", "list", { project: P.website, limit: 500 }), 422, { field: "params.limit" });
    assertAirbyteError(await execute("tasks", "list", { project: P.website, cursor: "x" }), 422, { field: "params.cursor" });
    assertAirbyteError(await execute("projects", "list", { archived: "false" }), 422, { field: "params.archived" });
    assertAirbyteError(await execute("tasks", "get", {}), 422, { field: "params.task_gid", code: "missing" });
    assertAirbyteError(await execute("tasks", "get", { task_gid: 1001 }), 422, { field: "params.task_gid" });
    assertAirbyteError(await execute("tasks", "update", { task_gid: T.homepage }), 422, { field: "params.data" });
    assertAirbyteError(await execute("tasks", "create", { data: "x" }), 422, { field: "params.data" });
    assertAirbyteError(await ab(`${CONNECTORS}/${A.connectorId}/execute`, { body: { action: "list", params: {} } }), 422, { field: "body.entity" });
    assertAirbyteError(await ab(`${CONNECTORS}/${A.connectorId}/execute`, { body: { entity: "workspaces", action: "list", params: [] } }), 422);
    assertAirbyteError(await ab(`${CONNECTORS}/${A.connectorId}/execute`, { body: { entity: "workspaces", action: "list", limit: 1 } }), 422,
      { field: "body.limit", code: "unknown_property" });
    assertAirbyteError(await execute("workspaces", "list", {}, { connector: A.otherConnectorId }), 400, { pattern: /Slack/ });
    const upstream = sandbox.requests.list().filter((e) => e.upstream?.length);
    assert.equal(upstream.length, 0);
  });

  test("params may be null; optional top-level fields are accepted; select_fields/exclude_fields shape records", async () => {
    assertSuccess(await ab(`${CONNECTORS}/${A.connectorId}/execute`, { body: { entity: "workspaces", action: "list", params: null } }));
    const selected = assertSuccess(await execute("tasks", "get", { task_gid: T.homepage },
      { extra: { select_fields: ["name", "assignee.name"], skip_truncation: true, intent: "test" } }));
    assert.deepEqual(selected.result, { name: "Design homepage", assignee: { name: "Alice Anders" } });
    const excluded = assertSuccess(await execute("workspaces", "list", {}, { extra: { exclude_fields: ["resource_type"] } }));
    assert.deepEqual(Object.keys(excluded.result[0]), ["gid", "name"]);
  });

  test("task search filters pass through, with the underscore aliases", async () => {
    const res = assertSuccess(await execute("workspace_task_search", "list",
      { workspace_gid: WS.acme, assignee_any: U.alice, "due_on.before": "2024-04-02", sort_by: "due_date", sort_ascending: true, completed: false }));
    assert.deepEqual(res.result.map((t) => t.gid), [T.homepage, T.quarterlyReview, T.seo]);
    const { query } = sandbox.requests.list().at(-1).upstream[0];
    assert.deepEqual(query, { "assignee.any": U.alice, "due_on.before": "2024-04-02", sort_by: "due_date", sort_ascending: "true", completed: "false" });
    assertAirbyteError(await execute("workspace_task_search", "list", { workspace_gid: WS.acme, bogus_filter: "x" }), 422, { field: "params.bogus_filter" });
  });

  test("download answers the raw bytes with Content-Type and Content-Disposition; Range via range_header", async () => {
    const whole = await execute("attachments", "download", { attachment_gid: SEED.attachments.spec });
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get("content-type"), "application/pdf");
    assert.match(whole.headers.get("content-disposition"), /homepage-spec\.pdf/);
    assert.equal(whole.bytes.length, SEED.specSize);
    assert.ok(whole.bytes.subarray(0, 8).equals(Buffer.from("%PDF-1.4")));
    const direct = await fetch(`${sandbox.apiUrl}/attachments/${SEED.attachments.spec}`, { headers: { Authorization: `Bearer ${SEED.tokens.alice}` } })
      .then((r) => r.json()).then((j) => fetch(j.data.download_url)).then((r) => r.arrayBuffer());
    assert.ok(whole.bytes.equals(Buffer.from(direct)));
    const part = await execute("attachments", "download", { attachment_gid: SEED.attachments.spec, range_header: "bytes=10-19" });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), `bytes 10-19/${SEED.specSize}`);
    assert.ok(part.bytes.equals(whole.bytes.subarray(10, 20)));
    assertAirbyteError(await execute("attachments", "download", { attachment_gid: SEED.attachments.external }), 400, { code: "not_downloadable" });
    assertAirbyteError(await execute("attachments", "download", { attachment_gid: SEED.attachments.spec, range_header: "bytes=999999-" }), 416);
  });

  test("an OAuth connector refreshes on its own: after expiry, and keeps the rotated refresh token", async () => {
    const [, oauthConnector] = A.ambiguousConnectorIds;
    sandbox.oauth.set({ rotate: true });
    assertSuccess(await execute("workspaces", "list", {}, { connector: oauthConnector }), oauthConnector);
    assertSuccess(await execute("workspaces", "list", {}, { connector: oauthConnector }), oauthConnector);
    assert.equal(sandbox.stats().airbyte.oauthRefreshes, 1);
    sandbox.oauth.expire();
    assertSuccess(await execute("workspaces", "list", {}, { connector: oauthConnector }), oauthConnector);
    assert.equal(sandbox.stats().airbyte.oauthRefreshes, 2);
    const log = sandbox.requests.list().at(-1);
    assert.deepEqual(log.upstream.map((u) => u.status), [401, 200]);
    assert.equal(sandbox.stats().oauth.refreshes, 0);
    // Bob's PAT connector in the same workspace sees only Bob's workspaces.
    const bob = assertSuccess(await execute("users", "get", { user_gid: "me" }, { connector: A.ambiguousConnectorIds[0] }), A.ambiguousConnectorIds[0]);
    assert.equal(bob.result.gid, U.bob);
  });

  test("all 47 operations run through the table", async () => {
    const created = {};
    const CASES = [
      ["tasks", "list", { project: P.mobile, limit: 5 }, "list"],
      ["tasks", "create", { data: { name: "Via Airbyte", workspace: WS.acme } }, "object"],
      ["tasks", "get", { task_gid: T.homepage }, "object"],
      ["tasks", "update", { task_gid: T.seo, data: { name: "SEO metadata v2" } }, "object"],
      ["tasks", "delete", { task_gid: T.groceries }, "empty"],
      ["project_tasks", "list", { project_gid: P.mobile, completed_since: "now" }, "list"],
      ["task_subtasks", "list", { task_gid: T.homepage }, "list"],
      ["task_dependencies", "list", { task_gid: T.homepage }, "list"],
      ["task_dependents", "list", { task_gid: T.homepage }, "list"],
      ["tag_tasks", "list", { tag_gid: TAGS.urgent }, "list"],
      ["section_tasks", "list", { section_gid: S.todo, limit: 3 }, "list"],
      ["section_tasks", "create", { section_gid: S.done, data: { task: T.seo } }, "empty"],
      ["workspace_task_search", "list", { workspace_gid: WS.acme, text: "homepage" }, "list"],
      ["projects", "list", { workspace: WS.acme, archived: false }, "list"],
      ["projects", "create", { data: { name: "Airbyte project", workspace: WS.acme } }, "object"],
      ["projects", "get", { project_gid: P.website }, "object"],
      ["projects", "update", { project_gid: P.mobile, data: { notes: "Updated" } }, "object"],
      ["projects", "delete", { project_gid: P.legacy }, "empty"],
      ["task_projects", "list", { task_gid: T.homepage }, "list"],
      ["team_projects", "list", { team_gid: TEAMS.engineering, archived: false }, "list"],
      ["workspace_projects", "list", { workspace_gid: WS.acme }, "list"],
      ["workspaces", "list", {}, "list"],
      ["workspaces", "get", { workspace_gid: WS.acme }, "object"],
      ["workspace_memberships", "create", { workspace_gid: WS.acme, data: { user: "erin@acme.example" } }, "object"],
      ["users", "list", { workspace: WS.acme }, "list"],
      ["users", "get", { user_gid: "me" }, "object"],
      ["workspace_users", "list", { workspace_gid: WS.acme }, "list"],
      ["team_users", "list", { team_gid: TEAMS.marketing }, "list"],
      ["teams", "get", { team_gid: TEAMS.engineering }, "object"],
      ["workspace_teams", "list", { workspace_gid: WS.acme }, "list"],
      ["user_teams", "list", { user_gid: U.alice, organization: WS.acme }, "list"],
      ["attachments", "list", { parent: T.homepage }, "list"],
      ["attachments", "get", { attachment_gid: SEED.attachments.spec }, "object"],
      ["attachments", "download", { attachment_gid: SEED.attachments.spec }, "bytes"],
      ["workspace_tags", "list", { workspace_gid: WS.acme }, "list"],
      ["workspace_tags", "create", { workspace_gid: WS.acme, data: { name: "airbyte" } }, "object"],
      ["tags", "get", { tag_gid: TAGS.urgent }, "object"],
      ["tags", "update", { tag_gid: TAGS.backend, data: { notes: "Server side" } }, "object"],
      ["tags", "delete", { tag_gid: TAGS.errand }, "empty"],
      ["task_tags", "create", { task_gid: T.seo, data: { tag: TAGS.backend } }, "empty"],
      ["task_tags", "delete", { task_gid: T.homepage, data: { tag: TAGS.urgent } }, "empty"],
      ["project_sections", "list", { project_gid: P.website }, "list"],
      ["project_sections", "create", { project_gid: P.mobile, data: { name: "Sprint 2" } }, "object", "section"],
      ["sections", "get", { section_gid: S.todo }, "object"],
      ["sections", "update", { section_gid: S.sprint, data: { name: "Sprint One" } }, "object"],
      ["sections", "delete", () => ({ section_gid: created.section }), "empty"],
      ["task_stories", "create", { task_gid: T.homepage, data: { text: "Hello from Airbyte" } }, "object"],
    ];
    const table = Object.entries(OPERATIONS).flatMap(([entity, actions]) => Object.keys(actions).map((action) => `${entity} ${action}`));
    assert.equal(table.length, 47);
    assert.deepEqual(CASES.map(([entity, action]) => `${entity} ${action}`).sort(), table.sort());
    for (const [entity, action, params, kind, save] of CASES) {
      const res = await execute(entity, action, typeof params === "function" ? params() : params);
      if (kind === "bytes") {
        assert.equal(res.status, 200, `${entity} ${action}: ${res.text.slice(0, 200)}`);
        assert.equal(res.bytes.length, SEED.specSize);
        continue;
      }
      assert.equal(res.status, 200, `${entity} ${action}: ${res.text}`);
      const { result, connector_metadata: meta } = res.json;
      if (kind === "list") {
        assert.ok(Array.isArray(result), `${entity} ${action}`);
        assert.deepEqual(Object.keys(meta).sort(), ["end_cursor", "has_next_page"]);
      } else if (kind === "empty") {
        assert.deepEqual(result, {}, `${entity} ${action}`);
      } else {
        assert.equal(typeof result.gid, "string", `${entity} ${action}`);
      }
      if (save) created[save] = result.gid;
    }
    assert.equal(sandbox.stats().airbyte.executes, 47);
  });
});

describe("context_store_search", () => {
  const search = (entity, params, options) => execute(entity, "context_store_search", params, options);
  const names = (res) => assertSuccess(res, res.json?.execution_metadata?.connector_instance_id).result.map((r) => r.name);

  test("answers records with connector_metadata {has_more, cursor, took_ms}", async () => {
    const res = assertSuccess(await search("workspaces", {}));
    assert.deepEqual(res.result.map((w) => w.name), ["Acme Corp", "Alice's Personal"]);
    assert.deepEqual(Object.keys(res.result[0]).sort(), ["email_domains", "gid", "is_organization", "name", "resource_type"]);
    assert.deepEqual(Object.keys(res.connector_metadata).sort(), ["cursor", "has_more", "took_ms"]);
    assert.equal(res.connector_metadata.has_more, false);
    assert.equal(res.connector_metadata.cursor, null);
    assert.equal(typeof res.connector_metadata.took_ms, "number");
    for (const entity of ["tasks", "projects", "workspaces", "users", "teams", "attachments", "tags", "sections"]) {
      const { result } = assertSuccess(await search(entity, { limit: 2 }));
      assert.ok(result.length > 0, entity);
    }
    const task = assertSuccess(await search("tasks", { query: { filter: { eq: { gid: T.homepage } } } })).result[0];
    for (const field of ["assignee", "dependencies", "dependents", "num_subtasks", "memberships", "followers", "tags", "workspace", "notes"]) {
      assert.ok(field in task, field);
    }
    assert.equal(task.assignee.name, "Alice Anders");
  });

  test("comparison operators, in, like, fuzzy, keyword", async () => {
    const eq = assertSuccess(await search("tasks", { query: { filter: { eq: { "assignee.gid": U.bob } } } })).result;
    assert.ok(eq.length > 0 && eq.every((t) => t.assignee.gid === U.bob));
    const neq = assertSuccess(await search("tasks", { query: { filter: { neq: { completed: false } } } })).result;
    assert.ok(neq.length > 0 && neq.every((t) => t.completed === true));
    const gte = assertSuccess(await search("tasks", { query: { filter: { gte: { due_on: "2024-04-15" } }, sort: [{ due_on: "asc" }] } })).result;
    assert.deepEqual(gte.map((t) => t.due_on), ["2024-04-15", "2024-04-20", "2024-05-01", "2024-05-10", "2024-06-01"]);
    const gt = assertSuccess(await search("tasks", { query: { filter: { gt: { due_on: "2024-04-15" } } } })).result;
    assert.equal(gt.length, 4);
    const lt = assertSuccess(await search("tasks", { query: { filter: { lt: { due_on: "2024-02-28" } } } })).result;
    assert.deepEqual(lt.map((t) => t.name), ["Login flow"]);
    const lte = assertSuccess(await search("tasks", { query: { filter: { lte: { due_on: "2024-02-28" } } } })).result;
    assert.equal(lte.length, 2);
    assert.deepEqual(names(await search("tasks", { query: { filter: { in: { gid: [T.homepage, T.seo, "1"] } } } })).sort(), ["Design homepage", "SEO metadata"]);
    const liked = names(await search("tasks", { query: { filter: { like: { name: "%PAGE%" } } } }));
    assert.ok(liked.includes("Design homepage") && liked.includes("Custom 404 page") && liked.every((n) => /page/i.test(n)));
    assert.deepEqual(names(await search("tasks", { query: { filter: { like: { name: "Sitemap" } } } })), ["Sitemap"]);
    assert.deepEqual(names(await search("tasks", { query: { filter: { like: { name: "Site" } } } })), [], "like without % is a whole match");
    assert.deepEqual(names(await search("tasks", { query: { filter: { fuzzy: { name: "homepage desgin" } } } })), ["Design homepage"]);
    assert.deepEqual(names(await search("tasks", { query: { filter: { keyword: { name: "carousel banner" } } } })).sort(),
      ["Cookie consent banner", "Image carousel"]);
  });

  test("contains, any, and, or, not", async () => {
    const urgent = names(await search("tasks", { query: { filter: { contains: { tags: TAGS.urgent } } } }));
    assert.deepEqual(urgent.sort(), ["Accessibility audit", "Design homepage", "Login flow"]);
    const urgentObject = names(await search("tasks", { query: { filter: { contains: { tags: { gid: TAGS.urgent, resource_type: "tag" } } } } }));
    assert.deepEqual(urgentObject.sort(), urgent.sort());
    assert.deepEqual(names(await search("workspaces", { query: { filter: { contains: { email_domains: "acme.example" } } } })), ["Acme Corp"]);
    const done = assertSuccess(await search("tasks", { query: { filter: { any: { memberships: { eq: { "section.gid": S.done } } } } } })).result;
    assert.equal(done.length, 10);
    const combined = names(await search("tasks", { query: { filter: { and: [
      { eq: { "assignee.gid": U.bob } },
      { not: { eq: { completed: true } } },
      { or: [{ contains: { tags: TAGS.urgent } }, { like: { name: "%form%" } }] },
    ] } } }));
    assert.deepEqual(combined.sort(), ["Build contact form", "Login flow"]);
  });

  test("sort, limit and cursor paging; fields in both shapes", async () => {
    const sorted = assertSuccess(await search("users", { query: { sort: [{ name: "desc" }] }, fields: ["name", ["photo", "image_21x21"]] })).result;
    assert.deepEqual(sorted.map((u) => u.name), ["Dave Diaz", "Carol Chen", "Bob Baker", "Alice Anders"]);
    assert.deepEqual(sorted[3], { name: "Alice Anders", photo: { image_21x21: `https://s3.amazonaws.com/profile_photos/${U.alice}.21.png` } });
    assert.deepEqual(sorted[0], { name: "Dave Diaz" });
    const query = { filter: { any: { memberships: { eq: { "project.gid": P.website } } } }, sort: [{ created_at: "asc" }] };
    const all = [];
    let cursor;
    let pages = 0;
    do {
      const res = assertSuccess(await search("tasks", { query, limit: 10, fields: ["gid"], ...(cursor ? { cursor } : {}) }));
      all.push(...res.result.map((t) => t.gid));
      assert.equal(res.connector_metadata.has_more, res.connector_metadata.cursor !== null);
      cursor = res.connector_metadata.cursor;
      pages += 1;
    } while (cursor);
    assert.equal(pages, 4);
    assert.equal(new Set(all).size, SEED.websiteTaskCount);
    const first = assertSuccess(await search("tasks", { query, limit: 10 }));
    assertAirbyteError(await search("tasks", { query: { ...query, sort: [{ name: "asc" }] }, cursor: first.connector_metadata.cursor }), 422, { field: "params.cursor" });
    assertAirbyteError(await search("tasks", { query, cursor: "garbage" }), 422, { field: "params.cursor" });
  });

  test("bad queries are 422; visibility follows the connector's user", async () => {
    assertAirbyteError(await search("tasks", { query: { filter: { eq: { nonsense: 1 } } } }), 422, { code: "unknown_field" });
    assertAirbyteError(await search("tasks", { query: { filter: { matches: { name: "x" } } } }), 422, { code: "invalid_filter" });
    assertAirbyteError(await search("tasks", { query: { filter: { eq: { name: "a", notes: "b" } } } }), 422);
    assertAirbyteError(await search("tasks", { query: { filter: { eq: { name: "a" }, neq: { name: "b" } } } }), 422);
    assertAirbyteError(await search("tasks", { query: { filter: { in: { name: "a" } } } }), 422);
    assertAirbyteError(await search("tasks", { query: { filter: { and: [] } } }), 422);
    assertAirbyteError(await search("tasks", { query: { sort: [{ name: "up" }] } }), 422);
    assertAirbyteError(await search("tasks", { query: { filter: {}, extra: 1 } }), 422, { field: "params.query.extra" });
    assertAirbyteError(await search("tasks", { query: {}, offset: 2 }), 422, { field: "params.offset" });
    assertAirbyteError(await search("tasks", { fields: "name" }), 422, { field: "params.fields" });
    assertAirbyteError(await search("tasks", { limit: 0 }), 422, { field: "params.limit" });
    assertAirbyteError(await search("project_tasks", {}), 422, { code: "unknown_action" });
    // stories is an Asana entity (the whole API runs through execute) with no synced copy to search.
    assertAirbyteError(await search("stories", {}), 422, { code: "unknown_action" });
    assertAirbyteError(await search("storeys", {}), 422, { code: "unknown_entity" });
    const bob = { connector: A.ambiguousConnectorIds[0] };
    assert.deepEqual(names(await search("workspaces", {}, bob)), ["Acme Corp"]);
    assert.deepEqual(names(await search("tasks", { query: { filter: { eq: { name: "Buy groceries" } } } }, bob)), []);
    assert.deepEqual(names(await search("tasks", { query: { filter: { eq: { name: "Buy groceries" } } } })), ["Buy groceries"]);
  });
});

describe("controls, stats and CORS", () => {
  test("failNext injects Airbyte errors on matching paths (with * for a segment), then recovers", async () => {
    const set = await control("airbyte", "POST", { failNext: { path: `${CONNECTORS}/*/execute`, status: 503, times: 2 } });
    assert.equal(set.status, 200);
    assert.equal(set.json.data.failNext[0].remaining, 2);
    assertAirbyteError(await execute("workspaces", "list", {}), 503);
    assert.equal((await lookup({ workspace_name: A.workspace })).status, 200, "other paths are not affected");
    assertAirbyteError(await execute("workspaces", "list", {}), 503);
    assertSuccess(await execute("workspaces", "list", {}));
    sandbox.airbyte.set({ failNext: [{ path: "/airbyte/api/v1/account/applications/token", status: 429, retryAfter: 3 }, { path: CONNECTORS, method: "GET", status: 401 }] });
    const limited = await ab("/api/v1/account/applications/token", { body: { client_id: A.clientId, client_secret: A.clientSecret }, auth: false });
    assertAirbyteError(limited, 429);
    assert.equal(limited.headers.get("retry-after"), "3");
    assertAirbyteError(await lookup({ workspace_name: A.workspace }), 401);
    assert.equal((await lookup({ workspace_name: A.workspace })).status, 200);
    assert.equal(sandbox.stats().airbyte.injected, 4);
    assert.deepEqual(sandbox.airbyte.get().failNext, []);
  });

  test("settings are validated; DELETE and reset restore defaults", async () => {
    assert.equal((await control("airbyte", "POST", { expiresIn: "900" })).status, 400);
    assert.equal((await control("airbyte", "POST", { failNext: { path: "/x", status: 200 } })).status, 400);
    assert.equal((await control("airbyte", "POST", { failNext: { status: 500 } })).status, 400);
    assert.equal((await control("airbyte", "POST", { tokensExpire: true })).status, 400);
    await control("airbyte", "POST", { expiresIn: 60, failNext: { path: "/x", status: 500, times: 3 } });
    assert.deepEqual((await control("airbyte", "GET")).json.data, { expiresIn: 60, failNext: [{ path: "/x", status: 500, times: 3, remaining: 3 }] });
    assert.equal((await control("airbyte", "DELETE")).status, 200);
    assert.deepEqual(sandbox.airbyte.get(), { expiresIn: 900, failNext: [] });
    await create({ workspace_name: A.workspace, connector_type: "Asana", name: "Temp", credentials: { token: "x" } });
    assert.equal((await control("airbyte/connectors", "GET")).json.data.length, 5);
    const listed = sandbox.airbyte.connectors();
    assert.deepEqual(listed.map((c) => c.credentials), ["pat", "other", "pat", "oauth", "pat"]);
    assert.ok(!JSON.stringify(listed).includes(SEED.tokens.alice));
    sandbox.airbyte.set({ expiresIn: 5 });
    sandbox.reset();
    assert.deepEqual(sandbox.airbyte.get(), { expiresIn: 900, failNext: [] });
    assert.equal(sandbox.airbyte.connectors().length, 4);
    assertAirbyteError(await lookup({ workspace_name: A.workspace }), 401, {}); // reset forgets application tokens
  });

  test("stats count tokens, lookups, creates and executes", async () => {
    await lookup({ workspace_name: A.workspace });
    await create({ workspace_name: A.workspace, connector_type: "Asana", name: "S", credentials: { token: "x" } });
    await execute("workspaces", "list", {});
    await execute("workspaces", "list", {});
    const { airbyte, byRoute } = (await control("stats", "GET")).json.data;
    assert.equal(airbyte.tokens, 1);
    assert.equal(airbyte.lookups, 1);
    assert.equal(airbyte.creates, 1);
    assert.equal(airbyte.executes, 2);
    assert.equal(airbyte.upstreamCalls, 2);
    assert.equal(byRoute[`POST /airbyte${CONNECTORS}/{connector_id}/execute`], 2);
    assert.equal(byRoute["GET /workspaces"], undefined, "in-process Asana calls are not logged as API requests");
  });

  test("CORS: preflight allows X-Organization-Id; answers carry Allow-Origin", async () => {
    const res = await fetch(`${sandbox.url}/airbyte${CONNECTORS}/${A.connectorId}/execute`, { method: "OPTIONS", headers: {
      Origin: "https://example.com", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type,x-organization-id" } });
    assert.equal(res.status, 204);
    assert.match(res.headers.get("access-control-allow-headers"), /X-Organization-Id/);
    assert.equal((await lookup({ workspace_name: A.workspace })).headers.get("access-control-allow-origin"), "*");
    assertAirbyteError(await ab("/nothing-here"), 404);
  });
});
