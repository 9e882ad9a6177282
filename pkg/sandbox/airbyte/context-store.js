// context_store_search: Airbyte's synced copy of the connector's data, queried with the condition
// grammar of asana-operations.md. The "store" is the sandbox's live object graph as the
// connector's user sees it, rendered with the richer search field sets (no indexing lag).
//
// params: {query: {filter?, sort?}, limit? (default 1000), cursor?, fields?}
// answer: {result: [records], connector_metadata: {has_more, cursor, took_ms}}

import { parseOptFields, render } from "../records.js";
import { base64url, fromBase64url, fromUtf8, hmacSha256, lazySecret } from "../util.js";
import { invalid, refuseUnknown } from "./errors.js";
import { SEARCHABLE } from "./operations.js";

const REF = ["gid", "name", "resource_type"];
const nested = (name, subs = REF) => subs.map((sub) => `${name}.${sub}`);

// Searchable fields per entity (asana-operations.md); "a.b" entries are the listed nested paths.
const FIELDS = {
  tasks: ["actual_time_minutes", "approval_status", ...nested("assignee"), "completed", "completed_at", ...nested("completed_by"),
    "created_at", "custom_fields", "dependencies", "dependents", "due_at", "due_on", "external.data", "external.gid", "followers",
    "gid", "hearted", "hearts", "html_notes", "is_rendered_as_separator", "liked", "likes", "memberships", "modified_at", "name",
    "notes", "num_hearts", "num_likes", "num_subtasks", ...nested("parent"), "permalink_url", "projects", "resource_subtype",
    "resource_type", "start_on", "tags", ...nested("workspace")],
  projects: ["archived", "color", "created_at", ...nested("current_status", ["author", "color", "created_at", "created_by", "gid",
    "html_text", "modified_at", "resource_type", "text", "title"]), "custom_field_settings", "custom_fields", "default_view",
  "due_date", "due_on", "followers", "gid", "html_notes", "icon", "is_template", "members", "modified_at", "name", "notes",
  ...nested("owner"), "permalink_url", "public", "resource_type", "start_on", ...nested("team"), ...nested("workspace")],
  workspaces: ["email_domains", "gid", "is_organization", "name", "resource_type"],
  users: ["email", "gid", "name", ...nested("photo", ["image_21x21", "image_27x27", "image_36x36", "image_60x60", "image_128x128"]),
    "resource_type", "workspaces"],
  teams: ["description", "gid", "html_description", "name", ...nested("organization"), "permalink_url", "resource_type"],
  attachments: ["connected_to_app", "created_at", "download_url", "gid", "host", "name",
    ...nested("parent", ["created_by", "gid", "name", "resource_subtype", "resource_type"]), "permanent_url", "resource_subtype",
    "resource_type", "size", "view_url"],
  tags: ["color", "followers", "gid", "name", "permalink_url", "resource_type", ...nested("workspace")],
  sections: ["created_at", "gid", "name", ...nested("project"), "resource_type"],
};
// Objects named with sub-fields above may also be addressed whole ("assignee").
const PATHS = Object.fromEntries(Object.entries(FIELDS).map(([entity, fields]) =>
  [entity, new Set([...fields, ...fields.filter((f) => f.includes(".")).map((f) => f.split(".")[0])])]));
const VIEWS = Object.fromEntries(Object.entries(FIELDS).map(([entity, fields]) => [entity, parseOptFields(fields)]));

const COMPARISONS = ["eq", "neq", "gt", "gte", "lt", "lte"];
const FIELD_OPS = [...COMPARISONS, "in", "like", "fuzzy", "keyword", "contains", "any"];
const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 10_000;
const cursorSecret = lazySecret(16);

const isPlainObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const get = (record, path) => path.split(".").reduce((value, key) => (value == null ? undefined : value[key]), record);
const words = (text) => String(text).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

function sameValue(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function order(a, b) {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** SQL LIKE, case-insensitive: % = any run of characters, _ = one character. */
function like(value, pattern) {
  if (typeof value !== "string") return false;
  const regex = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, "[\\s\\S]*").replace(/_/g, "[\\s\\S]");
  return new RegExp(`^${regex}$`, "iu").test(value);
}

/** One insertion, deletion, substitution or swap of neighbours apart (or equal). */
function editDistanceAtMostOne(a, b) {
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
    if (diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]) return true;
  }
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { i += 1; j += 1; continue; }
    if (++edits > 1) return false;
    if (a.length > b.length) i += 1;
    else if (b.length > a.length) j += 1;
    else { i += 1; j += 1; }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Every query word matches a word of the value (equal, a prefix, or one typo away), in any word order. */
function fuzzy(value, query) {
  if (typeof value !== "string") return false;
  const have = words(value);
  return words(query).every((want) => have.some((word) => word === want || (want.length >= 3 && word.startsWith(want))
    || (want.length >= 4 && editDistanceAtMostOne(word, want))));
}

function contains(value, wanted) {
  if (!Array.isArray(value)) return false;
  return value.some((item) => sameValue(item, wanted) || (isPlainObject(item) && typeof wanted === "string" && item.gid === wanted));
}

/** Checks a condition's shape (and, at the top level, its field names) once, before evaluating. */
function checkCondition(condition, where, fields) {
  if (!isPlainObject(condition) || Object.keys(condition).length !== 1) {
    throw invalid(where, "A condition is an object with exactly one operator key", "invalid_filter");
  }
  const [[op, operand]] = Object.entries(condition);
  if (op === "and" || op === "or") {
    if (!Array.isArray(operand) || operand.length === 0) throw invalid(`${where}.${op}`, "Takes a non-empty list of conditions", "invalid_filter");
    operand.forEach((item, i) => checkCondition(item, `${where}.${op}[${i}]`, fields));
    return;
  }
  if (op === "not") {
    checkCondition(operand, `${where}.not`, fields);
    return;
  }
  if (!FIELD_OPS.includes(op)) throw invalid(where, `Unknown operator ${JSON.stringify(op)}; use ${[...FIELD_OPS, "and", "or", "not"].join(", ")}`, "invalid_filter");
  if (!isPlainObject(operand) || Object.keys(operand).length !== 1) {
    throw invalid(`${where}.${op}`, "Takes an object with exactly one field: {field: value}", "invalid_filter");
  }
  const [[field, value]] = Object.entries(operand);
  if (fields && !fields.has(field)) throw invalid(`${where}.${op}.${field}`, "Not a searchable field of this entity", "unknown_field");
  if (op === "in" && !Array.isArray(value)) throw invalid(`${where}.in.${field}`, "Takes a list of values", "invalid_filter");
  if (["like", "fuzzy", "keyword"].includes(op) && typeof value !== "string") throw invalid(`${where}.${op}.${field}`, "Takes a string", "invalid_filter");
  if (op === "any") checkCondition(value, `${where}.any.${field}`, null); // element fields are relative to the element
}

function matches(record, condition) {
  const [[op, operand]] = Object.entries(condition);
  if (op === "and") return operand.every((item) => matches(record, item));
  if (op === "or") return operand.some((item) => matches(record, item));
  if (op === "not") return !matches(record, operand);
  const [[field, wanted]] = Object.entries(operand);
  const value = get(record, field);
  switch (op) {
    case "eq": return sameValue(value, wanted);
    case "neq": return !sameValue(value, wanted);
    case "gt": return value != null && wanted != null && order(value, wanted) > 0;
    case "gte": return value != null && wanted != null && order(value, wanted) >= 0;
    case "lt": return value != null && wanted != null && order(value, wanted) < 0;
    case "lte": return value != null && wanted != null && order(value, wanted) <= 0;
    case "in": return wanted.some((item) => sameValue(value, item));
    case "like": return like(value, wanted);
    case "fuzzy": return fuzzy(value, wanted);
    case "keyword": return typeof value === "string" && words(wanted).some((word) => words(value).includes(word));
    case "contains": return contains(value, wanted);
    case "any": return Array.isArray(value) && value.some((item) => isPlainObject(item) && matches(item, wanted));
    default: return false;
  }
}

function sorter(sort, fields) {
  if (sort === undefined) return (a, b) => order(a.gid, b.gid);
  if (!Array.isArray(sort)) throw invalid("params.query.sort", "Takes a list like [{\"field\": \"asc\"}]", "invalid_sort");
  const keys = sort.map((item, i) => {
    if (!isPlainObject(item) || Object.keys(item).length !== 1) throw invalid(`params.query.sort[${i}]`, "Each entry is {field: \"asc\" | \"desc\"}", "invalid_sort");
    const [[field, direction]] = Object.entries(item);
    if (!fields.has(field)) throw invalid(`params.query.sort[${i}].${field}`, "Not a searchable field of this entity", "unknown_field");
    if (direction !== "asc" && direction !== "desc") throw invalid(`params.query.sort[${i}].${field}`, "Must be \"asc\" or \"desc\"", "invalid_sort");
    return [field, direction === "asc" ? 1 : -1];
  });
  return (a, b) => {
    for (const [field, direction] of keys) {
      const [x, y] = [get(a, field), get(b, field)];
      if (x == null || y == null) {
        if (x == null && y == null) continue;
        return x == null ? 1 : -1; // blanks last
      }
      const result = order(x, y) * direction;
      if (result) return result;
    }
    return order(a.gid, b.gid);
  };
}

/** `fields` as ["a.b", …] or [["a", "b"], …] → a list of key paths. */
function projection(fields) {
  if (fields === undefined) return null;
  if (!Array.isArray(fields) || fields.length === 0) throw invalid("params.fields", "Takes a non-empty list of \"a.b\" strings or [\"a\", \"b\"] key paths", "type_error");
  return fields.map((field, i) => {
    const path = typeof field === "string" ? field.split(".") : field;
    if (!Array.isArray(path) || path.length === 0 || !path.every((part) => typeof part === "string" && part !== "")) {
      throw invalid(`params.fields[${i}]`, "Must be \"a.b\" or [\"a\", \"b\"]", "type_error");
    }
    return path;
  });
}

function project(record, paths) {
  const out = {};
  for (const path of paths) {
    const value = get(record, path.join("."));
    if (value === undefined) continue;
    let node = out;
    path.slice(0, -1).forEach((key) => { node = node[key] = isPlainObject(node[key]) ? node[key] : {}; });
    node[path.at(-1)] = value;
  }
  return out;
}

const sign = (text) => base64url(hmacSha256(cursorSecret(), text)).slice(0, 16);
const issueCursor = (position, binding) => {
  const payload = base64url(JSON.stringify({ p: position }));
  return `${payload}.${sign(`${payload}.${binding}`)}`;
};
function readCursor(cursor, binding) {
  if (typeof cursor !== "string") throw invalid("params.cursor", "Must be a string", "type_error");
  const [payload, signature] = cursor.split(".");
  let position;
  try {
    position = signature === sign(`${payload}.${binding}`) && JSON.parse(fromUtf8(fromBase64url(payload))).p;
  } catch {
    position = undefined;
  }
  if (!Number.isInteger(position) || position < 0) {
    throw invalid("params.cursor", "Invalid cursor: use connector_metadata.cursor from the previous page of the same query", "invalid_cursor");
  }
  return position;
}

/** Records of `entity` the user can see, rendered with the search field set. */
function records(env, entity, user) {
  const { store } = env;
  const type = SEARCHABLE[entity];
  const workspaces = new Set(store.workspacesOf(user).map((w) => w.gid));
  const visible = type === "user"
    ? store.all("user").filter((u) => store.workspacesOf(u.gid).some((w) => workspaces.has(w.gid)))
    : store.all(type).filter((entry) => workspaces.has(store.workspaceOf(type, entry)));
  return visible.map((entry) => render(env, type, entry, VIEWS[entity]));
}

/** Runs a search for the connector's user; `env` = {store, me, downloadUrl}. */
export function contextStoreSearch(env, entity, params) {
  const started = performance.now();
  refuseUnknown(params, ["query", "limit", "cursor", "fields"], "params.");
  const { query = {}, limit = DEFAULT_LIMIT, cursor, fields } = params;
  if (!isPlainObject(query)) throw invalid("params.query", "Must be an object {filter?, sort?}", "type_error");
  refuseUnknown(query, ["filter", "sort"], "params.query.");
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalid("params.limit", `Must be an integer from 1 to ${MAX_LIMIT}`, "type_error");
  const searchable = PATHS[entity];
  if (query.filter !== undefined) checkCondition(query.filter, "params.query.filter", searchable);
  const compare = sorter(query.sort, searchable);
  const paths = projection(fields);

  const binding = JSON.stringify([entity, query.filter ?? null, query.sort ?? null]);
  const start = cursor === undefined || cursor === null ? 0 : readCursor(cursor, binding);
  const found = records(env, entity, env.me).filter((record) => query.filter === undefined || matches(record, query.filter)).sort(compare);
  const page = found.slice(start, start + limit);
  const hasMore = start + limit < found.length;
  return {
    result: paths ? page.map((record) => project(record, paths)) : page,
    connector_metadata: { has_more: hasMore, cursor: hasMore ? issueCursor(start + limit, binding) : null,
      took_ms: Math.round((performance.now() - started) * 100) / 100 },
  };
}
