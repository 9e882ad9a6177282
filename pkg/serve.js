// Node only: serve any of the package's fetch-style handlers (mcpHandler(), webhookHandler(...))
// from node:http in one call. On a loopback address a request whose Host is not a loopback name
// is refused (403) unless `allowedHosts` says otherwise: a page on another site cannot reach the
// server through DNS rebinding.
import { createServer } from "node:http";
import { Readable } from "node:stream";
import "./node.js"; // instantiates the wasm, whose Host rule (the MCP handler's) serve() applies too
import { AsanaError } from "./error.js";
import { Core } from "./wasm/asana_agent_connector.js";

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]", "::1"];

/**
 * serve(handler, { port = 0, host = "127.0.0.1", allowedHosts }) → Promise<{ url, port, close() }>
 */
export async function serve(handler, { port = 0, host = "127.0.0.1", allowedHosts } = {}) {
  if (typeof handler !== "function") throw new AsanaError({ code: "invalid_config", message: "serve() takes a (request: Request) => Promise<Response> handler." });
  const hosts = allowedHosts ?? (LOOPBACK.includes(host) ? ["localhost", "127.0.0.1", "[::1]"] : undefined);
  if (hosts !== undefined && (!Array.isArray(hosts) || !hosts.every((h) => typeof h === "string"))) {
    throw new AsanaError({ code: "invalid_config", message: "\"allowedHosts\" must be a list of host names." });
  }
  const server = createServer(async (incoming, outgoing) => {
    try {
      const hostHeader = incoming.headers.host ?? "";
      const refused = hosts === undefined ? undefined : Core.mcpAdmit(undefined, hostHeader, "[]", JSON.stringify(hosts));
      if (refused) {
        outgoing.writeHead(403, { "Content-Type": "text/plain" }).end(`${JSON.parse(refused).message}\n`);
        return;
      }
      const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
      const request = new Request(`http://${hostHeader || "localhost"}${incoming.url}`, {
        method: incoming.method,
        headers: Object.entries(incoming.headers).flatMap(([key, value]) => (Array.isArray(value) ? value.map((v) => [key, v]) : [[key, value]])),
        ...(hasBody && { body: Readable.toWeb(incoming), duplex: "half" }),
      });
      const response = await handler(request);
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) for await (const chunk of response.body) outgoing.write(chunk);
      outgoing.end();
    } catch {
      if (!outgoing.headersSent) outgoing.writeHead(500, { "Content-Type": "text/plain" });
      outgoing.end();
    }
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  const { port: bound } = server.address();
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${bound}`,
    port: bound,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
