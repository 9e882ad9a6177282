// The edge-worker example (www/worker/worker.mjs) inside workerd, through Miniflare, against the
// sandbox. "asana-agent-connector" is mapped as Wrangler would resolve it: the package's "workerd"
// entry and the modules it imports, the .wasm as a CompiledWasm module.
//
//   node --test tests/www/worker.test.mjs

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { SEED, startSandbox } from "../sandbox/server.mjs";
import { root, startWorkers, workerModules } from "../workerd.mjs";

const modules = workerModules(join(root, "www/worker/worker.mjs"));
let sandbox;
const MCP_SECRET = "example-worker-mcp-secret";
let mf;
let dispose;
let badWorker;

before(async () => {
  sandbox = await startSandbox();
  ({ mf, dispose } = await startWorkers({
    workers: [
      { name: "asana", modules, bindings: { ASANA_TOKEN: SEED.tokens.alice, ASANA_BASE_URL: sandbox.apiUrl, MCP_SECRET }, kvNamespaces: ["ASANA_KV"] },
      { name: "bad-token", modules, bindings: { ASANA_TOKEN: "not-a-token", ASANA_BASE_URL: sandbox.apiUrl }, kvNamespaces: ["ASANA_KV"] },
      {
        name: "oauth",
        modules,
        bindings: {
          ASANA_REFRESH_TOKEN: SEED.oauth.refreshToken, ASANA_CLIENT_ID: SEED.oauth.clientId, ASANA_CLIENT_SECRET: SEED.oauth.clientSecret,
          ASANA_BASE_URL: sandbox.apiUrl, ASANA_TOKEN_URL: `${sandbox.url}/-/oauth_token`,
        },
        kvNamespaces: { ASANA_KV: "oauth-kv" },
      },
      {
        name: "mcp-snippet",
        modules: workerModules(join(root, "tests/www/mcp-snippet-worker.mjs")),
        bindings: { ASANA_TOKEN: SEED.tokens.alice, ASANA_BASE_URL: sandbox.apiUrl, READ_ONLY: "true", MCP_SECRET: "worker-mcp-secret" },
      },
    ],
  }));
  badWorker = await mf.getWorker("bad-token");
});

after(async () => {
  try {
    await dispose?.();
  } finally {
    await sandbox?.close();
  }
});

const get = (path) => mf.dispatchFetch(`http://worker.test${path}`);
const post = (path, body, headers = { "Content-Type": "application/json" }) =>
  mf.dispatchFetch(`http://worker.test${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });

async function json(response, status) {
  const text = await response.text();
  assert.equal(response.status, status, `HTTP ${response.status}: ${text}`);
  assert.match(response.headers.get("Content-Type") ?? "", /application\/json/);
  return JSON.parse(text);
}

test("GET /api/health is ok with the sandbox token", async () => {
  assert.deepEqual(await json(await get("/api/health"), 200), { status: "ok" });
});

test("GET /api/health explains a bad token with 503", async () => {
  const body = await json(await badWorker.fetch("http://worker.test/api/health"), 503);
  assert.equal(body.status, "error");
  assert.equal(body.error.code, "authentication");
});

test("GET /api/workspaces lists the seeded workspaces", async () => {
  const body = await json(await get("/api/workspaces"), 200);
  assert.deepEqual(body.data.map((w) => w.gid), [SEED.workspaces.acme, SEED.workspaces.personal]);
  assert.ok("next_page" in body.meta);
});

test("GET /api/projects?workspace= lists active projects", async () => {
  const body = await json(await get(`/api/projects?workspace=${SEED.workspaces.acme}`), 200);
  const names = body.data.map((p) => p.name);
  assert.ok(names.includes("Website Redesign"), names.join(", "));
  assert.ok(!names.includes("Old Website"), "archived projects are left out");
});

test("GET /api/tasks?project= pages with limit and offset", async () => {
  const first = await json(await get(`/api/tasks?project=${SEED.projects.website}&limit=10`), 200);
  assert.equal(first.data.length, 10);
  assert.equal(first.data[0].name, "Design homepage");
  assert.equal(typeof first.data[0].completed, "boolean");
  const offset = first.meta.next_page?.offset;
  assert.ok(offset, "a next page");
  const second = await json(await get(`/api/tasks?project=${SEED.projects.website}&limit=10&offset=${encodeURIComponent(offset)}`), 200);
  assert.equal(second.data.length, 10);
  assert.notEqual(second.data[0].gid, first.data[0].gid);
});

test("POST /api/tasks creates a task in the sandbox", async () => {
  const body = await json(await post("/api/tasks", {
    name: "From the Worker", workspace: SEED.workspaces.acme, projects: [SEED.projects.website], notes: "via POST /api/tasks",
  }), 201);
  assert.equal(body.name, "From the Worker");
  const stored = sandbox.store.get("task", body.gid);
  assert.ok(stored, "the sandbox holds the task");
  assert.equal(stored.notes, "via POST /api/tasks");
  const write = sandbox.requests.list().find((r) => r.method === "POST" && r.path.endsWith("/tasks"));
  assert.ok(write, "the sandbox logged the write");
  assert.deepEqual(write.query, {});
});

test("errors are JSON {error: {code, message}} with the right status", async () => {
  let body = await json(await get("/api/tasks"), 400);
  assert.equal(body.error.code, "invalid_params");
  assert.match(body.error.message, /project/);
  body = await json(await get(`/api/tasks?project=${SEED.projects.website}&limit=500`), 400);
  assert.equal(body.error.code, "invalid_params");
  body = await json(await get(`/api/tasks?project=${SEED.projects.website}&limit=ten`), 400);
  assert.equal(body.error.code, "invalid_params");
  body = await json(await get("/api/tasks?project=1200000000999999"), 404);
  assert.equal(body.error.code, "not_found");
  body = await json(await post("/api/tasks", "{not json"), 400);
  assert.equal(body.error.code, "invalid_params");
  body = await json(await post("/api/tasks", { name: "No home" }), 400); // data.workspace is required
  assert.equal(body.error.code, "invalid_params");
  assert.match(body.error.message, /workspace/);
  body = await json(await badWorker.fetch("http://worker.test/api/workspaces"), 401);
  assert.equal(body.error.code, "authentication");
  assert.ok(!JSON.stringify(body).includes("not-a-token"), "the token never appears");
  body = await json(await mf.dispatchFetch("http://worker.test/api/workspaces", { method: "DELETE" }), 405);
  assert.equal(body.error.code, "method_not_allowed");
  body = await json(await get("/nowhere"), 404);
  assert.equal(body.error.code, "not_found");
});

// ---- MCP over Streamable HTTP ----------------------------------------------------------------

const MCP_HEADERS = { "Content-Type": "application/json", Accept: "application/json, text/event-stream", Authorization: `Bearer ${MCP_SECRET}` };
let nextId = 1;
async function rpc(method, params) {
  const id = nextId++;
  const response = await post("/mcp", { jsonrpc: "2.0", id, method, ...(params ? { params } : {}) }, MCP_HEADERS);
  const body = await json(response, 200);
  assert.equal(body.jsonrpc, "2.0");
  assert.equal(body.id, id);
  assert.ok(!body.error, `JSON-RPC error: ${JSON.stringify(body.error)}`);
  return body.result;
}

test("MCP initialize", async () => {
  const result = await rpc("initialize", {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "worker.test", version: "1.0.0" },
  });
  assert.equal(typeof result.protocolVersion, "string");
  assert.ok(result.capabilities?.tools, "announces tools");
  assert.equal(typeof result.serverInfo?.name, "string");
  // The client's notification gets 202 and no body.
  const note = await post("/mcp", { jsonrpc: "2.0", method: "notifications/initialized" }, MCP_HEADERS);
  assert.equal(note.status, 202);
  await note.body?.cancel();
});

test("MCP tools/list offers asana_read, asana_write and asana_describe", async () => {
  const { tools } = await rpc("tools/list");
  assert.deepEqual(tools.map((t) => t.name), ["asana_read", "asana_write", "asana_describe"]);
  assert.equal(tools[0].inputSchema.type, "object");
  assert.ok(tools[0].inputSchema.properties.entity);
});

test("MCP tools/call runs an operation against the sandbox", async () => {
  const before = sandbox.requests.list().length;
  const result = await rpc("tools/call", {
    name: "asana_read",
    arguments: { entity: "project_tasks", action: "list", params: { project_gid: SEED.projects.website, limit: 3 } },
  });
  assert.notEqual(result.isError, true, JSON.stringify(result));
  const text = result.content.find((c) => c.type === "text")?.text;
  const data = result.structuredContent ?? JSON.parse(text);
  assert.deepEqual(data.data.map((t) => t.name).slice(0, 1), ["Design homepage"]);
  assert.equal(data.data.length, 3);
  const calls = sandbox.requests.list().slice(before);
  assert.ok(calls.some((r) => r.path.endsWith(`/projects/${SEED.projects.website}/tasks`)), "the call reached the sandbox");
});

test("MCP tools/call reports a bad call as a tool error the model can read", async () => {
  const result = await rpc("tools/call", { name: "asana_read", arguments: { entity: "taks", action: "list", params: {} } });
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /unknown_entity|tasks/);
});

test("GET /mcp answers 405", async () => {
  const response = await get("/mcp");
  assert.equal(response.status, 405);
  assert.match(response.headers.get("Allow") ?? "", /POST/);
  await response.body?.cancel();
});

test("the official MCP SDK client connects to the worker's /mcp in workerd, lists the tools and calls them", async () => {
  const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
  const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
  const client = new Client({ name: "workerd-test-client", version: "1.0.0" });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", await mf.ready), { requestInit: { headers: { Authorization: `Bearer ${MCP_SECRET}` } } }));
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ["asana_read", "asana_write", "asana_describe"]);
    const described = await client.callTool({ name: "asana_describe", arguments: { entity: "project_sections" } });
    assert.ok(JSON.parse(described.content[0].text).actions.some((a) => a.action === "list"), "asana_describe");
    const result = await client.callTool({ name: "asana_read", arguments: { entity: "project_sections", action: "list", params: { project_gid: SEED.projects.website } } });
    assert.equal(result.isError, false);
    assert.deepEqual(JSON.parse(result.content[0].text).data.map((s) => s.name), ["To do", "In progress", "Done"]);
  } finally {
    await client.close();
  }
});

test("the README's MCP-on-Workers snippet serves tools/list and tools/call, read-only, to callers with its secret", async () => {
  const snippet = await mf.getWorker("mcp-snippet");
  const send = (id, method, params, secret = "worker-mcp-secret") =>
    snippet.fetch("http://worker.test/mcp", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...(secret && { Authorization: `Bearer ${secret}` }) },
      body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
    });
  const rpc = async (id, method, params) => (await send(id, method, params)).json();
  for (const secret of [null, "guess"]) {
    const denied = await send(9, "tools/list", {}, secret);
    assert.equal(denied.status, 401, `secret ${secret}`);
    assert.equal(denied.headers.get("WWW-Authenticate"), "Bearer");
    await denied.body?.cancel();
  }
  const list = await rpc(1, "tools/list");
  assert.deepEqual(list.result.tools.map((t) => t.name), ["asana_read", "asana_describe"], "read-only: no asana_write");
  assert.equal(list.result.tools[0].annotations.readOnlyHint, true);
  const call = await rpc(2, "tools/call", { name: "asana_read", arguments: { entity: "users", action: "get", params: { user_gid: "me" } } });
  assert.equal(JSON.parse(call.result.content[0].text).gid, SEED.users.alice);
  const refused = await rpc(3, "tools/call", { name: "asana_read", arguments: { entity: "tasks", action: "delete", params: { task_gid: SEED.tasks.homepage } } });
  assert.equal(refused.result.isError, true);
  const unlisted = await rpc(4, "tools/call", { name: "asana_write", arguments: { entity: "tasks", action: "delete", params: { task_gid: SEED.tasks.homepage } } });
  assert.equal(unlisted.error.code, -32602, "asana_write is not served read-only");
});

test("the example's /mcp admits only callers with its secret", async () => {
  for (const authorization of [undefined, "Bearer wrong", `Bearer ${MCP_SECRET}x`]) {
    const response = await post("/mcp", { jsonrpc: "2.0", id: 1, method: "tools/list" }, { ...MCP_HEADERS, Authorization: authorization ?? "" });
    assert.equal(response.status, 401, String(authorization));
    assert.equal(response.headers.get("WWW-Authenticate"), "Bearer");
    await response.body?.cancel();
  }
});

test("the example's webhook receiver: Asana's handshake, signed deliveries kept, forgeries refused, secrets in KV", async () => {
  const { AsanaConnector } = await import("asana-agent-connector");
  const asana = new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: sandbox.apiUrl });
  const target = new URL("/webhooks/website", await mf.ready).href;
  const hook = await asana.execute("webhooks", "create", { data: { resource: SEED.projects.website, target } });
  assert.ok(hook.meta.x_hook_secret, "the handshake with the Worker succeeded");
  const kv = await mf.getKVNamespace("ASANA_KV", "asana");
  assert.equal(await kv.get("hook:/webhooks/website"), hook.meta.x_hook_secret, "the secret lives in KV");
  await asana.execute("tasks", "update", { task_gid: SEED.tasks.homepage, data: { name: "Design the homepage (webhook)" } });
  const deliveries = await sandbox.webhooks.deliveries();
  assert.ok(deliveries.some((d) => d.webhook === hook.gid && d.kind === "events" && d.status === 200), "the Worker accepted the signed delivery");
  const events = await json(await get("/api/webhook-events?name=website"), 200);
  assert.ok(events.some((e) => e.resource?.gid === SEED.tasks.homepage), "and kept its events");
  const forged = await post("/webhooks/website", { events: [{ action: "deleted" }] }, { "Content-Type": "application/json", "X-Hook-Signature": "0".repeat(64) });
  assert.equal(forged.status, 401);
  await forged.body?.cancel();
});

test("the example with OAuth renews once and keeps the tokens onTokenRefresh gave it in KV", async () => {
  const oauth = await mf.getWorker("oauth");
  const renewals = () => sandbox.requests.list().filter((r) => r.path === "/-/oauth_token").length;
  const before = renewals();
  const first = await oauth.fetch("http://worker.test/api/health");
  assert.deepEqual(await first.json(), { status: "ok" });
  const kept = await (await mf.getKVNamespace("ASANA_KV", "oauth")).get("oauth", "json");
  assert.ok(kept?.accessToken && kept.refreshToken && kept.expiresAt > Date.now(), "tokens persisted");
  const second = await oauth.fetch("http://worker.test/api/workspaces");
  assert.equal(second.status, 200);
  await second.body?.cancel();
  assert.equal(renewals() - before, 1, "the second request used the kept access token");
});
