#!/usr/bin/env node
// The package's command: `npx asana-agent-connector mcp [--read-only]` serves the connector as an
// MCP server over stdio (newline-delimited JSON-RPC on stdin and stdout; logs on stderr only), for
// clients that launch a command. Credentials come from the environment: ASANA_TOKEN, or
// ASANA_REFRESH_TOKEN with ASANA_CLIENT_ID and ASANA_CLIENT_SECRET (ASANA_BASE_URL and
// ASANA_TOKEN_URL point it elsewhere, e.g. at a sandbox).
import { createInterface } from "node:readline";
import { AsanaConnector } from "./node.js";

const USAGE = "usage: asana-agent-connector mcp [--read-only]\n  env: ASANA_TOKEN, or ASANA_REFRESH_TOKEN (+ ASANA_CLIENT_ID, ASANA_CLIENT_SECRET); optional ASANA_BASE_URL, ASANA_TOKEN_URL\n";
const log = (line) => process.stderr.write(`asana-agent-connector: ${line}\n`);

const [command, ...flags] = process.argv.slice(2);
if (command !== "mcp" || flags.some((f) => f !== "--read-only")) {
  process.stderr.write(USAGE);
  process.exit(command === "--help" || command === "-h" ? 0 : 2);
}

const env = process.env;
const auth = env.ASANA_TOKEN
  ? { token: env.ASANA_TOKEN }
  : env.ASANA_REFRESH_TOKEN
    ? { refreshToken: env.ASANA_REFRESH_TOKEN, ...(env.ASANA_CLIENT_ID && { clientId: env.ASANA_CLIENT_ID }), ...(env.ASANA_CLIENT_SECRET && { clientSecret: env.ASANA_CLIENT_SECRET }) }
    : undefined;
if (!auth) {
  log("set ASANA_TOKEN (a personal access token) or ASANA_REFRESH_TOKEN with ASANA_CLIENT_ID and ASANA_CLIENT_SECRET");
  process.exit(2);
}

let asana;
try {
  asana = new AsanaConnector({
    auth,
    readOnly: flags.includes("--read-only"),
    ...(env.ASANA_BASE_URL && { baseUrl: env.ASANA_BASE_URL }),
    ...(env.ASANA_TOKEN_URL && { tokenUrl: env.ASANA_TOKEN_URL }),
    onWarning: (warning) => log(warning.message),
  });
} catch (error) {
  log(error.message);
  process.exit(2);
}
log(`MCP server on stdio (${asana.mode}${flags.includes("--read-only") ? ", read-only" : ""})`);

// One message per line; answers go out in the order their requests finish (JSON-RPC ids pair them).
const pending = new Set();
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (!line.trim()) return;
  const work = asana
    .mcpAnswer(line)
    .then((answer) => answer !== undefined && process.stdout.write(`${JSON.stringify(answer)}\n`))
    .catch((error) => log(`internal error: ${error.message}`))
    .finally(() => pending.delete(work));
  pending.add(work);
});
lines.on("close", async () => {
  await Promise.allSettled([...pending]);
  process.exit(0);
});
