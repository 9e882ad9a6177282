// The package as a user installs it: `npm pack` of pkg/, installed into a scratch project, then
// imported by name from Node (exports map → node entry) and checked against the sandbox. Catches
// files missing from package.json "files" (the wasm, its glue, the fetch snippet, the types).
//
//   node --test tests/pack/

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SEED, startSandbox } from "../sandbox/server.mjs";

const pkgDir = resolve(fileURLToPath(new URL("../../pkg", import.meta.url)));
const scratch = mkdtempSync(join(tmpdir(), "asana-pack-"));
let sandbox;

before(async () => {
  sandbox = await startSandbox();
  const [{ filename }] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", scratch, pkgDir], { encoding: "utf8" }));
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", join(scratch, filename)], { cwd: scratch, stdio: "ignore" });
});

after(async () => {
  await sandbox?.close();
  rmSync(scratch, { recursive: true, force: true });
});

test("the installed tarball holds every file its entries and types refer to", () => {
  const installed = join(scratch, "node_modules/asana-agent-connector");
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  const exported = Object.values(manifest.exports).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e)));
  for (const file of exported) readFileSync(join(installed, file));
  const glue = readFileSync(join(installed, "wasm/asana_agent_connector.js"), "utf8");
  for (const [, path] of glue.matchAll(/from '(\.\/snippets\/[^']+)'/g)) readFileSync(join(installed, "wasm", path));
});

test("a consumer imports it by name and runs a call in a fresh Node process", async () => {
  const script = `
    import { AsanaConnector, AsanaError } from "asana-agent-connector";
    const asana = new AsanaConnector({ auth: { token: ${JSON.stringify(SEED.tokens.alice)} }, baseUrl: ${JSON.stringify(sandbox.apiUrl)} });
    const me = await asana.execute("users", "get", { user_gid: "me" });
    const error = await asana.execute("taks", "list").catch((e) => e);
    console.log(JSON.stringify({ me: me.gid, entry: import.meta.resolve("asana-agent-connector"), isError: error instanceof AsanaError }));
  `;
  writeFileSync(join(scratch, "consumer.mjs"), script);
  // Asynchronously: the sandbox answering the child lives in this process's event loop.
  const { stdout } = await promisify(execFile)(process.execPath, ["consumer.mjs"], { cwd: scratch, encoding: "utf8" });
  const out = JSON.parse(stdout);
  assert.equal(out.me, SEED.users.alice);
  assert.ok(out.entry.endsWith("/node_modules/asana-agent-connector/node.js"), out.entry);
  assert.equal(out.isError, true);
});

test("npm publish --dry-run is clean: licence, repository, homepage, keywords, nothing auto-corrected", () => {
  const result = spawnSync("npm", ["publish", "--dry-run", "--json", pkgDir], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  const warnings = result.stderr.split("\n").filter((line) => /warn/i.test(line) && !/logged in/.test(line));
  assert.deepEqual(warnings, [], "npm's warnings (being logged out is the only one expected)");
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  for (const key of ["license", "repository", "homepage", "bugs", "keywords", "bin"]) assert.ok(manifest[key], key);
  const files = JSON.parse(result.stdout).files?.map((f) => f.path) ?? JSON.parse(result.stdout)["asana-agent-connector"]?.files.map((f) => f.path);
  for (const file of ["LICENSE", "LICENSE-asana-openapi", "README.md", "bin.js", "serve.js", "catalog.js", "operations.d.ts"]) assert.ok(files.includes(file), file);
});

test("the installed bin answers --help and refuses to start without credentials", () => {
  const bin = join(scratch, "node_modules/.bin/asana-agent-connector");
  const help = spawnSync(bin, ["--help"], { encoding: "utf8" });
  assert.equal(help.status, 0);
  assert.match(help.stderr, /asana-agent-connector mcp/);
  assert.equal(help.stdout, "", "nothing on stdout (the MCP channel)");
  const bare = spawnSync(bin, ["mcp"], { encoding: "utf8", env: { PATH: process.env.PATH } });
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /ASANA_TOKEN/);
});
