// Fault injection: queued faults are consumed by the next matching API requests and replace
// (or, with after:"execute", follow) the real handling, to exercise clients' error paths.

import { STATUS_CODES } from "./util.js";
import { badRequest, errorBody } from "./validate.js";

const KINDS = ["status", "html", "truncated", "empty", "drop"];

export const RATE_LIMIT_MESSAGE = "You have made too many requests recently. Please, be chill.";
const DEFAULT_MESSAGES = { 401: "Not Authorized", 429: RATE_LIMIT_MESSAGE, 500: "Server Error" };
const JSON_TYPE = "application/json; charset=UTF-8";

const isInt = (value, min, max) => Number.isInteger(value) && value >= min && value <= max;

/** "/^\/tasks\/\d+$/i" (slash-delimited with regex syntax inside) is a regex; anything else a prefix. */
function pathMatcher(path) {
  const regex = /^\/(.*[\\^$*+?()[\]{}|].*)\/([gimsuy]*)$/.exec(path);
  if (!regex) return (apiPath) => apiPath.startsWith(path);
  try {
    const compiled = new RegExp(regex[1], regex[2].replace("g", ""));
    return (apiPath) => compiled.test(apiPath);
  } catch (error) {
    throw badRequest(`path: Not a valid regular expression: ${error.message}`);
  }
}

class Fault {
  constructor(spec) {
    if (!spec || typeof spec !== "object" || Array.isArray(spec)) throw badRequest("A fault must be a JSON object");
    const { method, path, times = 1, status, headers = {}, body, delayMs = 0, kind, after, message, phrase } = spec;
    if (method !== undefined && typeof method !== "string") throw badRequest("method: Must be a string");
    if (path !== undefined && typeof path !== "string") throw badRequest("path: Must be a string");
    if (!isInt(times, 1, 1e6)) throw badRequest("times: Must be a positive integer");
    if (status !== undefined && !isInt(status, 100, 599)) throw badRequest("status: Must be an HTTP status code");
    if (!headers || typeof headers !== "object" || Array.isArray(headers)) throw badRequest("headers: Must be an object");
    if (body !== undefined && typeof body !== "string") throw badRequest("body: Must be a string (sent as is)");
    if (!isInt(delayMs, 0, 600_000)) throw badRequest("delayMs: Must be a non-negative integer");
    if (kind !== undefined && !KINDS.includes(kind)) throw badRequest(`kind: Must be one of ${KINDS.join(", ")}`);
    if (after !== undefined && after !== "execute") throw badRequest('after: The only supported value is "execute"');
    if (kind === undefined && status === undefined && delayMs === 0) throw badRequest("A fault needs a status, a kind or a delayMs");
    this.spec = { ...spec, times };
    this.remaining = times;
    this.method = method?.toUpperCase();
    this.matchesPath = path === undefined ? () => true : pathMatcher(path);
    // Without status or kind the fault only delays the real answer.
    this.kind = kind ?? (status === undefined ? "delay" : "status");
    Object.assign(this, { status, headers, body, delayMs, message, phrase });
    this.executesFirst = after === "execute" || this.kind === "truncated" || this.kind === "delay";
  }

  /** The response to send instead of `real` (the handler's response, when executesFirst). */
  respond(real) {
    const headers = Object.fromEntries(Object.entries(this.headers).map(([k, v]) => [k, String(v)]));
    switch (this.kind) {
      case "delay": return real;
      case "drop": return { drop: true };
      case "empty": return { status: this.status ?? 200, headers: { "Content-Type": JSON_TYPE, ...headers }, body: "" };
      case "truncated": {
        const text = real.body.toString();
        return { ...real, status: this.status ?? 200, headers: { ...real.headers, ...headers }, body: text.slice(0, Math.floor(text.length / 2)) };
      }
      case "html": {
        const status = this.status ?? 502;
        const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
        return { status, headers: { "Content-Type": "text/html; charset=utf-8", ...headers },
          body: this.body ?? `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n` };
      }
      default: {
        const message = this.message ?? DEFAULT_MESSAGES[this.status] ?? STATUS_CODES[this.status] ?? "Error";
        const phrase = this.status === 500 ? this.phrase ?? "6 sad squid snuggle softly" : this.phrase;
        return { status: this.status, headers: { "Content-Type": JSON_TYPE, ...headers },
          body: this.body ?? JSON.stringify(errorBody(message, phrase)) };
      }
    }
  }
}

export class FaultQueue {
  #faults = [];

  add(spec) {
    const fault = new Fault(spec);
    this.#faults.push(fault);
    return fault.spec;
  }

  clear() {
    this.#faults = [];
  }

  list() {
    return this.#faults.map((fault) => ({ ...fault.spec, remaining: fault.remaining }));
  }

  /** The first queued fault matching the request, with one use consumed; undefined if none. */
  take(method, apiPath) {
    const index = this.#faults.findIndex((f) => (!f.method || f.method === method) && f.matchesPath(apiPath));
    if (index < 0) return undefined;
    const fault = this.#faults[index];
    if (--fault.remaining === 0) this.#faults.splice(index, 1);
    return fault;
  }
}
