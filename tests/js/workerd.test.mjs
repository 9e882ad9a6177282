// workerd: the scenarios (scenarios.mjs, then modes.mjs and reliability.mjs) run inside a Worker
// (worker.mjs) under Miniflare 4.20260426.0, one dispatchFetch per scenario, each reported as its
// own node test. The package is loaded through
// its exports map's "workerd" condition: that entry and the modules it imports (found by following
// relative imports) are given to workerd, the .wasm as a CompiledWasm module.
//
//   cd tests && node --test js/workerd.test.mjs

import { after, before, test } from "node:test";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SEED, startSandbox } from "../sandbox/server.mjs";
import { moduleGraph, startWorkers, workerdEntry, workerModules } from "../workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const sandbox = await startSandbox();
let mf;
let dispose;

before(async () => {
  ({ mf, dispose } = await startWorkers({ modules: workerModules(join(here, "worker.mjs")), bindings: { SANDBOX_URL: sandbox.url, SEED } }));
});

after(async () => {
  try {
    await dispose?.();
  } finally {
    await sandbox.close();
  }
});

// Names come from the scenario modules themselves (imported here only to list them): the shared
// set of scenarios.mjs, then the OAuth/hosted (modes.mjs) and reliability sets.
const sets = await Promise.all([import("./scenarios.mjs"), import("./modes.mjs"), import("./reliability.mjs")]);
const stub = { AsanaConnector: class {}, AsanaError: class {}, apiUrl: "-", sandboxUrl: "-", SEED };
const [shared, modes, reliability] = [sets[0].scenarios(stub), sets[1].modeScenarios(stub), sets[2].reliabilityScenarios(stub)];
const names = [...shared, ...modes, ...reliability].map((s) => s.name);

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
