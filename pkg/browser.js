/* @ts-self-types="./index.d.ts" */
// Browser and Deno entry: fetch the .wasm that sits next to the glue, once, at import.
import init from "./wasm/asana_agent_connector.js";

await init({ module_or_path: new URL("./wasm/asana_agent_connector_bg.wasm", import.meta.url) });

export * from "./connector.js";
