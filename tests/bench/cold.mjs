// Cold start. Node: fresh processes (cold-child.mjs), variants interleaved. workerd: fresh
// Miniflare instances timed from the outside (workerd's clock stands still during CPU work),
// from `new Miniflare` to the first response, with and without the package.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startWorkers, workerModules } from "../workerd.mjs";
import { rotate, summarize } from "./stats.mjs";

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL("./cold-child.mjs", import.meta.url));
export const NODE_VARIANTS = ["ours", "ours-split", "official", "import-floor", "node"];

export async function measureNodeCold(cfg) {
  const rows = Object.fromEntries(NODE_VARIANTS.map((v) => [v, []]));
  for (let i = 0; i < cfg.coldRuns; i++) {
    for (const variant of rotate(NODE_VARIANTS, i)) {
      const { stdout } = await run(process.execPath, [CHILD, variant], { cwd: fileURLToPath(new URL(".", import.meta.url)) });
      rows[variant].push(JSON.parse(stdout));
    }
  }
  const out = {};
  for (const [variant, list] of Object.entries(rows)) {
    out[variant] = {};
    for (const key of ["boot", "import", "init", "construct", "ready"]) {
      if (list[0][key] !== undefined) out[variant][key] = summarize(list.map((r) => r[key]));
    }
    out[variant].importPlusConstruct = summarize(list.map((r) => r.import + (r.init ?? 0) + r.construct));
  }
  return out;
}

const WORKERS = {
  with: () => workerModules(fileURLToPath(new URL("./workers/with-connector.mjs", import.meta.url))),
  without: () => [{ type: "ESModule", path: fileURLToPath(new URL("./workers/without.mjs", import.meta.url)) }],
};

async function oneWorkerd(variant) {
  // startWorkers points TMPDIR at a scratch dir it deletes on dispose: restore it afterwards.
  const tmp = process.env.TMPDIR;
  const modules = WORKERS[variant]();
  const start = performance.now();
  const { mf, dispose } = await startWorkers({ modules });
  const ready = performance.now();
  let body;
  try {
    const response = await mf.dispatchFetch("http://bench.local/");
    body = await response.text();
  } finally {
    var first = performance.now();
    await dispose();
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
  }
  if (body !== "token") throw new Error(`worker ${variant} answered ${body}`);
  return { ready: ready - start, firstResponse: first - start, request: first - ready };
}

export async function measureWorkerdCold(cfg) {
  await oneWorkerd("with"); // untimed: loads Miniflare itself into this process
  const rows = { with: [], without: [] };
  for (let i = 0; i < cfg.workerdRuns; i++) {
    for (const variant of rotate(["with", "without"], i)) rows[variant].push(await oneWorkerd(variant));
  }
  const out = {};
  for (const [variant, list] of Object.entries(rows)) {
    out[variant] = Object.fromEntries(["ready", "request", "firstResponse"].map((k) => [k, summarize(list.map((r) => r[k]))]));
  }
  // Each round runs both back to back, so the paired differences cancel slow drifts in load.
  const paired = rows.with.map((w, i) => w.firstResponse - rows.without[i].firstResponse);
  out.difference = { ...summarize(paired), ofMedians: out.with.firstResponse.median - out.without.firstResponse.median, ready: summarize(rows.with.map((w, i) => w.ready - rows.without[i].ready)) };
  return out;
}
