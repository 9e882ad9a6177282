// Node: one hostile scenario (hostile.mjs) per child process, so an attack that traps the wasm,
// poisons its memory, blocks the event loop or exhausts memory fails its own test and nothing
// else. The parent (node.test.mjs) keeps the sandbox; the child reaches it over HTTP.
//
//   runIsolated(name, { sandboxUrl, budgetMs })   -> resolves, or rejects with what went wrong
//   node js/isolated.mjs  (as the child: HOSTILE_SCENARIO and SANDBOX_URL in the environment)
//
// The parent kills the child (SIGKILL) when it outlives budgetMs plus start-up time, or when its
// resident memory passes MAX_RSS_MB (an answer buffered whole, such as an inflated gzip bomb),
// and reports that as the failure. Unhandled rejections and uncaught exceptions in the child fail
// the scenario too: they are how a trap inside an engine callback shows.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const MARK = "@@hostile-result@@";
const START_UP_MS = 8_000;
export const MAX_RSS_MB = 1536;

/** Runs the hostile scenario `name` in a fresh Node process; rejects with its failure. */
export function runIsolated(name, { sandboxUrl, budgetMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, HOSTILE_SCENARIO: name, SANDBOX_URL: sandboxUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let killedFor;
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-8_000);
    });
    const kill = (reason) => {
      if (killedFor) return;
      killedFor = reason;
      child.kill("SIGKILL");
    };
    const limitMs = budgetMs + START_UP_MS;
    const timer = setTimeout(() => kill(`still running after ${limitMs} ms (scenario budget ${budgetMs} ms): a wait that nothing bounds, or a blocked event loop`), limitMs);
    let peakMb = 0;
    const watchdog = setInterval(() => {
      const mb = rssMb(child.pid);
      peakMb = Math.max(peakMb, mb);
      if (mb > MAX_RSS_MB) kill(`resident memory reached ${mb} MB (limit ${MAX_RSS_MB} MB): the answer was buffered whole`);
    }, 50);
    child.once("error", (error) => {
      clearTimeout(timer);
      clearInterval(watchdog);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      clearInterval(watchdog);
      const line = stdout.split("\n").find((l) => l.startsWith(MARK));
      const tail = stderr.trim().split("\n").slice(-12).join("\n");
      if (killedFor) return reject(new Error(`[isolated] killed: ${killedFor}${tail ? `\n--- child stderr (tail) ---\n${tail}` : ""}`));
      if (!line) return reject(new Error(`[isolated] the process died (exit code ${code}, signal ${signal}, peak RSS ${peakMb} MB) before reporting${tail ? `\n--- child stderr (tail) ---\n${tail}` : ""}`));
      const result = JSON.parse(line.slice(MARK.length));
      if (result.ok) return resolve();
      const error = new Error(`${result.error.name ?? "Error"}${result.error.code ? ` (${result.error.code})` : ""}: ${result.error.message}`);
      // The child's stack starts with its own message line; keep ours (it may say more).
      error.stack = [error.message, ...String(result.error.stack ?? "").split("\n").slice(1)].join("\n");
      reject(error);
    });
  });
}

/** Resident memory of a process in MB (Linux /proc; 0 elsewhere or once it is gone). */
function rssMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}

// ---- the child ----------------------------------------------------------------------------------

async function child() {
  const name = process.env.HOSTILE_SCENARIO;
  const sandboxUrl = process.env.SANDBOX_URL;
  const stray = [];
  const report = (result) => {
    process.stdout.write(`\n${MARK}${JSON.stringify(result)}\n`, () => process.exit(0));
  };
  const failure = (error) => {
    let fields;
    try {
      fields = { name: error?.name, code: error?.code, message: String(error?.message ?? error), stack: String(error?.stack ?? "") };
    } catch {
      fields = { name: "Error", message: "a failure that cannot be described" };
    }
    return { ok: false, error: fields };
  };
  const text = (value) => {
    try {
      return `${value?.name ?? typeof value}: ${value?.message ?? String(value)}`;
    } catch {
      return "a value that cannot be described";
    }
  };
  let progress = {};
  process.on("unhandledRejection", (reason) => stray.push(`unhandled rejection${progress.current ? ` around ${progress.current}` : ""}: ${text(reason)}`));
  process.on("uncaughtException", (error) => {
    const result = failure(error);
    result.error.message = `uncaught exception (the process is not usable after it) ${progress.current ? `during ${progress.current}` : "while the scenario ran"}: ${result.error.message}`;
    report(result);
  });
  try {
    const { AsanaConnector, AsanaError } = await import("asana-agent-connector");
    const { SEED } = await import("../sandbox/seed.mjs");
    const hostile = await import("./hostile.mjs");
    progress = hostile.progress;
    const args = { AsanaConnector, AsanaError, apiUrl: `${sandboxUrl}/api/1.0`, sandboxUrl, SEED, tokenUrl: `${sandboxUrl}/-/oauth_token` };
    await hostile.runHostileScenario(name, args, stray);
    report({ ok: true });
  } catch (error) {
    const result = failure(error);
    if (stray.length) result.error.message += `\n(also ${stray.length} unhandled rejection(s): ${stray.slice(0, 3).join("; ")})`;
    report(result);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await child();
