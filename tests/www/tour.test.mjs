// `make demo`'s scripted tour, run as a user runs it (against the sandbox it starts itself).
//
//   node --test tests/www/tour.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

test("the scripted tour runs every step against the sandbox", { timeout: 60_000 }, async () => {
  const tour = fileURLToPath(new URL("../../www/tour.mjs", import.meta.url));
  const env = { ...process.env };
  delete env.ASANA_TOKEN; // never touch real Asana from the tests
  const { stdout } = await promisify(execFile)(process.execPath, [tour], { env, encoding: "utf8" });
  for (const step of ["workspaces/list", "projects/list", "project_tasks/list", "paginate project_tasks/list", "tasks/create", "tasks/update", "task_stories/create", "task_tags/create", "completed: true", "fails as it should: not_found"]) {
    assert.ok(stdout.includes(step), `the tour printed ${step}`);
  }
  assert.match(stdout, /Tour complete\.\n$/);
});
