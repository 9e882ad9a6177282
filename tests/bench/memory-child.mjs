// Memory over a long run of mixed calls, in its own process (--expose-gc). Uses the slim entry
// and initSync itself, which hands back the wasm exports and so the wasm memory.
// argv: JSON { variant: "ours" | "raw", apiUrl, token, project, task, workspace, fields, checkpoints: [n...] }.
// "raw" sends the same HTTP requests by fetch + JSON.parse: the control for Node's own drift.
// Prints one JSON line: checkpoints [{ calls, wasmBytes, heapUsed, rss, external }], outcomes.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { getHeapSpaceStatistics } from "node:v8";
import { AsanaConnector, initSync } from "asana-agent-connector/slim";

const opts = JSON.parse(process.argv[2]);
const wasmPath = createRequire(import.meta.url).resolve("asana-agent-connector/asana_agent_connector_bg.wasm");
const wasm = initSync({ module: readFileSync(wasmPath) });
const initialWasmBytes = wasm.memory.buffer.byteLength;

const asana = new AsanaConnector({ auth: { token: opts.token }, baseUrl: opts.apiUrl, ...(opts.timeoutMs && { timeoutMs: opts.timeoutMs }) });
const small = ["name", "completed", "assignee.name", "due_on"];
// One in ten of each: reads dominate as in real use; creates, a 404 and a local validation error.
const MIX = [
  () => asana.execute("tasks", "get", { task_gid: opts.task }),
  () => asana.execute("tasks", "get", { task_gid: opts.task, opt_fields: small }),
  () => asana.execute("tasks", "get", { task_gid: opts.task }),
  () => asana.execute("tasks", "get", { task_gid: opts.task, opt_fields: small }),
  () => asana.execute("project_tasks", "list", { project_gid: opts.project, limit: 50, opt_fields: opts.fields }),
  () => asana.execute("project_tasks", "list", { project_gid: opts.project, limit: 20 }),
  () => asana.execute("project_tasks", "list", { project_gid: opts.project, limit: 100, opt_fields: small }),
  () => asana.execute("tasks", "create", { data: { name: "memory bench", workspace: opts.workspace, notes: "x".repeat(200) } }),
  () => asana.execute("tasks", "get", { task_gid: "1299999999999999" }), // not_found from the server
  () => asana.execute("tasks", "get", { task_gid: opts.task, optfields: ["name"] }), // invalid_params, locally
];
// The control: the same requests without the connector (the local error becomes Asana's 400).
const q = (params) => `?${new URLSearchParams(params)}`;
const raw = async (method, path, query = {}, body) => {
  const response = await fetch(`${opts.apiUrl}${path}${Object.keys(query).length ? q(query) : ""}`, {
    method,
    headers: { accept: "application/json", authorization: `Bearer ${opts.token}`, ...(body && { "content-type": "application/json" }) },
    body: body && JSON.stringify(body),
  });
  const json = JSON.parse(await response.text());
  if (!response.ok) throw Object.assign(new Error("http"), { code: `http_${response.status}` });
  return json;
};
const RAW_MIX = [
  () => raw("GET", `/tasks/${opts.task}`),
  () => raw("GET", `/tasks/${opts.task}`, { opt_fields: small.join(",") }),
  () => raw("GET", `/tasks/${opts.task}`),
  () => raw("GET", `/tasks/${opts.task}`, { opt_fields: small.join(",") }),
  () => raw("GET", `/projects/${opts.project}/tasks`, { limit: 50, opt_fields: opts.fields.join(",") }),
  () => raw("GET", `/projects/${opts.project}/tasks`, { limit: 20 }),
  () => raw("GET", `/projects/${opts.project}/tasks`, { limit: 100, opt_fields: small.join(",") }),
  () => raw("POST", "/tasks", {}, { data: { name: "memory bench", workspace: opts.workspace, notes: "x".repeat(200) } }),
  () => raw("GET", "/tasks/1299999999999999"),
  () => Promise.reject(Object.assign(new Error("invalid"), { code: "local_error" })), // ours refuses this one locally too
];
const calls = opts.variant === "raw" ? RAW_MIX : MIX;
const outcomes = {};
const CONCURRENCY = 8; // a few in flight, as an app would; the run drains fully before each checkpoint

let done = 0;
async function runTo(target) {
  let next = done;
  const worker = async () => {
    while (next < target) {
      const i = next++;
      let outcome = "ok";
      try {
        await calls[i % calls.length]();
      } catch (error) {
        outcome = error.code ?? "thrown";
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  done = target;
}

async function settle() {
  // GC passes with pauses between: FinalizationRegistry callbacks (wasm-bindgen frees wasm-side
  // objects from them) run as tasks after a GC, and may free more for the next pass.
  for (let i = 0; i < 6; i++) {
    global.gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  global.gc();
  const usage = process.memoryUsage();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]));
  return { calls: done, wasmBytes: wasm.memory.buffer.byteLength, heapUsed: usage.heapUsed, rss: usage.rss, external: usage.external, spaces };
}

const checkpoints = [{ ...(await settle()), calls: 0 }];
for (const target of opts.checkpoints) {
  await runTo(target);
  checkpoints.push(await settle());
}
process.stdout.write(`${JSON.stringify({ initialWasmBytes, checkpoints, outcomes })}\n`);
