// The browser demo (www/), used as a person would: headless Chromium (playwright-core) on the page
// served by the sandbox itself ("/" → www/, "/pkg" → pkg/), so the page's default API is
// same-origin /api/1.0. What the page did is then checked in the sandbox's store and request log.
// The features added with the whole API (comments, custom fields, uploads, typeahead, the event
// feed) and the phone/tablet/desktop layouts are in demo-breadth.test.mjs.
//
//   node --test tests/www/demo.test.mjs          # writes tests/out/demo.png

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { SEED } from "../sandbox/server.mjs";
import { openDemo, root } from "./demo-browser.mjs";

const outDir = join(root, "tests/out");
const screenshot = join(outDir, "demo.png");
const STEP = { timeout: 20_000 };

let sandbox;
let context;
let page;
let pageErrors;
let foreignRequests;
let close;

before(async () => {
  ({ sandbox, context, page, pageErrors, foreignRequests, close } = await openDemo());
});

after(() => close?.());

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

test("the landing screen has no empty Task card, and says what token each target needs", STEP, async () => {
  assert.ok(await byTestId("task-panel").isHidden(), "no Task card until a task is open");
  // The side cards take the row the Task card would have left empty.
  const [browse, feed, log] = await Promise.all(["browse", "event-feed", "timings-log"].map((id) =>
    (id === "browse" ? page.locator("#browse") : byTestId(id)).boundingBox()));
  assert.ok(feed.y - (browse.y + browse.height) < 40, `the feed sits right under Browse: ${JSON.stringify({ browse, feed })}`);
  assert.ok(feed.x < 100 && log.x > feed.x + feed.width, "the side cards share the row, the feed first");
  const need = await byTestId("token-need").textContent();
  assert.match(need, /sandbox needs no token of yours/);
  assert.doesNotMatch(await page.locator("body").innerText(), /leave it out/);
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
  await assertNoCutRow();
});

/** The task list grows with its rows: no inner scroll box, and its last row is whole on the page. */
async function assertNoCutRow() {
  const box = await byTestId("task-list").evaluate((list) => {
    const last = list.lastElementChild.getBoundingClientRect();
    const rect = list.getBoundingClientRect();
    return { scroll: list.scrollHeight, client: list.clientHeight, overflow: getComputedStyle(list).overflowY,
      lastBottom: last.bottom, listBottom: rect.bottom, lastHeight: last.height };
  });
  assert.ok(box.scroll <= box.client + 1, `the list scrolls inside itself: ${JSON.stringify(box)}`);
  assert.ok(box.lastBottom <= box.listBottom + 0.5 && box.lastHeight > 20, `the last row is cut: ${JSON.stringify(box)}`);
}

test("open a task: details, subtasks, tags; comment on it", STEP, async () => {
  await openTask(SEED.tasks.homepage);
  assert.equal(await byTestId("task-name").textContent(), "Design homepage");
  assert.deepEqual(await byTestId("subtask-item").allTextContents().then((t) => t.length), 3);
  assert.deepEqual(await byTestId("tag-item").allTextContents(), ["urgent"]);
  assert.match(await byTestId("task-facts").textContent(), /Alice Anders/);

  // Its existing comments (task_stories/list), then a new one appended.
  assert.equal(await byTestId("comment-item").count(), 2, "the two seeded comments");
  await byTestId("comment-input").fill("Looks good, ship it.");
  await byTestId("comment-submit").click();
  await byTestId("comment-item").nth(2).waitFor();
  assert.match(await byTestId("comment-item").last().textContent(), /Looks good, ship it\./);
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
    await assertDescriptionAsText(byTestId("tool-description"));
  }
  assert.match(await byTestId("tool-note").textContent(), /execute/);

  // The three tools, in every format: asana_read, asana_write, asana_describe.
  await byTestId("tool-set-three").check();
  for (const format of ["json-schema", "openai", "anthropic", "mcp", "vercel"]) {
    await byTestId(`tool-format-${format}`).click();
    await page.locator(`[data-testid="tool-definitions"][data-set="three"][data-format="${format}"]`).waitFor();
    const names = await byTestId("tool-item").evaluateAll((items) => items.map((item) => item.dataset.name));
    assert.deepEqual(names, ["asana_read", "asana_write", "asana_describe"], format);
    for (let i = 0; i < 3; i++) {
      const definition = JSON.parse(await byTestId("tool-definition").nth(i).textContent());
      const schema = definition.inputSchema ?? definition.input_schema ?? definition.function?.parameters ?? definition.parameters;
      assert.equal(schema?.type, "object", `${format} ${names[i]}: an input schema`);
      if (format !== "vercel") assert.equal(definition.name ?? definition.function?.name, names[i]);
    }
    await assertDescriptionAsText(byTestId("tool-description").first());
  }
  await byTestId("tool-set-one").check();
  await byTestId("tool-format-json-schema").click();
  await page.locator('[data-testid="tool-definitions"][data-set="one"][data-format="json-schema"]').waitFor();

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

/** A tool's description is shown as text: its line breaks are line breaks, not "\n" in a JSON string. */
async function assertDescriptionAsText(locator) {
  const shown = await locator.evaluate((pre) => ({
    text: pre.textContent, rendered: pre.innerText, whiteSpace: getComputedStyle(pre).whiteSpace,
  }));
  assert.ok(!shown.text.includes("\\n") && !shown.text.startsWith('"'), "no JSON string escapes in the description");
  assert.match(shown.whiteSpace, /^pre/);
  assert.ok(shown.rendered.split("\n").length >= 2, "innerText keeps the line breaks only when they are rendered as such");
  if (shown.text.includes("How to use it well:")) {
    // The second line starts on a line of its own.
    const y = await locator.evaluate((pre) => {
      const range = document.createRange();
      const node = pre.firstChild;
      const at = node.textContent.indexOf("How to use it well:");
      range.setStart(node, at);
      range.setEnd(node, at + 3);
      const second = range.getBoundingClientRect();
      range.setStart(node, 0);
      range.setEnd(node, 3);
      return { first: range.getBoundingClientRect().left, second: second.left, top: second.top - range.getBoundingClientRect().top };
    });
    assert.ok(Math.abs(y.first - y.second) < 1 && y.top > 0, `"How to use it well:" begins a line: ${JSON.stringify(y)}`);
  }
}

test("request timings are logged", STEP, async () => {
  // The live event feed adds events/list rows of its own whenever the open project changed.
  const rows = page.locator('[data-testid="timing-row"]:not(:has(code:text-is("events/list")))');
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

test("a wrong token typed into the form is explained, resets the page, and the right one reconnects", STEP, async () => {
  // A project, a section and a task are open from the tests above.
  assert.match(await byTestId("task-scope").textContent(), /Website Redesign/);
  assert.ok(await byTestId("task-panel").isVisible());
  await page.locator(`[data-testid="event-feed"][data-project="${SEED.projects.website}"]`).waitFor();

  await byTestId("token-input").fill("typo-token");
  await byTestId("connect-button").click();
  await page.locator('[data-testid="connection-status"][data-connected="false"]').waitFor();
  await page.locator('[data-testid="error-panel"][data-code="authentication"]').waitFor();
  assert.match(await byTestId("connection-status").textContent(), /authentication/);
  // Nothing of the old connection is left over the empty lists.
  assert.equal(await byTestId("task-scope").textContent(), "", "the tasks header names no project");
  assert.equal(await byTestId("task-item").count(), 0);
  assert.ok(await byTestId("task-panel").isHidden(), "no task left open");
  assert.equal(await byTestId("event-feed").getAttribute("data-project"), null, "the feed stopped");
  assert.equal(await byTestId("feed-scope").textContent(), "");
  assert.ok(await byTestId("create-form").isHidden());
  assert.equal(await byTestId("tasks-placeholder").textContent(), "Pick a project or a section.");

  // Against the sandbox an empty field is fine: the page uses the sandbox's own token.
  await byTestId("token-input").fill("");
  await byTestId("connect-button").click();
  await page.locator('[data-testid="connection-status"][data-connected="true"]').waitFor();
  assert.match(await byTestId("connection-status").textContent(), /sandbox's own token/);
  await item("workspace", SEED.workspaces.acme).waitFor();

  await byTestId("token-input").fill(SEED.tokens.alice);
  await byTestId("connect-button").click();
  await page.locator('[data-testid="connection-status"][data-connected="true"]').waitFor();
  assert.doesNotMatch(await byTestId("connection-status").textContent(), /own token/);
  await item("workspace", SEED.workspaces.acme).waitFor();
});

test("choosing real Asana clears the token and waits for a person's; an empty one is explained", STEP, async () => {
  await byTestId("target-asana").check();
  assert.equal(await byTestId("base-url").textContent(), "https://app.asana.com/api/1.0");
  assert.equal(await byTestId("token-input").inputValue(), "");
  assert.match(await byTestId("token-need").textContent(), /Real Asana needs your personal access token/);

  await byTestId("connect-button").click(); // with no token: nothing is sent
  await page.locator('[data-testid="error-panel"][data-code="invalid_config"]').waitFor();
  assert.match(await byTestId("error-message").textContent(), /real Asana needs a personal access token/);
  assert.match(await byTestId("error-hint").textContent(), /paste it above\. Only the local sandbox works without one/);
  assert.match(await byTestId("connection-status").textContent(), /real Asana needs a personal access token/);
  assert.doesNotMatch(await page.locator("body").innerText(), /leave it out/);

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
