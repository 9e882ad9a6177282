// The scenario set every runtime runs against the sandbox (tests/sandbox): Node, Deno, workerd
// and Chromium. Runtime-agnostic on purpose: no node: imports, only fetch, streams and the package.
//
//   scenarios({ AsanaConnector, AsanaError, apiUrl, sandboxUrl, SEED }) -> [{ name, ops, run }]
//
// Run them one at a time, in order (they share one sandbox). Each scenario starts from a fresh
// seed (POST /_sandbox/reset, which also clears the request log and queued faults), so any one of
// them can run alone. `ops` names the operations a scenario must execute successfully; the run
// fails if it did not, and the "coverage" scenario checks that together they are all 47.

import * as assert from "./assert.mjs";
import { sandboxControl } from "./control.mjs";

const { ok, equal, deepEqual, includes, notIncludes, rejects, throws } = assert;

/** The 47 HTTP-backed (entity, action) pairs of shared/reference/asana-operations.md. */
export const EXPECTED_OPERATIONS = {
  tasks: ["list", "create", "get", "update", "delete"],
  project_tasks: ["list"],
  task_subtasks: ["list"],
  task_dependencies: ["list"],
  task_dependents: ["list"],
  tag_tasks: ["list"],
  section_tasks: ["list", "create"],
  workspace_task_search: ["list"],
  projects: ["list", "create", "get", "update", "delete"],
  task_projects: ["list"],
  team_projects: ["list"],
  workspace_projects: ["list"],
  workspaces: ["list", "get"],
  workspace_memberships: ["create"],
  users: ["list", "get"],
  workspace_users: ["list"],
  team_users: ["list"],
  teams: ["get"],
  workspace_teams: ["list"],
  user_teams: ["list"],
  attachments: ["list", "get", "download"],
  workspace_tags: ["list", "create"],
  tags: ["get", "update", "delete"],
  task_tags: ["create", "delete"],
  project_sections: ["list", "create"],
  sections: ["get", "update", "delete"],
  task_stories: ["create"],
};

const pairsOf = (operations) => Object.entries(operations).flatMap(([entity, actions]) => actions.map((action) => `${entity}/${action}`));

// ---- result shapes ------------------------------------------------------------------------------

const isPlainObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value)
  && Object.getPrototypeOf(value) === Object.prototype;

/** A list result: exactly {data: [...], meta: {next_page}} with compact records. Returns data. */
function expectList(result, what, resourceType) {
  ok(isPlainObject(result), `${what}: a list result is a plain object, got ${typeof result}`);
  deepEqual(Object.keys(result).sort(), ["data", "meta"], `${what}: list result keys`);
  ok(Array.isArray(result.data), `${what}: data is an array`);
  ok(isPlainObject(result.meta), `${what}: meta is an object`);
  deepEqual(Object.keys(result.meta), ["next_page"], `${what}: meta keys`);
  const next = result.meta.next_page;
  if (next !== null) {
    ok(isPlainObject(next), `${what}: next_page is an object or null`);
    equal(typeof next.offset, "string", `${what}: next_page.offset`);
    ok(next.offset.length > 0, `${what}: next_page.offset is not empty`);
    equal(typeof next.path, "string", `${what}: next_page.path`);
    equal(typeof next.uri, "string", `${what}: next_page.uri`);
    ok(next.uri.endsWith(next.path), `${what}: next_page.uri ends with its path`);
  }
  for (const record of result.data) {
    ok(isPlainObject(record), `${what}: records are plain objects`);
    equal(typeof record.gid, "string", `${what}: record gid`);
    if (resourceType) equal(record.resource_type, resourceType, `${what}: record resource_type`);
    ok(!("data" in record), `${what}: records are not wrapped`);
  }
  return result.data;
}

/** A get/create/update result: the bare record. */
function expectRecord(result, resourceType, what) {
  ok(isPlainObject(result), `${what}: a record is a plain object`);
  ok(!("data" in result), `${what}: the record is bare, not {data: …}`);
  equal(typeof result.gid, "string", `${what}: gid`);
  equal(result.resource_type, resourceType, `${what}: resource_type`);
  return result;
}

/** delete, addTask, addTag, removeTag: exactly {}. */
function expectEmpty(result, what) {
  ok(isPlainObject(result), `${what}: result is a plain object`);
  deepEqual(result, {}, `${what}: result`);
}

const gids = (records) => records.map((r) => r.gid);
const names = (records) => records.map((r) => r.name);

async function readAll(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
    chunks.push(bytes);
    total += bytes.byteLength;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

const sameBytes = (a, b) => a.length === b.length && a.every((byte, i) => byte === b[i]);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the scenarios ------------------------------------------------------------------------------

export function scenarios({ AsanaConnector, AsanaError, apiUrl, sandboxUrl, SEED }) {
  ok(AsanaConnector && AsanaError && apiUrl && sandboxUrl && SEED, "scenarios() needs AsanaConnector, AsanaError, apiUrl, sandboxUrl, SEED");
  const { workspaces: W, users: U, teams: T, projects: P, sections: S, tags: G, tasks: K, attachments: A } = SEED;
  const TOKEN = SEED.tokens.alice;

  const sandbox = sandboxControl(sandboxUrl);
  const apiRequests = async () => (await sandbox.requests()).filter((entry) => entry.path.startsWith("/api/"));

  /** Runs `fn` and checks that it sent no request at all (validation happens before the network). */
  async function expectNoRequest(fn, what) {
    await sandbox.clearRequests();
    const result = await fn();
    const sent = await sandbox.requests();
    deepEqual(sent.map((e) => `${e.method} ${e.path}`), [], `${what}: requests sent`);
    return result;
  }

  // -- connectors; execute() calls are recorded so each scenario proves the ops it claims --
  let executed = new Set();
  function connect(extra = {}) {
    const connector = new AsanaConnector({ auth: { token: TOKEN }, baseUrl: apiUrl, ...extra });
    const execute = connector.execute.bind(connector);
    connector.execute = async (entity, action, ...rest) => {
      const result = await execute(entity, action, ...rest);
      executed.add(`${entity}/${action}`);
      return result;
    };
    return connector;
  }

  const list = [];
  function scenario(name, ops, run) {
    if (typeof ops === "function") [ops, run] = [[], ops];
    list.push({
      name,
      ops,
      run: async () => {
        executed = new Set();
        await sandbox.reset();
        await run();
        const missing = ops.filter((op) => !executed.has(op));
        if (missing.length) throw new assert.AssertionError(`scenario claims ${missing.join(", ")} but never executed it successfully`);
      },
    });
  }

  // =============================================================================================
  // Every operation against the seed data
  // =============================================================================================

  scenario("workspaces: list, get", ["workspaces/list", "workspaces/get"], async () => {
    const asana = connect();
    const all = expectList(await asana.execute("workspaces", "list"), "workspaces/list", "workspace");
    deepEqual(gids(all), [W.acme, W.personal], "alice's workspaces");
    equal((await asana.execute("workspaces", "list")).meta.next_page, null, "one page");
    const first = await asana.execute("workspaces", "list", { limit: 1 });
    deepEqual(gids(expectList(first, "workspaces/list limit 1")), [W.acme]);
    ok(first.meta.next_page !== null, "limit 1 leaves a next page");
    const acme = expectRecord(await asana.execute("workspaces", "get", { workspace_gid: W.acme }), "workspace", "workspaces/get");
    equal(acme.gid, W.acme);
    equal(acme.name, "Acme Corp");
    equal(acme.is_organization, true);
    deepEqual(acme.email_domains, ["acme.example"]);
  });

  scenario("users: list, get, workspace_users, team_users", ["users/list", "users/get", "workspace_users/list", "team_users/list"], async () => {
    const asana = connect();
    const users = expectList(await asana.execute("users", "list", { workspace: W.acme }), "users/list", "user");
    deepEqual(gids(users), [U.alice, U.bob, U.carol, U.dave]);
    const paged = await asana.execute("users", "list", { workspace: W.acme, limit: 3 });
    equal(expectList(paged, "users/list limit 3").length, 3);
    const rest = await asana.execute("users", "list", { workspace: W.acme, limit: 3, offset: paged.meta.next_page.offset });
    deepEqual(gids(expectList(rest, "users/list page 2")), [U.dave]);
    equal(rest.meta.next_page, null, "last page");

    const me = expectRecord(await asana.execute("users", "get", { user_gid: "me" }), "user", "users/get me");
    equal(me.gid, U.alice);
    equal(me.email, SEED.emails.alice);
    deepEqual(gids(me.workspaces), [W.acme, W.personal]);
    equal((await asana.execute("users", "get", { user_gid: U.bob })).name, "Bob Baker");
    equal((await asana.execute("users", "get", { user_gid: SEED.emails.carol })).gid, U.carol, "users/get by email");

    const everyone = await asana.execute("workspace_users", "list", { workspace_gid: W.acme });
    deepEqual(names(expectList(everyone, "workspace_users/list", "user")), ["Alice Anders", "Bob Baker", "Carol Chen", "Dave Diaz"]);
    equal(everyone.meta.next_page, null, "workspace_users is whole");
    const engineers = await asana.execute("team_users", "list", { team_gid: T.engineering });
    deepEqual(names(expectList(engineers, "team_users/list", "user")), ["Alice Anders", "Bob Baker", "Dave Diaz"]);
  });

  scenario("teams: get, workspace_teams, user_teams", ["teams/get", "workspace_teams/list", "user_teams/list"], async () => {
    const asana = connect();
    const team = expectRecord(await asana.execute("teams", "get", { team_gid: T.engineering }), "team", "teams/get");
    equal(team.name, "Engineering");
    equal(team.organization.gid, W.acme);
    const teams = expectList(await asana.execute("workspace_teams", "list", { workspace_gid: W.acme }), "workspace_teams/list", "team");
    deepEqual(names(teams), ["Engineering", "Marketing"]);
    const mine = expectList(await asana.execute("user_teams", "list", { user_gid: "me", organization: W.acme }), "user_teams/list", "team");
    deepEqual(gids(mine), [T.engineering, T.marketing]);
    const carols = await asana.execute("user_teams", "list", { user_gid: U.carol, organization: W.acme });
    deepEqual(gids(carols.data), [T.marketing]);
  });

  scenario("workspace_memberships: create adds a user (read back)", ["workspace_memberships/create", "workspace_users/list"], async () => {
    const asana = connect();
    const before = await asana.execute("workspace_users", "list", { workspace_gid: W.personal });
    deepEqual(gids(before.data), [U.alice]);
    const user = expectRecord(await asana.execute("workspace_memberships", "create", { workspace_gid: W.personal, data: { user: SEED.emails.carol } }),
      "user", "workspace_memberships/create");
    equal(user.gid, U.carol);
    equal(user.email, SEED.emails.carol);
    const after = await asana.execute("workspace_users", "list", { workspace_gid: W.personal });
    deepEqual(gids(after.data), [U.alice, U.carol], "carol is now a member");
  });

  scenario("projects: list, get and the project lists by task, team, workspace",
    ["projects/list", "projects/get", "task_projects/list", "team_projects/list", "workspace_projects/list"], async () => {
      const asana = connect();
      const all = expectList(await asana.execute("projects", "list", { workspace: W.acme }), "projects/list", "project");
      deepEqual(gids(all), [P.website, P.mobile, P.launch, P.legacy]);
      const active = await asana.execute("projects", "list", { workspace: W.acme, archived: false });
      deepEqual(gids(active.data), [P.website, P.mobile, P.launch], "archived: false");
      const website = expectRecord(await asana.execute("projects", "get", { project_gid: P.website }), "project", "projects/get");
      equal(website.name, "Website Redesign");
      equal(website.color, "dark-blue");
      equal(website.team.gid, T.engineering);
      equal(website.workspace.gid, W.acme);
      const ofTask = await asana.execute("task_projects", "list", { task_gid: K.homepage });
      deepEqual(gids(expectList(ofTask, "task_projects/list", "project")), [P.website]);
      const marketing = await asana.execute("team_projects", "list", { team_gid: T.marketing });
      deepEqual(gids(expectList(marketing, "team_projects/list", "project")), [P.launch, P.legacy]);
      const archived = await asana.execute("team_projects", "list", { team_gid: T.marketing, archived: true });
      deepEqual(gids(archived.data), [P.legacy], "team_projects archived: true");
      const personal = await asana.execute("workspace_projects", "list", { workspace_gid: W.personal });
      deepEqual(gids(expectList(personal, "workspace_projects/list", "project")), [P.home]);
    });

  scenario("projects: create, update, delete (read back)", ["projects/create", "projects/update", "projects/delete", "projects/get"], async () => {
    const asana = connect();
    const created = expectRecord(await asana.execute("projects", "create", {
      data: { name: "Connector test project", workspace: W.acme, team: T.engineering, color: "light-green", default_view: "list", notes: "made by a test" },
    }), "project", "projects/create");
    equal(created.name, "Connector test project");
    const read = await asana.execute("projects", "get", { project_gid: created.gid });
    equal(read.name, "Connector test project");
    equal(read.notes, "made by a test");
    equal(read.team.gid, T.engineering);
    ok((await asana.execute("team_projects", "list", { team_gid: T.engineering })).data.some((p) => p.gid === created.gid), "listed under its team");

    const updated = expectRecord(await asana.execute("projects", "update", { project_gid: created.gid, data: { name: "Renamed project", archived: true } }),
      "project", "projects/update");
    equal(updated.name, "Renamed project");
    equal(updated.archived, true);
    const reread = await asana.execute("projects", "get", { project_gid: created.gid });
    equal(reread.name, "Renamed project", "update is stored");
    equal(reread.archived, true, "update is stored");

    expectEmpty(await asana.execute("projects", "delete", { project_gid: created.gid }), "projects/delete");
    await rejects(asana.execute("projects", "get", { project_gid: created.gid }), { code: "not_found", status: 404 }, "deleted project");
  });

  scenario("tasks: list by project, section, assignee+workspace; get with opt_fields", ["tasks/list", "tasks/get"], async () => {
    const asana = connect();
    const page = await asana.execute("tasks", "list", { project: P.website, limit: 10 });
    const first = expectList(page, "tasks/list project", "task");
    equal(first.length, 10);
    equal(first[0].gid, K.homepage);
    equal(first[0].name, "Design homepage");
    equal(first[0].resource_subtype, "default_task", "compact task has resource_subtype");
    ok(page.meta.next_page !== null, "35 tasks in pages of 10");
    const inProgress = await asana.execute("tasks", "list", { section: S.inProgress });
    equal(expectList(inProgress, "tasks/list section").length, 10);
    equal(inProgress.data[0].gid, K.navigation);
    const mine = await asana.execute("tasks", "list", { workspace: W.acme, assignee: "me", completed_since: "2030-01-01T00:00:00Z" });
    const mineGids = gids(expectList(mine, "tasks/list assignee"));
    ok(mineGids.includes(K.homepage) && mineGids.includes(K.quarterlyReview), "alice's open tasks include homepage and the quarterly review");
    ok(!mineGids.includes(K.wireframes), "completed_since in the future leaves out completed tasks");
    ok(!mineGids.includes(K.login), "bob's task is not alice's");
    const withDone = await asana.execute("tasks", "list", { workspace: W.acme, assignee: "me" });
    ok(gids(withDone.data).includes(K.wireframes), "without completed_since, completed tasks are listed");

    const task = expectRecord(await asana.execute("tasks", "get", { task_gid: K.homepage }), "task", "tasks/get");
    equal(task.name, "Design homepage");
    equal(task.assignee.gid, U.alice);
    equal(task.due_on, "2024-03-15");
    equal(task.completed, false);
    deepEqual(gids(task.tags), [G.urgent]);
    deepEqual(gids(task.projects), [P.website]);
    equal(task.workspace.gid, W.acme);
    const slim = await asana.execute("tasks", "get", { task_gid: K.homepage, opt_fields: ["name", "assignee.name"] });
    deepEqual(slim, { gid: K.homepage, name: "Design homepage", assignee: { gid: U.alice, name: "Alice Anders" } }, "opt_fields");
  });

  scenario("tasks: completed_since \"now\" (Asana's documented value, named in the param's description) is accepted", ["tasks/list", "project_tasks/list"], async () => {
    const asana = connect();
    const mine = await asana.execute("tasks", "list", { workspace: W.acme, assignee: "me", completed_since: "now" });
    ok(!gids(mine.data).includes(K.wireframes), "completed tasks left out");
    ok(gids(mine.data).includes(K.homepage), "open tasks listed");
    const open = await asana.execute("project_tasks", "list", { project_gid: P.website, limit: 100, completed_since: "now" });
    equal(open.data.length, 25, "only the 25 open website tasks");
  });

  scenario("tasks: create, update, delete (read back)", ["tasks/create", "tasks/update", "tasks/delete", "tasks/get", "project_tasks/list"], async () => {
    const asana = connect();
    const created = expectRecord(await asana.execute("tasks", "create", {
      data: { name: "Write connector tests", workspace: W.acme, projects: [P.website], assignee: "me", due_on: "2024-07-01", notes: "four runtimes" },
    }), "task", "tasks/create");
    equal(created.name, "Write connector tests");
    equal(created.assignee.gid, U.alice);
    deepEqual(gids(created.projects), [P.website]);
    const read = await asana.execute("tasks", "get", { task_gid: created.gid });
    equal(read.notes, "four runtimes");
    equal(read.due_on, "2024-07-01");
    const inProject = await asana.execute("project_tasks", "list", { project_gid: P.website, limit: 100 });
    equal(inProject.data.length, SEED.websiteTaskCount + 1, "the project has one more task");
    ok(gids(inProject.data).includes(created.gid), "the new task is in the project");

    const updated = expectRecord(await asana.execute("tasks", "update", { task_gid: created.gid, data: { name: "Wrote connector tests", completed: true } }),
      "task", "tasks/update");
    equal(updated.completed, true);
    const reread = await asana.execute("tasks", "get", { task_gid: created.gid });
    equal(reread.name, "Wrote connector tests", "update is stored");
    equal(reread.completed, true, "update is stored");
    equal(typeof reread.completed_at, "string", "completed_at set");

    expectEmpty(await asana.execute("tasks", "delete", { task_gid: created.gid }), "tasks/delete");
    await rejects(asana.execute("tasks", "get", { task_gid: created.gid }), { code: "not_found", status: 404 }, "deleted task");
    const afterDelete = await asana.execute("project_tasks", "list", { project_gid: P.website, limit: 100 });
    equal(afterDelete.data.length, SEED.websiteTaskCount, "back to the seed count");

    // Asana implies the workspace from the projects (or the parent): no workspace needed then.
    const implied = await asana.execute("tasks", "create", { data: { name: "Workspace from the project", projects: [P.website] } });
    equal(implied.workspace.gid, W.acme, "the project's workspace");
    await asana.execute("tasks", "delete", { task_gid: implied.gid });
    const error = await rejects(asana.execute("tasks", "create", { data: { name: "Nowhere" } }), { code: "invalid_params" });
    includes(error.message, "data.workspace, or data.projects, or data.parent");
  });

  scenario("task lists: project_tasks, task_subtasks, task_dependencies, task_dependents, tag_tasks, section_tasks",
    ["project_tasks/list", "task_subtasks/list", "task_dependencies/list", "task_dependents/list", "tag_tasks/list", "section_tasks/list"], async () => {
      const asana = connect();
      const all = await asana.execute("project_tasks", "list", { project_gid: P.website, limit: 100 });
      equal(expectList(all, "project_tasks/list", "task").length, SEED.websiteTaskCount);
      equal(all.meta.next_page, null);
      const open = await asana.execute("project_tasks", "list", { project_gid: P.website, limit: 100, completed_since: "2030-01-01T00:00:00Z" });
      equal(open.data.length, 25, "10 of the 35 website tasks are done");
      const subtasks = await asana.execute("task_subtasks", "list", { task_gid: K.homepage });
      deepEqual(gids(expectList(subtasks, "task_subtasks/list", "task")), [K.heroSection, K.featureGrid, K.footer]);
      const waitsOn = await asana.execute("task_dependencies", "list", { task_gid: K.homepage });
      deepEqual(gids(expectList(waitsOn, "task_dependencies/list", "task")), [K.wireframes]);
      const waiting = await asana.execute("task_dependents", "list", { task_gid: K.homepage });
      deepEqual(gids(expectList(waiting, "task_dependents/list", "task")), [K.qa]);
      const urgent = await asana.execute("tag_tasks", "list", { tag_gid: G.urgent });
      deepEqual(names(expectList(urgent, "tag_tasks/list", "task")), ["Design homepage", "Accessibility audit", "Login flow"]);
      const done = await asana.execute("section_tasks", "list", { section_gid: S.done, limit: 5 });
      equal(expectList(done, "section_tasks/list", "task").length, 5);
      equal(done.data[0].gid, K.wireframes);
    });

  scenario("section_tasks: create moves a task into a section (read back)", ["section_tasks/create", "section_tasks/list"], async () => {
    const asana = connect();
    expectEmpty(await asana.execute("section_tasks", "create", { section_gid: S.done, data: { task: K.homepage } }), "section_tasks/create");
    const done = await asana.execute("section_tasks", "list", { section_gid: S.done });
    equal(done.data[0].gid, K.homepage, "moved to the top of Done");
    const todo = await asana.execute("section_tasks", "list", { section_gid: S.todo });
    ok(!gids(todo.data).includes(K.homepage), "no longer in To do");
    expectEmpty(await asana.execute("section_tasks", "create", { section_gid: S.todo, data: { task: K.homepage, insert_after: K.seo } }), "with insert_after");
    const again = await asana.execute("section_tasks", "list", { section_gid: S.todo });
    const order = gids(again.data);
    equal(order[order.indexOf(K.seo) + 1], K.homepage, "placed right after SEO metadata");
  });

  scenario("workspace_task_search: filters in a premium workspace", ["workspace_task_search/list"], async () => {
    const asana = connect();
    const found = await asana.execute("workspace_task_search", "list", { workspace_gid: W.acme, text: "homepage", limit: 10 });
    deepEqual(gids(expectList(found, "workspace_task_search/list", "task")), [K.homepage]);
    equal(found.meta.next_page, null);
    const bobs = await asana.execute("workspace_task_search", "list", {
      workspace_gid: W.acme, "assignee.any": [U.bob], "tags.any": [G.urgent], completed: false,
    });
    deepEqual(gids(bobs.data), [K.login], "dotted filters");
    const underscored = await asana.execute("workspace_task_search", "list", { workspace_gid: W.acme, assignee_any: [U.bob], tags_any: [G.urgent] });
    deepEqual(gids(underscored.data), [K.login], "underscore aliases of dotted filters");
  });

  scenario("attachments: list, get", ["attachments/list", "attachments/get"], async () => {
    const asana = connect();
    const attached = await asana.execute("attachments", "list", { parent: K.homepage });
    deepEqual(gids(expectList(attached, "attachments/list", "attachment")), [A.spec, A.external]);
    equal(attached.data[0].name, "homepage-spec.pdf");
    const spec = expectRecord(await asana.execute("attachments", "get", { attachment_gid: A.spec }), "attachment", "attachments/get");
    equal(spec.size, SEED.specSize);
    equal(spec.host, "asana");
    equal(typeof spec.download_url, "string");
    equal(spec.parent.gid, K.homepage);
    const external = await asana.execute("attachments", "get", { attachment_gid: A.external });
    equal(external.download_url, null);
  });

  scenario("tags: workspace_tags list+create, tags get/update/delete (read back)",
    ["workspace_tags/list", "workspace_tags/create", "tags/get", "tags/update", "tags/delete"], async () => {
      const asana = connect();
      const tags = await asana.execute("workspace_tags", "list", { workspace_gid: W.acme });
      deepEqual(names(expectList(tags, "workspace_tags/list", "tag")), ["urgent", "backend"]);
      const urgent = expectRecord(await asana.execute("tags", "get", { tag_gid: G.urgent }), "tag", "tags/get");
      equal(urgent.color, "dark-red");
      equal(urgent.workspace.gid, W.acme);

      const created = expectRecord(await asana.execute("workspace_tags", "create", { workspace_gid: W.acme, data: { name: "blocked", color: "dark-purple" } }),
        "tag", "workspace_tags/create");
      equal(created.name, "blocked");
      deepEqual(names((await asana.execute("workspace_tags", "list", { workspace_gid: W.acme })).data), ["urgent", "backend", "blocked"], "created tag is listed");
      const updated = expectRecord(await asana.execute("tags", "update", { tag_gid: created.gid, data: { notes: "Waiting on someone", color: "light-red" } }),
        "tag", "tags/update");
      equal(updated.notes, "Waiting on someone");
      const read = await asana.execute("tags", "get", { tag_gid: created.gid });
      equal(read.color, "light-red", "update is stored");
      expectEmpty(await asana.execute("tags", "delete", { tag_gid: created.gid }), "tags/delete");
      await rejects(asana.execute("tags", "get", { tag_gid: created.gid }), { code: "not_found", status: 404 }, "deleted tag");
    });

  scenario("task_tags: create (addTag) and delete (removeTag), read back", ["task_tags/create", "task_tags/delete", "tag_tasks/list"], async () => {
    const asana = connect();
    expectEmpty(await asana.execute("task_tags", "create", { task_gid: K.seo, data: { tag: G.urgent } }), "task_tags/create");
    const tagged = await asana.execute("tasks", "get", { task_gid: K.seo });
    deepEqual(gids(tagged.tags), [G.urgent], "tag added");
    ok(gids((await asana.execute("tag_tasks", "list", { tag_gid: G.urgent })).data).includes(K.seo), "tag_tasks lists it");
    expectEmpty(await asana.execute("task_tags", "delete", { task_gid: K.seo, data: { tag: G.urgent } }), "task_tags/delete");
    const untagged = await asana.execute("tasks", "get", { task_gid: K.seo });
    deepEqual(untagged.tags, [], "tag removed");
    const requests = await apiRequests();
    const removal = requests.find((e) => e.path.endsWith("/removeTag"));
    ok(removal, "removeTag was requested");
    equal(removal.method, "POST", "task_tags/delete is a POST");
    deepEqual(removal.body, { data: { tag: G.urgent } }, "body is exactly {data}");
  });

  scenario("sections: project_sections list+create, sections get/update/delete (read back)",
    ["project_sections/list", "project_sections/create", "sections/get", "sections/update", "sections/delete"], async () => {
      const asana = connect();
      const sections = await asana.execute("project_sections", "list", { project_gid: P.website });
      deepEqual(names(expectList(sections, "project_sections/list", "section")), ["To do", "In progress", "Done"]);
      const todo = expectRecord(await asana.execute("sections", "get", { section_gid: S.todo }), "section", "sections/get");
      equal(todo.name, "To do");
      equal(todo.project.gid, P.website);

      const created = expectRecord(await asana.execute("project_sections", "create", { project_gid: P.mobile, data: { name: "Sprint 0", insert_before: S.backlog } }),
        "section", "project_sections/create");
      equal(created.name, "Sprint 0");
      deepEqual(names((await asana.execute("project_sections", "list", { project_gid: P.mobile })).data), ["Sprint 0", "Backlog", "Sprint 1"], "inserted first");
      const renamed = expectRecord(await asana.execute("sections", "update", { section_gid: created.gid, data: { name: "Sprint 2" } }), "section", "sections/update");
      equal(renamed.name, "Sprint 2");
      equal((await asana.execute("sections", "get", { section_gid: created.gid })).name, "Sprint 2", "rename is stored");
      expectEmpty(await asana.execute("sections", "delete", { section_gid: created.gid }), "sections/delete");
      deepEqual(names((await asana.execute("project_sections", "list", { project_gid: P.mobile })).data), ["Backlog", "Sprint 1"], "deleted");
    });

  scenario("task_stories: create a comment (stored)", ["task_stories/create"], async () => {
    const asana = connect();
    const before = (await sandbox.stats()).objects.story;
    const story = expectRecord(await asana.execute("task_stories", "create", { task_gid: K.homepage, data: { text: "Looks great!", is_pinned: true } }),
      "story", "task_stories/create");
    equal(story.text, "Looks great!");
    equal(story.is_pinned, true);
    equal(story.target.gid, K.homepage);
    equal(story.created_by.gid, U.alice);
    equal((await sandbox.stats()).objects.story, before + 1, "the sandbox holds one more story (stories cannot be read back through the API)");
  });

  // =============================================================================================
  // Paging
  // =============================================================================================

  scenario("paging: limit + next_page.offset walks a 35-task project without duplicates", ["project_tasks/list", "tasks/list"], async () => {
    const asana = connect();
    const everything = gids((await asana.execute("project_tasks", "list", { project_gid: P.website, limit: 100 })).data);
    equal(everything.length, SEED.websiteTaskCount);
    for (const [entity, params] of [["project_tasks", { project_gid: P.website }], ["tasks", { project: P.website }]]) {
      const seen = [];
      const sizes = [];
      let offset;
      for (let pages = 0; pages < 10; pages++) {
        const page = await asana.execute(entity, "list", { ...params, limit: 10, ...(offset ? { offset } : {}) });
        expectList(page, `${entity}/list page ${pages + 1}`, "task");
        sizes.push(page.data.length);
        seen.push(...gids(page.data));
        offset = page.meta.next_page?.offset;
        if (!offset) break;
      }
      deepEqual(sizes, [10, 10, 10, 5], `${entity}: page sizes`);
      equal(new Set(seen).size, seen.length, `${entity}: no duplicates`);
      deepEqual(seen, everything, `${entity}: same tasks in the same order as one big page`);
    }
    const sent = await apiRequests();
    const offsets = sent.filter((e) => e.query.offset !== undefined);
    equal(offsets.length, 6, "pages 2-4 of both walks carried offset");
  });

  scenario("paginate(): follows next_page to the last page and stops", ["project_tasks/list"], async () => {
    const asana = connect();
    await sandbox.clearRequests();
    const records = [];
    for await (const task of asana.paginate("project_tasks", "list", { project_gid: P.website, limit: 10 })) records.push(task);
    equal(records.length, SEED.websiteTaskCount, "all 35 tasks");
    equal(new Set(gids(records)).size, records.length, "no duplicates");
    equal(records[0].gid, K.homepage);
    equal((await apiRequests()).length, 4, "4 pages requested, none after the last");
  });

  scenario("paginate(): maxPages bounds the pages, and the default is 10 pages", ["project_tasks/list"], async () => {
    const asana = connect();
    await sandbox.clearRequests();
    const two = [];
    for await (const task of asana.paginate("project_tasks", "list", { project_gid: P.website, limit: 10 }, { maxPages: 2 })) two.push(task);
    equal(two.length, 20, "maxPages 2 x limit 10");
    equal((await apiRequests()).length, 2, "2 requests");
    await sandbox.clearRequests();
    const bounded = [];
    for await (const task of asana.paginate("project_tasks", "list", { project_gid: P.website, limit: 3 })) bounded.push(task);
    equal(bounded.length, 30, "default maxPages 10 x limit 3");
    equal((await apiRequests()).length, 10, "10 requests by default");
  });

  scenario("paginate(): maxItems bounds the records", ["project_tasks/list"], async () => {
    const asana = connect();
    await sandbox.clearRequests();
    const some = [];
    for await (const task of asana.paginate("project_tasks", "list", { project_gid: P.website, limit: 10 }, { maxItems: 15 })) some.push(task);
    equal(some.length, 15, "maxItems 15");
    equal(new Set(gids(some)).size, 15);
    equal((await apiRequests()).length, 2, "2 pages for 15 items");
  });

  scenario("paginate(): reaching maxItems on a page boundary fetches no further page", ["project_tasks/list"], async () => {
    const asana = connect();
    await sandbox.clearRequests();
    const ten = [];
    for await (const task of asana.paginate("project_tasks", "list", { project_gid: P.website, limit: 10 }, { maxItems: 10 })) ten.push(task);
    equal(ten.length, 10, "maxItems 10");
    equal((await apiRequests()).length, 1, "maxItems 10 with limit 10 needs one page; a second request wastes a subrequest");
  });

  scenario("paginate(): refuses non-list actions before any request", async () => {
    const asana = connect();
    await expectNoRequest(() => rejects(async () => {
      for await (const record of asana.paginate("tasks", "get", { task_gid: K.homepage })) ok(!record, "nothing is yielded");
    }, { code: "invalid_params", instanceOf: AsanaError }), "paginate tasks/get");
  });

  // =============================================================================================
  // Downloads
  // =============================================================================================

  scenario("attachments/download: a ReadableStream of the whole file, second hop without Authorization", ["attachments/download"], async () => {
    const asana = connect();
    const file = await asana.execute("attachments", "download", { attachment_gid: A.spec });
    ok(file.body instanceof ReadableStream, `body is a ReadableStream, got ${Object.prototype.toString.call(file.body)}`);
    equal(file.contentType, "application/pdf");
    equal(file.size, SEED.specSize, "size from Content-Length");
    equal(file.status, 200);
    const bytes = await readAll(file.body);
    equal(bytes.length, SEED.specSize, "bytes read == size");
    const header = new TextDecoder().decode(bytes.subarray(0, 9));
    equal(header, "%PDF-1.4\n", "the file's first bytes");

    const log = await sandbox.requests();
    deepEqual(log.map((e) => `${e.method} ${e.route}`), ["GET GET /attachments/{attachment_gid}", "GET GET /_files/{attachment_gid}/{name}"], "two hops");
    equal(log[0].authorization, true, "the API hop is authenticated");
    equal(log[1].authorization, false, "the file hop carries no Authorization header");
    equal(log[1].status, 200, "the file host accepted the second hop");
    equal(log[1].headers.accept, "*/*", "the file hop sends Accept: */*");
  });

  scenario("attachments/download: range_header gives a partial body equal to that slice", ["attachments/download"], async () => {
    const asana = connect();
    const whole = await readAll((await asana.execute("attachments", "download", { attachment_gid: A.spec })).body);
    const part = await asana.execute("attachments", "download", { attachment_gid: A.spec, range_header: "bytes=1000-2023" });
    equal(part.status, 206, "206 Partial Content");
    equal(part.size, 1024, "size of the part");
    ok(part.body instanceof ReadableStream, "body is a ReadableStream");
    const bytes = await readAll(part.body);
    equal(bytes.length, 1024, "1024 bytes");
    ok(sameBytes(bytes, whole.subarray(1000, 2024)), "the part equals bytes 1000-2023 of the whole file");
    const fileHops = (await sandbox.requests()).filter((e) => e.path.startsWith("/_files/"));
    equal(fileHops.length, 2);
    equal(fileHops[1].headers.range, "bytes=1000-2023", "Range sent on the file hop");
    equal(fileHops[1].authorization, false, "still no Authorization");
  });

  scenario("attachments/download: download_url null → not_supported, no second hop", async () => {
    const asana = connect();
    const error = await rejects(asana.execute("attachments", "download", { attachment_gid: A.external }), { code: "not_supported", instanceOf: AsanaError });
    equal(error.retryable, false);
    includes(error.message, "box", "names the host");
    deepEqual((await sandbox.requests()).map((e) => e.route), ["GET /attachments/{attachment_gid}"], "only the metadata request");
  });

  // =============================================================================================
  // Path safety
  // =============================================================================================

  scenario("path safety: '1/../users/me' stays one encoded segment of the tasks route", async () => {
    const asana = connect();
    const error = await rejects(asana.execute("tasks", "get", { task_gid: "1/../users/me" }), { instanceOf: AsanaError });
    ok(["not_found", "invalid_params"].includes(error.code), `404 not_found or 400 invalid_params, got ${error.code}`);
    ok([400, 404].includes(error.status), `status 400 or 404, got ${error.status}`);
    notIncludes(JSON.stringify(error), SEED.emails.alice, "the user record never comes back");
    const log = await sandbox.requests();
    equal(log.length, 1, "one request");
    equal(log[0].route, "GET /tasks/{task_gid}", "matched the task route, not /users/{user_gid}");
    equal(log[0].path, "/api/1.0/tasks/1%2F..%2Fusers%2Fme", "the value is one percent-encoded segment");
    // The same through other path params.
    const other = await rejects(asana.execute("attachments", "get", { attachment_gid: "../../users/me" }), { instanceOf: AsanaError });
    ok(["not_found", "invalid_params"].includes(other.code), `attachments: got ${other.code}`);
    equal((await sandbox.requests())[1].route, "GET /attachments/{attachment_gid}");
  });

  scenario("path safety: '.' and '..' are refused before any request", async () => {
    const asana = connect();
    for (const value of ["..", "."]) {
      await expectNoRequest(() => rejects(asana.execute("tasks", "get", { task_gid: value }), { code: "invalid_params", messageIncludes: "task_gid" }), `task_gid ${value}`);
      await expectNoRequest(() => rejects(asana.execute("users", "get", { user_gid: value }), { code: "invalid_params", messageIncludes: "user_gid" }), `user_gid ${value}`);
    }
  });

  // =============================================================================================
  // Validation before any request
  // =============================================================================================

  scenario("validation: unknown entity lists the entities and the nearest", async () => {
    const asana = connect();
    const error = await expectNoRequest(() => rejects(asana.execute("taks", "list", {}), {
      code: "unknown_entity", instanceOf: AsanaError, messageIncludes: ["taks", "\"tasks\"", "workspace_task_search", "task_stories"],
    }), "unknown entity");
    ok(error instanceof Error, "AsanaError is an Error");
    equal(error.name, "AsanaError");
    equal(error.retryable, false);
    equal(error.status, undefined, "no HTTP status");
    ok(Array.isArray(error.details) && error.details.length === 98 && error.details.includes("tasks"), "details list the 98 entities");
  });

  scenario("validation: unknown action lists actions; one that exists elsewhere names those entities", async () => {
    const asana = connect();
    await expectNoRequest(() => rejects(asana.execute("tasks", "lst", {}), {
      code: "unknown_action", instanceOf: AsanaError, messageIncludes: ["lst", "\"list\"", "list, create, get, update, delete"],
    }), "typo");
    const elsewhere = await expectNoRequest(() => rejects(asana.execute("workspaces", "delete", { workspace_gid: W.acme }), {
      code: "unknown_action", messageIncludes: ["workspaces", "list, get, update", "tasks", "projects", "tags", "sections"],
    }), "exists elsewhere");
    deepEqual(elsewhere.details, ["list", "get", "update"], "details list the entity's actions");
  });

  scenario("validation: missing or empty required params", async () => {
    const asana = connect();
    const cases = [
      ["tasks", "get", {}, "task_gid"],
      ["tasks", "get", { task_gid: "" }, "task_gid"],
      ["tasks", "get", { task_gid: "   " }, "task_gid"],
      ["tasks", "create", {}, "data"],
      ["webhooks", "create", { data: { resource: K.seo } }, "target"],
      ["tasks", "create", { data: { name: "x" } }, "workspace"],
      ["user_teams", "list", { user_gid: "me" }, "organization"],
      ["attachments", "list", {}, "parent"],
      ["task_tags", "create", { task_gid: K.seo, data: {} }, "tag"],
    ];
    for (const [entity, action, params, named] of cases) {
      await expectNoRequest(() => rejects(asana.execute(entity, action, params), { code: "invalid_params", instanceOf: AsanaError, messageIncludes: named }),
        `${entity}/${action} ${JSON.stringify(params)}`);
    }
  });

  scenario("validation: unknown params are named, with the nearest and the accepted ones", async () => {
    const asana = connect();
    const error = await expectNoRequest(() => rejects(asana.execute("projects", "list", { workspce: W.acme }), {
      code: "invalid_params", messageIncludes: ["\"workspce\"", "\"workspace\"", "team", "archived"],
    }), "typo");
    ok(error.details, "details present");
    await expectNoRequest(() => rejects(asana.execute("tasks", "update", { task_gid: K.seo, name: "x" }), {
      code: "invalid_params", messageIncludes: ["\"name\"", "data"],
    }), "a write field given outside data");
  });

  scenario("validation: wrong types (a gid past MAX_SAFE_INTEGER, limit as words, boolean as words, data not an object)", async () => {
    const asana = connect();
    await expectNoRequest(() => rejects(asana.execute("tasks", "get", { task_gid: 12000000000010011 }), {
      code: "invalid_params", messageIncludes: ["task_gid", "MAX_SAFE_INTEGER", "string"],
    }), "gid as an unsafe number");
    await expectNoRequest(() => rejects(asana.execute("projects", "list", { workspace: W.acme, limit: "ten" }), { code: "invalid_params", messageIncludes: "limit" }), "limit as words");
    await expectNoRequest(() => rejects(asana.execute("tasks", "create", { data: { workspace: W.acme, nmae: "x" } }), {
      code: "invalid_params", messageIncludes: ["data.nmae", "\"name\""],
    }), "a misspelt body field, with the nearest name");
    await expectNoRequest(() => rejects(asana.execute("projects", "list", { workspace: W.acme, archived: "yes" }), { code: "invalid_params", messageIncludes: "archived" }), "boolean as string");
    await expectNoRequest(() => rejects(asana.execute("tasks", "update", { task_gid: K.seo, data: "done" }), { code: "invalid_params", messageIncludes: "data" }), "data as string");
    await expectNoRequest(() => rejects(asana.execute("tasks", "update", { task_gid: K.seo, data: { completed: "yes" } }), {
      code: "invalid_params", messageIncludes: "completed",
    }), "data.completed as string");
    await expectNoRequest(() => rejects(asana.execute("tasks", "create", { data: { name: "x", workspace: W.acme, due_on: "15/03/2024" } }), {
      code: "invalid_params", messageIncludes: "due_on",
    }), "date format");
  });

  scenario("coercions: only lossless ones, for path, query and data alike", async () => {
    const asana = connect();
    const task = await asana.execute("tasks", "get", { task_gid: Number(K.seo), opt_fields: "name,completed" });
    equal(task.gid, K.seo, "a safe-integer gid became its string");
    const page = await asana.execute("projects", "list", { workspace: Number(W.acme), limit: "2", archived: "false" });
    equal(page.data.length, 2, "a decimal string became the integer limit, \"false\" a boolean");
    const created = await asana.execute("tasks", "create", { data: { name: "coerced", workspace: W.acme, projects: P.website, completed: "true" } });
    ok(created.gid, "created with a comma-list projects string and a \"true\" boolean");
  });

  scenario("validation: enum violations name the allowed values", async () => {
    const asana = connect();
    const error = await expectNoRequest(() => rejects(asana.execute("projects", "create", { data: { name: "x", workspace: W.acme, default_view: "grid" } }), {
      code: "invalid_params", messageIncludes: ["default_view", "grid", "board"],
    }), "default_view");
    deepEqual(error.details, ["list", "board", "calendar", "timeline"], "details list the choices");
    await expectNoRequest(() => rejects(asana.execute("workspace_task_search", "list", { workspace_gid: W.acme, text: "x", sort_by: "size" }), {
      code: "invalid_params", messageIncludes: "sort_by",
    }), "sort_by");
  });

  scenario("validation: limit must be 1-100; limit on workspace_users is explained", async () => {
    const asana = connect();
    for (const limit of [0, 101, -1, 2.5]) {
      await expectNoRequest(() => rejects(asana.execute("project_tasks", "list", { project_gid: P.website, limit }), {
        code: "invalid_params", messageIncludes: ["limit", "100"],
      }), `limit ${limit}`);
    }
    await expectNoRequest(() => rejects(asana.execute("workspace_users", "list", { workspace_gid: W.acme, limit: 10 }), {
      code: "invalid_params", messageIncludes: ["limit", "users/list"],
    }), "workspace_users limit");
    await expectNoRequest(() => rejects(asana.execute("team_users", "list", { team_gid: T.engineering, limit: 10 }), {
      code: "invalid_params", messageIncludes: ["limit", "users/list"],
    }), "team_users limit");
    const ok100 = await asana.execute("project_tasks", "list", { project_gid: P.website, limit: 100 });
    equal(ok100.data.length, SEED.websiteTaskCount, "limit 100 is fine");
  });

  // =============================================================================================
  // HTTP error mapping
  // =============================================================================================

  scenario("http errors: bad token → authentication (401)", async () => {
    const asana = connect({ auth: { token: "sandbox-pat-nobody" } });
    const error = await rejects(asana.execute("workspaces", "list"), { code: "authentication", status: 401, retryable: false, instanceOf: AsanaError });
    ok(error instanceof Error);
    ok(Array.isArray(error.details) && error.details[0]?.message === "Not Authorized", "Asana's errors[] in details");
  });

  scenario("http errors: unknown gid → not_found (404) with Asana's errors[] in details", async () => {
    const asana = connect();
    const missing = "1200000000999999";
    const error = await rejects(asana.execute("tasks", "get", { task_gid: missing }), { code: "not_found", status: 404, retryable: false, instanceOf: AsanaError });
    ok(Array.isArray(error.details), "details is Asana's errors[]");
    includes(error.details[0].message, `Unknown object: ${missing}`, "Asana's message");
    includes(error.message, `Unknown object: ${missing}`, "Asana's message in the message");
  });

  scenario("http errors: Asana 400 → invalid_params, nothing written", async () => {
    const asana = connect();
    const before = (await sandbox.stats()).objects.task;
    const error = await rejects(asana.execute("tasks", "create", { data: { name: "x", workspace: W.acme, start_on: "2024-01-01" } }), {
      code: "invalid_params", status: 400, retryable: false, messageIncludes: "start_on",
    });
    includes(error.details?.[0]?.message, "start_on", "Asana's errors[] in details");
    equal((await sandbox.stats()).objects.task, before, "no task created");
    await rejects(asana.execute("sections", "delete", { section_gid: S.todo }), { code: "invalid_params", status: 400, messageIncludes: "empty" });
  });

  scenario("http errors: non-premium search → premium_required (402)", async () => {
    const asana = connect();
    await rejects(asana.execute("workspace_task_search", "list", { workspace_gid: W.personal, text: "kitchen" }), {
      code: "premium_required", status: 402, retryable: false, instanceOf: AsanaError,
    });
  });

  scenario("http errors: injected 500 → server, retryable", async () => {
    const asana = connect({ retry: { maxAttempts: 1 } });
    await sandbox.fault({ method: "GET", path: "/users/me", status: 500, times: 5 });
    const error = await rejects(asana.execute("users", "get", { user_gid: "me" }), { code: "server", status: 500, retryable: true, instanceOf: AsanaError });
    equal(error.details?.[0]?.message, "Server Error", "Asana's errors[] in details");
    equal((await apiRequests()).length, 1, "retry.maxAttempts 1: one attempt");
  });

  scenario("http errors: injected 429 with Retry-After → rate_limited with retryAfterMs", async () => {
    const asana = connect();
    await sandbox.fault({ method: "GET", path: "/workspaces", status: 429, headers: { "Retry-After": "120" }, times: 5 });
    const started = Date.now();
    const error = await rejects(asana.execute("workspaces", "list"), { code: "rate_limited", status: 429, retryable: true, instanceOf: AsanaError });
    equal(error.retryAfterMs, 120_000, "retryAfterMs from Retry-After: 120");
    ok(Date.now() - started < 10_000, "Retry-After above retry.maxDelayMs (30 s) is not slept on");
    equal((await apiRequests()).length, 1, "no retry when Asana asks for longer than maxDelayMs");
  });

  scenario("check(): ok, and error shapes (authentication, server, network) without throwing", async () => {
    deepEqual(await connect().check(), { status: "ok" }, "check ok");
    const bad = await connect({ auth: { token: "sandbox-pat-nobody" } }).check();
    equal(bad.status, "error");
    deepEqual(Object.keys(bad).sort(), ["error", "status"]);
    deepEqual(Object.keys(bad.error).sort(), ["code", "message"]);
    equal(bad.error.code, "authentication");
    equal(typeof bad.error.message, "string");
    await sandbox.fault({ path: "/workspaces", status: 500, times: 5 });
    const down = await connect({ retry: { maxAttempts: 1 } }).check();
    deepEqual([down.status, down.error?.code], ["error", "server"], "check with a 500");
    const unreachable = await connect({ baseUrl: "http://127.0.0.1:9/api/1.0", retry: { maxAttempts: 1 } }).check();
    deepEqual([unreachable.status, unreachable.error?.code], ["error", "network"], "check with nothing listening");
  });

  // =============================================================================================
  // Configuration
  // =============================================================================================

  scenario("config: invalid_config in the constructor names the key", async () => {
    const bad = [
      [{ auth: { token: TOKEN }, baseURL: apiUrl }, ["baseURL", "baseUrl"]],
      [{ auth: { token: "" } }, ["token", "empty"]],
      [{ auth: { token: TOKEN }, baseUrl: "" }, ["baseUrl", "empty"]],
      [{ auth: { tokn: TOKEN } }, ["tokn"]],
      [{ auth: { token: TOKEN }, auth_config: { token: TOKEN } }, ["auth"]],
      [{ auth: { token: TOKEN }, airbyteClientId: "id" }, ["airbyteClientId"]],
      [{ externalUserId: "user-1", airbyteClientId: "id" }, ["airbyteClientSecret"]],
      [{ auth_config: { refresh_token: "r", access_token: "" } }, ["ccess"]],
      [{ auth: { token: TOKEN }, timeoutMs: 0 }, ["timeoutMs"]],
      [{ auth: { token: TOKEN }, retry: { maxAttempt: 2 } }, ["maxAttempt"]],
      [{ auth: { token: TOKEN }, fetch: "yes" }, ["fetch"]],
      [{}, ["token"]],
      [null, ["object"]],
      ["sandbox-pat-alice", ["object"]],
    ];
    for (const [config, parts] of bad) {
      const error = throws(() => new AsanaConnector(config), { code: "invalid_config", instanceOf: AsanaError, messageIncludes: parts }, `config ${JSON.stringify(config)}`);
      ok(error instanceof Error, "an Error");
      if (config && typeof config === "object") notIncludes(error.message, TOKEN, "no token in the message");
    }
  });

  scenario("config: snake_case aliases are accepted (auth_config, access_token)", async () => {
    const asana = new AsanaConnector({ auth_config: { token: TOKEN }, baseUrl: apiUrl });
    const workspaces = await asana.execute("workspaces", "list");
    equal(workspaces.data.length, 2, "auth_config works like auth");
    // OAuth keys in snake_case: an unexpired access_token is used as is (here it is a PAT the
    // sandbox knows, so no refresh is needed). Builds without OAuth refuse with not_supported,
    // never invalid_config (the keys are recognised either way).
    let oauth;
    try {
      oauth = new AsanaConnector({ auth_config: { refresh_token: "sandbox-refresh-unused", access_token: TOKEN, client_id: "c", client_secret: "s" }, baseUrl: apiUrl });
    } catch (error) {
      ok(error instanceof AsanaError, "an AsanaError");
      equal(error.code, "not_supported", "OAuth snake_case keys are recognised");
    }
    if (oauth) {
      equal((await oauth.execute("users", "get", { user_gid: "me" })).gid, U.alice, "access_token reached the wire");
      notIncludes(JSON.stringify(oauth), TOKEN, "no token in JSON.stringify");
      notIncludes(JSON.stringify(oauth), "sandbox-refresh-unused", "no refresh token in JSON.stringify");
    }
  });

  scenario("config: fetch and asanaEnable options reach the wire", ["workspaces/list"], async () => {
    let calls = 0;
    const asana = connect({ fetch: (...args) => { calls += 1; return fetch(...args); }, asanaEnable: ["new_goal_memberships", "new_user_task_lists"] });
    await asana.execute("workspaces", "list");
    equal(calls, 1, "the fetch option is used");
    const [entry] = await apiRequests();
    equal(entry.headers["asana-enable"], "new_goal_memberships,new_user_task_lists", "Asana-Enable header");
    equal(entry.authorization, true);
  });

  // =============================================================================================
  // Timeouts and cancellation
  // =============================================================================================

  scenario("timeout: timeoutMs with a slow answer → timeout, retryable", async () => {
    const asana = connect({ retry: { maxAttempts: 1 } });
    await sandbox.fault({ method: "GET", path: "/workspaces", delayMs: 3000, times: 5 });
    const started = Date.now();
    await rejects(asana.execute("workspaces", "list", {}, { timeoutMs: 300 }), { code: "timeout", retryable: true, instanceOf: AsanaError });
    const elapsed = Date.now() - started;
    ok(elapsed < 2500, `rejected after ${elapsed} ms, well before the 3 s answer`);
    const configured = connect({ timeoutMs: 300, retry: { maxAttempts: 1 } });
    await rejects(configured.execute("workspaces", "list"), { code: "timeout", retryable: true }, "timeoutMs in the constructor");
  });

  scenario("abort: an AbortSignal aborted mid-flight → aborted; already aborted → no request", async () => {
    const asana = connect({ retry: { maxAttempts: 1 } });
    await sandbox.fault({ method: "GET", path: "/workspaces", delayMs: 3000, times: 5 });
    const controller = new AbortController();
    const pending = asana.execute("workspaces", "list", {}, { signal: controller.signal });
    pending.catch(() => {}); // handled below; avoids an unhandled-rejection report meanwhile
    // Abort once the sandbox has the request (it answers only after 3 s).
    for (let i = 0; i < 40 && (await apiRequests()).length === 0; i++) await sleep(50);
    equal((await apiRequests()).length, 1, "the request is in flight");
    const abortedAt = Date.now();
    controller.abort();
    await rejects(pending, { code: "aborted", retryable: false, instanceOf: AsanaError });
    ok(Date.now() - abortedAt < 2000, "rejected soon after the abort, not when the answer came");

    await expectNoRequest(() => rejects(asana.execute("workspaces", "list", {}, { signal: AbortSignal.abort() }), { code: "aborted" }), "pre-aborted signal");
  });

  // =============================================================================================
  // Secrets
  // =============================================================================================

  scenario("secrets: JSON.stringify(connector) and errors never contain the token", async () => {
    const secret = "sandbox-pat-leak-check-31337";
    const connector = new AsanaConnector({ auth: { token: TOKEN }, baseUrl: apiUrl });
    for (const text of [JSON.stringify(connector), String(connector), JSON.stringify(Object.keys(connector)), JSON.stringify(Object.getOwnPropertyNames(connector))]) {
      notIncludes(text, TOKEN, "connector as text");
    }
    const wrong = new AsanaConnector({ auth: { token: secret }, baseUrl: apiUrl });
    notIncludes(JSON.stringify(wrong), secret, "JSON.stringify(connector)");
    const errors = [
      await rejects(wrong.execute("workspaces", "list"), { code: "authentication" }),
      await rejects(connector.execute("tasks", "get", { task_gid: "1200000000999999" }), { code: "not_found" }),
      await rejects(connector.execute("tasks", "get", { task_gid: "" }), { code: "invalid_params" }),
      throws(() => new AsanaConnector({ auth: { token: secret }, baseURL: apiUrl }), { code: "invalid_config" }),
      throws(() => new AsanaConnector({ auth: { token: secret, clientId: "c" } }), { code: "invalid_config" }),
    ];
    for (const error of errors) {
      const forms = [error.message, String(error), JSON.stringify(error), error.stack ?? "", JSON.stringify(error.details ?? null)];
      for (const form of forms) {
        notIncludes(form, secret, `${error.code} error`);
        notIncludes(form, TOKEN, `${error.code} error`);
      }
    }
    const checked = JSON.stringify(await wrong.check());
    notIncludes(checked, secret, "check() result");
  });

  // =============================================================================================
  // listEntities and coverage
  // =============================================================================================

  scenario("listEntities(): 98 entities, 248 actions, described params", async () => {
    const entities = AsanaConnector.listEntities();
    ok(Array.isArray(entities), "an array");
    equal(entities.length, 98, "98 entities");
    deepEqual(connect().listEntities(), entities, "instance and static agree");
    const pairs = entities.flatMap((e) => e.actions.map((a) => `${e.entity}/${a.action}`));
    equal(pairs.length, 248, "248 actions");
    deepEqual(pairsOf(EXPECTED_OPERATIONS).filter((op) => !pairs.includes(op)), [], "the first release's 47 are all there");
    const deprecated = entities.flatMap((e) => e.actions.filter((a) => a.deprecated).map((a) => `${e.entity}/${a.action}`));
    deepEqual(deprecated.sort(), ["project_statuses/create", "project_statuses/delete", "project_statuses/get", "project_statuses/list"], "deprecated: true");
    for (const entity of entities) {
      equal(typeof entity.description, "string", `${entity.entity} description`);
      ok(entity.description.length > 0, `${entity.entity} has a description`);
      for (const action of entity.actions) {
        const where = `${entity.entity}/${action.action}`;
        ok(Array.isArray(action.params), `${where} params`);
        for (const param of action.params) {
          equal(typeof param.name, "string", `${where} param name`);
          ok(["path", "query", "body", "header", "form"].includes(param.in), `${where}.${param.name} in: ${param.in}`);
          equal(typeof param.required, "boolean", `${where}.${param.name} required`);
          ok(["string", "integer", "number", "boolean", "array", "object", "file"].includes(param.type), `${where}.${param.name} type: ${param.type}`);
          ok(typeof param.description === "string" && param.description.length > 0, `${where}.${param.name} has a description`);
          if (param.enum !== undefined) ok(Array.isArray(param.enum) && param.enum.every((v) => typeof v === "string"), `${where}.${param.name} enum`);
        }
      }
    }
    const find = (entity, action) => entities.find((e) => e.entity === entity).actions.find((a) => a.action === action);
    const taskGid = find("tasks", "get").params.find((p) => p.name === "task_gid");
    deepEqual([taskGid.in, taskGid.required, taskGid.type], ["path", true, "string"], "tasks/get task_gid");
    const organization = find("user_teams", "list").params.find((p) => p.name === "organization");
    deepEqual([organization.in, organization.required], ["query", true], "user_teams organization");
    const limit = find("tasks", "list").params.find((p) => p.name === "limit");
    deepEqual([limit.in, limit.required, limit.type], ["query", false, "integer"], "limit");
    ok(!find("workspace_users", "list").params.some((p) => p.name === "limit"), "workspace_users has no limit");
    const range = find("attachments", "download").params.find((p) => p.name === "range_header");
    equal(range.in, "header", "range_header is a header param");
    const data = find("projects", "create").params.find((p) => p.name === "data");
    deepEqual([data.in, data.required, data.type], ["body", true, "object"], "projects/create data");
    ok(Array.isArray(data.fields) && data.fields.some((f) => f.name === "default_view" && f.enum?.includes("board")), "data fields with enums");
    JSON.parse(JSON.stringify(entities)); // plain JSON
  });

  // All 248 run in whole-api.mjs (one valid call each, checked against the catalogue); these
  // scenarios go deeper into the first release's 47.
  scenario("coverage: the scenarios execute every one of the first release's 47 operations", async () => {
    const claimed = new Set(list.flatMap((s) => s.ops));
    const expected = pairsOf(EXPECTED_OPERATIONS);
    deepEqual(expected.filter((op) => !claimed.has(op)), [], "operations no scenario executes");
  });

  return list;
}
