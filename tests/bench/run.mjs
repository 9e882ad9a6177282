// The benchmark suite: `node tests/bench/run.mjs` (full run, ~3-4 min, writes BENCHMARKS.md)
// or `BENCH_QUICK=1 node tests/bench/run.mjs` (~20 s smoke run; writes only if BENCH_OUT is set).
// Measures size, cold start, per-call overhead, memory, paging/concurrency and a profile,
// side by side with raw fetch and the official `asana` client. Measurement, not a test: no
// timed assertions; a section that fails is reported and the rest still run.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, totalmem, type } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { makeClients } from "./clients.mjs";
import { measureNodeCold, measureWorkerdCold } from "./cold.mjs";
import { config as cfg } from "./config.mjs";
import { measureCalls } from "./calls.mjs";
import { measureMemory } from "./memory.mjs";
import { measureConcurrency, measurePaging } from "./paging.mjs";
import { measureProfile } from "./profile.mjs";
import { markdown, summaryText } from "./report.mjs";
import { startChildSandbox } from "./sandbox.mjs";
import { measureSize } from "./size.mjs";
import { measureCatalogue, measureWasmBreakdown } from "./wasm-breakdown.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const started = performance.now();
const log = (message) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

const wasmPath = join(root, "pkg/wasm/asana_agent_connector_bg.wasm");
try {
  statSync(wasmPath);
} catch {
  console.error("pkg/wasm is missing: build first (make build).");
  process.exit(1);
}

function machine() {
  const info = readFileSync("/proc/cpuinfo", "utf8");
  const field = (name) => info.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, "m"))?.[1]?.trim();
  return {
    cpu: field("model name") ?? cpus()[0]?.model ?? "unknown",
    cpuMHz: field("cpu MHz") ? `${Math.round(Number(field("cpu MHz")))} MHz` : "clock unknown",
    cores: availableParallelism(),
    memory: totalmem(),
    os: `${type()} ${release()}`,
    node: process.version,
    loadStart: loadavg().map((x) => x.toFixed(2)).join(" "),
  };
}

const results = { cfg, meta: { ...machine(), command: "node tests/bench/run.mjs", date: new Date().toISOString().replace(/\.\d+Z$/, "Z") } };
results.meta.version = JSON.parse(readFileSync(join(root, "pkg/package.json"), "utf8")).version;
results.meta.wasmBuilt = statSync(wasmPath).mtime.toISOString().replace(/\.\d+Z$/, "Z");
try {
  results.meta.commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root }).toString().trim();
  results.meta.version += ` (commit ${results.meta.commit}${execFileSync("git", ["status", "--porcelain", "src", "pkg"], { cwd: root }).length ? ", with uncommitted changes" : ""})`;
} catch {}
const failures = [];

/** Runs one section; a failure is recorded and printed, the run goes on. */
async function section(name, fn) {
  log(`${name}...`);
  try {
    return await fn();
  } catch (error) {
    failures.push(`${name}: ${error.stack ?? error}`);
    console.error(`[bench] ${name} failed:`, error);
    return undefined;
  }
}

let sandbox;
const stop = async () => {
  await sandbox?.close();
  sandbox = undefined;
};
process.on("SIGINT", () => stop().finally(() => process.exit(130)));
process.on("SIGTERM", () => stop().finally(() => process.exit(143)));

try {
  results.size = await section("size", () => measureSize(root));
  results.wasmBreakdown = await section("wasm breakdown (a release build with names)", () => measureWasmBreakdown(root));
  results.catalogue = await section("the catalogue's share of the .wasm (248 operations against the first release's 47)", () => measureCatalogue(root));
  results.nodeCold = await section(`cold start, Node (${cfg.coldRuns} processes per variant)`, () => measureNodeCold(cfg));
  results.workerdCold = await section(`cold start, workerd (${cfg.workerdRuns} Miniflare instances per variant)`, () => measureWorkerdCold(cfg));

  sandbox = await startChildSandbox(cfg.pagingTasks);
  log(`sandbox (pid ${sandbox.pid}) at ${sandbox.apiUrl}, ${cfg.pagingTasks} tasks seeded`);
  const clients = await makeClients(sandbox);
  results.calls = await section(`per-call overhead (${cfg.rounds} × ${cfg.roundCalls} calls per variant)`, () => measureCalls(clients, cfg));
  results.paging = await section("paging", () => measurePaging(sandbox, clients, cfg));
  results.concurrency = await section("concurrency", () => measureConcurrency(sandbox, clients, cfg));
  results.memory = await section(`memory (${cfg.memoryCalls} calls, connector then control)`, () => measureMemory(sandbox, cfg));
  results.profile = await section("profile", () => measureProfile(sandbox, clients, cfg));
} finally {
  await stop();
}

results.meta.wallSeconds = (performance.now() - started) / 1000;
results.meta.loadEnd = loadavg().map((x) => x.toFixed(2)).join(" ");
const out = process.env.BENCH_OUT ?? (cfg.quick ? null : join(root, "BENCHMARKS.md"));
if (out) {
  let text = markdown(results);
  // The record of fixes made from earlier runs' findings (hand-written, kept with the numbers).
  text += `\n${readFileSync(new URL("./fixes.md", import.meta.url), "utf8")}`;
  if (failures.length) text += `\n## Sections that failed\n\n${failures.map((f) => `\`\`\`\n${f}\n\`\`\``).join("\n\n")}\n`;
  writeFileSync(out, text);
  log(`wrote ${out}`);
}
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 1));
console.log(`\nasana-agent-connector benchmarks (${cfg.quick ? "smoke run" : "full run"}, ${results.meta.wallSeconds.toFixed(0)} s)\n${summaryText(results)}`);
if (failures.length) {
  console.log(`\n${failures.length} section(s) failed: ${failures.map((f) => f.split(":")[0]).join(", ")}`);
  process.exitCode = 1;
}
