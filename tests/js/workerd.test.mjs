// workerd: the scenarios (scenarios.mjs, then modes.mjs and reliability.mjs) run inside a Worker
// (worker.mjs) under Miniflare 4.20260426.0, one dispatchFetch per scenario, each reported as its
// own node test. The package is loaded through
// its exports map's "workerd" condition: that entry and the modules it imports (found by following
// relative imports) are given to workerd, the .wasm as a CompiledWasm module.
//
//   cd tests && node --test js/workerd.test.mjs

import { after, before, test } from "node:test";
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SEED, startSandbox } from "../sandbox/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = realpathSync(dirname(fileURLToPath(import.meta.resolve("asana-agent-connector/package.json"))));
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const workerdEntry = resolve(pkgDir, pkg.exports["."].workerd);
const root = commonRoot(here, pkgDir);

/** The module graph from `entry` following relative static imports, as Miniflare module specs. */
function moduleGraph(entry) {
  const seen = new Map();
  const visit = (file) => {
    if (seen.has(file)) return;
    if (file.endsWith(".wasm")) return void seen.set(file, { type: "CompiledWasm", path: file });
    const source = readFileSync(file, "utf8");
    seen.set(file, { type: "ESModule", path: file });
    for (const m of source.matchAll(/(?:^|[\s;])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(resolve(dirname(file), m[1]));
    }
  };
  visit(entry);
  return [...seen.values()];
}

function commonRoot(...dirs) {
  const parts = dirs.map((d) => d.split("/"));
  const out = [];
  for (let i = 0; parts.every((p) => p[i] !== undefined && p[i] === parts[0][i]); i++) out.push(parts[0][i]);
  return out.join("/") || "/";
}

const scratch = mkdtempSync(join(tmpdir(), "asana-workerd-test-"));
const sandbox = await startSandbox();
let mf;

before(async () => {
  process.env.TMPDIR = scratch; // Miniflare's temp dir goes here and is removed with it
  const { Miniflare } = await import("miniflare");
  const testModules = moduleGraph(join(here, "worker.mjs")); // worker.mjs (main, first), scenarios.mjs, assert.mjs
  const packageModules = moduleGraph(workerdEntry);
  const instance = new Miniflare({
    modulesRoot: root,
    modules: [
      ...testModules,
      // workerd resolves a bare specifier like a relative one ("asana-agent-connector" imported by
      // tests/js/worker.mjs is the module tests/js/asana-agent-connector): that module re-exports the
      // entry the exports map names for the "workerd" condition.
      { type: "ESModule", path: join(here, "asana-agent-connector"), contents: `export * from "./${relative(here, workerdEntry)}";` },
      ...packageModules,
    ],
    compatibilityDate: "2026-04-01",
    bindings: { SANDBOX_URL: sandbox.url, SEED },
  });
  try {
    await instance.ready;
  } catch (error) {
    // Miniflare's dispose() never settles after a failed start; let it go without waiting.
    instance.dispose().catch(() => {});
    throw error;
  }
  mf = instance;
});

after(async () => {
  try {
    await mf?.dispose();
  } finally {
    await sandbox.close();
    rmSync(scratch, { recursive: true, force: true });
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
