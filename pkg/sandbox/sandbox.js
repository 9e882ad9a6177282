// The sandbox's core: an in-memory Asana (every operation of its OpenAPI spec), its OAuth
// endpoints, an Airbyte Agent API emulation and the /_sandbox/* controls, as one request handler
// with no runtime dependencies (no node: imports, no Buffer), so the same code answers
//
//   - sandbox.fetch(input, init): the global fetch's signature, for a connector's `fetch` option
//     in Node, Deno, workerd or a browser (routed by path; the origin is ignored), and
//   - startSandbox() (node.js): the same core behind a node:http server.
//
//   import { createSandbox, SEED } from "asana-agent-connector/sandbox";
//   const sandbox = createSandbox();
//   const asana = new AsanaConnector({ auth: { token: SEED.tokens.alice }, fetch: sandbox.fetch });

import { API_ROOT, answerApi } from "./api.js";
import { AIRBYTE_ROOT, Airbyte } from "./airbyte/index.js";
import { answerControl } from "./controls.js";
import { EventLog } from "./events.js";
import { exampleCalls } from "./examples.js";
import { FaultQueue } from "./faults.js";
import { Files } from "./files.js";
import { Journal, Violations } from "./journal.js";
import { RateLimiter } from "./limits.js";
import { OAuthServer } from "./oauth.js";
import { Paginator } from "./paging.js";
import { JobSettings } from "./routes/jobs.js";
import { SEED, seedStore } from "./seed.js";
import { fromUtf8, STATUS_CODES, utf8 } from "./util.js";
import { ApiError, errorBody } from "./validate.js";
import { Webhooks } from "./webhooks.js";

export { SEED };

/** Headers on every answer (the Node server's, so pages on another origin can read them). */
export const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "Retry-After, Content-Length, Content-Range, Content-Type, Location, Asana-Change, Content-Disposition, X-Hook-Secret",
};
const PREFLIGHT = {
  ...CORS,
  "Access-Control-Allow-Methods": "GET,POST,PUT,DELETE,OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept, Asana-Enable, Asana-Disable, Range, X-Organization-Id",
  "Access-Control-Max-Age": "600",
};
const JSON_TYPE = { "Content-Type": "application/json; charset=UTF-8" };
export const MAX_BODY_BYTES = 1 << 20;
const MAX_UPLOAD_BYTES = 16 << 20; // multipart/form-data API requests (attachment uploads)
const FILES_ROUTE = "GET /_files/{attachment_gid}/{name}";
/** Where a relative URL given to sandbox.fetch points, and Airbyte's host (its paths live under /airbyte here). */
const DEFAULT_ORIGIN = "https://app.asana.com";
const AIRBYTE_HOST = "api.airbyte.ai";
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

const isApi = (pathname) => pathname === API_ROOT || pathname.startsWith(`${API_ROOT}/`);
const isAirbyte = (pathname) => pathname === AIRBYTE_ROOT || pathname.startsWith(`${AIRBYTE_ROOT}/`);

/**
 * A fresh sandbox. Options: offsetTtlMs (lifetime of pagination tokens, default 30 min),
 * downloadTtlMs (lifetime of download URLs, default 2 min), webhookFetch (the fetch that delivers
 * webhooks to targets other than https://hooks.sandbox.test/…, default the global fetch: give
 * your own handler to receive them offline).
 */
export function createSandbox({ offsetTtlMs = 30 * 60_000, downloadTtlMs = 2 * 60_000, webhookFetch } = {}) {
  const closing = new AbortController();
  const oauth = new OAuthServer();
  const state = {
    oauth,
    airbyte: new Airbyte(oauth),
    store: seedStore(),
    paginator: new Paginator({ ttlMs: offsetTtlMs }),
    limiter: new RateLimiter(),
    faults: new FaultQueue(),
    files: new Files({ ttlMs: downloadTtlMs }),
    journal: new Journal(),
    violations: new Violations(),
    events: new EventLog(),
    webhooks: new Webhooks(closing.signal, webhookFetch),
    jobs: new JobSettings(),
    closing: closing.signal,
  };
  const seedTokens = () => {
    state.events.seedToken(SEED.sync.website, SEED.projects.website);
    state.events.seedToken(SEED.sync.acme, SEED.workspaces.acme);
  };
  seedTokens();

  /**
   * One request: {method, url (URL), headers (lower-case names -> values), body (Uint8Array, or
   * null when it was larger than bodyLimit()), origin (for URLs in answers; default url.origin)}.
   * Resolves to {status, headers, body (string | Uint8Array)} or {drop: true} (close the connection).
   */
  async function answer({ method, url, headers = {}, body = new Uint8Array(0), origin = url.origin }) {
    if (method === "OPTIONS") return { status: 204, headers: PREFLIGHT, body: "" };
    const { pathname } = url;
    const req = { method, headers };
    if (isApi(pathname)) {
      const multipart = /^multipart\//i.test(headers["content-type"] ?? "");
      const max = multipart ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES;
      if (body === null || body.length > max) return tooLarge(max);
      const rawBody = fromUtf8(body);
      // Uploads are logged as a summary, not as their bytes.
      const entry = state.journal.record(req, url, multipart ? `[multipart/form-data, ${body.length} bytes]` : rawBody);
      const apiPath = pathname.slice(API_ROOT.length) || "/";
      const response = await answerApi(state, { req, url, apiPath, rawBody, rawBytes: body, entry, origin });
      state.journal.finish(entry, response.drop ? "dropped" : response.status);
      return response;
    }
    if (pathname.startsWith("/_files/")) {
      const entry = state.journal.record(req, url, "");
      entry.route = FILES_ROUTE;
      const response = state.files.download(req, url, state.store);
      state.journal.finish(entry, response.status);
      return response;
    }
    if (body === null || body.length > MAX_BODY_BYTES) return tooLarge(MAX_BODY_BYTES);
    const rawBody = fromUtf8(body);
    if (pathname.startsWith("/-/") || isAirbyte(pathname)) {
      const entry = state.journal.record(req, url, rawBody);
      const request = { req, url, rawBody, entry, origin };
      const response = pathname.startsWith("/-/")
        ? await state.oauth.answer(request, state.store, state.closing)
        : await state.airbyte.answer(state, request);
      state.journal.finish(entry, response.drop ? "dropped" : response.status);
      return response;
    }
    if (pathname.startsWith("/_sandbox/")) return answerControl(sandbox, method, pathname, rawBody);
    return { status: 404, headers: JSON_TYPE, body: JSON.stringify(errorBody("No matching route for request")) };
  }

  /** sandbox.fetch: a Request (or fetch's arguments) in, a Response out, without any network. */
  async function sandboxFetch(input, init) {
    let request = toRequest(input, init);
    const { signal } = request;
    if (signal?.aborted) throw signal.reason ?? new DOMException("This operation was aborted", "AbortError"); // never sent
    const work = (async () => {
      for (let redirects = 0; ; redirects++) {
        const url = new URL(request.url);
        if (url.hostname === AIRBYTE_HOST && !isAirbyte(url.pathname)) url.pathname = `${AIRBYTE_ROOT}${url.pathname}`;
        const method = request.method.toUpperCase();
        const body = method === "GET" || method === "HEAD" ? new Uint8Array(0) : new Uint8Array(await request.arrayBuffer());
        const answered = await answer({ method, url, headers: Object.fromEntries(request.headers), body, origin: new URL(request.url).origin });
        if (answered.drop) throw new TypeError("fetch failed", { cause: new Error("the sandbox dropped the connection (a \"drop\" fault)") });
        const location = REDIRECTS.has(answered.status) ? answered.headers?.Location ?? answered.headers?.location : undefined;
        if (location === undefined || request.redirect === "manual") return toResponse(answered, method);
        if (request.redirect === "error") throw new TypeError("fetch failed", { cause: new Error(`redirected to ${location} (redirect: "error")`) });
        const target = new URL(location, request.url);
        // Only redirects inside the sandbox are followed (there is no network); others come back as they are.
        if (target.origin !== new URL(request.url).origin || redirects >= MAX_REDIRECTS) return toResponse(answered, method);
        const toGet = answered.status === 303 ? method !== "HEAD" : (answered.status === 301 || answered.status === 302) && method === "POST";
        request = new Request(target, {
          method: toGet ? "GET" : method, headers: request.headers, redirect: request.redirect, signal,
          ...(toGet || method === "GET" || method === "HEAD" ? {} : { body }),
        });
      }
    })();
    return abortable(work, signal);
  }

  const sandbox = {
    /** The seed's well-known gids, tokens and credentials (SEED). */
    seed: SEED,
    /** fetch(input, init?) → Promise<Response>, answered in memory; pass it as a connector's `fetch`. */
    fetch: sandboxFetch,
    /** The transport-free handler behind fetch and the Node server (see answer above). */
    answer,
    /** Whether `pathname` is one of the sandbox's own routes (API, downloads, OAuth, Airbyte, controls). */
    handles: (pathname) => isApi(pathname) || pathname.startsWith("/_files/") || pathname.startsWith("/-/") || isAirbyte(pathname) || pathname.startsWith("/_sandbox/"),
    /** The largest request body `answer` takes for this path and Content-Type (larger: 413). */
    bodyLimit: (pathname, contentType = "") => (isApi(pathname) && /^multipart\//i.test(contentType) ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES),
    /** The live object graph (replaced by reset()). */
    get store() {
      return state.store;
    },
    /**
     * Fresh seed data; clears faults, limits, the request log, counters, violations, events and
     * webhook deliveries; expires offsets; resets OAuth, Airbyte and job settings.
     */
    reset() {
      state.store = seedStore();
      state.oauth.reset();
      state.airbyte.reset();
      state.faults.clear();
      state.limiter.clear();
      state.journal.reset();
      state.violations.clear();
      state.events.reset();
      seedTokens();
      state.webhooks.reset();
      state.jobs.clear();
      state.paginator.expireAll();
    },
    /** Requests that broke the catalogue or matched no operation: [{method, path, query, operationId, problem, problems}]. */
    violations: () => [...state.violations.list()],
    clearViolations: () => state.violations.clear(),
    /** Events recorded for writes (each with the gids it concerns); expire() invalidates every sync token. */
    events: {
      list: () => state.events.list(),
      expire: () => state.events.expireAll(),
    },
    /** Webhook deliveries (handshakes included) with the target's answer; heartbeat(gid) sends {"events": []}. */
    webhooks: {
      deliveries: async () => {
        await state.webhooks.settle();
        return [...state.webhooks.list()];
      },
      settle: () => state.webhooks.settle(),
      heartbeat: async (gid) => {
        const webhook = state.store.get("webhook", gid);
        if (!webhook) throw new ApiError(404, `Unknown webhook: ${gid}`);
        return state.webhooks.deliver(webhook, [], "heartbeat");
      },
    },
    /** Job settings {pollsBeforeSuccess} (default 1: the first GET /jobs/{gid} says in_progress). */
    jobs: {
      set: (spec) => state.jobs.configure(spec),
      get: () => state.jobs.settings,
      clear: () => state.jobs.clear(),
    },
    requests: {
      list: () => [...state.journal.list()],
      clear: () => state.journal.clear(),
    },
    faults: {
      add: (spec) => state.faults.add(spec),
      list: () => state.faults.list(),
      clear: () => state.faults.clear(),
    },
    limits: {
      set: (spec) => state.limiter.configure(spec),
      get: () => state.limiter.config,
      clear: () => state.limiter.clear(),
    },
    stats: () => ({ ...state.journal.stats(state.store), oauth: state.oauth.stats(), airbyte: state.airbyte.stats() }),
    /** Asana's OAuth token endpoint (/-/oauth_token): settings {expiresIn, rotate, failNext, delayMs} merge. */
    oauth: {
      set: (spec) => state.oauth.configure(spec),
      get: () => state.oauth.settings(),
      clear: () => state.oauth.clearSettings(),
      expire: () => state.oauth.expireAll(),
    },
    /** The Airbyte Agent API (/airbyte): settings {expiresIn, failNext}, tokens, connectors. */
    airbyte: {
      set: (spec) => state.airbyte.configure(spec),
      get: () => state.airbyte.settings(),
      clear: () => state.airbyte.clearSettings(),
      expire: () => state.airbyte.expireAll(),
      connectors: () => state.airbyte.listConnectors(),
      issueOAuthSecret: () => state.airbyte.issueOAuthSecret(),
    },
    expireOffsets: () => state.paginator.expireAll(),
    /** A valid call of every catalogue operation against a fresh seed: [{entity, action, params, skip?}]. */
    examples: () => exampleCalls(SEED),
    /** Ends delayed answers (they drop) and webhook deliveries under way; the sandbox still answers afterwards. */
    close() {
      closing.abort();
    },
  };
  return sandbox;
}

function tooLarge(max) {
  return { status: 413, headers: JSON_TYPE, body: JSON.stringify(errorBody(`Request body exceeds ${max} bytes`)) };
}

/** fetch's arguments as a Request; a path alone ("/api/1.0/users/me") is taken as Asana's. */
function toRequest(input, init) {
  const target = typeof input === "string" && input.startsWith("/") ? new URL(input, DEFAULT_ORIGIN) : input;
  if (target instanceof Request && init === undefined) return target;
  const streamed = init?.body != null && typeof init.body.getReader === "function" && init.duplex === undefined;
  return new Request(target, streamed ? { ...init, duplex: "half" } : init);
}

/** A sandbox answer as a Response, with the headers the Node server adds (CORS, Content-Length). */
function toResponse({ status, headers = {}, body = "" }, method) {
  if (status < 200 || status > 599) throw new TypeError("fetch failed", { cause: new Error(`the sandbox answered HTTP ${status}, which a Response cannot carry`) });
  const bytes = utf8(body);
  const all = new Headers({ ...CORS, ...headers });
  const empty = NULL_BODY.has(status);
  if (!empty) all.set("Content-Length", String(bytes.length));
  return new Response(empty || method === "HEAD" ? null : bytes, { status, statusText: STATUS_CODES[status] ?? "", headers: all });
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function abortable(promise, signal) {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason ?? new DOMException("This operation was aborted", "AbortError"));
    signal.addEventListener("abort", stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}
