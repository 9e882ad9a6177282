// AsanaError: the one error type every failure rejects with.

const FIELDS = ["code", "status", "retryable", "retryAfterMs", "details"];

export class AsanaError extends Error {
  constructor(fields, options) {
    super(fields.message, options);
    this.name = "AsanaError";
    for (const key of FIELDS) if (fields[key] !== undefined) this[key] = fields[key];
    this.retryable = Boolean(fields.retryable);
  }

  toJSON() {
    const out = { name: this.name, code: this.code, message: this.message };
    for (const key of FIELDS) if (this[key] !== undefined) out[key] = this[key];
    return out;
  }
}

/** The core rejects with JSON text of the error's fields; anything else is unexpected. */
export function fromCore(error) {
  if (error instanceof AsanaError) return error;
  if (typeof error === "string" && error.startsWith("{")) return new AsanaError(JSON.parse(error));
  if (error !== null && typeof error === "object" && Object.getPrototypeOf(error) === Object.prototype && typeof error.code === "string") return new AsanaError(error);
  let why;
  try {
    why = typeof error?.message === "string" ? error.message : String(error);
  } catch {
    why = "unknown error";
  }
  return new AsanaError({ code: "bad_response", message: `Unexpected failure inside the connector: ${why.slice(0, 500)}` }, { cause: error });
}

/** Runs a call into the core, turning what it throws or rejects with into an AsanaError. */
export function viaCore(call) {
  try {
    const out = call();
    return out instanceof Promise ? out.catch((error) => Promise.reject(fromCore(error))) : out;
  } catch (error) {
    throw fromCore(error);
  }
}
