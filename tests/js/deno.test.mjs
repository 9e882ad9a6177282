// Deno: the scenarios (and the core of the hostile set) against a sandbox started by
// with-sandbox.mjs (Deno cannot run the Node sandbox), with the package imported by its npm name
// from tests/node_modules, so Deno's resolver picks the "deno" condition of the exports map.
// Minimal permissions (js/ is read by the hostile set's Workers):
//
//   cd tests && DENO_NO_UPDATE_CHECK=1 node js/with-sandbox.mjs -- ./node_modules/.bin/deno test \
//     --allow-net=127.0.0.1:{port} --allow-env=SANDBOX_URL --allow-read=../pkg,js js/deno.test.mjs

import { AsanaConnector, AsanaError } from "asana-agent-connector";
import { createSandbox } from "asana-agent-connector/sandbox";
import { SEED } from "../sandbox/seed.mjs";
import * as assert from "./assert.mjs";
import { hostileScenarios } from "./hostile.mjs";
import { sandboxExportScenarios } from "./sandbox-export.mjs";
import { scenarios } from "./scenarios.mjs";
import { webhookScenarios } from "./webhooks.mjs";
import { wholeApiScenarios } from "./whole-api.mjs";

const sandboxUrl = Deno.env.get("SANDBOX_URL");
if (!sandboxUrl) throw new Error("SANDBOX_URL is not set: run this file through js/with-sandbox.mjs");

const shared = { AsanaConnector, AsanaError, apiUrl: `${sandboxUrl}/api/1.0`, sandboxUrl, SEED };
for (const { name, run } of [...scenarios(shared), ...wholeApiScenarios(shared)]) {
  Deno.test({ name, fn: run });
}

for (const { name, run } of webhookScenarios({ AsanaConnector, AsanaError })) {
  Deno.test({ name, fn: run });
}

// The package's sandbox entry: createSandbox().fetch as the connector's fetch, no server.
for (const { name, run } of sandboxExportScenarios({ AsanaConnector, createSandbox })) {
  Deno.test({ name, fn: run });
}

// The hostile set's core (the attacks that need only the fetch option or the sandbox over HTTP),
// each in a fresh module Worker with its own copy of the package (hostile-worker.mjs): an attack
// that traps or blocks the engine is ended by terminate() and cannot fail the next one.
const hostileArgs = { apiUrl: `${sandboxUrl}/api/1.0`, sandboxUrl, tokenUrl: `${sandboxUrl}/-/oauth_token`, SEED };
for (const { name, budgetMs } of hostileScenarios({ AsanaConnector, AsanaError, ...hostileArgs }).filter((s) => s.core)) {
  Deno.test({ name, fn: () => inWorker(name, budgetMs + 5_000) });
}

async function inWorker(name, limitMs) {
  const worker = new Worker(new URL("./hostile-worker.mjs", import.meta.url), { type: "module" });
  let timer;
  try {
    const result = await new Promise((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: { message: `no answer after ${limitMs} ms: the Worker is blocked or a wait is unbounded` } }), limitMs);
      worker.onmessage = ({ data }) => resolve(data);
      worker.onerror = (event) => {
        event.preventDefault();
        resolve({ ok: false, error: { message: `the Worker failed: ${event.message}` } });
      };
      worker.postMessage({ name, ...hostileArgs });
    });
    if (!result.ok) {
      const { name: errorName, code, message, stack, during } = result.error;
      const error = new Error(`[in a Deno Worker] ${errorName ?? "Error"}${code ? ` (${code})` : ""}: ${message}${during && errorName !== "AssertionError" ? ` (during ${during})` : ""}`);
      error.stack = `${error.message}\n${stack ?? ""}`;
      throw error;
    }
  } finally {
    clearTimeout(timer);
    worker.terminate();
  }
}

Deno.test("deno: the package resolves through its exports map to the deno entry (browser.js)", () => {
  const resolved = import.meta.resolve("asana-agent-connector");
  assert.ok(resolved.endsWith("/browser.js"), resolved);
});
