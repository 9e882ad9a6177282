// The slim entry: the same types, and the wasm initialisers.
import { AsanaConnector, init, initSync, type TaskResponse } from "asana-agent-connector/slim";
import type { Equals } from "./helpers.js";
import { expectType } from "./helpers.js";

export async function slim(bytes: ArrayBuffer): Promise<void> {
  initSync({ module: bytes });
  await init();
  const asana = new AsanaConnector({ auth: { token: "1/123" } });
  expectType<Equals<Awaited<ReturnType<typeof asana.execute<"tasks", "get">>>, TaskResponse>>(true);
}
