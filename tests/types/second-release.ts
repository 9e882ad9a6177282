// The second release's surface: the special operations, jobs, webhooks, describe/tools, hosted search.
import {
  AsanaConnector,
  type AsanaNamedResource,
  type AttachmentResponse,
  type BatchItemResult,
  type EntityDescription,
  type EventResponse,
  type JobResponse,
  type Params,
  type Result,
  type TaskResponse,
  type WebhookEvent,
  type WebhookResponse,
} from "asana-agent-connector";
import type { Equals } from "./helpers.js";
import { expectType } from "./helpers.js";

const asana = new AsanaConnector({ auth: { token: "1/123" } });

export async function specialOperations(): Promise<void> {
  // Typeahead: `count` (or `limit`), one page.
  const hits = await asana.execute("workspace_typeahead", "list", { workspace_gid: "1", resource_type: "user", query: "ann", count: 10 });
  await asana.execute("workspace_typeahead", "list", { workspace_gid: "1", resource_type: "project", limit: 5 });
  expectType<Equals<(typeof hits.data)[number], AsanaNamedResource>>(true);
  expectType<Equals<typeof hits.meta.next_page, null>>(true);

  // Uploading a file: multipart fields flat in params.
  const attachment = await asana.execute("attachments", "create", {
    parent: "1201",
    file: new Blob(["hello"], { type: "text/plain" }),
    name: "hello.txt",
    content_type: "text/plain",
  });
  expectType<Equals<typeof attachment, AttachmentResponse>>(true);
  await asana.execute("attachments", "create", { parent: "1201", file: new Uint8Array([1, 2, 3]), name: "bytes.bin" });
  await asana.execute("attachments", "create", { parent: "1201", resource_subtype: "external", url: "https://example.com/spec", name: "Spec" });

  // Batch: up to 10 catalogue calls, each typed like execute's.
  const batch = await asana.execute("batch", "create", {
    data: {
      actions: [
        { entity: "tasks", action: "get", params: { task_gid: "1", opt_fields: ["name"] } },
        { entity: "tasks", action: "update", params: { task_gid: "2", data: { completed: true } } },
        { entity: "workspaces", action: "list" },
      ],
    },
  });
  for (const item of batch.data) {
    expectType<Equals<typeof item, BatchItemResult>>(true);
    if (item.ok) console.log(item.status, item.data);
    else console.log(item.error.code, item.error.message, item.error.retryable);
  }

  // Events: a sync token, and a 412 that resolves with a fresh one.
  let sync: string | undefined;
  const events = await asana.execute("events", "list", { resource: "1201", sync });
  sync = events.meta.sync;
  if (events.meta.sync_reset) console.log("start over from", sync);
  expectType<Equals<typeof events.meta.has_more, boolean>>(true);
  expectType<Equals<(typeof events.data)[number], EventResponse>>(true);
  await asana.execute("workspace_events", "list", { workspace_gid: "1", sync });

  // Jobs: `wait` polls jobs/get to the end.
  const job = await asana.execute("tasks", "duplicate", { task_gid: "1", data: { name: "Copy", include: "notes,subtasks" } }, { wait: { timeoutMs: 60_000, intervalMs: 1_000 } });
  expectType<Equals<typeof job, JobResponse>>(true);
  console.log(job.status, job.new_task?.gid);
  await asana.execute("projects", "duplicate", { project_gid: "1", data: { name: "Copy" } }, { wait: {} });
  await asana.execute("jobs", "get", { job_gid: job.gid });

  // Webhooks: the secret comes back beside the record.
  const webhook = await asana.execute("webhooks", "create", {
    data: { resource: "1201", target: "https://example.com/asana/receive", filters: [{ resource_type: "task", action: "changed", fields: ["completed"] }] },
  });
  expectType<Equals<typeof webhook.meta, { x_hook_secret?: string } | undefined>>(true);
  const hook: WebhookResponse = webhook;
  console.log(hook.active, webhook.meta?.x_hook_secret);

  // Hosted mode only: Airbyte's synced copy.
  const hosted = await asana.execute("tasks", "context_store_search", { query: { filter: { eq: { completed: false } }, sort: [{ created_at: "desc" }] }, limit: 20, fields: ["name", ["assignee", "name"]] });
  console.log(hosted.data[0]?.name, hosted.meta.next_page);
}

// Receiving webhooks in a Worker: secrets in KV.
declare const kv: { get(key: string): Promise<string | null>; put(key: string, value: string): Promise<void> };
export const webhookWorker = {
  fetch: AsanaConnector.webhookHandler({
    secrets: kv,
    onEvents: async (events, request) => {
      for (const event of events) console.log(event.action, event.resource?.gid, event.change?.field, new URL(request.url).pathname);
      expectType<Equals<(typeof events)[number], WebhookEvent>>(true);
    },
  }),
};
const memory = new Map<string, string>();
export const webhookHandler: (request: Request) => Promise<Response> = AsanaConnector.webhookHandler({
  secrets: { get: (key) => memory.get(key), put: (key, secret) => void memory.set(key, secret) },
  onEvents: () => {},
  key: (request) => new URL(request.url).searchParams.get("hook") ?? "default",
});

export async function signatures(body: string, header: string | null): Promise<boolean> {
  const bytes = new TextEncoder().encode(body);
  return (
    (await AsanaConnector.verifyWebhookSignature("secret", body, header)) &&
    (await AsanaConnector.verifyWebhookSignature("secret", bytes, header)) &&
    (await AsanaConnector.verifyWebhookSignature("secret", bytes.buffer, header))
  );
}

export async function agents(request: Request): Promise<Response> {
  const tasks = asana.describe("tasks");
  expectType<Equals<typeof tasks, EntityDescription<"tasks">>>(true);
  for (const action of tasks.actions) console.log(action.action, action.deprecated, action.params.map((p) => `${p.name}:${p.in}:${p.type}${p.required ? "!" : ""}`));
  const [read] = asana.tools("anthropic");
  const names: ("asana_read" | "asana_write" | "asana_describe")[] = asana.tools("mcp").map((t) => t.name);
  const openai = asana.tools("openai", { api: "responses" });
  const vercel = asana.tools("vercel");
  console.log(read?.input_schema, names, openai.length, vercel[0]?.execute);
  // runTool: every call shape.
  await asana.runTool({ name: "asana_read", arguments: '{"entity":"tasks","action":"get","params":{"task_gid":"1"}}' });
  await asana.runTool({ name: "asana_write", input: { entity: "tasks", action: "update", params: { task_gid: "1", data: { completed: true } } } });
  await asana.runTool({ tool: "asana_describe", entity: "tasks" });
  await asana.runTool({ entity: "tasks", action: "get", params: { task_gid: "1" } });
  const handler = asana.mcpHandler({
    authorize: (req) => req.headers.get("authorization") === "Bearer secret",
    allowedOrigins: ["https://app.example"],
    allowedHosts: ["mcp.example"],
  });
  return handler(request);
}

// The generated map as a library.
export function helpers(): void {
  const params: Params<"tasks", "get"> = { task_gid: "1" };
  expectType<Equals<Result<"tasks", "get">, TaskResponse>>(true);
  expectType<Equals<Result<"tasks", "delete">, Record<string, never>>>(true);
  const loose: Params = { anything: ["goes", 1] };
  console.log(params, loose);
}

// Serving a handler from node:http, and the MCP handler's options.
import { serve, type Served } from "asana-agent-connector/serve";
export async function serveMcp(): Promise<Served> {
  const handler = asana.mcpHandler({ authorize: (request) => request.headers.get("Authorization") === "Bearer x", allowedOrigins: ["https://app.example"], allowedHosts: ["localhost"] });
  const served = await serve(handler, { port: 8787 });
  // @ts-expect-error: authorize takes a Request
  asana.mcpHandler({ authorize: (request: number) => request > 0 });
  return served;
}
