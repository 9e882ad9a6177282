// The sandbox as an HTTP server for this repository's tests, demos and benchmarks: the package's
// Node server form (pkg/sandbox/node.js, over the runtime-agnostic core in pkg/sandbox/) plus the
// attacks that need a real server (a gzip bomb, a redirect loop) under /_hostile (hostile.mjs).
//
//   import { startSandbox } from "./tests/sandbox/server.mjs";
//   const sandbox = await startSandbox();            // sandbox.apiUrl = http://127.0.0.1:PORT/api/1.0
//   // also: Asana's OAuth token endpoint at `${sandbox.url}/-/oauth_token` and the Airbyte Agent
//   // API under `${sandbox.url}/airbyte`, and the hostile routes under `${sandbox.url}/_hostile`
//
//   node tests/sandbox/server.mjs [--port N] [--host H] [--static /=www --static /pkg=pkg]

import { pathToFileURL } from "node:url";
import { startSandbox as startPackaged } from "../../pkg/sandbox/node.js";
import { answerHostile, HOSTILE_ROOT } from "./hostile.mjs";

export { createSandbox, SEED } from "../../pkg/sandbox/node.js";

/**
 * Starts a sandbox with the hostile routes. Options: port (0 = any free port), host, static
 * ({urlPrefix: directory}), offsetTtlMs, downloadTtlMs (see pkg/sandbox/node.js).
 */
export function startSandbox(options = {}) {
  return startPackaged({ ...options, routes: { [HOSTILE_ROOT]: ({ method, url }) => answerHostile(method, url), ...options.routes } });
}

// ---- CLI ------------------------------------------------------------------------------------

function parseArgs(argv) {
  const options = { port: 0, host: "127.0.0.1", static: {} };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const equals = value?.indexOf("=") ?? -1;
    if (flag === "--port" && /^\d+$/.test(value ?? "")) options.port = Number(value);
    else if (flag === "--host" && value) options.host = value;
    else if (flag === "--static" && equals > 0) options.static[value.slice(0, equals)] = value.slice(equals + 1);
    else throw new Error(`Bad argument ${flag} ${value ?? ""}. Usage: server.mjs [--port N] [--host H] [--static /prefix=dir]...`);
    i += 1;
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sandbox = await startSandbox(parseArgs(process.argv.slice(2)));
  console.log(`sandbox listening on ${sandbox.url}`);
  const stop = () => sandbox.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
