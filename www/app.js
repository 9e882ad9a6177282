// The browser demo: plain DOM code over asana-agent-connector's browser entry (/pkg/browser.js),
// which fetches its .wasm next to itself once at import. No framework, no build step.
//
// Every Asana call goes through call(), which times asana.execute() with performance.now() and
// feeds the request log and the error panel. Text from Asana is only ever set with textContent.

const SANDBOX_TOKEN = "sandbox-pat-alice"; // the sandbox's seeded token (tests/sandbox/seed.mjs); not a secret
const ASANA_API = "https://app.asana.com/api/1.0";
const SANDBOX_API = new URL("/api/1.0", location.href).href.replace(/\/$/, "");
const STORE_KEY = "asana-demo"; // sessionStorage, only when "Remember in this tab" is ticked
const FORMATS = ["json-schema", "openai", "anthropic", "mcp", "vercel"];
const TASK_LIST_FIELDS = ["name", "completed", "due_on"];
const CUSTOM_FIELD_FIELDS = [
  "custom_fields.gid", "custom_fields.name", "custom_fields.resource_subtype", "custom_fields.type", "custom_fields.display_value",
  "custom_fields.enum_value.gid", "custom_fields.enum_value.name",
  "custom_fields.enum_options.gid", "custom_fields.enum_options.name", "custom_fields.enum_options.enabled",
];
const TASK_FIELDS = [
  "name", "notes", "completed", "completed_at", "due_on", "created_at", "modified_at", "permalink_url",
  "assignee.name", "tags.name", "projects.name", "memberships.section.name", "parent.name", "workspace.name", "num_subtasks",
  ...CUSTOM_FIELD_FIELDS,
];
const STORY_FIELDS = ["text", "created_at", "created_by.name", "resource_subtype", "type"];
const ATTACHMENT_FIELDS = ["name", "size", "host", "view_url", "created_at"];
const FEED_EVERY_MS = 3000; // the event feed's poll interval while its project is open
const FEED_RETRY_MS = 10_000; // after a failed poll
const FEED_MAX = 50; // events kept on screen
const SEARCH_DELAY_MS = 250; // typeahead waits this long after the last keystroke

// Plain-language help for each AsanaError code.
const HINTS = {
  invalid_config: "The connector's settings are wrong, for example an empty token. The message names the setting to fix.",
  unknown_entity: "That kind of object isn't in the connector's catalogue. The message lists the valid names and the nearest match.",
  unknown_action: "That entity has no such action. The message lists the actions it does have (and which entities have this one).",
  invalid_params: "A parameter is missing, misspelt or has the wrong type or range. The message names it; fix it and retry. No retry will help as is.",
  authentication: "Asana did not accept the token: it is mistyped, expired or revoked. Paste a fresh personal access token (Asana → Settings → Apps → Developer apps). The sandbox accepts sandbox-pat-alice.",
  permission: "The token's user may not see or change this object (or the connector is read-only). Ask for access, or use another object.",
  not_found: "No object has that gid, or it is not visible to this user. Pick objects from the lists instead of typing gids.",
  premium_required: "This feature needs a paid Asana plan (for example task search in a free workspace).",
  rate_limited: "Too many requests in a short time. The connector already waited and retried; wait a little (see retryAfterMs) and try again.",
  server: "Asana had a problem on its side. Reads were retried automatically; try again in a moment.",
  network: "The request got no answer: you may be offline, a browser extension or CORS blocked it, or the server is down.",
  timeout: "Asana took too long to answer. Reads were retried; try again, or ask for fewer records (a smaller limit).",
  aborted: "The call was cancelled before it finished.",
  hosted: "The hosted (Airbyte) service refused or failed the call. Check the hosted connector's configuration.",
  not_supported: "This operation can't be done in this mode (for example a file hosted outside Asana, or search that only hosted mode offers).",
  http: "Asana answered with an unexpected HTTP error. The status and message say what it was.",
  bad_response: "Asana's answer wasn't the JSON it promises. Usually transient: try again.",
  output_too_large: "The result is too large for a model's context. Narrow the query: a smaller limit, opt_fields, or a filter.",
};

const $ = (testid, root = document) => root.querySelector(`[data-testid="${testid}"]`);

/** The demo's own explanations, for the few cases where it knows better than a generic hint. */
const OWN_HINTS = {
  emptyAsanaToken: "Real Asana needs a personal access token: create one in Asana → Settings → Apps → Developer apps → "
    + "Personal access tokens, and paste it above. Only the local sandbox works without one (the page then uses the sandbox's own token).",
};

/** A tiny element builder: h("li", {class: "x", "data-gid": gid}, child, "text"). */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  el.append(...children.flat().filter((child) => child !== undefined && child !== null && child !== false));
  return el;
}

// ---- state --------------------------------------------------------------------------------

let AsanaConnector;
let AsanaError;
let asana = null; // the connector in use
const state = { target: "sandbox", baseUrl: SANDBOX_API, workspace: null, project: null, section: null, task: null };
const tagsByWorkspace = new Map(); // workspace gid -> [{gid, name}]
const comments = new Map(); // task gid -> its comments (stories with resource_subtype "comment_added"), oldest first
const attachments = new Map(); // task gid -> its attachments

// ---- calls, timings, errors ---------------------------------------------------------------

const logRows = [];

/** asana.execute, timed, logged, and explained on failure (the error is rethrown). */
async function call(entity, action, params = {}, { connector = asana } = {}) {
  const name = `${entity}/${action}`;
  const started = performance.now();
  try {
    const result = await connector.execute(entity, action, params);
    logCall(name, performance.now() - started, null);
    return result;
  } catch (error) {
    logCall(name, performance.now() - started, error);
    showError(error, name);
    throw error;
  }
}

function logCall(name, ms, error) {
  logRows.unshift({ name, ms, error });
  logRows.length = Math.min(logRows.length, 40);
  const row = h("tr", { "data-testid": "timing-row", "data-ok": error ? "false" : "true", class: error ? "bad" : "" },
    h("td", {}, h("code", {}, name)),
    h("td", { class: "num" }, ms.toFixed(1)),
    h("td", {}, error ? h("span", { class: "pill bad" }, error.code ?? "error") : h("span", { class: "pill ok" }, "ok")),
  );
  const body = document.getElementById("log-body");
  body.prepend(row);
  while (body.children.length > 40) body.lastElementChild.remove();
  const times = logRows.map((r) => r.ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const failed = logRows.filter((r) => r.error).length;
  $("timings-summary").textContent =
    `${logRows.length} call${logRows.length === 1 ? "" : "s"} shown · median ${median.toFixed(1)} ms · ${failed} failed`;
}

function showError(error, callName, ownHint) {
  const panel = $("error-panel");
  const isAsana = AsanaError && error instanceof AsanaError;
  const code = isAsana ? error.code : "unexpected";
  $("error-code").textContent = code;
  $("error-status").textContent = isAsana && error.status
    ? `HTTP ${error.status}`
    : isAsana ? "no HTTP status: refused before sending, or no answer" : "";
  $("error-call").textContent = callName ? `· ${callName}` : "";
  $("error-message").textContent = error?.message ?? String(error);
  let hint = ownHint ?? HINTS[code] ?? "An error the demo did not expect; the message says what happened.";
  if (isAsana && error.retryable) hint += " (retryable)";
  if (isAsana && error.retryAfterMs !== undefined) hint += ` Asana asks to wait ${Math.ceil(error.retryAfterMs / 1000)} s.`;
  $("error-hint").textContent = hint;
  panel.dataset.code = code;
  panel.hidden = false;
}

/**
 * Runs an event handler: marks its button busy (ignoring repeat clicks meanwhile); AsanaErrors
 * were already shown by call(), anything else is shown here.
 */
function guard(fn) {
  return async (event) => {
    event?.preventDefault?.();
    const button = event?.submitter ?? (event?.currentTarget instanceof HTMLButtonElement ? event.currentTarget : null);
    if (button?.getAttribute("aria-busy") === "true") return;
    button?.setAttribute("aria-busy", "true");
    try {
      await fn(event);
    } catch (error) {
      if (!(AsanaError && error instanceof AsanaError)) {
        console.error(error);
        showError(error);
      }
    } finally {
      button?.removeAttribute("aria-busy");
    }
  };
}

function setStatus(text, kind = "") {
  const status = $("connection-status");
  status.textContent = text;
  status.dataset.kind = kind;
}

// ---- paged lists ------------------------------------------------------------------------------

/** A list that loads pages on demand and follows meta.next_page.offset with its "More" button. */
class PagedList {
  constructor(kind, plural, { render, onPick }) {
    this.kind = kind;
    this.ul = $(`${kind}-list`);
    this.more = $(`${plural}-more`);
    this.placeholder = $(`${plural}-placeholder`);
    this.render = render;
    this.onPick = onPick;
    this.generation = 0;
    this.more.addEventListener("click", guard(() => this.next()));
    this.ul.addEventListener("click", guard(async (event) => {
      const button = event.target.closest("button[data-gid]");
      if (!button) return;
      this.select(button.dataset.gid);
      await this.onPick(this.records.get(button.dataset.gid));
    }));
    this.records = new Map();
  }

  /** Starts over with a loader `(offset?) => Promise<{data, meta}>`. */
  async start(loader, emptyText) {
    this.clear("Loading…");
    this.loader = loader;
    this.emptyText = emptyText;
    await this.next();
  }

  async next() {
    const generation = this.generation;
    this.ul.setAttribute("aria-busy", "true");
    this.more.disabled = true;
    try {
      const page = await this.loader(this.offset ?? undefined);
      if (generation !== this.generation) return; // a newer start() won
      for (const record of page.data) this.append(record);
      this.offset = page.meta?.next_page?.offset ?? null;
      this.more.hidden = !this.offset;
      this.showPlaceholder(this.ul.children.length ? null : this.emptyText);
    } catch (error) {
      if (generation === this.generation) this.showPlaceholder("Could not load: see Errors.");
      throw error;
    } finally {
      if (generation === this.generation) {
        this.ul.removeAttribute("aria-busy");
        this.more.disabled = false;
      }
    }
  }

  append(record, { first = false } = {}) {
    this.records.set(record.gid, record);
    const item = h("li", {}, h("button", {
      type: "button", class: "item", "data-testid": `${this.kind}-item`, "data-gid": record.gid,
    }, this.render(record)));
    if (first) this.ul.prepend(item);
    else this.ul.append(item);
    this.showPlaceholder(null);
  }

  update(record) {
    const button = this.ul.querySelector(`button[data-gid="${CSS.escape(record.gid)}"]`);
    if (!button) return;
    this.records.set(record.gid, { ...this.records.get(record.gid), ...record });
    button.replaceChildren(...[this.render(this.records.get(record.gid))].flat().filter(Boolean));
  }

  select(gid) {
    for (const button of this.ul.querySelectorAll("button[data-gid]")) {
      if (button.dataset.gid === gid) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    }
  }

  clear(text) {
    this.generation++;
    this.offset = null;
    this.records.clear();
    this.ul.replaceChildren();
    this.ul.removeAttribute("aria-busy");
    this.more.hidden = true;
    this.showPlaceholder(text);
  }

  showPlaceholder(text) {
    if (!this.placeholder) return;
    this.placeholder.hidden = !text;
    if (text) this.placeholder.textContent = text;
  }
}

const named = (record) => h("span", { class: "name" }, record.name || "(untitled)");

const taskLine = (task) => [
  h("span", { class: `tick${task.completed ? " done" : ""}`, "aria-hidden": "true" }, task.completed ? "✓" : ""),
  h("span", { class: `name${task.completed ? " completed" : ""}` }, task.name || "(untitled)"),
  task.completed ? h("span", { class: "visually-hidden" }, " (completed)") : null,
  task.due_on ? h("span", { class: "meta" }, formatDate(task.due_on)) : null,
];

let workspaces, projects, sections, tasks, subtasks;

function setupLists() {
  workspaces = new PagedList("workspace", "workspaces", { render: named, onPick: pickWorkspace });
  projects = new PagedList("project", "projects", { render: named, onPick: pickProject });
  sections = new PagedList("section", "sections", { render: named, onPick: pickSection });
  tasks = new PagedList("task", "tasks", { render: taskLine, onPick: (task) => openTask(task.gid) });
  subtasks = new PagedList("subtask", "subtasks", { render: taskLine, onPick: (task) => openTask(task.gid) });
}

async function pickWorkspace(workspace) {
  state.workspace = workspace;
  state.project = state.section = null;
  workspaces.select(workspace.gid);
  $("sections-all").hidden = true;
  sections.clear("Pick a project.");
  tasks.clear("Pick a project or a section.");
  $("create-form").hidden = true;
  $("task-scope").textContent = "";
  stopFeed();
  showSearchScope();
  await projects.start(
    (offset) => call("projects", "list", { workspace: workspace.gid, archived: false, limit: 20, offset }),
    "No active projects in this workspace.",
  );
}

async function pickProject(project) {
  state.project = project;
  state.section = null;
  projects.select(project.gid);
  $("sections-all").hidden = false;
  showCreateForm();
  startFeed(project);
  await Promise.allSettled([
    sections.start((offset) => call("project_sections", "list", { project_gid: project.gid, limit: 20, offset }), "No sections."),
    loadProjectTasks(),
  ]);
}

function loadProjectTasks() {
  state.section = null;
  sections.select(null);
  $("task-scope").textContent = `· ${state.project.name}`;
  showCreateForm();
  return tasks.start(
    (offset) => call("project_tasks", "list", { project_gid: state.project.gid, limit: 10, offset, opt_fields: TASK_LIST_FIELDS }),
    "No tasks in this project yet.",
  );
}

async function pickSection(section) {
  if (state.section?.gid === section.gid) return loadProjectTasks(); // a second click shows the whole project
  state.section = section;
  $("task-scope").textContent = `· ${state.project.name} › ${section.name}`;
  showCreateForm();
  await tasks.start(
    (offset) => call("section_tasks", "list", { section_gid: section.gid, limit: 10, offset, opt_fields: TASK_LIST_FIELDS }),
    "No tasks in this section.",
  );
}

function showCreateForm() {
  $("create-form").hidden = false;
  $("create-where").textContent = state.section
    ? `Goes into ${state.project.name} › ${state.section.name}. Click the section again for the whole project.`
    : `Goes into ${state.project.name}.`;
}

// ---- one task ---------------------------------------------------------------------------------

let opening = 0;

async function openTask(gid) {
  const mine = ++opening;
  const task = await call("tasks", "get", { task_gid: gid, opt_fields: TASK_FIELDS });
  if (mine !== opening) return; // a later click won
  renderTask(task);
  tasks.select(gid);
  const subtaskLoad = task.num_subtasks === 0
    ? (subtasks.clear("No subtasks."), Promise.resolve())
    : subtasks.start((offset) => call("task_subtasks", "list", { task_gid: gid, limit: 20, offset, opt_fields: TASK_LIST_FIELDS }), "No subtasks.");
  await Promise.allSettled([
    subtaskLoad,
    loadTags(task.workspace?.gid ?? state.workspace?.gid),
    loadComments(gid),
    loadAttachments(gid),
  ]);
  if (mine === opening) $("task-detail").dataset.loaded = gid;
}

/** The task's existing comments: task_stories/list, keeping the stories that are comments. */
async function loadComments(gid) {
  renderComments("Loading comments…");
  const found = [];
  try {
    for await (const story of asanaPaginate("task_stories", { task_gid: gid, limit: 100, opt_fields: STORY_FIELDS }, 5)) {
      if (isComment(story)) found.push(story);
    }
  } catch (error) {
    if (state.task?.gid === gid) renderComments("Could not load the comments: see Errors.");
    throw error;
  }
  comments.set(gid, found);
  if (state.task?.gid === gid) renderComments();
}

const isComment = (story) => story.resource_subtype === "comment_added" || (!story.resource_subtype && story.type === "comment");

async function loadAttachments(gid) {
  renderAttachments("Loading attachments…");
  const found = [];
  try {
    for await (const file of asanaPaginate("attachments", { parent: gid, limit: 100, opt_fields: ATTACHMENT_FIELDS }, 3)) found.push(file);
  } catch (error) {
    if (state.task?.gid === gid) renderAttachments("Could not load the attachments: see Errors.");
    throw error;
  }
  attachments.set(gid, found);
  if (state.task?.gid === gid) renderAttachments();
}

function closeTask() {
  opening++;
  state.task = null;
  $("task-panel").hidden = true;
  delete document.querySelector("main").dataset.taskOpen;
  delete $("task-detail").dataset.loaded;
  tasks.select(null);
}

function renderTask(task) {
  state.task = task;
  $("task-panel").hidden = false;
  document.querySelector("main").dataset.taskOpen = "true";
  const detail = $("task-detail");
  detail.dataset.gid = task.gid;
  detail.dataset.completed = String(Boolean(task.completed));
  delete detail.dataset.loaded;
  $("task-name").textContent = task.name || "(untitled)";
  const badge = $("task-state");
  badge.textContent = task.completed ? "Completed" : "Open";
  badge.className = `badge ${task.completed ? "ok" : ""}`;

  const facts = [
    ["Due", task.due_on ? formatDate(task.due_on) : "—"],
    ["Assignee", task.assignee?.name ?? "—"],
    ["Projects", (task.projects ?? []).map((p) => p.name).join(", ") || "—"],
    ["Section", (task.memberships ?? []).map((m) => m.section?.name).filter(Boolean).join(", ") || "—"],
    task.parent ? ["Parent", task.parent.name] : null,
    ["Completed", task.completed_at ? formatDateTime(task.completed_at) : "—"],
    ["Modified", task.modified_at ? formatDateTime(task.modified_at) : "—"],
    ["gid", task.gid],
  ].filter(Boolean);
  $("task-facts").replaceChildren(...facts.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
  $("task-notes").textContent = task.notes || "No notes.";
  $("task-notes").classList.toggle("muted", !task.notes);

  const link = $("task-link");
  link.hidden = !(typeof task.permalink_url === "string" && task.permalink_url.startsWith("https://"));
  if (!link.hidden) link.href = task.permalink_url;

  $("complete-toggle").textContent = task.completed ? "Mark incomplete" : "Mark complete";
  $("edit-name").value = task.name ?? "";
  $("edit-notes").value = task.notes ?? "";
  $("edit-due").value = task.due_on ?? "";

  $("tag-list").replaceChildren(...(task.tags ?? []).map((tag) =>
    h("li", { class: "chip", "data-testid": "tag-item", "data-gid": tag.gid }, tag.name)));
  if (!task.tags?.length) $("tag-list").append(h("li", { class: "muted" }, "No tags."));
  renderTagOptions();
  renderCustomFields(task);
  renderComments();
  renderAttachments();
}

/** Names and values of the task's custom fields; an enum field is a select that saves at once. */
function renderCustomFields(task) {
  const fields = task.custom_fields ?? [];
  $("custom-fields-status").textContent = "";
  const rows = fields.map((field) => {
    const id = `cf-${field.gid}`;
    const kind = field.resource_subtype ?? field.type;
    let value;
    if (kind === "enum") {
      const options = (field.enum_options ?? []).filter((option) => option.enabled !== false || option.gid === field.enum_value?.gid);
      value = h("select", {
        id, "data-testid": "custom-field-select", "data-gid": field.gid, "data-name": field.name,
        onchange: guard((event) => saveCustomField(field, event.target)),
      },
      h("option", { value: "" }, "—"),
      options.map((option) => h("option", { value: option.gid, selected: option.gid === field.enum_value?.gid }, option.name || "(unnamed)")));
    } else {
      value = h("span", { "data-testid": "custom-field-value" }, field.display_value ?? "—");
    }
    return [
      h("dt", {}, kind === "enum" ? h("label", { for: id }, field.name) : field.name),
      h("dd", { "data-testid": "custom-field", "data-gid": field.gid, "data-kind": kind ?? "" }, value),
    ];
  });
  $("custom-fields").replaceChildren(...rows.flat());
  if (!fields.length) $("custom-fields").append(h("dd", { class: "muted wide" }, "No custom fields on this task's projects."));
}

async function saveCustomField(field, select) {
  const status = $("custom-fields-status");
  const value = select.value || null;
  select.disabled = true;
  status.textContent = `Saving ${field.name}…`;
  try {
    await saveTask({ custom_fields: { [field.gid]: value } });
    $("custom-fields-status").textContent = `Saved ${field.name} (tasks/update).`;
  } catch (error) {
    if (state.task) renderCustomFields(state.task); // back to the value Asana holds
    $("custom-fields-status").textContent = `${field.name} was not saved: see Errors.`;
    throw error;
  }
}

async function loadTags(workspaceGid) {
  if (!workspaceGid || tagsByWorkspace.has(workspaceGid)) return renderTagOptions();
  const found = [];
  for await (const tag of asanaPaginate("workspace_tags", { workspace_gid: workspaceGid, limit: 100 }, 3)) found.push(tag);
  tagsByWorkspace.set(workspaceGid, found);
  renderTagOptions();
}

/** paginate(), with each page timed and logged like call(). */
async function* asanaPaginate(entity, params, maxPages) {
  let offset;
  for (let page = 0; page < maxPages; page++) {
    const { data, meta } = await call(entity, "list", { ...params, offset });
    yield* data;
    offset = meta?.next_page?.offset;
    if (!offset) return;
  }
}

function renderTagOptions() {
  const select = $("tag-select");
  const task = state.task;
  if (!task) return;
  const have = new Set((task.tags ?? []).map((t) => t.gid));
  const all = tagsByWorkspace.get(task.workspace?.gid ?? state.workspace?.gid) ?? [];
  const options = all.filter((tag) => !have.has(tag.gid)).map((tag) => h("option", { value: tag.gid }, tag.name));
  select.replaceChildren(...(options.length ? options : [h("option", { value: "" }, all.length ? "All tags added" : "No tags yet")]));
  select.disabled = !options.length;
}

function renderComments(message) {
  const list = message ? [] : comments.get(state.task?.gid) ?? [];
  $("comment-list").replaceChildren(...list.map((story) =>
    h("li", { "data-testid": "comment-item", "data-gid": story.gid },
      h("span", { class: "meta" },
        h("strong", {}, story.created_by?.name ?? "Someone"), " · ",
        story.created_at ? formatDateTime(story.created_at) : "just now"),
      h("p", {}, story.text ?? ""))));
  $("comment-count").textContent = message ? "" : `(${list.length})`;
  if (!list.length) $("comment-list").append(h("li", { class: "muted", "data-testid": "comments-placeholder" }, message ?? "No comments yet."));
}

function renderAttachments(message) {
  const list = message ? [] : attachments.get(state.task?.gid) ?? [];
  $("attachment-list").replaceChildren(...list.map((file) => {
    const url = safeUrl(file.view_url);
    return h("li", { "data-testid": "attachment-item", "data-gid": file.gid },
      url ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer", class: "name" }, file.name || "(unnamed)")
        : h("span", { class: "name" }, file.name || "(unnamed)"),
      h("span", { class: "meta" }, [typeof file.size === "number" ? formatBytes(file.size) : null, file.host && file.host !== "asana" ? `on ${file.host}` : null]
        .filter(Boolean).join(" · ")));
  }));
  $("attachment-count").textContent = message ? "" : `(${list.length})`;
  if (!list.length) $("attachment-list").append(h("li", { class: "muted", "data-testid": "attachments-placeholder" }, message ?? "No attachments yet."));
}

/** An http(s) URL as a string, or null: nothing else becomes a link. */
function safeUrl(value) {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

async function saveTask(data) {
  const task = await call("tasks", "update", { task_gid: state.task.gid, data, opt_fields: TASK_FIELDS });
  if (state.task?.gid === task.gid) { // unless another task was opened meanwhile
    renderTask(task);
    $("task-detail").dataset.loaded = task.gid;
  }
  const line = { gid: task.gid, name: task.name, completed: task.completed, due_on: task.due_on };
  tasks.update(line);
  subtasks.update(line);
  return task;
}

async function refreshTask() {
  const task = await call("tasks", "get", { task_gid: state.task.gid, opt_fields: TASK_FIELDS });
  renderTask(task);
  $("task-detail").dataset.loaded = task.gid;
}

// ---- connecting ---------------------------------------------------------------------------

function targetChanged(target, token) {
  state.target = target;
  state.baseUrl = target === "sandbox" ? SANDBOX_API : ASANA_API;
  $("base-url").textContent = state.baseUrl;
  $("token-input").value = token ?? (target === "sandbox" ? SANDBOX_TOKEN : "");
  $("token-input").placeholder = target === "sandbox"
    ? `Not needed: empty uses ${SANDBOX_TOKEN}`
    : "1/1200… (Asana → Settings → Apps → Developer apps)";
  $("token-need").textContent = target === "sandbox"
    ? `The local sandbox needs no token of yours: left empty, the page uses the sandbox's own (${SANDBOX_TOKEN}).`
    : "Real Asana needs your personal access token.";
}

/** Back to "nothing chosen": no lists, no open project or task, no feed, no search results. */
function resetBrowse(workspacesText) {
  stopFeed();
  workspaces.clear(workspacesText);
  projects.clear("Pick a workspace.");
  sections.clear("Pick a project.");
  tasks.clear("Pick a project or a section.");
  $("create-form").hidden = true;
  $("sections-all").hidden = true;
  $("task-scope").textContent = "";
  closeTask();
  clearSearch();
  tagsByWorkspace.clear();
  comments.clear();
  attachments.clear();
  state.workspace = state.project = state.section = state.task = null;
  showSearchScope();
}

async function connect() {
  let token = $("token-input").value.trim();
  const remember = document.getElementById("remember").checked;
  if (remember) sessionStorage.setItem(STORE_KEY, JSON.stringify({ target: state.target, token }));
  else sessionStorage.removeItem(STORE_KEY);

  asana = null;
  delete $("connection-status").dataset.connected;
  resetBrowse("Not connected.");

  const ownToken = !token && state.target === "sandbox";
  if (ownToken) token = SANDBOX_TOKEN; // the sandbox needs no token of the user's
  if (!token) {
    // The connector would say '"token" is an empty string; give a value or leave it out', which is
    // right for its config but wrong for a person who has to connect: say what is needed instead.
    const error = new AsanaError({ code: "invalid_config", message: "No token: real Asana needs a personal access token to connect." });
    setStatus("Not connected: real Asana needs a personal access token.", "bad");
    $("connection-status").dataset.connected = "false";
    renderTool();
    showError(error, "connect", OWN_HINTS.emptyAsanaToken);
    throw error;
  }

  let connector;
  try {
    connector = new AsanaConnector({ auth: { token }, baseUrl: state.baseUrl });
  } catch (error) {
    setStatus(`Not connected: ${error.code}. See Errors.`, "bad");
    $("connection-status").dataset.connected = "false";
    renderTool();
    showError(error, "new AsanaConnector");
    throw error;
  }
  asana = connector;
  renderTool();
  setStatus(`Connecting to ${state.target === "sandbox" ? "the sandbox" : "Asana"}…`);
  const [me] = await Promise.allSettled([
    call("users", "get", { user_gid: "me", opt_fields: ["name", "email"] }),
    workspaces.start((offset) => call("workspaces", "list", { limit: 20, offset }), "No workspaces."),
  ]);
  if (asana !== connector) return;
  if (me.status === "fulfilled") {
    const where = state.target === "sandbox" ? "the local sandbox" : "Asana";
    setStatus(`Connected to ${where} as ${me.value.name}${me.value.email ? ` (${me.value.email})` : ""}`
      + `${ownToken ? ", with the sandbox's own token" : ""}.`, "ok");
    $("connection-status").dataset.connected = "true";
    showSearchScope();
  } else {
    // Nothing of the old connection may linger over the empty lists.
    asana = null;
    resetBrowse("Not connected.");
    setStatus(`Not connected: ${me.reason?.code ?? "error"}. See Errors.`, "bad");
    $("connection-status").dataset.connected = "false";
    renderTool();
  }
}

// ---- the live event feed ------------------------------------------------------------------

/**
 * events/list on the open project every few seconds. The first call has no sync token: Asana's
 * 412 hands one out (the connector resolves {data: [], meta: {sync, sync_reset: true}}), silently.
 * Later calls bring the changes since. Polls that bring nothing are not put in the request log.
 */
const feed = { project: null, sync: null, timer: null, generation: 0, checks: 0, connector: null };

function startFeed(project) {
  stopFeed();
  feed.project = project;
  feed.connector = asana;
  const generation = feed.generation;
  $("feed-scope").textContent = `· ${project.name}`;
  $("event-list").replaceChildren(h("li", { class: "muted", "data-testid": "events-placeholder" },
    "No changes yet. Edits made here or anywhere else show up within a few seconds."));
  $("event-feed").dataset.project = project.gid;
  setFeedStatus(`Starting to watch ${project.name}…`);
  pollFeed(generation);
}

function stopFeed() {
  feed.generation++;
  clearTimeout(feed.timer);
  feed.timer = null;
  feed.project = feed.sync = feed.connector = null;
  feed.checks = 0;
  $("feed-scope").textContent = "";
  $("event-list").replaceChildren();
  delete $("event-feed").dataset.project;
  delete $("event-feed").dataset.watching;
  setFeedStatus("Open a project to follow its changes here.");
}

function setFeedStatus(text) {
  $("feed-status").textContent = text;
}

async function pollFeed(generation) {
  if (generation !== feed.generation) return;
  if (document.hidden) { // no polling in a background tab; resumes on visibilitychange
    feed.timer = null;
    return;
  }
  const { project, connector } = feed;
  const first = !feed.sync;
  const params = first ? { resource: project.gid } : { resource: project.gid, sync: feed.sync };
  const started = performance.now();
  let delay = FEED_EVERY_MS;
  try {
    const page = await connector.execute("events", "list", params);
    if (generation !== feed.generation) return;
    const ms = performance.now() - started;
    feed.sync = page.meta?.sync ?? feed.sync;
    feed.checks++;
    const events = page.data ?? [];
    if (first || events.length || page.meta?.sync_reset) logCall("events/list", ms, null);
    if (page.meta?.sync_reset && !first) {
      addFeedNote("The sync token had expired: watching again from now (changes in between are not shown).");
    }
    for (const event of events) addEvent(event);
    if (page.meta?.has_more) delay = 0;
    $("event-feed").dataset.watching = "true";
    setFeedStatus(`Watching ${project.name}: checked ${formatTime(new Date())}, every ${FEED_EVERY_MS / 1000} s `
      + `(${feed.checks} check${feed.checks === 1 ? "" : "s"}).`);
  } catch (error) {
    if (generation !== feed.generation) return;
    logCall("events/list", performance.now() - started, error);
    delay = FEED_RETRY_MS;
    setFeedStatus(`The last check failed (${error?.code ?? "error"}): trying again in ${FEED_RETRY_MS / 1000} s.`);
  }
  feed.timer = setTimeout(() => pollFeed(generation), delay);
}

function resumeFeed() {
  if (!document.hidden && feed.project && feed.timer === null) pollFeed(feed.generation);
}

/** One change, newest first: action, resource (name and gid), the field, who, and when. */
function addEvent(event) {
  const resource = event.resource ?? {};
  const kind = resource.resource_subtype && resource.resource_type === "story"
    ? `${resource.resource_subtype.replace(/_/g, " ")}`
    : resource.resource_type ?? event.type ?? "object";
  const parent = event.parent;
  const item = h("li", {
    "data-testid": "event-item", "data-action": event.action ?? "", "data-gid": resource.gid ?? "", "data-type": resource.resource_type ?? "",
  },
  h("span", { class: `pill ${event.action === "deleted" || event.action === "removed" ? "bad" : "ok"}` }, event.action ?? "?"),
  h("span", { class: "what" },
    `${kind} `,
    h("strong", {}, resource.name || resource.gid || "?"),
    parent?.gid ? ` on ${parent.resource_type ?? "object"} ${parent.name || parent.gid}` : null,
    event.change?.field ? ` (${event.change.field})` : null),
  h("span", { class: "meta" },
    [resource.gid ? `gid ${resource.gid}` : null, event.user?.name ?? null,
      event.created_at ? formatTime(new Date(event.created_at)) : null].filter(Boolean).join(" · ")));
  const list = $("event-list");
  $("events-placeholder", list)?.remove();
  list.prepend(item);
  while (list.children.length > FEED_MAX) list.lastElementChild.remove();
  // Keep what is on screen in step with what changed elsewhere.
  if (resource.resource_type === "task" && event.action === "changed" && resource.name) {
    tasks.update({ gid: resource.gid, name: resource.name });
    subtasks.update({ gid: resource.gid, name: resource.name });
  }
}

function addFeedNote(text) {
  $("events-placeholder")?.remove();
  $("event-list").prepend(h("li", { class: "muted", "data-testid": "event-note" }, text));
}

// ---- typeahead search ---------------------------------------------------------------------

let searchTimer = null;
let searchGeneration = 0;

/** The workspace searched: the one picked, else the first listed. */
function searchWorkspace() {
  return state.workspace ?? workspaces?.records.values().next().value ?? null;
}

function showSearchScope() {
  const workspace = asana ? searchWorkspace() : null;
  $("search-scope").textContent = workspace ? `in ${workspace.name}` : "";
}

function clearSearch() {
  searchGeneration++;
  clearTimeout(searchTimer);
  $("search-results").replaceChildren();
  $("search-status").textContent = "";
  $("search-pop").hidden = true;
}

/** The results pop up under the box; shown while there is something to show. */
function showSearchPop(text) {
  if (text !== undefined) $("search-status").textContent = text;
  $("search-pop").hidden = !$("search-status").textContent && !$("search-results").children.length;
}

function searchTyped() {
  clearTimeout(searchTimer);
  const query = $("search-input").value.trim();
  if (!query) return clearSearch();
  searchTimer = setTimeout(guard(() => runSearch(query)), SEARCH_DELAY_MS);
}

async function runSearch(query) {
  const mine = ++searchGeneration;
  const workspace = searchWorkspace();
  if (!asana || !workspace) {
    showSearchPop("Connect first: search looks in a workspace.");
    return;
  }
  showSearchScope();
  showSearchPop(`Searching ${workspace.name}…`);
  const find = (resource_type, opt_fields) => call("workspace_typeahead", "list", {
    workspace_gid: workspace.gid, resource_type, query, count: 6, opt_fields,
  });
  const [found, foundProjects] = await Promise.allSettled([find("task", ["name", "completed"]), find("project", ["name", "archived"])]);
  if (mine !== searchGeneration) return;
  const results = [
    ...(found.status === "fulfilled" ? found.value.data.map((r) => ({ ...r, resource_type: "task" })) : []),
    ...(foundProjects.status === "fulfilled" ? foundProjects.value.data.map((r) => ({ ...r, resource_type: "project" })) : []),
  ];
  const list = $("search-results");
  list.replaceChildren(...results.map((result) => h("li", {}, h("button", {
    type: "button", class: "item", "data-testid": "search-result", "data-gid": result.gid, "data-type": result.resource_type,
    onclick: guard(() => chooseResult(result, workspace)),
  },
  h("span", { class: "pill kind" }, result.resource_type),
  h("span", { class: `name${result.completed ? " completed" : ""}` }, result.name || "(untitled)"),
  result.archived ? h("span", { class: "meta" }, "archived") : null))));
  const failed = [found, foundProjects].some((r) => r.status === "rejected");
  showSearchPop(failed
    ? "Part of the search failed: see Errors."
    : results.length ? `${results.length} match${results.length === 1 ? "" : "es"} (workspace_typeahead/list):` : `Nothing in ${workspace.name} matches “${query}”.`);
}

async function chooseResult(result, workspace) {
  clearSearch();
  if (result.resource_type === "task") {
    await openTask(result.gid);
    $("task-panel").scrollIntoView({ block: "start", behavior: "smooth" });
    return;
  }
  if (state.workspace?.gid !== workspace.gid) await pickWorkspace(workspace);
  await pickProject({ gid: result.gid, name: result.name });
}

// ---- the error demos --------------------------------------------------------------------------

async function tryBadToken() {
  const wrong = new AsanaConnector({ auth: { token: "not-a-real-token" }, baseUrl: state.baseUrl });
  await call("workspaces", "list", { limit: 5 }, { connector: wrong });
}

async function tryBadGid() {
  requireConnector();
  await call("tasks", "get", { task_gid: "0" });
}

async function tryBadParam() {
  requireConnector();
  // limit must be 1-100: refused before any request is sent.
  await call("workspaces", "list", { limit: 500 });
}

function requireConnector() {
  if (asana) return;
  const error = new AsanaError({ code: "invalid_config", message: "Connect first: the demo has no connector yet." });
  showError(error);
  throw error;
}

// ---- the tool panel ---------------------------------------------------------------------------

let toolFormat = "json-schema";
let toolSet = "one"; // "one": asana.tool(format) (asana_execute); "three": asana.tools(format)

function setupTools() {
  const tabs = document.getElementById("tool-tabs");
  tabs.replaceChildren(...FORMATS.map((format) => h("button", {
    type: "button", role: "tab", id: `tab-${format}`, "data-testid": `tool-format-${format}`,
    "aria-controls": "tool-definitions", "aria-selected": String(format === toolFormat), tabindex: format === toolFormat ? "0" : "-1",
    onclick: () => { toolFormat = format; renderTool(); },
  }, format)));
  tabs.addEventListener("keydown", (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const index = (FORMATS.indexOf(toolFormat) + step + FORMATS.length) % FORMATS.length;
    toolFormat = FORMATS[index];
    renderTool();
    document.getElementById(`tab-${toolFormat}`).focus();
  });
  for (const radio of document.querySelectorAll('input[name="toolset"]')) {
    radio.addEventListener("change", () => { toolSet = radio.value; renderTool(); });
  }
}

/** Where a format keeps the tool's name and description (OpenAI Chat nests them under `function`). */
const toolHolder = (definition) => (definition.function && typeof definition.function === "object" ? definition.function : definition);

function renderTool() {
  for (const tab of document.querySelectorAll("#tool-tabs [role=tab]")) {
    const selected = tab.id === `tab-${toolFormat}`;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  const panel = $("tool-definitions");
  panel.setAttribute("aria-labelledby", `tab-${toolFormat}`);
  panel.dataset.format = toolFormat;
  panel.dataset.set = toolSet;
  if (!asana) {
    panel.replaceChildren(h("p", { class: "placeholder" }, "Connect to see the tool definitions."));
    $("tool-note").textContent = "";
    return;
  }
  const definitions = toolSet === "one" ? [asana.tool(toolFormat)] : asana.tools(toolFormat);
  // vercel's definitions carry no name: the order is that of every other format.
  const names = toolSet === "one" ? ["asana_execute"] : asana.tools("json-schema").map((tool) => tool.name);
  panel.replaceChildren(...definitions.map((definition, index) => {
    const holder = toolHolder(definition);
    const name = holder.name ?? names[index] ?? `tool ${index + 1}`;
    const description = typeof holder.description === "string" ? holder.description : "";
    // The description is shown as text, line breaks and all; the JSON then points at it, so it
    // is not one long string full of \n. JSON.stringify leaves out functions (vercel's execute).
    const shown = structuredCloneable(definition);
    if (description) toolHolder(shown).description = "(the text above)";
    return h("article", { class: "tool-def", "data-testid": "tool-item", "data-name": name },
      h("h4", {}, h("code", {}, name), holder.name ? null : h("span", { class: "muted" }, " (the key you give it)")),
      h("div", { class: "parts" },
        h("div", {},
          h("p", { class: "label" }, `Description · ${description.length.toLocaleString("en")} characters`),
          h("pre", { class: "code-block text", "data-testid": "tool-description", tabindex: "0" }, description || "(none)")),
        h("div", {},
          h("p", { class: "label" }, "Definition (JSON)"),
          h("pre", { class: "code-block", "data-testid": "tool-definition", "data-format": toolFormat, tabindex: "0" },
            JSON.stringify(shown, null, 2)))));
  }));
  const model = toolSet === "one" ? "the model then calls asana_execute" : "the model then calls asana_read, asana_write or asana_describe";
  $("tool-note").textContent = toolFormat === "vercel"
    ? "Each also has execute: (input) => asana.runTool(…), a function, so not shown. Wrap inputSchema with jsonSchema() from ai v5+."
    : toolFormat === "mcp"
      ? "What tools/list returns; asana.mcpHandler() serves it over Streamable HTTP (see www/worker/)."
      : `Pass ${toolSet === "one" ? "this" : "these"} to your ${toolFormat === "json-schema" ? "framework" : toolFormat} tool list; ${model}.`;
}

/** A JSON copy of a definition (functions dropped), safe to edit. */
function structuredCloneable(definition) {
  return JSON.parse(JSON.stringify(definition));
}

async function runTool() {
  requireConnector();
  const text = $("tool-input").value;
  let label = "runTool";
  try {
    const input = JSON.parse(text);
    if (input && typeof input === "object") label = `runTool ${input.entity}/${input.action}`;
  } catch {
    label = "runTool (bad JSON)";
  }
  const out = $("tool-result");
  out.textContent = "Running…";
  delete out.dataset.state;
  const started = performance.now();
  const result = await asana.runTool(text); // never throws: the result, or {error: {code, message, retryable}}
  const ms = performance.now() - started;
  const failed = result && typeof result === "object" && "error" in result && Object.keys(result).length === 1;
  logCall(label, ms, failed ? result.error : null);
  out.textContent = JSON.stringify(result, null, 2);
  out.dataset.state = failed ? "error" : "ok";
}

// ---- formatting -------------------------------------------------------------------------------

function formatDate(isoDate) {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

function formatTime(date) {
  return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function formatDateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

// ---- wiring -----------------------------------------------------------------------------------

function wire() {
  for (const radio of document.querySelectorAll('input[name="target"]')) {
    radio.addEventListener("change", () => targetChanged(radio.value));
  }
  $("connect-form").addEventListener("submit", guard(connect));
  $("sections-all").addEventListener("click", guard(() => loadProjectTasks()));

  $("create-form").addEventListener("submit", guard(async () => {
    const name = $("create-name").value.trim();
    if (!name) return;
    const created = await call("tasks", "create", {
      data: { name, workspace: state.workspace.gid, projects: [state.project.gid] },
      opt_fields: TASK_LIST_FIELDS,
    });
    if (state.section) await call("section_tasks", "create", { section_gid: state.section.gid, data: { task: created.gid } });
    $("create-name").value = "";
    tasks.append(created, { first: true });
    await openTask(created.gid);
  }));

  $("edit-form").addEventListener("submit", guard(async () => {
    const task = state.task;
    const data = {};
    const name = $("edit-name").value.trim();
    const notes = $("edit-notes").value;
    const due = $("edit-due").value || null;
    if (name && name !== task.name) data.name = name;
    if (notes !== (task.notes ?? "")) data.notes = notes;
    if (due !== (task.due_on ?? null)) data.due_on = due;
    if (!Object.keys(data).length) return;
    await saveTask(data);
  }));

  $("complete-toggle").addEventListener("click", guard(() => saveTask({ completed: !state.task.completed })));

  $("tag-form").addEventListener("submit", guard(async () => {
    const tag = $("tag-select").value;
    if (!tag) return;
    await call("task_tags", "create", { task_gid: state.task.gid, data: { tag } });
    await refreshTask();
  }));

  $("new-tag-form").addEventListener("submit", guard(async () => {
    const name = $("new-tag-name").value.trim();
    const workspace = state.task.workspace?.gid ?? state.workspace?.gid;
    if (!name || !workspace) return;
    const tag = await call("workspace_tags", "create", { workspace_gid: workspace, data: { name } });
    tagsByWorkspace.get(workspace)?.push({ gid: tag.gid, name: tag.name });
    await call("task_tags", "create", { task_gid: state.task.gid, data: { tag: tag.gid } });
    $("new-tag-name").value = "";
    await refreshTask();
  }));

  $("comment-form").addEventListener("submit", guard(async () => {
    const text = $("comment-input").value.trim();
    if (!text) return;
    const gid = state.task.gid;
    const story = await call("task_stories", "create", { task_gid: gid, data: { text }, opt_fields: STORY_FIELDS });
    comments.set(gid, [...(comments.get(gid) ?? []), story]);
    $("comment-input").value = "";
    if (state.task?.gid === gid) renderComments();
  }));

  $("upload-form").addEventListener("submit", guard(async () => {
    const file = $("upload-input").files?.[0];
    if (!file) return;
    const gid = state.task.gid;
    // The File itself: the connector sends it as multipart/form-data, with its name.
    const attachment = await call("attachments", "create", { parent: gid, file, name: file.name });
    attachments.set(gid, [...(attachments.get(gid) ?? []), attachment]);
    $("upload-input").value = "";
    if (state.task?.gid === gid) renderAttachments();
  }));

  $("task-close").addEventListener("click", () => closeTask());

  $("search-input").addEventListener("input", searchTyped);
  $("search-input").addEventListener("focus", () => showSearchPop());
  document.addEventListener("click", (event) => {
    if (!$("search-form").contains(event.target)) $("search-pop").hidden = true;
  });
  $("search-input").addEventListener("keydown", (event) => {
    if (event.key === "Escape") { $("search-input").value = ""; clearSearch(); }
    if (event.key === "ArrowDown") { event.preventDefault(); $("search-result")?.focus(); }
  });
  $("search-results").addEventListener("keydown", (event) => {
    const buttons = [...$("search-results").querySelectorAll("button")];
    const at = buttons.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at >= 0) { event.preventDefault(); buttons[Math.min(at + 1, buttons.length - 1)].focus(); }
    if (event.key === "ArrowUp" && at >= 0) { event.preventDefault(); (at === 0 ? $("search-input") : buttons[at - 1]).focus(); }
    if (event.key === "Escape") { $("search-pop").hidden = true; $("search-input").focus(); }
  });
  $("search-form").addEventListener("submit", guard(async () => {
    clearTimeout(searchTimer);
    const query = $("search-input").value.trim();
    if (!query) return;
    await runSearch(query);
    $("search-result")?.click(); // Enter opens the best match
  }));

  document.addEventListener("visibilitychange", resumeFeed);

  $("try-bad-token").addEventListener("click", guard(tryBadToken));
  $("try-bad-gid").addEventListener("click", guard(tryBadGid));
  $("try-bad-param").addEventListener("click", guard(tryBadParam));
  $("error-dismiss").addEventListener("click", () => { $("error-panel").hidden = true; });

  $("tool-form").addEventListener("submit", guard(runTool));
  $("tool-example-error").addEventListener("click", () => {
    const project = state.project?.gid ?? "1200000000000401";
    $("tool-input").value = JSON.stringify({ entity: "task", action: "list", params: { project, limit: 5 } });
  });
}

async function main() {
  try {
    ({ AsanaConnector, AsanaError } = await import("/pkg/browser.js"));
  } catch (error) {
    setStatus(`Could not load /pkg/browser.js (${error.message}). Build the package first: make build.`, "bad");
    throw error;
  }
  setupLists();
  setupTools();
  wire();

  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? "null");
  } catch {
    sessionStorage.removeItem(STORE_KEY);
  }
  const target = saved?.target === "asana" ? "asana" : "sandbox";
  document.querySelector(`input[name="target"][value="${target}"]`).checked = true;
  document.getElementById("remember").checked = Boolean(saved);
  targetChanged(target, saved?.token);
  renderTool();
  document.body.dataset.ready = "true";
  // The sandbox is the default: connect at once. Real Asana waits for a person's token.
  if (target === "sandbox" || saved?.token) await guard(connect)();
}

main();
