// A TypeScript consumer of the package: tsc must accept every line here. The README's examples,
// as a TypeScript user would write them. second-release.ts covers the special operations, jobs,
// webhooks and the agent tools; slim.ts the slim entry; errors.ts what must not compile;
// frameworks.ts (its own tsconfig) the framework snippets against the SDKs' types.
import {
  AsanaConnector,
  AsanaError,
  type AsanaRecord,
  type Download,
  type ListResult,
  type TaskCompact,
  type TaskResponse,
  type ToolError,
  type ToolInput,
} from "asana-agent-connector";
import type { Equals } from "./helpers.js";
import { expectType } from "./helpers.js";

declare const process: { env: Record<string, string | undefined> };
declare function saveTokens(tokens: { accessToken: string; refreshToken: string; expiresAt?: number }): Promise<void>;
declare function log(message: string): void;

const token = process.env.ASANA_TOKEN ?? "";
const asana = new AsanaConnector({ auth: { token: "1/123" }, timeoutMs: 10_000, retry: { maxAttempts: 2 } });

// ## Authentication
new AsanaConnector({ auth: { token: "1/1200..." } });
new AsanaConnector({
  auth: { refreshToken: "r", accessToken: "a", clientId: "c", clientSecret: "s", expiresAt: Date.now() },
  onTokenRefresh: async ({ accessToken, refreshToken, expiresAt }) => saveTokens({ accessToken, refreshToken, expiresAt }),
  onWarning: (error) => log(error.message),
});
new AsanaConnector({ externalUserId: "acme", airbyteClientId: "id", airbyteClientSecret: "secret", organizationId: "org" });
new AsanaConnector({ connectorId: "3f2c...", getToken: async () => "app-token" });
// The snake_case spellings of the original Python docs.
new AsanaConnector({ auth_config: { refresh_token: "r", access_token: "a", client_id: "c", client_secret: "s" } });
new AsanaConnector({ external_user_id: "acme", airbyte_client_id: "id", airbyte_client_secret: "secret", organization_id: "org" });
new AsanaConnector({ connector_id: "3f2c", airbyteClientId: "id", airbyteClientSecret: "secret" });
// Every option.
new AsanaConnector({
  auth: { token },
  baseUrl: "http://127.0.0.1:8787/api/1.0",
  tokenUrl: "http://127.0.0.1:8787/-/oauth_token",
  airbyteApiUrl: "https://backend.example/airbyte",
  timeoutMs: 5_000,
  retry: { maxAttempts: 3, maxDelayMs: 30_000 },
  maxConcurrency: 6,
  maxResponseBytes: 1 << 20,
  asanaEnable: ["new_goal_memberships"],
  asanaDisable: ["new_user_task_lists"],
  readOnly: true,
  fetch: (input, init) => fetch(input, init),
  onWarning: (error: AsanaError) => void error.code,
});

export async function quickStart(): Promise<void> {
  const { data: workspaces } = await asana.execute("workspaces", "list", { limit: 10 });
  const page = await asana.execute("tasks", "list", { project: "1201234567890", limit: 50, opt_fields: ["name", "due_on"] });
  for await (const task of asana.paginate("project_tasks", "list", { project_gid: "1201234567890", limit: 100 }, { maxPages: 5 })) {
    console.log(task.name);
    expectType<Equals<typeof task, TaskCompact>>(true);
  }
  console.log(workspaces[0]?.name, page.data[0]?.gid, page.meta.next_page?.offset);
  expectType<Equals<typeof page, ListResult<TaskCompact>>>(true);
  // Deno
  console.log(await asana.check());
}

// Cloudflare Workers
export default {
  async fetch(request: Request, env: { ASANA_TOKEN: string; READ_ONLY?: string }): Promise<Response> {
    const asana = new AsanaConnector({ auth: { token: env.ASANA_TOKEN }, maxConcurrency: 6 });
    void request;
    return Response.json(await asana.execute("users", "get", { user_gid: "me" }));
  },
};

// MCP server on Cloudflare Workers
export const mcpWorker = {
  fetch(request: Request, env: { ASANA_TOKEN: string; READ_ONLY?: string }): Promise<Response> {
    const asana = new AsanaConnector({ auth: { token: env.ASANA_TOKEN }, readOnly: env.READ_ONLY === "true" });
    return asana.mcpHandler()(request);
  },
};

export async function admin(): Promise<void> {
  const { connectorId } = await AsanaConnector.createHosted({
    externalUserId: "acme",
    name: "Acme's Asana",
    credentials: { token: "1/1200..." },
    airbyteClientId: "i",
    airbyteClientSecret: "s",
  });
  const { consentUrl } = await AsanaConnector.initiateOAuth({
    externalUserId: "acme",
    redirectUrl: "https://app.example/asana/callback",
    airbyteClientId: "i",
    airbyteClientSecret: "s",
  });
  await AsanaConnector.createHosted({ external_user_id: "acme", serverSideOauthSecretId: "secret-id", airbyte_client_id: "i", airbyte_client_secret: "s" });
  console.log(connectorId, consentUrl, await asana.connectorId(), asana.mode);
}

export async function usage(): Promise<void> {
  // Results are the spec's records: fields optional (opt_fields decides), gid always there.
  const task = await asana.execute("tasks", "get", { task_gid: "1" });
  expectType<Equals<typeof task, TaskResponse>>(true);
  expectType<Equals<typeof task.name, string | undefined>>(true);
  expectType<Equals<typeof task.gid, string>>(true);
  expectType<Equals<typeof task.completed, boolean | undefined>>(true);
  expectType<Equals<NonNullable<typeof task.assignee>["gid"], string>>(true);
  // A gid may be a safe-integer number; lists may be one comma-separated string.
  await asana.execute("tasks", "get", { task_gid: 1201234567890, opt_fields: "name,assignee.name" });
  // Older code that typed results loosely still compiles.
  const loose: AsanaRecord = task;
  const page: ListResult = await asana.execute("tasks", "list", { project: "1", limit: 50 });
  const first: string | undefined = page.data[0]?.gid;
  const next: string | undefined = page.meta.next_page?.offset;
  // Writes: fields in data, enums checked, nullable fields take null.
  const created = await asana.execute("tasks", "create", {
    data: { name: "Write the spec", workspace: "1", resource_subtype: "milestone", due_on: null, projects: ["2", 3], custom_fields: { "4": "High" } },
  });
  await asana.execute("tasks", "update", { task_gid: created.gid, data: { completed: true, assignee: null } });
  const deleted = await asana.execute("tasks", "delete", { task_gid: created.gid });
  expectType<Equals<typeof deleted, Record<string, never>>>(true);
  await asana.execute("task_tags", "create", { task_gid: "1", data: { tag: "2" } });
  await asana.execute("task_stories", "create", { task_gid: "1", data: { text: "Done" } }, { timeoutMs: 5_000, signal: AbortSignal.timeout(10_000) });
  // A list with no required param may leave the params out.
  await asana.execute("workspaces", "list");
  // Downloads
  const file = await asana.execute("attachments", "download", { attachment_gid: "7", range_header: "bytes=0-1023" });
  expectType<Equals<typeof file, Download>>(true);
  const bytes: ArrayBuffer = await new Response(file.body).arrayBuffer();
  // Task search: Asana's dotted filters, their underscore spellings, custom-field filters.
  const found = await asana.execute("workspace_task_search", "list", {
    workspace_gid: "1",
    "projects.any": ["2", "3"],
    assignee_any: "me",
    "created_at.before": "2026-01-31T17:00:00Z",
    "custom_fields.123.value": "High",
    "custom_fields.456.is_set": "true",
    sort_by: "created_at",
    completed: false,
    limit: 100,
  });
  expectType<Equals<(typeof found.data)[number], TaskCompact>>(true);
  const health = await asana.check();
  if (health.status === "error") console.log(health.error.code);
  try {
    await asana.execute("tasks", "get", { task_gid: "1" });
  } catch (error) {
    if (error instanceof AsanaError) console.log(error.code, error.status, error.retryable, error.retryAfterMs, error.details);
  }
  console.log(loose, first, next, bytes, AsanaConnector.listEntities()[0]?.actions, asana.listEntities()[0]?.entity);
}

// ## Agent tools (README snippets, with the frameworks' values declared)
declare const assistant: { tool_calls: { id: string; function: { name: string; arguments: string } }[] };
declare const messages: { role: string; tool_call_id: string; content: string }[];
declare const content: ({ type: "tool_use"; id: string; name: string; input: unknown } | { type: "text"; text: string })[];
declare const results: { type: "tool_result"; tool_use_id: string; content: string; is_error: boolean }[];

export async function agentTools(): Promise<void> {
  // OpenAI
  const tools = [asana.tool("openai")];
  for (const call of assistant.tool_calls) {
    const result = await asana.runTool(call.function.arguments); // a JSON string is fine
    messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(result) });
  }
  const responsesTool = asana.tool("openai", { api: "responses" });
  // Anthropic: the SDK types a tool_use block's input as unknown; runTool checks it at run time.
  const anthropicTools = [asana.tool("anthropic")];
  for (const block of content.filter((b) => b.type === "tool_use")) {
    const result = await asana.runTool(block.input);
    results.push({ type: "tool_result", tool_use_id: block.id, content: JSON.stringify(result), is_error: "error" in result });
  }
  // Vercel AI SDK
  const { description, inputSchema, execute } = asana.tool("vercel");
  const viaVercel = await execute({ entity: "tasks", action: "get", params: { task_gid: "1" } });
  // LangChain.js
  const schema = asana.tool("json-schema").inputSchema;
  const langchain = async (input: ToolInput) => JSON.stringify(await asana.runTool(input));
  // MCP
  const mcp = asana.tool("mcp");
  const readOnlyHint: boolean = mcp.annotations.readOnlyHint;
  const out = await asana.runTool({ entity: "tasks", action: "get", params: { task_gid: "1" } }, { maxOutputChars: 10_000 });
  const failed = (out as ToolError).error?.retryable;
  const handler: (request: Request) => Promise<Response> = asana.mcpHandler();
  const wrapped = AsanaConnector.toolUtils(async (entity: string, action: string) => ({ entity, action }));
  console.log(tools, responsesTool, anthropicTools, description, inputSchema, viaVercel, schema, langchain, readOnlyHint, failed, handler, wrapped.description);
  console.log(AsanaConnector.toolDescription(), asana.toolDescription());
}
