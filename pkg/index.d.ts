// Types of the public surface (shared/design/api.md). The catalogue's types (every operation's
// params and result, Asana's record schemas) are generated into operations.d.ts by
// tools/gen-catalog; this file holds the hand-written rest and ties them to `execute`.

import type {
  Action,
  Entity,
  EventResponse,
  Item,
  JobAction,
  JsonParams,
  PageActions,
  PageEntity,
  Params,
  Result,
} from "./operations.d.ts";

export type * from "./operations.d.ts";

export type ErrorCode =
  | "invalid_config" | "unknown_entity" | "unknown_action" | "invalid_params" | "authentication"
  | "permission" | "not_found" | "premium_required" | "rate_limited" | "server" | "network"
  | "timeout" | "aborted" | "hosted" | "not_supported" | "http" | "bad_response" | "output_too_large";

/** Asana's error item, kept in `details` for HTTP errors. */
export interface AsanaErrorItem {
  message: string;
  help?: string;
  phrase?: string;
}

export declare class AsanaError extends Error {
  readonly name: "AsanaError";
  readonly code: ErrorCode;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  /** Asana's `errors[]`, or the list of valid choices. */
  readonly details?: AsanaErrorItem[] | string[] | Record<string, unknown>;
  toJSON(): Record<string, unknown>;
}

// ---- Calls ----

export interface CallOptions {
  signal?: AbortSignal;
  /** Per-attempt timeout; default the connector's `timeoutMs` (30 s). */
  timeoutMs?: number;
}

/** How long and how often to poll `jobs`/`get` for a job an operation started. */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/** The options of an operation that starts an Asana job (duplicate, instantiate, save as template, exports). */
export interface JobCallOptions extends CallOptions {
  /** Poll the job until it finishes and resolve to the finished job; rejects with `timeout` naming the job's gid. */
  wait?: WaitOptions;
}

/** The call options of `E`/`A`: `wait` only where the operation starts a job. */
export type ExecuteOptions<E extends Entity, A extends Action<E>> = A extends JobAction<E> ? JobCallOptions : CallOptions;

/**
 * `execute`'s params and options: the params may be left out only when none is required. (When
 * the entity or action is not one, this leaves the params alone, so that tsc reports the name.)
 */
export type ExecuteArgs<E extends Entity, A extends Action<E>> = [Params<E, A>] extends [never]
  ? [params?: unknown, options?: CallOptions]
  : {} extends Params<E, A>
  ? [params?: Params<E, A>, options?: ExecuteOptions<E, A>]
  : [params: Params<E, A>, options?: ExecuteOptions<E, A>];

export interface PaginateOptions extends CallOptions {
  /** Default 10: edge runtimes allow few subrequests. */
  maxPages?: number;
  maxItems?: number;
}

/** `paginate`'s params and options: the params may be left out only when none is required. */
export type PaginateArgs<E extends PageEntity, A extends Action<E>> = [Params<E, A>] extends [never]
  ? [params?: unknown, options?: PaginateOptions]
  : {} extends Params<E, A>
  ? [params?: Params<E, A>, options?: PaginateOptions]
  : [params: Params<E, A>, options?: PaginateOptions];

// ---- Configuration (no catch-all: a misspelt key is a compile error, as it is `invalid_config` at run time) ----

export interface TokenAuth {
  token: string;
}

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt?: number;
}

interface OAuthFields {
  accessToken?: string;
  /** snake_case spelling of `accessToken`. */
  access_token?: string;
  clientId?: string;
  /** snake_case spelling of `clientId`. */
  client_id?: string;
  clientSecret?: string;
  /** snake_case spelling of `clientSecret`. */
  client_secret?: string;
  /** Epoch milliseconds. */
  expiresAt?: number;
}

/** OAuth 2 with automatic renewal: the refresh token is the only required field. */
export type OAuthAuth = OAuthFields & ({ refreshToken: string; refresh_token?: never } | { refresh_token: string; refreshToken?: never });

export interface CommonOptions {
  baseUrl?: string;
  tokenUrl?: string;
  airbyteApiUrl?: string;
  timeoutMs?: number;
  retry?: { maxAttempts?: number; maxDelayMs?: number };
  maxConcurrency?: number;
  asanaEnable?: string[];
  asanaDisable?: string[];
  /** Refuse writes and deletes before any request. */
  readOnly?: boolean;
  /** An answer body (after decompression) past this many bytes is cancelled: `bad_response`. Default 32 MiB. */
  maxResponseBytes?: number;
  /** A fetch implementation to use instead of the global one (for tests: `createSandbox().fetch` from "asana-agent-connector/sandbox"). */
  fetch?: typeof fetch;
  onWarning?: (error: AsanaError) => void;
}

interface LocalOptions extends CommonOptions {
  onTokenRefresh?: (tokens: OAuthTokens) => void | Promise<void>;
}

/** A personal access token or OAuth: `auth` (or its snake_case spelling `auth_config`). */
export type LocalConfig = LocalOptions & ({ auth: TokenAuth | OAuthAuth; auth_config?: never } | { auth_config: TokenAuth | OAuthAuth; auth?: never });

/** Who the Airbyte API acts for and with which credentials; snake_case spellings of the original Python docs too. */
interface AirbyteIdentity {
  externalUserId?: string;
  external_user_id?: string;
  /** Alias of `externalUserId`. */
  workspaceName?: string;
  workspace_name?: string;
  /** Alias of `externalUserId`. */
  customerName?: string;
  customer_name?: string;
  airbyteClientId?: string;
  airbyte_client_id?: string;
  airbyteClientSecret?: string;
  airbyte_client_secret?: string;
  organizationId?: string;
  organization_id?: string;
  /** Instead of the client id and secret: an Airbyte application token from elsewhere. */
  getToken?: () => Promise<string>;
}

/** Hosted execution through the Airbyte API. */
export interface HostedConfig extends CommonOptions, AirbyteIdentity {
  /** Skips the lookup by workspace name. */
  connectorId?: string;
  connector_id?: string;
  auth?: never;
  auth_config?: never;
}

export type ConnectorConfig = LocalConfig | HostedConfig;

// ---- Describing the catalogue ----

export interface ParamInfo {
  name: string;
  in: "path" | "query" | "body" | "header" | "form" | "hosted";
  required: boolean;
  type: "string" | "integer" | "number" | "boolean" | "array" | "object" | "any" | "file";
  description: string;
  enum?: string[];
  items?: { type: "string" };
  /** For `data`: the fields of the write body. */
  fields?: ParamInfo[];
}

export interface ActionInfo<A extends string = string> {
  action: A;
  description: string;
  /** Still callable; left out of tool descriptions. */
  deprecated?: true;
  params: ParamInfo[];
}

/** `describe(entity)`: one entity's actions with their params. */
export interface EntityDescription<E extends Entity = Entity> {
  entity: E;
  description: string;
  actions: ActionInfo<Action<E>>[];
}

/** One entry of `listEntities()`. */
export type EntityInfo = EntityDescription;

export type CheckResult = { status: "ok" } | { status: "error"; error: { code: ErrorCode; message: string } };

// ---- Agent tools ----

export type ToolFormat = "json-schema" | "openai" | "anthropic" | "mcp" | "vercel";

/** `tool(format)` is the single `asana_execute`; `tools(format)` gives the other three. */
export type ToolName = "asana_execute" | "asana_read" | "asana_write" | "asana_describe";

/** What runTool resolves to when the call failed. */
export interface ToolError {
  error: { code: ErrorCode; message: string; retryable: boolean };
}

/** What runTool resolves to: the operation's result (a JSON object), or a ToolError. */
export type ToolResult = ({ [key: string]: unknown; error?: undefined }) | ToolError;

export interface ToolOptions extends CallOptions {
  /** Output longer than this (JSON characters) is refused with advice; default 100,000; 0 disables. */
  maxOutputChars?: number;
}

/** A tool's input schema (a type literal, so the SDKs' `{ [key: string]: unknown }` parameters accept it). */
export type JsonSchemaObject = {
  type: "object";
  properties: Record<string, unknown>;
  required: string[];
  additionalProperties: boolean;
};

/** OpenAI Chat Completions' function tool. */
export interface OpenAIChatTool<N extends ToolName = "asana_execute"> {
  type: "function";
  function: { name: N; description: string; parameters: JsonSchemaObject; strict: true };
}

/** OpenAI Responses API's function tool (`tool("openai", { api: "responses" })`). */
export interface OpenAIResponsesTool<N extends ToolName = "asana_execute"> {
  type: "function";
  name: N;
  description: string;
  parameters: JsonSchemaObject;
  strict: true;
}

/** The arguments a tool call carries: `{ entity, action, params }` (`asana_describe`: `{ entity }`). */
export interface ToolArguments {
  entity?: Entity | (string & {});
  action?: string;
  /** An object, or its JSON text (OpenAI strict mode). */
  params?: Record<string, unknown> | string;
}

/** `asana_execute`'s input. */
export interface ExecuteToolInput {
  entity: Entity | (string & {});
  action: string;
  /** An object, or its JSON text (OpenAI strict mode). */
  params?: Record<string, unknown> | string;
}

/**
 * A call of any of the tools: `asana_execute`'s plain `{ entity, action, params }`, or a named
 * call as frameworks hand it over (`{ name, arguments }`, `{ name, input }`, `{ tool: name, ... }`).
 * runTool also takes a value of unknown type (what SDKs hand over): it checks everything at run time.
 */
export type ToolInput =
  | ExecuteToolInput
  | { name: ToolName; arguments: ToolArguments | string }
  | { name: ToolName; input: ToolArguments | string }
  | ({ tool: ToolName } & ToolArguments);

/** Tool definitions per format, named `N`. */
export interface ToolDefinitions<N extends ToolName = "asana_execute"> {
  "json-schema": { name: N; description: string; inputSchema: JsonSchemaObject };
  openai: OpenAIChatTool<N>;
  anthropic: { name: N; description: string; input_schema: JsonSchemaObject };
  mcp: {
    name: N;
    title: string;
    description: string;
    inputSchema: JsonSchemaObject;
    annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
  };
  /**
   * `inputSchema` is plain JSON Schema that is also the AI SDK's own schema object at run time, so
   * `generateText({ tools: { asana: asana.tool("vercel") } })` takes it as it is. Its type is left
   * open: the SDK's schema type is keyed by a symbol only its own declarations can name.
   */
  vercel: { description: string; inputSchema: any; execute: (input: ToolArguments) => Promise<ToolResult> };
}

export interface ToolFormatOptions extends ToolOptions {
  /** OpenAI only: Chat Completions (default) or the Responses API. */
  api?: "chat" | "responses";
}

export interface ToolUtilsOptions {
  maxOutputChars?: number;
  description?: string;
}

export interface McpHandlerOptions {
  maxOutputChars?: number;
  /** false → 401 with `WWW-Authenticate: Bearer`. */
  authorize?(request: Request): boolean | Promise<boolean>;
  /** Origins a browser page may call from (loopback origins always may). */
  allowedOrigins?: string[];
  /** When given, a request whose `Host` is not listed → 403. */
  allowedHosts?: string[];
}

export type WrappedTool<F> = F & { toolName: "asana_execute"; description: string };

// ---- Webhooks ----

/** One event of a webhook delivery (`{ events: [...] }`), as Asana's spec describes events. */
export type WebhookEvent = EventResponse;

/** Where `webhookHandler` keeps each webhook's secret (a Workers KV namespace fits). */
export interface WebhookSecretStore {
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  put(key: string, secret: string): void | Promise<void>;
}

export interface WebhookHandlerOptions {
  secrets: WebhookSecretStore;
  /** Called for a delivery whose signature checks out; failing answers 500 (so Asana retries). */
  onEvents(events: WebhookEvent[], request: Request): void | Promise<void>;
  /** Which webhook a request belongs to; default: the URL's path. */
  key?: (request: Request) => string;
}

// ---- Hosted administration ----

type ExternalUserId =
  | { externalUserId: string }
  | { external_user_id: string }
  | { workspaceName: string }
  | { workspace_name: string }
  | { customerName: string }
  | { customer_name: string };

/** What the static Airbyte helpers need: a workspace name and Airbyte credentials (or getToken). */
export type AirbyteAdminOptions = ExternalUserId & AirbyteIdentity & {
  airbyteApiUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

// ---- The connector ----

export declare class AsanaConnector {
  constructor(config: ConnectorConfig);
  readonly mode: "token" | "oauth" | "hosted";
  connectorId(): Promise<string | null>;
  static createHosted(
    options: AirbyteAdminOptions & { name?: string; credentials?: TokenAuth | OAuthAuth; serverSideOauthSecretId?: string },
  ): Promise<{ connectorId: string }>;
  static initiateOAuth(options: AirbyteAdminOptions & { redirectUrl: string }): Promise<{ consentUrl: string }>;

  /** One operation: lists resolve to `{ data, meta: { next_page } }`, get/create/update to the record, deletes and relationship calls to `{}`. */
  execute<E extends Entity, A extends Action<E>>(entity: E, action: A, ...args: ExecuteArgs<E, A>): Promise<Result<E, A>>;
  /** The records of a list, page after page (`maxPages` default 10). */
  paginate<E extends PageEntity, A extends PageActions[E] & Action<E>>(entity: E, action: A, ...args: PaginateArgs<E, A>): AsyncGenerator<Item<E>, void, undefined>;
  check(): Promise<CheckResult>;
  /** What this connector offers (hosted mode adds `context_store_search`, `readOnly` drops writes). */
  listEntities(): EntityInfo[];
  static listEntities(): EntityInfo[];
  /** One entity's actions with their params. */
  describe<E extends Entity>(entity: E): EntityDescription<E>;

  static toolDescription(): string;
  toolDescription(): string;
  /** The single `asana_execute` tool. */
  tool(format: "openai", options: ToolFormatOptions & { api: "responses" }): OpenAIResponsesTool;
  tool<F extends ToolFormat>(format: F, options?: ToolFormatOptions & { api?: "chat" }): ToolDefinitions[F];
  /** `asana_read`, `asana_write` (absent when `readOnly`) and `asana_describe`, in this order. */
  tools(format: "openai", options: ToolFormatOptions & { api: "responses" }): OpenAIResponsesTool<"asana_read" | "asana_write" | "asana_describe">[];
  tools<F extends ToolFormat>(format: F, options?: ToolFormatOptions & { api?: "chat" }): ToolDefinitions<"asana_read" | "asana_write" | "asana_describe">[F][];
  /** Runs a call of any tool (or its JSON text); never throws: a bad input resolves to a ToolError a model can act on. */
  runTool(input: ToolInput | string, options?: ToolOptions): Promise<ToolResult>;
  /** A model's tool input of unknown type (an SDK's `input: unknown`) is checked at run time. */
  runTool(input: unknown, options?: ToolOptions): Promise<ToolResult>;
  /** A stateless MCP server over Streamable HTTP (POST JSON-RPC; GET → 405). */
  mcpHandler(options?: McpHandlerOptions): (request: Request) => Promise<Response>;
  /** One MCP JSON-RPC message (or batch) as text → its answer (undefined for notifications); what the HTTP and stdio transports frame. */
  mcpAnswer(body: string, options?: { maxOutputChars?: number }): Promise<unknown>;
  static toolUtils<F extends (entity: string, action: string, params?: JsonParams) => Promise<unknown>>(fn: F, options?: ToolUtilsOptions): WrappedTool<F>;

  /** A Request handler for Asana webhook targets: the handshake, then signed deliveries only. */
  static webhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<Response>;
  /** Whether `signatureHeader` is the hex HMAC-SHA256 of `rawBody` under `secret` (constant time). */
  static verifyWebhookSignature(secret: string, rawBody: string | ArrayBuffer | ArrayBufferView, signatureHeader: string | null | undefined): Promise<boolean>;

  toJSON(): { type: "AsanaConnector"; mode: "token" | "oauth" | "hosted" };
}
