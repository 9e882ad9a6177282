// Asana's events: every successful write is turned into events (action added, changed, removed
// or deleted, on a resource, with a parent), recorded here with the set of objects they concern
// (the resource, its parent, a task's projects and sections, a story's task, the workspace…).
// GET /events?resource=<gid>&sync=<token> reads the events concerning one object since a sync
// token; webhooks (webhooks.js) get the same events pushed.

import { randomHex } from "./util.js";

const MAX_EVENTS = 10_000;
const PAGE = 100;
export const SYNC_INVALID = "Sync token invalid or too old. If you are attempting to keep resources in sync, you must fetch the full dataset for this query now and use the new sync token for the next sync.";

export class EventLog {
  constructor() {
    this.reset();
  }

  reset() {
    this.events = []; // [{event, scopes: Set<gid>}]
    this.dropped = 0; // events shifted out of the log (positions stay absolute)
    this.tokens = new Map(); // token -> {resource, position, epoch}
    this.epoch = 0;
  }

  /** A token that is valid from the start of the log (the seed's well-known tokens). */
  seedToken(token, resource) {
    this.tokens.set(token, { resource, position: 0, epoch: this.epoch });
  }

  issue(resource, position = this.dropped + this.events.length) {
    const token = randomHex(16);
    this.tokens.set(token, { resource, position, epoch: this.epoch });
    return token;
  }

  /** Every issued token (the seed's included) stops working. */
  expireAll() {
    this.epoch += 1;
  }

  record(event, scopes) {
    this.events.push({ event, scopes });
    if (this.events.length > MAX_EVENTS) {
      this.events.shift();
      this.dropped += 1;
    }
  }

  list() {
    return this.events.map(({ event, scopes }) => ({ ...event, scopes: [...scopes] }));
  }

  /** {ok: false, sync} for a missing, unknown, foreign or expired token; else {ok, data, sync, has_more}. */
  read(resource, token) {
    const claims = token ? this.tokens.get(token) : undefined;
    if (!claims || claims.resource !== resource || claims.epoch !== this.epoch || claims.position < this.dropped) {
      return { ok: false, sync: this.issue(resource) };
    }
    const data = [];
    let position = claims.position;
    const end = this.dropped + this.events.length;
    for (; position < end && data.length < PAGE; position++) {
      const { event, scopes } = this.events[position - this.dropped];
      if (scopes.has(resource)) data.push(event);
    }
    const hasMore = position < end && this.events.slice(position - this.dropped).some(({ scopes }) => scopes.has(resource));
    return { ok: true, data, sync: this.issue(resource, position), has_more: hasMore };
  }
}

// ---- which objects an event concerns ------------------------------------------------------------

/** The gids an object belongs to (itself, its containers, its workspace). */
export function scopesOf(store, type, entity, depth = 0) {
  const scopes = new Set([entity.gid]);
  const add = (gid) => gid && scopes.add(gid);
  const addAll = (otherType, gid) => {
    const other = gid && store.get(otherType, gid);
    if (other && depth < 2) for (const g of scopesOf(store, otherType, other, depth + 1)) scopes.add(g);
    else add(gid);
  };
  switch (type) {
    case "task":
      add(entity.workspace);
      for (const m of entity.memberships) {
        add(m.project);
        add(m.section);
      }
      if (entity.parent) addAll("task", entity.parent);
      break;
    case "story":
    case "attachment": {
      const parent = entity.target ?? entity.parent;
      const found = parent && store.find(parent);
      if (found) addAll(found.type, parent);
      break;
    }
    case "section":
      addAll("project", entity.project);
      break;
    case "project":
      add(entity.workspace);
      add(entity.team);
      for (const portfolio of store.all("portfolio")) if (portfolio._items.includes(entity.gid)) add(portfolio.gid);
      break;
    case "tag":
    case "team":
      add(entity.workspace);
      break;
    default:
      // Generic records: the objects they point at (parent, project, workspace, …).
      for (const [name, value] of Object.entries(entity)) {
        if (name.startsWith("_") || !value || typeof value !== "object" || Array.isArray(value) || !value.gid) continue;
        if (depth < 1 && value.type && store.get(value.type, value.gid)) addAll(value.type, value.gid);
        else add(value.gid);
      }
      if (entity._workspace) add(entity._workspace);
  }
  return scopes;
}

/** {gid, resource_type, name?, resource_subtype?} of an object, as events show it. */
export function briefOf(store, type, entity) {
  const out = { gid: entity.gid, resource_type: type };
  if (typeof entity.name === "string") out.name = entity.name;
  if (typeof entity.resource_subtype === "string") out.resource_subtype = entity.resource_subtype;
  return out;
}

const lowerFirst = (text) => text.charAt(0).toLowerCase() + text.slice(1);
const RELATION_VERBS = { addProject: "project", removeProject: "project", addTag: "tag", removeTag: "tag" };
const CONTAINER_VERBS = { addTask: "task", addItem: "item", removeItem: "item", addUser: "user", removeUser: "user", insert: "section" };

/**
 * The events one successful write makes. `before` = {type, entity, scopes} of the object named
 * by the last path param, read before the handler ran (so deletes and removals still know where
 * it lived); `data` is the answer's data; `body` the request body.
 */
export function eventsOf({ store, me, row, params, body, data, before }) {
  const now = new Date().toISOString();
  const segments = row.path.split("/");
  const last = segments.at(-1);
  // A verb (addProject, setParent, duplicate…) acts on the path's object; a plural noun (stories,
  // sections, project_briefs…) creates a record under it.
  const isVerb = /[A-Z]/.test(last) || ["approve", "reject", "run", "duplicate", "insert"].includes(last);
  const verb = isVerb && segments.length >= 4 && segments.at(-2).startsWith("{") ? last : null;
  const events = [];
  const find = (gid) => (gid ? store.find(gid) : undefined);
  const push = (action, resource, parent, extra = {}) => {
    if (!resource) return;
    const scopes = new Set([...(resource.scopes ?? []), ...(parent?.scopes ?? [])]);
    const user = store.get("user", me);
    events.push({
      event: {
        user: { gid: me, resource_type: "user", name: user?.name ?? null }, created_at: now, action, type: resource.brief.resource_type,
        resource: resource.brief, parent: parent?.brief ?? null, ...extra,
      },
      scopes,
    });
  };
  const describe = (found) => found && { brief: briefOf(store, found.type, found.entity), scopes: scopesOf(store, found.type, found.entity) };
  const merged = (found) => {
    const now = describe(found);
    if (!now) return before && { brief: briefOf(store, before.type, before.entity), scopes: before.scopes };
    if (before && before.entity.gid === found.entity.gid) for (const gid of before.scopes) now.scopes.add(gid);
    return now;
  };
  const fields = Object.keys(body?.data ?? {});
  const pathObject = before ? merged(find(before.entity.gid)) : null;

  if (row.method === "DELETE") {
    if (pathObject) push("deleted", pathObject, null);
  } else if (row.method === "PUT") {
    const changed = fields.length ? fields.slice(0, 10) : [null];
    for (const field of changed) push("changed", pathObject, null, field ? { change: { field, action: "changed" } } : {});
  } else if (row.job || data?.resource_type === "job") {
    for (const [name, value] of Object.entries(data ?? {})) {
      if (name.startsWith("new_") && value?.gid) push("added", describe(find(value.gid)), null);
    }
  } else if (!verb && data?.gid) {
    const created = describe(find(data.gid));
    if (!created) return events;
    const entity = find(data.gid).entity;
    const containers = created.brief.resource_type === "task" ? entity.memberships.map((m) => m.project) : [];
    const gidOf = (value) => (typeof value === "string" ? value : value?.gid);
    const parentGid = gidOf(entity.parent) ?? gidOf(entity.target) ?? gidOf(entity.project) ?? Object.values(params ?? {}).at(-1) ?? null;
    const parents = containers.length ? containers : [parentGid];
    for (const gid of parents) push("added", created, describe(find(gid)));
  } else if (verb) {
    const action = verb.startsWith("add") ? "added" : verb.startsWith("remove") ? "removed" : "changed";
    const other = body?.data?.[RELATION_VERBS[verb] ?? CONTAINER_VERBS[verb]];
    if (RELATION_VERBS[verb]) {
      push(action, pathObject, describe(find(other)));
    } else if (CONTAINER_VERBS[verb] && typeof other === "string") {
      const resource = find(other === "me" ? me : other) ?? (other.includes("@") ? { type: "user", entity: store.userByEmail(other) } : undefined);
      push(action, resource?.entity ? describe(resource) : null, pathObject);
    } else {
      const field = /^(add|remove|set)/.test(verb) ? lowerFirst(verb.replace(/^(add|remove|set)/, "")) : verb;
      push("changed", pathObject, null, { change: { field, action: action === "changed" ? "changed" : action } });
    }
  }
  return events;
}
