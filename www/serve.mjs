// Serves the browser demo: the Asana sandbox (tests/sandbox) with the page (www/ at "/") and the
// package (pkg/ at "/pkg") on one local origin, so the page's default API is same-origin /api/1.0.
//
//   node www/serve.mjs            # port from PORT, else 8787; a free port when that one is taken
//   PORT=9000 node www/serve.mjs
//
// Serves until Ctrl-C (SIGINT) or SIGTERM.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SEED, startSandbox } from "../tests/sandbox/server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const www = join(root, "www");
const pkg = join(root, "pkg");

if (!existsSync(join(pkg, "wasm", "asana_agent_connector_bg.wasm"))) {
  console.error("pkg/wasm/ is missing: build the package first (make build).");
  process.exit(1);
}

const wanted = process.env.PORT === undefined || process.env.PORT === "" ? 8787 : Number(process.env.PORT);
if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}.`);
  process.exit(1);
}

const options = { host: "127.0.0.1", static: { "/": www, "/pkg": pkg } };
let sandbox;
try {
  sandbox = await startSandbox({ ...options, port: wanted });
} catch (error) {
  if (error?.code !== "EADDRINUSE" && error?.code !== "EACCES") throw error;
  console.error(`Port ${wanted} is not available (${error.code}); using a free port instead.`);
  sandbox = await startSandbox({ ...options, port: 0 });
}

console.log(`Demo: ${sandbox.url}/`);
console.log(`Sandbox API: ${sandbox.apiUrl} (token ${SEED.tokens.alice}, prefilled in the page)`);
console.log("Press Ctrl-C to stop.");

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the demo server.`);
  await sandbox.close();
  process.exit(0);
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
