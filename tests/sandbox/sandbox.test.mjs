// Self-test of the sandbox: plain fetch against startSandbox(). Run: node --test tests/sandbox/

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { SEED, startSandbox } from "./server.mjs";
import { answerOf } from "./answer.mjs";

const { tokens: TOKENS, workspaces: WS, projects: P, sections: S, tasks: T, tags: TAGS, users: U, teams: TEAMS } = SEED;

let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());
beforeEach(() => sandbox.reset());

/** One API call; `path` is relative to the API root unless absolute. */
async function call(path, { method = "GET", body, token = TOKENS.alice, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers["Content-Type"] ??= "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  const res = await fetch(path.startsWith("http") ? path : `${sandbox.apiUrl}${path}`, init);
  return answerOf(res);
}
const post = (path, data, options) => call(path, { method: "POST", body: { data }, ...options });
const put = (path, data, options) => call(path, { method: "PUT", body: { data }, ...options });
const control = (path, method = "POST", body) => fetch(`${sandbox.url}/_sandbox/${path}`, {
  method, headers: body ? { "Content-Type": "application/json" } : {}, body: body && JSON.stringify(body),
}).then(async (res) => ({ status: res.status, json: await res.json() }));

function assertError(res, status, pattern) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get("content-type"), "application/json; charset=UTF-8");
  assert.ok(Array.isArray(res.json.errors) && res.json.errors.length >= 1, res.text);
  assert.match(res.json.errors[0].message, pattern);
  assert.match(res.json.errors[0].help, /developers\.asana\.com/);
}
const gids = (res) => res.json.data.map((r) => r.gid);

describe("envelopes and records", () => {
  test("lists are compact, with next_page only when limit is sent", async () => {
    const all = await call("/workspaces");
    assert.equal(all.status, 200);
    assert.equal(all.headers.get("content-type"), "application/json; charset=UTF-8");
    assert.equal(all.headers.get("access-control-allow-origin"), "*");
    assert.deepEqual(all.json, { data: [
      { gid: WS.acme, resource_type: "workspace", name: "Acme Corp" },
      { gid: WS.personal, resource_type: "workspace", name: "Alice's Personal" },
    ] });
    const paged = await call("/workspaces?limit=1");
    assert.equal(paged.json.data.length, 1);
    assert.ok(paged.json.next_page.offset);
    const last = await call("/workspaces?limit=5");
    assert.equal(last.json.next_page, null);
  });

  test("compact task and attachment shapes", async () => {
    const tasks = await call(`/sections/${S.todo}/tasks?limit=1`);
    assert.deepEqual(tasks.json.data[0], { gid: T.homepage, resource_type: "task", name: "Design homepage",
      resource_subtype: "default_task", created_by: { gid: U.alice, resource_type: "user" } });
    const attachments = await call(`/attachments?parent=${T.homepage}`);
    assert.deepEqual(Object.keys(attachments.json.data[0]), ["gid", "resource_type", "name", "resource_subtype"]);
  });

  test("get returns the full record", async () => {
    const { json } = await call(`/tasks/${T.homepage}`);
    for (const key of ["assignee", "assignee_status", "completed", "created_at", "modified_at", "due_on", "notes", "parent",
      "permalink_url", "projects", "memberships", "followers", "tags", "hearts", "likes", "num_likes", "workspace"]) {
      assert.ok(key in json.data, key);
    }
    assert.deepEqual(json.data.assignee, { gid: U.alice, resource_type: "user", name: "Alice Anders" });
    assert.deepEqual(json.data.memberships[0].section, { gid: S.todo, resource_type: "section", name: "To do" });
    const project = await call(`/projects/${P.website}`);
    assert.equal(project.json.data.team.name, "Engineering");
    assert.equal(project.json.data.default_view, "board");
    const workspace = await call(`/workspaces/${WS.acme}`);
    assert.deepEqual(workspace.json.data, { gid: WS.acme, resource_type: "workspace", name: "Acme Corp",
      email_domains: ["acme.example"], is_organization: true });
  });

  test("opt_fields selects exactly the requested (nested) fields, on reads and writes", async () => {
    const { json } = await call(`/tasks/${T.homepage}?opt_fields=name,assignee.name,memberships.section.name,tags`);
    assert.deepEqual(json.data, {
      gid: T.homepage, name: "Design homepage", assignee: { gid: U.alice, name: "Alice Anders" },
      memberships: [{ section: { gid: S.todo, name: "To do" } }], tags: [{ gid: TAGS.urgent, resource_type: "tag" }],
    });
    const list = await call(`/projects/${P.website}/tasks?limit=2&opt_fields=due_on`);
    assert.deepEqual(list.json.data[0], { gid: T.homepage, due_on: "2024-03-15" });
    const updated = await put(`/tasks/${T.homepage}?opt_fields=name`, { name: "Homepage v2" });
    assert.deepEqual(updated.json.data, { gid: T.homepage, name: "Homepage v2" });
    const pretty = await call(`/workspaces/${WS.acme}?opt_pretty=true`);
    assert.match(pretty.text, /\n {2}"data"/);
  });
});

describe("auth", () => {
  test("missing or unknown tokens get 401", async () => {
    assertError(await call("/workspaces", { token: null }), 401, /Not Authorized/);
    assertError(await call("/workspaces", { token: "nope" }), 401, /Not Authorized/);
  });

  test("each token sees its own user and workspaces", async () => {
    const me = await call("/users/me", { token: TOKENS.bob });
    assert.equal(me.json.data.gid, U.bob);
    assert.deepEqual(gids(await call("/workspaces", { token: TOKENS.bob })), [WS.acme]);
    assertError(await call(`/workspaces/${WS.personal}`, { token: TOKENS.bob }), 404, /Unknown object/);
  });
});

describe("tasks", () => {
  test("create answers 201 with Location, and the task shows up everywhere", async () => {
    const created = await post("/tasks", { name: "Write launch FAQ", projects: [P.website], assignee: "me",
      tags: [TAGS.urgent], due_on: "2024-07-01", notes: "For support." });
    assert.equal(created.status, 201, created.text);
    const task = created.json.data;
    assert.equal(created.headers.get("location"), `${sandbox.apiUrl}/tasks/${task.gid}`);
    assert.equal(task.workspace.gid, WS.acme);
    assert.equal(task.assignee.gid, U.alice);
    assert.deepEqual(task.memberships.map((m) => m.section.gid), [S.todo]);
    assert.equal((await call(`/tasks/${task.gid}`)).json.data.name, "Write launch FAQ");
    assert.ok(gids(await call(`/projects/${P.website}/tasks`)).includes(task.gid));
    assert.ok(gids(await call(`/tags/${TAGS.urgent}/tasks`)).includes(task.gid));
    assert.ok(gids(await call(`/workspaces/${WS.acme}/tasks/search?text=launch%20faq`)).includes(task.gid));
  });

  test("create needs a workspace, unless projects or parent imply it", async () => {
    assertError(await post("/tasks", { name: "Orphan" }), 400, /^workspace: Missing input/);
    const subtask = await post("/tasks", { name: "Hero copy", parent: T.homepage });
    assert.equal(subtask.status, 201);
    assert.equal(subtask.json.data.parent.gid, T.homepage);
    assert.ok(gids(await call(`/tasks/${T.homepage}/subtasks`)).includes(subtask.json.data.gid));
  });

  test("write validation names the offending field", async () => {
    const base = { name: "x", workspace: WS.acme };
    assertError(await post("/tasks", { ...base, colour: "red" }), 400, /^colour: /);
    assertError(await post("/tasks", { ...base, resource_subtype: "section" }), 400, /^resource_subtype: /);
    assertError(await post("/tasks", { ...base, due_on: "2024-02-30" }), 400, /^due_on: /);
    assertError(await post("/tasks", { ...base, due_on: "03/01/2024" }), 400, /^due_on: /);
    assertError(await post("/tasks", { ...base, due_at: "2024-03-01" }), 400, /^due_at: /);
    assertError(await post("/tasks", { ...base, completed: "true" }), 400, /^completed: /);
    assertError(await post("/tasks", { ...base, start_on: "2024-03-01" }), 400, /^start_on: .*due_on/);
    assertError(await post("/tasks", { ...base, due_on: "2024-03-01", due_at: "2024-03-01T10:00:00Z" }), 400, /^due_on: /);
    assertError(await post("/tasks", { ...base, workspace: "acme" }), 400, /^workspace: Not a recognized ID/);
    assertError(await post("/tasks", { ...base, workspace: "1200000000999999" }), 404, /Unknown object: 1200000000999999/);
    assertError(await post("/tasks", { ...base, projects: [P.home] }), 400, /^projects: /);
    assertError(await post("/tasks", { ...base, tags: [TAGS.errand] }), 400, /^tags: /);
    assertError(await post("/tasks", { ...base, html_notes: "no body" }), 400, /^html_notes: /);
    assert.equal((await post("/tasks", { ...base, due_on: "2024-03-10", start_on: "2024-03-01" })).status, 201);
  });

  test("bodies must be JSON of the form {data: {...}}", async () => {
    assertError(await call("/tasks", { method: "POST", body: { name: "x", workspace: WS.acme } }), 400, /^data: Missing input/);
    assertError(await call("/tasks", { method: "POST", body: "{not json" }), 400, /JSON/);
    assertError(await call("/tasks", { method: "POST", body: { data: [] } }), 400, /^data: /);
    assertError(await call("/tasks", { method: "POST", body: { data: { name: "x" }, extra: 1 } }), 400, /^extra: /);
    assertError(await call("/tasks", { method: "POST", body: "data=x", headers: { "Content-Type": "text/plain" } }), 400, /Content-Type/);
    assertError(await call(`/tasks/${T.homepage}/addTag`, { method: "POST" }), 400, /^data: Missing input/);
    const withOptions = await call("/tasks", { method: "POST", body: { data: { name: "o", workspace: WS.acme }, options: { fields: ["name"] } } });
    assert.deepEqual(Object.keys(withOptions.json.data), ["gid", "name"]);
  });

  test("update changes state; completing sets completed_at", async () => {
    const res = await put(`/tasks/${T.homepage}`, { completed: true, name: "Homepage (done)", assignee: U.carol });
    assert.equal(res.status, 200);
    assert.equal(res.json.data.completed, true);
    assert.ok(Date.parse(res.json.data.completed_at) > Date.now() - 60_000);
    assert.equal(res.json.data.assignee.gid, U.carol);
    const reopened = await put(`/tasks/${T.homepage}`, { completed: false });
    assert.equal(reopened.json.data.completed_at, null);
    assertError(await put(`/tasks/${T.homepage}`, { workspace: WS.acme }), 400, /^workspace: /);
    const dueAt = await put(`/tasks/${T.homepage}`, { due_at: "2024-04-01T15:30:00+02:00" });
    assert.equal(dueAt.json.data.due_at, "2024-04-01T13:30:00.000Z");
    assert.equal(dueAt.json.data.due_on, "2024-04-01");
  });

  test("delete removes the task and its subtasks", async () => {
    assert.deepEqual((await call(`/tasks/${T.homepage}`, { method: "DELETE" })).json, { data: {} });
    assertError(await call(`/tasks/${T.homepage}`), 404, new RegExp(`Unknown object: ${T.homepage}`));
    assertError(await call(`/tasks/${T.heroSection}`), 404, /Unknown object/);
    assert.ok(!gids(await call(`/tasks/${T.qa}/dependencies`)).includes(T.homepage));
  });

  test("GET /tasks needs project, section, tag or assignee+workspace", async () => {
    assertError(await call("/tasks"), 400, /exactly one of project, tag, section/);
    assertError(await call(`/tasks?workspace=${WS.acme}`), 400, /assignee \+ workspace/);
    assertError(await call(`/tasks?project=${P.website}&section=${S.todo}`), 400, /exactly one/);
    assert.equal(gids(await call(`/tasks?project=${P.website}`)).length, SEED.websiteTaskCount);
    const mine = gids(await call(`/tasks?workspace=${WS.acme}&assignee=me`));
    assert.ok(mine.includes(T.homepage) && mine.includes(T.quarterlyReview) && !mine.includes(T.paintKitchen));
    const byEmail = gids(await call(`/tasks?workspace=${WS.acme}&assignee=${SEED.emails.bob}`));
    assert.ok(byEmail.includes(T.contactForm));
    assert.deepEqual(gids(await call(`/tasks?section=${S.done}&completed_since=now`)), []);
    assertError(await call(`/tasks?project=${P.website}&modified_since=yesterday`), 400, /^modified_since: /);
  });

  test("ids: malformed is 400, unknown is 404, unknown route is 404", async () => {
    assertError(await call("/tasks/abc"), 400, /^task_gid: Not a recognized ID: abc/);
    assertError(await call("/tasks/1200000000999999"), 404, /^Unknown object: 1200000000999999/);
    assertError(await call(`/tasks/${P.website}`), 404, /Unknown object/);
    assertError(await call("/nothing/here"), 404, /No matching route for request/);
    assertError(await call("/workspaces", { method: "DELETE" }), 404, /No matching route/);
    assertError(await call(`/projects/${P.website}/tasks?completed_since=soon`), 400, /^completed_since: /);
  });
});

describe("task relations", () => {
  test("subtasks, dependencies and dependents", async () => {
    assert.deepEqual(gids(await call(`/tasks/${T.homepage}/subtasks`)), [T.heroSection, T.featureGrid, T.footer]);
    assert.deepEqual(gids(await call(`/tasks/${T.homepage}/dependencies`)), [T.wireframes]);
    assert.deepEqual(gids(await call(`/tasks/${T.homepage}/dependents`)), [T.qa]);
    assertError(await call(`/tasks/${T.paintKitchen}/dependencies`), 402, /premium/);
  });

  test("addTask moves a task between sections, at the top unless positioned", async () => {
    assert.deepEqual((await post(`/sections/${S.inProgress}/addTask`, { task: T.homepage })).json, { data: {} });
    assert.equal(gids(await call(`/sections/${S.inProgress}/tasks`))[0], T.homepage);
    assert.ok(!gids(await call(`/sections/${S.todo}/tasks`)).includes(T.homepage));
    const task = await call(`/tasks/${T.homepage}`);
    assert.deepEqual(task.json.data.memberships.map((m) => m.section.gid), [S.inProgress]);

    await post(`/sections/${S.inProgress}/addTask`, { task: T.seo, insert_after: T.navigation });
    const order = gids(await call(`/sections/${S.inProgress}/tasks`));
    assert.equal(order[order.indexOf(T.navigation) + 1], T.seo);
    assertError(await post(`/sections/${S.todo}/addTask`, { task: T.qa, insert_before: T.seo, insert_after: T.seo }), 400, /insert_before/);
    assertError(await post(`/sections/${S.todo}/addTask`, { task: T.qa, insert_before: T.login }), 400, /^insert_before: /);
    assertError(await post(`/sections/${S.todo}/addTask`, {}), 400, /^task: Missing input/);
    // A task from another project joins this one.
    await post(`/sections/${S.backlog}/addTask`, { task: T.homepage });
    assert.deepEqual(gids(await call(`/tasks/${T.homepage}/projects`)), [P.website, P.mobile]);
  });

  test("addTag and removeTag", async () => {
    await post(`/tasks/${T.navigation}/addTag`, { tag: TAGS.urgent });
    assert.ok(gids(await call(`/tags/${TAGS.urgent}/tasks`)).includes(T.navigation));
    assert.deepEqual((await post(`/tasks/${T.navigation}/removeTag`, { tag: TAGS.urgent })).json, { data: {} });
    assert.ok(!gids(await call(`/tags/${TAGS.urgent}/tasks`)).includes(T.navigation));
    assert.equal((await post(`/tasks/${T.navigation}/removeTag`, { tag: TAGS.urgent })).status, 200);
    assertError(await post(`/tasks/${T.navigation}/addTag`, { tag: TAGS.errand }), 400, /^tag: /);
    assertError(await post(`/tasks/${T.navigation}/addTag`, { tag: "1200000000999999" }), 404, /Unknown object/);
  });

  test("stories are added to the task", async () => {
    const story = await post(`/tasks/${T.homepage}/stories`, { text: "Looks good!", is_pinned: true });
    assert.equal(story.status, 201);
    assert.match(story.headers.get("location"), /\/stories\/\d+$/);
    assert.equal(story.json.data.type, "comment");
    assert.equal(story.json.data.target.gid, T.homepage);
    assert.equal(story.json.data.created_by.gid, U.alice);
    assertError(await post(`/tasks/${T.homepage}/stories`, {}), 400, /^text: Missing input/);
    assertError(await post(`/tasks/${T.homepage}/stories`, { text: "x", is_pinned: "yes" }), 400, /^is_pinned: /);
    const search = await call(`/workspaces/${WS.acme}/tasks/search?commented_on_by.not=${U.alice}&text=homepage`);
    assert.ok(!gids(search).includes(T.homepage));
  });
});

describe("paging", () => {
  test("walks a project with limit=10 via next_page.offset", async () => {
    const seen = [];
    let path = `/projects/${P.website}/tasks?limit=10`;
    let pages = 0;
    for (;;) {
      const { json } = await call(path);
      seen.push(...gids({ json }));
      pages += 1;
      if (!json.next_page) break;
      assert.match(json.next_page.path, new RegExp(`^/projects/${P.website}/tasks\\?limit=10&offset=`));
      assert.equal(json.next_page.uri, `${sandbox.apiUrl}${json.next_page.path}`);
      path = `/projects/${P.website}/tasks?limit=10&offset=${encodeURIComponent(json.next_page.offset)}`;
    }
    assert.equal(pages, 4);
    assert.equal(seen.length, SEED.websiteTaskCount);
    assert.equal(new Set(seen).size, seen.length);
  });

  test("limit must be an integer from 1 to 100", async () => {
    for (const limit of ["0", "101", "abc", "2.5", ""]) {
      assertError(await call(`/projects/${P.website}/tasks?limit=${limit}`), 400, /^limit: /);
    }
    assert.equal((await call(`/projects/${P.website}/tasks?limit=100`)).json.data.length, SEED.websiteTaskCount);
  });

  test("tampered, foreign and expired offsets are refused", async () => {
    const { offset } = (await call(`/projects/${P.website}/tasks?limit=5`)).json.next_page;
    assertError(await call(`/projects/${P.website}/tasks?limit=5&offset=${offset}x`), 400, /^offset: .*invalid/);
    assertError(await call(`/projects/${P.website}/tasks?limit=5&offset=garbage`), 400, /^offset: .*invalid/);
    assertError(await call(`/projects/${P.mobile}/tasks?limit=5&offset=${offset}`), 400, /^offset: .*invalid/);
    assertError(await call(`/tasks?project=${P.website}&limit=5&offset=${offset}`), 400, /^offset: .*invalid/);
    assert.equal((await call(`/projects/${P.website}/tasks?limit=7&offset=${offset}`)).status, 200);
    assert.equal((await control("expire-offsets")).status, 200);
    assertError(await call(`/projects/${P.website}/tasks?limit=5&offset=${offset}`), 400, /^offset: .*expired.*first page/);
  });

  test("offsets expire after offsetTtlMs", async () => {
    const short = await startSandbox({ offsetTtlMs: 30 });
    try {
      const headers = { Authorization: `Bearer ${TOKENS.alice}` };
      const first = await (await fetch(`${short.apiUrl}/workspaces?limit=1`, { headers })).json();
      await new Promise((resolve) => setTimeout(resolve, 60));
      const res = await fetch(`${short.apiUrl}/workspaces?limit=1&offset=${first.next_page.offset}`, { headers });
      assert.equal(res.status, 400);
      assert.match((await res.json()).errors[0].message, /expired/);
    } finally {
      await short.close();
    }
  });
});

describe("projects", () => {
  test("lists by workspace, team and task, with the archived filter", async () => {
    assert.deepEqual(gids(await call(`/workspaces/${WS.acme}/projects?archived=false`)), [P.website, P.mobile, P.launch]);
    assert.deepEqual(gids(await call(`/teams/${TEAMS.marketing}/projects`)), [P.launch, P.legacy]);
    assert.deepEqual(gids(await call(`/projects?team=${TEAMS.marketing}&archived=true`)), [P.legacy]);
    assert.deepEqual(gids(await call(`/tasks/${T.homepage}/projects`)), [P.website]);
    assertError(await call(`/projects?archived=yes`), 400, /^archived: /);
  });

  test("create, update, delete", async () => {
    const created = await post("/projects", { name: "Q3 Campaign", workspace: WS.acme, team: TEAMS.marketing,
      default_view: "calendar", color: "light-pink", privacy_setting: "private" });
    assert.equal(created.status, 201, created.text);
    const gid = created.json.data.gid;
    assert.equal(created.json.data.team.gid, TEAMS.marketing);
    assert.deepEqual(gids(await call(`/projects/${gid}/sections`)).length, 1);
    const updated = await put(`/projects/${gid}`, { archived: true, notes: "Paused" });
    assert.equal(updated.json.data.archived, true);
    assert.equal(updated.json.data.notes, "Paused");
    assert.deepEqual((await call(`/projects/${gid}`, { method: "DELETE" })).json, { data: {} });
    assertError(await call(`/projects/${gid}`), 404, /Unknown object/);
  });

  test("enum, date and required-field violations", async () => {
    const base = { name: "P", workspace: WS.acme };
    assertError(await post("/projects", { workspace: WS.acme }), 400, /^name: Missing input/);
    assertError(await post("/projects", { name: "  " , workspace: WS.acme }), 400, /^name: Missing input/);
    assertError(await post("/projects", { name: "P" }), 400, /^workspace: Missing input/);
    assertError(await post("/projects", { ...base, default_view: "gantt" }), 400, /^default_view: /);
    assertError(await post("/projects", { ...base, privacy_setting: "secret" }), 400, /^privacy_setting: /);
    assertError(await post("/projects", { ...base, color: "blue" }), 400, /^color: /);
    assertError(await post("/projects", { ...base, archived: 1 }), 400, /^archived: /);
    assertError(await put(`/projects/${P.website}`, { start_on: "2024-01-01" }), 400, /^start_on: /);
    assertError(await put(`/projects/${P.website}`, { start_on: "2024-05-01", due_on: "2024-05-01" }), 400, /^start_on: /);
  });
});

describe("workspaces, users, teams", () => {
  test("users by gid, me and email", async () => {
    assert.equal((await call(`/users/${U.bob}`)).json.data.email, SEED.emails.bob);
    assert.deepEqual((await call("/users/me")).json.data.workspaces.map((w) => w.gid), [WS.acme, WS.personal]);
    assert.equal((await call(`/users/${SEED.emails.carol}`)).json.data.gid, U.carol);
    assertError(await call("/users/nobody"), 400, /^user_gid: /);
    assertError(await call("/users/nobody@acme.example"), 404, /Unknown object/);
  });

  test("user lists: /users pages by gid; lists by parent are whole and alphabetical", async () => {
    const page = await call(`/users?workspace=${WS.acme}&limit=2`);
    assert.deepEqual(gids(page), [U.alice, U.bob]);
    assert.ok(page.json.next_page);
    const wsUsers = await call(`/workspaces/${WS.acme}/users?limit=1`);
    assert.deepEqual(wsUsers.json.data.map((u) => u.name), ["Alice Anders", "Bob Baker", "Carol Chen", "Dave Diaz"]);
    assert.equal("next_page" in wsUsers.json, false);
    assert.deepEqual(gids(await call(`/teams/${TEAMS.marketing}/users`)), [U.alice, U.carol]);
  });

  test("teams", async () => {
    const team = await call(`/teams/${TEAMS.engineering}`);
    assert.deepEqual(team.json.data.organization, { gid: WS.acme, resource_type: "workspace", name: "Acme Corp" });
    assert.deepEqual(gids(await call(`/workspaces/${WS.acme}/teams`)), [TEAMS.engineering, TEAMS.marketing]);
    assert.deepEqual(gids(await call(`/users/me/teams?organization=${WS.acme}`)), [TEAMS.engineering, TEAMS.marketing]);
    assert.deepEqual(gids(await call(`/users/${U.carol}/teams?organization=${WS.acme}`)), [TEAMS.marketing]);
    assertError(await call("/users/me/teams"), 400, /^organization: Missing input/);
  });

  test("addUser adds a user by gid or email and returns the user", async () => {
    const invited = await post(`/workspaces/${WS.personal}/addUser`, { user: "erin@example.org" });
    assert.equal(invited.status, 200);
    assert.equal(invited.json.data.email, "erin@example.org");
    await post(`/workspaces/${WS.personal}/addUser`, { user: U.bob });
    const names = (await call(`/workspaces/${WS.personal}/users`)).json.data.map((u) => u.name);
    assert.deepEqual(names, ["Alice Anders", "Bob Baker", "erin"]);
    assert.deepEqual(gids(await call("/workspaces", { token: TOKENS.bob })), [WS.acme, WS.personal]);
    assertError(await post(`/workspaces/${WS.acme}/addUser`, {}), 400, /^user: Missing input/);
  });
});

describe("tags and sections", () => {
  test("tag lifecycle", async () => {
    const created = await post(`/workspaces/${WS.acme}/tags`, { name: "frontend", color: "dark-green" });
    assert.equal(created.status, 201);
    const { gid } = created.json.data;
    assert.equal(created.json.data.workspace.gid, WS.acme);
    assert.ok(gids(await call(`/workspaces/${WS.acme}/tags`)).includes(gid));
    assert.equal((await put(`/tags/${gid}`, { notes: "UI work" })).json.data.notes, "UI work");
    assertError(await put(`/tags/${gid}`, { color: "green" }), 400, /^color: /);
    assertError(await post(`/workspaces/${WS.acme}/tags`, { color: "dark-green" }), 400, /^name: Missing input/);
    await call(`/tags/${TAGS.urgent}`, { method: "DELETE" });
    assert.deepEqual((await call(`/tasks/${T.homepage}`)).json.data.tags, []);
  });

  test("section lifecycle and delete rules", async () => {
    const created = await post(`/projects/${P.website}/sections`, { name: "Review", insert_before: S.done });
    assert.equal(created.status, 201);
    const { gid } = created.json.data;
    assert.deepEqual(gids(await call(`/projects/${P.website}/sections`)), [S.todo, S.inProgress, gid, S.done]);
    assert.equal((await put(`/sections/${gid}`, { name: "QA" })).json.data.name, "QA");
    assertError(await put(`/sections/${gid}`, {}), 400, /^name: Missing input/);
    assertError(await call(`/sections/${S.todo}`, { method: "DELETE" }), 400, /empty/);
    assert.deepEqual((await call(`/sections/${gid}`, { method: "DELETE" })).json, { data: {} });
    const project = (await post("/projects", { name: "Tiny", workspace: WS.acme })).json.data;
    const [only] = gids(await call(`/projects/${project.gid}/sections`));
    assertError(await call(`/sections/${only}`, { method: "DELETE" }), 400, /last/);
    assertError(await post(`/projects/${P.website}/sections`, { name: "X", insert_before: S.backlog }), 400, /^insert_before: /);
  });
});

describe("attachments and downloads", () => {
  test("list needs parent; get has download_url or null", async () => {
    assertError(await call("/attachments"), 400, /^parent: Missing input/);
    assert.deepEqual(gids(await call(`/attachments?parent=${T.homepage}`)), [SEED.attachments.spec, SEED.attachments.external]);
    const external = await call(`/attachments/${SEED.attachments.external}`);
    assert.equal(external.json.data.download_url, null);
    assert.equal(external.json.data.host, "box");
    const spec = await call(`/attachments/${SEED.attachments.spec}`);
    assert.equal(spec.json.data.size, SEED.specSize);
    assert.ok(spec.json.data.download_url.startsWith(`${sandbox.url}/_files/${SEED.attachments.spec}/`));
  });

  test("download: no auth, real bytes, Range, and 400 when Authorization is sent", async () => {
    const url = (await call(`/attachments/${SEED.attachments.spec}`)).json.data.download_url;
    const full = await fetch(url);
    assert.equal(full.status, 200);
    assert.equal(full.headers.get("content-type"), "application/pdf");
    assert.equal(full.headers.get("content-length"), String(SEED.specSize));
    const bytes = Buffer.from(await full.arrayBuffer());
    assert.equal(bytes.length, SEED.specSize);
    assert.equal(bytes.subarray(0, 5).toString(), "%PDF-");

    const part = await fetch(url, { headers: { Range: "bytes=100-199" } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), `bytes 100-199/${SEED.specSize}`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(100, 200));
    assert.equal((await fetch(url, { headers: { Range: `bytes=${SEED.specSize}-` } })).status, 416);

    const withAuth = await fetch(url, { headers: { Authorization: `Bearer ${TOKENS.alice}` } });
    assert.equal(withAuth.status, 400);
    assert.match(await withAuth.text(), /Only one auth mechanism/);
    assert.equal((await fetch(url.replace(/sig=[^&]+/, "sig=forged"))).status, 403);
  });
});

describe("task search", () => {
  const search = (query, token) => call(`/workspaces/${WS.acme}/tasks/search?${query}`, { token });

  test("filters apply for real", async () => {
    const mine = gids(await search("assignee.any=me&completed=false&limit=100"));
    assert.ok(mine.includes(T.homepage) && !mine.includes(T.wireframes) && !mine.includes(T.contactForm));
    assert.deepEqual(gids(await search(`tags.any=${TAGS.urgent}&sort_by=created_at&sort_ascending=true`)),
      [T.homepage, T.accessibilityAudit, T.login]);
    const union = gids(await search(`projects.any=${P.mobile}&sections.any=${S.planning}&limit=100`));
    assert.equal(union.length, 5 + 2);
    assert.deepEqual(gids(await search(`is_subtask=true&sort_by=created_at&sort_ascending=true`)), [T.heroSection, T.featureGrid, T.footer]);
    assert.deepEqual(gids(await search("due_on.before=2024-03-01&due_on.after=2024-02-01&sort_by=due_date&sort_ascending=true")),
      [T.login, T.navigation]);
    assert.deepEqual(gids(await search("resource_subtype=milestone")), [T.betaRelease]);
    assert.deepEqual(gids(await search(`teams.any=${TEAMS.marketing}&assignee.any=me`)).sort(), [T.socialCalendar, T.launchBudget].sort());
    assert.equal((await search("limit=3")).json.data.length, 3);
    assert.equal("next_page" in (await search("text=page&limit=1")).json, false);
    assert.equal((await search("no.such_filter=1")).status, 200);
  });

  test("bad filters are refused; non-premium workspaces get 402", async () => {
    assertError(await search("sort_by=priority"), 400, /^sort_by: /);
    assertError(await search("completed=maybe"), 400, /^completed: /);
    assertError(await search("limit=500"), 400, /^limit: /);
    assertError(await search("created_at.after=last-week"), 400, /^created_at\.after: /);
    assertError(await search("resource_subtype=section"), 400, /^resource_subtype: /);
    assertError(await call(`/workspaces/${WS.personal}/tasks/search?text=paint`), 402, /premium/);
  });
});

describe("CORS", () => {
  for (const path of ["/api/1.0/tasks", "/_files/1/x", "/_sandbox/reset"]) {
    test(`preflight on ${path}`, async () => {
      const res = await fetch(`${sandbox.url}${path}`, { method: "OPTIONS", headers: {
        Origin: "https://example.com", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" } });
      assert.equal(res.status, 204);
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      assert.equal(res.headers.get("access-control-allow-methods"), "GET,POST,PUT,DELETE,OPTIONS");
      assert.match(res.headers.get("access-control-allow-headers"), /Authorization, Content-Type, Accept, Asana-Enable, Asana-Disable, Range/);
      assert.match(res.headers.get("access-control-expose-headers"), /Retry-After.*Location/);
    });
  }
});

describe("faults", () => {
  test("status faults: 429 with Retry-After, 500 with a phrase, consumed once", async () => {
    sandbox.faults.add({ path: "/workspaces", status: 429, headers: { "Retry-After": 7 } });
    const limited = await call("/workspaces");
    assertError(limited, 429, /too many requests/);
    assert.equal(limited.headers.get("retry-after"), "7");
    assert.equal((await call("/workspaces")).status, 200);
    await control("faults", "POST", { method: "GET", path: "/^\\/tasks\\/\\d+$/", status: 500, times: 2 });
    assertError(await call(`/tasks/${T.homepage}`), 500, /Server Error/);
    assert.ok((await call(`/tasks/${T.homepage}`)).json.errors[0].phrase);
    assert.equal((await call(`/tasks/${T.homepage}`)).status, 200);
  });

  test("html, truncated, empty, custom body and drop", async () => {
    sandbox.faults.add({ kind: "html" });
    const html = await call("/workspaces");
    assert.equal(html.status, 502);
    assert.match(html.headers.get("content-type"), /text\/html/);
    sandbox.faults.add({ kind: "truncated" });
    const truncated = await call("/workspaces");
    assert.equal(truncated.status, 200);
    assert.equal(truncated.json, undefined);
    assert.ok(truncated.text.startsWith('{"data":['));
    sandbox.faults.add({ kind: "empty" });
    assert.equal((await call("/workspaces")).text, "");
    sandbox.faults.add({ status: 503, body: "upstream down" });
    assert.equal((await call("/workspaces")).text, "upstream down");
    sandbox.faults.add({ kind: "drop" });
    await assert.rejects(fetch(`${sandbox.apiUrl}/workspaces`, { headers: { Authorization: `Bearer ${TOKENS.alice}` } }));
    assert.equal((await call("/workspaces")).status, 200);
  });

  test("delayMs delays the real answer; method and path must match", async () => {
    sandbox.faults.add({ method: "POST", delayMs: 5, status: 500 });
    assert.equal((await call("/workspaces")).status, 200);
    sandbox.faults.clear();
    sandbox.faults.add({ path: "/workspaces", delayMs: 150 });
    const started = Date.now();
    assert.equal((await call("/workspaces")).status, 200);
    assert.ok(Date.now() - started >= 140);
  });

  test('after: "execute" performs the write, then answers the fault', async () => {
    sandbox.faults.add({ method: "POST", path: "/tasks", status: 500, after: "execute" });
    assertError(await post("/tasks", { name: "Written anyway", workspace: WS.acme, assignee: "me" }), 500, /Server Error/);
    const search = await call(`/workspaces/${WS.acme}/tasks/search?text=written%20anyway`);
    assert.equal(search.json.data.length, 1);
  });

  test("bad fault specs are refused; DELETE clears", async () => {
    assert.equal((await control("faults", "POST", { kind: "explode" })).status, 400);
    assert.equal((await control("faults", "POST", { path: "/x" })).status, 400);
    await control("faults", "POST", { status: 500 });
    assert.equal((await control("faults", "GET")).json.data.length, 1);
    await control("faults", "DELETE");
    assert.equal((await call("/workspaces")).status, 200);
  });
});

describe("rate limits", () => {
  test("per-minute quota per token; rejected requests count", async () => {
    await control("limits", "POST", { perMinute: 3 });
    for (let i = 0; i < 3; i++) assert.equal((await call("/workspaces")).status, 200);
    const limited = await call("/workspaces");
    assertError(limited, 429, /too many requests/);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.equal((await call("/workspaces", { token: TOKENS.bob })).status, 200);
    sandbox.limits.set({ perMinute: 1, retryAfterSeconds: 30 });
    await call("/workspaces");
    assert.equal((await call("/workspaces")).headers.get("retry-after"), "30");
    assert.equal(sandbox.stats().rateLimited, 2);
  });

  test("concurrent reads are capped", async () => {
    sandbox.limits.set({ concurrentReads: 1 });
    sandbox.faults.add({ path: "/workspaces", delayMs: 200 });
    const [a, b] = await Promise.all([call("/workspaces"), call("/workspaces")]);
    assert.deepEqual([a.status, b.status].sort(), [200, 429]);
    assert.equal((await call("/workspaces")).status, 200);
  });
});

describe("controls", () => {
  test("the request log shows what was sent, never the token", async () => {
    await post(`/tasks?opt_fields=name`, { name: "Logged", workspace: WS.acme }, { headers: { "Asana-Enable": "new_goal_memberships" } });
    const log = (await control("requests", "GET")).json.data;
    const entry = log.at(-1);
    assert.equal(entry.method, "POST");
    assert.equal(entry.path, "/api/1.0/tasks");
    assert.equal(entry.rawQuery, "opt_fields=name");
    assert.deepEqual(entry.query, { opt_fields: "name" });
    assert.ok(entry.headerNames.includes("authorization") && entry.headerNames.includes("asana-enable"));
    assert.equal(entry.authorization, true);
    assert.deepEqual(entry.body, { data: { name: "Logged", workspace: WS.acme } });
    assert.equal(entry.status, 201);
    assert.equal(entry.route, "POST /tasks");
    assert.ok(!JSON.stringify(log).includes(TOKENS.alice));
    await control("requests", "DELETE");
    assert.deepEqual(sandbox.requests.list(), []);
  });

  test("stats count requests per route and objects per type", async () => {
    await call("/workspaces");
    await call("/workspaces");
    await call(`/tasks/${T.homepage}`);
    const { data } = (await control("stats", "GET")).json;
    assert.equal(data.byRoute["GET /workspaces"], 2);
    assert.equal(data.byRoute["GET /tasks/{task_gid}"], 1);
    assert.equal(data.objects.workspace, 2);
    assert.ok(data.objects.task > SEED.websiteTaskCount);
  });

  test("reset restores the seed", async () => {
    await call(`/tasks/${T.homepage}`, { method: "DELETE" });
    assert.equal((await control("reset")).status, 200);
    assert.equal((await call(`/tasks/${T.homepage}`)).status, 200);
    assert.equal((await control("nope", "GET")).status, 404);
  });
});

describe("static files and CLI", () => {
  let dir;
  let web;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "sandbox-static-"));
    await mkdir(join(dir, "www", "docs"), { recursive: true });
    await mkdir(join(dir, "pkg"));
    await writeFile(join(dir, "www", "index.html"), "<h1>demo</h1>");
    await writeFile(join(dir, "www", "docs", "index.html"), "docs");
    await writeFile(join(dir, "secret.txt"), "do not serve");
    await writeFile(join(dir, "pkg", "core.wasm"), Buffer.from([0, 97, 115, 109]));
    await writeFile(join(dir, "pkg", "index.mjs"), "export {};");
    await writeFile(join(dir, "pkg", "index.d.ts"), "export {};");
    web = await startSandbox({ static: { "/": join(dir, "www"), "/pkg": join(dir, "pkg") } });
  });
  after(async () => {
    await web.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("serves mounts with content types, index.html, and no traversal", async () => {
    const index = await fetch(`${web.url}/`);
    assert.equal(index.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(await index.text(), "<h1>demo</h1>");
    assert.equal((await fetch(`${web.url}/pkg/core.wasm`)).headers.get("content-type"), "application/wasm");
    assert.equal((await fetch(`${web.url}/pkg/index.mjs`)).headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.equal((await fetch(`${web.url}/pkg/index.d.ts`)).status, 200);
    const redirect = await fetch(`${web.url}/docs`, { redirect: "manual" });
    assert.equal(redirect.status, 301);
    assert.equal(await (await fetch(`${web.url}/docs/`)).text(), "docs");
    assert.equal((await fetch(`${web.url}/..%2fsecret.txt`)).status, 404);
    assert.equal((await fetch(`${web.url}/pkg/..%2f..%2fsecret.txt`)).status, 404);
    assert.equal((await fetch(`${web.url}/api/1.0/workspaces`)).status, 401);
  });

  test("CLI prints one line and stops on SIGTERM", async () => {
    const server = fileURLToPath(new URL("./server.mjs", import.meta.url));
    const child = spawn(process.execPath, [server, "--port", "0", "--static", `/=${join(dir, "www")}`]);
    const line = await new Promise((resolve, reject) => {
      child.stdout.once("data", (chunk) => resolve(chunk.toString()));
      child.once("error", reject);
    });
    assert.match(line, /^sandbox listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = line.trim().split(" ").at(-1);
    assert.equal(await (await fetch(`${url}/`)).text(), "<h1>demo</h1>");
    const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
  });
});

test("answers a burst of 2,000 concurrent-ish requests correctly", async () => {
  const paths = [`/projects/${P.website}/tasks?limit=10`, `/tasks/${T.homepage}`, "/workspaces", `/users/me`];
  for (let batch = 0; batch < 50; batch++) {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => call(paths[i % paths.length])));
    assert.ok(results.every((r) => r.status === 200));
  }
});
