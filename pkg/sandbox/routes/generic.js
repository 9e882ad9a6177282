// The generic layer: operations without a hand-written handler are served from their catalogue
// row alone, over a store keyed by resource type (the type of the row's result schema):
//
//   POST /xs                     create: a record from the data fields + gid + resource_type (201)
//   POST /parents/{p_gid}/xs     create with {parent type}: the path's object
//   GET  /xs                     list, filtered by the query's ids and values that the records carry
//   GET  /parents/{p_gid}/xs     list the records pointing at the path's object
//   GET|PUT|DELETE /xs/{x_gid}   get, update (merge the data fields), delete
//   POST /xs/{x_gid}/<verb>      approve/reject, add…/remove… on a list field, or a child record
//
// gid fields are stored as Refs (checked to exist: 404 otherwise) and render as the target's
// compact form; "me" and e-mails stand for users. Records are shaped by shapes.js (the spec's
// field lists): unset fields render null ([] for arrays).

import { OPERATIONS } from "../catalogue.js";
import { plainText } from "../records.js";
import { Ref } from "../ref.js";
import { SHAPES } from "../shapes.js";
import { ApiError, isEmail, unknownObject } from "../validate.js";

/** Result schemas whose records are of another type than their name says (see gen-shapes.js). */
const RESULT_TYPES = {
  MembershipCompact: "membership", MembershipResponse: "membership", RateOrPlaceholderCompact: "rate",
  ReactionCompact: "reaction", AuditLogEvent: "audit_log_event", TaskCountResponse: "task_count",
  RuleTriggerResponse: "rule_trigger", GraphExportResponse: "job", ResourceExportResponse: "job", EnumOption: "enum_option",
  RbacRoleCompact: "role", RbacRoleResponse: "role", DeprecatedPortfolioMembershipCompact: "portfolio_membership",
  DeprecatedPortfolioMembershipResponse: "portfolio_membership", ProjectMembershipNormalResponse: "project_membership",
  TimeTrackingEntryBase: "time_tracking_entry", UserBaseResponse: "user", AsanaNamedResource: null,
};
const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/** The resource type of a row's records ("allocation" for AllocationResponse). */
export function resultType(row) {
  if (!row.result) return null;
  if (Object.hasOwn(RESULT_TYPES, row.result)) return RESULT_TYPES[row.result];
  return snake(row.result.replace(/(Response|Compact)$/, ""));
}

const USER_FIELDS = new Set(["user", "assignee", "owner", "member", "attributable_to", "requester", "resource_owner"]);
const USER_LISTS = new Set(["followers", "members"]);

/** Record defaults per type, beyond the created_at/created_by/modified_at that shapes imply. */
const DEFAULTS = {
  access_request: (ctx) => ({ approval_status: "pending", requester: new Ref("user", ctx.me) }),
  timesheet_approval_status: () => ({ approval_status: "draft" }),
  organization_export: () => ({ state: "pending", download_url: null }),
  time_tracking_category: () => ({ is_archived: false }),
  time_tracking_entry: (ctx) => ({ approval_status: "draft", billable_status: "notApplicable", attributable_to: null, categories: [],
    created_by: new Ref("user", ctx.me) }),
  role: () => ({ is_standard_role: false, creation_time: new Date().toISOString() }),
  project_brief: () => ({ title: null, text: "", html_text: "<body></body>" }),
  rate: () => ({ currency_code: "USD" }),
  membership: () => ({ resource_subtype: "goal_membership", access_level: "editor", role: "editor" }),
};

/** A Ref to the object `gid` names (a user for user fields), or a 404 naming the field. */
export function refFor(ctx, name, value) {
  if (USER_FIELDS.has(name) || USER_LISTS.has(name) || value === "me" || isEmail(value)) return new Ref("user", ctx.user(value, name).gid);
  const found = ctx.store.find(value);
  if (!found) throw unknownObject(value, name);
  return new Ref(found.type, value);
}

const listItems = (value) => (typeof value === "string" ? value.split(",").map((s) => s.trim()).filter(Boolean) : value);

/** The data fields of a write as stored values: gids become Refs, lists of gids lists of Refs. */
export function storedFields(ctx, data = ctx.data, row = ctx.row) {
  const out = {};
  for (const [name, value] of Object.entries(data)) {
    const field = row.fields.find((f) => f.name === name);
    if (value === null || !field) {
      out[name] = value;
    } else if (field.kind === "gid" && USER_LISTS.has(name)) {
      out[name] = ctx.users(value, name).map((gid) => new Ref("user", gid));
    } else if (field.kind === "gid" && typeof value === "string" && !(row.entity === "webhooks" && name === "target")) {
      out[name] = refFor(ctx, name, value);
    } else if (field.kind === "gid_list") {
      out[name] = listItems(value).map((item) => refFor(ctx, name, item));
    } else {
      out[name] = structuredClone(value);
    }
  }
  return out;
}

// Where a new record of each type can be read back (its GET /xs/{x_gid} path), for Location.
const GET_PATHS = new Map();
for (const row of OPERATIONS) {
  const m = /^\/(\w+)\/\{(\w+)_gid\}$/.exec(row.path);
  if (row.method === "GET" && m) GET_PATHS.set(m[2], `/${m[1]}`);
}
export const locationOf = (type, gid) => (GET_PATHS.has(type) ? `${GET_PATHS.get(type)}/${gid}` : `/${type}s/${gid}`);

/** A new record of `type` from the write's data fields, plus `extra`; answers 201 with Location. */
export function createRecord(ctx, type, extra = {}, data = ctx.data) {
  const now = ctx.now();
  const shape = SHAPES[type]?.full ?? [];
  const implied = {};
  if (shape.includes("created_at")) implied.created_at = now;
  if (shape.includes("created_by")) implied.created_by = new Ref("user", ctx.me);
  if (shape.includes("author")) implied.author = new Ref("user", ctx.me);
  if (shape.includes("modified_at")) implied.modified_at = now;
  const gid = ctx.store.newGid();
  if (shape.includes("permalink_url")) implied.permalink_url = `https://app.asana.com/0/${gid}`;
  const record = ctx.store.add(type, { gid, ...implied, ...(DEFAULTS[type]?.(ctx) ?? {}), ...extra, ...storedFields(ctx, data) });
  return syncRichText(record, data);
}

export function updateRecord(ctx, record, data = ctx.data) {
  Object.assign(record, storedFields(ctx, data));
  if (SHAPES[record.resource_type]?.full.includes("modified_at")) record.modified_at = ctx.now();
  return syncRichText(record, data);
}

const RICH_TEXT = [["text", "html_text"], ["notes", "html_notes"], ["description", "html_description"]];
const escapeXml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Keeps the plain and rich twins of a text field in step (html_text written -> text, and back). */
function syncRichText(record, data) {
  const shape = SHAPES[record.resource_type]?.full ?? [];
  for (const [plain, rich] of RICH_TEXT) {
    if (!shape.includes(plain) || !shape.includes(rich)) continue;
    if (typeof data[rich] === "string") record[plain] = plainText(data[rich]);
    else if (typeof data[plain] === "string") record[rich] = `<body>${escapeXml(data[plain])}</body>`;
  }
  return record;
}

/** The record a path param names, of the given type: 400 for a malformed id, 404 if absent. */
export function loadRecord(ctx, type, param) {
  if (type === "user") return ctx.user(ctx.params[param], param);
  return ctx.load(type, param);
}

const refGid = (value) => (value instanceof Ref ? value.gid : value?.gid ?? value);
/** Whether a record points at `gid` through any of its fields (a Ref, or a list holding one). */
export function pointsAt(record, gid) {
  return Object.entries(record).some(([name, value]) => !name.startsWith("_")
    && (Array.isArray(value) ? value.some((item) => refGid(item) === gid) : value instanceof Ref && value.gid === gid));
}

const PAGING = new Set(["limit", "offset", "opt_fields", "opt_pretty"]);
/** Keeps the records matching the query's filters that they carry (ids, strings, booleans). */
export function filterByQuery(ctx, records, row = ctx.row) {
  const filters = row.params.filter((p) => p.in === "query" && !PAGING.has(p.name) && ["gid", "string", "boolean"].includes(p.kind)
    && ctx.query[p.name] !== undefined && ctx.query[p.name] !== "");
  return records.filter((record) => filters.every((param) => {
    if (!Object.hasOwn(record, param.name)) return true;
    const wanted = ctx.query[param.name] === "me" ? ctx.me : ctx.query[param.name];
    const value = record[param.name];
    if (Array.isArray(value)) return value.some((item) => refGid(item) === wanted);
    if (value instanceof Ref) return value.gid === wanted;
    return String(value) === wanted;
  }));
}

/** The list view a row answers with: compact for *Compact results, else the full records. */
export const listView = (row) => (/Compact$/.test(row.result ?? "") ? "compact" : "full");

const lowerFirst = (text) => text.charAt(0).toLowerCase() + text.slice(1);
const VERB_STATUS = { approve: "approved", reject: "rejected" };

/** The handler for a row no module handles. */
export function generic(row) {
  const segments = row.path.split("/").slice(1);
  const isParam = (s) => s?.startsWith("{");
  const last = segments.at(-1);
  const type = resultType(row);
  const paramName = (s) => s.slice(1, -1);
  const typeOfParam = (name) => name.replace(/_gid$/, "");

  // GET|PUT|DELETE /xs/{x_gid}
  if (isParam(last) && last.endsWith("_gid}")) {
    const param = paramName(last);
    const own = typeOfParam(param);
    if (row.method === "GET") return (ctx) => ctx.one(own, loadRecord(ctx, own, param));
    if (row.method === "PUT") return (ctx) => ctx.one(own, updateRecord(ctx, loadRecord(ctx, own, param)));
    if (row.method === "DELETE") {
      return (ctx) => {
        const record = loadRecord(ctx, own, param);
        ctx.store.remove(own, record.gid);
        ctx.store.dropReferences(record.gid);
        return ctx.empty();
      };
    }
  }
  const parentParam = segments.length >= 3 && isParam(segments.at(-2)) ? paramName(segments.at(-2)) : null;

  // POST /xs/{x_gid}/<verb>
  const isVerb = /[A-Z]/.test(last) || ["approve", "reject", "run", "duplicate", "insert"].includes(last);
  if (row.method === "POST" && parentParam && !isParam(last) && isVerb) {
    const own = typeOfParam(parentParam);
    return (ctx) => {
      const target = loadRecord(ctx, own, parentParam);
      if (VERB_STATUS[last]) {
        target.approval_status = VERB_STATUS[last];
        return ctx.empty();
      }
      if (type === "rule_trigger") {
        const resource = refFor(ctx, "resource", ctx.data.resource);
        return { status: 200, body: { data: { message: `Rule trigger ${target.gid} ran on ${resource.type} ${resource.gid}` } } };
      }
      const match = /^(add|remove)([A-Z]\w*)$/.exec(last);
      if (match && (row.shape === "empty" || type === own)) {
        const field = lowerFirst(match[2]);
        const incoming = storedFields(ctx)[field];
        const items = Array.isArray(incoming) ? incoming : incoming ? [incoming] : [];
        const current = Array.isArray(target[field]) ? target[field] : [];
        const gids = new Set(items.map(refGid));
        target[field] = match[1] === "add" ? [...current.filter((item) => !gids.has(refGid(item))), ...items] : current.filter((item) => !gids.has(refGid(item)));
        return row.shape === "empty" ? ctx.empty() : ctx.one(own, target);
      }
      if (row.shape === "empty") return ctx.empty();
      if (type === own) return ctx.one(own, updateRecord(ctx, target));
      const child = createRecord(ctx, type, { parent: new Ref(own, target.gid) });
      return ctx.one(type, child);
    };
  }

  if (!type) return () => { throw new ApiError(501, `The sandbox does not emulate ${row.method} ${row.path}`); };

  // GET /xs, GET /parents/{p_gid}/xs
  if (row.method === "GET") {
    return (ctx) => {
      let records = ctx.store.all(type);
      if (parentParam) {
        const parent = loadRecord(ctx, typeOfParam(parentParam), parentParam);
        records = records.filter((record) => pointsAt(record, parent.gid));
      }
      return ctx.many(type, filterByQuery(ctx, records), { view: listView(row) });
    };
  }

  // POST /xs, POST /parents/{p_gid}/xs
  if (row.method === "POST") {
    return (ctx) => {
      const extra = {};
      if (parentParam) {
        const own = typeOfParam(parentParam);
        extra[own] = new Ref(own, loadRecord(ctx, own, parentParam).gid);
      }
      const record = createRecord(ctx, type, extra);
      return ctx.created(type, record, locationOf(type, record.gid));
    };
  }
  return () => { throw new ApiError(501, `The sandbox does not emulate ${row.method} ${row.path}`); };
}
