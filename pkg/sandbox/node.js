/* @ts-self-types="./node.d.ts" */
// The sandbox as a local HTTP server (Node only: node:http, and node:fs for static files), over
// the same core as createSandbox().fetch (sandbox.js).
//
//   import { startSandbox, SEED } from "asana-agent-connector/sandbox/node";
//   const sandbox = await startSandbox();            // sandbox.apiUrl = http://127.0.0.1:PORT/api/1.0
//   new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: sandbox.apiUrl, tokenUrl: `${sandbox.url}/-/oauth_token` });
//   await sandbox.close();

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, resolve, sep } from "node:path";
import { API_ROOT } from "./api.js";
import { CORS, createSandbox, MAX_BODY_BYTES } from "./sandbox.js";

export { createSandbox, SEED } from "./sandbox.js";
export { exampleCalls } from "./examples.js";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json; charset=utf-8", ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm", ".ts": "text/plain; charset=utf-8" /* .d.ts */, ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".pdf": "application/pdf",
};

/**
 * Starts a sandbox server. Options: port (0 = any free port), host, static ({urlPrefix: directory}),
 * offsetTtlMs (lifetime of pagination tokens), downloadTtlMs (lifetime of download URLs),
 * webhookFetch (delivers webhooks; see createSandbox), routes
 * ({urlPrefix: ({method, url, headers}) => {status, headers?, body?} | Promise of it}: extra routes,
 * answered before the sandbox's own).
 */
export async function startSandbox({
  port = 0, host = "127.0.0.1", static: staticOption = {}, offsetTtlMs, downloadTtlMs, webhookFetch, routes = {},
} = {}) {
  const core = createSandbox({ offsetTtlMs, downloadTtlMs, webhookFetch });
  const mounts = staticMounts(staticOption);
  const extra = Object.entries(routes).map(([prefix, handler]) => ({ prefix: prefix.replace(/\/+$/, ""), handler }));

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error("sandbox: request failed:", error);
      if (!res.headersSent) res.writeHead(500, CORS);
      res.end();
    });
  });

  async function handle(req, res) {
    const origin = `http://${req.headers.host ?? `${host}:${server.address().port}`}`;
    const url = new URL(req.url, origin);
    const { pathname } = url;
    const route = req.method === "OPTIONS" ? undefined : extra.find(({ prefix }) => pathname === prefix || pathname.startsWith(`${prefix}/`));
    if (route) {
      await readBytes(req);
      send(req, res, await route.handler({ method: req.method, url, headers: req.headers }));
      return;
    }
    if (req.method === "OPTIONS" || core.handles(pathname)) {
      const body = await readBytes(req, core.bodyLimit(pathname, req.headers["content-type"]));
      send(req, res, await core.answer({ method: req.method, url, headers: req.headers, body, origin }));
      return;
    }
    if (await serveStatic(mounts, req, res, url, CORS)) return;
    send(req, res, await core.answer({ method: req.method, url, headers: req.headers, origin }));
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

  // Every member of the core (its `store` getter included), plus the server's own.
  const sandbox = Object.defineProperties({}, Object.getOwnPropertyDescriptors(core));
  Object.assign(sandbox, {
    url,
    apiUrl: `${url}${API_ROOT}`,
    tokenUrl: `${url}/-/oauth_token`,
    airbyteApiUrl: `${url}/airbyte`,
    port: boundPort,
    close() {
      core.close();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  });
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

function send(req, res, response) {
  if (response.drop) {
    req.socket.destroy();
    return;
  }
  const body = response.body ?? "";
  res.writeHead(response.status, { ...CORS, ...response.headers, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/** Static mounts {"/": "www", "/pkg": "pkg"} -> longest prefix first, directories absolute. */
function staticMounts(mounts) {
  return Object.entries(mounts)
    .map(([prefix, dir]) => ({ prefix: prefix.replace(/\/+$/, ""), dir: resolve(dir) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
}

/** Serves a file from the first matching mount; resolves to false when no mount or file matches. */
async function serveStatic(mounts, req, res, url, baseHeaders) {
  const mount = mounts.find(({ prefix }) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
  if (!mount || (req.method !== "GET" && req.method !== "HEAD")) return false;
  let relative;
  try {
    relative = decodeURIComponent(url.pathname.slice(mount.prefix.length));
  } catch {
    return false;
  }
  let file = resolve(mount.dir, `.${relative}`);
  if (file !== mount.dir && !file.startsWith(mount.dir + sep)) return false; // no traversal out of the mount
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!url.pathname.endsWith("/")) {
      res.writeHead(301, { ...baseHeaders, Location: `${url.pathname}/${url.search}` }).end();
      return true;
    }
    file = resolve(file, "index.html");
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return false;
  const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
  res.writeHead(200, { ...baseHeaders, "Content-Type": type, "Content-Length": info.size, "Cache-Control": "no-store" });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
  return true;
}
