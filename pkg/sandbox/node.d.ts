// Types of asana-agent-connector/sandbox/node: the sandbox as a local HTTP server (Node only).

import type { Sandbox, SandboxAnswer, SandboxOptions } from "./index.js";

export { createSandbox, exampleCalls, SEED } from "./index.js";
export type * from "./index.js";

export interface SandboxServerOptions extends SandboxOptions {
  /** 0 (default): any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Directories served as static files: {"/": "www", "/pkg": "node_modules/asana-agent-connector"}. */
  static?: Record<string, string>;
  /** Extra routes answered before the sandbox's own: {"/prefix": ({method, url, headers}) => answer}. */
  routes?: Record<string, (request: { method: string; url: URL; headers: Record<string, string | string[] | undefined> }) => SandboxAnswer | Promise<SandboxAnswer>>;
}

export interface SandboxServer extends Sandbox {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** url + "/api/1.0": a connector's baseUrl. */
  readonly apiUrl: string;
  /** url + "/-/oauth_token": a connector's tokenUrl. */
  readonly tokenUrl: string;
  /** url + "/airbyte": a connector's airbyteApiUrl. */
  readonly airbyteApiUrl: string;
  readonly port: number;
  /** Stops the server (open connections are closed). */
  close(): Promise<void>;
}

/** Starts the sandbox behind node:http. */
export function startSandbox(options?: SandboxServerOptions): Promise<SandboxServer>;
