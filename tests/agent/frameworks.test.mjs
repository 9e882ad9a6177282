// The README's agent-framework snippets, run as written against the sandbox. The model side is
// a canned response in each provider's documented shape (no network): what is tested is that our
// tool definition is accepted and a tool call round-trips through runTool.
//
//   node --test tests/agent/frameworks.test.mjs

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { tool as langchainTool } from "@langchain/core/tools";
import { AsanaConnector } from "asana-agent-connector";
import { SEED, startSandbox } from "../sandbox/server.mjs";

const sandbox = await startSandbox();
after(() => sandbox.close());
const asana = new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: sandbox.apiUrl });

test("OpenAI Chat Completions: tool definition and one tool-call round trip", async () => {
  // README: OpenAI
  const tools = [asana.tool("openai")];
  const assistant = {
    role: "assistant",
    tool_calls: [{ id: "call_1", type: "function", function: { name: "asana_execute", arguments: JSON.stringify({ entity: "users", action: "get", params: JSON.stringify({ user_gid: "me" }) }) } }],
  };
  const replies = [];
  for (const call of assistant.tool_calls) {
    const result = await asana.runTool(call.function.arguments); // a JSON string is fine
    replies.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(result) });
  }
  assert.equal(tools[0].function.strict, true);
  assert.equal(JSON.parse(replies[0].content).email, SEED.emails.alice);
});

test("OpenAI Responses API: flat tool shape and function_call_output", async () => {
  const tools = [asana.tool("openai", { api: "responses" })];
  const item = { type: "function_call", call_id: "fc_1", name: "asana_execute", arguments: JSON.stringify({ entity: "workspaces", action: "list", params: "{}" }) };
  const output = { type: "function_call_output", call_id: item.call_id, output: JSON.stringify(await asana.runTool(item.arguments)) };
  assert.equal(tools[0].name, "asana_execute");
  assert.equal(JSON.parse(output.output).data.length, 2);
});

test("Anthropic Messages: tool_use to tool_result, errors marked is_error", async () => {
  // README: Anthropic
  const tools = [asana.tool("anthropic")];
  const content = [
    { type: "tool_use", id: "toolu_1", name: "asana_execute", input: { entity: "project_sections", action: "list", params: { project_gid: SEED.projects.website } } },
    { type: "tool_use", id: "toolu_2", name: "asana_execute", input: { entity: "project_sections", action: "list", params: {} } },
  ];
  const results = [];
  for (const block of content.filter((b) => b.type === "tool_use")) {
    const result = await asana.runTool(block.input);
    results.push({ type: "tool_result", tool_use_id: block.id, content: JSON.stringify(result), is_error: "error" in result });
  }
  assert.equal(tools[0].input_schema.type, "object");
  assert.deepEqual(JSON.parse(results[0].content).data.map((s) => s.name), ["To do", "In progress", "Done"]);
  assert.equal(results[1].is_error, true);
  assert.match(JSON.parse(results[1].content).error.message, /project_gid/);
});

test("LangChain.js: tool() from @langchain/core accepts our JSON Schema and runs the call", async () => {
  // README: LangChain.js
  const { description, inputSchema } = asana.tool("json-schema");
  const asanaTool = langchainTool(async (input) => JSON.stringify(await asana.runTool(input)), { name: "asana_execute", description, schema: inputSchema });
  const out = await asanaTool.invoke({ entity: "tasks", action: "get", params: { task_gid: SEED.tasks.homepage, opt_fields: ["name"] } });
  assert.equal(JSON.parse(out).name, "Design homepage");
  assert.equal(asanaTool.name, "asana_execute");
});
