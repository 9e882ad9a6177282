// A Cloudflare Worker serving Asana through asana-agent-connector: an MCP server for agents, a
// webhook receiver and a small JSON API for apps.
//
//   POST /mcp                                   MCP over Streamable HTTP, for callers with "Authorization: Bearer <MCP_SECRET>"
//   POST /webhooks/<name>                       Asana webhook target: the handshake, then signed deliveries only
//   GET  /api/webhook-events?name=              the last events received on /webhooks/<name>
//   GET  /api/health                            asana.check()
//   GET  /api/workspaces                        workspaces/list
//   GET  /api/projects?workspace=GID            projects/list (active projects)
//   GET  /api/tasks?project=GID&limit=&offset=  tasks/list; the next page's offset is meta.next_page.offset
//   POST /api/tasks                             tasks/create with the JSON body as the task's fields
//
// Bindings: ASANA_TOKEN (a secret: `wrangler secret put ASANA_TOKEN`), or OAuth instead:
// ASANA_REFRESH_TOKEN, ASANA_CLIENT_ID, ASANA_CLIENT_SECRET (secrets; the renewed tokens are kept
// in KV, so a rotated refresh token survives). MCP_SECRET (a secret): what MCP callers send as a
// bearer token. ASANA_KV (a KV namespace): webhook secrets, OAuth tokens, received events.
// ASANA_BASE_URL / ASANA_TOKEN_URL (optional, e.g. the local sandbox; default real Asana).
//
// Errors are JSON {error: {code, message}}. The status follows the connector's error: what Asana
// said (404, 403, 429...) when Asana answered, 400 for input the connector refused before sending,
// 502/504 when Asana could not be reached or answered badly, 500 when the Worker is misconfigured.
//
// One connector per request, on purpose: workerd forbids using an I/O object (a fetch promise, a
// stream, a pending timer) created by one request from another request, and a connector owns
// in-flight fetches and a concurrency queue. Constructing one is cheap (the wasm module is
// instantiated once, at module scope, by the package's workerd entry); plain data such as a
// cached list of gids could live at module scope safely, connectors and promises must not.

import { AsanaConnector, AsanaError } from "asana-agent-connector"; // the package's "workerd" entry

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8" };
const MAX_BODY_BYTES = 64 * 1024;

// Connector error codes without an HTTP status of their own.
const STATUS_BY_CODE = {
  invalid_config: 500, // the Worker's own settings (e.g. ASANA_TOKEN unset)
  unknown_entity: 400,
  unknown_action: 400,
  invalid_params: 400,
  permission: 403,
  not_found: 404,
  rate_limited: 429,
  network: 502,
  server: 502,
  bad_response: 502,
  http: 502,
  timeout: 504,
  aborted: 499,
  output_too_large: 413,
  not_supported: 501,
  hosted: 502,
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (url.pathname === "/mcp") return await (await connector(env)).mcpHandler({ authorize: (req) => bearerMatches(req, env.MCP_SECRET) })(request);
      if (url.pathname.startsWith("/webhooks/")) return await webhooks(env)(request);
      const route = ROUTES[url.pathname];
      if (!route) return errorResponse(404, "not_found", `No route ${url.pathname}. Try ${Object.keys(ROUTES).join(", ")} or /mcp.`);
      const handler = route[request.method] ?? (request.method === "HEAD" ? route.GET : undefined);
      if (!handler) {
        const allow = Object.keys(route).join(", ");
        return errorResponse(405, "method_not_allowed", `${request.method} is not allowed on ${url.pathname}; use ${allow}.`, { Allow: allow });
      }
      return await handler({ request, url, env });
    } catch (error) {
      return fromError(error);
    }
  },
};

const ROUTES = {
  "/": {
    GET: () => Response.json({
      name: "asana-agent-connector worker",
      routes: ["POST /mcp", "POST /webhooks/<name>", "GET /api/webhook-events?name=", "GET /api/health", "GET /api/workspaces", "GET /api/projects?workspace=", "GET /api/tasks?project=&limit=&offset=", "POST /api/tasks"],
    }),
  },
  "/api/health": {
    GET: async ({ env }) => {
      const result = await (await connector(env)).check(); // never throws
      return Response.json(result, { status: result.status === "ok" ? 200 : 503 });
    },
  },
  "/api/workspaces": {
    GET: async ({ url, env }) => Response.json(await (await connector(env)).execute("workspaces", "list", {
      limit: intParam(url, "limit", 50),
      offset: optional(url, "offset"),
    })),
  },
  "/api/projects": {
    GET: async ({ url, env }) => Response.json(await (await connector(env)).execute("projects", "list", {
      workspace: required(url, "workspace"),
      archived: false,
      limit: intParam(url, "limit", 50),
      offset: optional(url, "offset"),
    })),
  },
  "/api/webhook-events": {
    GET: async ({ url, env }) => Response.json((await env.ASANA_KV.get(`events:/webhooks/${required(url, "name")}`, "json")) ?? []),
  },
  "/api/tasks": {
    GET: async ({ url, env }) => Response.json(await (await connector(env)).execute("tasks", "list", {
      project: required(url, "project"),
      limit: intParam(url, "limit", 20),
      offset: optional(url, "offset"),
      opt_fields: ["name", "completed", "due_on", "assignee.name"],
    })),
    POST: async ({ request, env }) => {
      const task = await (await connector(env)).execute("tasks", "create", { data: await jsonBody(request) });
      return Response.json(task, { status: 201 });
    },
  },
};

/**
 * A fresh connector for this request (see the note at the top). With OAuth, the tokens last
 * renewed (kept in KV by onTokenRefresh) are used, so the Worker renews once per hour, not per request.
 */
async function connector(env) {
  const options = {
    ...(env.ASANA_BASE_URL ? { baseUrl: env.ASANA_BASE_URL } : {}),
    ...(env.ASANA_TOKEN_URL ? { tokenUrl: env.ASANA_TOKEN_URL } : {}),
    maxConcurrency: 6, // Workers allow six simultaneous outbound connections per request
  };
  if (!env.ASANA_REFRESH_TOKEN) return new AsanaConnector({ auth: { token: env.ASANA_TOKEN ?? "" }, ...options });
  const kept = (await env.ASANA_KV.get("oauth", "json")) ?? {};
  return new AsanaConnector({
    auth: {
      refreshToken: kept.refreshToken ?? env.ASANA_REFRESH_TOKEN,
      ...(kept.accessToken && { accessToken: kept.accessToken, expiresAt: kept.expiresAt }),
      ...(env.ASANA_CLIENT_ID && { clientId: env.ASANA_CLIENT_ID }),
      ...(env.ASANA_CLIENT_SECRET && { clientSecret: env.ASANA_CLIENT_SECRET }),
    },
    // The connector awaits this before the call goes on: the new tokens are in KV when it returns.
    onTokenRefresh: (tokens) => env.ASANA_KV.put("oauth", JSON.stringify(tokens)),
    ...options,
  });
}

/** Asana webhook targets under /webhooks/: secrets in KV by path, the last 50 events kept per path. */
function webhooks(env) {
  return AsanaConnector.webhookHandler({
    secrets: { get: (key) => env.ASANA_KV.get(`hook:${key}`), put: (key, secret) => env.ASANA_KV.put(`hook:${key}`, secret) },
    onEvents: async (events, request) => {
      const key = `events:${new URL(request.url).pathname}`;
      const seen = (await env.ASANA_KV.get(key, "json")) ?? [];
      await env.ASANA_KV.put(key, JSON.stringify([...seen, ...events].slice(-50)));
    },
  });
}

/** "Authorization: Bearer <secret>", compared in constant time; no secret configured admits no one. */
function bearerMatches(request, secret) {
  const given = new TextEncoder().encode(request.headers.get("Authorization") ?? "");
  const wanted = new TextEncoder().encode(`Bearer ${secret ?? ""}`);
  if (!secret || given.length !== wanted.length) return false;
  let difference = 0;
  for (let i = 0; i < given.length; i++) difference |= given[i] ^ wanted[i];
  return difference === 0;
}

function optional(url, name) {
  return url.searchParams.get(name) || undefined;
}

function required(url, name) {
  const value = url.searchParams.get(name);
  if (!value) throw new AsanaError({ code: "invalid_params", message: `The query parameter "${name}" is required (a gid, e.g. ?${name}=1201234567890).` });
  return value;
}

function intParam(url, name, fallback) {
  const text = url.searchParams.get(name);
  if (text === null || text === "") return fallback;
  if (!/^\d+$/.test(text)) throw new AsanaError({ code: "invalid_params", message: `"${name}" must be a whole number, got ${JSON.stringify(text)}.` });
  return Number(text); // the connector checks the range (1-100)
}

async function jsonBody(request) {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AsanaError({ code: "invalid_params", message: 'Send the task as JSON with "Content-Type: application/json", e.g. {"name": "...", "projects": ["<gid>"]}.' });
  }
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new AsanaError({ code: "invalid_params", message: `The body is larger than ${MAX_BODY_BYTES} bytes.` });
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AsanaError({ code: "invalid_params", message: "The body is not valid JSON." });
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new AsanaError({ code: "invalid_params", message: 'The body must be a JSON object of task fields, e.g. {"name": "...", "projects": ["<gid>"]}.' });
  }
  return body;
}

function fromError(error) {
  if (!(error instanceof AsanaError)) {
    console.error(error);
    return errorResponse(500, "internal", "The Worker failed unexpectedly.");
  }
  // Asana's own answer decides when there was one; otherwise the code does.
  const status = error.status >= 400 && error.status < 600 ? error.status : (STATUS_BY_CODE[error.code] ?? 500);
  const headers = error.retryAfterMs !== undefined ? { "Retry-After": String(Math.ceil(error.retryAfterMs / 1000)) } : {};
  return errorResponse(status, error.code, error.message, headers);
}

function errorResponse(status, code, message, headers = {}) {
  return new Response(JSON.stringify({ error: { code, message } }), { status, headers: { ...JSON_HEADERS, ...headers } });
}
