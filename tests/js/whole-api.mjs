// The whole API (second release), run in every runtime against the sandbox: every one of the 248
// operations with the request checked against the catalogue, and the operations with their own
// handling (uploads from each kind of bytes, batch, event streams, typeahead, jobs with `wait`,
// webhooks with the receiver). Runtime-agnostic: no node: imports, only fetch, streams, Blob and
// the package.
//
//   wholeApiScenarios({ AsanaConnector, AsanaError, apiUrl, sandboxUrl, SEED }) -> [{ name, run }]

import * as assert from "./assert.mjs";
import { sandboxControl } from "./control.mjs";

const { ok, equal, deepEqual, includes, rejects } = assert;

const encoder = new TextEncoder();

async function bytesOf(stream) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const sameBytes = (a, b) => a.length === b.length && a.every((byte, i) => byte === b[i]);

export function wholeApiScenarios({ AsanaConnector, AsanaError, apiUrl, sandboxUrl, SEED }) {
  const { workspaces: W, projects: P, tasks: K } = SEED;
  const sandbox = sandboxControl(sandboxUrl);
  const connect = (extra = {}) => new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: apiUrl, ...extra });
  const list = [];
  const scenario = (name, run) =>
    list.push({
      name: `whole API: ${name}`,
      run: async () => {
        await sandbox.reset();
        await run();
        deepEqual(await sandbox.control("GET", "violations"), [], "requests the sandbox found at odds with the catalogue");
      },
    });

  scenario("every one of the 248 operations runs, each request as the spec has it", async () => {
    const asana = connect();
    const calls = await sandbox.control("GET", "examples");
    const listed = AsanaConnector.listEntities().flatMap((e) => e.actions.map((a) => `${e.entity}/${a.action}`));
    deepEqual(listed.filter((op) => !calls.some((c) => `${c.entity}/${c.action}` === op)).sort(), [], "operations without an example call");
    const failed = [];
    for (const call of calls) {
      let params = { ...call.params };
      if (typeof params.file === "string") params.file = new Blob([params.file], { type: "text/plain" });
      // The examples speak Asana's batch format ({relative_path, method}); the connector's is {entity, action, params}.
      if (call.entity === "batch") params = { data: { actions: [{ entity: "workspaces", action: "list" }, { entity: "users", action: "get", params: { user_gid: "me" } }] } };
      try {
        const result = await asana.execute(call.entity, call.action, params);
        if (call.action === "download") await result.body?.cancel();
        JSON.stringify(result);
      } catch (error) {
        failed.push(`${call.entity}/${call.action}: ${error.code} ${error.message}`);
      }
    }
    deepEqual(failed, [], "operations that failed");
  });

  scenario("attachments/create uploads a Blob, a File, an ArrayBuffer, a Uint8Array and a ReadableStream", async () => {
    const asana = connect();
    const text = "hello from every runtime\n";
    const bytes = encoder.encode(text);
    const kinds = {
      blob: () => new Blob([text], { type: "text/plain" }),
      file: () => (typeof File === "undefined" ? new Blob([text], { type: "text/plain" }) : new File([text], "from-file.txt", { type: "text/plain" })),
      arrayBuffer: () => bytes.slice().buffer,
      uint8Array: () => bytes.slice(),
      stream: () => new Blob([text]).stream(),
    };
    for (const [kind, make] of Object.entries(kinds)) {
      const created = await asana.execute("attachments", "create", { parent: K.homepage, file: make(), name: `${kind}.txt`, content_type: "text/plain" });
      equal(created.resource_type, "attachment", `${kind}: an attachment record`);
      equal(created.name, `${kind}.txt`, `${kind}: its name`);
      const download = await asana.execute("attachments", "download", { attachment_gid: created.gid });
      ok(sameBytes(await bytesOf(download.body), bytes), `${kind}: the same bytes come back`);
    }
    await rejects(asana.execute("attachments", "create", { parent: K.homepage, file: 42, name: "x" }), { code: "invalid_params", messageIncludes: "file" });
  });

  scenario("batch/create: actions checked locally, one result per action in order", async () => {
    const asana = connect();
    const { data } = await asana.execute("batch", "create", {
      data: {
        actions: [
          { entity: "tasks", action: "get", params: { task_gid: K.homepage, opt_fields: ["name"] } },
          { entity: "project_tasks", action: "list", params: { project_gid: P.website, limit: 2 } },
          { entity: "tasks", action: "update", params: { task_gid: K.seo, data: { name: "Renamed in a batch" } } },
          { entity: "tasks", action: "get", params: { task_gid: "1200000000999999" } },
        ],
      },
    });
    equal(data.length, 4, "four results");
    deepEqual(data.map((r) => [r.ok, r.status]), [[true, 200], [true, 200], [true, 200], [false, 404]], "ok and status per action");
    equal(data[0].data.name, "Design homepage", "a record, as execute resolves it");
    equal(data[1].data.data.length, 2, "a list keeps its envelope");
    ok("next_page" in data[1].data.meta, "with meta.next_page");
    equal(data[3].error.code, "not_found", "an error as a model reads it");
    equal((await asana.execute("tasks", "get", { task_gid: K.seo })).name, "Renamed in a batch", "the write happened");
    await sandbox.clearRequests();
    await rejects(asana.execute("batch", "create", { data: { actions: [{ entity: "tasks", action: "get", params: {} }] } }), {
      code: "invalid_params", messageIncludes: ["Batch action 1", "task_gid"],
    });
    await rejects(asana.execute("batch", "create", { data: { actions: Array.from({ length: 11 }, () => ({ entity: "workspaces", action: "list" })) } }), {
      code: "invalid_params", messageIncludes: "1 to 10",
    });
    deepEqual((await sandbox.requests()).filter((e) => e.path.startsWith("/api/")), [], "nothing sent for a bad batch");
  });

  scenario("events/list: a 412 resolves with a fresh sync token; then the changes since", async () => {
    const asana = connect();
    const first = await asana.execute("events", "list", { resource: P.website });
    deepEqual([first.data, first.meta.has_more, first.meta.sync_reset], [[], false, true], "412: no events, sync_reset");
    equal(typeof first.meta.sync, "string", "a fresh sync token");
    await asana.execute("tasks", "update", { task_gid: K.homepage, data: { name: "Design the homepage" } });
    const next = await asana.execute("events", "list", { resource: P.website, sync: first.meta.sync });
    ok(next.data.length >= 1, "the change comes as an event");
    ok(next.data.some((e) => e.resource?.gid === K.homepage), "about the task that changed");
    equal(typeof next.meta.sync, "string", "and the next token");
    ok(!("sync_reset" in next.meta), "no reset this time");
    await rejects(asana.execute("events", "list", { sync: "x" }), { code: "invalid_params", messageIncludes: "resource" });
  });

  scenario("workspace_typeahead/list: count (or limit), one page", async () => {
    const asana = connect();
    const found = await asana.execute("workspace_typeahead", "list", { workspace_gid: W.acme, resource_type: "task", query: "Design", count: 3 });
    ok(found.data.length >= 1 && found.data.length <= 3, "at most count matches");
    equal(found.meta.next_page, null, "one page");
    const aliased = await asana.execute("workspace_typeahead", "list", { workspace_gid: W.acme, resource_type: "project", query: "Web", limit: 1 });
    equal(aliased.data.length, 1, "limit is count's alias");
    await rejects(asana.execute("workspace_typeahead", "list", { workspace_gid: W.acme, resource_type: "task", count: 500 }), { code: "invalid_params", messageIncludes: "count" });
  });

  scenario("jobs: wait polls jobs/get until the job finishes, or times out naming it", async () => {
    const asana = connect();
    const started = await asana.execute("tasks", "duplicate", { task_gid: K.homepage, data: { name: "Copy of the homepage" } });
    equal(started.resource_type, "job", "without wait: the job as Asana starts it");
    const done = await asana.execute("tasks", "duplicate", { task_gid: K.homepage, data: { name: "Waited copy" } }, { wait: { timeoutMs: 10_000, intervalMs: 20 } });
    equal(done.status, "succeeded", "with wait: the finished job");
    equal((await asana.execute("tasks", "get", { task_gid: done.new_task.gid })).name, "Waited copy", "its new task exists");
    await sandbox.control("POST", "jobs", { pollsBeforeSuccess: 1000 });
    const late = await rejects(asana.execute("projects", "duplicate", { project_gid: P.website, data: { name: "Slow copy" } }, { wait: { timeoutMs: 100, intervalMs: 20 } }), {
      code: "timeout", messageIncludes: "job",
    });
    ok(/job \d+/.test(late.message), `the message names the job: ${late.message}`);
    await rejects(asana.execute("tasks", "get", { task_gid: K.homepage }, { wait: {} }), { code: "invalid_params", messageIncludes: "wait" });
  });

  scenario("webhooks: create returns the secret; the receiver verifies the signed deliveries", async () => {
    const asana = connect();
    const target = "https://hooks.sandbox.test/asana/receive";
    const hook = await asana.execute("webhooks", "create", { data: { resource: P.website, target } });
    equal(hook.resource_type, "webhook", "the webhook record");
    const secret = hook.meta?.x_hook_secret;
    ok(typeof secret === "string" && secret.length >= 16, "meta.x_hook_secret");
    await asana.execute("tasks", "update", { task_gid: K.homepage, data: { notes: "changed under a webhook" } });
    const deliveries = (await sandbox.control("GET", "webhooks/deliveries")).filter((d) => d.webhook === hook.gid && d.kind === "events");
    ok(deliveries.length >= 1, "the change was delivered");
    // The receiver, here in this runtime: the handshake as Asana sent it, then the deliveries as logged.
    const stored = new Map();
    const received = [];
    const handler = AsanaConnector.webhookHandler({
      secrets: { get: (key) => stored.get(key), put: (key, value) => void stored.set(key, value) },
      onEvents: (events) => void received.push(...events),
    });
    const url = "https://receiver.example/asana/receive";
    equal((await handler(new Request(url, { method: "POST", headers: { "X-Hook-Secret": secret } }))).status, 200, "handshake");
    for (const delivery of deliveries) {
      const request = new Request(url, { method: "POST", headers: { "Content-Type": "application/json", "X-Hook-Signature": delivery.signature }, body: delivery.body });
      equal((await handler(request)).status, 200, "a delivery signed with the secret");
    }
    ok(received.some((e) => e.resource?.gid === K.homepage), "onEvents got the task's event");
    const forged = new Request(url, { method: "POST", headers: { "X-Hook-Signature": deliveries[0].signature }, body: deliveries[0].body.replace("}", ' }') });
    equal((await handler(forged)).status, 401, "a changed body is refused");
    ok(await AsanaConnector.verifyWebhookSignature(secret, deliveries[0].body, deliveries[0].signature), "verifyWebhookSignature agrees");
    includes(JSON.stringify(await asana.execute("webhooks", "list", { workspace: W.acme })), hook.gid, "webhooks/list shows it");
    equal(AsanaError.name, "AsanaError");
  });

  return list;
}
