// The Airbyte Agent API (hosted-mode.md, Part A), emulated under /airbyte so that
// airbyteApiUrl = `${sandbox.url}/airbyte`. Stateful and strict: application tokens expire,
// unknown properties are 422, and execute runs the operation for real against the sandbox's own
// Asana emulation (in-process, with the connector's stored PAT or OAuth refresh token).

import { answerApi, API_ROOT } from "../api.js";
import { OAuthError } from "../oauth.js";
import { SEED } from "../seed.js";
import { redactEntry } from "../secrets.js";
import { byteLength, randomBase64url, randomHex } from "../util.js";
import { badRequest } from "../validate.js";
import { contextStoreSearch } from "./context-store.js";
import {
  AirbyteError, invalid, JSON_HEADERS, notFound, optionalString, refuseUnknown, requireString,
} from "./errors.js";
import { OPERATIONS, resolveOperation, SEARCH_ACTION, SEARCHABLE } from "./operations.js";

export const AIRBYTE_ROOT = "/airbyte";

const A = SEED.airbyte;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULTS = { expiresIn: 900 };
const CONSENT_TTL_MS = 10 * 60_000;
/** The refresh token held by the seeded OAuth connector of twin-workspace (registered with the OAuth server). */
const TWIN_REFRESH_TOKEN = "sandbox-refresh-alice-airbyte";
const STAMP = "2026-01-15T10:00:00Z";

const DEFINITIONS = [
  { id: A.definitionId, name: "Asana", template: "7e3f1a20-5b6c-4d8e-9f0a-1b2c3d4e5f60", icon: "https://connectors.airbyte.com/files/metadata/airbyte/source-asana/latest/icon.svg" },
  { id: "c2281cee-86f9-4a86-bb48-d23286b4c7bd", name: "Slack", template: "7e3f1a20-5b6c-4d8e-9f0a-1b2c3d4e5f61", icon: "https://connectors.airbyte.com/files/metadata/airbyte/source-slack/latest/icon.svg" },
];
const ASANA = DEFINITIONS[0];
const WORKSPACES = [
  { name: A.workspace, id: "0a000000-0000-4000-8000-000000000001" },
  { name: A.ambiguousWorkspace, id: "0a000000-0000-4000-8000-000000000002" },
  { name: A.emptyWorkspace, id: "0a000000-0000-4000-8000-000000000003" },
];

const ASANA_CREDENTIAL_KEYS = ["token", "refresh_token", "client_id", "client_secret", "access_token", "option_title"];
const SCHEMES = "a personal access token {token} or OAuth {refresh_token, client_id?, client_secret?, access_token?}";

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const json = (status, payload, headers = {}) => ({ status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(payload) });
const connectorUuid = (n) => `a5a5a5a5-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const randomUuid = () => {
  const hex = randomHex(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

// ---- routes ------------------------------------------------------------------------------------

const ROUTES = [
  ["POST", "/api/v1/account/applications/token", "token", { auth: false }],
  ["GET", "/api/v1/integrations/connectors", "lookup"],
  ["POST", "/api/v1/integrations/connectors", "create"],
  ["POST", "/api/v1/integrations/connectors/oauth/initiate", "initiate"],
  ["GET", "/api/v1/integrations/connectors/{connector_id}", "get"],
  ["DELETE", "/api/v1/integrations/connectors/{connector_id}", "delete"],
  ["POST", "/api/v1/integrations/connectors/{connector_id}/execute", "execute"],
  ["GET", "/api/v1/integrations/definitions/sources", "definitions"],
  ["GET", "/consent/{state}", "consent", { auth: false, browser: true }],
].map(([method, pattern, name, options = {}]) => ({
  method, pattern, name, counter: name.endsWith("s") ? name : `${name}s`, ...options, regex: new RegExp(`^${pattern.replace(/\{\w+\}/g, "([^/]+)")}$`),
}));

/** {route, param} for a path under /airbyte; {methodNotAllowed} when only the method is wrong; null when unknown. */
function matchRoute(method, path) {
  let pathKnown = false;
  for (const route of ROUTES) {
    const m = route.regex.exec(path);
    if (!m) continue;
    if (route.method === method) {
      let param = m[1];
      try {
        param = param === undefined ? undefined : decodeURIComponent(param);
      } catch { /* keep it raw */ }
      return { route, param };
    }
    pathKnown = true;
  }
  return pathKnown ? { methodNotAllowed: true } : null;
}

/** failNext patterns: a path after /airbyte, as a prefix; "*" matches one path segment. */
function pathMatcher(path) {
  const bare = path.startsWith(AIRBYTE_ROOT + "/") ? path.slice(AIRBYTE_ROOT.length) : path;
  if (!bare.includes("*")) return (candidate) => candidate.startsWith(bare);
  const regex = new RegExp(`^${bare.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]+")}`);
  return (candidate) => regex.test(candidate);
}

// ---- state ---------------------------------------------------------------------------------------

export class Airbyte {
  /** `oauth` is the sandbox's OAuthServer (OAuth connectors refresh against it in-process). */
  constructor(oauth) {
    this.oauth = oauth;
    this.reset();
  }

  /** Seed connectors, no tokens, default settings, zeroed counters. Call after oauth.reset(). */
  reset() {
    this.config = { ...DEFAULTS };
    this.failures = [];
    this.tokens = new Map(); // application token -> {expiresAt}
    this.secrets = new Map(); // server_side_oauth_secret_id -> {refreshToken}
    this.consents = new Map(); // consent state -> {workspace, name, redirectUrl, expiresAt}
    this.connectors = new Map();
    this.nextConnector = 5;
    this.oauth.addRefreshToken(TWIN_REFRESH_TOKEN, SEED.users.alice);
    const seed = (id, workspace, name, credentials, definition = ASANA) => this.connectors.set(id, {
      id, name, workspace, definition, credentials, created_at: STAMP, updated_at: STAMP,
    });
    seed(A.connectorId, A.workspace, "Acme Asana", { kind: "pat", token: SEED.tokens.alice });
    seed(A.otherConnectorId, A.workspace, "Acme Slack", { kind: "other" }, DEFINITIONS[1]);
    seed(A.ambiguousConnectorIds[0], A.ambiguousWorkspace, "Asana (Bob)", { kind: "pat", token: SEED.tokens.bob });
    seed(A.ambiguousConnectorIds[1], A.ambiguousWorkspace, "Asana (Alice, OAuth)", { kind: "oauth", refreshToken: TWIN_REFRESH_TOKEN });
    this.counters = { requests: 0, tokens: 0, lookups: 0, creates: 0, executes: 0, initiates: 0, consents: 0, gets: 0, deletes: 0,
      definitions: 0, injected: 0, oauthRefreshes: 0, upstreamCalls: 0 };
  }

  /**
   * Settings: {expiresIn?: seconds for new application tokens (default 900),
   * failNext?: {path, status, times?: 1, method?, message?, retryAfter?} or a list of them}.
   */
  configure(spec) {
    if (!isObject(spec)) throw badRequest("Airbyte settings must be a JSON object");
    for (const key of Object.keys(spec)) if (!["expiresIn", "failNext"].includes(key)) throw badRequest(`${key}: Unknown Airbyte setting; use expiresIn, failNext`);
    const { expiresIn, failNext } = spec;
    if (expiresIn !== undefined && !(typeof expiresIn === "number" && Number.isFinite(expiresIn) && expiresIn >= 0)) {
      throw badRequest("expiresIn: Must be a non-negative number of seconds");
    }
    const failures = failNext === undefined ? [] : (Array.isArray(failNext) ? failNext : [failNext]).map(checkFailure);
    if (expiresIn !== undefined) this.config.expiresIn = expiresIn;
    this.failures.push(...failures);
    return this.settings();
  }

  settings() {
    return { ...this.config, failNext: this.failures.map(({ match, ...failure }) => failure) };
  }

  /** Restores default settings and drops queued failures. */
  clearSettings() {
    this.config = { ...DEFAULTS };
    this.failures = [];
  }

  /** Every application token issued so far expires now. */
  expireAll() {
    for (const token of this.tokens.values()) token.expiresAt = Math.min(token.expiresAt, Date.now() - 1);
  }

  stats() {
    return { ...this.counters, connectors: this.connectors.size };
  }

  /** The connectors, with the kind of credentials they hold but never the values. */
  listConnectors() {
    return [...this.connectors.values()].map((c) => ({ ...summary(c), workspace_name: c.workspace, definition_id: c.definition.id,
      credentials: c.credentials.kind }));
  }

  /** A server_side_oauth_secret_id, as the old consent callback handed back (single use). */
  issueOAuthSecret() {
    const secretId = randomUuid();
    this.secrets.set(secretId, { refreshToken: this.oauth.grantRefreshToken(SEED.users.alice) });
    return secretId;
  }

  #takeFailure(method, path) {
    const index = this.failures.findIndex((f) => (!f.method || f.method === method) && f.match(path));
    if (index < 0) return undefined;
    const failure = this.failures[index];
    if (--failure.remaining === 0) this.failures.splice(index, 1);
    return failure;
  }

  // ---- HTTP ---------------------------------------------------------------------------------------

  /** Answers a request under /airbyte; `state` is the sandbox's state, `request` = {req, url, rawBody, entry, origin}. */
  async answer(state, request) {
    const { req, url, rawBody, entry } = request;
    const path = url.pathname.slice(AIRBYTE_ROOT.length) || "/";
    this.counters.requests += 1;
    const organization = req.headers["x-organization-id"];
    entry.organizationId = organization ?? null;
    let parsed = null;
    if (rawBody) {
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        parsed = { unparsed: `${byteLength(rawBody)} bytes` };
      }
    }
    redactEntry(entry, url, parsed);
    const match = matchRoute(req.method, path);
    if (!match) return new AirbyteError(404, `Not Found: ${req.method} ${url.pathname}`).response();
    if (match.methodNotAllowed) return new AirbyteError(405, `Method Not Allowed: ${req.method} ${url.pathname}`).response();
    const { route, param } = match;
    entry.route = `${route.method} ${AIRBYTE_ROOT}${route.pattern}`;
    this.counters[route.counter] += 1;
    try {
      if (!route.browser && organization !== undefined && organization !== A.organizationId) {
        throw new AirbyteError(403, "X-Organization-Id does not match an organization these credentials can access",
          [{ field: "X-Organization-Id", message: "Unknown or inaccessible organization", error_code: "forbidden" }]);
      }
      const failure = this.#takeFailure(req.method, path);
      if (failure) {
        this.counters.injected += 1;
        const headers = failure.status === 429 ? { "Retry-After": String(failure.retryAfter ?? 1) } : {};
        throw new AirbyteError(failure.status, failure.message ?? `Injected failure (HTTP ${failure.status})`, [], headers);
      }
      if (route.auth !== false) this.#authenticate(req);
      const body = req.method === "POST" ? parseBody(req, rawBody) : undefined;
      return await this.#dispatch(route.name, state, request, { body, param });
    } catch (error) {
      if (error instanceof AirbyteError) return error.response();
      if (error.name === "AbortError") return { drop: true };
      throw error;
    }
  }

  #dispatch(name, state, request, args) {
    switch (name) {
      case "token": return this.#token(args.body);
      case "lookup": return this.#lookup(request.url);
      case "create": return this.#create(args.body);
      case "initiate": return this.#initiate(request, args.body);
      case "get": return json(200, this.#details(this.#connector(args.param)));
      case "delete": return this.#delete(args.param);
      case "execute": return this.#execute(state, request, this.#connector(args.param), args.body);
      case "definitions": return this.#definitions(request.url);
      case "consent": return this.#consent(request.url, args.param);
      default: throw new AirbyteError(404, "Not Found");
    }
  }

  #authenticate(req) {
    const header = req.headers.authorization;
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
    const known = token && this.tokens.get(token);
    if (!known) {
      const message = header === undefined ? "Missing Authorization header (Bearer application token)" : "Invalid bearer token";
      throw new AirbyteError(401, message, [{ field: "Authorization", message, error_code: "unauthorized" }]);
    }
    if (known.expiresAt <= Date.now()) {
      throw new AirbyteError(401, "Token has expired", [{ field: "Authorization", message: "Token has expired", error_code: "token_expired" }]);
    }
  }

  #token(body) {
    refuseUnknown(body, ["client_id", "client_secret"], "body.");
    const clientId = requireString(body, "client_id", "body.");
    const clientSecret = requireString(body, "client_secret", "body.");
    if (clientId !== A.clientId || clientSecret !== A.clientSecret) {
      throw new AirbyteError(401, "Invalid client credentials", [{ field: null, message: "Invalid client_id or client_secret", error_code: "invalid_client" }]);
    }
    const token = `sandbox-airbyte-token-${randomBase64url(24)}`;
    const expiresIn = this.config.expiresIn;
    this.tokens.set(token, { expiresAt: Date.now() + expiresIn * 1000 });
    return json(200, { access_token: token, token_type: "bearer", expires_in: expiresIn, organization_id: A.organizationId });
  }

  #workspace(name, id) {
    const workspace = WORKSPACES.find((w) => (name !== undefined ? w.name === name : w.id === id));
    if (!workspace) {
      const field = name !== undefined ? "workspace_name" : "workspace_id";
      throw notFound(`Workspace ${JSON.stringify(name ?? id)} not found in this organization`, field);
    }
    return workspace;
  }

  #connector(id) {
    const connector = this.connectors.get(id);
    if (!connector) throw notFound(`Connector ${JSON.stringify(id)} not found`, "connector_id");
    return connector;
  }

  #lookup(url) {
    const query = {};
    for (const [key, value] of url.searchParams) {
      if (Object.hasOwn(query, key)) throw invalid(`query.${key}`, "Must not be repeated");
      query[key] = value;
    }
    refuseUnknown(query, ["workspace_name", "workspace_id", "definition_id"], "query.");
    const workspaceName = optionalString(query, "workspace_name", "query.");
    const workspaceId = optionalString(query, "workspace_id", "query.");
    if ((workspaceName === undefined) === (workspaceId === undefined)) {
      throw invalid("query.workspace_name", workspaceName === undefined ? "Field required (or workspace_id)" : "Give workspace_name or workspace_id, not both", "missing");
    }
    const definitionId = optionalString(query, "definition_id", "query.");
    if (definitionId !== undefined && !UUID.test(definitionId)) throw invalid("query.definition_id", "Must be a UUID", "type_error");
    const workspace = this.#workspace(workspaceName, workspaceId);
    const data = [...this.connectors.values()]
      .filter((c) => c.workspace === workspace.name && (definitionId === undefined || c.definition.id === definitionId))
      .map(summary);
    return json(200, { data });
  }

  /** The definition named by exactly one of definition_id / connector_type (display name, any case). */
  #definition(body) {
    const definitionId = optionalString(body, "definition_id", "body.");
    const type = optionalString(body, "connector_type", "body.");
    if ((definitionId === undefined) === (type === undefined)) {
      throw invalid("body.definition_id", definitionId === undefined ? "Give definition_id or connector_type" : "Give definition_id or connector_type, not both", "missing");
    }
    const definition = DEFINITIONS.find((d) => (definitionId !== undefined ? d.id === definitionId : d.name.toLowerCase() === type.toLowerCase()));
    if (!definition) {
      if (definitionId !== undefined) throw invalid("body.definition_id", `Unknown connector definition ${definitionId}`, "unknown_definition");
      throw invalid("body.connector_type", `Unknown connector type ${JSON.stringify(type)}; use the display name, e.g. "Asana"`, "unknown_connector_type");
    }
    const template = optionalString(body, "source_template_id", "body.");
    if (template !== undefined && template !== definition.template) throw notFound(`Source template ${template} not found`, "source_template_id");
    return definition;
  }

  #create(body) {
    refuseUnknown(body, ["workspace_name", "definition_id", "connector_type", "name", "credentials", "server_side_oauth_secret_id",
      "replication_config", "source_template_id"], "body.");
    const workspaceName = requireString(body, "workspace_name", "body.");
    const name = requireString(body, "name", "body.");
    const definition = this.#definition(body);
    if (body.replication_config !== undefined && !isObject(body.replication_config)) throw invalid("body.replication_config", "Must be an object", "type_error");
    if ((body.credentials === undefined) === (body.server_side_oauth_secret_id === undefined)) {
      throw invalid("body.credentials", body.credentials === undefined ? "Give credentials or server_side_oauth_secret_id" : "Give credentials or server_side_oauth_secret_id, not both", "missing");
    }
    let credentials;
    if (body.credentials !== undefined) {
      if (!isObject(body.credentials)) throw invalid("body.credentials", "Must be an object", "type_error");
      credentials = definition === ASANA ? asanaCredentials(body.credentials) : { kind: "other" };
    } else {
      const secretId = requireString(body, "server_side_oauth_secret_id", "body.");
      const secret = this.secrets.get(secretId);
      if (!secret) throw invalid("body.server_side_oauth_secret_id", "Unknown or already used OAuth secret id", "unknown_secret");
      this.secrets.delete(secretId);
      credentials = { kind: "oauth", refreshToken: secret.refreshToken };
    }
    const workspace = this.#workspace(workspaceName);
    const connector = this.#add(workspace.name, name, definition, credentials);
    return json(201, this.#details(connector));
  }

  #add(workspace, name, definition, credentials) {
    const id = connectorUuid(this.nextConnector++);
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const connector = { id, name, workspace, definition, credentials, created_at: now, updated_at: now };
    this.connectors.set(id, connector);
    return connector;
  }

  #details(connector) {
    return { ...summary(connector), workspace_name: connector.workspace, definition_id: connector.definition.id };
  }

  #delete(id) {
    this.#connector(id);
    this.connectors.delete(id);
    return json(202, { job_id: randomUuid() });
  }

  #definitions(url) {
    const name = url.searchParams.get("name")?.toLowerCase();
    const data = DEFINITIONS.filter((d) => !name || d.name.toLowerCase().includes(name))
      .map((d) => ({ sourceDefinitionId: d.id, name: d.name, icon: d.icon }));
    return json(200, { data });
  }

  #initiate({ origin }, body) {
    refuseUnknown(body, ["workspace_name", "connector_type", "redirect_url", "name", "replication_config", "source_template_id",
      "oauth_input_configuration"], "body.");
    const workspaceName = requireString(body, "workspace_name", "body.");
    const type = requireString(body, "connector_type", "body.");
    const definition = this.#definition({ connector_type: type, source_template_id: body.source_template_id });
    if (definition !== ASANA) throw new AirbyteError(400, `No organization-specific source template supports OAuth for ${definition.name}`);
    const redirectUrl = requireString(body, "redirect_url", "body.");
    let parsedRedirect;
    try {
      parsedRedirect = new URL(redirectUrl);
    } catch {
      parsedRedirect = null;
    }
    if (!parsedRedirect || !/^https?:$/.test(parsedRedirect.protocol)) throw invalid("body.redirect_url", "Must be an absolute http(s) URL", "invalid_url");
    const name = optionalString(body, "name", "body.");
    for (const key of ["replication_config", "oauth_input_configuration"]) {
      if (body[key] !== undefined && !isObject(body[key])) throw invalid(`body.${key}`, "Must be an object", "type_error");
    }
    const workspace = this.#workspace(workspaceName);
    const state = randomBase64url(18);
    this.consents.set(state, { workspace: workspace.name, name, redirectUrl, expiresAt: Date.now() + CONSENT_TTL_MS });
    return json(200, { consent_url: `${origin}${AIRBYTE_ROOT}/consent/${state}` });
  }

  /**
   * The consent screen, approved at once: creates the connector (holding a fresh refresh token of
   * Alice's) and redirects to redirect_url?connector_id=…. `?outcome=secret` follows the old flow
   * (redirect with ?secret_id=… for server_side_oauth_secret_id); `?outcome=deny` redirects with an error.
   */
  #consent(url, state) {
    const consent = this.consents.get(state);
    this.consents.delete(state);
    if (!consent || consent.expiresAt < Date.now()) {
      return { status: 400, headers: { "Content-Type": "text/html; charset=utf-8" }, body: "<html><body><h1>This consent link is invalid or has expired.</h1></body></html>" };
    }
    const target = new URL(consent.redirectUrl);
    const outcome = url.searchParams.get("outcome") ?? "connector";
    if (outcome === "deny") {
      target.searchParams.set("error", "access_denied");
      target.searchParams.set("error_description", "The user denied access");
    } else if (outcome === "secret") {
      target.searchParams.set("secret_id", this.issueOAuthSecret());
    } else {
      const refreshToken = this.oauth.grantRefreshToken(SEED.users.alice);
      const connector = this.#add(consent.workspace, consent.name ?? "Asana", ASANA, { kind: "oauth", refreshToken });
      target.searchParams.set("connector_id", connector.id);
    }
    return { status: 302, headers: { Location: target.href, "Content-Type": "text/html; charset=utf-8" }, body: "" };
  }

  // ---- execute ------------------------------------------------------------------------------------

  async #execute(state, request, connector, body) {
    const started = performance.now();
    refuseUnknown(body, ["entity", "action", "params", "select_fields", "exclude_fields", "skip_truncation", "intent"], "body.");
    const entity = requireString(body, "entity", "body.");
    const action = requireString(body, "action", "body.");
    const params = body.params ?? {};
    if (!isObject(params)) throw invalid("body.params", "Must be an object (or null)", "type_error");
    for (const key of ["select_fields", "exclude_fields"]) {
      if (body[key] !== undefined && !(Array.isArray(body[key]) && body[key].every((f) => typeof f === "string" && f))) {
        throw invalid(`body.${key}`, "Must be a list of dotted field paths", "type_error");
      }
    }
    if (body.skip_truncation !== undefined && typeof body.skip_truncation !== "boolean") throw invalid("body.skip_truncation", "Must be a boolean", "type_error");
    if (body.intent !== undefined && typeof body.intent !== "string") throw invalid("body.intent", "Must be a string", "type_error");
    request.entry.execute = { connector_id: connector.id, entity, action };
    request.entry.upstream = [];
    if (connector.definition !== ASANA) throw new AirbyteError(400, `Connector ${connector.id} is a ${connector.definition.name} connector, not Asana`);

    const envelope = (result, connectorMetadata) => json(200, {
      status: "success",
      result: fieldFilter(result, body.select_fields, body.exclude_fields),
      connector_metadata: connectorMetadata,
      execution_metadata: { connector_instance_id: connector.id, execution_time_ms: Math.max(1, Math.round(performance.now() - started)) },
    });

    if (action === SEARCH_ACTION) {
      if (!SEARCHABLE[entity]) {
        if (!OPERATIONS[entity]) resolveOperation(entity, action, params); // throws unknown_entity
        throw invalid("action", `Entity ${entity} has no action ${SEARCH_ACTION}; searchable: ${Object.keys(SEARCHABLE).join(", ")}`, "unknown_action");
      }
      const me = await this.#connectorUser(state, connector);
      const env = { store: state.store, me, downloadUrl: (attachment) => state.files.downloadUrl(request.origin, attachment) };
      const { result, connector_metadata: metadata } = contextStoreSearch(env, entity, params);
      return envelope(result, metadata);
    }

    const call = resolveOperation(entity, action, params);
    const upstream = await this.#callAsana(state, request, connector, { method: call.op.method, apiPath: call.apiPath, query: call.query, body: call.body });
    if (call.op.download) return this.#download(state, request, upstream.json.data, call.extra);
    const data = upstream.json.data;
    if (call.op.list) {
      const next = upstream.json.next_page ?? null;
      return envelope(data, { has_next_page: Boolean(next), end_cursor: next?.offset ?? null });
    }
    return envelope(data ?? {}, null);
  }

  /** One Asana call with the connector's credentials (an OAuth connector refreshes, and retries once after a 401). */
  async #callAsana(state, request, connector, call) {
    let response = await this.#asanaOnce(state, request, await this.#accessToken(connector, false), call);
    if (response.status === 401 && connector.credentials.kind === "oauth") {
      response = await this.#asanaOnce(state, request, await this.#accessToken(connector, true), call);
    }
    if (response.status >= 200 && response.status < 300) return response;
    throw upstreamError(response);
  }

  async #asanaOnce(state, { origin, entry }, token, { method, apiPath, query, body }) {
    this.counters.upstreamCalls += 1;
    const search = query.toString();
    const url = new URL(`${origin}${API_ROOT}${apiPath}${search ? `?${search}` : ""}`);
    const rawBody = body === undefined ? "" : JSON.stringify(body);
    const req = { method, headers: { authorization: `Bearer ${token}`, ...(rawBody ? { "content-type": "application/json" } : {}) } };
    const response = await answerApi(state, { req, url, apiPath, rawBody, entry: { route: null }, origin });
    const log = { method, path: `${API_ROOT}${apiPath}`, query: Object.fromEntries(query), status: response.drop ? "dropped" : response.status };
    entry.upstream.push(log);
    if (response.drop) throw new AirbyteError(502, "The Asana API closed the connection without answering");
    let parsed;
    try {
      parsed = JSON.parse(response.body.toString());
    } catch {
      parsed = undefined;
    }
    if (response.status >= 200 && response.status < 300 && !isObject(parsed)) {
      throw new AirbyteError(502, `The Asana API answered HTTP ${response.status} with a body that is not JSON`);
    }
    return { status: response.status, headers: response.headers ?? {}, json: parsed };
  }

  /** The Asana bearer token for a connector: its PAT, or an OAuth access token (refreshed when missing or `force`d). */
  async #accessToken(connector, force) {
    const credentials = connector.credentials;
    if (credentials.kind === "pat") return credentials.token;
    if (credentials.accessToken && !force) return credentials.accessToken;
    let grant;
    try {
      this.counters.oauthRefreshes += 1;
      grant = this.oauth.refresh(credentials.refreshToken, { clientId: credentials.clientId, clientSecret: credentials.clientSecret });
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      const message = `Could not refresh the connector's Asana OAuth token: ${error.error}: ${error.message}`;
      throw new AirbyteError(400, message, [{ field: "credentials", message, error_code: "source_credentials_invalid" }]);
    }
    credentials.accessToken = grant.access_token;
    if (grant.refresh_token) credentials.refreshToken = grant.refresh_token;
    return grant.access_token;
  }

  /** The Asana user the connector's credentials act as (for Context Store visibility). */
  async #connectorUser(state, connector) {
    const userOf = (token) => state.store.tokens.get(token) ?? this.oauth.userFor(token);
    let user = userOf(await this.#accessToken(connector, false));
    if (!user && connector.credentials.kind === "oauth") user = userOf(await this.#accessToken(connector, true));
    if (!user) {
      const message = "The connector's Asana credentials were rejected (HTTP 401 Not Authorized)";
      throw new AirbyteError(400, message, [{ field: "credentials", message, error_code: "source_credentials_invalid" }]);
    }
    return user;
  }

  /** Second hop of attachments/download: the bytes behind download_url, with Range when range_header is given. */
  #download(state, { entry }, attachment, { range_header: range }) {
    if (!attachment?.download_url) {
      throw new AirbyteError(400, `Attachment ${attachment?.gid} is hosted externally (${attachment?.host}); it has no download_url`,
        [{ field: "params.attachment_gid", message: "Not downloadable", error_code: "not_downloadable" }]);
    }
    const fileUrl = new URL(attachment.download_url);
    const file = state.files.download({ method: "GET", headers: range === undefined ? {} : { range } }, fileUrl, state.store);
    entry.upstream.push({ method: "GET", path: fileUrl.pathname, query: {}, status: file.status });
    if (file.status === 416) throw new AirbyteError(416, `range_header ${JSON.stringify(range)} is not satisfiable`, [], { "Content-Range": file.headers["Content-Range"] });
    if (file.status >= 300) throw new AirbyteError(502, `Downloading the attachment failed (HTTP ${file.status})`);
    const headers = Object.fromEntries(Object.entries(file.headers).filter(([name]) => ["Content-Type", "Content-Disposition", "Content-Range", "Accept-Ranges"].includes(name)));
    return { status: file.status, headers, body: file.body };
  }
}

// ---- helpers --------------------------------------------------------------------------------------

function summary(connector) {
  const { definition } = connector;
  return {
    id: connector.id, name: connector.name,
    summarized_source_template: { id: definition.template, name: definition.name, actor_definition_id: definition.id, icon: definition.icon, mode: "default" },
    created_at: connector.created_at, updated_at: connector.updated_at,
  };
}

function checkFailure(spec) {
  if (!isObject(spec)) throw badRequest("failNext: Must be an object {path, status, times?, method?, message?, retryAfter?}");
  for (const key of Object.keys(spec)) {
    if (!["path", "status", "times", "method", "message", "retryAfter"].includes(key)) throw badRequest(`failNext.${key}: Unknown; use path, status, times, method, message, retryAfter`);
  }
  const { path, status, times = 1, method, message, retryAfter } = spec;
  if (typeof path !== "string" || !path.startsWith("/")) throw badRequest("failNext.path: Must be a path under /airbyte, e.g. /api/v1/integrations/connectors/*/execute");
  if (!(Number.isInteger(status) && status >= 400 && status <= 599)) throw badRequest("failNext.status: Must be an HTTP error status (400-599)");
  if (!(Number.isInteger(times) && times >= 1)) throw badRequest("failNext.times: Must be a positive integer");
  if (method !== undefined && typeof method !== "string") throw badRequest("failNext.method: Must be a string");
  if (message !== undefined && typeof message !== "string") throw badRequest("failNext.message: Must be a string");
  if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter >= 0)) throw badRequest("failNext.retryAfter: Must be a non-negative integer");
  return { path, status, times, ...(method ? { method: method.toUpperCase() } : {}), ...(message ? { message } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}), remaining: times, match: pathMatcher(path) };
}

/** Airbyte credentials for Asana: exactly one scheme, snake_case keys, non-empty strings. */
function asanaCredentials(credentials) {
  for (const [key, value] of Object.entries(credentials)) {
    if (!ASANA_CREDENTIAL_KEYS.includes(key)) {
      throw new AirbyteError(400, `credentials do not match any of the connector's auth schemes: unknown key ${JSON.stringify(key)}; expected ${SCHEMES}`,
        [{ field: `credentials.${key}`, message: "Unknown credential field", error_code: "invalid_credentials" }]);
    }
    if (typeof value !== "string" || value.trim() === "") {
      throw new AirbyteError(400, `credentials.${key} must be a non-empty string`, [{ field: `credentials.${key}`, message: "Must be a non-empty string", error_code: "invalid_credentials" }]);
    }
  }
  const { token, refresh_token: refreshToken, client_id: clientId, client_secret: clientSecret, access_token: accessToken } = credentials;
  if (token !== undefined && (refreshToken !== undefined || clientId !== undefined || clientSecret !== undefined || accessToken !== undefined)) {
    throw new AirbyteError(400, `credentials match more than one auth scheme; expected ${SCHEMES}`, [{ field: "credentials", message: "Ambiguous credentials", error_code: "invalid_credentials" }]);
  }
  if (token !== undefined) return { kind: "pat", token };
  if (refreshToken === undefined) {
    throw new AirbyteError(400, `credentials do not match any of the connector's auth schemes; expected ${SCHEMES}`, [{ field: "credentials", message: "No auth scheme matched", error_code: "invalid_credentials" }]);
  }
  return { kind: "oauth", refreshToken, clientId, clientSecret, accessToken };
}

/** JSON bodies only: a non-JSON content type, bad JSON or a non-object is a 422. */
function parseBody(req, rawBody) {
  if (rawBody === "") throw invalid("body", "Field required (send a JSON object)", "missing");
  if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
    throw invalid("body", "Must be JSON sent with Content-Type: application/json", "content_type");
  }
  let body;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw invalid("body", "Could not parse the body as JSON", "json_invalid");
  }
  if (!isObject(body)) throw invalid("body", "Must be a JSON object", "type_error");
  return body;
}

/** An Asana error answer as an Airbyte error: same status (401 → 400, the connector's credentials failed). */
function upstreamError(response) {
  const asanaErrors = Array.isArray(response.json?.errors) ? response.json.errors : [];
  const detail = asanaErrors.map((e) => e?.message).filter(Boolean).join("; ") || `HTTP ${response.status}`;
  const status = response.status === 401 ? 400 : response.status;
  const code = response.status === 401 ? "source_credentials_invalid" : `asana_${response.status}`;
  const errors = (asanaErrors.length ? asanaErrors : [{ message: detail }]).map((e) => ({ field: null, message: e?.message ?? detail, error_code: code }));
  const headers = response.headers["Retry-After"] !== undefined ? { "Retry-After": response.headers["Retry-After"] } : {};
  return new AirbyteError(status, `Asana API error (HTTP ${response.status}): ${detail}`, errors, headers);
}

/** select_fields (allow-list, wins) / exclude_fields (block-list) of dotted paths, applied to each record. */
function fieldFilter(result, select, exclude) {
  if (!select && !exclude) return result;
  const apply = (record) => {
    if (!isObject(record)) return record;
    if (select) {
      const out = {};
      for (const path of select) {
        const keys = path.split(".");
        const value = keys.reduce((v, k) => (v == null ? undefined : v[k]), record);
        if (value === undefined) continue;
        let node = out;
        keys.slice(0, -1).forEach((k) => { node = node[k] = isObject(node[k]) ? node[k] : {}; });
        node[keys.at(-1)] = value;
      }
      return out;
    }
    const copy = structuredClone(record);
    for (const path of exclude) {
      const keys = path.split(".");
      const parent = keys.slice(0, -1).reduce((v, k) => (v == null ? undefined : v[k]), copy);
      if (isObject(parent)) delete parent[keys.at(-1)];
    }
    return copy;
  };
  return Array.isArray(result) ? result.map(apply) : apply(result);
}
