// Node entry: Node cannot fetch file: URLs, so read the wasm bytes and instantiate synchronously.
import { readFileSync } from "node:fs";
import { initSync } from "./wasm/asana_agent_connector.js";

initSync({ module: readFileSync(new URL("./wasm/asana_agent_connector_bg.wasm", import.meta.url)) });

export * from "./connector.js";
