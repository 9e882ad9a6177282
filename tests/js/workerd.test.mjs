// workerd: the scenarios (scenarios.mjs, then modes.mjs, reliability.mjs and hostile.mjs) run inside
// a Worker (worker.mjs) under Miniflare 4.20260426.0, one dispatchFetch per scenario, each reported
// as its own node test. A hostile scenario that fails or outlives its budget may leave the isolate
// trapped, poisoned or busy, so workerd is restarted after it. The package is loaded through
// its exports map's "workerd" condition: that entry and the modules it imports (found by following
// relative imports) are given to workerd, the .wasm as a CompiledWasm module.
//
//   cd tests && node --test js/workerd.test.mjs

import { after, before, test } from "node:test";
import { dirname, join } from "node:path";
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SEED, startSandbox } from "../sandbox/server.mjs";
import { moduleGraph, startWorkers, workerdEntry, workerModules } from "../workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const sandbox = await startSandbox();
let mf;
let dispose;
let restart;

before(async () => {
  ({ mf, dispose, restart } = await startWorkers({ modules: withSandboxEntry(workerModules(join(here, "worker.mjs"))), bindings: { SANDBOX_URL: sandbox.url, SEED } }));
});

after(async () => {
  try {
    await dispose?.();
  } finally {
    await sandbox.close();
  }
});

// Names come from the scenario modules themselves (imported here only to list them): the shared
// set of scenarios.mjs, then the OAuth/hosted (modes.mjs), reliability and hostile sets.
const sets = await Promise.all([import("./scenarios.mjs"), import("./modes.mjs"), import("./reliability.mjs"), import("./hostile.mjs"), import("./webhooks.mjs"), import("./whole-api.mjs")]);
const stub = { AsanaConnector: class {}, AsanaError: class {}, apiUrl: "-", sandboxUrl: "-", SEED };
const [shared, modes, reliability, hostile] = [sets[0].scenarios(stub), sets[1].modeScenarios(stub), sets[2].reliabilityScenarios(stub), sets[3].hostileScenarios(stub)];
const names = [...shared, ...modes, ...reliability, ...sets[4].webhookScenarios(stub), ...sets[5].wholeApiScenarios(stub), ...hostile].map((s) => s.name);
names.push(...(await import("./sandbox-export.mjs")).sandboxExportScenarios({ AsanaConnector: class {}, createSandbox: () => {} }).map((s) => s.name));

/**
 * The package's sandbox entry for the Worker's `import ... from "asana-agent-connector/sandbox"`:
 * like the package alias of workerModules(), a module at that name next to worker.mjs that
 * re-exports the exports map's "./sandbox" entry, plus the modules that entry imports.
 */
function withSandboxEntry(modules) {
  const pkgDir = dirname(workerdEntry); // the package folder, as workerModules() sees it
  const entry = resolve(pkgDir, JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).exports["./sandbox"].default);
  const alias = join(here, "asana-agent-connector/sandbox");
  const known = new Set(modules.map((m) => m.path));
  return [...modules, { type: "ESModule", path: alias, contents: `export * from "${relative(dirname(alias), entry)}";` },
    ...moduleGraph(entry).filter((m) => !known.has(m.path))];
}
const budgets = new Map(hostile.map((s) => [s.name, s.budgetMs]));

test("workerd: the package entry is the exports map's workerd condition, with the .wasm as CompiledWasm", () => {
  if (!workerdEntry.endsWith("/workerd.js")) throw new Error(`workerd entry ${workerdEntry}`);
  if (!moduleGraph(workerdEntry).some((m) => m.type === "CompiledWasm")) throw new Error("the entry imports no .wasm module");
});

test("workerd: the Worker sees the same scenarios", async () => {
  if (!mf) throw new Error("Miniflare did not start (see the workerd output above)");
  const response = await mf.dispatchFetch("http://worker.test/names");
  const inWorker = await response.json();
  if (JSON.stringify(inWorker) !== JSON.stringify(names)) throw new Error(`scenario lists differ: ${JSON.stringify(inWorker)}`);
});

for (const name of names) {
  const budgetMs = budgets.get(name);
  if (budgetMs !== undefined) {
    test(name, { timeout: budgetMs + 30_000 }, () => runHostile(name, budgetMs));
    continue;
  }
  test(name, { timeout: 30_000 }, async () => {
    if (!mf) throw new Error("Miniflare did not start (see the workerd output above)");
    const response = await mf.dispatchFetch(`http://worker.test/run?name=${encodeURIComponent(name)}`);
    const result = await response.json();
    if (!result.ok) {
      const error = new Error(`[in workerd] ${result.error.name ?? "Error"}${result.error.code ? ` (${result.error.code})` : ""}: ${result.error.message}`);
      error.stack = `${error.message}\n${result.error.stack ?? ""}`;
      throw error;
    }
  });
}

/** A hostile scenario, bounded from outside too (a blocked isolate cannot time itself out); workerd is restarted after a failure. */
async function runHostile(name, budgetMs) {
  if (!mf) throw new Error("Miniflare did not start (see the workerd output above)");
  const limitMs = budgetMs + 5_000;
  let timer;
  const dispatched = mf.dispatchFetch(`http://worker.test/run?name=${encodeURIComponent(name)}`).then(async (response) => {
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return { ok: false, error: { message: `the Worker answered ${response.status} without a result (it crashed?): ${text.slice(0, 500)}` } };
    }
  });
  dispatched.catch(() => {}); // settles after a restart when the race was lost
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: { message: `no answer after ${limitMs} ms (scenario budget ${budgetMs} ms): the isolate is blocked or a wait is unbounded` } }), limitMs);
  });
  let result;
  try {
    result = await Promise.race([dispatched.catch((error) => ({ ok: false, error: { message: `dispatchFetch failed: ${error?.message ?? error}` } })), late]);
  } finally {
    clearTimeout(timer);
  }
  if (result.ok) return;
  await restart();
  const { name: errorName, code, message, stack, during } = result.error;
  const error = new Error(`[in workerd] ${errorName ?? "Error"}${code ? ` (${code})` : ""}: ${message}${during && errorName !== "AssertionError" ? ` (during ${during})` : ""}`);
  error.stack = `${error.message}\n${stack ?? ""}`;
  throw error;
}
