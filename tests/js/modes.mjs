// OAuth renewal and hosted execution against the sandbox's OAuth endpoint and Airbyte emulation.
// Runtime-agnostic like scenarios.mjs: Node and workerd run these.
//
//   modeScenarios({ AsanaConnector, AsanaError, apiUrl, sandboxUrl, SEED }) -> [{ name, run }]

import * as assert from "./assert.mjs";
import { freshScenarios, sandboxControl } from "./control.mjs";

const { ok, equal, deepEqual, includes, notIncludes, rejects } = assert;

export function modeScenarios({ AsanaConnector, AsanaError, apiUrl, sandboxUrl, SEED }) {
  const { control, requests, stats, fault } = sandboxControl(sandboxUrl);


  const tokenUrl = `${sandboxUrl}/-/oauth_token`;
  const airbyteApiUrl = `${sandboxUrl}/airbyte`;
  const { oauth: O, airbyte: AB } = SEED;

  /** An OAuth connector on the sandbox that records its callbacks. */
  function oauthConnector(auth = {}, extra = {}) {
    const renewed = [];
    const warnings = [];
    const asana = new AsanaConnector({
      auth: { refreshToken: O.refreshToken, clientId: O.clientId, clientSecret: O.clientSecret, ...auth },
      baseUrl: apiUrl,
      tokenUrl,
      onTokenRefresh: (tokens) => void renewed.push(tokens),
      onWarning: (warning) => void warnings.push(warning),
      ...extra,
    });
    return { asana, renewed, warnings };
  }

  function hostedConnector(extra = {}) {
    return new AsanaConnector({
      externalUserId: AB.workspace,
      airbyteClientId: AB.clientId,
      airbyteClientSecret: AB.clientSecret,
      organizationId: AB.organizationId,
      airbyteApiUrl,
      ...extra,
    });
  }

  const me = (asana) => asana.execute("users", "get", { user_gid: "me" });

  const { list, scenario } = freshScenarios(() => control("POST", "reset"));

  // ---- OAuth ------------------------------------------------------------------------------------

  scenario("oauth: a refresh-only start renews first, with no wasted 401 and no placeholder fields", async () => {
    const { asana, renewed } = oauthConnector({ clientId: undefined, clientSecret: undefined });
    equal(asana.mode, "oauth");
    equal((await me(asana)).gid, SEED.users.alice);
    const sent = (await requests()).map((r) => `${r.method} ${r.path} ${r.status}`);
    deepEqual(sent, ["POST /-/oauth_token 200", "GET /api/1.0/users/me 200"], "requests");
    equal(renewed.length, 1, "onTokenRefresh calls");
    equal(renewed[0].refreshToken, O.refreshToken);
    equal(typeof renewed[0].accessToken, "string");
    ok(Math.abs(renewed[0].expiresAt - (Date.now() + 3_600_000)) < 120_000, `expiresAt ${renewed[0].expiresAt}`);
  });

  scenario("oauth: a token about to expire is renewed before the call, not after a 401", async () => {
    const first = oauthConnector();
    await me(first.asana);
    const { accessToken } = first.renewed[0];
    const { asana, renewed } = oauthConnector({ accessToken, expiresAt: Date.now() + 30_000 });
    await me(asana);
    equal(renewed.length, 1, "renewed ahead of expiry");
    const statuses = (await requests()).filter((r) => r.path.startsWith("/api/")).map((r) => r.status);
    ok(!statuses.includes(401), `no 401: ${statuses}`);
    const fresh = oauthConnector({ accessToken: renewed[0].accessToken, expiresAt: Date.now() + 3_600_000 });
    await me(fresh.asana);
    equal(fresh.renewed.length, 0, "a fresh token is used as is");
  });

  scenario("oauth: 20 concurrent calls on an expired token share one renewal and all succeed", async () => {
    const { asana, renewed } = oauthConnector();
    await me(asana);
    await control("POST", "oauth", { delayMs: 150 });
    await control("POST", "oauth/expire");
    const before = (await stats()).oauth.refreshes;
    const results = await Promise.all(Array.from({ length: 20 }, () => me(asana)));
    ok(results.every((r) => r.gid === SEED.users.alice), "all 20 succeeded");
    equal((await stats()).oauth.refreshes - before, 1, "renewals for 20 concurrent calls");
    equal(renewed.length, 2, "onTokenRefresh once per renewal");
  });

  scenario("oauth: a token that expired before the first calls is renewed once for all of them", async () => {
    await control("POST", "oauth", { delayMs: 100 });
    const { asana } = oauthConnector({ accessToken: "stale-token", expiresAt: Date.now() - 1000 });
    await Promise.all(Array.from({ length: 20 }, () => me(asana)));
    const s = await stats();
    equal(s.oauth.refreshes, 1, "renewals");
    equal(s.oauth.maxConcurrentRefreshes, 1, "never two renewals at once");
  });

  scenario("oauth: a second 401 is final (no hang, one renewal per call)", async () => {
    await control("POST", "oauth", { expiresIn: 0 });
    const { asana } = oauthConnector({ accessToken: "revoked-token" });
    await rejects(me(asana), { code: "authentication", status: 401, instanceOf: AsanaError });
    const api = (await requests()).filter((r) => r.path.startsWith("/api/"));
    equal(api.length, 2, "the call and one retry");
    equal((await stats()).oauth.refreshes, 1, "one renewal");
  });

  scenario("oauth: a rotated refresh token is kept, used next and reported", async () => {
    await control("POST", "oauth", { rotate: true });
    const { asana, renewed } = oauthConnector();
    await me(asana);
    await control("POST", "oauth/expire");
    await me(asana); // the old refresh token no longer works: this renewal must use the rotated one
    equal(renewed.length, 2);
    ok(renewed[0].refreshToken !== O.refreshToken && renewed[1].refreshToken !== renewed[0].refreshToken, "each renewal rotated");
  });

  scenario("oauth: a failed renewal rejects with authentication, the cause attached, no secret shown", async () => {
    await control("POST", "oauth", { failNext: 1 });
    const { asana } = oauthConnector();
    const error = await rejects(me(asana), { code: "authentication", status: 400, messageIncludes: "invalid_grant" });
    equal(error.details.error, "invalid_grant");
    for (const text of [error.message, String(error), JSON.stringify(error), JSON.stringify(asana), error.stack ?? ""]) {
      for (const secret of [O.refreshToken, O.clientSecret]) notIncludes(text, secret, "a secret in the error");
    }
  });

  scenario("oauth: a failing onTokenRefresh does not fail the call and is reported to onWarning", async () => {
    const warnings = [];
    const asana = new AsanaConnector({
      auth: { refreshToken: O.refreshToken },
      baseUrl: apiUrl,
      tokenUrl,
      onTokenRefresh: async ({ refreshToken }) => {
        throw new Error(`database down while saving ${refreshToken}`);
      },
      onWarning: (warning) => void warnings.push(warning),
    });
    equal((await me(asana)).gid, SEED.users.alice);
    equal(warnings.length, 1);
    ok(warnings[0] instanceof AsanaError, "the warning is an AsanaError");
    includes(warnings[0].message, "onTokenRefresh failed");
    includes(warnings[0].message, "database down");
    notIncludes(warnings[0].message, O.refreshToken);
  });

  scenario("oauth: the snake_case config of the original docs works", async () => {
    const asana = new AsanaConnector({
      auth_config: { refresh_token: O.refreshToken, client_id: O.clientId, client_secret: O.clientSecret },
      baseUrl: apiUrl,
      tokenUrl,
    });
    equal((await me(asana)).gid, SEED.users.alice);
  });

  // ---- hosted -----------------------------------------------------------------------------------

  scenario("hosted: the application token and the connector id are fetched once and reused", async () => {
    const asana = hostedConnector();
    equal(asana.mode, "hosted");
    const workspaces = await asana.execute("workspaces", "list", {});
    deepEqual(Object.keys(workspaces).sort(), ["data", "meta"]);
    ok(workspaces.data.some((w) => w.gid === SEED.workspaces.acme), "Acme is listed");
    const task = await asana.execute("tasks", "get", { task_gid: SEED.tasks.homepage });
    equal(task.name, "Design homepage");
    const page = await asana.execute("project_tasks", "list", { project_gid: SEED.projects.website, limit: 10 });
    equal(page.data.length, 10);
    ok(page.meta.next_page?.offset, "next_page from end_cursor");
    const next = await asana.execute("project_tasks", "list", { project_gid: SEED.projects.website, limit: 10, offset: page.meta.next_page.offset });
    ok(next.data.every((t) => !page.data.some((p) => p.gid === t.gid)), "the second page is new");
    equal(await asana.connectorId(), AB.connectorId);
    const s = (await stats()).airbyte;
    deepEqual([s.tokens, s.lookups, s.executes], [1, 1, 4], "tokens, lookups, executes");
    ok((await requests()).filter((r) => r.path.startsWith("/airbyte")).every((r) => r.organizationId === AB.organizationId), "organization header");
  });

  scenario("hosted: concurrent first calls share one token exchange and one lookup", async () => {
    const asana = hostedConnector();
    await Promise.all(Array.from({ length: 10 }, () => asana.execute("users", "get", { user_gid: "me" })));
    const s = (await stats()).airbyte;
    deepEqual([s.tokens, s.lookups, s.executes], [1, 1, 10]);
  });

  scenario("hosted: an expired application token is fetched again once after the 401", async () => {
    const asana = hostedConnector({ connectorId: AB.connectorId });
    await me(asana);
    await control("POST", "airbyte/expire");
    equal((await me(asana)).gid, SEED.users.alice);
    deepEqual([(await stats()).airbyte.tokens, (await stats()).airbyte.lookups], [2, 0]);
  });

  scenario("hosted: lookups with no match or several, and bad credentials, fail clearly", async () => {
    await rejects(me(hostedConnector({ externalUserId: AB.emptyWorkspace })), { code: "not_found", messageIncludes: AB.emptyWorkspace });
    await rejects(me(hostedConnector({ externalUserId: AB.ambiguousWorkspace })), { code: "hosted", messageIncludes: "pass connectorId" });
    const error = await rejects(me(hostedConnector({ airbyteClientSecret: "wrong-secret-value" })), { code: "authentication" });
    notIncludes(JSON.stringify(error), "wrong-secret-value");
  });

  scenario("hosted: every operation of the whole API runs through Airbyte's execute (uploads and batches refused locally)", async () => {
    const asana = hostedConnector();
    const calls = await control("GET", "examples");
    const failed = [];
    let ran = 0;
    for (const call of calls) {
      if (call.skip || call.entity === "batch" || call.entity === "attachments" && call.action === "create") continue;
      try {
        JSON.stringify(await asana.execute(call.entity, call.action, call.params));
        ran++;
      } catch (error) {
        failed.push(`${call.entity}/${call.action}: ${error.code} ${error.message}`);
      }
    }
    deepEqual(failed, [], "operations that failed in hosted mode");
    ok(ran > 240, `${ran} operations ran`);
    await rejects(asana.execute("batch", "create", { data: { actions: [{ entity: "workspaces", action: "list" }] } }), { code: "not_supported" });
    await rejects(asana.execute("attachments", "create", { parent: SEED.tasks.homepage, name: "a.txt", file: new Blob(["a"]) }), { code: "not_supported" });
  });

  scenario("hosted: local validation runs before any hosted call", async () => {
    const asana = hostedConnector();
    await rejects(asana.execute("taks", "list", {}), { code: "unknown_entity" });
    await rejects(asana.execute("tasks", "get", { task_gid: 2 ** 60 }), { code: "invalid_params" });
    deepEqual(await requests(), [], "no request");
  });

  scenario("hosted: snake_case keys and getToken work", async () => {
    const snake = new AsanaConnector({ external_user_id: AB.workspace, airbyte_client_id: AB.clientId, airbyte_client_secret: AB.clientSecret, airbyteApiUrl });
    equal((await me(snake)).gid, SEED.users.alice);
    let asked = 0;
    const viaBackend = new AsanaConnector({
      connectorId: AB.connectorId,
      airbyteApiUrl,
      getToken: async () => {
        asked += 1;
        const answer = await fetch(`${airbyteApiUrl}/api/v1/account/applications/token`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ client_id: AB.clientId, client_secret: AB.clientSecret }),
        });
        return (await answer.json()).access_token;
      },
    });
    await me(viaBackend);
    await me(viaBackend);
    equal(asked, 1, "getToken is cached like an exchanged token");
  });

  scenario("hosted: context_store_search passes through; locally it is not_supported", async () => {
    const found = await hostedConnector().execute("tasks", "context_store_search", {
      query: { filter: { fuzzy: { name: "homepage" } } },
      fields: [["name"], "gid"],
      limit: 5,
    });
    ok(found.data.some((t) => t.name === "Design homepage"), JSON.stringify(found.data));
    deepEqual(Object.keys(found.meta).sort(), ["cursor", "has_more", "took_ms"]);
    const local = new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: apiUrl });
    await rejects(local.execute("tasks", "context_store_search", { query: {} }), { code: "not_supported", messageIncludes: "hosted mode" });
  });

  scenario("hosted: a download streams the raw bytes", async () => {
    const file = await hostedConnector().execute("attachments", "download", { attachment_gid: SEED.attachments.spec });
    ok(file.body && typeof file.body.getReader === "function", "body is a ReadableStream");
    const bytes = new Uint8Array(await new Response(file.body).arrayBuffer());
    equal(bytes.length, SEED.specSize);
  });

  scenario("hosted admin: createHosted (credentials or secret id) and initiateOAuth", async () => {
    const admin = { externalUserId: AB.workspace, airbyteClientId: AB.clientId, airbyteClientSecret: AB.clientSecret, airbyteApiUrl };
    const { connectorId } = await AsanaConnector.createHosted({ ...admin, name: "Bob's Asana", credentials: { token: SEED.tokens.bob } });
    equal(typeof connectorId, "string");
    const bob = await me(hostedConnector({ connectorId }));
    equal(bob.gid, SEED.users.bob);
    const { secret_id: secretId } = await control("POST", "airbyte/oauth-secret");
    const viaSecret = await AsanaConnector.createHosted({ ...admin, server_side_oauth_secret_id: secretId });
    equal(typeof viaSecret.connectorId, "string");
    const oauthCreds = await AsanaConnector.createHosted({ ...admin, credentials: { refreshToken: O.refreshToken, clientId: O.clientId, clientSecret: O.clientSecret } });
    equal((await me(hostedConnector({ connectorId: oauthCreds.connectorId }))).gid, SEED.users.alice);
    const { consentUrl } = await AsanaConnector.initiateOAuth({ ...admin, redirectUrl: "https://app.example/callback" });
    ok(consentUrl.startsWith(`${sandboxUrl}/airbyte/consent/`), consentUrl);
    await rejects(AsanaConnector.createHosted({ ...admin }), { code: "invalid_config", messageIncludes: "exactly one of" });
  });

  return list;
}
