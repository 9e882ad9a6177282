export * from "./index.js";
export { default as init, initSync } from "./wasm/asana_agent_connector.js";
