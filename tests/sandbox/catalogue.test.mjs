// The sandbox serves every catalogue operation: examples.mjs's valid call of each one, sent over
// raw fetch (the HTTP request built here from the catalogue row), answers 2xx, and the sandbox
// logs no violation; requests that break the catalogue are refused and logged.
// Run: node --test tests/sandbox/

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, beforeEach, describe, test } from "node:test";
import { catalog } from "../../pkg/catalog.js";
import { answerOf } from "./answer.mjs";
import { OPERATIONS, matchOperation } from "../../pkg/sandbox/catalogue.js";
import { exampleCalls, httpRequestOf } from "./examples.mjs";
import { buildShapes, renderShapes } from "./gen-shapes.mjs";
import { HANDLERS } from "../../pkg/sandbox/routes/index.js";
import { SEED, startSandbox } from "./server.mjs";

const ALL = catalog().operations;
let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());
beforeEach(() => sandbox.reset());

const rowOf = (entity, action) => ALL.find((op) => op.entity === entity && op.action === action);
const api = (path, init = {}) => fetch(`${sandbox.apiUrl}${path}`, {
  ...init, headers: { Authorization: `Bearer ${SEED.tokens.alice}`, ...(init.body ? { "Content-Type": "application/json" } : {}), ...init.headers },
}).then(answerOf);
const violations = () => fetch(`${sandbox.url}/_sandbox/violations`).then((res) => res.json()).then((json) => json.data);

describe("the catalogue is served", () => {
  test("every operation has a route; hand-written handlers are all catalogue operations", () => {
    assert.equal(ALL.length, 248);
    assert.equal(OPERATIONS.length, 247);
    for (const row of OPERATIONS) {
      const sample = row.path.replace(/\{(\w+)\}/g, "1200000000000001");
      assert.equal(matchOperation(row.method, sample)?.row, row, `${row.method} ${row.path}`);
    }
    const keys = new Set(OPERATIONS.map((row) => `${row.method} ${row.path}`));
    for (const key of HANDLERS.keys()) assert.ok(keys.has(key), `handler ${key} is not a catalogue operation`);
  });

  test("pkg/sandbox/shapes.js is up to date with the spec (node tests/sandbox/gen-shapes.mjs rewrites it)", () => {
    assert.equal(readFileSync(new URL("../../pkg/sandbox/shapes.js", import.meta.url), "utf8"), renderShapes(buildShapes()));
  });

  test("exampleCalls names every (entity, action) pair exactly once", () => {
    const calls = exampleCalls(SEED);
    const names = calls.map((c) => `${c.entity}/${c.action}`);
    assert.equal(new Set(names).size, names.length, `duplicates: ${names.filter((n, i) => names.indexOf(n) !== i)}`);
    assert.deepEqual([...names].sort(), ALL.map((op) => `${op.entity}/${op.action}`).sort());
    assert.deepEqual(calls.filter((c) => c.skip).map((c) => `${c.entity}/${c.action}`), ["attachments/download"]);
  });

  test("every example call answers 2xx over raw fetch, in one pass, with no violation", async () => {
    const failures = [];
    for (const { entity, action, params, skip } of exampleCalls(SEED)) {
      if (skip) continue;
      const row = rowOf(entity, action);
      const { url, init } = httpRequestOf(row, params, { apiUrl: sandbox.apiUrl, token: SEED.tokens.alice });
      const res = await fetch(url, init);
      const text = await res.text();
      if (res.status < 200 || res.status > 299) failures.push(`${entity}/${action} ${init.method} ${url.slice(sandbox.apiUrl.length)}: ${res.status} ${text.slice(0, 300)}`);
      else assert.doesNotThrow(() => JSON.parse(text), `${entity}/${action}: JSON`);
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await violations(), []);
    assert.deepEqual(sandbox.violations(), []);
  });
});

describe("violations", () => {
  test("unknown param, unknown field, bad enum, bad kinds, missing required: 400 and logged", async () => {
    const cases = [
      [`/tasks/${SEED.tasks.homepage}?colour=red`, {}, /^colour: Unknown parameter/],
      ["/tasks", { method: "POST", body: JSON.stringify({ data: { name: "x", workspace: SEED.workspaces.acme, colour: "red" } }) }, /^colour: Unknown field/],
      ["/status_updates", { method: "POST", body: JSON.stringify({ data: { parent: SEED.projects.website, text: "x", status_type: "fine" } }) }, /^status_type: Must be one of/],
      [`/ooo_entries?workspace=${SEED.workspaces.acme}`, {}, /^user: Missing input/],
      ["/time_tracking_categories", { method: "POST", body: JSON.stringify({ data: { workspace: SEED.workspaces.acme } }) }, /^name: Missing input/],
      [`/projects?archived=maybe`, {}, /^archived: Must be true or false/],
      [`/workspaces/${SEED.workspaces.acme}/typeahead?resource_type=task&count=0`, {}, /^count: Must be an integer between 1 and 100/],
      [`/time_periods?workspace=${SEED.workspaces.acme}&start_on=soon`, {}, /^start_on: Must be a date/],
      [`/goals/${SEED.goals.relaunch}/setMetric`, { method: "POST", body: JSON.stringify({ data: { precision: 1.5 } }) }, /^precision: Must be an integer/],
      ["/allocations/abc", {}, /^allocation_gid: Not a recognized ID: abc/],
    ];
    for (const [path, init, pattern] of cases) {
      const res = await api(path, init);
      assert.equal(res.status, 400, `${path}: ${res.text}`);
      assert.match(res.json.errors[0].message, pattern, path);
      assert.match(res.json.errors[0].help, /developers\.asana\.com/);
    }
    const logged = await violations();
    assert.equal(logged.length, cases.length);
    assert.deepEqual(Object.keys(logged[0]).filter((k) => ["method", "path", "operationId", "problem"].includes(k)).sort(), ["method", "operationId", "path", "problem"]);
    assert.equal(logged[0].operationId, "getTask");
    assert.equal(logged[1].operationId, "createTask");
    assert.match(logged[2].problem, /^status_type: /);
  });

  test("unmatched routes are violations too; the log clears on reset and on DELETE", async () => {
    assert.equal((await api("/nothing/here")).status, 404);
    assert.equal((await api("/workspaces", { method: "DELETE" })).status, 404);
    const logged = await violations();
    assert.deepEqual(logged.map((v) => [v.method, v.path, v.operationId]), [["GET", "/nothing/here", null], ["DELETE", "/workspaces", null]]);
    await fetch(`${sandbox.url}/_sandbox/violations`, { method: "DELETE" });
    assert.deepEqual(await violations(), []);
    await api("/nothing");
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: "POST" });
    assert.deepEqual(await violations(), []);
  });

  test("departures Asana tolerates are served but still logged", async () => {
    const users = await api(`/workspaces/${SEED.workspaces.acme}/users?limit=1`);
    assert.equal(users.status, 200);
    const [logged] = await violations();
    assert.match(logged.problem, /^limit: Unknown parameter.*ignored/);
  });

  test("a valid request logs nothing, whatever its answer", async () => {
    assert.equal((await api(`/tasks/${SEED.tasks.homepage}?opt_fields=name&opt_pretty=true`)).status, 200);
    assert.equal((await api("/tasks/1200000000999999")).status, 404);
    assert.equal((await api(`/events?resource=${SEED.projects.website}`)).status, 412);
    assert.deepEqual(await violations(), []);
  });
});

describe("generic records", () => {
  test("create, get, update, list and delete round-trip for a generic type", async () => {
    const created = await api("/rates", { method: "POST", body: JSON.stringify({ data: { parent: SEED.projects.launch, resource: SEED.users.alice, rate: 75 } }) });
    assert.equal(created.status, 201, created.text);
    const rate = created.json.data;
    assert.equal(rate.resource_type, "rate");
    assert.match(rate.gid, /^\d+$/);
    assert.deepEqual(rate.parent, { gid: SEED.projects.launch, resource_type: "project", name: "Launch Plan" });
    assert.equal(rate.resource.gid, SEED.users.alice);
    assert.equal(created.headers.get("location"), `${sandbox.apiUrl}/rates/${rate.gid}`);
    assert.deepEqual((await api(`/rates/${rate.gid}`)).json.data, rate);
    const updated = await api(`/rates/${rate.gid}`, { method: "PUT", body: JSON.stringify({ data: { rate: 80 } }) });
    assert.equal(updated.json.data.rate, 80);
    const list = await api(`/rates?parent=${SEED.projects.launch}&limit=10`);
    assert.deepEqual(list.json.data.map((r) => r.gid), [rate.gid]);
    assert.equal(list.json.next_page, null);
    assert.deepEqual((await api(`/rates/${rate.gid}`, { method: "DELETE" })).json, { data: {} });
    assert.equal((await api(`/rates/${rate.gid}`)).status, 404);
    assert.equal((await api("/rates", { method: "POST", body: JSON.stringify({ data: { parent: "1200000000999999", resource: SEED.users.alice, rate: 1 } }) })).status, 404);
  });

  test("records have every field of Asana's schema; lists page with offsets", async () => {
    const { json } = await api(`/time_tracking_entries/${SEED.timeTrackingEntries.homepage}`);
    assert.deepEqual(Object.keys(json.data).slice(0, 12), ["gid", "resource_type", "duration_minutes", "entered_on", "attributable_to", "created_by",
      "categories", "task", "created_at", "approval_status", "billable_status", "description"]);
    assert.deepEqual(json.data.categories, [{ gid: SEED.timeTrackingCategories.development, resource_type: "time_tracking_category", name: "Development", color: "blue" }]);
    const first = await api(`/roles?workspace=${SEED.workspaces.acme}&limit=1`);
    assert.equal(first.json.data.length, 1);
    const second = await api(`/roles?workspace=${SEED.workspaces.acme}&limit=1&offset=${first.json.next_page.offset}`);
    assert.notEqual(second.json.data[0].gid, first.json.data[0].gid);
    const selected = await api(`/goals/${SEED.goals.relaunch}?opt_fields=name,owner.name,metric`);
    assert.deepEqual(Object.keys(selected.json.data), ["gid", "name", "owner", "metric"]);
    assert.deepEqual(selected.json.data.owner, { gid: SEED.users.alice, name: "Alice Anders" });
  });
});
