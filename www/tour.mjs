// `make demo`: a short scripted tour of the connector. Runs against the local sandbox (an
// Asana-compatible server from tests/sandbox), or against real Asana when ASANA_TOKEN is set.
import { AsanaConnector } from "../pkg/node.js";

const real = Boolean(process.env.ASANA_TOKEN);
let sandbox;
let asana;
if (real) {
  asana = new AsanaConnector({ auth: { token: process.env.ASANA_TOKEN } });
  console.log("Touring real Asana (ASANA_TOKEN is set). The task it creates is deleted at the end.\n");
} else {
  const { startSandbox } = await import("../tests/sandbox/server.mjs");
  const { SEED } = await import("../tests/sandbox/seed.mjs");
  sandbox = await startSandbox();
  asana = new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: sandbox.apiUrl });
  console.log(`Touring the sandbox at ${sandbox.apiUrl} (set ASANA_TOKEN to tour real Asana).\n`);
}

async function step(entity, action, params, summarize) {
  const started = performance.now();
  const result = await asana.execute(entity, action, params);
  const ms = (performance.now() - started).toFixed(1);
  console.log(`→ ${entity}/${action} ${JSON.stringify(params)}  (${ms} ms)`);
  for (const line of [summarize(result)].flat()) console.log(`    ${line}`);
  return result;
}

const names = (page) => page.data.map((r) => `${r.name} (${r.gid})`);

try {
  const workspaces = await step("workspaces", "list", { limit: 5 }, names);
  const workspace = process.env.ASANA_WORKSPACE ?? workspaces.data[0].gid;
  const projects = await step("projects", "list", { workspace, limit: 5, archived: false }, names);
  const project = projects.data[0];
  await step("project_tasks", "list", { project_gid: project.gid, limit: 5 }, (page) => [
    ...names(page),
    page.meta.next_page ? `more: next offset ${page.meta.next_page.offset.slice(0, 16)}…` : "last page",
  ]);

  let count = 0;
  let pages = 0;
  const started = performance.now();
  for await (const _ of asana.paginate("project_tasks", "list", { project_gid: project.gid, limit: 10 }, { maxPages: 5 })) {
    if (count++ % 10 === 0) pages++;
  }
  console.log(`→ paginate project_tasks/list (limit 10, maxPages 5): ${count} tasks over ${pages} pages (${(performance.now() - started).toFixed(1)} ms)`);

  const task = await step("tasks", "create", { data: { name: "Try asana-agent-connector", workspace, projects: [project.gid], notes: "Created by the tour." } },
    (t) => `created "${t.name}" (${t.gid})`);
  await step("tasks", "update", { task_gid: task.gid, data: { due_on: "2030-01-15", notes: "Updated by the tour." } }, (t) => `due_on is now ${t.due_on}`);
  await step("task_stories", "create", { task_gid: task.gid, data: { text: "A comment from the tour." } }, (s) => `comment ${s.gid}: "${s.text}"`);
  const tags = await step("workspace_tags", "list", { workspace_gid: workspace, limit: 5 }, names);
  const tag = tags.data[0] ?? (await step("workspace_tags", "create", { workspace_gid: workspace, data: { name: "tour" } }, (t) => `created tag ${t.gid}`));
  await step("task_tags", "create", { task_gid: task.gid, data: { tag: tag.gid } }, () => `tagged with "${tag.name}"`);
  await step("tasks", "update", { task_gid: task.gid, data: { completed: true } }, (t) => `completed: ${t.completed}`);
  await step("tasks", "get", { task_gid: task.gid, opt_fields: ["name", "completed", "tags.name", "due_on"] }, (t) =>
    `${t.name}: completed=${t.completed}, due ${t.due_on}, tags ${t.tags.map((x) => x.name).join(", ")}`);
  try {
    await asana.execute("tasks", "get", { task_gid: "0" });
  } catch (error) {
    console.log(`→ tasks/get {"task_gid":"0"} fails as it should: ${error.code} (${error.status}): ${error.message}`);
  }
  if (real) await step("tasks", "delete", { task_gid: task.gid }, () => "deleted the tour's task");
  console.log("\nTour complete.");
} finally {
  await sandbox?.close();
}
