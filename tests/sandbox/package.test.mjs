// The sandbox as the package ships it (pkg/sandbox/, asana-agent-connector/sandbox): a core with
// no runtime dependencies, whose fetch answers like the Node server, small enough to ship, with
// types that match the seed. (The connector against createSandbox().fetch in the four runtimes is
// tests/js/sandbox-export.mjs.)

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { operationFor } from "../../pkg/sandbox/catalogue.js";
import { httpRequestOf } from "../../pkg/sandbox/examples.js";
import { createSandbox, exampleCalls, SEED } from "../../pkg/sandbox/index.js";
import { answerOf } from "./answer.mjs";
import { renderTypes } from "./gen-seed-type.mjs";
import { startSandbox } from "./server.mjs";

const pkgDir = fileURLToPath(new URL("../../pkg/", import.meta.url));
const sandboxDir = join(pkgDir, "sandbox");
const API = "https://app.asana.com/api/1.0";
const auth = (token = SEED.tokens.alice) => ({ Authorization: `Bearer ${token}` });

/** Every file under pkg/sandbox, relative to it. */
function files(dir = sandboxDir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [relative(sandboxDir, join(dir, entry.name))]);
}

describe("the shipped files", () => {
  test("the core has no runtime dependencies: no node: imports, Buffer or process; only node.js uses node:", () => {
    const core = files().filter((file) => file.endsWith(".js") && file !== "node.js");
    assert.ok(core.length > 30, `${core.length} core modules`);
    for (const file of core) {
      const source = readFileSync(join(sandboxDir, file), "utf8").replace(/^\s*\/\/.*$/gm, "").replace(/\s\/\/[^\n"'`]*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, "");
      assert.doesNotMatch(source, /from\s+["']node:|import\(\s*["']node:/, `${file} imports a node: module`);
      assert.doesNotMatch(source, /\bBuffer\b/, `${file} uses Buffer`);
      assert.doesNotMatch(source, /\bprocess\./, `${file} uses process`);
      assert.doesNotMatch(source, /\brequire\(/, `${file} uses require`);
      assert.doesNotMatch(source, /\bimport\(/, `${file} imports dynamically (workerd needs a static module graph)`);
      for (const [, specifier] of source.matchAll(/^(?:import|export)\b[^;"']*?\bfrom\s*["']([^"']+)["']/gm)) {
        assert.match(specifier, /^\.{1,2}\//, `${file}: ${specifier} is not a relative import`);
        const target = resolve(dirname(join(sandboxDir, file)), specifier);
        assert.ok(existsSync(target), `${file}: ${specifier} does not exist`);
        assert.ok(target.startsWith(pkgDir), `${file}: ${specifier} is outside the package`);
        assert.notEqual(relative(sandboxDir, target), "node.js", `${file} imports the Node-only node.js`);
      }
    }
  });

  test("package.json exports ./sandbox (every runtime) and ./sandbox/node, and ships sandbox/", () => {
    const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    assert.deepEqual(manifest.exports["./sandbox"], { types: "./sandbox/index.d.ts", default: "./sandbox/index.js" });
    assert.deepEqual(manifest.exports["./sandbox/node"], { types: "./sandbox/node.d.ts", node: "./sandbox/node.js" });
    assert.ok(manifest.files.includes("sandbox/"));
  });

  test("pkg/sandbox stays under 150 KB gzip", () => {
    let raw = 0;
    let gzip = 0;
    for (const file of files()) {
      const bytes = readFileSync(join(sandboxDir, file));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    console.log(`pkg/sandbox: ${raw} B raw, ${gzip} B gzip (files one by one)`);
    assert.ok(gzip < 150 * 1024, `${gzip} B gzip`);
  });

  test("index.d.ts's SandboxSeed is SEED's type (node tests/sandbox/gen-seed-type.mjs rewrites it)", () => {
    const current = readFileSync(join(sandboxDir, "index.d.ts"), "utf8");
    assert.equal(current, renderTypes(current));
  });

  test("the types check: a consumer of ./sandbox and ./sandbox/node under tsc --strict", () => {
    const scratch = mkdtempSync(join(tmpdir(), "asana-sandbox-types-"));
    try {
      mkdirSync(join(scratch, "node_modules"));
      symlinkSync(pkgDir, join(scratch, "node_modules/asana-agent-connector"), "dir");
      writeFileSync(join(scratch, "package.json"), JSON.stringify({ type: "module" }));
      writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: "es2022", lib: ["es2022", "dom", "dom.iterable", "dom.asynciterable"], module: "nodenext", moduleResolution: "nodenext", skipLibCheck: false, types: [] },
        files: ["consumer.ts"],
      }));
      writeFileSync(join(scratch, "consumer.ts"), `
        import { AsanaConnector } from "asana-agent-connector";
        import { createSandbox, exampleCalls, SEED, type FaultSpec, type Sandbox } from "asana-agent-connector/sandbox";
        import { startSandbox, type SandboxServer } from "asana-agent-connector/sandbox/node";
        const sandbox: Sandbox = createSandbox({ offsetTtlMs: 60_000 });
        const asana = new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: "https://app.asana.com/api/1.0", fetch: sandbox.fetch });
        const fault: FaultSpec = { method: "GET", path: "/workspaces", status: 503, times: 2 };
        sandbox.faults.add(fault);
        const remaining: number = sandbox.faults.list()[0].remaining;
        const gid: string = sandbox.seed.tasks.homepage;
        const size: number = SEED.specSize;
        const calls: number = exampleCalls(SEED).length;
        const logged: boolean = sandbox.requests.list()[0]?.authorization ?? false;
        sandbox.limits.set({ perMinute: 10 });
        sandbox.oauth.set({ rotate: true });
        const response: Promise<Response> = sandbox.fetch(new Request("https://app.asana.com/api/1.0/users/me"));
        async function server(): Promise<void> {
          const running: SandboxServer = await startSandbox({ port: 0, static: { "/": "www" } });
          const url: string = running.apiUrl;
          running.reset();
          await running.close();
          void url;
        }
        // @ts-expect-error: a fault's kind is one of five
        sandbox.faults.add({ kind: "slow" });
        void asana; void remaining; void gid; void size; void calls; void logged; void response; void server;
      `);
      execFileSync(fileURLToPath(new URL("../node_modules/.bin/tsc", import.meta.url)), ["-p", join(scratch, "tsconfig.json")], { encoding: "utf8" });
    } catch (error) {
      assert.fail(`tsc: ${error.stdout ?? ""}${error.stderr ?? ""}${error.stdout === undefined ? error.message : ""}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  test("createSandbox() at module scope needs no random numbers and no timers (Workers forbid both there)", () => {
    const { getRandomValues } = crypto;
    const timer = globalThis.setTimeout;
    crypto.getRandomValues = () => {
      throw new Error("getRandomValues called");
    };
    globalThis.setTimeout = () => {
      throw new Error("setTimeout called");
    };
    try {
      const sandbox = createSandbox();
      sandbox.reset();
      assert.equal(sandbox.store.get("task", SEED.tasks.homepage).name, "Design homepage");
    } finally {
      crypto.getRandomValues = getRandomValues;
      globalThis.setTimeout = timer;
    }
  });
});

describe("createSandbox().fetch", () => {
  let sandbox;
  let server;

  before(async () => {
    server = await startSandbox();
  });
  after(() => server.close());

  test("every example call answers 2xx through fetch, in one pass, with no violation", async () => {
    sandbox = createSandbox();
    const failures = [];
    for (const { entity, action, params, skip } of exampleCalls(SEED)) {
      if (skip) continue;
      const { url, init } = httpRequestOf(operationFor(entity, action), params, { apiUrl: API, token: SEED.tokens.alice });
      const res = await sandbox.fetch(url, init);
      const text = await res.text();
      if (res.status < 200 || res.status > 299) failures.push(`${entity}/${action} ${init.method} ${url.slice(API.length)}: ${res.status} ${text.slice(0, 300)}`);
      else assert.doesNotThrow(() => JSON.parse(text), `${entity}/${action}: JSON`);
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(sandbox.violations(), []);
    sandbox.close();
  });

  test("answers as the server does: same body, headers and status; URLs in answers use the request's origin", async () => {
    sandbox = createSandbox();
    const path = `/projects/${SEED.projects.website}/tasks?limit=5&opt_fields=name`;
    const viaFetch = await answerOf(await sandbox.fetch(`${API}${path}`, { headers: auth() }));
    const viaServer = await answerOf(await fetch(`${server.apiUrl}${path}`, { headers: auth() }));
    assert.equal(viaFetch.status, 200);
    assert.equal(viaFetch.status, viaServer.status);
    for (const name of ["content-type", "access-control-allow-origin", "access-control-expose-headers"]) {
      assert.equal(viaFetch.headers.get(name), viaServer.headers.get(name), name);
    }
    const me = [await sandbox.fetch(`${API}/users/me`, { headers: auth() }), await fetch(`${server.apiUrl}/users/me`, { headers: auth() })];
    assert.equal(me[0].headers.get("content-length"), me[1].headers.get("content-length"), "content-length");
    assert.equal(await me[0].text(), await me[1].text());
    assert.deepEqual(viaFetch.json.data, viaServer.json.data);
    assert.ok(viaFetch.json.next_page.uri.startsWith(`${API}/projects/`), viaFetch.json.next_page.uri);
    assert.ok(viaServer.json.next_page.uri.startsWith(`${server.apiUrl}/projects/`), viaServer.json.next_page.uri);
    const next = await answerOf(await sandbox.fetch(viaFetch.json.next_page.uri, { headers: auth() }));
    assert.equal(next.json.data.length, 5, "the offset works on the next request");
    const attachment = await answerOf(await sandbox.fetch(`${API}/attachments/${SEED.attachments.spec}`, { headers: auth() }));
    assert.ok(attachment.json.data.download_url.startsWith("https://app.asana.com/_files/"), attachment.json.data.download_url);
    const file = await sandbox.fetch(attachment.json.data.download_url, { headers: { Range: "bytes=0-8" } });
    assert.equal(file.status, 206);
    assert.equal(await file.text(), "%PDF-1.4\n");
    assert.equal((await sandbox.fetch(attachment.json.data.download_url, { headers: auth() })).status, 400, "no Authorization on the file host");
    sandbox.close();
  });

  test("HEAD, 204, 413, a drop fault, redirects, uploads, controls and webhooks as a fetch would see them", async () => {
    sandbox = createSandbox();
    const { data: spec } = await (await sandbox.fetch(`${API}/attachments/${SEED.attachments.spec}`, { headers: auth() })).json();
    const head = await sandbox.fetch(spec.download_url, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.body, null);
    assert.equal(Number(head.headers.get("content-length")), SEED.specSize);
    const preflight = await sandbox.fetch(`${API}/users/me`, { method: "OPTIONS" });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.body, null);
    assert.match(preflight.headers.get("access-control-allow-headers"), /Authorization/);
    sandbox.faults.add({ path: "/users/me", status: 204 });
    assert.equal((await sandbox.fetch(`${API}/users/me`, { headers: auth() })).status, 204);
    const big = await sandbox.fetch(`${API}/tasks`, { method: "POST", headers: { ...auth(), "Content-Type": "application/json" }, body: "x".repeat((1 << 20) + 1) });
    assert.equal(big.status, 413);
    sandbox.faults.add({ path: "/users/me", kind: "drop" });
    await assert.rejects(sandbox.fetch(`${API}/users/me`, { headers: auth() }), (error) => error instanceof TypeError && /dropped/.test(error.cause?.message));
    const authorize = `https://app.asana.com/-/oauth_authorize?client_id=${SEED.oauth.clientId}&redirect_uri=${encodeURIComponent("https://app.example/callback")}&response_type=code&state=s1`;
    const manual = await sandbox.fetch(authorize, { redirect: "manual" });
    assert.equal(manual.status, 302);
    const code = new URL(manual.headers.get("location")).searchParams.get("code");
    assert.ok(code, "a code");
    assert.equal((await sandbox.fetch(authorize)).status, 302, "a redirect out of the sandbox comes back as it is");
    await assert.rejects(sandbox.fetch(authorize, { redirect: "error" }), TypeError);
    const exchanged = await sandbox.fetch("https://app.asana.com/-/oauth_token", {
      method: "POST",
      body: new URLSearchParams({ grant_type: "authorization_code", code, client_id: SEED.oauth.clientId, client_secret: SEED.oauth.clientSecret, redirect_uri: "https://app.example/callback" }),
    });
    const { access_token: accessToken } = await exchanged.json();
    assert.equal((await (await sandbox.fetch(`${API}/users/me`, { headers: auth(accessToken) })).json()).data.gid, SEED.users.alice);
    const form = new FormData();
    form.set("parent", SEED.tasks.homepage);
    form.set("file", new Blob(["hello, sandbox"], { type: "text/plain" }), "hello.txt");
    const upload = await answerOf(await sandbox.fetch(`${API}/attachments`, { method: "POST", headers: auth(), body: form }));
    assert.equal(upload.status, 201, upload.text);
    const uploaded = await answerOf(await sandbox.fetch(`${API}/attachments/${upload.json.data.gid}`, { headers: auth() }));
    assert.equal(await (await sandbox.fetch(uploaded.json.data.download_url)).text(), "hello, sandbox");
    const control = await answerOf(await sandbox.fetch("/_sandbox/stats"));
    assert.equal(control.json.data.oauth.codeExchanges, 1);
    const hook = await answerOf(await sandbox.fetch(`${API}/webhooks`, {
      method: "POST", headers: { ...auth(), "Content-Type": "application/json" },
      body: JSON.stringify({ data: { resource: SEED.projects.website, target: "https://hooks.sandbox.test/echo" } }),
    }));
    assert.equal(hook.status, 201, hook.text);
    await sandbox.fetch(`${API}/tasks/${SEED.tasks.homepage}`, { method: "PUT", headers: { ...auth(), "Content-Type": "application/json" }, body: JSON.stringify({ data: { name: "Renamed" } }) });
    const deliveries = await sandbox.webhooks.deliveries();
    assert.deepEqual(deliveries.map((d) => [d.kind, d.ok]), [["handshake", true], ["events", true]]);
    sandbox.close();
  });

  test("webhookFetch receives the deliveries to other targets: the handshake, then signed events", async () => {
    const received = [];
    let secret;
    sandbox = createSandbox({
      webhookFetch: async (url, init) => {
        const request = new Request(url, init);
        const body = await request.text();
        received.push({ url: request.url, secret: request.headers.get("x-hook-secret"), signature: request.headers.get("x-hook-signature"), body });
        secret ??= request.headers.get("x-hook-secret");
        return new Response(null, { status: 200, headers: secret && !body ? { "X-Hook-Secret": secret } : {} });
      },
    });
    const hook = await answerOf(await sandbox.fetch(`${API}/webhooks`, {
      method: "POST", headers: { ...auth(), "Content-Type": "application/json" },
      body: JSON.stringify({ data: { resource: SEED.projects.website, target: "https://agent.example/hooks/asana" } }),
    }));
    assert.equal(hook.status, 201, hook.text);
    await sandbox.fetch(`${API}/tasks/${SEED.tasks.homepage}`, { method: "PUT", headers: { ...auth(), "Content-Type": "application/json" }, body: JSON.stringify({ data: { name: "Renamed" } }) });
    await sandbox.webhooks.settle();
    assert.equal(received.length, 2);
    assert.equal(received[0].url, "https://agent.example/hooks/asana");
    assert.ok(secret, "the handshake carried X-Hook-Secret");
    assert.equal(received[1].signature, createHmac("sha256", secret).update(received[1].body).digest("hex"), "X-Hook-Signature is the body's HMAC-SHA256");
    assert.ok(JSON.parse(received[1].body).events.some((e) => e.resource.gid === SEED.tasks.homepage));
    sandbox.close();
  });
});
