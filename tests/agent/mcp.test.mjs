// The MCP servers as a new user meets them: mcpHandler's DNS-rebinding protection, allowedOrigins
// (with CORS), allowedHosts and authorize; serve() from node:http on loopback; and the stdio
// server (`asana-agent-connector mcp`) launched by the official MCP SDK's stdio client. All
// against the sandbox.
//
//   node --test tests/agent/mcp.test.mjs

import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { AsanaConnector } from "asana-agent-connector";
import { serve } from "asana-agent-connector/serve";
import { SEED, startSandbox } from "../sandbox/server.mjs";

const sandbox = await startSandbox();
after(() => sandbox.close());
const asana = new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: sandbox.apiUrl });

const CALL = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "asana_read", arguments: { entity: "users", action: "get", params: { user_gid: "me" } } } };
const post = (handler, headers = {}, body = CALL, url = "http://127.0.0.1:8787/mcp") =>
  handler(new Request(url, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) }));
const apiCalls = () => sandbox.requests.list().filter((r) => r.path.startsWith("/api/")).length;

describe("mcpHandler: who may call it", () => {
  test("a foreign Origin is refused with 403 before anything runs (DNS rebinding)", async () => {
    const handler = asana.mcpHandler();
    const before = apiCalls();
    for (const origin of ["http://evil.example", "null", "http://localhost.evil.example", "http://127.0.0.1.evil.example:80"]) {
      const response = await post(handler, { Origin: origin });
      assert.equal(response.status, 403, origin);
      assert.doesNotMatch(await response.text(), /alice/i, "no data leaks");
    }
    assert.equal(apiCalls(), before, "nothing reached Asana");
    for (const origin of ["http://localhost:5173", "http://127.0.0.1:8787", "http://[::1]:3000"]) {
      const response = await post(handler, { Origin: origin });
      assert.equal(response.status, 200, origin);
      assert.equal(response.headers.get("Access-Control-Allow-Origin"), origin, "an admitted page may read the answer");
      assert.match((await response.json()).result.content[0].text, /Alice/);
    }
    assert.equal((await post(handler)).status, 200, "no Origin: not a browser, served");
  });

  test("allowedOrigins lets a listed site call, with its CORS preflight", async () => {
    const handler = asana.mcpHandler({ allowedOrigins: ["https://app.example"] });
    const preflight = await handler(new Request("http://127.0.0.1/mcp", { method: "OPTIONS", headers: { Origin: "https://app.example", "Access-Control-Request-Method": "POST" } }));
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("Access-Control-Allow-Origin"), "https://app.example");
    assert.match(preflight.headers.get("Access-Control-Allow-Headers"), /Authorization/);
    assert.equal((await post(handler, { Origin: "https://app.example" })).status, 200);
    assert.equal((await post(handler, { Origin: "https://other.example" })).status, 403);
  });

  test("allowedHosts refuses other Host names with 403", async () => {
    const handler = asana.mcpHandler({ allowedHosts: ["mcp.example.com"] });
    assert.equal((await post(handler, {}, CALL, "https://mcp.example.com/mcp")).status, 200);
    assert.equal((await post(handler, {}, CALL, "https://attacker.example/mcp")).status, 403);
  });

  test("authorize: false answers 401 with WWW-Authenticate: Bearer; a failing check 500 without its error", async () => {
    const handler = asana.mcpHandler({ authorize: (request) => request.headers.get("Authorization") === "Bearer let-me-in" });
    const before = apiCalls();
    const denied = await post(handler);
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get("WWW-Authenticate"), "Bearer");
    assert.equal((await post(handler, { Authorization: "Bearer wrong" })).status, 401);
    assert.equal(apiCalls(), before, "nothing ran unauthorized");
    assert.equal((await post(handler, { Authorization: "Bearer let-me-in" })).status, 200);
    const broken = asana.mcpHandler({ authorize: async () => { throw new Error("db password hunter2"); } });
    const failed = await post(broken);
    assert.equal(failed.status, 500);
    assert.doesNotMatch(await failed.text(), /hunter2/);
    assert.equal((await post(asana.mcpHandler({ authorize: () => "yes" }))).status, 401, "only true admits");
  });

  test("bad options are invalid_config", () => {
    for (const bad of [{ authorize: "yes" }, { allowedOrigins: "https://a" }, { allowedHosts: [1] }, { allowedorigins: [] }]) {
      assert.throws(() => asana.mcpHandler(bad), { code: "invalid_config" }, JSON.stringify(bad));
    }
  });
});

describe("serve(): a handler from node:http", () => {
  test("on loopback it refuses foreign Host names; the MCP SDK client works through it", async () => {
    const server = await serve(asana.mcpHandler());
    try {
      const rebound = await new Promise((resolve, reject) => {
        const req = httpRequest(`${server.url}/mcp`, { method: "POST", headers: { Host: "attacker.example", "Content-Type": "application/json" } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on("error", reject);
        req.end(JSON.stringify(CALL));
      });
      assert.equal(rebound, 403, "a DNS-rebound Host is refused");
      const client = new Client({ name: "serve-test", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), ["asana_read", "asana_write", "asana_describe"]);
      await client.close();
      const webhook = await serve(AsanaConnector.webhookHandler({ secrets: { get: () => undefined, put: () => {} }, onEvents: () => {} }));
      const handshake = await fetch(`${webhook.url}/asana/receive`, { method: "POST", headers: { "X-Hook-Secret": "0123456789abcdef" } });
      assert.equal(handshake.headers.get("X-Hook-Secret"), "0123456789abcdef", "any of the package's handlers");
      await webhook.close();
    } finally {
      await server.close();
    }
  });
});

describe("the stdio server: asana-agent-connector mcp", () => {
  const bin = fileURLToPath(new URL("../../pkg/bin.js", import.meta.url));
  const launch = (args, env) => new StdioClientTransport({ command: process.execPath, args: [bin, "mcp", ...args], env: { PATH: process.env.PATH, ASANA_BASE_URL: sandbox.apiUrl, ...env }, stderr: "pipe" });

  test("the SDK's stdio client lists the tools and calls them (token from ASANA_TOKEN)", async () => {
    const transport = launch([], { ASANA_TOKEN: SEED.tokens.alice });
    let stderr = "";
    transport.stderr?.on("data", (chunk) => (stderr += chunk));
    const client = new Client({ name: "stdio-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), ["asana_read", "asana_write", "asana_describe"]);
      const me = await client.callTool({ name: "asana_read", arguments: { entity: "users", action: "get", params: { user_gid: "me" } } });
      assert.equal(JSON.parse(me.content[0].text).gid, SEED.users.alice);
      const renamed = await client.callTool({ name: "asana_write", arguments: { entity: "tasks", action: "update", params: { task_gid: SEED.tasks.seo, data: { name: "over stdio" } } } });
      assert.equal(JSON.parse(renamed.content[0].text).name, "over stdio");
      const [first, second] = await Promise.all([
        client.callTool({ name: "asana_describe", arguments: { entity: "goals" } }),
        client.callTool({ name: "asana_read", arguments: { entity: "workspaces", action: "list" } }),
      ]);
      assert.ok(JSON.parse(first.content[0].text).actions.length > 0 && JSON.parse(second.content[0].text).data.length === 2, "concurrent calls pair by id");
    } finally {
      await client.close();
    }
    assert.match(stderr, /MCP server on stdio/, "logs go to stderr");
    assert.doesNotMatch(stderr, new RegExp(SEED.tokens.alice), "no token in the logs");
  });

  test("--read-only lists no asana_write; OAuth from ASANA_REFRESH_TOKEN", async () => {
    const client = new Client({ name: "stdio-test", version: "1.0.0" });
    await client.connect(launch(["--read-only"], {
      ASANA_REFRESH_TOKEN: SEED.oauth.refreshToken, ASANA_CLIENT_ID: SEED.oauth.clientId, ASANA_CLIENT_SECRET: SEED.oauth.clientSecret, ASANA_TOKEN_URL: `${sandbox.url}/-/oauth_token`,
    }));
    try {
      assert.deepEqual((await client.listTools()).tools.map((t) => t.name), ["asana_read", "asana_describe"]);
      const me = await client.callTool({ name: "asana_read", arguments: { entity: "users", action: "get", params: { user_gid: "me" } } });
      assert.equal(JSON.parse(me.content[0].text).gid, SEED.users.alice, "renewed through the token endpoint");
    } finally {
      await client.close();
    }
  });
});
