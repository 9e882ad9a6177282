// Events (sync tokens), webhooks (handshake, signed deliveries: webhooks.js), batch requests
// and typeahead.

import { API_ROOT, execute } from "../api.js";
import { SYNC_INVALID } from "../events.js";
import { render } from "../records.js";
import { Ref } from "../ref.js";
import { ApiError, badRequest, missing } from "../validate.js";

// ---- events -------------------------------------------------------------------------------------

function readEvents(ctx, resource) {
  const answer = ctx.state.events.read(resource, ctx.query.sync);
  if (!answer.ok) throw new ApiError(412, SYNC_INVALID, { sync: answer.sync });
  return { status: 200, body: { data: answer.data, sync: answer.sync, has_more: answer.has_more } };
}

// ---- webhooks -----------------------------------------------------------------------------------

const FILTER_KEYS = ["resource_type", "resource_subtype", "action", "fields"];
const ACTIONS = ["changed", "added", "removed", "deleted", "undeleted"];

function checkFilters(filters) {
  if (filters === undefined) return [];
  filters.forEach((filter, i) => {
    if (!filter || typeof filter !== "object" || Array.isArray(filter)) throw badRequest(`filters[${i}]: Must be an object {resource_type, resource_subtype?, action?, fields?}`);
    const unknown = Object.keys(filter).find((key) => !FILTER_KEYS.includes(key));
    if (unknown) throw badRequest(`filters[${i}].${unknown}: Unknown field; a filter has ${FILTER_KEYS.join(", ")}`);
    if (filter.action !== undefined && !ACTIONS.includes(filter.action)) throw badRequest(`filters[${i}].action: Must be one of ${ACTIONS.join(", ")}`);
    if (filter.fields !== undefined && !(Array.isArray(filter.fields) && filter.fields.every((f) => typeof f === "string"))) {
      throw badRequest(`filters[${i}].fields: Must be an array of field names`);
    }
  });
  return filters.map((filter) => ({ resource_type: null, resource_subtype: null, action: null, fields: null, ...filter }));
}

async function createWebhook(ctx) {
  const { resource, target } = ctx.data;
  const found = ctx.any(resource, "resource");
  const filters = checkFilters(ctx.data.filters);
  const secret = ctx.state.webhooks.newSecret();
  const webhook = {
    gid: ctx.store.newGid(), resource_type: "webhook", active: true, resource: new Ref(found.type, found.entity.gid), target,
    created_at: ctx.now(), last_failure_at: null, last_failure_content: "", last_success_at: null, delivery_retry_count: 0,
    next_attempt_after: null, failure_deletion_timestamp: null, filters,
    _secret: secret, _workspace: found.type === "workspace" ? found.entity.gid : ctx.store.workspaceOf(found.type, found.entity),
  };
  const handshake = await ctx.state.webhooks.handshake(webhook, secret);
  if (!handshake.ok) {
    const why = handshake.error ?? (handshake.status === 200 || handshake.status === 204 ? "it did not echo the X-Hook-Secret header" : `it answered HTTP ${handshake.status}`);
    throw badRequest(`target: The handshake with ${target} failed: ${why}. The target must answer 200 or 204 with the X-Hook-Secret header it was sent.`);
  }
  ctx.store.add("webhook", webhook);
  const answer = ctx.one("webhook", webhook, 201);
  answer.body["X-Hook-Secret"] = secret;
  answer.headers = { Location: `${ctx.apiUrl}/webhooks/${webhook.gid}`, "X-Hook-Secret": secret };
  return answer;
}

function listWebhooks(ctx) {
  const workspace = ctx.ref("workspace", ctx.query.workspace, "workspace");
  const resource = ctx.query.resource;
  return ctx.many("webhook", ctx.store.all("webhook").filter((w) => w._workspace === workspace.gid && (!resource || w.resource.gid === resource)),
    { view: "full" });
}

// ---- batch --------------------------------------------------------------------------------------

const METHODS = ["get", "post", "put", "delete"];

async function batch(ctx) {
  const { actions } = ctx.data;
  if (actions === undefined) throw missing("actions");
  if (actions.length === 0) throw badRequest("actions: Give at least one action");
  if (actions.length > 10) throw badRequest(`actions: At most 10 actions per batch, got ${actions.length}`);
  actions.forEach((action, i) => {
    const at = `actions[${i}]`;
    if (!action || typeof action !== "object" || Array.isArray(action)) throw badRequest(`${at}: Must be an object {relative_path, method, data?, options?}`);
    const unknown = Object.keys(action).find((key) => !["relative_path", "method", "data", "options"].includes(key));
    if (unknown) throw badRequest(`${at}.${unknown}: Unknown field; an action has relative_path, method, data, options`);
    if (typeof action.relative_path !== "string" || !action.relative_path.startsWith("/")) throw badRequest(`${at}.relative_path: Must be a path such as "/tasks/123"`);
    if (!METHODS.includes(String(action.method).toLowerCase())) throw badRequest(`${at}.method: Must be one of ${METHODS.join(", ")}`);
    if (/^\/batch\b/.test(action.relative_path)) throw badRequest(`${at}.relative_path: A batch cannot contain another batch`);
    if (action.data !== undefined && (!action.data || typeof action.data !== "object" || Array.isArray(action.data))) throw badRequest(`${at}.data: Must be an object`);
    if (action.options !== undefined && (!action.options || typeof action.options !== "object" || Array.isArray(action.options))) throw badRequest(`${at}.options: Must be an object`);
  });
  const results = [];
  for (const action of actions) {
    const method = action.method.toUpperCase();
    const url = new URL(`${ctx.origin}${API_ROOT}${action.relative_path}`);
    const { limit, offset, fields } = action.options ?? {};
    if (limit !== undefined) url.searchParams.set("limit", String(limit));
    if (offset !== undefined) url.searchParams.set("offset", String(offset));
    if (fields !== undefined) url.searchParams.set("opt_fields", Array.isArray(fields) ? fields.join(",") : String(fields));
    const rawBody = action.data === undefined ? "" : JSON.stringify({ data: action.data });
    const req = { method, headers: { authorization: ctx.authorization, ...(rawBody ? { "content-type": "application/json" } : {}) } };
    const response = await execute(ctx.state, { req, url, apiPath: url.pathname.slice(API_ROOT.length), rawBody, entry: {}, origin: ctx.origin }, ctx.me);
    const headers = response.headers?.Location ? { location: response.headers.Location } : {};
    results.push({ status_code: response.status, headers, body: JSON.parse(response.body) });
  }
  return { status: 200, body: { data: results } };
}

// ---- typeahead ----------------------------------------------------------------------------------

function candidates(store, type, workspaceGid) {
  const inWorkspace = (entity) => store.workspaceOf(type === "actor" ? "user" : type, entity) === workspaceGid;
  switch (type) {
    case "user": return store.get("workspace", workspaceGid).users.map((gid) => ["user", store.get("user", gid)]);
    case "actor": return [...candidates(store, "user", workspaceGid), ...candidates(store, "agent", workspaceGid)];
    case "task": case "project": case "tag": case "team": return store.all(type).filter(inWorkspace).map((e) => [type, e]);
    case "custom_field": case "portfolio": case "goal": return store.all(type).filter((e) => e._workspace === workspaceGid).map((e) => [type, e]);
    default: return store.all(type).filter((e) => (e.workspace?.gid ?? e._workspace) === workspaceGid).map((e) => [type, e]);
  }
}

function typeahead(ctx) {
  const workspace = ctx.load("workspace", "workspace_gid");
  const type = ctx.query.resource_type;
  const count = Number(ctx.query.count ?? ctx.query.limit ?? 20);
  const words = (ctx.query.query ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  // Every word of the query starts a word of the name, as Asana's typeahead matches.
  const matches = (name) => {
    const nameWords = String(name ?? "").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    return words.every((w) => nameWords.some((n) => n.startsWith(w)));
  };
  const found = candidates(ctx.store, type, workspace.gid).filter(([, e]) => e && matches(e.name))
    .sort(([, a], [, b]) => Number(Boolean(a.completed)) - Number(Boolean(b.completed)) || String(a.name).localeCompare(String(b.name), "en"));
  const data = found.slice(0, count).map(([t, e]) => (ctx.view ? render(ctx.env, t, e, ctx.view) : { gid: e.gid, resource_type: t, name: e.name }));
  return { status: 200, body: { data } };
}

export const streamRoutes = [
  ["GET", "/events", (ctx) => readEvents(ctx, ctx.any(ctx.query.resource, "resource").entity.gid)],
  ["GET", "/workspaces/{workspace_gid}/events", (ctx) => readEvents(ctx, ctx.load("workspace", "workspace_gid").gid)],
  ["POST", "/webhooks", createWebhook],
  ["GET", "/webhooks", listWebhooks],
  ["GET", "/webhooks/{webhook_gid}", (ctx) => ctx.one("webhook", ctx.load("webhook", "webhook_gid"))],
  ["PUT", "/webhooks/{webhook_gid}", (ctx) => {
    const webhook = ctx.load("webhook", "webhook_gid");
    if (ctx.data.filters !== undefined) webhook.filters = checkFilters(ctx.data.filters);
    return ctx.one("webhook", webhook);
  }],
  ["DELETE", "/webhooks/{webhook_gid}", (ctx) => {
    ctx.store.remove("webhook", ctx.load("webhook", "webhook_gid").gid);
    return ctx.empty();
  }],
  ["POST", "/batch", batch],
  ["GET", "/workspaces/{workspace_gid}/typeahead", typeahead],
];
