// No automatic initialisation: call init() or initSync() with the .wasm yourself.
export { default as init, initSync } from "./wasm/asana_agent_connector.js";
export * from "./connector.js";
