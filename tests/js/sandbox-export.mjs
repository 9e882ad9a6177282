// The package's sandbox entry (asana-agent-connector/sandbox) as a user's tests would use it, in
// any runtime (no node: imports, no network): createSandbox().fetch given as the connector's
// `fetch`, with the default baseUrl, tokenUrl and airbyteApiUrl, so every call is answered in
// memory. Each scenario makes its own sandbox.
//
//   sandboxExportScenarios({ AsanaConnector, createSandbox }) -> [{ name, run }]

import { deepEqual, equal, includes, ok, rejects } from "./assert.mjs";

export function sandboxExportScenarios({ AsanaConnector, createSandbox }) {
  const list = [];
  const scenario = (name, run) => list.push({ name: `sandbox export: ${name}`, run });
  /** A fresh sandbox and a connector on it (Alice's token unless `options` says otherwise). */
  const setup = (options = {}) => {
    const sandbox = createSandbox();
    const SEED = sandbox.seed;
    const asana = new AsanaConnector({ auth: { token: SEED.tokens.alice }, fetch: sandbox.fetch, onWarning: () => {}, ...options });
    return { sandbox, SEED, asana };
  };
  const readAll = async (stream) => new Uint8Array(await new Response(stream).arrayBuffer());

  scenario("lists workspaces with the default baseUrl, answered in memory", async () => {
    const { sandbox, SEED, asana } = setup();
    const { data } = await asana.execute("workspaces", "list");
    deepEqual(data.map((w) => w.gid), [SEED.workspaces.acme, SEED.workspaces.personal]);
    equal(data[0].name, "Acme Corp");
    const log = sandbox.requests.list();
    equal(log.length, 1, "one request");
    equal(`${log[0].method} ${log[0].route} ${log[0].status}`, "GET GET /workspaces 200");
    equal(log[0].authorization, true, "the token was sent");
    equal(sandbox.violations().length, 0, "the request matched the catalogue");
    deepEqual(await asana.check(), { status: "ok" });
  });

  scenario("creates, updates and reads a task; the store holds it", async () => {
    const { sandbox, SEED, asana } = setup();
    const created = await asana.execute("tasks", "create", {
      data: { name: "Write the offline tests", workspace: SEED.workspaces.acme, projects: [SEED.projects.website], assignee: "me" },
    });
    ok(/^\d+$/.test(created.gid), `a gid, got ${created.gid}`);
    equal(created.name, "Write the offline tests");
    equal(created.assignee?.gid, SEED.users.alice, "assignee me = Alice");
    const updated = await asana.execute("tasks", "update", { task_gid: created.gid, data: { name: "Offline tests written", completed: true } });
    equal(updated.completed, true);
    const read = await asana.execute("tasks", "get", { task_gid: created.gid, opt_fields: ["name", "completed", "projects.name"] });
    equal(read.name, "Offline tests written");
    equal(read.completed, true);
    equal(read.projects?.[0]?.name, "Website Redesign");
    equal(sandbox.store.get("task", created.gid)?.name, "Offline tests written", "the live store");
    equal(sandbox.requests.list().map((e) => e.method).join(" "), "POST PUT GET");
  });

  scenario("pages through a project's tasks: offsets, then paginate()", async () => {
    const { SEED, asana } = setup();
    const first = await asana.execute("project_tasks", "list", { project_gid: SEED.projects.website, limit: 10 });
    equal(first.data.length, 10);
    ok(typeof first.meta.next_page?.offset === "string", "a next page");
    const second = await asana.execute("project_tasks", "list", { project_gid: SEED.projects.website, limit: 10, offset: first.meta.next_page.offset });
    equal(second.data.length, 10);
    ok(!second.data.some((t) => first.data.some((u) => u.gid === t.gid)), "the second page has other tasks");
    const all = [];
    for await (const task of asana.paginate("project_tasks", "list", { project_gid: SEED.projects.website, limit: 10 })) all.push(task.gid);
    equal(all.length, SEED.websiteTaskCount, "every task of Website Redesign");
    equal(new Set(all).size, all.length, "no task twice");
  });

  scenario("a fault added with sandbox.faults.add() is the mapped error; list() and clear() see the queue", async () => {
    const { sandbox, SEED, asana } = setup({ retry: { maxAttempts: 1 } });
    sandbox.faults.add({ method: "GET", path: "/workspaces", status: 404, times: 2 });
    equal(sandbox.faults.list()[0].remaining, 2);
    await rejects(asana.execute("workspaces", "list"), { code: "not_found", status: 404 });
    equal(sandbox.faults.list()[0].remaining, 1, "one use left");
    sandbox.faults.clear();
    equal((await asana.execute("workspaces", "list")).data.length, 2, "cleared: the real answer");
    sandbox.faults.add({ path: `/users/${SEED.users.bob}`, kind: "drop" });
    await rejects(asana.execute("users", "get", { user_gid: SEED.users.bob }), { code: "network" });
    sandbox.faults.add({ path: "/users/me", status: 500 });
    await rejects(asana.execute("users", "get", { user_gid: "me" }), { code: "server", status: 500 });
    sandbox.limits.set({ perMinute: 1, retryAfterSeconds: 120 });
    await asana.execute("users", "get", { user_gid: "me" });
    const limited = await rejects(asana.execute("users", "get", { user_gid: "me" }), { code: "rate_limited", status: 429 });
    equal(limited.retryAfterMs, 120_000, "Retry-After");
    equal(sandbox.stats().rateLimited, 1);
  });

  scenario("reset() restores the seed and clears the log, faults and limits", async () => {
    const { sandbox, SEED, asana } = setup();
    const created = await asana.execute("tasks", "create", { data: { name: "Gone after reset", workspace: SEED.workspaces.acme } });
    await asana.execute("tasks", "delete", { task_gid: SEED.tasks.groceries });
    sandbox.faults.add({ path: "/never", status: 500 });
    sandbox.limits.set({ perMinute: 100 });
    sandbox.reset();
    equal(sandbox.requests.list().length, 0, "empty log");
    equal(sandbox.faults.list().length, 0, "no faults");
    equal(sandbox.limits.get(), null, "no limits");
    await rejects(asana.execute("tasks", "get", { task_gid: created.gid }), { code: "not_found" });
    equal((await asana.execute("tasks", "get", { task_gid: SEED.tasks.groceries })).gid, SEED.tasks.groceries, "the deleted task is back");
    sandbox.requests.clear();
    equal(sandbox.requests.list().length, 0);
  });

  scenario("OAuth: the access token is renewed through the sandbox's token endpoint (default tokenUrl)", async () => {
    const sandbox = createSandbox();
    const SEED = sandbox.seed;
    const refreshed = [];
    sandbox.oauth.set({ rotate: true });
    const asana = new AsanaConnector({
      auth: { refreshToken: SEED.oauth.refreshToken, clientId: SEED.oauth.clientId, clientSecret: SEED.oauth.clientSecret },
      fetch: sandbox.fetch, onTokenRefresh: (tokens) => void refreshed.push(tokens), onWarning: () => {},
    });
    equal((await asana.execute("users", "get", { user_gid: "me" })).gid, SEED.users.alice, "renewed before the first call");
    equal(sandbox.stats().oauth.refreshes, 1);
    sandbox.oauth.expire();
    const [a, b] = await Promise.all([asana.execute("users", "get", { user_gid: "me" }), asana.execute("workspaces", "list")]);
    equal(a.gid, SEED.users.alice);
    equal(b.data.length, 2);
    equal(sandbox.stats().oauth.refreshes, 2, "one renewal after the 401s, shared");
    equal(refreshed.length, 2);
    ok(refreshed[1].refreshToken && refreshed[1].refreshToken !== SEED.oauth.refreshToken, "the rotated refresh token is handed over");
    const token = sandbox.requests.list().find((e) => e.path === "/-/oauth_token");
    equal(token.body.refresh_token, "[redacted]", "credentials never enter the log");
    sandbox.oauth.set({ failNext: 1 });
    sandbox.oauth.expire();
    await rejects(asana.execute("users", "get", { user_gid: "me" }), { code: "authentication" });
  });

  scenario("downloads an attachment: download_url is served by the same fetch, without Authorization", async () => {
    const { sandbox, SEED, asana } = setup();
    const file = await asana.execute("attachments", "download", { attachment_gid: SEED.attachments.spec });
    equal(file.status, 200);
    equal(file.contentType, "application/pdf");
    equal(file.size, SEED.specSize);
    const bytes = await readAll(file.body);
    equal(bytes.length, SEED.specSize);
    equal(new TextDecoder().decode(bytes.subarray(0, 9)), "%PDF-1.4\n");
    const log = sandbox.requests.list();
    deepEqual(log.map((e) => `${e.route} ${e.status}`), ["GET /attachments/{attachment_gid} 200", "GET /_files/{attachment_gid}/{name} 200"]);
    equal(log[1].authorization, false, "the file hop carries no Authorization header");
    const part = await asana.execute("attachments", "download", { attachment_gid: SEED.attachments.spec, range_header: "bytes=1000-2023" });
    equal(part.status, 206);
    deepEqual([...(await readAll(part.body))], [...bytes.subarray(1000, 2024)], "the range's bytes");
  });

  scenario("hosted mode: the Airbyte emulation answers at the default airbyteApiUrl", async () => {
    const sandbox = createSandbox();
    const SEED = sandbox.seed;
    const asana = new AsanaConnector({
      externalUserId: SEED.airbyte.workspace, airbyteClientId: SEED.airbyte.clientId, airbyteClientSecret: SEED.airbyte.clientSecret,
      fetch: sandbox.fetch, onWarning: () => {},
    });
    equal((await asana.execute("workspaces", "list")).data.length, 2);
    equal(await asana.connectorId(), SEED.airbyte.connectorId);
    equal(sandbox.stats().airbyte.executes, 1);
  });

  scenario("sandbox.fetch has fetch's signature: a Request, a URL string, a path, an aborted signal", async () => {
    const sandbox = createSandbox();
    const SEED = sandbox.seed;
    const headers = { Authorization: `Bearer ${SEED.tokens.alice}` };
    const byRequest = await sandbox.fetch(new Request("https://app.asana.com/api/1.0/users/me", { headers }));
    ok(byRequest instanceof Response, "a Response");
    equal(byRequest.status, 200);
    includes(byRequest.headers.get("content-type"), "application/json");
    equal((await byRequest.json()).data.gid, SEED.users.alice);
    const byUrl = await sandbox.fetch("http://anything.example/api/1.0/users/me", { headers });
    equal((await byUrl.json()).data.gid, SEED.users.alice, "the origin is ignored");
    const byPath = await sandbox.fetch("/api/1.0/workspaces", { headers });
    equal((await byPath.json()).data.length, 2);
    equal((await sandbox.fetch("/api/1.0/users/me")).status, 401, "no token: 401");
    const control = await sandbox.fetch("/_sandbox/faults", { method: "POST", body: JSON.stringify({ path: "/users/me", status: 503 }) });
    equal(control.status, 201, "the /_sandbox controls answer too");
    equal((await sandbox.fetch("/api/1.0/users/me", { headers })).status, 503);
    const aborted = new AbortController();
    aborted.abort();
    const error = await rejects(sandbox.fetch("/api/1.0/users/me", { headers, signal: aborted.signal }));
    equal(error.name, "AbortError");
    sandbox.faults.add({ path: "/users/me", delayMs: 5_000 });
    const late = new AbortController();
    const pending = sandbox.fetch("/api/1.0/users/me", { headers, signal: late.signal });
    setTimeout(() => late.abort(), 20);
    equal((await rejects(pending)).name, "AbortError", "an abort ends a delayed answer");
    sandbox.close();
  });

  return list;
}
