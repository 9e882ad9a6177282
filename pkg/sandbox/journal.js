// The request log and counters behind /_sandbox/requests and /_sandbox/stats. Tests read the
// log to see exactly what a client sent. Credentials never enter it: only whether an
// Authorization header was present.

const SECRET_HEADERS = new Set(["authorization", "cookie", "proxy-authorization"]);

export class Journal {
  #entries = [];
  #nextId = 1;

  constructor(capacity = 2000) {
    this.capacity = capacity;
    this.reset();
  }

  reset() {
    this.clear();
    this.counters = { requests: 0, byRoute: {}, byStatus: {}, rateLimited: 0 };
  }

  clear() {
    this.#entries = [];
  }

  list() {
    return this.#entries;
  }

  record(req, url, rawBody) {
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) if (!SECRET_HEADERS.has(name)) headers[name] = value;
    const entry = {
      id: this.#nextId++,
      time: new Date().toISOString(),
      method: req.method,
      path: url.pathname,
      rawQuery: url.search.slice(1),
      query: Object.fromEntries(url.searchParams),
      headerNames: Object.keys(req.headers),
      headers,
      authorization: req.headers.authorization !== undefined,
      body: parseBody(rawBody),
      route: null,
      status: null,
    };
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.shift();
    this.counters.requests += 1;
    return entry;
  }

  finish(entry, status) {
    entry.status = status;
    const route = entry.route ?? "(no route)";
    this.counters.byRoute[route] = (this.counters.byRoute[route] ?? 0) + 1;
    this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
    if (status === 429) this.counters.rateLimited += 1;
  }

  stats(store) {
    return { ...structuredClone(this.counters), objects: store.counts() };
  }
}

function parseBody(raw) {
  if (!raw) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Requests that break the catalogue (check.js) or match no operation at all, behind
 * GET /_sandbox/violations: [{method, path, query, operationId, entity?, action?, problem, problems?}].
 */
export class Violations {
  #entries = [];

  constructor(capacity = 1000) {
    this.capacity = capacity;
  }

  add(entry) {
    this.#entries.push({ time: new Date().toISOString(), ...entry });
    if (this.#entries.length > this.capacity) this.#entries.shift();
  }

  list() {
    return this.#entries;
  }

  clear() {
    this.#entries = [];
  }
}
