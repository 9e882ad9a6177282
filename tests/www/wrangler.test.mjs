// The README's Workers snippet as a user deploys it: written to a fresh project exactly as the
// README has it, bundled by Wrangler (`wrangler deploy --dry-run --outdir`), and the bundle run in
// workerd (Miniflare) with its requests to app.asana.com answered by the sandbox. The example
// Worker in www/worker/ is bundled and run the same way.
//
//   node --test tests/www/wrangler.test.mjs

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { SEED, startSandbox } from "../sandbox/server.mjs";
import { root, startWorkers } from "../workerd.mjs";

const scratch = mkdtempSync(join(tmpdir(), "asana-wrangler-"));
const wrangler = join(root, "tests/node_modules/.bin/wrangler");
let sandbox;

before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A Wrangler project in `dir` with the package installed; its bundle's modules for Miniflare. */
async function bundle(dir) {
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(join(root, "pkg"), join(dir, "node_modules/asana-agent-connector"));
  const out = join(dir, "dist");
  await promisify(execFile)(wrangler, ["deploy", "--dry-run", "--outdir", out], {
    cwd: dir,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", HOME: dir, XDG_CONFIG_HOME: join(dir, ".config") },
  });
  const files = readdirSync(out).filter((f) => f.endsWith(".js") || f.endsWith(".wasm"));
  // Wrangler names the bundle after `main` (worker.mjs → worker.js) and the .wasm by its hash.
  assert.ok(files.includes("worker.js") && files.some((f) => f.endsWith(".wasm")), `the bundle: worker.js and the .wasm (${files})`);
  return ["worker.js", ...files.filter((f) => f !== "worker.js")].map((f) => ({ type: f.endsWith(".wasm") ? "CompiledWasm" : "ESModule", path: join(out, f) }));
}

/** Requests to Asana go to the sandbox instead. */
const toSandbox = (request) => {
  const url = new URL(request.url);
  const target = url.hostname === "app.asana.com" ? `${sandbox.url}${url.pathname}${url.search}` : request.url;
  return fetch(new Request(target, request));
};

function readmeBlock(heading) {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README has "${heading}"`);
  return /```js\n([\s\S]*?)```/.exec(readme.slice(at))[1];
}

test("the README's Workers snippet, bundled by Wrangler, runs in workerd", async () => {
  const dir = join(scratch, "snippet");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "worker.mjs"), readmeBlock("### Cloudflare Workers"));
  writeFileSync(join(dir, "wrangler.toml"), 'name = "snippet"\nmain = "worker.mjs"\ncompatibility_date = "2026-04-01"\n');
  const modules = await bundle(dir);
  const { mf, dispose } = await startWorkers({ modulesRoot: "/", modules, bindings: { ASANA_TOKEN: SEED.tokens.alice }, outboundService: toSandbox });
  try {
    const response = await mf.dispatchFetch("http://worker.test/");
    assert.equal(response.status, 200);
    assert.equal((await response.json()).gid, SEED.users.alice, "the token's user, from Asana (the sandbox)");
  } finally {
    await dispose();
  }
});

test("the example Worker (www/worker/), bundled by Wrangler, serves its API and MCP", async () => {
  const dir = join(scratch, "example");
  cpSync(join(root, "www/worker"), dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
  const modules = await bundle(dir);
  const { mf, dispose } = await startWorkers({ modulesRoot: "/", modules, bindings: { ASANA_TOKEN: SEED.tokens.alice }, outboundService: toSandbox });
  try {
    const health = await mf.dispatchFetch("http://worker.test/api/health");
    assert.deepEqual(await health.json(), { status: "ok" });
    const workspaces = await (await mf.dispatchFetch("http://worker.test/api/workspaces")).json();
    assert.ok(JSON.stringify(workspaces).includes("Acme Corp"));
  } finally {
    await dispose();
  }
});
