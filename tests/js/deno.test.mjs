// Deno: the scenarios against a sandbox started by with-sandbox.mjs (Deno cannot run the Node
// sandbox), with the package imported by its npm name from tests/node_modules, so Deno's
// resolver picks the "deno" condition of the exports map. Minimal permissions:
//
//   cd tests && DENO_NO_UPDATE_CHECK=1 node js/with-sandbox.mjs -- ./node_modules/.bin/deno test \
//     --allow-net=127.0.0.1:{port} --allow-env=SANDBOX_URL --allow-read=../pkg js/deno.test.mjs

import { AsanaConnector, AsanaError } from "asana-agent-connector";
import { SEED } from "../sandbox/seed.mjs";
import * as assert from "./assert.mjs";
import { scenarios } from "./scenarios.mjs";

const sandboxUrl = Deno.env.get("SANDBOX_URL");
if (!sandboxUrl) throw new Error("SANDBOX_URL is not set: run this file through js/with-sandbox.mjs");

for (const { name, run } of scenarios({ AsanaConnector, AsanaError, apiUrl: `${sandboxUrl}/api/1.0`, sandboxUrl, SEED })) {
  Deno.test({ name, fn: run });
}

Deno.test("deno: the package resolves through its exports map to the deno entry (browser.js)", () => {
  const resolved = import.meta.resolve("asana-agent-connector");
  assert.ok(resolved.endsWith("/browser.js"), resolved);
});
