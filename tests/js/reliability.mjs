// Reliability under faults, limits, bad bodies and hostile input, and the secret scan.
// Runtime-agnostic like scenarios.mjs: Node and workerd run these against the sandbox's fault
// injection (tests/sandbox/faults.mjs) and rate limits (tests/sandbox/limits.mjs).
//
//   reliabilityScenarios({ AsanaConnector, AsanaError, apiUrl, sandboxUrl, SEED }) -> [{ name, run }]

import * as assert from "./assert.mjs";
import { freshScenarios, sandboxControl } from "./control.mjs";

const { ok, equal, deepEqual, includes, notIncludes, rejects } = assert;

export function reliabilityScenarios({ AsanaConnector, AsanaError, apiUrl, sandboxUrl, SEED }) {
  const { control, requests, stats, fault } = sandboxControl(sandboxUrl);

  const api = async () => (await requests()).filter((r) => r.path.startsWith("/api/"));
  const connect = (extra = {}) => new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: apiUrl, ...extra });
  const getTask = (asana, options) => asana.execute("tasks", "get", { task_gid: SEED.tasks.homepage }, options);
  const taskPath = `/tasks/${SEED.tasks.homepage}`;

  const { list, scenario } = freshScenarios(() => control("POST", "reset"));

  // ---- retries ----------------------------------------------------------------------------------

  scenario("429 honours Retry-After, then succeeds (any method)", async () => {
    await fault({ method: "POST", path: "/tasks", status: 429, headers: { "Retry-After": "1" } });
    const started = Date.now();
    const task = await connect().execute("tasks", "create", { data: { name: "After a 429", workspace: SEED.workspaces.acme } });
    const waited = Date.now() - started;
    equal(task.name, "After a 429");
    ok(waited >= 950, `waited ${waited} ms for Retry-After: 1`);
    equal((await api()).filter((r) => r.method === "POST").length, 2, "the refused create was sent again");
  });

  scenario("429 without Retry-After falls back to jittered backoff", async () => {
    await fault({ path: taskPath, status: 429, times: 2 });
    const started = Date.now();
    equal((await getTask(connect())).gid, SEED.tasks.homepage);
    const waited = Date.now() - started;
    ok(waited >= 250 + 500, `backoff waited ${waited} ms`);
    equal((await api()).length, 3);
  });

  scenario("a Retry-After beyond retry.maxDelayMs rejects at once with retryAfterMs", async () => {
    await fault({ path: taskPath, status: 429, headers: { "Retry-After": "120" } });
    const error = await rejects(getTask(connect({ retry: { maxDelayMs: 5_000 } })), { code: "rate_limited", status: 429, retryable: true, instanceOf: AsanaError });
    equal(error.retryAfterMs, 120_000);
    equal((await api()).length, 1, "not sent again");
  });

  scenario("a Retry-After HTTP date is honoured", async () => {
    const at = new Date(Date.now() + 2_000).toUTCString();
    await fault({ path: taskPath, status: 429, headers: { "Retry-After": at } });
    const started = Date.now();
    await getTask(connect());
    ok(Date.now() - started >= 900, "waited for the date");
  });

  scenario("5xx, HTML pages and dropped connections are retried for GET", async () => {
    await fault({ path: taskPath, status: 503 });
    await fault({ path: taskPath, kind: "html" });
    equal((await getTask(connect())).gid, SEED.tasks.homepage);
    equal((await api()).length, 3);
    await control("POST", "reset");
    await fault({ path: taskPath, kind: "drop" });
    equal((await getTask(connect())).gid, SEED.tasks.homepage);
  });

  scenario("retries stop at retry.maxAttempts with the last error", async () => {
    await fault({ path: taskPath, status: 500, times: 5 });
    const error = await rejects(getTask(connect({ retry: { maxAttempts: 2 } })), { code: "server", status: 500, retryable: true });
    includes(error.message, "Retrying later may help");
    equal((await api()).length, 2);
  });

  scenario("duplicate safety: a create that gets a 500 is sent once and the sandbox holds one task", async () => {
    await fault({ method: "POST", path: "/tasks", status: 500, after: "execute" });
    const name = `Exactly once ${Date.now()}`;
    const error = await rejects(
      connect().execute("tasks", "create", { data: { name, workspace: SEED.workspaces.acme, projects: [SEED.projects.website] } }),
      { code: "server", status: 500 },
    );
    includes(error.message, "may or may not have happened");
    equal((await api()).filter((r) => r.method === "POST").length, 1, "POSTs sent");
    const tasks = await connect().execute("project_tasks", "list", { project_gid: SEED.projects.website, limit: 100 });
    equal(tasks.data.filter((t) => t.name === name).length, 1, "tasks with that name");
  });

  scenario("writes are not repeated after a timeout or a dropped connection", async () => {
    await fault({ method: "POST", path: "/tasks", kind: "drop" });
    // Unknown outcome: not retryable, and the message says to read first (api.md's retryable rule).
    const error = await rejects(connect().execute("tasks", "create", { data: { name: "Dropped", workspace: SEED.workspaces.acme } }), { code: "network", retryable: false });
    includes(error.message, "read first");
    equal((await api()).filter((r) => r.method === "POST").length, 1);
  });

  // ---- time -------------------------------------------------------------------------------------

  scenario("timeoutMs (per call and per connector) rejects with timeout", async () => {
    await fault({ path: taskPath, delayMs: 3_000, times: 3 });
    const started = Date.now();
    await rejects(getTask(connect({ retry: { maxAttempts: 1 } }), { timeoutMs: 200 }), { code: "timeout", retryable: true });
    ok(Date.now() - started < 2_000, "gave up on time");
    await rejects(getTask(connect({ timeoutMs: 200, retry: { maxAttempts: 1 } })), { code: "timeout" });
  });

  scenario("a timed-out read is retried and the next attempt succeeds", async () => {
    await fault({ path: taskPath, delayMs: 2_000 });
    equal((await getTask(connect(), { timeoutMs: 300 })).gid, SEED.tasks.homepage);
  });

  scenario("an AbortSignal cancels the request and the backoff", async () => {
    await fault({ path: taskPath, delayMs: 3_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await rejects(getTask(connect(), { signal: controller.signal }), { code: "aborted", retryable: false });
    await control("POST", "reset");
    await fault({ path: taskPath, status: 429, headers: { "Retry-After": "2" } });
    const backoff = new AbortController();
    setTimeout(() => backoff.abort(), 300);
    await rejects(getTask(connect(), { signal: backoff.signal }), { code: "aborted" });
    equal((await api()).length, 1, "not sent again after the abort");
    const done = new AbortController();
    done.abort();
    await rejects(getTask(connect(), { signal: done.signal }), { code: "aborted" });
  });

  // ---- bad bodies -------------------------------------------------------------------------------

  scenario("truncated, empty and non-JSON 2xx bodies are bad_response", async () => {
    await fault({ path: taskPath, kind: "truncated" });
    await rejects(getTask(connect()), { code: "bad_response", messageIncludes: "not valid JSON" });
    await fault({ path: taskPath, kind: "empty" });
    await rejects(getTask(connect()), { code: "bad_response", messageIncludes: "empty" });
    await fault({ path: taskPath, status: 200, body: '{"data":{"gid":"1","notes":[1}}' });
    await rejects(getTask(connect()), { code: "bad_response", messageIncludes: "not valid JSON" });
    const tool = await connect().runTool({ entity: "tasks", action: "get", params: { task_gid: SEED.tasks.homepage } });
    equal(tool.error?.code, undefined, "runTool after the bad answer works");
    await fault({ path: taskPath, status: 200, body: '{"data":{"gid":"1","n":tru}}' });
    equal((await connect().runTool({ entity: "tasks", action: "get", params: { task_gid: SEED.tasks.homepage } })).error.code, "bad_response");
    await fault({ path: taskPath, status: 200, headers: { "Content-Type": "text/html" }, body: "<html>hi</html>" });
    await rejects(getTask(connect()), { code: "bad_response" });
    equal((await getTask(connect())).gid, SEED.tasks.homepage, "the module still works after all that");
  });

  scenario("a huge page (about 7 MB) is read whole, and the module stays healthy", async () => {
    const asana = connect();
    const { data: done } = await asana.execute("section_tasks", "list", { section_gid: SEED.sections.done, limit: 8 });
    const notesOf = (i) => `${i}:` + "é ab".repeat(180_000); // ~900 KB per task, multi-byte
    await Promise.all(done.map((t, i) => asana.execute("tasks", "update", { task_gid: t.gid, data: { notes: notesOf(i) } })));
    const page = await asana.execute("section_tasks", "list", { section_gid: SEED.sections.done, limit: 8, opt_fields: ["name", "notes"] });
    equal(page.data.length, 8);
    ok(page.data.every((t, i) => t.notes === notesOf(i)), "every note arrived intact");
    equal((await getTask(asana)).name, "Design homepage");
  });

  scenario("a large page is parsed intact", async () => {
    const fields = ["name", "notes", "assignee.name", "memberships.section.name", "tags.name", "due_on", "completed", "created_at", "modified_at", "followers.name"];
    const page = await connect().execute("project_tasks", "list", { project_gid: SEED.projects.website, limit: 100, opt_fields: fields });
    equal(page.data.length, 35);
    ok(page.data.every((t) => typeof t.name === "string" && "notes" in t), "full records");
  });

  // ---- limits and paging ------------------------------------------------------------------------

  scenario("bursts queue under the limiter instead of drawing 429s", async () => {
    await control("POST", "limits", { concurrentReads: 50, concurrentWrites: 15, retryAfterSeconds: 1 });
    const asana = connect();
    const writes = Array.from({ length: 40 }, (_, i) => asana.execute("tasks", "create", { data: { name: `Burst ${i}`, workspace: SEED.workspaces.acme } }));
    const reads = Array.from({ length: 80 }, () => getTask(asana));
    const results = await Promise.all([...writes, ...reads]);
    equal(results.length, 120);
    equal((await control("GET", "stats")).rateLimited, 0, "429s served");
  });

  scenario("maxConcurrency caps requests in flight", async () => {
    await control("POST", "limits", { concurrentReads: 3, retryAfterSeconds: 1 });
    await Promise.all(Array.from({ length: 12 }, () => getTask(connect({ maxConcurrency: 3 }))));
    // Each connector has its own limiter; one connector with a cap of 3 never exceeds it:
    const asana = connect({ maxConcurrency: 3 });
    await control("POST", "reset");
    await control("POST", "limits", { concurrentReads: 3, retryAfterSeconds: 1 });
    await Promise.all(Array.from({ length: 12 }, () => getTask(asana)));
    equal((await control("GET", "stats")).rateLimited, 0);
  });

  scenario("paginate stops at its caps, and an expired offset fails clearly", async () => {
    const asana = connect();
    let count = 0;
    for await (const _ of asana.paginate("project_tasks", "list", { project_gid: SEED.projects.website, limit: 10 }, { maxPages: 2 })) count++;
    equal(count, 20, "maxPages 2 × limit 10");
    count = 0;
    for await (const _ of asana.paginate("project_tasks", "list", { project_gid: SEED.projects.website, limit: 10 }, { maxItems: 13 })) count++;
    equal(count, 13);
    const first = await asana.execute("project_tasks", "list", { project_gid: SEED.projects.website, limit: 10 });
    await control("POST", "expire-offsets");
    const error = await rejects(asana.execute("project_tasks", "list", { project_gid: SEED.projects.website, limit: 10, offset: first.meta.next_page.offset }), { code: "invalid_params", status: 400 });
    includes(error.message.toLowerCase(), "expired");
    const walk = async () => {
      for await (const _ of asana.paginate("project_tasks", "list", { project_gid: SEED.projects.website, limit: 10, offset: first.meta.next_page.offset })) {
        // consumed
      }
    };
    await rejects(walk, { code: "invalid_params", messageIncludes: "restart" });
  });

  scenario("paginate stops when the server repeats an offset", async () => {
    // A misbehaving server (through the fetch option): every page points at the same offset.
    let pages = 0;
    const looping = connect({
      fetch: async () => {
        pages += 1;
        const body = { data: [{ gid: String(pages) }], next_page: { offset: "same", path: "/x?offset=same", uri: "http://x/x?offset=same" } };
        return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });
      },
    });
    const seen = [];
    const walk = async () => {
      for await (const record of looping.paginate("workspaces", "list", { limit: 1 }, { maxPages: 50 })) seen.push(record.gid);
    };
    await rejects(walk, { code: "bad_response", messageIncludes: "same next_page offset twice" });
    deepEqual(seen, ["1", "2"], "records before the loop was noticed");
    equal(pages, 2, "requests");
  });

  // ---- hostile input ----------------------------------------------------------------------------

  scenario("hostile params never reach another route or crash the module", async () => {
    const asana = connect();
    const hostile = ["1/../users/me", "1?opt_fields=email", "1#x", "%2e%2e", "1%2F..%2Fusers", "\u0000", "😀", "a".repeat(5000)];
    for (const gid of hostile) {
      const error = await rejects(asana.execute("tasks", "get", { task_gid: gid }), {});
      ok(["not_found", "invalid_params"].includes(error.code), `${JSON.stringify(gid.slice(0, 20))}: ${error.code}`);
    }
    for (const entry of await api()) equal(entry.route, "GET /tasks/{task_gid}", `routed as ${entry.route}`);
    const weird = [null, [], "x", 5, { data: { name: { $gt: "" } } }, { limit: 1e309 }, { task_gid: { toString: "1" } }];
    for (const params of weird) await rejects(asana.execute("tasks", "get", params), {});
    const cyclic = {};
    cyclic.self = cyclic;
    await rejects(asana.execute("tasks", "get", cyclic), { code: "invalid_params" });
    equal((await getTask(asana)).gid, SEED.tasks.homepage, "still healthy");
  });

  // ---- secrets ----------------------------------------------------------------------------------

  scenario("secret scan: no token, refresh token or client secret appears in any output", async () => {
    const secrets = {
      pat: "SECRETpat-1-7f3a9c2e",
      refresh: "SECRETrefresh-b81d44",
      client: "SECRETclient-93aa10",
      access: "SECRETaccess-55e0c1",
      airbyte: "SECRETairbyte-0c7d2f",
    };
    const seen = [];
    const record = (value) => {
      if (value === undefined || value === null) return;
      seen.push(typeof value === "string" ? value : JSON.stringify(value));
      if (value instanceof Error) seen.push(String(value), value.message, value.stack ?? "", JSON.stringify(value), JSON.stringify(value.details ?? null));
    };
    const originals = { log: console.log, warn: console.warn, error: console.error };
    for (const level of Object.keys(originals)) console[level] = (...args) => args.forEach(record);
    try {
      const pat = connect({ auth: { token: secrets.pat } });
      const oauth = new AsanaConnector({
        auth: { refreshToken: secrets.refresh, accessToken: secrets.access, clientId: "id", clientSecret: secrets.client },
        baseUrl: apiUrl,
        tokenUrl: `${sandboxUrl}/-/oauth_token`,
        onTokenRefresh: ({ refreshToken }) => {
          throw new Error(`cannot save ${refreshToken}`);
        },
      });
      const hosted = new AsanaConnector({ externalUserId: SEED.airbyte.workspace, airbyteClientId: "id", airbyteClientSecret: secrets.airbyte, airbyteApiUrl: `${sandboxUrl}/airbyte` });
      const unreachable = connect({ auth: { token: secrets.pat }, baseUrl: "http://127.0.0.1:9/api/1.0", retry: { maxAttempts: 1 } });
      for (const connector of [pat, oauth, hosted, unreachable]) record(connector), record(String(connector)), record(connector.toJSON());
      const attempts = [
        () => pat.execute("workspaces", "list"),
        () => pat.execute("taks", "list"),
        () => oauth.execute("workspaces", "list"),
        () => hosted.execute("workspaces", "list"),
        () => unreachable.execute("workspaces", "list"),
        () => pat.execute("tasks", "get", { task_gid: SEED.tasks.homepage }, { timeoutMs: 1 }),
        () => pat.runTool({ entity: "workspaces", action: "list" }),
        () => oauth.runTool({ entity: "users", action: "get", params: { user_gid: "me" } }),
        () => pat.check(),
        () => hosted.check(),
        () => new AsanaConnector({ auth: { token: secrets.pat }, bogus: secrets.client }),
        () => new AsanaConnector({ auth: { token: secrets.pat, refreshToken: secrets.refresh } }),
        () => AsanaConnector.createHosted({ externalUserId: "x", airbyteClientId: "id", airbyteClientSecret: secrets.airbyte, airbyteApiUrl: `${sandboxUrl}/airbyte`, credentials: { token: secrets.pat } }),
      ];
      for (const attempt of attempts) {
        try {
          record(await attempt());
        } catch (error) {
          record(error);
        }
      }
    } finally {
      Object.assign(console, originals);
    }
    ok(seen.length > 20, `collected ${seen.length} outputs`);
    const leaks = seen.filter((text) => Object.values(secrets).some((s) => text.includes(s)));
    deepEqual(leaks, [], "outputs holding a secret");
  });

  return list;
}
