// The sandbox's own (entity, action) → Asana request table for the Airbyte execute endpoint,
// written from shared/reference/asana-operations.md and independent of src/ and pkg/, so a
// connector that sends the wrong names or types is refused here as Airbyte's server would.
//
// Param types: "string", "integer", "boolean", "object". Path params ({x}) are required strings;
// write operations require `data` (an object, sent as {"data": …}); lists take limit + offset.

import { catalog } from "../../catalog.js";
import { invalid, refuseUnknown } from "./errors.js";

const S = "string";
const B = "boolean";
const PAGE = { limit: "integer", offset: S };

const read = (path, query = {}) => ({ method: "GET", path, query });
const list = (path, query = {}) => ({ method: "GET", path, query: { ...PAGE, ...query }, list: true });
const write = (method, path) => ({ method, path, query: {}, data: true });
const remove = (path) => ({ method: "DELETE", path, query: {} });

export const OPERATIONS = {
  tasks: {
    list: list("/tasks", { project: S, workspace: S, section: S, assignee: S, completed_since: S, modified_since: S }),
    create: write("POST", "/tasks"),
    get: read("/tasks/{task_gid}"),
    update: write("PUT", "/tasks/{task_gid}"),
    delete: remove("/tasks/{task_gid}"),
  },
  project_tasks: { list: list("/projects/{project_gid}/tasks", { completed_since: S }) },
  task_subtasks: { list: list("/tasks/{task_gid}/subtasks") },
  task_dependencies: { list: list("/tasks/{task_gid}/dependencies") },
  task_dependents: { list: list("/tasks/{task_gid}/dependents") },
  tag_tasks: { list: list("/tags/{tag_gid}/tasks") },
  section_tasks: {
    list: list("/sections/{section_gid}/tasks", { completed_since: S }),
    create: write("POST", "/sections/{section_gid}/addTask"),
  },
  workspace_task_search: { list: { ...list("/workspaces/{workspace_gid}/tasks/search"), searchFilters: true } },
  projects: {
    list: list("/projects", { workspace: S, team: S, archived: B }),
    create: write("POST", "/projects"),
    get: read("/projects/{project_gid}"),
    update: write("PUT", "/projects/{project_gid}"),
    delete: remove("/projects/{project_gid}"),
  },
  task_projects: { list: list("/tasks/{task_gid}/projects") },
  team_projects: { list: list("/teams/{team_gid}/projects", { archived: B }) },
  workspace_projects: { list: list("/workspaces/{workspace_gid}/projects", { archived: B }) },
  workspaces: { list: list("/workspaces"), get: read("/workspaces/{workspace_gid}") },
  workspace_memberships: { create: write("POST", "/workspaces/{workspace_gid}/addUser") },
  users: { list: list("/users", { workspace: S, team: S }), get: read("/users/{user_gid}") },
  workspace_users: { list: list("/workspaces/{workspace_gid}/users") },
  team_users: { list: list("/teams/{team_gid}/users") },
  teams: { get: read("/teams/{team_gid}") },
  workspace_teams: { list: list("/workspaces/{workspace_gid}/teams") },
  user_teams: { list: list("/users/{user_gid}/teams", { organization: S }) },
  attachments: {
    list: list("/attachments", { parent: S }),
    get: read("/attachments/{attachment_gid}"),
    download: { method: "GET", path: "/attachments/{attachment_gid}", query: {}, download: true, extra: { range_header: S } },
  },
  workspace_tags: { list: list("/workspaces/{workspace_gid}/tags"), create: write("POST", "/workspaces/{workspace_gid}/tags") },
  tags: { get: read("/tags/{tag_gid}"), update: write("PUT", "/tags/{tag_gid}"), delete: remove("/tags/{tag_gid}") },
  task_tags: { create: write("POST", "/tasks/{task_gid}/addTag"), delete: write("POST", "/tasks/{task_gid}/removeTag") },
  project_sections: { list: list("/projects/{project_gid}/sections"), create: write("POST", "/projects/{project_gid}/sections") },
  sections: { get: read("/sections/{section_gid}"), update: write("PUT", "/sections/{section_gid}"), delete: remove("/sections/{section_gid}") },
  task_stories: { create: write("POST", "/tasks/{task_gid}/stories") },
};

// Beyond those 47, every other operation of the generated catalogue (Asana's spec) runs as well:
// its path and query params by name, its body in `data`. Uploads and batches are not JSON calls.
const KIND_TYPES = { limit: "integer", integer: "integer", boolean: B, gid_list: "list", string_list: "list", field_list: "list" };

function fromCatalogue(entity, action) {
  const row = catalog().operations.find((o) => o.entity === entity && o.action === action && o.operationId && !o.form && o.shape !== "batch");
  if (!row) return undefined;
  const query = Object.fromEntries(row.params.filter((p) => p.in === "query").map((p) => [p.name, KIND_TYPES[p.kind] ?? S]));
  return { method: row.method, path: row.path, query, data: row.params.some((p) => p.name === "data" && p.required), optionalData: row.params.some((p) => p.name === "data"), list: ["list", "typeahead"].includes(row.shape) };
}

/** Entities whose Context Store copy can be searched, with their Asana record type. */
export const SEARCHABLE = { tasks: "task", projects: "project", workspaces: "workspace", users: "user", teams: "team",
  attachments: "attachment", tags: "tag", sections: "section" };
export const SEARCH_ACTION = "context_store_search";

// Task search filters (Asana's spec): "<relation>.any|not|all", "<date>[.before|.after]",
// "<time>.before|after", booleans, text, subtype, sorting, and custom_fields.<gid>.<predicate>.
const RELATIONS = "assignee|projects|sections|tags|teams|portfolios|followers|created_by|assigned_by|liked_by|commented_on_by";
const FILTER_PATTERNS = [
  new RegExp(`^(${RELATIONS})\\.(any|not|all)$`),
  /^(due_on|start_on|created_on|completed_on|modified_on)(\.(before|after))?$/,
  /^(due_at|start_at|created_at|completed_at|modified_at)\.(before|after)$/,
  /^(text|resource_subtype|completed|is_subtask|has_attachment|is_blocked|is_blocking|sort_by|sort_ascending)$/,
  /^custom_fields\.\d+\.(is_set|value|starts_with|ends_with|contains|less_than|greater_than|before|after)$/,
];
const isFilter = (key) => FILTER_PATTERNS.some((pattern) => pattern.test(key));
/** "assignee_any" → "assignee.any", "created_at_after" → "created_at.after" (the reference's aliases). */
const dotted = (key) => key.replace(/_(any|not|all|before|after)$/, ".$1");

function checkType(field, value, type) {
  if (type === "list") {
    if (!(typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string")))) {
      throw invalid(field, `Must be a string or a list of strings, got ${JSON.stringify(value)}`, "type_error");
    }
    return;
  }
  const ok = type === "integer" ? Number.isInteger(value)
    : type === "object" ? value !== null && typeof value === "object" && !Array.isArray(value)
      : typeof value === type; // eslint-disable-line valid-typeof
  if (!ok) throw invalid(field, `Must be ${type === "integer" ? "an integer" : `a ${type}`}, got ${JSON.stringify(value)}`, "type_error");
  if (type === "string" && value.trim() === "") throw invalid(field, "Must not be empty", "empty");
}

function filterValue(field, value) {
  if (Array.isArray(value) && value.length && value.every((item) => typeof item === "string")) return value.join(",");
  if (typeof value === "string" || typeof value === "boolean" || Number.isFinite(value)) return String(value);
  throw invalid(field, `Must be a string, boolean, number or list of strings, got ${JSON.stringify(value)}`, "type_error");
}

/**
 * Resolves an execute call to the Asana request it stands for: {op, apiPath, query, body, extra}.
 * Throws 422 for an unknown entity or action, an unknown param, a missing one or a wrong type.
 */
export function resolveOperation(entity, action, params) {
  const actions = OPERATIONS[entity];
  const op = actions?.[action] ?? fromCatalogue(entity, action);
  if (!op && !actions && !catalog().entities.some((e) => e.name === entity)) {
    throw invalid("entity", `Unknown entity ${JSON.stringify(entity)}; known: ${Object.keys(OPERATIONS).join(", ")} and the rest of Asana's API`, "unknown_entity");
  }
  if (!op) throw invalid("action", `Entity ${entity} has no action ${JSON.stringify(action)}`, "unknown_action");

  const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const remaining = { ...params };
  let apiPath = op.path;
  for (const name of pathNames) {
    const value = remaining[name];
    delete remaining[name];
    if (value === undefined) throw invalid(`params.${name}`, "Field required", "missing");
    checkType(`params.${name}`, value, S);
    apiPath = apiPath.replace(`{${name}}`, encodeURIComponent(value));
  }
  let body;
  if (op.data || (op.optionalData && remaining.data !== undefined)) {
    const { data } = remaining;
    delete remaining.data;
    if (data === undefined) throw invalid("params.data", "Field required", "missing");
    checkType("params.data", data, "object");
    body = { data };
  }
  const query = new URLSearchParams();
  const extra = {};
  for (const [key, value] of Object.entries(remaining)) {
    const field = `params.${key}`;
    if (op.query[key]) {
      checkType(field, value, op.query[key]);
      if (key === "limit" && (value < 1 || value > 100)) throw invalid(field, `Must be between 1 and 100, got ${value}`, "out_of_range");
      query.set(key, Array.isArray(value) ? value.join(",") : String(value));
    } else if (op.extra?.[key]) {
      checkType(field, value, op.extra[key]);
      extra[key] = value;
    } else if (op.searchFilters && (isFilter(key) || isFilter(dotted(key)))) {
      query.set(isFilter(key) ? key : dotted(key), filterValue(field, value));
    } else {
      const accepted = [...pathNames, ...(op.data ? ["data"] : []), ...Object.keys(op.query), ...Object.keys(op.extra ?? {})];
      refuseUnknown({ [key]: value }, op.searchFilters ? [...accepted, "<task search filters>"] : accepted, "params.");
    }
  }
  return { op, apiPath, query, body, extra };
}
