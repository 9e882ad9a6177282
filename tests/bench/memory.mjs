// Memory: wasm linear memory and JS heap after a warm-up, after 1k and after the long run.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { WIDE_FIELDS } from "./config.mjs";

const run = promisify(execFile);

/** Runs the connector, then the raw-fetch control, each in a fresh process. */
export async function measureMemory(sb, cfg) {
  const ours = await measureOne(sb, cfg, "ours");
  const raw = await measureOne(sb, cfg, "raw");
  return { ours, raw };
}

async function measureOne(sb, cfg, variant) {
  const n = cfg.memoryCalls;
  const end = Math.max(n, cfg.memoryLeakCalls);
  const warmup = Math.min(500, Math.floor(n / 4));
  const checkpoints = [...new Set([warmup, 1_000, n / 4, n / 2, n, end].map(Math.round))].filter((c) => c >= warmup && c <= end).sort((a, b) => a - b);
  const args = { variant, apiUrl: sb.apiUrl, token: sb.token, project: sb.project, task: sb.task, workspace: sb.seed.workspaces.acme, fields: WIDE_FIELDS, checkpoints };
  const child = fileURLToPath(new URL("./memory-child.mjs", import.meta.url));
  const { stdout } = await run(process.execPath, ["--expose-gc", child, JSON.stringify(args)], {
    cwd: fileURLToPath(new URL(".", import.meta.url)),
    maxBuffer: 1 << 20,
  });
  const result = JSON.parse(stdout);
  const base = result.checkpoints.find((c) => c.calls === warmup);
  const last = result.checkpoints.find((c) => c.calls === n);
  result.warmup = warmup;
  result.growth = { wasmBytes: last.wasmBytes - base.wasmBytes, heapUsed: last.heapUsed - base.heapUsed, rss: last.rss - base.rss };
  return result;
}
