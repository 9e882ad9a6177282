// workerd: one connector in global scope serving concurrent requests (global-worker.mjs). While
// one request renews the OAuth token, the others wait on their own timers and then read the new
// token as plain data: every request succeeds, with one renewal, and workerd reports no I/O
// shared across requests.
//
//   node --test tests/js/workerd-global.test.mjs

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SEED, startSandbox } from "../sandbox/server.mjs";
import { startWorkers, workerModules } from "../workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
let sandbox;
let mf;
let dispose;
const logs = [];

before(async () => {
  sandbox = await startSandbox();
  const { Log, LogLevel } = await import("miniflare");
  class Capture extends Log {
    log(message) {
      logs.push(message);
    }
  }
  ({ mf, dispose } = await startWorkers({
    modules: workerModules(join(here, "global-worker.mjs")),
    log: new Capture(LogLevel.WARN),
    bindings: {
      API_URL: sandbox.apiUrl,
      TOKEN_URL: `${sandbox.url}/-/oauth_token`,
      REFRESH_TOKEN: SEED.oauth.refreshToken,
      CLIENT_ID: SEED.oauth.clientId,
      CLIENT_SECRET: SEED.oauth.clientSecret,
    },
  }));
});

after(async () => {
  try {
    await dispose?.();
  } finally {
    await sandbox?.close();
  }
});

async function burst(n) {
  const answers = await Promise.all(Array.from({ length: n }, () => mf.dispatchFetch(`http://worker.test/?task=${SEED.tasks.homepage}`)));
  return Promise.all(answers.map((a) => a.json()));
}

test("concurrent requests share one renewal through a global connector, with no cross-request I/O", { timeout: 30_000 }, async () => {
  sandbox.oauth.set({ delayMs: 300 }); // a slow renewal, so requests overlap it
  const first = await burst(8);
  assert.deepEqual(first.filter((r) => !r.ok), [], "failed requests");
  assert.ok(first.every((r) => r.user === SEED.users.alice && r.task === SEED.tasks.homepage));
  assert.equal(sandbox.stats().oauth.refreshes, 1, "renewals for 8 concurrent requests × 3 calls");
  sandbox.oauth.expire();
  const second = await burst(8);
  assert.deepEqual(second.filter((r) => !r.ok), [], "failed requests after expiry");
  assert.equal(sandbox.stats().oauth.refreshes, 2, "one more renewal after the tokens expired");
  const crossRequest = logs.filter((line) => /different request|Cannot perform I\/O|hung/i.test(String(line)));
  assert.deepEqual(crossRequest, [], "workerd warnings about cross-request I/O");
});
