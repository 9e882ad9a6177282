// The sandbox in its own process, so its CPU work does not share the benchmark's event loop
// (the machine has 2 cores: one serves, one measures). Seeds a "Bench" project with
// BENCH_SEED_TASKS tasks, reports { url, apiUrl, project, task } over IPC, and exits when the
// parent disconnects.

import { setMaxListeners } from "node:events";
import { SEED, startSandbox } from "../sandbox/server.mjs";

// Delayed answers each listen on the sandbox's closing signal; 50+ in flight is expected here.
setMaxListeners(1000);

const count = Number(process.env.BENCH_SEED_TASKS ?? 5000);
const sandbox = await startSandbox();
const { store } = sandbox;
const { users: U, workspaces: W, teams: T, tags: G } = SEED;
const at = (i) => new Date(Date.UTC(2024, 1, 1) + i * 60_000).toISOString();

// Realistic records: every field of the wide opt_fields list has a value on most tasks.
const project = store.createProject(
  { name: "Bench", workspace: W.acme, team: T.engineering, owner: U.alice, members: [U.alice, U.bob], followers: [U.alice], created_at: at(0) },
  [{ name: "Backlog" }, { name: "Doing" }, { name: "Done" }],
);
const sections = project.sections.map((gid) => store.get("section", gid));
const people = [U.alice, U.bob, U.carol, U.dave];
let first;
for (let i = 0; i < count; i++) {
  const task = store.createTask({
    name: `Bench task ${i + 1}: update the onboarding checklist`,
    notes: `Task ${i + 1} of the benchmark project. Keep the copy short and link the spec from the description.`,
    workspace: W.acme, created_by: U.alice, created_at: at(i), modified_at: at(i + 30),
    assignee: i % 5 === 4 ? null : people[i % 4], due_on: i % 3 === 0 ? null : `2024-0${1 + (i % 9)}-1${i % 10}`,
    followers: [U.alice, people[(i + 1) % 4]], tags: i % 4 === 0 ? [G.urgent, G.backend] : i % 2 ? [G.backend] : [],
    completed: i % 7 === 0,
  });
  store.placeTask(task, sections[Math.floor((i * sections.length) / count)], { atEnd: true });
  first ??= task;
}

process.send({ url: sandbox.url, apiUrl: sandbox.apiUrl, project: project.gid, task: first.gid, token: SEED.tokens.alice, seed: SEED });
process.on("disconnect", () => sandbox.close().then(() => process.exit(0)));
