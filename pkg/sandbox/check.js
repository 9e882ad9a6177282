// Checks one request against its catalogue row, before any handler runs: path params, query
// params (unknown names, kinds, enums, required ones), and the body: JSON {"data": {...}} whose
// keys are the row's writable fields, with the right kinds and enums and the required ones
// present, or, for uploads, a multipart form with the row's form fields.
//
// Each problem is a message in Asana's "field: problem" style. A request with problems answers
// 400 (the first problem) and is recorded as a violation, except for the few departures Asana
// itself tolerates (see TOLERATED), which are recorded but served.
//
// Hand-written checks rather than a JSON Schema validator (ajv is installed): the catalogue
// already reduces every parameter to one of 16 kinds, the wire forms differ (query values are
// strings, "me" and e-mails stand for users) and the messages must name the field as Asana does.

import { KIND_FIXES } from "./catalogue.js";
import { isDate, isEmail, isGid } from "./validate.js";

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
export const isDateTime = (value) => typeof value === "string" && DATE_TIME.test(value) && isDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));

/** Params every operation takes (the catalogue leaves opt_pretty out: it only indents the answer). */
const UNIVERSAL_QUERY = new Set(["opt_pretty"]);
/** Names whose gids stand for users, so "me" and e-mail addresses are accepted too. */
const USER_NAMES = new Set(["user", "user_gid", "assignee", "owner", "followers", "members", "member", "attributable_to",
  "created_by", "assigned_by", "liked_by", "commented_on_by", "requester"]);
/** gid fields that Asana documents as a comma-separated list of users (or an array). */
const USER_LISTS = new Set(["followers", "members"]);
/**
 * Departures that Asana answers anyway and the sandbox always served: recorded as violations, not
 * refused. The user lists by workspace and team have no `limit` and ignore one; task search
 * ignores filters it does not know.
 */
const TOLERATED = { "workspace_users/list": ["limit"], "team_users/list": ["limit"] };
const CUSTOM_FIELD_FILTER = /^custom_fields\.(\d+)\.(is_set|value|starts_with|ends_with|contains|less_than|greater_than|before|after)$/;

const userish = (name) => USER_NAMES.has(name.split(".")[0]);
const show = (value) => JSON.stringify(value);
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const listOf = (names) => (names.length > 12 ? `${names.slice(0, 12).join(", ")}, …` : names.join(", "));

function checkGidLike(name, value, { allowNull = false } = {}) {
  if (typeof value !== "string") return `${name}: Must be a gid string, got ${show(value)}`;
  if (isGid(value)) return null;
  if (userish(name) && (value === "me" || isEmail(value))) return null;
  if (allowNull && value === "null") return null;
  return `${name}: Not a recognized ID: ${value}`;
}

/** A query or path value (always a string on the wire) against its kind; a message or null. */
function checkQueryValue(param, value) {
  const { name, kind } = param;
  if (param.enum && !param.enum.includes(value)) return `${name}: Must be one of ${param.enum.map(show).join(", ")}, got ${show(value)}`;
  switch (kind) {
    case "gid": return checkGidLike(name, value);
    case "gid_list":
      for (const item of value.split(",").map((s) => s.trim())) {
        const problem = item === "me" || item === "null" ? null : checkGidLike(name, item);
        if (problem) return problem;
      }
      return null;
    case "boolean": return value === "true" || value === "false" ? null : `${name}: Must be true or false, got ${show(value)}`;
    case "integer": return /^-?\d+$/.test(value) ? null : `${name}: Must be an integer, got ${show(value)}`;
    case "limit": return /^\d{1,3}$/.test(value) && +value >= 1 && +value <= 100 ? null : `${name}: Must be an integer between 1 and 100, got ${show(value)}`;
    case "number": return value.trim() !== "" && Number.isFinite(Number(value)) ? null : `${name}: Must be a number, got ${show(value)}`;
    case "date": return isDate(value) ? null : `${name}: Must be a date in the form YYYY-MM-DD, got ${show(value)}`;
    // Query date-times also take a bare date, as Asana does.
    case "date_time": return isDateTime(value) || isDate(value) ? null : `${name}: Must be an ISO 8601 date-time, got ${show(value)}`;
    case "since": return value === "now" || isDateTime(value) || isDate(value) ? null : `${name}: Must be an ISO 8601 date-time or "now", got ${show(value)}`;
    default: return null; // string, string_list, field_list
  }
}

/** A JSON body value against its field's kind; a message or null. */
export function checkBodyValue(field, value, kind = field.kind) {
  const { name } = field;
  if (value === null) return field.nullable || kind === "any" ? null : `${name}: Must not be null`;
  if (field.enum && kind !== "boolean" && !field.enum.includes(value)) {
    return `${name}: Must be one of ${field.enum.map(show).join(", ")}, got ${show(value)}`;
  }
  const items = (list) => (typeof list === "string" ? list.split(",").map((s) => s.trim()).filter(Boolean) : list);
  switch (kind) {
    case "gid":
      if (USER_LISTS.has(name)) {
        const users = items(value);
        if (!Array.isArray(users) || users.length === 0) return `${name}: Must be a comma-separated list (or array) of users, got ${show(value)}`;
        return users.map((user) => checkGidLike(name, user)).find(Boolean) ?? null;
      }
      return checkGidLike(name, value);
    case "gid_list": {
      const list = items(value);
      if (!Array.isArray(list)) return `${name}: Must be an array of gids, got ${show(value)}`;
      return list.map((item) => checkGidLike(name, item)).find(Boolean) ?? null;
    }
    case "string_list": {
      const list = items(value);
      return Array.isArray(list) && list.every((item) => typeof item === "string") ? null : `${name}: Must be an array of strings, got ${show(value)}`;
    }
    case "string": return typeof value === "string" ? null : `${name}: Must be a string, got ${show(value)}`;
    case "url": {
      let url;
      try {
        url = typeof value === "string" ? new URL(value) : null;
      } catch {
        url = null;
      }
      return url && (url.protocol === "https:" || url.protocol === "http:") ? null : `${name}: Must be an http(s) URL, got ${show(value)}`;
    }
    case "boolean": return typeof value === "boolean" ? null : `${name}: Must be a boolean (true or false), got ${show(value)}`;
    case "integer": return Number.isInteger(value) ? null : `${name}: Must be an integer, got ${show(value)}`;
    case "number": return typeof value === "number" && Number.isFinite(value) ? null : `${name}: Must be a number, got ${show(value)}`;
    case "date": return isDate(value) ? null : `${name}: Must be a date in the form YYYY-MM-DD, got ${show(value)}`;
    case "date_time": return isDateTime(value) ? null : `${name}: Must be an ISO 8601 date-time such as 2024-03-01T17:00:00Z, got ${show(value)}`;
    case "object": return isObject(value) ? null : `${name}: Must be an object, got ${show(value)}`;
    case "array": return Array.isArray(value) ? null : `${name}: Must be an array, got ${show(value)}`;
    default: return null; // any
  }
}

const blank = (value) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/**
 * Checks a request. `request` = {method, params (decoded path params), searchParams, headers,
 * rawBody (text), rawBytes (Uint8Array, for uploads)}. Resolves to {problems: [{message, refuse}],
 * body (parsed JSON or undefined), form (FormData for uploads)}.
 */
export async function checkRequest(row, request) {
  const problems = [];
  const refuse = (message) => problems.push({ message, refuse: true });
  const note = (message) => problems.push({ message, refuse: false });
  const key = `${row.entity}/${row.action}`;

  for (const param of row.params.filter((p) => p.in === "path")) {
    const value = request.params[param.name];
    const problem = param.kind === "gid" ? checkGidLike(param.name, value) : null;
    if (problem) refuse(problem);
  }

  const query = row.params.filter((p) => p.in === "query");
  const known = new Map();
  for (const param of query) for (const name of [param.name, ...(param.aliases ?? [])]) known.set(name, param);
  const seen = new Set();
  for (const [name, value] of request.searchParams) {
    if (seen.has(name)) continue;
    seen.add(name);
    const param = known.get(name);
    if (!param) {
      if (UNIVERSAL_QUERY.has(name)) continue;
      if (row.custom_field_filters && CUSTOM_FIELD_FILTER.test(name)) continue;
      const message = `${name}: Unknown parameter; ${row.operationId} takes ${listOf([...known.keys()]) || "no query parameters"}`;
      if (TOLERATED[key]?.includes(name) || row.custom_field_filters) note(`${message} (ignored, as Asana does)`);
      else refuse(message);
      continue;
    }
    if (value === "" && param.required) continue; // reported as missing below
    const problem = checkQueryValue(param, value);
    if (problem) refuse(problem);
  }
  for (const param of query) {
    if (param.required && blank(request.searchParams.get(param.name))) refuse(`${param.name}: Missing input`);
  }
  const present = (name) => !blank(request.searchParams.get(name));
  const queryGroups = row.one_of.filter((group) => !group.some((name) => name.startsWith("data.")));
  if (queryGroups.length && !queryGroups.some((group) => group.every(present))) {
    // The handlers answer these with Asana's own wording; the violation is recorded here.
    note(`Must specify one of ${queryGroups.map((group) => group.join(" + ")).join(", ")}`);
  }

  let body;
  let form;
  const contentType = request.headers["content-type"] ?? "";
  const dataParam = row.params.find((p) => p.in === "body");
  const formParams = row.params.filter((p) => p.in === "form");
  const writes = request.method === "POST" || request.method === "PUT";
  if (writes && formParams.length) {
    form = await checkForm(row, formParams, contentType, request.rawBytes, refuse);
  } else if (writes) {
    body = checkJsonBody(row, dataParam, contentType, request.rawBody, refuse, note);
  }
  return { problems, body, form };
}

function checkJsonBody(row, dataParam, contentType, rawBody, refuse, note) {
  if (rawBody === "" || rawBody === undefined) {
    if (dataParam?.required) refuse('data: Missing input (the body must be JSON of the form {"data": {…}})');
    return undefined;
  }
  if (!/^application\/json\b/i.test(contentType)) {
    refuse("Request bodies must be JSON sent with Content-Type: application/json");
    return undefined;
  }
  let body;
  try {
    body = JSON.parse(rawBody);
  } catch {
    refuse("Could not parse the request body as JSON");
    return undefined;
  }
  if (!isObject(body)) {
    refuse('Request body must be a JSON object of the form {"data": {…}}');
    return body;
  }
  if (body.data === undefined && dataParam?.required) refuse('data: Missing input (send the fields inside a top-level "data" object)');
  const extra = Object.keys(body).filter((k) => k !== "data" && k !== "options");
  if (extra.length) refuse(`${extra[0]}: Unexpected top-level key; send the fields inside "data"`);
  if (body.options !== undefined && !isObject(body.options)) refuse("options: Must be an object");
  if (body.data === undefined) return body;
  if (!isObject(body.data)) {
    refuse(`data: Must be an object, got ${show(body.data)}`);
    return body;
  }
  const fields = new Map(row.fields.map((f) => [f.name, f]));
  const fixes = KIND_FIXES[`${row.entity}/${row.action}`] ?? {};
  for (const [name, value] of Object.entries(body.data)) {
    const field = fields.get(name);
    if (!field) {
      refuse(fields.size ? `${name}: Unknown field; ${row.operationId} accepts ${listOf([...fields.keys()])}` : `${name}: Unknown field; ${row.operationId} takes no data fields`);
      continue;
    }
    const problem = checkBodyValue(field, value, fixes[name] ?? field.kind);
    if (problem) refuse(problem);
  }
  for (const field of row.fields) if (field.required && blank(body.data[field.name])) refuse(`${field.name}: Missing input`);
  if (row.exclusive.length) {
    const given = row.exclusive.filter((name) => body.data[name] !== undefined && body.data[name] !== null);
    if (given.length > 1) refuse(`${given[0]}: Only one of ${given.join(" or ")} may be given`);
  }
  const dataGroups = row.one_of.filter((group) => group.every((name) => name.startsWith("data.")));
  if (dataGroups.length && !dataGroups.some((group) => group.every((name) => !blank(body.data[name.slice(5)])))) {
    note(`Must give one of ${dataGroups.map((group) => group.join(" + ")).join(", ")}`);
  }
  return body;
}

async function checkForm(row, formParams, contentType, rawBytes, refuse) {
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    refuse(`${row.operationId} takes a multipart/form-data upload (Content-Type: multipart/form-data; boundary=…)`);
    return undefined;
  }
  let form;
  try {
    form = await new Response(rawBytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    refuse("Could not parse the multipart/form-data body");
    return undefined;
  }
  const params = new Map(formParams.map((p) => [p.name, p]));
  for (const [name, value] of form) {
    const param = params.get(name);
    if (!param) {
      refuse(`${name}: Unknown field; ${row.operationId} accepts ${listOf([...params.keys()])}`);
      continue;
    }
    if (param.kind === "file") {
      if (typeof value === "string") refuse(`${name}: Must be a file part (with a filename), got a text field`);
      continue;
    }
    if (typeof value !== "string") {
      refuse(`${name}: Must be a text field, got a file`);
      continue;
    }
    const problem = checkQueryValue(param, value);
    if (problem) refuse(problem);
  }
  for (const param of formParams) if (param.required && blank(form.get(param.name))) refuse(`${param.name}: Missing input`);
  return form;
}
