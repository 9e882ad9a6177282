// An Asana-compatible HTTP server for tests, demos and benchmarks (Node built-ins only).
//
//   import { startSandbox } from "./tests/sandbox/server.mjs";
//   const sandbox = await startSandbox();            // sandbox.apiUrl = http://127.0.0.1:PORT/api/1.0
//   // also: Asana's OAuth token endpoint at `${sandbox.url}/-/oauth_token` (oauth.mjs) and the
//   // Airbyte Agent API under `${sandbox.url}/airbyte` (airbyte/index.mjs), and attacks that need
//   // a real server (a gzip bomb, a redirect loop) under `${sandbox.url}/_hostile` (hostile.mjs)
//
//   node tests/sandbox/server.mjs [--port N] [--host H] [--static /=www --static /pkg=pkg]

import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { API_ROOT, answerApi } from "./api.mjs";
import { AIRBYTE_ROOT, Airbyte } from "./airbyte/index.mjs";
import { answerControl } from "./controls.mjs";
import { FaultQueue } from "./faults.mjs";
import { Files, serveStatic, staticMounts } from "./files.mjs";
import { answerHostile, HOSTILE_ROOT } from "./hostile.mjs";
import { EventLog } from "./events.mjs";
import { Journal, Violations } from "./journal.mjs";
import { JobSettings } from "./routes/jobs.mjs";
import { RateLimiter } from "./limits.mjs";
import { OAuthServer } from "./oauth.mjs";
import { Paginator } from "./paging.mjs";
import { SEED, seedStore } from "./seed.mjs";
import { ApiError, errorBody } from "./validate.mjs";
import { Webhooks } from "./webhooks.mjs";

export { SEED } from "./seed.mjs";

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "Retry-After, Content-Length, Content-Range, Content-Type, Location, Asana-Change, Content-Disposition, X-Hook-Secret",
};
const PREFLIGHT = {
  ...CORS,
  "Access-Control-Allow-Methods": "GET,POST,PUT,DELETE,OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept, Asana-Enable, Asana-Disable, Range, X-Organization-Id",
  "Access-Control-Max-Age": "600",
};
const MAX_BODY_BYTES = 1 << 20;
const MAX_UPLOAD_BYTES = 16 << 20; // multipart/form-data API requests (attachment uploads)
const FILES_ROUTE = "GET /_files/{attachment_gid}/{name}";

/**
 * Starts a sandbox. Options: port (0 = any free port), host, static ({urlPrefix: directory}),
 * offsetTtlMs (lifetime of pagination tokens), downloadTtlMs (lifetime of download URLs).
 */
export async function startSandbox({
  port = 0, host = "127.0.0.1", static: staticOption = {}, offsetTtlMs = 30 * 60_000, downloadTtlMs = 2 * 60_000,
} = {}) {
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
    webhooks: new Webhooks(closing.signal),
    jobs: new JobSettings(),
    closing: closing.signal,
  };
  const seedTokens = () => {
    state.events.seedToken(SEED.sync.website, SEED.projects.website);
    state.events.seedToken(SEED.sync.acme, SEED.workspaces.acme);
  };
  seedTokens();
  const mounts = staticMounts(staticOption);

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error("sandbox: request failed:", error);
      if (!res.headersSent) res.writeHead(500, CORS);
      res.end();
    });
  });

  async function handle(req, res) {
    if (req.method === "OPTIONS") {
      res.writeHead(204, PREFLIGHT).end();
      return;
    }
    const origin = `http://${req.headers.host ?? `${host}:${server.address().port}`}`;
    const url = new URL(req.url, origin);
    const { pathname } = url;
    if (pathname === API_ROOT || pathname.startsWith(`${API_ROOT}/`)) {
      const multipart = /^multipart\//i.test(req.headers["content-type"] ?? "");
      const rawBytes = await readBytes(req, multipart ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES);
      if (rawBytes === null) {
        send(req, res, tooLarge(multipart ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES));
        return;
      }
      const rawBody = rawBytes.toString("utf8");
      // Uploads are logged as a summary, not as their bytes.
      const entry = state.journal.record(req, url, multipart ? `[multipart/form-data, ${rawBytes.length} bytes]` : rawBody);
      const apiPath = pathname.slice(API_ROOT.length) || "/";
      const response = await answerApi(state, { req, url, apiPath, rawBody, rawBytes, entry, origin });
      state.journal.finish(entry, response.drop ? "dropped" : response.status);
      send(req, res, response);
      return;
    }
    if (pathname.startsWith("/_files/")) {
      const entry = state.journal.record(req, url, "");
      entry.route = FILES_ROUTE;
      const response = state.files.download(req, url, state.store);
      state.journal.finish(entry, response.status);
      send(req, res, response);
      return;
    }
    if (pathname.startsWith("/-/") || pathname === AIRBYTE_ROOT || pathname.startsWith(`${AIRBYTE_ROOT}/`)) {
      const rawBody = await readBody(req);
      if (rawBody === null) {
        send(req, res, tooLarge());
        return;
      }
      const entry = state.journal.record(req, url, rawBody);
      const request = { req, url, rawBody, entry, origin };
      const response = pathname.startsWith("/-/")
        ? await state.oauth.answer(request, state.store, state.closing)
        : await state.airbyte.answer(state, request);
      state.journal.finish(entry, response.drop ? "dropped" : response.status);
      send(req, res, response);
      return;
    }
    if (pathname.startsWith(`${HOSTILE_ROOT}/`)) {
      // Attacks that need a real server (hostile.mjs): a gzip bomb, a redirect loop.
      await readBody(req);
      send(req, res, answerHostile(req.method, url));
      return;
    }
    if (pathname.startsWith("/_sandbox/")) {
      const rawBody = await readBody(req);
      send(req, res, rawBody === null ? tooLarge() : await answerControl(sandbox, req.method, pathname, rawBody));
      return;
    }
    if (await serveStatic(mounts, req, res, url, CORS)) return;
    send(req, res, { status: 404, headers: { "Content-Type": "application/json; charset=UTF-8" },
      body: JSON.stringify(errorBody("No matching route for request")) });
  }

  // Longer than clients' own idle keep-alive (undici: 4 s), so a client never reuses a socket
  // the server is closing at that very moment ("other side closed" between bench sections).
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const boundPort = server.address().port;
  const publicHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${publicHost}:${boundPort}`;

  const sandbox = {
    url,
    apiUrl: `${url}${API_ROOT}`,
    port: boundPort,
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
    close() {
      closing.abort();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return sandbox;
}

/** The request body's bytes, or null when they exceed `max` (drained, so the connection stays usable). */
async function readBytes(req, max = MAX_BODY_BYTES) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size <= max) chunks.push(chunk);
  }
  return size > max ? null : Buffer.concat(chunks);
}

/** The request body as text, or null when it exceeds MAX_BODY_BYTES. */
async function readBody(req) {
  const bytes = await readBytes(req);
  return bytes === null ? null : bytes.toString("utf8");
}

function tooLarge(max = MAX_BODY_BYTES) {
  return { status: 413, headers: { "Content-Type": "application/json; charset=UTF-8" },
    body: JSON.stringify(errorBody(`Request body exceeds ${max} bytes`)) };
}

function send(req, res, response) {
  if (response.drop) {
    req.socket.destroy();
    return;
  }
  const body = response.body ?? "";
  res.writeHead(response.status, { ...CORS, ...response.headers, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

// ---- CLI ------------------------------------------------------------------------------------

function parseArgs(argv) {
  const options = { port: 0, host: "127.0.0.1", static: {} };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const equals = value?.indexOf("=") ?? -1;
    if (flag === "--port" && /^\d+$/.test(value ?? "")) options.port = Number(value);
    else if (flag === "--host" && value) options.host = value;
    else if (flag === "--static" && equals > 0) options.static[value.slice(0, equals)] = value.slice(equals + 1);
    else throw new Error(`Bad argument ${flag} ${value ?? ""}. Usage: server.mjs [--port N] [--host H] [--static /prefix=dir]...`);
    i += 1;
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sandbox = await startSandbox(parseArgs(process.argv.slice(2)));
  console.log(`sandbox listening on ${sandbox.url}`);
  const stop = () => sandbox.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
