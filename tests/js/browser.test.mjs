// Chromium: the scenarios in a real page, driven by playwright-core with Debian's /usr/bin/chromium
// (and the core of the hostile set, each scenario in its own Worker started by the page).
// The page comes from the sandbox's static serving at http://localhost:PORT/js/browser.html and
// imports the package's "browser" entry from /pkg; the API is http://127.0.0.1:PORT/api/1.0, a
// different origin, so every call goes through CORS (preflights included). Each scenario is its
// own node test. A fresh profile and temp dir are used and removed afterwards.
//
//   cd tests && node --test js/browser.test.mjs

import { after, before, test } from "node:test";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { SEED, startSandbox } from "../sandbox/server.mjs";
import { hostileScenarios } from "./hostile.mjs";
import { sandboxExportScenarios } from "./sandbox-export.mjs";
import { scenarios } from "./scenarios.mjs";
import { webhookScenarios } from "./webhooks.mjs";
import { wholeApiScenarios } from "./whole-api.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = realpathSync(dirname(fileURLToPath(import.meta.resolve("asana-agent-connector/package.json"))));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const scratch = mkdtempSync(join(tmpdir(), "asana-browser-test-"));
const sandbox = await startSandbox({ static: { "/js": here, "/pkg": pkgDir } });
const pageUrl = `http://localhost:${sandbox.port}/js/browser.html`;
const apiOrigin = `http://127.0.0.1:${sandbox.port}`;
const stub = { AsanaConnector: class {}, AsanaError: class {}, apiUrl: "-", sandboxUrl: "-", SEED };
const names = [...scenarios(stub), ...webhookScenarios(stub), ...wholeApiScenarios(stub)].map((s) => s.name);
names.push(...sandboxExportScenarios({ AsanaConnector: class {}, createSandbox: () => {} }).map((s) => s.name));
// The hostile set's core, each run in its own Worker inside the page (browser.html, hostile-worker.mjs).
const hostile = hostileScenarios({ AsanaConnector: class {}, AsanaError: class {}, apiUrl: "-", sandboxUrl: "-", SEED }).filter((s) => s.core);

let context;
let page;
const pageProblems = [];
const preflights = [];

before(async () => {
  context = await chromium.launchPersistentContext(join(scratch, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, TMPDIR: scratch },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageProblems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") pageProblems.push(`console.error: ${message.text()}`);
  });
  // DevTools reports CORS preflights as their own requests.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  cdp.on("Network.requestWillBeSent", (event) => {
    if (event.request.method === "OPTIONS" || event.type === "Preflight") preflights.push(event.request.url);
  });
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.harness?.ready || window.harness?.error, null, { timeout: 15_000 });
  const failure = await page.evaluate(() => window.harness.error);
  if (failure) throw new Error(`the page could not load the package: ${failure}\n${pageProblems.join("\n")}`);
  const inPage = await page.evaluate((args) => window.harness.init(args), { apiUrl: `${apiOrigin}/api/1.0`, sandboxUrl: apiOrigin, SEED });
  if (JSON.stringify(inPage) !== JSON.stringify(names)) throw new Error(`scenario lists differ: ${JSON.stringify(inPage)}`);
  const hostileInPage = await page.evaluate((args) => window.harness.initHostile(args), { apiUrl: `${apiOrigin}/api/1.0`, sandboxUrl: apiOrigin, tokenUrl: `${apiOrigin}/-/oauth_token`, SEED });
  if (JSON.stringify(hostileInPage.map((s) => s.name)) !== JSON.stringify(hostile.map((s) => s.name))) throw new Error(`hostile scenario lists differ: ${JSON.stringify(hostileInPage)}`);
});

after(async () => {
  try {
    await context?.close();
  } finally {
    await sandbox.close();
    rmSync(scratch, { recursive: true, force: true });
  }
});

test("chromium: the page is on another origin than the API and loaded the package's browser entry", async () => {
  const { origin, entry } = await page.evaluate(() => ({ origin: location.origin, entry: window.harness.entry }));
  if (origin === apiOrigin || !origin.startsWith("http://localhost:")) throw new Error(`page origin ${origin} vs API ${apiOrigin}`);
  if (!entry.endsWith("/pkg/browser.js")) throw new Error(`entry ${entry}`);
});

for (const name of names) {
  test(name, { timeout: 30_000 }, async () => {
    const result = await page.evaluate((n) => window.harness.run(n), name);
    if (!result.ok) {
      const error = new Error(`[in Chromium] ${result.error.name ?? "Error"}${result.error.code ? ` (${result.error.code})` : ""}: ${result.error.message}`);
      error.stack = `${error.message}\n${result.error.stack ?? ""}`;
      throw error;
    }
  });
}

for (const { name, budgetMs } of hostile) {
  test(name, { timeout: budgetMs + 30_000 }, async () => {
    const result = await page.evaluate(([n, limit]) => window.harness.runHostile(n, limit), [name, budgetMs + 5_000]);
    if (!result.ok) {
      const { name: errorName, code, message, stack, during } = result.error;
      const error = new Error(`[in a Chromium Worker] ${errorName ?? "Error"}${code ? ` (${code})` : ""}: ${message}${during && errorName !== "AssertionError" ? ` (during ${during})` : ""}`);
      error.stack = `${error.message}\n${stack ?? ""}`;
      throw error;
    }
  });
}

test("chromium: CORS preflights were sent to the API origin", () => {
  const toApi = preflights.filter((url) => url.startsWith(`${apiOrigin}/api/1.0/`));
  if (toApi.length === 0) throw new Error(`no preflight seen (saw ${preflights.length} OPTIONS in all)`);
});
