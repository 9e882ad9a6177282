// One cold start, in a fresh process. performance.now() counts from the process's time origin
// (process start), so the first reading is Node's own bootstrap and the rest are ours.
// Prints one JSON line: { boot, import, init?, construct, ready } in ms.
const boot = performance.now();
const variant = process.argv[2];
const out = { boot };

if (variant === "ours") {
  // The package's Node entry: import = load the JS and compile + instantiate the wasm (initSync).
  const { AsanaConnector } = await import("asana-agent-connector");
  const imported = performance.now();
  const connector = new AsanaConnector({ auth: { token: "1/1200000000000000:bench" } });
  const constructed = performance.now();
  Object.assign(out, { import: imported - boot, construct: constructed - imported, ready: constructed, mode: connector.mode });
} else if (variant === "ours-split") {
  // Same work with the slim entry, so JS loading and wasm initialisation are timed apart.
  const { readFileSync } = await import("node:fs");
  const { createRequire } = await import("node:module");
  const slim = await import("asana-agent-connector/slim");
  const imported = performance.now();
  const wasmPath = createRequire(import.meta.url).resolve("asana-agent-connector/asana_agent_connector_bg.wasm");
  slim.initSync({ module: readFileSync(wasmPath) });
  const initialised = performance.now();
  const connector = new slim.AsanaConnector({ auth: { token: "1/1200000000000000:bench" } });
  const constructed = performance.now();
  Object.assign(out, { import: imported - boot, init: initialised - imported, construct: constructed - initialised, ready: constructed, mode: connector.mode });
} else if (variant === "official") {
  const { default: asana } = await import("asana");
  const imported = performance.now();
  const client = asana.ApiClient.instance;
  client.basePath = "https://app.asana.com/api/1.0";
  client.authentications.token.accessToken = "1/1200000000000000:bench";
  const tasks = new asana.TasksApi();
  const constructed = performance.now();
  Object.assign(out, { import: imported - boot, construct: constructed - imported, ready: constructed, ok: typeof tasks.getTask === "function" });
} else if (variant === "import-floor") {
  // Node's own price of a first dynamic import, for a one-line module: the floor under any package.
  await import("./one-line.mjs");
  const imported = performance.now();
  Object.assign(out, { import: imported - boot, construct: 0, ready: imported });
} else {
  Object.assign(out, { import: 0, construct: 0, ready: boot }); // "node": an empty script
}
process.stdout.write(`${JSON.stringify(out)}\n`);
