// Types of asana-agent-connector/sandbox: an in-memory Asana for tests, in every runtime.
//
//   import { AsanaConnector } from "asana-agent-connector";
//   import { createSandbox } from "asana-agent-connector/sandbox";
//   const sandbox = createSandbox();
//   const asana = new AsanaConnector({ auth: { token: sandbox.seed.tokens.alice }, fetch: sandbox.fetch });

/** Options of createSandbox() (and startSandbox()). */
export interface SandboxOptions {
  /** Lifetime of pagination offsets (default 30 minutes). */
  offsetTtlMs?: number;
  /** Lifetime of attachments' download_url (default 2 minutes). */
  downloadTtlMs?: number;
  /**
   * Delivers webhooks (handshakes and signed events) to targets other than
   * https://hooks.sandbox.test/… (which the sandbox answers itself). Default: the global fetch.
   * Give your webhook handler here to receive deliveries offline.
   */
  webhookFetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
}

/**
 * A queued fault: the next `times` API requests matching `method` and `path` get it instead of
 * (or, with `after: "execute"`, after) the real answer. Without status or kind, `delayMs` only
 * delays the real answer.
 */
export interface FaultSpec {
  method?: string;
  /** A prefix of the path after /api/1.0, or a regex written "/.../flags". */
  path?: string;
  times?: number;
  status?: number;
  headers?: Record<string, string | number>;
  /** Sent as is instead of Asana's error body. */
  body?: string;
  delayMs?: number;
  /** status: Asana's error body; html: a 502 page; truncated: half the real JSON; empty: no body; drop: no answer (fetch rejects). */
  kind?: "status" | "html" | "truncated" | "empty" | "drop";
  after?: "execute";
  message?: string;
  phrase?: string;
}

/** Per-token rate limits (off until set); rejected requests answer 429 with Retry-After. */
export interface LimitsSpec {
  perMinute?: number | null;
  concurrentReads?: number | null;
  concurrentWrites?: number | null;
  retryAfterSeconds?: number | null;
}

/** Settings of the OAuth token endpoint (/-/oauth_token). */
export interface OAuthSettings {
  /** Seconds minted access tokens live (default 3600). */
  expiresIn?: number;
  /** Hand out a new refresh token on every renewal (default false). */
  rotate?: boolean;
  /** The next n renewals fail with invalid_grant. */
  failNext?: number;
  /** Each renewal answers after this many ms. */
  delayMs?: number;
}

/** An injected failure of the Airbyte emulation (path after /airbyte; "*" matches one segment). */
export interface AirbyteFailure {
  path: string;
  status: number;
  times?: number;
  method?: string;
  message?: string;
  retryAfter?: number;
}

export interface AirbyteSettings {
  /** Seconds new application tokens live (default 900). */
  expiresIn?: number;
  failNext?: AirbyteFailure | AirbyteFailure[];
}

/** One entry of the request log (credentials never enter it). */
export interface SandboxRequestLogEntry {
  id: number;
  time: string;
  method: string;
  path: string;
  rawQuery: string;
  query: Record<string, string>;
  headerNames: string[];
  /** The request's headers but Authorization, Cookie and Proxy-Authorization. */
  headers: Record<string, string | string[]>;
  /** Whether an Authorization header was sent. */
  authorization: boolean;
  /** The body, parsed when it is JSON. */
  body: unknown;
  /** The operation ("GET /tasks/{task_gid}") or route it matched, or null. */
  route: string | null;
  status: number | "dropped" | null;
  organizationId?: string | null;
  execute?: { connector_id: string; entity: string; action: string };
  upstream?: Array<{ method: string; path: string; query: Record<string, string>; status: number | "dropped" }>;
}

/** A request that broke the catalogue or matched no operation. */
export interface SandboxViolation {
  time: string;
  method: string;
  path: string;
  query: string;
  operationId: string | null;
  entity?: string;
  action?: string;
  problem: string;
  problems?: string[];
}

export interface SandboxWebhookDelivery {
  id: number;
  at: string;
  webhook: string;
  target: string;
  kind: "handshake" | "events" | "heartbeat";
  events: number;
  status: number | null;
  ok: boolean;
  error: string | null;
  signature?: string;
  body?: string;
}

export interface SandboxStats {
  requests: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  rateLimited: number;
  /** Live objects per resource type. */
  objects: Record<string, number>;
  oauth: Record<string, number>;
  airbyte: Record<string, number>;
}

/** A valid call of one catalogue operation against a fresh seed (`skip`: why it is not replayed as is). */
export interface SandboxExampleCall {
  entity: string;
  action: string;
  params: Record<string, unknown>;
  skip?: string;
}

/** A record of the live store: Asana's fields (references as gids), plus the sandbox's own "_" fields. */
export type SandboxRecord = { gid: string; [field: string]: unknown };

/** The live object graph (replaced by reset()). */
export interface SandboxStore {
  get(type: string, gid: string): SandboxRecord | undefined;
  all(type: string): SandboxRecord[];
  counts(): Record<string, number>;
}

/** A request as the transport-free handler takes it (the Node server's, or sandbox.fetch's). */
export interface SandboxRequest {
  method: string;
  url: URL;
  /** Lower-case names. */
  headers?: Record<string, string | string[] | undefined>;
  /** null: larger than bodyLimit() (answered 413). */
  body?: Uint8Array | null;
  /** The origin URLs in answers use (next_page.uri, download_url); default url.origin. */
  origin?: string;
}

/** An answer of the handler; `drop` means close the connection without answering. */
export type SandboxAnswer = { status: number; headers?: Record<string, string>; body?: string | Uint8Array } | { drop: true };

export interface Sandbox {
  /**
   * The global fetch's signature, answered in memory: give it as a connector's `fetch`. Requests
   * are routed by path whatever their origin (/api/1.0, /-/oauth_token, /_files downloads,
   * /airbyte or the host api.airbyte.ai, /_sandbox controls); a path alone is taken as Asana's.
   * A "drop" fault rejects with a TypeError; an aborted signal rejects with its reason.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** The seed's well-known gids, tokens and credentials (= SEED). */
  readonly seed: SandboxSeed;
  readonly store: SandboxStore;
  /**
   * Fresh seed data; clears faults, limits, the request log, counters, violations, events and
   * webhook deliveries; expires offsets; resets OAuth, Airbyte and job settings.
   */
  reset(): void;
  faults: {
    add(spec: FaultSpec): FaultSpec & { times: number };
    list(): Array<FaultSpec & { times: number; remaining: number }>;
    clear(): void;
  };
  limits: {
    set(spec: LimitsSpec): LimitsSpec;
    get(): LimitsSpec | null;
    clear(): void;
  };
  requests: {
    list(): SandboxRequestLogEntry[];
    clear(): void;
  };
  stats(): SandboxStats;
  violations(): SandboxViolation[];
  clearViolations(): void;
  events: {
    list(): Array<Record<string, unknown> & { scopes: string[] }>;
    /** Every sync token (the seeded ones too) stops working. */
    expire(): void;
  };
  webhooks: {
    deliveries(): Promise<SandboxWebhookDelivery[]>;
    settle(): Promise<void>;
    heartbeat(gid: string): Promise<SandboxWebhookDelivery>;
  };
  jobs: {
    set(spec: { pollsBeforeSuccess?: number }): { pollsBeforeSuccess: number };
    get(): { pollsBeforeSuccess: number };
    clear(): void;
  };
  oauth: {
    set(spec: OAuthSettings): Required<OAuthSettings>;
    get(): Required<OAuthSettings>;
    clear(): void;
    /** Every minted access token expires now. */
    expire(): void;
  };
  airbyte: {
    set(spec: AirbyteSettings): { expiresIn: number; failNext: AirbyteFailure[] };
    get(): { expiresIn: number; failNext: AirbyteFailure[] };
    clear(): void;
    /** Every application token expires now. */
    expire(): void;
    connectors(): Array<{ id: string; name: string; workspace_name: string; definition_id: string; credentials: "pat" | "oauth" | "other"; [field: string]: unknown }>;
    issueOAuthSecret(): string;
  };
  /** Every issued pagination offset is now expired. */
  expireOffsets(): void;
  /** exampleCalls(SEED). */
  examples(): SandboxExampleCall[];
  /** Ends delayed answers (they drop) and webhook deliveries under way. */
  close(): void;
  /** The transport-free handler behind fetch and the Node server. */
  answer(request: SandboxRequest): Promise<SandboxAnswer>;
  /** Whether a path is one of the sandbox's own routes. */
  handles(pathname: string): boolean;
  /** The largest request body answer() takes for a path and Content-Type. */
  bodyLimit(pathname: string, contentType?: string): number;
}

/** A fresh in-memory sandbox, seeded (see SEED). */
export function createSandbox(options?: SandboxOptions): Sandbox;

/** The seed's well-known gids, tokens and credentials. */
export const SEED: SandboxSeed;

/** A valid call of each catalogue operation against a fresh seed, in an order that works. */
export function exampleCalls(seed: SandboxSeed): SandboxExampleCall[];

/** The seed's well-known values (generated from seed.js; tests/sandbox/package.test.mjs checks it). */
export interface SandboxSeed {
  readonly tokens: Readonly<{ alice: string; bob: string }>;
  readonly workspaces: Readonly<{ acme: string; personal: string }>;
  readonly users: Readonly<{ alice: string; bob: string; carol: string; dave: string }>;
  readonly emails: Readonly<{ alice: string; bob: string; carol: string; dave: string }>;
  readonly teams: Readonly<{ engineering: string; marketing: string }>;
  readonly projects: Readonly<{ website: string; mobile: string; launch: string; legacy: string; home: string }>;
  readonly sections: {
    readonly todo: string;
    readonly inProgress: string;
    readonly done: string;
    readonly backlog: string;
    readonly sprint: string;
    readonly planning: string;
    readonly execution: string;
    readonly legacy: string;
    readonly home: string;
  };
  readonly tags: Readonly<{ urgent: string; backend: string; errand: string }>;
  readonly attachments: Readonly<{ spec: string; external: string }>;
  readonly stories: Readonly<{ question: string; answer: string }>;
  readonly tasks: {
    readonly homepage: string;
    readonly contactForm: string;
    readonly accessibilityAudit: string;
    readonly seo: string;
    readonly qa: string;
    readonly navigation: string;
    readonly login: string;
    readonly wireframes: string;
    readonly heroSection: string;
    readonly featureGrid: string;
    readonly footer: string;
    readonly pushNotifications: string;
    readonly betaRelease: string;
    readonly pressRelease: string;
    readonly socialCalendar: string;
    readonly launchBudget: string;
    readonly quarterlyReview: string;
    readonly paintKitchen: string;
    readonly groceries: string;
    readonly plumber: string;
  };
  readonly customFields: Readonly<{ priority: string; estimate: string; legacyId: string }>;
  readonly enumOptions: Readonly<{ high: string; medium: string; low: string }>;
  readonly customFieldSettings: {
    readonly websitePriority: string;
    readonly websiteEstimate: string;
    readonly archivePriority: string;
    readonly retireEstimate: string;
  };
  readonly goals: Readonly<{ relaunch: string; retire: string }>;
  readonly goalRelationships: Readonly<{ website: string; retire: string }>;
  readonly timePeriods: Readonly<{ q2: string; fy24: string }>;
  readonly portfolios: Readonly<{ initiatives: string; archive: string }>;
  readonly statusUpdates: Readonly<{ website: string; relaunch: string }>;
  readonly projectStatuses: Readonly<{ website: string; old: string }>;
  readonly agents: Readonly<{ assistant: string }>;
  readonly customTypes: Readonly<{ bug: string }>;
  readonly projectTemplates: Readonly<{ launch: string; old: string }>;
  readonly taskTemplates: Readonly<{ bug: string; old: string }>;
  readonly ruleTriggers: Readonly<{ triage: string }>;
  readonly auditLogEvents: Readonly<{ login: string; export: string }>;
  readonly reactions: Readonly<{ thumbsUp: string }>;
  readonly reactionEmoji: string;
  readonly timeTrackingCategories: Readonly<{ development: string; meetings: string }>;
  readonly timeTrackingEntries: Readonly<{ homepage: string; old: string }>;
  readonly timesheetApprovalStatuses: Readonly<{ aliceWeek2: string }>;
  readonly allocations: Readonly<{ bobWebsite: string; old: string }>;
  readonly budgets: Readonly<{ website: string; mobile: string }>;
  readonly rates: Readonly<{ bobWebsite: string; old: string }>;
  readonly roles: Readonly<{ contractor: string; old: string }>;
  readonly oooEntries: Readonly<{ bob: string; old: string }>;
  readonly organizationExports: Readonly<{ acme: string }>;
  readonly accessRequests: Readonly<{ dave: string; carol: string }>;
  readonly projectBriefs: Readonly<{ website: string; mobile: string }>;
  readonly memberships: Readonly<{ relaunchBob: string; relaunchCarol: string }>;
  readonly jobs: Readonly<{ template: string }>;
  readonly webhooks: Readonly<{ home: string }>;
  readonly webhookSecret: string;
  readonly hookTarget: string;
  readonly sync: Readonly<{ website: string; acme: string }>;
  readonly teamMemberships: {
    readonly engineeringAlice: string;
    readonly engineeringBob: string;
    readonly engineeringDave: string;
    readonly marketingAlice: string;
    readonly marketingCarol: string;
  };
  readonly workspaceMemberships: Readonly<{ acmeAlice: string; acmeBob: string; acmeCarol: string; acmeDave: string; personalAlice: string }>;
  readonly userTaskLists: Readonly<{ aliceAcme: string; bobAcme: string; carolAcme: string; daveAcme: string; alicePersonal: string }>;
  readonly projectMemberships: {
    readonly websiteAlice: string;
    readonly websiteBob: string;
    readonly websiteCarol: string;
    readonly mobileAlice: string;
    readonly launchAlice: string;
    readonly legacyAlice: string;
    readonly homeAlice: string;
  };
  readonly portfolioMemberships: Readonly<{ initiativesAlice: string; initiativesBob: string; archiveAlice: string }>;
  readonly projectPortfolioSettings: Readonly<{ initiativesWebsite: string }>;
  readonly emptySection: string;
  readonly customIdPrefix: string;
  readonly websiteTaskCount: number;
  readonly specSize: number;
  readonly oauth: Readonly<{ clientId: string; clientSecret: string; refreshToken: string }>;
  readonly airbyte: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly organizationId: string;
    readonly definitionId: string;
    readonly workspace: string;
    readonly connectorId: string;
    readonly ambiguousWorkspace: string;
    readonly ambiguousConnectorIds: readonly string[];
    readonly emptyWorkspace: string;
    readonly otherConnectorId: string;
  };
}
