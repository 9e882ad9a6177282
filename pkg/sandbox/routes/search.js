// GET /workspaces/{workspace_gid}/tasks/search: Asana's premium advanced search. Filters are
// applied for real (custom field filters included); unknown query keys are ignored (and logged as
// violations by check.js); results are not paginated (no next_page),
// just cut to `limit` after sorting. Unlike Asana there is no indexing lag.

import { parseLimit } from "../paging.js";
import { render } from "../records.js";
import { badRequest, checkGid, queryBool, queryDate, queryGids, queryTime } from "../validate.js";
import { TASK_SUBTYPES } from "./tasks.js";

const DEFAULT_LIMIT = 20; // the spec's default page size

// "<name>.any|not|all": the ids a task carries for that relation.
const ID_FILTERS = {
  assignee: (task) => [task.assignee ?? "null"],
  projects: (task) => task.memberships.map((m) => m.project),
  sections: (task) => task.memberships.map((m) => m.section),
  tags: (task) => task.tags,
  teams: (task, store) => task.memberships.map((m) => store.get("project", m.project).team).filter(Boolean),
  portfolios: (task, store) => store.all("portfolio").filter((p) => task.memberships.some((m) => p._items.includes(m.project))).map((p) => p.gid),
  followers: (task) => task.followers,
  created_by: (task) => [task.created_by],
  assigned_by: (task) => [task.assigned_by],
  liked_by: (task) => task.likes,
  commented_on_by: (task, store) => store.all("story").filter((s) => s.target === task.gid).map((s) => s.created_by),
};

// "<name>.before|after" (and exact "<name>" for the *_on dates).
const DATE_FILTERS = {
  due_on: (task) => task.due_on,
  start_on: (task) => task.start_on,
  created_on: (task) => task.created_at.slice(0, 10),
  completed_on: (task) => task.completed_at?.slice(0, 10),
  modified_on: (task) => task.modified_at.slice(0, 10),
};
const TIME_FILTERS = new Set(["due_at", "created_at", "completed_at", "modified_at"]);

const BOOLEAN_FILTERS = {
  completed: (task) => task.completed,
  is_subtask: (task) => task.parent !== null,
  has_attachment: (task, store) => store.all("attachment").some((a) => a.parent === task.gid),
  is_blocked: (task, store) => task.dependencies.some((gid) => !store.get("task", gid).completed),
  is_blocking: (task, store) => !task.completed && store.dependentsOf(task.gid).some((d) => !d.completed),
};

const SORT_KEYS = {
  due_date: (task) => task.due_at ?? task.due_on,
  created_at: (task) => task.created_at,
  completed_at: (task) => task.completed_at,
  likes: (task) => task.likes.length,
  modified_at: (task) => task.modified_at,
  relevance: (task) => task.modified_at,
};

const CUSTOM_FIELD = /^custom_fields\.([^.]+)\.(is_set|value|starts_with|ends_with|contains|less_than|greater_than|before|after)$/;

/** Turns the query into a list of predicates (task, store) => boolean. */
function predicates(ctx) {
  const { query } = ctx;
  const tests = [];
  const membership = []; // projects.any and sections.any combine as a union, as Asana documents
  for (const key of Object.keys(query)) {
    const [name, op, ...rest] = key.split(".");
    if (ID_FILTERS[name] && ["any", "not", "all"].includes(op) && rest.length === 0) {
      const wanted = queryGids(query, key).map((gid) => (gid === "me" ? ctx.me : gid));
      const has = (task, store) => ID_FILTERS[name](task, store);
      const test = op === "any" ? (t, s) => has(t, s).some((g) => wanted.includes(g))
        : op === "not" ? (t, s) => !has(t, s).some((g) => wanted.includes(g))
          : (t, s) => wanted.every((g) => has(t, s).includes(g));
      (op === "any" && (name === "projects" || name === "sections") ? membership : tests).push(test);
    } else if (DATE_FILTERS[name] && (op === "before" || op === "after" || op === undefined) && rest.length === 0) {
      tests.push(compare(DATE_FILTERS[name], op, queryDate(query, key)));
    } else if (TIME_FILTERS.has(name) && (op === "before" || op === "after") && rest.length === 0) {
      tests.push(compare((task) => (task[name] ? Date.parse(task[name]) : null), op, queryTime(query, key)));
    } else if (BOOLEAN_FILTERS[key]) {
      const wanted = queryBool(query, key);
      tests.push((task, store) => BOOLEAN_FILTERS[key](task, store) === wanted);
    } else if (CUSTOM_FIELD.test(key)) {
      const [, fieldGid, predicate] = CUSTOM_FIELD.exec(key);
      checkGid("custom_fields", fieldGid);
      tests.push(customFieldTest(ctx, key, fieldGid, predicate));
    }
  }
  if (query.text !== undefined) {
    const text = query.text.toLowerCase();
    tests.push((task) => task.name.toLowerCase().includes(text) || task.notes.toLowerCase().includes(text));
  }
  if (query.resource_subtype !== undefined) {
    if (!TASK_SUBTYPES.includes(query.resource_subtype)) {
      throw badRequest(`resource_subtype: Must be one of ${TASK_SUBTYPES.join(", ")}, got ${JSON.stringify(query.resource_subtype)}`);
    }
    tests.push((task) => task.resource_subtype === query.resource_subtype);
  }
  if (membership.length) tests.push((task, store) => membership.some((test) => test(task, store)));
  return tests;
}

/** custom_fields.<gid>.<predicate>: is_set, value, starts_with, ends_with, contains, less_than, greater_than, before, after. */
function customFieldTest(ctx, key, fieldGid, predicate) {
  const raw = ctx.query[key];
  const field = ctx.store.get("custom_field", fieldGid);
  const valueOf = (task) => task.custom_field_values?.[fieldGid] ?? null;
  const text = (value) => (typeof value === "string" ? value.toLowerCase() : null);
  const number = Number(raw);
  const needsNumber = predicate === "less_than" || predicate === "greater_than" || (predicate === "value" && field?.resource_subtype === "number");
  if (needsNumber && !Number.isFinite(number)) throw badRequest(`${key}: Must be a number, got ${JSON.stringify(raw)}`);
  switch (predicate) {
    case "is_set": {
      const wanted = queryBool(ctx.query, key);
      return (task) => (valueOf(task) !== null) === wanted;
    }
    case "value":
      return (task) => {
        const value = valueOf(task);
        if (Array.isArray(value)) return value.includes(raw);
        if (typeof value === "number") return value === number;
        if (value && typeof value === "object") return value.date === raw;
        return value === raw;
      };
    case "starts_with": return (task) => text(valueOf(task))?.startsWith(raw.toLowerCase()) ?? false;
    case "ends_with": return (task) => text(valueOf(task))?.endsWith(raw.toLowerCase()) ?? false;
    case "contains": return (task) => text(valueOf(task))?.includes(raw.toLowerCase()) ?? false;
    case "less_than": return (task) => typeof valueOf(task) === "number" && valueOf(task) < number;
    case "greater_than": return (task) => typeof valueOf(task) === "number" && valueOf(task) > number;
    default: { // before, after: date fields
      const bound = queryDate(ctx.query, key);
      return (task) => {
        const date = valueOf(task)?.date;
        return Boolean(date) && (predicate === "before" ? date < bound : date > bound);
      };
    }
  }
}

function compare(valueOf, op, bound) {
  if (op === "before") return (task) => valueOf(task) != null && valueOf(task) < bound;
  if (op === "after") return (task) => valueOf(task) != null && valueOf(task) > bound;
  return (task) => valueOf(task) === bound;
}

function sorter(query) {
  const sortBy = query.sort_by ?? "modified_at";
  if (!SORT_KEYS[sortBy]) throw badRequest(`sort_by: Must be one of ${Object.keys(SORT_KEYS).join(", ")}, got ${JSON.stringify(sortBy)}`);
  const direction = queryBool(query, "sort_ascending") ? 1 : -1;
  const key = SORT_KEYS[sortBy];
  return (a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x == null || y == null) return x == null && y == null ? 0 : x == null ? 1 : -1; // blanks last
    return (x < y ? -1 : x > y ? 1 : 0) * direction || (a.gid < b.gid ? -1 : 1);
  };
}

function searchTasks(ctx) {
  const workspace = ctx.load("workspace", "workspace_gid");
  ctx.requirePremium(workspace.gid, "Search");
  const tests = predicates(ctx);
  const order = sorter(ctx.query);
  const limit = parseLimit(ctx.query.limit) ?? DEFAULT_LIMIT;
  const { store } = ctx;
  const found = store.all("task").filter((task) => task.workspace === workspace.gid && tests.every((test) => test(task, store)));
  const data = found.sort(order).slice(0, limit).map((task) => render(ctx.env, "task", task, ctx.view ?? "compact"));
  return { status: 200, body: { data } };
}

export const searchRoutes = [["GET", "/workspaces/{workspace_gid}/tasks/search", searchTasks]];
