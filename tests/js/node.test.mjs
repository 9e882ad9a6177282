// Node: the scenarios (scenarios.mjs, then modes.mjs and reliability.mjs, then hostile.mjs) against
// an in-process sandbox, with the package imported by its npm name (tests/package.json has
// "asana-agent-connector": "file:../pkg", so the exports map picks the "node" entry exactly as it
// would for a user).
//
//   cd tests && node --test js/node.test.mjs

import { after, test } from "node:test";
import { readFileSync } from "node:fs";
import { AsanaConnector, AsanaError } from "asana-agent-connector";
import { createSandbox } from "asana-agent-connector/sandbox";
import { SEED, startSandbox } from "../sandbox/server.mjs";
import * as assert from "./assert.mjs";
import { hostileScenarios } from "./hostile.mjs";
import { runIsolated } from "./isolated.mjs";
import { modeScenarios } from "./modes.mjs";
import { reliabilityScenarios } from "./reliability.mjs";
import { sandboxExportScenarios } from "./sandbox-export.mjs";
import { scenarios } from "./scenarios.mjs";
import { webhookScenarios } from "./webhooks.mjs";
import { wholeApiScenarios } from "./whole-api.mjs";

const sandbox = await startSandbox();
after(() => sandbox.close());

// The shared set (run in all four runtimes), then the OAuth/hosted and reliability sets.
const args = { AsanaConnector, AsanaError, apiUrl: sandbox.apiUrl, sandboxUrl: sandbox.url, SEED };
for (const { name, run } of [...scenarios(args), ...modeScenarios(args), ...reliabilityScenarios(args), ...webhookScenarios(args), ...wholeApiScenarios(args)]) {
  test(name, { timeout: 30_000 }, run);
}

// The package's sandbox entry: createSandbox().fetch as the connector's fetch, no server.
for (const { name, run } of sandboxExportScenarios({ AsanaConnector, createSandbox })) {
  test(name, { timeout: 30_000 }, run);
}

// The hostile set: each scenario in its own process (isolated.mjs), since some attacks trap or
// poison the wasm, block the event loop or exhaust memory, and must not take the others down.
for (const { name, budgetMs } of hostileScenarios({ ...args, tokenUrl: `${sandbox.url}/-/oauth_token` })) {
  test(name, { timeout: budgetMs + 20_000 }, () => runIsolated(name, { sandboxUrl: sandbox.url, budgetMs }));
}

test("node: the package resolves through its exports map to the node entry", () => {
  assert.ok(import.meta.resolve("asana-agent-connector").endsWith("/node.js"), import.meta.resolve("asana-agent-connector"));
});

test("node: the generated Operations type (operations.d.ts) equals listEntities()", () => {
  const dts = readFileSync(new URL(import.meta.resolve("asana-agent-connector/package.json").replace(/package\.json$/, "operations.d.ts")), "utf8");
  const block = /export interface Operations \{([\s\S]*?)\n\}/.exec(dts);
  assert.ok(block, "operations.d.ts declares interface Operations");
  const typed = {};
  let entity;
  for (const line of block[1].split("\n")) {
    let m;
    if ((m = /^  (\w+): \{$/.exec(line))) typed[(entity = m[1])] = [];
    // context_store_search is typed for hosted connectors; the static listEntities() is local.
    else if ((m = /^    (\w+): \{ params:/.exec(line)) && m[1] !== "context_store_search") typed[entity].push(m[1]);
  }
  const listed = Object.fromEntries(AsanaConnector.listEntities().map((e) => [e.entity, e.actions.map((a) => a.action)]));
  const sorted = (map) => Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, [...v].sort()]));
  assert.deepEqual(sorted(typed), sorted(listed), "Operations in index.d.ts vs listEntities()");
});
