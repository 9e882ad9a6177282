// A CPU profile of one client's call path against the sandbox (which runs in another process),
// taken with the inspector's sampling profiler after a warm-up. argv: JSON { variant: "ours" |
// "raw", op: "get" | "list", calls, apiUrl, token, project, task, fields, requests }. Prints one JSON line:
// { calls, cpuUs (process CPU over the profiled part), profile }.
import { Session } from "node:inspector/promises";

const opts = JSON.parse(process.argv[2]);
// The raw child never loads our wasm, so any wasm in its profile is undici's (llhttp).
const connector = opts.variant === "ours" ? new (await import("asana-agent-connector")).AsanaConnector({ auth: { token: opts.token }, baseUrl: opts.apiUrl }) : null;
const listParams = { project_gid: opts.project, limit: 100, opt_fields: opts.fields };
const raw = async ({ url, method, headers }) => JSON.parse(await (await fetch(url, { method, headers })).text());
const calls = {
  ours: { get: () => connector.execute("tasks", "get", { task_gid: opts.task }), list: () => connector.execute("project_tasks", "list", listParams) },
  raw: { get: () => raw(opts.requests.get), list: () => raw(opts.requests.list) },
};
const call = calls[opts.variant][opts.op];

const runAll = async (n) => {
  for (let i = 0; i < n; i++) await call();
};
await runAll(Math.min(300, opts.calls));

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 100 }); // µs
await session.post("Profiler.start");
const cpu = process.cpuUsage();
await runAll(opts.calls);
const used = process.cpuUsage(cpu);
const { profile } = await session.post("Profiler.stop");
session.disconnect();
process.stdout.write(`${JSON.stringify({ calls: opts.calls, cpuUs: used.user + used.system, profile })}\n`);
