// Input checking shared by the routes. Every failure is an ApiError, which the API layer turns
// into Asana's error envelope. Messages follow Asana's "field: problem" style.

const HELP = "For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors";

/** Asana's error envelope; `phrase` is only set on 500s. */
export const errorBody = (message, phrase) => ({ errors: [{ message, help: HELP, ...(phrase ? { phrase } : {}) }] });

export class ApiError extends Error {
  /** `extra`: top-level keys beside "errors" (the 412 of /events carries a fresh "sync"). */
  constructor(status, message, extra = {}) {
    super(message);
    this.status = status;
    this.extra = extra;
  }
}

export const badRequest = (message) => new ApiError(400, message);
export const unknownObject = (gid, field) => new ApiError(404, `${field ? `${field}: ` : ""}Unknown object: ${gid}`);
export const missing = (field) => badRequest(`${field}: Missing input`);

const GID = /^\d{1,19}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const isGid = (value) => typeof value === "string" && GID.test(value);
export const isEmail = (value) => typeof value === "string" && EMAIL.test(value);

export function isDate(value) {
  const m = typeof value === "string" && DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

const isDateTime = (value) => typeof value === "string" && DATE_TIME.test(value) && isDate(value.slice(0, 10))
  && !Number.isNaN(Date.parse(value));

export function checkGid(field, value) {
  if (!isGid(value)) throw badRequest(`${field}: Not a recognized ID: ${value}`);
  return value;
}

// ---- body field validators: (value, field) -> normalized value, or throw ------------------

export const nullable = (check) => (value, field) => (value === null ? null : check(value, field));

export const str = (value, field) => {
  if (typeof value !== "string") throw badRequest(`${field}: Must be a string`);
  return value;
};
export const bool = (value, field) => {
  if (typeof value !== "boolean") throw badRequest(`${field}: Must be a boolean (true or false)`);
  return value;
};
export const obj = (value, field) => {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw badRequest(`${field}: Must be an object`);
  return value;
};
export const date = nullable((value, field) => {
  if (!isDate(value)) throw badRequest(`${field}: Must be a date in the form YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
});
export const dateTime = nullable((value, field) => {
  if (!isDateTime(value)) throw badRequest(`${field}: Must be an ISO 8601 date-time such as 2024-03-01T17:00:00Z, got ${JSON.stringify(value)}`);
  return new Date(value).toISOString();
});
export const oneOf = (...values) => (value, field) => {
  if (!values.includes(value)) throw badRequest(`${field}: Must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(value)}`);
  return value;
};
export const gid = (value, field) => checkGid(field, value);
export const gidOrNull = nullable(gid);
/** A user reference: gid, "me" or an email address (resolved later by the route). */
export const userRef = nullable((value, field) => {
  if (value !== "me" && !isGid(value) && !isEmail(value)) throw badRequest(`${field}: Not a recognized ID: ${value}`);
  return value;
});
export const list = (check) => (value, field) => {
  // Asana also takes a comma-separated string where it takes a list.
  const items = typeof value === "string" ? value.split(",").map((s) => s.trim()).filter(Boolean) : value;
  if (!Array.isArray(items)) throw badRequest(`${field}: Must be an array`);
  return items.map((item) => check(item, field));
};
/** Rich text must be an XML document wrapped in <body>. */
export const html = nullable((value, field) => {
  if (typeof value !== "string" || !/^<body>[\s\S]*<\/body>$/.test(value.trim())) {
    throw badRequest(`${field}: XML is invalid: rich text must be wrapped in <body>…</body>`);
  }
  return value.trim();
});

/**
 * Reads a write body: exactly {"data": {...}} (plus Asana's optional "options" sibling), the keys
 * of data known to `fields` (name -> validator) checked, every `required` field present and not blank.
 */
export function readData(body, fields, required = []) {
  if (body === undefined) throw badRequest("data: Missing input (the body must be JSON of the form {\"data\": {…}})");
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("Request body must be a JSON object of the form {\"data\": {…}}");
  if (body.data === undefined) throw badRequest("data: Missing input (send the fields inside a top-level \"data\" object)");
  const extra = Object.keys(body).filter((key) => key !== "data" && key !== "options");
  if (extra.length) throw badRequest(`${extra[0]}: Unexpected top-level key; send the fields inside "data"`);
  obj(body.data, "data");
  const data = {};
  for (const [key, value] of Object.entries(body.data)) {
    // Fields the catalogue allows but this handler does not act on are accepted and ignored
    // (check.js has already refused the ones the catalogue does not know).
    if (!Object.hasOwn(fields, key)) continue;
    data[key] = fields[key](value, key);
  }
  for (const key of required) {
    if (data[key] === undefined || data[key] === null || (typeof data[key] === "string" && data[key].trim() === "")) throw missing(key);
  }
  return data;
}

// ---- query parameters --------------------------------------------------------------------

export function queryBool(query, name) {
  const value = query[name];
  if (value === undefined) return undefined;
  if (value !== "true" && value !== "false") throw badRequest(`${name}: Must be true or false, got ${JSON.stringify(value)}`);
  return value === "true";
}

/** Query date-times also accept a bare date, as Asana does. Returns epoch ms. */
export function queryTime(query, name) {
  const value = query[name];
  if (value === undefined) return undefined;
  if (!isDateTime(value) && !isDate(value)) throw badRequest(`${name}: Must be an ISO 8601 date-time, got ${JSON.stringify(value)}`);
  return Date.parse(value);
}

export function queryDate(query, name) {
  const value = query[name];
  if (value !== undefined && !isDate(value)) throw badRequest(`${name}: Must be a date in the form YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

export function queryGids(query, name) {
  const value = query[name];
  if (value === undefined) return undefined;
  return value.split(",").map((item) => {
    const trimmed = item.trim();
    if (trimmed !== "me" && trimmed !== "null" && !isGid(trimmed)) throw badRequest(`${name}: Not a recognized ID: ${trimmed}`);
    return trimmed;
  });
}
