// Cloudflare Workers entry: workerd forbids compiling wasm at run time, so the .wasm is
// imported as a compiled module (Wrangler's default rule for *.wasm).
import wasmModule from "./wasm/asana_agent_connector_bg.wasm";
import { initSync } from "./wasm/asana_agent_connector.js";

initSync({ module: wasmModule });

export * from "./connector.js";
