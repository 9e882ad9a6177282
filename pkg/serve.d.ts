// Node only: serve any of the package's fetch-style handlers from node:http.

export interface ServeOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Host names (or host:port) served; on a loopback host the default is the loopback names. */
  allowedHosts?: string[];
}

export interface Served {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function serve(handler: (request: Request) => Promise<Response>, options?: ServeOptions): Promise<Served>;
