// Running Workers that import the package under Miniflare (workerd), the way Wrangler would:
// the exports map's "workerd" entry and the modules it imports, the .wasm as a CompiledWasm
// module. Shared by the workerd suites.

import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkgDir = realpathSync(join(root, "pkg"));
export const workerdEntry = resolve(pkgDir, JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).exports["."].workerd);

/** The module graph from `entry`, following relative static imports, as Miniflare module specs. */
export function moduleGraph(entry) {
  const seen = new Map();
  const visit = (file) => {
    if (seen.has(file)) return;
    if (file.endsWith(".wasm")) return void seen.set(file, { type: "CompiledWasm", path: file });
    seen.set(file, { type: "ESModule", path: file });
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/(?:^|[\s;])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(resolve(dirname(file), m[1]));
    }
  };
  visit(entry);
  return [...seen.values()];
}

/**
 * A Worker's modules: `main` and what it imports, plus the package. workerd resolves a bare
 * specifier like a relative one, so "asana-agent-connector" imported by `main` is the module
 * next to it, which re-exports the package's workerd entry.
 */
export function workerModules(main) {
  const alias = { type: "ESModule", path: join(dirname(main), "asana-agent-connector"), contents: `export * from "${relative(dirname(main), workerdEntry)}";` };
  const own = moduleGraph(main);
  const known = new Set(own.map((m) => m.path));
  return [...own, alias, ...moduleGraph(workerdEntry).filter((m) => !known.has(m.path))];
}

/**
 * Starts Miniflare with `options` (modulesRoot defaults to the repository), its temp files in a
 * scratch dir; `dispose()` stops it and removes the dir even after a failed start; `restart()`
 * replaces the workerd process.
 */
export async function startWorkers(options) {
  const scratch = mkdtempSync(join(tmpdir(), "asana-workerd-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  const { Miniflare } = await import("miniflare");
  const full = { modulesRoot: root, compatibilityDate: "2026-04-01", ...options };
  const mf = new Miniflare(full);
  const dispose = async (started = true) => {
    try {
      // Miniflare's dispose() never settles after a failed start: don't wait for it then.
      if (started) await mf.dispose();
      else mf.dispose().catch(() => {});
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      // The next start (in this process) makes its scratch dir where the first one did.
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
  };
  try {
    await mf.ready;
  } catch (error) {
    await dispose(false);
    throw error;
  }
  // A fresh workerd process with the same options: a new isolate, so a Worker that an attack left
  // trapped, poisoned or busy does not fail the tests after it.
  const restart = () => mf.setOptions(full);
  return { mf, dispose, restart };
}
