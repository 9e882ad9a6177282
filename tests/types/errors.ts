// Each line under an expect-error directive must fail to type-check (tsc fails on an unused one).
import { AsanaConnector } from "asana-agent-connector";

const token = "1/123";
const asana = new AsanaConnector({ auth: { token } });

export async function mistakes(): Promise<void> {
  // @ts-expect-error: "taks" is not an entity
  await asana.execute("taks", "list");
  // @ts-expect-error: workspaces have no delete action
  await asana.execute("workspaces", "delete", {});
  // @ts-expect-error: a misspelt param
  await asana.execute("tasks", "get", { task_gid: "1", opt_feilds: [] });
  // @ts-expect-error: a misspelt write field
  await asana.execute("tasks", "create", { data: { nmae: "x", workspace: "1" } });
  // @ts-expect-error: task_gid is required
  await asana.execute("tasks", "get", {});
  // @ts-expect-error: params are required when a param is
  await asana.execute("tasks", "get");
  // @ts-expect-error: not one of the enum's values
  await asana.execute("tasks", "create", { data: { resource_subtype: "bogus" } });
  // @ts-expect-error: not one of the enum's values (a query param)
  await asana.execute("workspace_typeahead", "list", { workspace_gid: "1", resource_type: "bogus" });
  // @ts-expect-error: a limit is a number
  await asana.execute("workspaces", "list", { limit: true });
  // @ts-expect-error: data is required for tasks/create
  await asana.execute("tasks", "create", { opt_fields: ["name"] });
  // @ts-expect-error: a misspelt field inside a nested write value
  await asana.execute("webhooks", "create", { data: { resource: "1", target: "https://x", filters: [{ resource_typ: "task" }] } });
  // @ts-expect-error: wait is for operations that start a job
  await asana.execute("tasks", "get", { task_gid: "1" }, { wait: {} });
  // @ts-expect-error: a misspelt call option
  await asana.execute("tasks", "get", { task_gid: "1" }, { timeoutMS: 1 });
  // @ts-expect-error: a custom-field filter with an unknown operator
  await asana.execute("workspace_task_search", "list", { workspace_gid: "1", "custom_fields.123.bogus": "x" });
  // @ts-expect-error: a misspelt param inside a batch action
  await asana.execute("batch", "create", { data: { actions: [{ entity: "tasks", action: "get", params: { task_gdi: "1" } }] } });
  // @ts-expect-error: a download cannot run inside a batch
  await asana.execute("batch", "create", { data: { actions: [{ entity: "attachments", action: "download", params: { attachment_gid: "1" } }] } });
  // @ts-expect-error: attachments/create's file is a Blob or bytes, not a path
  await asana.execute("attachments", "create", { parent: "1", file: 42 });
  // @ts-expect-error: paginate follows lists only
  asana.paginate("tasks", "get", { task_gid: "1" });
  // @ts-expect-error: project_tasks/list needs project_gid
  asana.paginate("project_tasks", "list", {});
  // @ts-expect-error: describe takes an entity
  asana.describe("taks");
  // @ts-expect-error: not a tool format
  asana.tools("langchain");
  const task = await asana.execute("tasks", "get", { task_gid: "1" });
  // @ts-expect-error: a misspelt field of a result
  console.log(task.nmae);
  // @ts-expect-error: a result field may be absent (opt_fields)
  const name: string = task.name;
  console.log(name);
}

export function configs(): void {
  // @ts-expect-error: a misspelt config key
  new AsanaConnector({ auth: { token }, timeoutMS: 1 });
  // @ts-expect-error: a misspelt auth key
  new AsanaConnector({ auth: { tokn: token } });
  // @ts-expect-error: local and hosted credentials mixed
  new AsanaConnector({ auth: { token }, connectorId: "c" });
  // @ts-expect-error: snake_case only for the credential and identity keys
  new AsanaConnector({ auth: { token }, base_url: "https://x" });
  // @ts-expect-error: readOnly is a boolean
  new AsanaConnector({ auth: { token }, readOnly: "true" });
  // @ts-expect-error: an unknown MCP handler option
  asana.mcpHandler({ allowOrigins: ["https://x"] });
  // @ts-expect-error: a webhook handler needs onEvents
  AsanaConnector.webhookHandler({ secrets: { get: () => null, put: () => {} } });
}
