// A TypeScript consumer of the package: tsc must accept every line here, and each line under an
// expect-error directive must fail to type-check (entity and action typos are compile errors).
import { AsanaConnector, AsanaError, type ListResult, type AsanaRecord, type Download, type ToolError } from "asana-agent-connector";

const asana = new AsanaConnector({ auth: { token: "1/123" }, timeoutMs: 10_000, retry: { maxAttempts: 2 } });
new AsanaConnector({ auth: { refreshToken: "r" }, onTokenRefresh: async ({ accessToken, refreshToken, expiresAt }) => void [accessToken, refreshToken, expiresAt] });
new AsanaConnector({ externalUserId: "acme", airbyteClientId: "id", airbyteClientSecret: "secret" });

export async function usage(): Promise<void> {
  const page: ListResult = await asana.execute("tasks", "list", { project: "1", limit: 50 });
  const first: string | undefined = page.data[0]?.gid;
  const next: string | undefined = page.meta.next_page?.offset;
  const task: AsanaRecord = await asana.execute("tasks", "get", { task_gid: "1" });
  const file: Download = await asana.execute("attachments", "download", { attachment_gid: "7" });
  const stream: ReadableStream<Uint8Array> | null = file.body;
  for await (const record of asana.paginate("project_tasks", "list", { project_gid: "1" }, { maxPages: 2 })) console.log(record.gid);
  const health = await asana.check();
  if (health.status === "error") console.log(health.error.code);
  const tool = asana.tool("openai");
  const anthropic = asana.tool("anthropic").input_schema;
  const out = await asana.runTool({ entity: "tasks", action: "get", params: { task_gid: "1" } });
  const failed = (out as ToolError).error?.retryable;
  const handler: (request: Request) => Promise<Response> = asana.mcpHandler();
  const wrapped = AsanaConnector.toolUtils(async (entity: string, action: string) => ({ entity, action }));
  const { connectorId } = await AsanaConnector.createHosted({ externalUserId: "acme", credentials: { token: "t" }, airbyteClientId: "i", airbyteClientSecret: "s" });
  const { consentUrl } = await AsanaConnector.initiateOAuth({ externalUserId: "acme", redirectUrl: "https://x", airbyteClientId: "i", airbyteClientSecret: "s" });
  try {
    // @ts-expect-error: "taks" is not an entity
    await asana.execute("taks", "list");
    // @ts-expect-error: workspaces have no delete action
    await asana.execute("workspaces", "delete", {});
  } catch (error) {
    if (error instanceof AsanaError) console.log(error.code, error.status, error.retryable, error.retryAfterMs, error.details);
  }
  console.log(first, next, task.name, stream, tool.type, anthropic, failed, handler, wrapped.description, connectorId, consentUrl, AsanaConnector.listEntities()[0].actions);
}
