// Where the time goes in the connector's call path, two ways:
//  1. An instrumented copy of the flow with a fake fetch answering the real captured payloads
//     (no network): the connector vs fetch + JSON.parse on the same Response, split into before
//     and after the fetch, and the extra JS steps the connector takes, timed one by one.
//  2. The same over the network, in steps: raw fetch; raw fetch given the init the driver
//     builds (an AbortController signal and a timer per attempt, `redirect`, which undici must
//     follow); the connector. The first gap is what fetch itself pays for the connector's init,
//     the second the core's steps and the driver around them.
//  3. A sampling CPU profile of each client against the sandbox, summarised by where self time
//     falls (wasm core, wasm-bindgen glue, connector.js, undici/fetch, GC...).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { AsanaConnector } from "asana-agent-connector";
import { WIDE_FIELDS } from "./config.mjs";
import { rotate, summarize } from "./stats.mjs";

const run = promisify(execFile);

/** Mean cost in ms of fn() over a loop long enough to be timed, after a short warm-up. */
function micro(fn, iterations) {
  for (let i = 0; i < Math.min(200, iterations); i++) fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - start) / iterations;
}
async function microAsync(fn, iterations) {
  for (let i = 0; i < Math.min(200, iterations); i++) await fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return (performance.now() - start) / iterations;
}

export async function measureProfile(sb, clients, cfg) {
  const n = cfg.profileCalls;
  const opsSpec = {
    get: { entity: "tasks", action: "get", params: { task_gid: sb.task }, request: clients.requests.get },
    list: { entity: "project_tasks", action: "list", params: { project_gid: sb.project, limit: 100, opt_fields: WIDE_FIELDS }, request: clients.requests.list },
  };
  // The real bodies, captured once, replayed by the fake fetch.
  for (const spec of Object.values(opsSpec)) {
    const res = await fetch(spec.request.url, { headers: spec.request.headers });
    spec.body = await res.text();
    spec.contentType = res.headers.get("content-type");
  }

  const marks = { fetchCalled: 0 };
  let current;
  const fakeFetch = (_url, _init) => {
    marks.fetchCalled = performance.now();
    return Promise.resolve(new Response(current.body, { status: 200, headers: { "content-type": current.contentType } }));
  };
  const connector = new AsanaConnector({ auth: { token: sb.token }, baseUrl: sb.apiUrl, fetch: fakeFetch });

  const pipeline = {};
  for (const [op, spec] of Object.entries(opsSpec)) {
    current = spec;
    const variants = {
      ours: async (into) => {
        const start = performance.now();
        await connector.execute(spec.entity, spec.action, spec.params);
        const end = performance.now();
        into.before.push(marks.fetchCalled - start);
        into.after.push(end - marks.fetchCalled);
        into.total.push(end - start);
      },
      raw: async (into) => {
        const start = performance.now();
        const res = await fakeFetch(spec.request.url, { headers: spec.request.headers });
        JSON.parse(await res.text());
        const end = performance.now();
        into.before.push(marks.fetchCalled - start);
        into.after.push(end - marks.fetchCalled);
        into.total.push(end - start);
      },
    };
    const samples = { ours: { before: [], after: [], total: [] }, raw: { before: [], after: [], total: [] } };
    for (const v of Object.keys(variants)) for (let i = 0; i < 200; i++) await variants[v]({ before: [], after: [], total: [] });
    const rounds = 10;
    for (let r = 0; r < rounds; r++) {
      for (const v of rotate(Object.keys(variants), r)) for (let i = 0; i < Math.ceil(n / rounds); i++) await variants[v](samples[v]);
    }
    const med = (list) => summarize(list).median;
    pipeline[op] = Object.fromEntries(Object.entries(samples).map(([v, s]) => [v, { before: med(s.before), after: med(s.after), total: med(s.total) }]));

    // The connector's extra steps, one by one (the shared ones, Response.text and JSON.parse of
    // the answer, are timed too for scale).
    const result = await connector.execute(spec.entity, spec.action, spec.params);
    const resultText = JSON.stringify(result);
    const parsedAnswer = JSON.parse(spec.body);
    const iterations = op === "list" ? 2_000 : 20_000;
    pipeline[op].steps = {
      "JSON.stringify(params)": micro(() => JSON.stringify(spec.params), iterations),
      "AbortController + timer per attempt": micro(() => {
        const attempt = new AbortController();
        clearTimeout(setTimeout(() => attempt.abort(), 30_000));
        return attempt.signal;
      }, iterations),
      "the facts of the parsed answer, as JSON for the core": micro(() => JSON.stringify({ object: true, data: typeof parsedAnswer.data, nextPage: typeof parsedAnswer.next_page }), iterations),
      "shared: new Response(body).text()": await microAsync(() => new Response(spec.body).text(), iterations),
      "shared: JSON.parse(answer)": micro(() => JSON.parse(resultText), iterations),
    };
    pipeline[op].bodyBytes = spec.body.length;
  }

  // 2. Steps over the network, interleaved rounds; latency medians and this process's CPU.
  const network = {};
  for (const [op, spec] of Object.entries(opsSpec)) {
    const { url, method, headers } = spec.request;
    const variants = {
      raw: async () => JSON.parse(await (await fetch(url, { method, headers })).text()),
      "raw + connector's init": async () => {
        const attempt = new AbortController();
        const timer = setTimeout(() => attempt.abort(), 30_000);
        try {
          const init = { method, headers, redirect: "follow", signal: attempt.signal };
          return JSON.parse(await (await fetch(url, init)).text());
        } finally {
          clearTimeout(timer);
        }
      },
      ours: () => clients.connector.execute(spec.entity, spec.action, spec.params),
    };
    const names = Object.keys(variants);
    const lat = Object.fromEntries(names.map((v) => [v, []]));
    const cpu = Object.fromEntries(names.map((v) => [v, 0]));
    for (const v of names) for (let i = 0; i < 100; i++) await variants[v]();
    const rounds = 10;
    const perRound = Math.ceil(n / rounds);
    for (let r = 0; r < rounds; r++) {
      for (const v of rotate(names, r)) {
        const c0 = process.cpuUsage();
        for (let i = 0; i < perRound; i++) {
          const t = performance.now();
          await variants[v]();
          lat[v].push(performance.now() - t);
        }
        const used = process.cpuUsage(c0);
        cpu[v] += used.user + used.system;
      }
    }
    network[op] = Object.fromEntries(names.map((v) => [v, { median: summarize(lat[v]).median, cpuUs: cpu[v] / lat[v].length }]));
  }

  // 3. Sampling profiles in child processes (the sandbox is a third process).
  const child = fileURLToPath(new URL("./profile-child.mjs", import.meta.url));
  const args = (variant, op, calls) => JSON.stringify({ variant, op, calls, apiUrl: sb.apiUrl, token: sb.token, project: sb.project, task: sb.task, fields: WIDE_FIELDS, requests: clients.requests });
  const profiles = {};
  // Children alternate raw, ours, raw, ours (each half the calls) and their samples are merged,
  // so a burst of load on the machine cannot land on one variant only. undici parses HTTP with
  // its own wasm (llhttp): wasm seen in a raw profile is undici's.
  const undiciWasm = new Set();
  const PARTS = 2;
  for (const op of ["get", "list"]) {
    const collected = { raw: [], ours: [] };
    for (let part = 0; part < PARTS; part++) {
      for (const variant of ["raw", "ours"]) {
        const { stdout } = await run(process.execPath, [child, args(variant, op, Math.ceil(n / PARTS))], { cwd: fileURLToPath(new URL(".", import.meta.url)), maxBuffer: 256 << 20 });
        const result = JSON.parse(stdout);
        if (variant === "raw") for (const node of result.profile.nodes) if (node.callFrame.url.startsWith("wasm://")) undiciWasm.add(node.callFrame.url);
        collected[variant].push(result);
      }
    }
    profiles[op] = {};
    for (const variant of ["raw", "ours"]) {
      const list = collected[variant];
      const calls = list.reduce((a, x) => a + x.calls, 0);
      const cpuUs = list.reduce((a, x) => a + x.cpuUs, 0);
      profiles[op][variant] = { calls, cpuUsPerCall: cpuUs / calls, ...summarizeProfile(list.map((x) => x.profile), calls, undiciWasm) };
    }
  }
  return { pipeline, network, profiles };
}

/** Self time by category and the top functions, from V8 CPU profiles of `calls` calls in all. */
export function summarizeProfile(profiles, calls, undiciWasm = new Set()) {
  const self = []; // [callFrame, µs]
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const perNode = new Map();
    // timeDeltas[i + 1] is how long the sample i lasted.
    for (let i = 0; i < profile.samples.length; i++) {
      perNode.set(profile.samples[i], (perNode.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
    }
    for (const [id, us] of perNode) self.push([byId.get(id).callFrame, us]);
  }
  const categories = {};
  const functions = new Map();
  let busy = 0;
  for (const [{ functionName, url, lineNumber }, us] of self) {
    const category = undiciWasm.has(url) ? "fetch (undici)" : categorize(functionName, url);
    if (category === "idle") continue;
    busy += us;
    categories[category] = (categories[category] ?? 0) + us;
    const where = url.startsWith("wasm://") ? (undiciWasm.has(url) ? "llhttp" : "ours") : url ? `${url.split("/").pop()}:${lineNumber + 1}` : "";
    const name = `${functionName || "(anonymous)"} ${where}`.trim();
    const entry = functions.get(name) ?? { name, category, us: 0 };
    entry.us += us;
    functions.set(name, entry);
  }
  // Named costs of our path, for the report's "top costs" (self time per call).
  const named = { abortSignal: 0 };
  for (const f of functions.values()) {
    if (f.category === "AbortSignal (Node)") named.abortSignal += f.us / calls;
  }
  const top = [...functions.values()].sort((a, b) => b.us - a.us).slice(0, 12).map((f) => ({ ...f, usPerCall: f.us / calls, share: f.us / busy }));
  const cats = Object.entries(categories).sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, usPerCall: us / calls, share: us / busy }));
  return { busyUsPerCall: busy / calls, categories: cats, top, named };
}

function categorize(functionName, url) {
  if (functionName === "(idle)") return "idle";
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(program)") return "V8/native (program)";
  if (functionName === "(root)") return "idle";
  if (url.startsWith("wasm://") || /^(wasm-function|\$)/.test(functionName)) return "wasm core (Rust)";
  if (url.includes("asana_agent_connector.js")) return "wasm-bindgen glue (JS)";
  if (/\/pkg\/(connector|driver|error)\.js$|asana-agent-connector\/(connector|driver|error)\.js$/.test(url)) return "connector.js + driver.js (incl. JSON.parse of the answer)";
  if (url.includes("undici")) return "fetch (undici)"; // incl. its llhttp wasm, set by the caller
  if (url === "node:internal/encoding") return "TextEncoder/TextDecoder (Node)";
  if (url === "node:internal/abort_controller") return "AbortSignal (Node)";
  if (url.startsWith("node:")) return "Node internals (streams, net, timers)";
  if (url.includes("/tests/bench/")) return "caller (bench code; raw's inlined JSON.parse lands here)";
  if (url === "") return "V8/Node natives (JSON.parse, string writes, microtasks)";
  return "other";
}
