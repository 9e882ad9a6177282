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

/**
 * An AsanaError for whatever a call failed with: itself, the core's error fields (JSON text or a
 * plain object), or anything else (wrapped as bad_response, read without trusting it).
 */
export function fromCore(error) {
  if (isAsanaError(error)) return error;
  if (typeof error === "string" && error.startsWith("{")) return new AsanaError(JSON.parse(error));
  let plain = false;
  try {
    plain = error !== null && typeof error === "object" && Object.getPrototypeOf(error) === Object.prototype && typeof error.code === "string";
  } catch {
    // A Proxy whose traps throw: not the core's.
  }
  if (plain) {
    try {
      return new AsanaError(error);
    } catch {
      return new AsanaError(fieldsOf(error));
    }
  }
  return new AsanaError({ code: "bad_response", message: `Unexpected failure inside the connector: ${describe(error).slice(0, 500)}` }, { cause: error });
}

/** Whether `value` is an AsanaError (false for a Proxy whose traps throw). */
export function isAsanaError(value) {
  try {
    return value instanceof AsanaError;
  } catch {
    return false;
  }
}

/**
 * An AsanaError's fields read one by one, each as its expected type: an error built by hand (or a
 * Proxy posing as one) may throw on any read or hold anything.
 */
export function fieldsOf(error) {
  const read = (key) => {
    try {
      return error[key];
    } catch {
      return undefined;
    }
  };
  const text = (value, fallback) => (typeof value === "string" ? value.slice(0, 10_000) : fallback);
  const status = read("status");
  return {
    code: text(read("code"), "bad_response"),
    message: text(read("message"), "unknown error"),
    retryable: read("retryable") === true,
    status: Number.isInteger(status) ? status : undefined,
  };
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

/** A thrown value's text, whatever it is (a hostile one may throw, or change, on every read). */
export function describe(error) {
  try {
    if (error === null || (typeof error !== "object" && typeof error !== "function")) return String(error).slice(0, 1000);
    const message = error.message;
    const text = typeof message === "string" ? message : "unknown error";
    const cause = error.cause;
    const reason = cause !== null && typeof cause === "object" ? (cause.code ?? cause.message) : undefined;
    return (typeof reason === "string" ? `${text} (${reason})` : text).slice(0, 1000);
  } catch {
    return "unknown error";
  }
}
