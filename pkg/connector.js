// AsanaConnector: the JS face of the wasm core. It checks every value a caller hands over
// (copying it into plain JSON, so a Proxy or a throwing getter is an AsanaError, never a crash),
// then lets the driver run the call the core decides.

import { Core } from "./wasm/asana_agent_connector.js";
import { drive, NEVER, readStream } from "./driver.js";
import { AsanaError, describe, fieldsOf, fromCore, isAsanaError, viaCore } from "./error.js";
import { describeEntity, listEntities } from "./describe.js";
import { verifyWebhookSignature, webhookHandler } from "./webhooks.js";

const DEFAULT_MAX_OUTPUT_CHARS = 100_000;
const MAX_NAME_CHARS = 200;
/** Nesting and size bounds of what a caller may hand over (params, config, tool input). */
const MAX_DEPTH = 64;
const MAX_NODES = 100_000;
/** An MCP POST body past this is refused (413) before it is read further. */
const MAX_MCP_BODY_BYTES = 4 * 1024 * 1024;

// Options whose values are functions stay in JS; the core only learns that they are set.
const FUNCTION_OPTIONS = ["fetch", "onTokenRefresh", "onWarning", "getToken"];

const fail = (code, message) => new AsanaError({ code, message });

/**
 * A plain-JSON copy of `value`, read defensively: throwing getters, Proxies, cycles, symbols,
 * BigInts, functions and non-finite numbers become an AsanaError with `code`, naming the path.
 * `functions` lists top-level keys whose function values are kept aside instead. With `files`
 * (an array), the bytes of an upload (Blob, File, ArrayBuffer, typed array, ReadableStream) are
 * kept there and copied as `{"$file": index}`.
 */
function snapshot(value, what, code, functions = [], files = undefined) {
  const kept = {};
  let nodes = 0;
  const path = [];
  const onPath = new Set();
  const where = () => (path.length ? `${what}.${path.join(".")}` : what);
  const refuse = (why) => {
    throw fail(code, `The ${where()} ${why}.`);
  };
  const copy = (v, depth) => {
    if (++nodes > MAX_NODES) refuse(`is too large (over ${MAX_NODES} values)`);
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number") return Number.isFinite(v) ? v : refuse(`must be a finite number, not ${v}`);
    if (typeof v !== "object") return refuse(`must be a JSON value, not a ${typeof v}`);
    if (depth > MAX_DEPTH) refuse(`is nested more than ${MAX_DEPTH} levels deep`);
    if (onPath.has(v)) refuse("refers to itself (a cycle)");
    onPath.add(v);
    try {
      const bytes = files && upload(v);
      if (bytes) {
        files.push(bytes);
        return { $file: files.length - 1 };
      }
      if (typeof v.toJSON === "function") {
        const json = v.toJSON();
        if (json === v || (json !== null && typeof json === "object")) refuse("has a toJSON that does not give a JSON scalar");
        return copy(json, depth + 1);
      }
      if (Array.isArray(v)) {
        const length = v.length;
        if (!Number.isSafeInteger(length) || length > MAX_NODES) refuse("is too long");
        const out = new Array(length);
        for (let i = 0; i < length; i++) {
          path.push(String(i));
          const item = v[i];
          out[i] = item === undefined || typeof item === "function" ? refuse("holds a function or undefined") : copy(item, depth + 1);
          path.pop();
        }
        return out;
      }
      const out = {};
      for (const key of Object.keys(v)) {
        path.push(key.length > 40 ? `${key.slice(0, 40)}…` : key);
        const item = v[key];
        if (depth === 0 && functions.includes(key) && typeof item === "function") {
          kept[key] = item;
          out[key] = true;
        } else if (item !== undefined) {
          out[key] = typeof item === "function" ? refuse("must be a JSON value, not a function") : copy(item, depth + 1);
        }
        path.pop();
      }
      return out;
    } catch (error) {
      if (isAsanaError(error)) throw error;
      return refuse(`could not be read (${describe(error)})`);
    } finally {
      onPath.delete(v);
    }
  };
  const json = copy(value, 0);
  return { json, functions: kept };
}

/**
 * The bytes of an upload as a Blob (a stream stays a stream until it is sent), or undefined for
 * any other value. Typed arrays and buffers are copied now: the caller may reuse theirs.
 */
function upload(value) {
  if (typeof Blob !== "undefined" && value instanceof Blob) return value;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return new Blob([value.slice(0)]);
  if (typeof ReadableStream !== "undefined" && value instanceof ReadableStream) return value;
  return undefined;
}

/** `snapshot` of an options object: its copy must be an object too (a Date's toJSON gives a string or null). */
function snapshotOptions(value, what, code, functions) {
  const copy = snapshot(value, what, code, functions);
  if (!isPlainOptions(copy.json)) throw fail(code, `The ${what} must be an object of options.`);
  return copy;
}

/** An options object's own fields, read defensively (an absent one is `{}`). */
function options(value, what, code) {
  if (value === undefined || value === null) return {};
  if (!isPlainOptions(value)) throw fail(code, `The ${what} must be an object.`);
  try {
    return { ...value };
  } catch (error) {
    throw fail(code, `The ${what} could not be read (${describe(error)}).`);
  }
}

/** A per-call `timeoutMs`: a finite positive number, or absent. */
function callTimeout(value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 600_000) {
    throw fail("invalid_params", "\"timeoutMs\" must be an integer from 1 to 600000 (milliseconds).");
  }
  return value;
}

/**
 * The connector's own signal for one call, tied to the caller's. Only a real AbortSignal is
 * accepted; after this check only our own signal is read, so a hostile one cannot reach later.
 */
function callSignal(signal) {
  if (signal === undefined || signal === null) return { signal: NEVER, untie() {} };
  const own = new AbortController();
  const stop = () => own.abort();
  try {
    if (typeof AbortSignal === "undefined" || !(signal instanceof AbortSignal)) throw new TypeError("not an AbortSignal");
    const aborted = signal.aborted;
    if (typeof aborted !== "boolean") throw new TypeError("its aborted flag is not a boolean");
    if (aborted) own.abort();
    else signal.addEventListener("abort", stop, { once: true });
  } catch (error) {
    throw fail("invalid_params", `"signal" must be an AbortSignal (${describe(error)}).`);
  }
  const untie = () => {
    try {
      signal.removeEventListener("abort", stop);
    } catch {
      // A hostile signal's own failure; ours is no longer listened to anyway.
    }
  };
  return { signal: own.signal, untie };
}

function name(value, what) {
  if (typeof value !== "string") throw fail("invalid_params", `The ${what} must be a string; see listEntities().`);
  if (value.length > MAX_NAME_CHARS) throw fail("invalid_params", `The ${what} is longer than ${MAX_NAME_CHARS} characters; see listEntities() for the valid names.`);
  return value;
}

/** The error as a model should read it, with advice on whether to retry (never throws). */
function errorForModel(error) {
  const { code, message, retryable } = fieldsOf(fromCore(error));
  return JSON.parse(Core.forModel(code, message, retryable));
}

export class AsanaConnector {
  /** Receiving Asana webhooks (webhooks.js): a Request handler for the handshake and signed deliveries. */
  static webhookHandler = webhookHandler;
  /** Whether X-Hook-Signature is the hex HMAC-SHA256 of the raw body under the secret; never throws for bad input. */
  static verifyWebhookSignature = verifyWebhookSignature;

  #core;
  #hooks;
  #fetch;
  #onWarning;

  constructor(config) {
    if (!isPlainOptions(config)) throw fail("invalid_config", "The config must be an object such as { auth: { token } }.");
    const { json, functions } = snapshotOptions(config, "config", "invalid_config", FUNCTION_OPTIONS);
    for (const key of FUNCTION_OPTIONS) {
      if (json[key] !== undefined && functions[key] === undefined) throw fail("invalid_config", `"${key}" must be a function.`);
    }
    this.#core = viaCore(() => new Core(JSON.stringify(json), functions.onTokenRefresh !== undefined));
    this.#hooks = { onTokenRefresh: functions.onTokenRefresh, getToken: functions.getToken };
    this.#fetch = functions.fetch;
    this.#onWarning = warner(functions.onWarning);
  }

  /** "token", "oauth" or "hosted". */
  get mode() {
    return this.#core.mode();
  }

  /** Runs one call through the driver; `begin(now)` starts it in the core. */
  async #run(begin, signal, files) {
    const tied = callSignal(signal);
    try {
      const describe = (entity) => describeEntity(entity, this.#surface());
      const env = { core: this.#core, fetch: this.#fetch, hooks: this.#hooks, warn: this.#onWarning, signal: tied.signal, files, describe };
      return await drive(env, () => begin(Date.now()));
    } finally {
      tied.untie();
    }
  }

  /** Hosted mode: the connector id, looked up once by workspace name and kept; null locally. */
  async connectorId() {
    if (this.mode !== "hosted") return null;
    return this.#run((now) => this.#core.startConnectorId(now));
  }

  /** Creates a hosted Asana connector in Airbyte; resolves to { connectorId }. */
  static async createHosted(options) {
    return { connectorId: await admin(options, "createHosted", true) };
  }

  /** Starts Airbyte's server-side OAuth flow; resolves to { consentUrl }. */
  static async initiateOAuth(options) {
    return { consentUrl: await admin(options, "initiateOAuth", false) };
  }

  /** Runs one Asana operation; see listEntities() for what exists. */
  async execute(entity, action, params = {}, callOptions = {}) {
    name(entity, "entity");
    name(action, "action");
    const { signal, timeoutMs, wait } = options(callOptions, "call options", "invalid_params");
    const timeout = callTimeout(timeoutMs);
    const files = [];
    const { json } = snapshot(params ?? {}, "params", "invalid_params", [], files);
    const text = JSON.stringify(json);
    const waiting = wait === undefined ? undefined : JSON.stringify(snapshot(wait, "\"wait\" option", "invalid_params").json);
    return this.#run((now) => this.#core.start(entity, action, text, timeout, waiting, now), signal, files);
  }

  /** One entity's actions with their params and body fields (the data behind asana_describe). */
  describe(entity) {
    return describeEntity(viaCore(() => Core.checkEntity(name(entity, "entity"))), this.#surface());
  }

  /** The operations this connector offers, as the core decides them ("entity/action"). */
  #surface() {
    return JSON.parse(this.#core.surface());
  }

  /** Records of a list action, following meta.next_page for you, bounded. */
  async *paginate(entity, action, params = {}, pageOptions = {}) {
    const { maxPages = 10, maxItems = Infinity, signal, timeoutMs } = options(pageOptions, "paginate options", "invalid_params");
    if (action !== "list") throw fail("invalid_params", `paginate() follows list actions only, not "${String(name(action, "action"))}".`);
    for (const [key, value] of [["maxPages", maxPages], ["maxItems", maxItems]]) {
      if (typeof value !== "number" || !(value >= 1) || (value !== Infinity && !Number.isInteger(value))) throw fail("invalid_params", `"${key}" must be a positive integer.`);
    }
    const seen = new Set();
    let query = snapshot(params ?? {}, "params", "invalid_params").json;
    if (!isPlainOptions(query)) throw fail("invalid_params", "The params must be an object of the list action's params.");
    let items = 0;
    for (let pages = 0; pages < maxPages && items < maxItems; pages++) {
      let page;
      try {
        page = await this.execute(entity, action, query, { signal, timeoutMs });
      } catch (error) {
        // Asana's offsets expire; a 400 on a later page most often means that.
        if (query.offset === undefined || error.code !== "invalid_params" || error.status !== 400) throw error;
        const message = `${error.message} The page token (offset) may have expired: restart paginate() from the first page.`;
        throw new AsanaError({ ...error.toJSON(), message }, { cause: error });
      }
      const { data, meta } = page;
      for (const record of data) {
        if (items >= maxItems) return;
        items++;
        yield record;
      }
      const offset = meta?.next_page?.offset;
      if (!offset) return;
      if (seen.has(offset)) {
        throw fail("bad_response", `Asana returned the same next_page offset twice for ${entity}/list; stopped to avoid a loop.`);
      }
      seen.add(offset);
      query = { ...query, offset };
    }
  }

  /** A health check that never throws. */
  async check() {
    try {
      await this.execute("workspaces", "list", { limit: 1 });
      return { status: "ok" };
    } catch (error) {
      const { code, message } = fromCore(error);
      return { status: "error", error: { code, message } };
    }
  }

  /** The text a model needs to call the tool (a local, read-write connector's surface). */
  static toolDescription() {
    return Core.defaultToolDescription();
  }

  /** The text a model needs to call this connector's tool (mode- and readOnly-aware). */
  toolDescription() {
    return this.#core.toolDescription();
  }

  /**
   * The tool definition in a framework's shape: "json-schema", "openai" (chat; `{ api:
   * "responses" }` for the Responses API), "anthropic", "mcp" or "vercel".
   */
  tool(format = "json-schema", toolOptions = {}) {
    const { shape, runOptions } = toolShape(format, toolOptions, "tool options");
    const definition = JSON.parse(viaCore(() => this.#core.tool(shape)));
    if (format === "vercel") vercelTool(definition, (input) => this.runTool(input, runOptions));
    return definition;
  }

  /**
   * The three tools in a framework's shape, in this order: asana_read (reads only), asana_write
   * (writes and deletes; absent when readOnly) and asana_describe ({ entity }).
   */
  tools(format = "json-schema", toolOptions = {}) {
    const { shape, runOptions } = toolShape(format, toolOptions, "tools options");
    const definitions = JSON.parse(viaCore(() => this.#core.tools(shape)));
    const names = ["asana_read", "asana_write", "asana_describe"].filter((n) => n !== "asana_write" || definitions.length === 3);
    if (format === "vercel") definitions.forEach((d, i) => vercelTool(d, (input) => this.runTool({ name: names[i], arguments: input }, runOptions)));
    return definitions;
  }

  /** Runs a model's tool call; never throws: the result, or { error: { code, message, retryable } }. */
  async runTool(input, runOptions = {}) {
    try {
      const { maxOutputChars = DEFAULT_MAX_OUTPUT_CHARS, signal, timeoutMs } = options(runOptions, "runTool options", "invalid_params");
      const timeout = callTimeout(timeoutMs);
      const { json } = snapshot(input ?? null, "tool input", "invalid_params");
      const text = JSON.stringify(json);
      const result = await this.#run((now) => this.#core.startTool(text, timeout, now), signal);
      const output = JSON.stringify(result) ?? "";
      if (typeof maxOutputChars === "number" && output.length > maxOutputChars) viaCore(() => Core.guardOutput(output, maxOutputChars));
      return result;
    } catch (error) {
      return errorForModel(error);
    }
  }

  /**
   * A fetch-style handler serving this connector as a stateless MCP server (Streamable HTTP).
   * A request with an Origin that is neither loopback nor in `allowedOrigins` is refused (403)
   * before anything runs, as is one whose Host is not in `allowedHosts` when that is given;
   * `authorize(request)` returning false answers 401.
   */
  mcpHandler(handlerOptions = {}) {
    if (!isPlainOptions(handlerOptions)) throw fail("invalid_config", "The mcpHandler options must be an object.");
    const { json, functions } = snapshotOptions(handlerOptions, "mcpHandler options", "invalid_config", ["authorize"]);
    const { maxOutputChars = DEFAULT_MAX_OUTPUT_CHARS, authorize, allowedOrigins = [], allowedHosts, ...unknown } = json;
    const extra = Object.keys(unknown)[0];
    if (extra !== undefined) throw fail("invalid_config", `Unknown mcpHandler option "${extra.slice(0, MAX_NAME_CHARS)}"; it takes authorize, allowedOrigins, allowedHosts and maxOutputChars.`);
    if (authorize !== undefined && functions.authorize === undefined) throw fail("invalid_config", "\"authorize\" must be a function (request) => boolean | Promise<boolean>.");
    for (const [key, list] of [["allowedOrigins", allowedOrigins], ["allowedHosts", allowedHosts ?? []]]) {
      if (!Array.isArray(list) || !list.every((item) => typeof item === "string" && item.length > 0)) throw fail("invalid_config", `"${key}" must be a list of non-empty strings.`);
    }
    const origins = JSON.stringify(allowedOrigins);
    const hosts = allowedHosts === undefined ? undefined : JSON.stringify(allowedHosts);
    return async (request) => {
      let cors = {};
      try {
        const origin = request.headers.get("Origin") ?? undefined;
        const refused = Core.mcpAdmit(origin, request.headers.get("Host") ?? new URL(request.url).host, origins, hosts);
        if (refused) {
          const { status, message } = JSON.parse(refused);
          return mcpReply(rpcError(-32000, message), status);
        }
        // An admitted browser page may read the answers.
        if (origin) cors = { "Access-Control-Allow-Origin": origin, Vary: "Origin" };
        if (request.method === "OPTIONS") {
          return new Response(null, { status: 204, headers: { ...cors, "Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type, Authorization, Mcp-Protocol-Version, Mcp-Session-Id" } });
        }
        if (request.method !== "POST") return mcpReply(rpcError(-32000, "Method not allowed: POST JSON-RPC messages to this endpoint."), 405, { ...cors, Allow: "POST" });
        if (functions.authorize) {
          let allowed;
          try {
            allowed = await functions.authorize(request);
          } catch {
            // The check itself failed: nothing runs, and its error (which may hold a secret) is not shown.
            return mcpReply(rpcError(-32603, "Internal error: authorize(request) failed."), 500, cors);
          }
          if (allowed !== true) return mcpReply(rpcError(-32001, "Unauthorized: this MCP server needs credentials."), 401, { ...cors, "WWW-Authenticate": "Bearer" });
        }
        const body = await boundedText(request, MAX_MCP_BODY_BYTES);
        if (body === undefined) return mcpReply(rpcError(-32600, `The request body is larger than ${MAX_MCP_BODY_BYTES} bytes.`), 413, cors);
        const answer = await this.mcpAnswer(body, { maxOutputChars });
        return answer === undefined ? new Response(null, { status: 202, headers: cors }) : mcpReply(answer, 200, cors);
      } catch (error) {
        return mcpReply(rpcError(-32603, `Internal error: ${fromCore(error).message}`), 500, cors);
      }
    };
  }

  /**
   * The answer to one JSON-RPC message (or batch) of the MCP protocol, as a JSON value; undefined
   * for notifications. The transports (mcpHandler over HTTP, the stdio server) frame it.
   */
  async mcpAnswer(body, answerOptions = {}) {
    if (typeof body !== "string") throw fail("invalid_params", "mcpAnswer takes one JSON-RPC message (or batch) as text.");
    const { maxOutputChars = DEFAULT_MAX_OUTPUT_CHARS } = options(answerOptions, "mcpAnswer options", "invalid_params");
    const plan = JSON.parse(this.#core.mcp(body));
    const answers = [];
    for (const item of plan.replies) {
      if (item.answer) {
        answers.push(item.answer);
        continue;
      }
      const result = await this.runTool({ name: item.tool.name, arguments: item.tool.arguments }, { maxOutputChars });
      answers.push(JSON.parse(Core.mcpToolResult(JSON.stringify(item.tool.id), JSON.stringify(result))));
    }
    if (answers.length === 0) return undefined;
    return plan.batch ? answers : answers[0];
  }

  /**
   * Wraps an async `(entity, action, params)` function for agent frameworks, as the Python
   * decorator does: the tool description attached, AsanaErrors rethrown with advice for the
   * model, oversize output refused with `output_too_large` (never truncated).
   */
  static toolUtils(fn, utilOptions = {}) {
    if (typeof fn !== "function") throw fail("invalid_config", "toolUtils wraps a function (entity, action, params) => result.");
    const { maxOutputChars = DEFAULT_MAX_OUTPUT_CHARS, description = AsanaConnector.toolDescription() } = options(utilOptions, "toolUtils options", "invalid_config");
    const wrapped = async (entity, action, params) => {
      let result;
      try {
        result = await fn(entity, action, params);
      } catch (error) {
        if (!isAsanaError(error)) throw error; // a bug in the caller's code is not the model's to fix
        const { error: advice } = errorForModel(error);
        throw new AsanaError({ code: advice.code, message: advice.message, retryable: advice.retryable, status: fieldsOf(error).status }, { cause: error });
      }
      let output;
      try {
        output = JSON.stringify(result) ?? "";
      } catch (cause) {
        throw new AsanaError({ code: "bad_response", message: `The tool's result cannot be sent as JSON (${describe(cause)}).` }, { cause });
      }
      if (output.length > maxOutputChars) viaCore(() => Core.guardOutput(output, maxOutputChars));
      return result;
    };
    return Object.assign(wrapped, { toolName: "asana_execute", description });
  }

  /** Every entity, action and param of a local, read-write connector. */
  static listEntities() {
    return listEntities(JSON.parse(Core.defaultSurface()));
  }

  /** What this connector offers: hosted mode adds context_store_search; readOnly drops writes. */
  listEntities() {
    return listEntities(this.#surface());
  }

  toJSON() {
    return { type: "AsanaConnector", mode: this.mode };
  }
}

/** An object (not an array) that can be read at all: a revoked Proxy cannot. */
function isPlainOptions(value) {
  try {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** onWarning with AsanaError instances; a failing handler never fails the call. */
function warner(onWarning) {
  const handler = onWarning ?? ((warning) => console.warn(`asana-agent-connector: ${warning.message}`));
  return (json) => {
    try {
      handler(fromCore(json));
    } catch {
      // The warning was about something that did not fail the call; neither does this.
    }
  };
}

/** createHosted / initiateOAuth: one call on a core of its own. */
async function admin(adminOptions, what, create) {
  if (!isPlainOptions(adminOptions)) throw fail("invalid_config", `${what} takes an options object.`);
  const { json, functions } = snapshotOptions(adminOptions, `${what} options`, "invalid_config", ["fetch", "getToken"]);
  const core = viaCore(() => Core.admin(JSON.stringify(json), create));
  const warn = warner(undefined);
  return drive({ core, fetch: functions.fetch, hooks: { getToken: functions.getToken }, warn, signal: NEVER }, () => core.startAdmin(Date.now()));
}

/** The core's name for a tool format (`{ api: "responses" }` picks OpenAI's Responses shape), and the options left for runTool. */
function toolShape(format, toolOptions, what) {
  const { api, ...runOptions } = options(toolOptions, what, "invalid_params");
  if (typeof format !== "string") throw fail("invalid_params", "The tool format must be a string: json-schema, openai, anthropic, mcp or vercel.");
  return { shape: format === "openai" && api === "responses" ? "openai-responses" : format.slice(0, MAX_NAME_CHARS), runOptions };
}

/**
 * A Vercel AI SDK tool as `tool()` or `generateText({ tools })` take it as it is: `inputSchema` stays
 * plain JSON Schema (what JSON.stringify shows, what `jsonSchema()` wraps) and also carries, not
 * enumerable, what the SDK's own schemas have (its schema and validator marks, `jsonSchema`).
 */
function vercelTool(definition, execute) {
  const schema = definition.inputSchema;
  const plain = JSON.stringify(schema);
  Object.defineProperties(schema, {
    [Symbol.for("vercel.ai.schema")]: { value: true },
    [Symbol.for("vercel.ai.validator")]: { value: true },
    jsonSchema: { get: () => JSON.parse(plain) },
    validate: { value: undefined },
  });
  definition.execute = execute;
}

const rpcError = (code, message) => ({ jsonrpc: "2.0", id: null, error: { code, message } });
const mcpReply = (body, status, headers = {}) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

/** A request's body as text, or undefined once it passes `limit` bytes. */
async function boundedText(request, limit) {
  if (!request.body) return "";
  const read = await readStream(request.body, limit, false);
  if (read.failed !== undefined) throw new TypeError(`The request body could not be read: ${read.failed}.`);
  return read.tooLarge ? undefined : read.text;
}

export { AsanaError };
