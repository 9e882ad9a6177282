// The stateful areas beyond the first release: webhooks (handshake, signed deliveries), events
// (412 then sync), batch, jobs, typeahead, uploads, custom fields, goals, portfolios and task
// relations. Plain fetch against startSandbox(). Run: node --test tests/sandbox/

import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { after, before, beforeEach, describe, test } from "node:test";
import { answerOf } from "./answer.mjs";
import { SEED, startSandbox } from "./server.mjs";

const { workspaces: W, projects: P, tasks: K, users: U, sections: S } = SEED;
let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());
beforeEach(() => sandbox.reset());

function call(path, { method = "GET", data, body, headers = {}, token = SEED.tokens.alice } = {}) {
  const init = { method, headers: { Authorization: `Bearer ${token}`, ...headers } };
  if (data !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify({ data });
  } else if (body !== undefined) init.body = body;
  return fetch(`${sandbox.apiUrl}${path}`, init).then(answerOf);
}
const post = (path, data, options) => call(path, { method: "POST", data, ...options });
const put = (path, data) => call(path, { method: "PUT", data });
const control = (path, method = "GET", body) => fetch(`${sandbox.url}/_sandbox/${path}`, {
  method, headers: body ? { "Content-Type": "application/json" } : {}, body: body && JSON.stringify(body),
}).then(answerOf);
const gids = (res) => res.json.data.map((r) => r.gid);
const violations = async () => (await control("violations")).json.data;

/** A webhook target on node:http: answers handshakes, checks every delivery's HMAC with the secret it was given. */
async function startTarget({ echo = true } = {}) {
  const target = { secret: null, deliveries: [], badSignatures: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const secret = req.headers["x-hook-secret"];
      if (secret) {
        target.secret = secret;
        res.writeHead(200, echo ? { "X-Hook-Secret": secret } : {}).end();
        return;
      }
      const expected = createHmac("sha256", target.secret ?? "").update(raw).digest("hex");
      if (req.headers["x-hook-signature"] !== expected) {
        target.badSignatures += 1;
        res.writeHead(401).end();
        return;
      }
      target.deliveries.push(JSON.parse(raw.toString("utf8")));
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  target.url = `http://127.0.0.1:${server.address().port}/hooks`;
  target.close = () => new Promise((resolve) => server.close(resolve));
  return target;
}

describe("webhooks", () => {
  test("handshake, then signed deliveries of the watched project's changes, and heartbeats", async () => {
    const target = await startTarget();
    try {
      const created = await post("/webhooks", { resource: P.website, target: target.url });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json["X-Hook-Secret"], target.secret);
      assert.match(target.secret, /^[0-9a-f]{32}$/);
      const webhook = created.json.data;
      assert.equal(webhook.resource_type, "webhook");
      assert.deepEqual(webhook.resource, { gid: P.website, resource_type: "project", name: "Website Redesign" });
      assert.equal(webhook.target, target.url);
      assert.equal(webhook.active, true);

      const task = (await post("/tasks", { name: "Hooked", projects: [P.website] })).json.data;
      await put(`/tasks/${task.gid}`, { notes: "changed" });
      await put(`/tasks/${K.paintKitchen}`, { notes: "not watched" });
      const heartbeat = await control(`webhooks/${webhook.gid}/heartbeat`, "POST");
      assert.equal(heartbeat.json.data.status, 200);
      const deliveries = (await control("webhooks/deliveries")).json.data.filter((d) => d.webhook === webhook.gid);
      assert.deepEqual(deliveries.map((d) => [d.kind, d.status]), [["handshake", 200], ["events", 200], ["events", 200], ["heartbeat", 200]]);
      assert.equal(target.badSignatures, 0);
      assert.equal(target.deliveries.length, 3);
      const [added] = target.deliveries[0].events;
      assert.equal(added.action, "added");
      assert.deepEqual(added.resource, { gid: task.gid, resource_type: "task", name: "Hooked", resource_subtype: "default_task" });
      assert.equal(added.parent.gid, P.website);
      assert.equal(added.user.gid, U.alice);
      assert.ok(Date.parse(added.created_at));
      const [changed] = target.deliveries[1].events;
      assert.deepEqual([changed.action, changed.change], ["changed", { field: "notes", action: "changed" }]);
      assert.deepEqual(target.deliveries[2], { events: [] });
      assert.ok((await call(`/webhooks/${webhook.gid}`)).json.data.last_success_at);
    } finally {
      await target.close();
    }
  });

  test("filters select the events delivered; list, update and delete", async () => {
    const created = await post("/webhooks", { resource: P.website, target: SEED.hookTarget, filters: [{ resource_type: "task", action: "changed" }] });
    assert.equal(created.status, 201, created.text);
    const { gid } = created.json.data;
    await post("/tasks", { name: "Not delivered (added)", projects: [P.website] });
    await put(`/tasks/${K.homepage}`, { notes: "delivered" });
    const mine = (await control("webhooks/deliveries")).json.data.filter((d) => d.webhook === gid && d.kind === "events");
    assert.equal(mine.length, 1);
    assert.equal(JSON.parse(mine[0].body).events[0].resource.gid, K.homepage);
    assert.equal(mine[0].signature, createHmac("sha256", created.json["X-Hook-Secret"]).update(mine[0].body).digest("hex"));

    assert.deepEqual(gids(await call(`/webhooks?workspace=${W.acme}`)), [gid]);
    assert.deepEqual(gids(await call(`/webhooks?workspace=${W.personal}`)), [SEED.webhooks.home]);
    const updated = await put(`/webhooks/${gid}`, { filters: [{ resource_type: "story" }] });
    assert.equal(updated.json.data.filters[0].resource_type, "story");
    assert.deepEqual((await call(`/webhooks/${gid}`, { method: "DELETE" })).json, { data: {} });
    assert.equal((await call(`/webhooks/${gid}`)).status, 404);
  });

  test("a failed handshake refuses the webhook", async () => {
    const silent = await startTarget({ echo: false });
    try {
      const res = await post("/webhooks", { resource: P.website, target: silent.url });
      assert.equal(res.status, 400);
      assert.match(res.json.errors[0].message, /^target: The handshake .* failed/);
    } finally {
      await silent.close();
    }
    assert.equal((await post("/webhooks", { resource: P.website, target: "https://hooks.sandbox.test/fail" })).status, 400);
    assert.equal((await post("/webhooks", { resource: P.website, target: "http://127.0.0.1:9/unreachable" })).status, 400);
    assert.deepEqual(gids(await call(`/webhooks?workspace=${W.acme}`)), []);
    const res = await post("/webhooks", { resource: P.website, target: "not a url" });
    assert.match(res.json.errors[0].message, /^target: Must be an http\(s\) URL/);
  });
});

describe("events", () => {
  test("412 with a fresh sync token, then the changes since it, then nothing new", async () => {
    const first = await call(`/events?resource=${P.website}`);
    assert.equal(first.status, 412);
    assert.match(first.json.errors[0].message, /^Sync token invalid or too old/);
    const { sync } = first.json;
    assert.match(sync, /^[0-9a-f]{32}$/);
    const task = (await post("/tasks", { name: "Evented", projects: [P.website] })).json.data;
    await post(`/tasks/${task.gid}/stories`, { text: "A comment" });
    await call(`/tasks/${task.gid}`, { method: "DELETE" });
    await put(`/tasks/${K.paintKitchen}`, { notes: "elsewhere" });
    const next = await call(`/events?resource=${P.website}&sync=${sync}`);
    assert.equal(next.status, 200, next.text);
    assert.deepEqual(next.json.data.map((e) => [e.action, e.resource.resource_type, e.parent?.gid ?? null]),
      [["added", "task", P.website], ["added", "story", task.gid], ["deleted", "task", null]]);
    assert.equal(next.json.has_more, false);
    const again = await call(`/events?resource=${P.website}&sync=${next.json.sync}`);
    assert.deepEqual(again.json.data, []);
    assert.equal((await call(`/events?resource=${P.mobile}&sync=${next.json.sync}`)).status, 412, "a token is bound to its resource");
  });

  test("seeded tokens, workspace events and expiry", async () => {
    await put(`/projects/${P.mobile}`, { notes: "workspace-wide" });
    const workspace = await call(`/workspaces/${W.acme}/events?sync=${SEED.sync.acme}`);
    assert.equal(workspace.status, 200);
    assert.deepEqual(workspace.json.data.map((e) => [e.action, e.resource.gid]), [["changed", P.mobile]]);
    assert.equal((await call(`/events?resource=${P.website}&sync=${SEED.sync.website}`)).status, 200);
    assert.equal((await control("events/expire", "POST")).status, 200);
    const expired = await call(`/events?resource=${P.website}&sync=${SEED.sync.website}`);
    assert.equal(expired.status, 412);
    assert.ok(expired.json.sync);
    assert.equal((await call("/events?resource=1200000000999999")).status, 404);
    sandbox.reset();
    assert.equal((await call(`/events?resource=${P.website}&sync=${SEED.sync.website}`)).status, 200, "reset restores the seeded tokens");
  });
});

describe("batch", () => {
  test("runs up to 10 actions in order and answers each", async () => {
    const res = await post("/batch", { actions: [
      { method: "get", relative_path: "/users/me", options: { fields: ["name"] } },
      { method: "post", relative_path: "/tasks", data: { name: "From a batch", workspace: W.acme } },
      { method: "put", relative_path: `/tasks/${K.homepage}`, data: { name: "Homepage (batched)" } },
      { method: "get", relative_path: `/projects/${P.website}/tasks`, options: { limit: 2 } },
      { method: "get", relative_path: "/tasks/1200000000999999" },
      { method: "get", relative_path: "/tasks?bogus=1" },
    ] });
    assert.equal(res.status, 200, res.text);
    const results = res.json.data;
    assert.deepEqual(results.map((r) => r.status_code), [200, 201, 200, 200, 404, 400]);
    assert.deepEqual(results[0].body.data, { gid: U.alice, name: "Alice Anders" });
    assert.match(results[1].headers.location, /\/tasks\/\d+$/);
    assert.equal((await call(`/tasks/${results[1].body.data.gid}`)).json.data.name, "From a batch");
    assert.equal(results[2].body.data.name, "Homepage (batched)");
    assert.equal(results[3].body.data.length, 2);
    assert.ok(results[3].body.next_page.offset);
    assert.match(results[4].body.errors[0].message, /Unknown object/);
    assert.equal((await violations()).length, 1, "the bad action is a violation");
  });

  test("more than 10 actions, nested batches and malformed actions are refused", async () => {
    const eleven = Array.from({ length: 11 }, () => ({ method: "get", relative_path: "/users/me" }));
    assert.match((await post("/batch", { actions: eleven })).json.errors[0].message, /^actions: At most 10/);
    assert.match((await post("/batch", { actions: [{ method: "post", relative_path: "/batch", data: {} }] })).json.errors[0].message, /another batch/);
    assert.match((await post("/batch", { actions: [{ method: "patch", relative_path: "/users/me" }] })).json.errors[0].message, /^actions\[0\]\.method/);
    assert.match((await post("/batch", { actions: [{ method: "get", path: "/users/me" }] })).json.errors[0].message, /^actions\[0\]\.path: Unknown field/);
  });
});

describe("jobs", () => {
  test("duplicate answers an in-progress job whose task exists; polls report success after the configured count", async () => {
    const res = await post(`/tasks/${K.homepage}/duplicate`, { name: "Homepage copy", include: "subtasks,notes,tags" });
    assert.equal(res.status, 201, res.text);
    const job = res.json.data;
    assert.deepEqual([job.resource_type, job.resource_subtype, job.status], ["job", "duplicate_task", "in_progress"]);
    const copy = (await call(`/tasks/${job.new_task.gid}`)).json.data;
    assert.equal(copy.name, "Homepage copy");
    assert.equal(copy.notes, "Hero, feature grid and footer. See the attached spec.");
    assert.deepEqual(copy.tags.map((t) => t.gid), [SEED.tags.urgent]);
    assert.equal((await call(`/tasks/${copy.gid}/subtasks`)).json.data.length, 3);
    assert.equal((await call(`/jobs/${job.gid}`)).json.data.status, "in_progress");
    assert.equal((await call(`/jobs/${job.gid}`)).json.data.status, "succeeded");

    assert.deepEqual((await control("jobs", "POST", { pollsBeforeSuccess: 3 })).json.data, { pollsBeforeSuccess: 3 });
    const project = (await post(`/projects/${P.mobile}/duplicate`, { name: "Mobile 2", include: "members" })).json.data;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(`/jobs/${project.gid}`)).json.data.status);
    assert.deepEqual(statuses, ["in_progress", "in_progress", "in_progress", "succeeded"]);
    const copied = (await call(`/projects/${project.new_project.gid}/sections`)).json.data.map((s) => s.name);
    assert.deepEqual(copied, ["Backlog", "Sprint 1"]);
    assert.equal((await call(`/projects/${project.new_project.gid}/tasks`)).json.data.length, 5);
    assert.equal((await control("jobs", "POST", { pollsBeforeSuccess: -1 })).status, 400);
    sandbox.reset();
    assert.deepEqual((await control("jobs")).json.data, { pollsBeforeSuccess: 1 });
  });

  test("templates, exports and portfolio duplication are jobs too", async () => {
    const template = (await post(`/projects/${P.website}/saveAsTemplate`, { name: "Web template", public: false, team: SEED.teams.engineering })).json.data;
    assert.equal(template.resource_subtype, "save_as_template");
    const instantiated = (await post(`/project_templates/${template.new_project_template.gid}/instantiateProject`, { name: "From template" })).json.data;
    const sections = (await call(`/projects/${instantiated.new_project.gid}/sections`)).json.data.map((s) => s.name);
    assert.deepEqual(sections, ["To do", "In progress", "Done"]);
    const fromTask = (await post(`/task_templates/${SEED.taskTemplates.bug}/instantiateTask`, {})).json.data;
    assert.equal((await call(`/tasks/${fromTask.new_task.gid}`)).json.data.name, "Bug: ");
    const graph = (await post("/exports/graph", { parent: P.website })).json.data;
    assert.equal(graph.resource_subtype, "export_graph");
    assert.equal(graph.new_graph_export.resource_type, "graph_export");
    const portfolio = (await post(`/portfolios/${SEED.portfolios.initiatives}/duplicate`, { name: "Copy" })).json.data;
    assert.deepEqual(gids(await call(`/portfolios/${portfolio.new_portfolio.gid}/items`)), [P.website]);
  });
});

describe("typeahead", () => {
  test("matches the start of words, up to count, one page", async () => {
    const tasks = await call(`/workspaces/${W.acme}/typeahead?resource_type=task&query=home`);
    assert.deepEqual(tasks.json, { data: [{ gid: K.homepage, resource_type: "task", name: "Design homepage" }] });
    const users = await call(`/workspaces/${W.acme}/typeahead?resource_type=user&query=c`);
    assert.deepEqual(users.json.data.map((u) => u.name), ["Carol Chen"]);
    const projects = await call(`/workspaces/${W.acme}/typeahead?resource_type=project&query=web&count=1`);
    assert.equal(projects.json.data.length, 1);
    assert.equal("next_page" in projects.json, false);
    const many = await call(`/workspaces/${W.acme}/typeahead?resource_type=task&count=100`);
    assert.ok(many.json.data.length > 40);
    for (const [type, query, name] of [["goal", "relaunch", "Relaunch acme.example"], ["portfolio", "q2", "Q2 Initiatives"],
      ["custom_field", "prio", "Priority"], ["tag", "urg", "urgent"], ["team", "mark", "Marketing"]]) {
      assert.deepEqual((await call(`/workspaces/${W.acme}/typeahead?resource_type=${type}&query=${query}`)).json.data.map((r) => r.name), [name], type);
    }
    assert.equal((await call(`/workspaces/${W.acme}/typeahead?resource_type=widget`)).status, 400);
  });
});

describe("attachments", () => {
  test("a multipart upload stores the bytes; download_url serves them back", async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254, 0x80, ...Buffer.from(" binary, not UTF-8\n")]);
    const form = new FormData();
    form.set("parent", K.homepage);
    form.set("file", new Blob([bytes], { type: "application/octet-stream" }), "blob.bin");
    const res = await call("/attachments", { method: "POST", body: form });
    assert.equal(res.status, 201, res.text);
    const attachment = res.json.data;
    assert.deepEqual([attachment.name, attachment.resource_subtype, attachment.host, attachment.size], ["blob.bin", "asana", "asana", bytes.length]);
    assert.equal(attachment.parent.gid, K.homepage);
    const download = await fetch((await call(`/attachments/${attachment.gid}`)).json.data.download_url);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get("content-type"), "application/octet-stream");
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);
    assert.ok(gids(await call(`/attachments?parent=${K.homepage}`)).includes(attachment.gid));
    const log = sandbox.requests.list().find((e) => e.method === "POST");
    assert.match(log.body, /^\[multipart\/form-data, \d+ bytes\]$/);
  });

  test("external links, the name field, and refusals", async () => {
    const external = new FormData();
    for (const [k, v] of [["parent", P.website], ["resource_subtype", "external"], ["url", "https://example.com/spec"], ["name", "Spec"]]) external.set(k, v);
    const link = await call("/attachments", { method: "POST", body: external });
    assert.equal(link.status, 201, link.text);
    assert.deepEqual([link.json.data.host, link.json.data.download_url, link.json.data.view_url], ["external", null, "https://example.com/spec"]);
    const named = new FormData();
    named.set("parent", K.homepage);
    named.set("name", "notes.txt");
    named.set("file", new Blob(["hi"], { type: "text/plain" }), "ignored.txt");
    assert.equal((await call("/attachments", { method: "POST", body: named })).json.data.name, "notes.txt");
    const noFile = new FormData();
    noFile.set("parent", K.homepage);
    assert.match((await call("/attachments", { method: "POST", body: noFile })).json.errors[0].message, /^file: Missing input/);
    const unknown = new FormData();
    unknown.set("parent", K.homepage);
    unknown.set("colour", "red");
    assert.match((await call("/attachments", { method: "POST", body: unknown })).json.errors[0].message, /^colour: Unknown field/);
    const json = await post("/attachments", { parent: K.homepage });
    assert.match(json.json.errors[0].message, /multipart\/form-data/);
    assert.equal((await violations()).length, 2);
    assert.deepEqual((await call(`/attachments/${SEED.attachments.external}`, { method: "DELETE" })).json, { data: {} });
  });
});

describe("custom fields", () => {
  test("fields, enum options, settings and values on tasks, readable and searchable", async () => {
    const homepage = (await call(`/tasks/${K.homepage}?opt_fields=custom_fields`)).json.data;
    assert.deepEqual(homepage.custom_fields.map((f) => [f.name, f.display_value]), [["Priority", "High"], ["Estimate", "8.0 d"]]);
    const seo = await put(`/tasks/${K.seo}?opt_fields=custom_fields.name,custom_fields.enum_value.name`, {
      custom_fields: { [SEED.customFields.priority]: SEED.enumOptions.low } });
    assert.equal(seo.status, 200, seo.text);
    assert.deepEqual(seo.json.data.custom_fields[0], { name: "Priority", enum_value: { name: "Low" } });
    assert.match((await put(`/tasks/${K.seo}`, { custom_fields: { [SEED.customFields.priority]: SEED.enumOptions.low + "9" } })).json.errors[0].message, /not an enum option/);
    assert.equal((await put(`/tasks/${K.seo}`, { custom_fields: { "1200000000999999": "x" } })).status, 404);
    const search = await call(`/workspaces/${W.acme}/tasks/search?custom_fields.${SEED.customFields.priority}.value=${SEED.enumOptions.high}`);
    assert.deepEqual(gids(search), [K.homepage]);
    const numbers = await call(`/workspaces/${W.acme}/tasks/search?custom_fields.${SEED.customFields.estimate}.greater_than=5`);
    assert.deepEqual(gids(numbers), [K.homepage]);

    const field = await post("/custom_fields", { name: "Size", resource_subtype: "enum", workspace: W.acme, enum_options: [{ name: "S" }, { name: "L" }] });
    assert.equal(field.status, 201, field.text);
    const [small, large] = field.json.data.enum_options;
    const medium = await post(`/custom_fields/${field.json.data.gid}/enum_options`, { name: "M", insert_after: small.gid });
    assert.equal(medium.status, 201);
    assert.deepEqual((await call(`/custom_fields/${field.json.data.gid}`)).json.data.enum_options.map((o) => o.name), ["S", "M", "L"]);
    await post(`/custom_fields/${field.json.data.gid}/enum_options/insert`, { enum_option: large.gid, before_enum_option: small.gid });
    assert.deepEqual((await call(`/custom_fields/${field.json.data.gid}`)).json.data.enum_options.map((o) => o.name), ["L", "S", "M"]);
    const setting = await post(`/projects/${P.mobile}/addCustomFieldSetting`, { custom_field: field.json.data.gid, is_important: true });
    assert.equal(setting.json.data.custom_field.name, "Size");
    assert.deepEqual((await call(`/projects/${P.mobile}/custom_field_settings`)).json.data.map((s) => s.custom_field.gid), [field.json.data.gid]);
    assert.equal((await post(`/projects/${P.mobile}/addCustomFieldSetting`, { custom_field: field.json.data.gid })).status, 400);
    const task = (await call(`/tasks/${SEED.tasks.pushNotifications}?opt_fields=custom_fields.name`)).json.data;
    assert.deepEqual(task.custom_fields, [{ name: "Size" }]);
    await post(`/projects/${P.mobile}/removeCustomFieldSetting`, { custom_field: field.json.data.gid });
    assert.deepEqual((await call(`/projects/${P.mobile}/custom_field_settings`)).json.data, []);
    assert.equal((await post("/custom_fields", { name: "Nope", resource_subtype: "text", workspace: W.personal })).status, 402);
    assert.equal((await post("/custom_fields", { name: "Priority", resource_subtype: "text", workspace: W.acme })).status, 400, "names are unique");
  });
});

describe("goals, portfolios and status updates", () => {
  test("goals: create, metric, followers, supporting relationships, parent goals", async () => {
    const goal = await post("/goals", { name: "Ship the blog", workspace: W.acme, time_period: SEED.timePeriods.q2 });
    assert.equal(goal.status, 201, goal.text);
    const { gid } = goal.json.data;
    assert.equal(goal.json.data.time_period.display_name, "Q2 FY24");
    const metric = await post(`/goals/${gid}/setMetric`, { unit: "percentage", target_number_value: 100, current_number_value: 10 });
    assert.equal(metric.json.data.metric.current_display_value, "10%");
    assert.equal((await post(`/goals/${gid}/setMetricCurrentValue`, { current_number_value: 30 })).json.data.metric.current_number_value, 30);
    assert.deepEqual((await post(`/goals/${gid}/addFollowers`, { followers: [U.bob] })).json.data.followers.map((f) => f.gid), [U.alice, U.bob]);
    const relation = await post(`/goals/${SEED.goals.relaunch}/addSupportingRelationship`, { supporting_resource: gid, contribution_weight: 0.5 });
    assert.equal(relation.json.data.resource_subtype, "subgoal");
    assert.deepEqual(gids(await call(`/goals/${gid}/parentGoals`)), [SEED.goals.relaunch]);
    const relations = await call(`/goal_relationships?supported_goal=${SEED.goals.relaunch}&resource_subtype=subgoal`);
    assert.deepEqual(gids(relations), [SEED.goalRelationships.retire, relation.json.data.gid]);
    assert.deepEqual(gids(await call(`/goals?project=${P.website}`)), [SEED.goals.relaunch]);
    await post(`/goals/${SEED.goals.relaunch}/removeSupportingRelationship`, { supporting_resource: gid });
    assert.deepEqual(gids(await call(`/goals/${gid}/parentGoals`)), []);
    assert.equal((await post("/goals", { name: "Free", workspace: W.personal })).status, 402);
    assert.equal((await post(`/goals/${SEED.goals.retire}/setMetricCurrentValue`, { current_number_value: 1 })).status, 400);
  });

  test("portfolios: items, members and memberships; status updates by parent", async () => {
    const portfolio = (await post("/portfolios", { name: "Engineering", workspace: W.acme })).json.data;
    await post(`/portfolios/${portfolio.gid}/addItem`, { item: P.mobile });
    await post(`/portfolios/${portfolio.gid}/addItem`, { item: P.website, insert_before: P.mobile });
    assert.deepEqual(gids(await call(`/portfolios/${portfolio.gid}/items`)), [P.website, P.mobile]);
    await post(`/portfolios/${portfolio.gid}/removeItem`, { item: P.mobile });
    assert.deepEqual(gids(await call(`/portfolios/${portfolio.gid}/items`)), [P.website]);
    assert.equal((await post(`/portfolios/${portfolio.gid}/addItem`, { item: P.home })).status, 400, "another workspace");
    const members = await post(`/portfolios/${portfolio.gid}/addMembers`, { members: `${U.bob},${SEED.emails.carol}` });
    assert.deepEqual(members.json.data.members.map((m) => m.gid), [U.alice, U.bob, U.carol]);
    const memberships = await call(`/portfolios/${portfolio.gid}/portfolio_memberships?user=${U.bob}`);
    assert.equal(memberships.json.data[0].user.gid, U.bob);
    assert.equal((await call(`/portfolio_memberships/${memberships.json.data[0].gid}`)).status, 200);
    await post(`/portfolios/${portfolio.gid}/removeMembers`, { members: U.bob });
    assert.equal((await call(`/portfolio_memberships/${memberships.json.data[0].gid}`)).status, 404, "a membership goes with the fact");
    assert.equal((await post("/portfolios", { name: "Free", workspace: W.personal })).status, 402);

    const update = await post("/status_updates", { parent: portfolio.gid, text: "All good", status_type: "on_track" });
    assert.equal(update.status, 201);
    assert.equal(update.json.data.resource_subtype, "portfolio_status_update");
    assert.equal((await call(`/portfolios/${portfolio.gid}`)).json.data.current_status_update.gid, update.json.data.gid);
    assert.deepEqual(gids(await call(`/status_updates?parent=${portfolio.gid}`)), [update.json.data.gid]);
    assert.deepEqual(gids(await call(`/status_updates?parent=${P.website}`)), [SEED.statusUpdates.website]);
    await call(`/status_updates/${update.json.data.gid}`, { method: "DELETE" });
    assert.deepEqual(gids(await call(`/status_updates?parent=${portfolio.gid}`)), []);
    assert.equal((await post("/status_updates", { parent: K.homepage, text: "x", status_type: "on_track" })).status, 404, "tasks have no status");
  });
});

describe("task relations", () => {
  test("projects, followers, dependencies, dependents, parent, stories", async () => {
    assert.deepEqual((await post(`/tasks/${K.homepage}/addProject`, { project: P.mobile, section: S.sprint })).json, { data: {} });
    assert.deepEqual(gids(await call(`/tasks/${K.homepage}/projects`)), [P.website, P.mobile]);
    assert.equal(gids(await call(`/sections/${S.sprint}/tasks`)).at(-1), K.homepage);
    await post(`/tasks/${K.homepage}/removeProject`, { project: P.mobile });
    assert.deepEqual(gids(await call(`/tasks/${K.homepage}/projects`)), [P.website]);
    assert.equal((await post(`/tasks/${K.homepage}/addProject`, { project: P.home })).status, 400);

    const followed = await post(`/tasks/${K.homepage}/addFollowers`, { followers: [U.carol, SEED.emails.dave] });
    assert.deepEqual(followed.json.data.followers.map((f) => f.gid), [U.alice, U.bob, U.carol, U.dave]);
    await post(`/tasks/${K.homepage}/removeFollowers`, { followers: [U.bob] });
    assert.deepEqual((await call(`/tasks/${K.homepage}`)).json.data.followers.map((f) => f.gid), [U.alice, U.carol, U.dave]);

    await post(`/tasks/${K.homepage}/addDependencies`, { dependencies: [K.seo] });
    assert.deepEqual(gids(await call(`/tasks/${K.homepage}/dependencies`)), [K.wireframes, K.seo]);
    assert.equal((await post(`/tasks/${K.wireframes}/addDependencies`, { dependencies: [K.homepage] })).status, 400, "no cycles");
    await post(`/tasks/${K.homepage}/addDependents`, { dependents: [K.login] });
    assert.deepEqual(gids(await call(`/tasks/${K.homepage}/dependents`)), [K.qa, K.login]);
    await post(`/tasks/${K.homepage}/removeDependents`, { dependents: [K.qa] });
    await post(`/tasks/${K.homepage}/removeDependencies`, { dependencies: [K.wireframes] });
    assert.deepEqual(gids(await call(`/tasks/${K.homepage}/dependencies`)), [K.seo]);
    assert.deepEqual(gids(await call(`/tasks/${K.homepage}/dependents`)), [K.login]);
    assert.equal((await post(`/tasks/${K.paintKitchen}/addDependencies`, { dependencies: [K.groceries] })).status, 402);

    const moved = await post(`/tasks/${K.footer}/setParent`, { parent: K.heroSection });
    assert.equal(moved.json.data.parent.gid, K.heroSection);
    assert.deepEqual(gids(await call(`/tasks/${K.homepage}/subtasks`)), [K.heroSection, K.featureGrid]);
    assert.equal((await post(`/tasks/${K.homepage}/setParent`, { parent: K.footer })).status, 400, "no cycles");
    await post(`/tasks/${K.footer}/setParent`, { parent: K.homepage, insert_before: K.heroSection });
    assert.deepEqual(gids(await call(`/tasks/${K.homepage}/subtasks`)), [K.footer, K.heroSection, K.featureGrid]);
    const sub = await post(`/tasks/${K.homepage}/subtasks`, { name: "Sub via path" });
    assert.equal(sub.json.data.parent.gid, K.homepage);

    const stories = await call(`/tasks/${K.homepage}/stories`);
    assert.deepEqual(stories.json.data.map((s) => s.text.slice(0, 6)), ["Can we", "No, th"]);
    const [bobs, alices] = gids(stories);
    assert.equal((await put(`/stories/${alices}`, { text: "Edited" })).json.data.text, "Edited");
    assert.equal((await put(`/stories/${bobs}`, { text: "Not mine" })).status, 403);
    assert.equal((await put(`/stories/${bobs}`, { is_pinned: true })).json.data.is_pinned, true);
    await call(`/stories/${bobs}`, { method: "DELETE" });
    assert.deepEqual(gids(await call(`/tasks/${K.homepage}/stories`)), [alices]);
    assert.deepEqual(gids(await call(`/tasks/${K.homepage}/tags`)), [SEED.tags.urgent]);
  });

  test("sections insert, team and workspace memberships, custom ids, task counts", async () => {
    await post(`/projects/${P.website}/sections/insert`, { section: S.done, after_section: S.todo });
    assert.deepEqual(gids(await call(`/projects/${P.website}/sections`)), [S.todo, S.done, S.inProgress]);
    assert.equal((await post(`/projects/${P.website}/sections/insert`, { section: S.backlog, before_section: S.todo })).status, 400);
    const membership = await post(`/teams/${SEED.teams.marketing}/addUser`, { user: U.dave });
    assert.deepEqual([membership.json.data.resource_type, membership.json.data.user.gid], ["team_membership", U.dave]);
    assert.equal((await call(`/team_memberships?team=${SEED.teams.marketing}`)).json.data.length, 3);
    await post(`/teams/${SEED.teams.marketing}/removeUser`, { user: U.dave });
    assert.equal((await call(`/team_memberships/${membership.json.data.gid}`)).status, 404);
    await post(`/workspaces/${W.personal}/removeUser`, { user: U.alice });
    assert.equal((await call(`/workspaces/${W.personal}`)).status, 404);
    assert.equal((await call(`/workspaces/${W.acme}/tasks/custom_id/WEB-16`)).json.data.name, "Navigation menu");
    assert.equal((await call(`/workspaces/${W.acme}/tasks/custom_id/WEB-99`)).status, 404);
    assert.deepEqual((await call(`/projects/${P.mobile}/task_counts?opt_fields=num_tasks,num_milestones`)).json.data, { num_tasks: 5, num_milestones: 1 });
  });
});
