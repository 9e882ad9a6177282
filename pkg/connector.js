// AsanaConnector: a thin JS face over the wasm core. It converts values (JSON text in and
// out, functions kept on this side) and adds what must be JS: async iteration.

import { Core } from "./wasm/asana_agent_connector.js";
import { AsanaError, fromCore, viaCore } from "./error.js";

const DEFAULT_MAX_OUTPUT_CHARS = 100_000;

// Options whose values are functions stay in JS; the core only learns that they are set.
const FUNCTION_OPTIONS = ["fetch", "onTokenRefresh", "onWarning", "getToken"];

/** Splits functions (handed to the core as hooks) from JSON-able options. */
function split(options, what) {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw configError(`The ${what} must be an object.`);
  }
  const plain = { ...options };
  const hooks = {};
  for (const key of FUNCTION_OPTIONS) {
    if (typeof plain[key] === "function") {
      hooks[key] = plain[key];
      plain[key] = true;
    } else if (plain[key] === true) {
      throw configError(`"${key}" must be a function.`);
    }
  }
  // The core reports warnings as JSON text; callers receive AsanaError instances.
  const onWarning = hooks.onWarning ?? ((warning) => console.warn(`asana-agent-connector: ${warning.message}`));
  hooks.onWarning = (json) => onWarning(fromCore(json));
  return { json: toJsonText(plain, what), hooks };
}

function configError(message) {
  return new AsanaError({ code: "invalid_config", message });
}

function toJsonText(value, what) {
  try {
    return JSON.stringify(value ?? {});
  } catch (cause) {
    throw new AsanaError({ code: "invalid_params", message: `The ${what} cannot be sent as JSON: ${cause.message}` }, { cause });
  }
}

/** The core checked the answer's structure; JSON.parse checks its values. */
function parseAnswer(text, what) {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new AsanaError({ code: "bad_response", message: `Asana's answer to ${what} could not be read: it is not valid JSON (${cause.message}).` }, { cause });
  }
}

export class AsanaConnector {
  #core;

  constructor(config) {
    const { json, hooks } = split(config, "config");
    this.#core = viaCore(() => new Core(json, hooks));
  }

  /** "token", "oauth" or "hosted". */
  get mode() {
    return this.#core.mode();
  }

  /** Hosted mode: the connector id, looked up once by workspace name and kept; null locally. */
  async connectorId() {
    return (await viaCore(() => this.#core.connectorId())) ?? null;
  }

  /** Creates a hosted Asana connector in Airbyte; resolves to { connectorId }. */
  static async createHosted(options) {
    const { json, hooks } = split(options, "createHosted options");
    return { connectorId: await viaCore(() => Core.admin(json, hooks, true)) };
  }

  /** Starts Airbyte's server-side OAuth flow; resolves to { consentUrl }. */
  static async initiateOAuth(options) {
    const { json, hooks } = split(options, "initiateOAuth options");
    return { consentUrl: await viaCore(() => Core.admin(json, hooks, false)) };
  }

  /** Runs one Asana operation; see listEntities() for what exists. */
  async execute(entity, action, params = {}, options = {}) {
    const { signal, timeoutMs } = options ?? {};
    const json = toJsonText(params, "params");
    const out = await viaCore(() => this.#core.execute(String(entity), String(action), json, timeoutMs, signal));
    return typeof out === "string" ? parseAnswer(out, `${entity}/${action}`) : out;
  }

  /** Records of a list action, following meta.next_page for you, bounded. */
  async *paginate(entity, action, params = {}, options = {}) {
    const { maxPages = 10, maxItems = Infinity, signal, timeoutMs } = options ?? {};
    if (action !== "list") {
      throw new AsanaError({ code: "invalid_params", message: `paginate() follows list actions only, not "${action}".` });
    }
    const seen = new Set();
    let query = { ...params };
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
        throw new AsanaError({ code: "bad_response", message: `Asana returned the same next_page offset twice for ${entity}/list; stopped to avoid a loop.` });
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
  tool(format = "json-schema", options = {}) {
    const name = format === "openai" && options?.api === "responses" ? "openai-responses" : String(format);
    const definition = JSON.parse(viaCore(() => this.#core.tool(name)));
    if (format === "vercel") definition.execute = (input) => this.runTool(input, options);
    return definition;
  }

  /** Runs a model's tool call; never throws: the result, or { error: { code, message, retryable } }. */
  async runTool(input, options = {}) {
    const { maxOutputChars = DEFAULT_MAX_OUTPUT_CHARS, signal, timeoutMs } = options ?? {};
    let json;
    try {
      json = JSON.stringify(input ?? null);
    } catch {
      json = "null";
    }
    const text = await this.#core.runTool(json, maxOutputChars, timeoutMs, signal);
    try {
      return parseAnswer(text, "the tool call");
    } catch (error) {
      return { error: { code: error.code, message: error.message, retryable: false } };
    }
  }

  /** A fetch-style handler serving this connector as a stateless MCP server (Streamable HTTP). */
  mcpHandler(options = {}) {
    const { maxOutputChars = DEFAULT_MAX_OUTPUT_CHARS } = options ?? {};
    return async (request) => {
      if (request.method !== "POST") {
        const body = { jsonrpc: "2.0", id: null, error: { code: -32000, message: "Method not allowed: POST JSON-RPC messages to this endpoint." } };
        return Response.json(body, { status: 405, headers: { Allow: "POST" } });
      }
      const answer = await this.#core.mcp(await request.text(), maxOutputChars);
      if (answer === undefined || answer === null) return new Response(null, { status: 202 });
      return new Response(answer, { headers: { "Content-Type": "application/json" } });
    };
  }

  /**
   * Wraps an async `(entity, action, params)` function for agent frameworks, as the Python
   * decorator does: the tool description attached, AsanaErrors rethrown with advice for the
   * model, oversize output refused with `output_too_large` (never truncated).
   */
  static toolUtils(fn, options = {}) {
    if (typeof fn !== "function") throw configError("toolUtils wraps a function (entity, action, params) => result.");
    const { maxOutputChars = DEFAULT_MAX_OUTPUT_CHARS, description = AsanaConnector.toolDescription() } = options ?? {};
    const wrapped = async (entity, action, params) => {
      let result;
      try {
        result = await fn(entity, action, params);
      } catch (error) {
        if (!(error instanceof AsanaError)) throw error; // a bug in the caller's code is not the model's to fix
        const { error: advice } = JSON.parse(Core.forModel(error.code, error.message));
        throw new AsanaError({ ...error.toJSON(), message: advice.message, retryable: advice.retryable }, { cause: error });
      }
      viaCore(() => Core.guardOutput(JSON.stringify(result) ?? "", maxOutputChars));
      return result;
    };
    return Object.assign(wrapped, { toolName: "asana_execute", description });
  }

  /** Every entity, action and param of a local, read-write connector. */
  static listEntities() {
    return JSON.parse(Core.defaultEntities());
  }

  /** What this connector offers: hosted mode adds context_store_search; readOnly drops writes. */
  listEntities() {
    return JSON.parse(this.#core.listEntities());
  }

  toJSON() {
    return { type: "AsanaConnector", mode: this.mode };
  }
}

export { AsanaError };
