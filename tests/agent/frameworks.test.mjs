// The README's agent-framework snippets, run as written against the sandbox. The model side is
// a canned response in each provider's documented shape (no network): what is tested is that our
// tool definition is accepted and a tool call round-trips through runTool; the last two go
// through the openai and @anthropic-ai/sdk clients themselves.
//
//   node --test tests/agent/frameworks.test.mjs

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import Anthropic from "@anthropic-ai/sdk";
import { tool as langchainTool } from "@langchain/core/tools";
import OpenAI from "openai";
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

// The same round trips through the providers' own SDK clients (openai, @anthropic-ai/sdk), each
// pointed at a local stand-in for the provider's API: what the SDK sends is checked (our tool
// definitions, as the SDK serialized them), and its answer carries a tool call the loop runs.

/** A provider stand-in: records each request body and answers with the next canned JSON. */
async function provider(answers) {
  const bodies = [];
  const server = createServer(async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    bodies.push(JSON.parse(text));
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(answers.shift()));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, bodies, close: () => new Promise((resolve) => server.close(resolve)) };
}

test("the openai SDK client sends our tools as they are and the README loop answers its tool calls", async () => {
  const call = { id: "call_1", type: "function", function: { name: "asana_read", arguments: JSON.stringify({ entity: "users", action: "get", params: JSON.stringify({ user_gid: "me" }) }) } };
  const stub = await provider([
    { id: "c1", object: "chat.completion", created: 0, model: "m", choices: [{ index: 0, finish_reason: "tool_calls", message: { role: "assistant", content: null, tool_calls: [call] } }] },
    { id: "c2", object: "chat.completion", created: 0, model: "m", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "You are Alice." } }] },
  ]);
  try {
    const openai = new OpenAI({ apiKey: "test", baseURL: stub.url, maxRetries: 0 });
    const tools = asana.tools("openai");
    const messages = [{ role: "user", content: "Who am I?" }];
    const first = await openai.chat.completions.create({ model: "m", messages, tools });
    const assistant = first.choices[0].message;
    messages.push(assistant);
    for (const toolCall of assistant.tool_calls) {
      const result = await asana.runTool({ name: toolCall.function.name, arguments: toolCall.function.arguments });
      messages.push({ role: "tool", tool_call_id: toolCall.id, content: JSON.stringify(result) });
    }
    const second = await openai.chat.completions.create({ model: "m", messages, tools });
    assert.equal(second.choices[0].message.content, "You are Alice.");
    assert.deepEqual(stub.bodies[0].tools, tools, "the SDK sent our definitions unchanged");
    assert.equal(JSON.parse(stub.bodies[1].messages.at(-1).content).email, SEED.emails.alice, "the tool result went back");
  } finally {
    await stub.close();
  }
});

test("the @anthropic-ai/sdk client sends our tools as they are and the README loop answers its tool_use blocks", async () => {
  const stub = await provider([
    { id: "m1", type: "message", role: "assistant", model: "m", stop_reason: "tool_use", usage: { input_tokens: 1, output_tokens: 1 },
      content: [{ type: "tool_use", id: "toolu_1", name: "asana_read", input: { entity: "project_sections", action: "list", params: { project_gid: SEED.projects.website } } }] },
    { id: "m2", type: "message", role: "assistant", model: "m", stop_reason: "end_turn", usage: { input_tokens: 1, output_tokens: 1 }, content: [{ type: "text", text: "Three sections." }] },
  ]);
  try {
    const anthropic = new Anthropic({ apiKey: "test", baseURL: stub.url, maxRetries: 0 });
    const tools = asana.tools("anthropic");
    const messages = [{ role: "user", content: "Which sections?" }];
    const first = await anthropic.messages.create({ model: "m", max_tokens: 100, messages, tools });
    messages.push({ role: "assistant", content: first.content });
    const results = [];
    for (const block of first.content.filter((b) => b.type === "tool_use")) {
      const result = await asana.runTool({ name: block.name, input: block.input });
      results.push({ type: "tool_result", tool_use_id: block.id, content: JSON.stringify(result), is_error: "error" in result });
    }
    messages.push({ role: "user", content: results });
    const second = await anthropic.messages.create({ model: "m", max_tokens: 100, messages, tools });
    assert.equal(second.content[0].text, "Three sections.");
    assert.deepEqual(stub.bodies[0].tools, tools, "the SDK sent our definitions unchanged");
    assert.deepEqual(JSON.parse(stub.bodies[1].messages.at(-1).content[0].content).data.map((s) => s.name), ["To do", "In progress", "Done"]);
  } finally {
    await stub.close();
  }
});
