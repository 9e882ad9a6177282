// The browser demo (www/), used as a person would: headless Chromium (playwright-core) on the page
// served by the sandbox itself ("/" → www/, "/pkg" → pkg/), so the page's default API is
// same-origin /api/1.0. What the page did is then checked in the sandbox's store and request log.
//
//   node --test tests/www/demo.test.mjs          # writes tests/out/demo.png

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";
import { chromium } from "playwright-core";
import { SEED, startSandbox } from "../sandbox/server.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = join(root, "tests/out");
const screenshot = join(outDir, "demo.png");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const STEP = { timeout: 20_000 };

let sandbox;
let profile;
let context;
let page;
const pageErrors = [];
const foreignRequests = [];

before(async () => {
  sandbox = await startSandbox({ static: { "/": join(root, "www"), "/pkg": join(root, "pkg") } });
  profile = mkdtempSync(join(tmpdir(), "asana-demo-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  context.setDefaultTimeout(15_000);
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(`${sandbox.url}/`) && !url.startsWith("data:")) foreignRequests.push(url);
  });
});

after(async () => {
  try {
    await context?.close();
  } finally {
    await sandbox?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  }
});

const byTestId = (id) => page.locator(`[data-testid="${id}"]`);
const item = (kind, gid) => page.locator(`[data-testid="${kind}-item"][data-gid="${gid}"]`);

/** Opens a task from a list and waits until its details, subtasks and tags are loaded. */
async function openTask(gid) {
  await item("task", gid).click();
  await page.locator(`[data-testid="task-detail"][data-loaded="${gid}"]`).waitFor();
}

test("the page loads the package and connects to the sandbox by default", STEP, async () => {
  await page.goto(`${sandbox.url}/`);
  await page.locator('[data-testid="connection-status"][data-connected="true"]').waitFor();
  assert.match(await byTestId("connection-status").textContent(), /Alice Anders/);
  assert.equal(await byTestId("token-input").inputValue(), SEED.tokens.alice);
  assert.equal(await byTestId("base-url").textContent(), sandbox.apiUrl);
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, "the token is not stored unless asked");
  await item("workspace", SEED.workspaces.acme).waitFor();
  assert.equal(await byTestId("workspace-item").count(), 2);
});

test("browse workspace → project → section → tasks, with paging", STEP, async () => {
  await item("workspace", SEED.workspaces.acme).click();
  await item("project", SEED.projects.website).click();
  await item("section", SEED.sections.todo).waitFor();
  assert.deepEqual(await byTestId("section-item").allTextContents(), ["To do", "In progress", "Done"]);
  await page.locator('[data-testid="task-list"]:not([aria-busy]) [data-testid="task-item"]').first().waitFor();
  assert.equal(await byTestId("task-item").count(), 10, "the project's first page");

  await item("section", SEED.sections.todo).click();
  await page.locator('[data-testid="task-scope"]', { hasText: "To do" }).waitFor();
  await page.locator('[data-testid="task-list"]:not([aria-busy]) [data-testid="task-item"]').first().waitFor();
  assert.equal(await byTestId("task-item").count(), 10);
  await byTestId("tasks-more").click(); // meta.next_page.offset
  await page.locator('[data-testid="task-item"]').nth(14).waitFor();
  assert.equal(await byTestId("task-item").count(), 15, "To do holds 15 tasks");
  assert.ok(await byTestId("tasks-more").isHidden(), "no more pages");
});

test("open a task: details, subtasks, tags; comment on it", STEP, async () => {
  await openTask(SEED.tasks.homepage);
  assert.equal(await byTestId("task-name").textContent(), "Design homepage");
  assert.deepEqual(await byTestId("subtask-item").allTextContents().then((t) => t.length), 3);
  assert.deepEqual(await byTestId("tag-item").allTextContents(), ["urgent"]);
  assert.match(await byTestId("task-facts").textContent(), /Alice Anders/);

  await byTestId("comment-input").fill("Looks good, ship it.");
  await byTestId("comment-submit").click();
  await byTestId("comment-item").waitFor();
  assert.match(await byTestId("comment-item").textContent(), /Looks good, ship it\./);
  const story = sandbox.store.all("story").find((s) => s.text === "Looks good, ship it.");
  assert.ok(story, "the sandbox holds the comment");
});

test("create a task, edit it, tag it and complete it; the sandbox holds it", STEP, async () => {
  const name = "Demo task from Chromium";
  await byTestId("create-name").fill(name);
  await byTestId("create-submit").click();
  await page.locator('[data-testid="task-detail"][data-loaded]', { has: page.locator('[data-testid="task-name"]', { hasText: name }) }).waitFor();
  const gid = await byTestId("task-detail").getAttribute("data-gid");
  assert.ok(await item("task", gid).isVisible(), "the new task is at the top of the list");

  await byTestId("edit-notes").fill("Written in the browser demo.");
  await byTestId("edit-due").fill("2031-02-03");
  await byTestId("edit-save").click();
  await byTestId("task-notes").filter({ hasText: "Written in the browser demo." }).waitFor();

  await byTestId("tag-select").selectOption({ label: "backend" });
  await byTestId("tag-add").click();
  await byTestId("tag-item").filter({ hasText: "backend" }).waitFor();

  await byTestId("complete-toggle").click();
  await page.locator(`[data-testid="task-detail"][data-gid="${gid}"][data-completed="true"]`).waitFor();
  assert.equal(await byTestId("task-state").textContent(), "Completed");
  assert.match(await item("task", gid).textContent(), new RegExp(`^✓${name}`), "the list line shows it completed");

  const stored = sandbox.store.get("task", gid);
  assert.ok(stored, "the sandbox holds the task");
  assert.equal(stored.name, name);
  assert.equal(stored.completed, true);
  assert.equal(stored.notes, "Written in the browser demo.");
  assert.equal(stored.due_on, "2031-02-03");
  assert.ok(stored.tags.includes(SEED.tags.backend), "tagged backend");
  const inSection = sandbox.store.get("section", SEED.sections.todo).tasks?.includes(gid)
    ?? JSON.stringify(stored.memberships ?? []).includes(SEED.sections.todo);
  assert.ok(inSection, "created in the chosen section");

  // The same, as the sandbox's control API reports it.
  const log = await (await fetch(`${sandbox.url}/_sandbox/requests`)).json();
  const completion = log.data.find((r) => r.method === "PUT" && r.path.endsWith(`/tasks/${gid}`) && r.body?.data?.completed === true);
  assert.ok(completion, "the sandbox logged the completing PUT");
  assert.equal(completion.status, 200);
});

test("errors are explained: code, status, message and a hint", STEP, async () => {
  await byTestId("try-bad-token").click();
  await page.locator('[data-testid="error-panel"][data-code="authentication"]').waitFor();
  assert.equal(await byTestId("error-code").textContent(), "authentication");
  assert.equal(await byTestId("error-status").textContent(), "HTTP 401");
  assert.match(await byTestId("error-message").textContent(), /401/);
  assert.match(await byTestId("error-hint").textContent(), /token/i);
  assert.ok(!(await byTestId("error-panel").textContent()).includes("not-a-real-token"), "no token in the explanation");

  await byTestId("try-bad-gid").click();
  await page.locator('[data-testid="error-panel"][data-code="not_found"]').waitFor();
  assert.equal(await byTestId("error-status").textContent(), "HTTP 404");

  await byTestId("try-bad-param").click();
  await page.locator('[data-testid="error-panel"][data-code="invalid_params"]').waitFor();
  assert.match(await byTestId("error-message").textContent(), /limit/);
  assert.match(await byTestId("error-status").textContent(), /no HTTP status/);
});

test("the tool panel shows each format and runs runTool", STEP, async () => {
  for (const format of ["json-schema", "openai", "anthropic", "mcp", "vercel"]) {
    await byTestId(`tool-format-${format}`).click();
    await page.locator(`[data-testid="tool-definition"][data-format="${format}"]`).waitFor();
    const definition = JSON.parse(await byTestId("tool-definition").textContent());
    const schema = definition.inputSchema ?? definition.input_schema ?? definition.function?.parameters ?? definition.parameters;
    assert.equal(schema?.type, "object", `${format}: an input schema`);
    assert.ok(schema.properties.entity.enum.includes("tasks"), `${format}: entities enumerated`);
    if (format !== "vercel") assert.equal(definition.name ?? definition.function?.name, "asana_execute");
  }
  assert.match(await byTestId("tool-note").textContent(), /execute/);

  await byTestId("tool-input").fill(JSON.stringify({ entity: "project_tasks", action: "list", params: { project_gid: SEED.projects.website, limit: 3 } }));
  await byTestId("tool-run").click();
  await page.locator('[data-testid="tool-result"][data-state="ok"]').waitFor();
  const result = JSON.parse(await byTestId("tool-result").textContent());
  assert.equal(result.data.length, 3);
  assert.ok(result.data.some((task) => task.name === "Design homepage"), JSON.stringify(result.data));

  await byTestId("tool-example-error").click();
  await byTestId("tool-run").click();
  await page.locator('[data-testid="tool-result"][data-state="error"]').waitFor();
  const failure = JSON.parse(await byTestId("tool-result").textContent());
  assert.equal(failure.error.code, "unknown_entity");
  assert.match(failure.error.message, /tasks/);
});

test("request timings are logged", STEP, async () => {
  const rows = byTestId("timing-row");
  assert.ok((await rows.count()) >= 15, `${await rows.count()} rows`);
  const first = await rows.first().locator("td").allTextContents();
  assert.match(first[0], /^runTool task\/list$/);
  assert.match(first[1], /^\d+\.\d$/);
  assert.equal(await page.locator('[data-testid="timing-row"][data-ok="false"]').count() >= 3, true, "the error demos are logged as failures");
  assert.match(await byTestId("timings-summary").textContent(), /median \d+\.\d ms/);
});

test("screenshot: tests/out/demo.png is a real, non-blank page", STEP, async () => {
  mkdirSync(outDir, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot, fullPage: true });
  const bytes = readFileSync(screenshot);
  assert.ok(statSync(screenshot).size > 40_000, `screenshot is only ${bytes.length} bytes`);
  const { width, height, colors } = pngSummary(bytes);
  assert.equal(width, 1280);
  assert.ok(height > 900, `full page height ${height}`);
  assert.ok(colors > 50, `only ${colors} distinct pixel values: blank?`);
  const visible = await page.evaluate(() => ({
    text: document.body.innerText.length,
    browse: document.querySelector('[data-testid="task-list"]').getBoundingClientRect().height,
    detail: document.querySelector('[data-testid="task-detail"]').getBoundingClientRect().height,
    garbage: /\[object |undefined|NaN/.test(document.body.innerText),
  }));
  assert.equal(visible.garbage, false, "no [object …], undefined or NaN on the page");
  assert.ok(visible.text > 1000 && visible.browse > 100 && visible.detail > 200, JSON.stringify(visible));
});

test("a wrong token typed into the form is explained, and the right one reconnects", STEP, async () => {
  await byTestId("token-input").fill("typo-token");
  await byTestId("connect-button").click();
  await page.locator('[data-testid="connection-status"][data-connected="false"]').waitFor();
  await page.locator('[data-testid="error-panel"][data-code="authentication"]').waitFor();
  assert.match(await byTestId("connection-status").textContent(), /authentication/);

  await byTestId("token-input").fill("");
  await byTestId("connect-button").click();
  await page.locator('[data-testid="error-panel"][data-code="invalid_config"]').waitFor();

  await byTestId("token-input").fill(SEED.tokens.alice);
  await byTestId("connect-button").click();
  await page.locator('[data-testid="connection-status"][data-connected="true"]').waitFor();
  await item("workspace", SEED.workspaces.acme).waitFor();
});

test("choosing real Asana clears the token and waits for a person's", STEP, async () => {
  await byTestId("target-asana").check();
  assert.equal(await byTestId("base-url").textContent(), "https://app.asana.com/api/1.0");
  assert.equal(await byTestId("token-input").inputValue(), "");
  await byTestId("target-sandbox").check();
  assert.equal(await byTestId("token-input").inputValue(), SEED.tokens.alice);
  assert.equal(await byTestId("base-url").textContent(), sandbox.apiUrl);
});

test("the page stayed on its origin and threw nothing", () => {
  assert.deepEqual(foreignRequests, [], "the page only talks to its own origin (page, package, API)");
  assert.deepEqual(pageErrors, []);
});

/** Width, height and the number of distinct colours (sampled) of an 8-bit, non-interlaced PNG. */
function pngSummary(bytes) {
  assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG");
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.subarray(offset + 4, offset + 8).toString("latin1");
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      channels = { 2: 3, 6: 4, 0: 1, 4: 2 }[data[9]] ?? 4;
    }
    if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels + 1;
  // Undo the PNG filters so colours are real pixel values.
  const pixels = Buffer.alloc(width * channels * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * stride];
    for (let x = 0; x < width * channels; x++) {
      const a = x >= channels ? pixels[y * width * channels + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * width * channels + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * width * channels + x - channels] : 0;
      const value = raw[y * stride + 1 + x];
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * width * channels + x] = (value + predicted) & 0xff;
    }
  }
  const colors = new Set();
  for (let i = 0; i < pixels.length && colors.size <= 1000; i += channels * 7) {
    colors.add(pixels.readUIntBE(i, Math.min(3, channels)));
  }
  return { width, height, colors: colors.size };
}
