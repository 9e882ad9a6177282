// The package imported by path from Deno (no npm, no bundler): `deno check` must see its types.
import { AsanaConnector, type Result } from "../../pkg/browser.js";

const asana = new AsanaConnector({ auth: { token: "1/123" } });
export async function typed(): Promise<string | undefined> {
  const task: Result<"tasks", "get"> = await asana.execute("tasks", "get", { task_gid: "1" });
  // @ts-expect-error: "taks" is not an entity (the types are seen)
  await asana.execute("taks", "list");
  return task.name;
}
