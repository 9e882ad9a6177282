// Airbyte's error envelope: {"message": "…", "errors": [{"field", "message", "error_code"}]}.

export const JSON_HEADERS = { "Content-Type": "application/json" };

export class AirbyteError extends Error {
  /** `errors`: [{field?, message?, error_code}]; message defaults to the top-level one. */
  constructor(status, message, errors = [], headers = {}) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.headers = headers;
  }

  response() {
    const errors = (this.errors.length ? this.errors : [{ error_code: codeFor(this.status) }])
      .map(({ field = null, message = this.message, error_code: code = codeFor(this.status) }) => ({ field, message, error_code: code }));
    return { status: this.status, headers: { ...JSON_HEADERS, ...this.headers }, body: JSON.stringify({ message: this.message, errors }) };
  }
}

const CODES = { 400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
  409: "conflict", 422: "validation_error", 429: "rate_limited", 500: "internal_error", 502: "bad_gateway", 503: "unavailable" };
export const codeFor = (status) => CODES[status] ?? (status >= 500 ? "internal_error" : "error");

/** A 422 schema-validation failure naming the field. */
export const invalid = (field, message, code = "validation_error") => new AirbyteError(422, `${field}: ${message}`, [{ field, message, error_code: code }]);
export const notFound = (message, field = null) => new AirbyteError(404, message, [{ field, message, error_code: "not_found" }]);

/** Refuses keys of `object` outside `allowed` (422, like a schema with additionalProperties: false). */
export function refuseUnknown(object, allowed, prefix = "") {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw invalid(`${prefix}${key}`, `Unknown property; allowed: ${allowed.join(", ")}`, "unknown_property");
  }
}

/** A required non-empty string property. */
export function requireString(object, key, prefix = "") {
  const value = object[key];
  if (value === undefined || value === null) throw invalid(`${prefix}${key}`, "Field required", "missing");
  if (typeof value !== "string") throw invalid(`${prefix}${key}`, `Must be a string, got ${JSON.stringify(value)}`, "type_error");
  if (value.trim() === "") throw invalid(`${prefix}${key}`, "Must not be empty", "empty");
  return value;
}

/** An optional string property (absent → undefined; null or another type → 422). */
export function optionalString(object, key, prefix = "") {
  return object[key] === undefined ? undefined : requireString(object, key, prefix);
}
