// Agent tooling in Node: every tool format's shape (OpenAI strict-mode rules included), runTool on
// good and bad input, toolUtils, the MCP server driven by the official MCP TypeScript SDK client,
// and the Vercel AI SDK running our tool in a real generateText loop. All against the sandbox.
//
//   node --test tests/agent/tools.test.mjs

import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { generateText, jsonSchema, stepCountIs, tool } from "ai";
import { MockLanguageModelV2 } from "ai/test";
import { AsanaConnector, AsanaError } from "asana-agent-connector";
import { serve } from "asana-agent-connector/serve";
import { SEED, startSandbox } from "../sandbox/server.mjs";

const sandbox = await startSandbox();
after(() => sandbox.close());
const asana = new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: sandbox.apiUrl });

/** OpenAI strict mode: every object closed, every property required, root an object. */
function assertStrict(schema, where = "root") {
  if (schema.type !== "object") return;
  assert.equal(schema.additionalProperties, false, `${where}: additionalProperties`);
  assert.deepEqual([...schema.required].sort(), Object.keys(schema.properties).sort(), `${where}: required`);
  for (const [name, property] of Object.entries(schema.properties)) assertStrict(property, `${where}.${name}`);
}

describe("tool formats", () => {
  test("toolDescription is compact, explains Asana paging and is mode-aware", () => {
    const text = AsanaConnector.toolDescription();
    console.log(`tool description: ${text.length} characters (${new TextEncoder().encode(text).length} bytes)`);
    assert.ok(text.length <= 10_000, `${text.length} characters`);
    assert.match(text, /offset = meta\.next_page\.offset/);
    assert.match(text, /\nworkspace_task_search: list\[p\]\n/);
    assert.match(text, /\ntasks: list create get update delete duplicate /);
    assert.match(text, /action:"describe"/, "how to get one entity's params");
    assert.doesNotMatch(text, /context_store_search|starting_after|project_statuses/);
    const hosted = new AsanaConnector({ connectorId: "c", airbyteClientId: "i", airbyteClientSecret: "s" });
    assert.match(hosted.toolDescription(), /context_store_search/);
    const tasks = hosted.listEntities().find((e) => e.entity === "tasks");
    assert.ok(tasks.actions.some((a) => a.action === "context_store_search" && a.params[0].name === "query"));
    const readOnly = new AsanaConnector({ auth: { token: "t" }, readOnly: true }).listEntities();
    assert.ok(readOnly.every((e) => e.actions.every((a) => !/^(create|update|delete|add|remove|duplicate|instantiate|approve|reject|set|insert)/.test(a.action))));
    assert.ok(readOnly.some((e) => e.entity === "stories" && e.actions.some((a) => a.action === "get")), "reads of every entity stay");
    assert.equal(AsanaConnector.listEntities().length, 98);
  });

  test("json-schema: entity and action are enums", () => {
    const { name, inputSchema } = asana.tool("json-schema");
    assert.equal(name, "asana_execute");
    assert.equal(inputSchema.properties.entity.enum.length, 98);
    for (const action of ["list", "create", "get", "update", "delete", "download", "duplicate", "describe"]) {
      assert.ok(inputSchema.properties.action.enum.includes(action), action);
    }
  });

  test("openai chat and responses shapes are strict-mode valid", () => {
    const chat = asana.tool("openai");
    assert.equal(chat.type, "function");
    assert.equal(chat.function.name, "asana_execute");
    assert.equal(chat.function.strict, true);
    assertStrict(chat.function.parameters);
    const responses = asana.tool("openai", { api: "responses" });
    assert.deepEqual(Object.keys(responses).sort(), ["description", "name", "parameters", "strict", "type"]);
    assertStrict(responses.parameters);
    assert.match(responses.name, /^[a-zA-Z0-9_-]{1,64}$/);
  });

  test("anthropic and mcp shapes, with mcp annotations", () => {
    const anthropic = asana.tool("anthropic");
    assert.deepEqual(Object.keys(anthropic).sort(), ["description", "input_schema", "name"]);
    assert.equal(anthropic.input_schema.type, "object");
    const mcp = asana.tool("mcp");
    assert.deepEqual(mcp.annotations, { title: "Asana", readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true });
    const readOnly = new AsanaConnector({ auth: { token: "t" }, readOnly: true }).tool("mcp");
    assert.equal(readOnly.annotations.readOnlyHint, true);
    assert.ok(!readOnly.inputSchema.properties.action.enum.includes("delete"));
    assert.throws(() => asana.tool("langchain"), (e) => e instanceof AsanaError && e.code === "invalid_params");
  });
});

describe("runTool", () => {
  test("runs a call from an object or its JSON text", async () => {
    const page = await asana.runTool({ entity: "project_tasks", action: "list", params: { project_gid: SEED.projects.website, limit: 3 } });
    assert.equal(page.data.length, 3);
    const me = await asana.runTool(JSON.stringify({ entity: "users", action: "get", params: JSON.stringify({ user_gid: "me" }) }));
    assert.equal(me.email, SEED.emails.alice);
  });

  test("never throws: bad input comes back as an error a model can act on", async () => {
    const cases = [
      [{ entity: "taks", action: "list" }, "unknown_entity", /Did you mean "tasks"/],
      [{ entity: "tasks", action: "get", params: {} }, "invalid_params", /task_gid/],
      ["{not json", "invalid_params", /not valid JSON/],
      [null, "invalid_params", /must be an object/],
      [{ entity: "tasks", action: "get", params: { task_gid: "1200000000999999" } }, "not_found", /Unknown object/],
    ];
    for (const [input, code, message] of cases) {
      const out = await asana.runTool(input);
      assert.equal(out.error.code, code, JSON.stringify(out));
      assert.match(out.error.message, message);
      assert.equal(out.error.retryable, false);
    }
    const denied = await new AsanaConnector({ auth: { token: "wrong" }, baseUrl: sandbox.apiUrl }).runTool({ entity: "workspaces", action: "list" });
    assert.equal(denied.error.code, "authentication");
    assert.match(denied.error.message, /Do not retry/);
  });

  test("a list costs a model fewer tokens (a real tokenizer counts them), with nothing lost", async () => {
    const { getEncoding } = await import("js-tiktoken");
    const tokens = (value) => getEncoding("o200k_base").encode(JSON.stringify(value)).length;
    const params = { project_gid: SEED.projects.website, limit: 5 };
    const full = await asana.execute("project_tasks", "list", params);
    const forModel = await asana.runTool({ entity: "project_tasks", action: "list", params });
    assert.deepEqual(forModel.data, full.data, "the same records");
    assert.deepEqual(Object.keys(forModel.meta.next_page), ["offset"], "the next offset kept, alone");
    assert.equal(typeof forModel.meta.next_page.offset, "string");
    const next = await asana.runTool({ entity: "project_tasks", action: "list", params: { ...params, offset: forModel.meta.next_page.offset } });
    assert.equal(next.data[0].gid, (await asana.execute("project_tasks", "list", { ...params, offset: full.meta.next_page.offset })).data[0].gid, "it pages the same");
    const saved = tokens(full.meta) - tokens(forModel.meta);
    console.log(`next_page: ${tokens(full.meta)} tokens for execute, ${tokens(forModel.meta)} for a model (o200k_base)`);
    assert.ok(saved >= 20, `saves ${saved} tokens per page`);
    const last = await asana.runTool({ entity: "workspaces", action: "list" });
    assert.equal(last.meta.next_page, null, "the last page says so");
  });

  test("oversize output is refused with advice and a preview", async () => {
    const out = await asana.runTool({ entity: "project_tasks", action: "list", params: { project_gid: SEED.projects.website, limit: 50 } }, { maxOutputChars: 500 });
    assert.equal(out.error.code, "output_too_large");
    assert.match(out.error.message, /limit 500\).*opt_fields.*Preview: \{"data"/s);
  });

  test("a download returns the attachment's metadata, not bytes", async () => {
    const out = await asana.runTool({ entity: "attachments", action: "download", params: { attachment_gid: SEED.attachments.spec } });
    assert.equal(out.gid, SEED.attachments.spec);
    assert.equal(out.size, SEED.specSize);
  });

  test("readOnly refuses writes before any request", async () => {
    const ro = new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: sandbox.apiUrl, readOnly: true });
    const before = sandbox.requests.list().length;
    const out = await ro.runTool({ entity: "tasks", action: "delete", params: { task_gid: SEED.tasks.homepage } });
    assert.equal(out.error.code, "permission");
    assert.equal(sandbox.requests.list().length, before);
  });
});

describe("toolUtils", () => {
  test("wraps a function: description attached, errors advised, oversize refused", async () => {
    const execute = AsanaConnector.toolUtils((entity, action, params) => asana.execute(entity, action, params), { maxOutputChars: 2_000 });
    assert.equal(execute.toolName, "asana_execute");
    assert.equal(execute.description, AsanaConnector.toolDescription());
    const me = await execute("users", "get", { user_gid: "me" });
    assert.equal(me.name, "Alice Anders");
    await assert.rejects(execute("tasks", "get", {}), (e) => e instanceof AsanaError && e.code === "invalid_params" && !e.retryable);
    await assert.rejects(execute("project_tasks", "list", { project_gid: SEED.projects.website, limit: 100 }), (e) => e.code === "output_too_large" && /Preview:/.test(e.message));
    const bug = AsanaConnector.toolUtils(async () => { throw new TypeError("a bug in my code"); });
    await assert.rejects(bug("tasks", "list", {}), TypeError);
  });
});

/** Serves a fetch-style handler on loopback with node:http. */
describe("MCP server (mcpHandler) with the official MCP SDK client, in Node", () => {
  test("the SDK client initializes, lists the three tools and calls each against the sandbox", async () => {
    const server = await serve(asana.mcpHandler());
    const client = new Client({ name: "test-client", version: "1.0.0" });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), ["asana_read", "asana_write", "asana_describe"]);
      assert.deepEqual(tools.map((t) => [t.annotations.readOnlyHint, t.annotations.destructiveHint]), [[true, false], [false, true], [true, false]]);
      const result = await client.callTool({ name: "asana_read", arguments: { entity: "workspaces", action: "list", params: { limit: 5 } } });
      assert.equal(result.isError, false);
      assert.deepEqual(JSON.parse(result.content[0].text).data.map((w) => w.name), ["Acme Corp", "Alice's Personal"]);
      const failed = await client.callTool({ name: "asana_read", arguments: { entity: "tasks", action: "get", params: {} } });
      assert.equal(failed.isError, true);
      assert.match(failed.content[0].text, /invalid_params/);
      const refused = await client.callTool({ name: "asana_read", arguments: { entity: "tasks", action: "delete", params: { task_gid: SEED.tasks.seo } } });
      assert.equal(refused.isError, true);
      assert.match(refused.content[0].text, /asana_write/);
      const described = await client.callTool({ name: "asana_describe", arguments: { entity: "goals" } });
      assert.ok(JSON.parse(described.content[0].text).actions.some((a) => a.action === "create"), "asana_describe lists the actions");
      const written = await client.callTool({ name: "asana_write", arguments: { entity: "tasks", action: "update", params: { task_gid: SEED.tasks.seo, data: { name: "via MCP" } } } });
      assert.equal(JSON.parse(written.content[0].text).name, "via MCP");
    } finally {
      await client.close();
      await server.close();
    }
  });

  test("GET answers 405 and a malformed body a JSON-RPC parse error", async () => {
    const handler = asana.mcpHandler();
    assert.equal((await handler(new Request("http://x/mcp"))).status, 405);
    const parse = await (await handler(new Request("http://x/mcp", { method: "POST", body: "{" }))).json();
    assert.equal(parse.error.code, -32700);
    const note = await handler(new Request("http://x/mcp", { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) }));
    assert.equal(note.status, 202);
  });
});

describe("Vercel AI SDK (ai v5)", () => {
  test("tool() + jsonSchema() accept our definition and generateText runs it against the sandbox", async () => {
    // The README's snippet:
    const { description, inputSchema, execute } = asana.tool("vercel");
    const asanaTool = tool({ description, inputSchema: jsonSchema(inputSchema), execute });
    // A scripted model that calls the tool once, then answers.
    let step = 0;
    const model = new MockLanguageModelV2({
      doGenerate: async () => {
        step += 1;
        const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
        if (step === 1) {
          const input = JSON.stringify({ entity: "project_sections", action: "list", params: { project_gid: SEED.projects.website } });
          return { content: [{ type: "tool-call", toolCallId: "call-1", toolName: "asana_execute", input }], finishReason: "tool-calls", usage, warnings: [] };
        }
        return { content: [{ type: "text", text: "done" }], finishReason: "stop", usage, warnings: [] };
      },
    });
    const result = await generateText({ model, tools: { asana_execute: asanaTool }, prompt: "List the sections", stopWhen: stepCountIs(3) });
    const output = result.steps[0].toolResults[0].output;
    assert.deepEqual(output.data.map((s) => s.name), ["To do", "In progress", "Done"]);
    assert.equal(result.text, "done");
  });

  test("tool(\"vercel\") and tools(\"vercel\") go to generateText as they are, no wrapping", async () => {
    const [read, write, describeTool] = asana.tools("vercel");
    const calls = [
      ["asana_describe", { entity: "project_sections" }],
      ["asana_read", { entity: "project_sections", action: "list", params: { project_gid: SEED.projects.website } }],
      ["asana_execute", { entity: "workspaces", action: "list" }],
    ];
    let step = 0;
    const model = new MockLanguageModelV2({
      doGenerate: async ({ tools }) => {
        const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
        if (step === 0) assert.deepEqual(tools.map((t) => t.inputSchema.type), ["object", "object", "object", "object"], "the SDK read each schema");
        const call = calls[step++];
        if (!call) return { content: [{ type: "text", text: "done" }], finishReason: "stop", usage, warnings: [] };
        return { content: [{ type: "tool-call", toolCallId: `call-${step}`, toolName: call[0], input: JSON.stringify(call[1]) }], finishReason: "tool-calls", usage, warnings: [] };
      },
    });
    const result = await generateText({
      model,
      tools: { asana_execute: asana.tool("vercel"), asana_read: read, asana_write: write, asana_describe: describeTool },
      prompt: "Look around",
      stopWhen: stepCountIs(5),
    });
    const outputs = result.steps.flatMap((s) => s.toolResults.map((r) => r.output));
    assert.ok(outputs[0].actions.some((a) => a.action === "list"), "asana_describe ran");
    assert.deepEqual(outputs[1].data.map((s) => s.name), ["To do", "In progress", "Done"], "asana_read ran");
    assert.equal(outputs[2].data.length, 2, "asana_execute ran");
    assert.deepEqual(JSON.parse(JSON.stringify(read.inputSchema)), asana.tools("json-schema")[0].inputSchema, "still plain JSON Schema when serialized");
  });
});
