// The browser demo at full breadth, used as a person would in headless Chromium: a task's existing
// comments and a new one, its custom fields (the enum one changed through its select), an upload,
// typeahead search, and the live event feed of the open project; then the layout at phone (390 px),
// tablet (820 px) and desktop (1280 px) widths, checked by measurement and saved for a person to look at.
// What the page did is checked through the sandbox's API, as another client would see it.
//
//   node --test tests/www/demo-breadth.test.mjs   # writes tests/out/demo-{landing-,search-,}{390,820,1280}.png

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { SEED } from "../sandbox/server.mjs";
import { openDemo, root } from "./demo-browser.mjs";

const outDir = join(root, "tests/out");
const STEP = { timeout: 20_000 };
const WIDTHS = { phone: 390, tablet: 820, desktop: 1280 };

let sandbox;
let context;
let page;
let pageErrors;
let foreignRequests;
let close;

before(async () => {
  ({ sandbox, context, page, pageErrors, foreignRequests, close } = await openDemo({ width: WIDTHS.desktop }));
});

after(() => close?.());

const byTestId = (id) => page.locator(`[data-testid="${id}"]`);
const item = (kind, gid) => page.locator(`[data-testid="${kind}-item"][data-gid="${gid}"]`);

/** Asana's API as another client sees it (the sandbox, with Alice's token). */
async function api(method, path, body) {
  const response = await fetch(`${sandbox.apiUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${SEED.tokens.alice}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return (await response.json()).data;
}

async function connectAndOpenWebsite() {
  await page.goto(`${sandbox.url}/`);
  await page.locator('[data-testid="connection-status"][data-connected="true"]').waitFor();
  await item("workspace", SEED.workspaces.acme).click();
  await item("project", SEED.projects.website).click();
  await page.locator('[data-testid="task-list"]:not([aria-busy]) [data-testid="task-item"]').first().waitFor();
}

async function openTask(gid) {
  await item("task", gid).click();
  await page.locator(`[data-testid="task-detail"][data-loaded="${gid}"]`).waitFor();
}

test("a task's existing comments are listed, with who and when; a new one is appended", STEP, async () => {
  await connectAndOpenWebsite();
  await openTask(SEED.tasks.homepage);
  const comments = byTestId("comment-item");
  assert.equal(await comments.count(), 2, "the two seeded comments (task_stories/list, comment_added only)");
  assert.match(await comments.nth(0).textContent(), /Bob Baker.*Can we reuse the hero illustration from the old site\?/s);
  assert.match(await comments.nth(1).textContent(), /Alice Anders.*No, the brand team wants a new one\./s);
  assert.equal(await byTestId("comment-count").textContent(), "(2)");

  await byTestId("comment-input").fill("New hero drafts are in the spec.");
  await byTestId("comment-submit").click();
  await comments.nth(2).waitFor();
  assert.match(await comments.last().textContent(), /Alice Anders.*New hero drafts are in the spec\./s);
  assert.equal(await byTestId("comment-count").textContent(), "(3)");
  const stories = await api("GET", `/tasks/${SEED.tasks.homepage}/stories?opt_fields=text,resource_subtype`);
  assert.ok(stories.some((s) => s.text === "New hero drafts are in the spec." && s.resource_subtype === "comment_added"), "Asana holds it");
});

test("custom fields: names and values; the enum one changed through its select is saved", STEP, async () => {
  const priority = page.locator(`[data-testid="custom-field-select"][data-gid="${SEED.customFields.priority}"]`);
  assert.equal(await priority.inputValue(), SEED.enumOptions.high, "Priority = High");
  assert.deepEqual(await priority.locator("option").allTextContents(), ["—", "High", "Medium", "Low"]);
  const estimate = page.locator(`[data-testid="custom-field"][data-gid="${SEED.customFields.estimate}"]`);
  assert.equal(await estimate.textContent(), "8.0 d");
  assert.match(await byTestId("custom-fields").textContent(), /Priority.*Estimate/s);

  await priority.selectOption({ label: "Medium" });
  await byTestId("custom-fields-status").filter({ hasText: "Saved Priority" }).waitFor();
  assert.equal(await priority.inputValue(), SEED.enumOptions.medium);
  const task = await api("GET", `/tasks/${SEED.tasks.homepage}?opt_fields=custom_fields.gid,custom_fields.display_value,custom_fields.enum_value.gid`);
  const field = task.custom_fields.find((f) => f.gid === SEED.customFields.priority);
  assert.equal(field.enum_value?.gid, SEED.enumOptions.medium, JSON.stringify(field));
  assert.equal(field.display_value, "Medium");
  const log = await (await fetch(`${sandbox.url}/_sandbox/requests`)).json();
  assert.ok(log.data.some((r) => r.method === "PUT" && r.path.endsWith(`/tasks/${SEED.tasks.homepage}`)
    && r.body?.data?.custom_fields?.[SEED.customFields.priority] === SEED.enumOptions.medium), "saved with tasks/update data.custom_fields");
});

test("attachments: the existing ones are listed; a file chosen and uploaded is sent and listed", STEP, async () => {
  const files = byTestId("attachment-item");
  assert.deepEqual(await files.locator(".name").allTextContents(), ["homepage-spec.pdf", "Brand guidelines"]);
  assert.match(await files.nth(0).textContent(), /100 KB/);
  assert.match(await files.nth(1).textContent(), /on box/);

  const bytes = "Notes from the browser demo.\n";
  await byTestId("upload-input").setInputFiles({ name: "meeting-notes.txt", mimeType: "text/plain", buffer: Buffer.from(bytes) });
  await byTestId("upload-submit").click();
  await files.filter({ hasText: "meeting-notes.txt" }).waitFor();
  assert.equal(await files.count(), 3);
  assert.equal(await byTestId("attachment-count").textContent(), "(3)");
  assert.equal(await byTestId("upload-input").inputValue(), "", "the file input is cleared");

  const listed = await api("GET", `/attachments?parent=${SEED.tasks.homepage}`);
  const uploaded = listed.find((a) => a.name === "meeting-notes.txt");
  assert.ok(uploaded, JSON.stringify(listed));
  const { download_url: url } = await api("GET", `/attachments/${uploaded.gid}?opt_fields=download_url`);
  assert.equal(await (await fetch(url)).text(), bytes, "the File's bytes reached Asana");
});

test("typeahead search finds a task and a project, and choosing one opens it", STEP, async () => {
  await byTestId("task-close").click();
  assert.ok(await byTestId("task-panel").isHidden());
  assert.equal(await byTestId("search-scope").textContent(), "in Acme Corp");

  await byTestId("search-input").fill("design ho");
  const found = page.locator('[data-testid="search-result"][data-type="task"]', { hasText: "Design homepage" });
  await found.waitFor();
  assert.ok(await byTestId("search-pop").isVisible());
  await found.click();
  await page.locator(`[data-testid="task-detail"][data-loaded="${SEED.tasks.homepage}"]`).waitFor();
  assert.equal(await byTestId("task-name").textContent(), "Design homepage");
  assert.ok(await byTestId("search-pop").isHidden(), "the results close once one is chosen");

  await byTestId("search-input").fill("mobile");
  const project = page.locator('[data-testid="search-result"][data-type="project"]', { hasText: "Mobile App" });
  await project.click();
  await page.locator('[data-testid="task-scope"]', { hasText: "Mobile App" }).waitFor();
  await item("section", SEED.sections.backlog ?? "1200000000000504").waitFor();
  assert.equal(await item("project", SEED.projects.mobile).getAttribute("aria-current"), "true", "the project is selected in the list");
  await page.locator(`[data-testid="event-feed"][data-project="${SEED.projects.mobile}"]`).waitFor();

  await byTestId("search-input").fill("zzzz nothing");
  await byTestId("search-status").filter({ hasText: "Nothing in Acme Corp matches" }).waitFor();
  await byTestId("search-input").press("Escape");
  assert.ok(await byTestId("search-pop").isHidden());
});

test("the event feed shows a change made elsewhere, through the API, while the project is open", STEP, async () => {
  await item("project", SEED.projects.website).click();
  await page.locator(`[data-testid="event-feed"][data-project="${SEED.projects.website}"][data-watching="true"]`).waitFor();
  // The first call's 412 (no sync token yet) is silent: no error, no note, no events.
  assert.equal(await byTestId("event-item").count(), 0);
  assert.equal(await byTestId("event-note").count(), 0);
  assert.match(await byTestId("events-placeholder").textContent(), /No changes yet/);
  assert.ok(await byTestId("error-panel").isHidden(), "no error shown for the sync reset");
  assert.match(await byTestId("feed-scope").textContent(), /Website Redesign/);

  const gid = "1200000000001002"; // "Write About page copy", on the project's first page
  await item("task", gid).waitFor();
  const name = "About page copy (renamed elsewhere)";
  await api("PUT", `/tasks/${gid}`, { data: { name } });
  const event = page.locator(`[data-testid="event-item"][data-gid="${gid}"][data-action="changed"]`, { hasText: name });
  await event.waitFor({ timeout: 8_000 }); // one poll, every 3 s
  const text = await event.textContent();
  assert.match(text, /changed/);
  assert.match(text, /\(name\)/, "the field that changed");
  assert.match(text, new RegExp(`gid ${gid}`));
  assert.match(text, /Alice Anders/);
  assert.match(text, /\d{1,2}:\d{2}:\d{2}/, "when");
  assert.equal(await byTestId("events-placeholder").count(), 0);
  await item("task", gid).filter({ hasText: name }).waitFor(); // the list line follows
  assert.ok(await byTestId("error-panel").isHidden());

  const log = await (await fetch(`${sandbox.url}/_sandbox/requests`)).json();
  const polls = log.data.filter((r) => r.method === "GET" && r.path.endsWith("/events"));
  assert.ok(polls.some((r) => r.status === 412 && !r.query?.sync), "the first call had no sync token");
  assert.ok(polls.some((r) => r.status === 200 && r.query?.sync), "later calls carry the sync token");
});

/**
 * Layout problems at the current width, measured: horizontal overflow of the page, anything that
 * sticks out of its card or the viewport, buttons whose label is cut, the browse columns' rules
 * and indents (a column that starts a row has no left rule or indent, any other has a left rule,
 * and a column below the first row has a top rule), and the task list's last row.
 */
function layoutProblems() {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  const clipped = (el) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.overflowX !== "visible" || style.overflowY !== "visible") return true;
      if (node.classList.contains("visually-hidden")) return true;
    }
    return false;
  };
  const label = (el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ""}${el.id ? `#${el.id}` : ""}`
    + `"${(el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 30)}"`;
  for (const card of document.querySelectorAll(".card, .connect")) {
    if (!card.checkVisibility()) continue;
    const box = card.getBoundingClientRect();
    if (box.left < -0.5 || box.right > vw + 0.5) problems.push(`${label(card)} leaves the viewport`);
    for (const el of card.querySelectorAll("*")) {
      if (!el.checkVisibility() || el.classList.contains("visually-hidden") || clipped(el)) continue;
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height) continue;
      if (r.right > box.right + 0.5 || r.left < box.left - 0.5) problems.push(`${label(el)} sticks out of its card (${r.left}–${r.right} vs ${box.left}–${box.right})`);
    }
  }
  for (const button of document.querySelectorAll("button")) {
    if (button.checkVisibility() && !clipped(button) && button.scrollWidth > button.clientWidth + 1) problems.push(`${label(button)}: label cut`);
  }
  const columns = [...document.querySelectorAll(".columns > .column")];
  const gridLeft = columns[0].parentElement.getBoundingClientRect().left;
  const firstTop = columns[0].getBoundingClientRect().top;
  for (const column of columns) {
    const r = column.getBoundingClientRect();
    const style = getComputedStyle(column);
    const startsRow = Math.abs(r.left - gridLeft) < 1;
    const left = parseFloat(style.borderLeftWidth);
    const indent = parseFloat(style.paddingLeft);
    const top = parseFloat(style.borderTopWidth);
    const name = column.querySelector("h3").textContent.trim().split(/\s/)[0];
    if (startsRow && (left || indent)) problems.push(`${name} starts a row but has a left rule or indent (${left}px, ${indent}px)`);
    if (!startsRow && !left) problems.push(`${name} has no rule on its left`);
    if (r.top > firstTop + 1 && !top) problems.push(`${name} is on a later row without a rule above it`);
    if (r.top <= firstTop + 1 && top) problems.push(`${name} is on the first row with a rule above it`);
  }
  // Cards stacked in a column are one grid gap apart (no empty row left between them).
  const main = document.querySelector("main");
  const gap = parseFloat(getComputedStyle(main).rowGap);
  const blocks = [...main.children].filter((el) => el.checkVisibility()).map((el) => ({ el, r: el.getBoundingClientRect() }));
  for (const { el, r } of blocks) {
    const above = blocks.filter((o) => o.r.bottom <= r.top + 0.5 && o.r.left < r.right && o.r.right > r.left);
    if (!above.length) continue;
    const nearest = Math.max(...above.map((o) => o.r.bottom));
    if (Math.abs(r.top - nearest - gap) > 1) problems.push(`${label(el)} is ${r.top - nearest}px below the card above it, not ${gap}px`);
  }
  const tabs = [...document.querySelectorAll('#tool-tabs [role="tab"]')].map((tab) => tab.getBoundingClientRect().top);
  if (new Set(tabs).size > 1) problems.push(`the format tabs take ${new Set(tabs).size} rows`);
  const list = document.querySelector('[data-testid="task-list"]');
  if (list.lastElementChild) {
    if (list.scrollHeight > list.clientHeight + 1) problems.push("the task list scrolls inside itself");
    if (list.lastElementChild.getBoundingClientRect().bottom > list.getBoundingClientRect().bottom + 0.5) problems.push("the task list's last row is cut");
  }
  return problems;
}

for (const [device, width] of Object.entries(WIDTHS)) {
  test(`layout at ${width} px (${device}): landing and an open task, measured and screenshotted`, STEP, async () => {
    mkdirSync(outDir, { recursive: true });
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${sandbox.url}/`);
    await page.locator('[data-testid="connection-status"][data-connected="true"]').waitFor();
    await item("workspace", SEED.workspaces.acme).waitFor();
    assert.ok(await byTestId("task-panel").isHidden(), "no Task card on the landing screen");
    assert.deepEqual(await page.evaluate(layoutProblems), [], "landing");
    await shoot(`demo-landing-${width}.png`, width);

    await connectAndOpenWebsite();
    await openTask(SEED.tasks.homepage);
    await byTestId("tool-set-three").check();
    await page.locator('[data-testid="tool-definitions"][data-set="three"]').waitFor();
    await page.locator('[data-testid="event-feed"][data-watching="true"]').waitFor();
    assert.deepEqual(await page.evaluate(layoutProblems), [], "a task open");
    await shoot(`demo-${width}.png`, width);
    await byTestId("tool-set-one").check();

    // The typeahead's results float over the columns, inside the screen's width.
    await byTestId("search-input").fill("design");
    await byTestId("search-result").first().waitFor();
    const pop = await byTestId("search-pop").boundingBox();
    const input = await byTestId("search-input").boundingBox();
    assert.ok(pop.x >= 0 && pop.x + pop.width <= width && Math.abs(pop.width - input.width) < 1 && pop.y > input.y + input.height,
      `the results sit under the box: ${JSON.stringify({ pop, input })}`);
    await page.evaluate(() => document.getElementById("browse").scrollIntoView({ block: "start" }));
    await page.screenshot({ path: join(outDir, `demo-search-${width}.png`) });
    await byTestId("search-input").press("Escape");
  });
}

async function shoot(name, width) {
  const path = join(outDir, name);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
  assert.ok(statSync(path).size > 30_000, `${name} is only ${statSync(path).size} bytes`);
  const size = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.deepEqual(size, [width, width], `${name}: the page is exactly as wide as the screen`);
}

test("the page stayed on its origin and threw nothing", () => {
  assert.deepEqual(foreignRequests, [], "the page only talks to its own origin (page, package, API)");
  assert.deepEqual(pageErrors, []);
});
