// Load: 2,000 mixed reads and writes at concurrency 100 through one connector, against a
// loopback sandbox enforcing Asana's concurrent limits (50 reads, 15 writes) and a per-minute
// quota. Expect zero failed calls and every write applied exactly once; the 429s received are
// reported. Bounded in count and time; loopback only.
//
//   node --test tests/load/load.test.mjs

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { AsanaConnector } from "asana-agent-connector";
import { SEED, startSandbox } from "../sandbox/server.mjs";

const CALLS = 2_000;
const CONCURRENCY = 100;

let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());

test(`${CALLS} mixed calls at concurrency ${CONCURRENCY}: no failure, no lost or duplicated write`, { timeout: 120_000 }, async () => {
  sandbox.limits.set({ concurrentReads: 50, concurrentWrites: 15, perMinute: 2_400, retryAfterSeconds: 1 });
  const asana = new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: sandbox.apiUrl });
  const run = `load-${Date.now()}`;
  // Every 4th call is a write: creates with unique names, and updates of the homepage task's notes.
  const calls = Array.from({ length: CALLS }, (_, i) => {
    if (i % 8 === 0) return () => asana.execute("tasks", "create", { data: { name: `${run}-${i}`, workspace: SEED.workspaces.acme, projects: [SEED.projects.mobile] } });
    if (i % 8 === 4) return () => asana.execute("tasks", "update", { task_gid: SEED.tasks.login, data: { notes: `${run}-${i}` } });
    if (i % 2 === 1) return () => asana.execute("tasks", "get", { task_gid: SEED.tasks.homepage, opt_fields: ["name", "completed"] });
    return () => asana.execute("project_tasks", "list", { project_gid: SEED.projects.website, limit: 20 });
  });
  const failures = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < calls.length) {
      const call = calls[next++];
      try {
        await call();
      } catch (error) {
        failures.push(`${error.code}: ${error.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const stats = sandbox.stats();
  const created = sandbox.store.tasks ? [...sandbox.store.tasks.values()].filter((t) => t.name?.startsWith(run)) : null;
  const creates = calls.filter((_, i) => i % 8 === 0).length;
  const listed = await asana.execute("project_tasks", "list", { project_gid: SEED.projects.mobile, limit: 100 });
  let names = listed.data.map((t) => t.name);
  for (let page = listed.meta.next_page; page; ) {
    const more = await asana.execute("project_tasks", "list", { project_gid: SEED.projects.mobile, limit: 100, offset: page.offset });
    names = names.concat(more.data.map((t) => t.name));
    page = more.meta.next_page;
  }
  const ours = names.filter((n) => n.startsWith(run));
  console.log(`load: ${CALLS} calls in ${seconds.toFixed(2)} s (${Math.round(CALLS / seconds)} calls/s), ${failures.length} failed, 429s received: ${stats.rateLimited}, creates: ${ours.length}/${creates}`);
  assert.deepEqual(failures, []);
  assert.equal(ours.length, creates, "every create applied");
  assert.equal(new Set(ours).size, creates, "no create applied twice");
  if (created) assert.equal(created.length, creates);
  assert.ok(stats.requests <= CALLS + 20 + stats.rateLimited, `requests sent ${stats.requests}`);
});
