// Types of the public surface (design/api.md). Entity and action names are string-literal
// unions, so a typo is a compile error; tests check these unions against listEntities().

/** Every entity and its actions. */
export interface Operations {
  tasks: "list" | "create" | "get" | "update" | "delete";
  project_tasks: "list";
  task_subtasks: "list";
  task_dependencies: "list";
  task_dependents: "list";
  tag_tasks: "list";
  section_tasks: "list" | "create";
  workspace_task_search: "list";
  projects: "list" | "create" | "get" | "update" | "delete";
  task_projects: "list";
  team_projects: "list";
  workspace_projects: "list";
  workspaces: "list" | "get";
  workspace_memberships: "create";
  users: "list" | "get";
  workspace_users: "list";
  team_users: "list";
  teams: "get";
  workspace_teams: "list";
  user_teams: "list";
  attachments: "list" | "get" | "download";
  workspace_tags: "list" | "create";
  tags: "get" | "update" | "delete";
  task_tags: "create" | "delete";
  project_sections: "list" | "create";
  sections: "get" | "update" | "delete";
  task_stories: "create";
}

export type Entity = keyof Operations;
export type Action<E extends Entity = Entity> = Operations[E];

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

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Params = { [name: string]: JsonValue | undefined };
export type AsanaRecord = { gid: string; resource_type?: string; name?: string; [field: string]: JsonValue | undefined };

export interface NextPage {
  offset: string;
  path: string;
  uri: string;
}

/** What a `list` action resolves to. */
export interface ListResult<T = AsanaRecord> {
  data: T[];
  meta: { next_page: NextPage | null };
}

/** What `attachments` / `download` resolves to: the bytes as a stream, not a buffered copy. */
export interface Download {
  status: number;
  contentType: string | null;
  size: number | null;
  body: ReadableStream<Uint8Array> | null;
}

export type Result<E extends Entity, A extends Action<E>> = A extends "list"
  ? ListResult
  : A extends "download"
    ? Download
    : A extends "delete"
      ? Record<string, never>
      : E extends "section_tasks" | "task_tags"
        ? Record<string, never>
        : AsanaRecord;

export interface CallOptions {
  signal?: AbortSignal;
  /** Per-attempt timeout; default the connector's `timeoutMs` (30 s). */
  timeoutMs?: number;
}

export interface PaginateOptions extends CallOptions {
  /** Default 10: edge runtimes allow few subrequests. */
  maxPages?: number;
  maxItems?: number;
}

export interface TokenAuth {
  token: string;
}

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt?: number;
}

export interface OAuthAuth {
  refreshToken: string;
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
  /** Epoch milliseconds. */
  expiresAt?: number;
}

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
  /** A fetch implementation to use instead of the global one. */
  fetch?: typeof fetch;
  onWarning?: (error: AsanaError) => void;
}

export interface LocalConfig extends CommonOptions {
  auth: TokenAuth | OAuthAuth;
  onTokenRefresh?: (tokens: OAuthTokens) => void | Promise<void>;
}

export interface HostedConfig extends CommonOptions {
  externalUserId?: string;
  workspaceName?: string;
  customerName?: string;
  connectorId?: string;
  airbyteClientId?: string;
  airbyteClientSecret?: string;
  organizationId?: string;
  getToken?: () => Promise<string>;
}

/** snake_case spellings of the original Python docs are accepted too. */
export type ConnectorConfig = LocalConfig | HostedConfig | Record<string, unknown>;

export interface ParamInfo {
  name: string;
  in: "path" | "query" | "body" | "header";
  required: boolean;
  type: "string" | "integer" | "boolean" | "array" | "object";
  description: string;
  enum?: string[];
  items?: { type: "string" };
  /** For `data`: the fields of the write body. */
  fields?: ParamInfo[];
}

export interface EntityInfo {
  entity: Entity;
  description: string;
  actions: { action: string; description: string; params: ParamInfo[] }[];
}

export type CheckResult = { status: "ok" } | { status: "error"; error: { code: ErrorCode; message: string } };

export type ToolFormat = "json-schema" | "openai" | "anthropic" | "mcp" | "vercel";

/** What runTool resolves to when the call failed. */
export interface ToolError {
  error: { code: ErrorCode; message: string; retryable: boolean };
}

export interface ToolOptions extends CallOptions {
  /** Output longer than this (JSON characters) is refused with advice; default 100,000; 0 disables. */
  maxOutputChars?: number;
}

export interface JsonSchemaObject {
  type: "object";
  properties: Record<string, unknown>;
  required: string[];
  additionalProperties: boolean;
}

export interface ToolInput {
  entity: Entity | string;
  action: string;
  /** An object, or its JSON text (OpenAI strict mode). */
  params?: Params | string;
}

export interface ToolDefinitions {
  "json-schema": { name: "asana_execute"; description: string; inputSchema: JsonSchemaObject };
  openai:
    | { type: "function"; function: { name: "asana_execute"; description: string; parameters: JsonSchemaObject; strict: true } }
    | { type: "function"; name: "asana_execute"; description: string; parameters: JsonSchemaObject; strict: true };
  anthropic: { name: "asana_execute"; description: string; input_schema: JsonSchemaObject };
  mcp: {
    name: "asana_execute";
    title: string;
    description: string;
    inputSchema: JsonSchemaObject;
    annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
  };
  vercel: { description: string; inputSchema: JsonSchemaObject; execute: (input: ToolInput) => Promise<unknown> };
}

export interface ToolUtilsOptions {
  maxOutputChars?: number;
  description?: string;
}

/** What the static Airbyte helpers need: a workspace name and Airbyte credentials (or getToken). */
export interface AirbyteAdminOptions {
  externalUserId: string;
  airbyteClientId?: string;
  airbyteClientSecret?: string;
  getToken?: () => Promise<string>;
  organizationId?: string;
  airbyteApiUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type WrappedTool<F> = F & { toolName: "asana_execute"; description: string };

export declare class AsanaConnector {
  constructor(config: ConnectorConfig);
  readonly mode: "token" | "oauth" | "hosted";
  connectorId(): Promise<string | null>;
  static createHosted(
    options: AirbyteAdminOptions & { name?: string; credentials?: TokenAuth | OAuthAuth; serverSideOauthSecretId?: string },
  ): Promise<{ connectorId: string }>;
  static initiateOAuth(options: AirbyteAdminOptions & { redirectUrl: string }): Promise<{ consentUrl: string }>;
  static toolDescription(): string;
  toolDescription(): string;
  tool<F extends ToolFormat>(format: F, options?: ToolOptions & { api?: "chat" | "responses" }): ToolDefinitions[F];
  runTool(input: ToolInput | string, options?: ToolOptions): Promise<unknown | ToolError>;
  mcpHandler(options?: { maxOutputChars?: number }): (request: Request) => Promise<Response>;
  static toolUtils<F extends (entity: string, action: string, params?: Params) => Promise<unknown>>(fn: F, options?: ToolUtilsOptions): WrappedTool<F>;
  execute<E extends Entity, A extends Action<E>>(entity: E, action: A, params?: Params, options?: CallOptions): Promise<Result<E, A>>;
  paginate<E extends Entity>(entity: E, action: "list" & Action<E>, params?: Params, options?: PaginateOptions): AsyncGenerator<AsanaRecord, void, undefined>;
  check(): Promise<CheckResult>;
  listEntities(): EntityInfo[];
  static listEntities(): EntityInfo[];
  toJSON(): { type: "AsanaConnector"; mode: "token" | "oauth" | "hosted" };
}
