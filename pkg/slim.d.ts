// Types of `asana-agent-connector/slim`: the same surface, without the automatic wasm
// initialisation. init/initSync are declared here rather than re-exported from wasm-bindgen's
// generated .d.ts, which declares the raw core (and needs lib "esnext.disposable" to type-check).
export * from "./index.js";

/** Where the .wasm comes from: a URL or request to fetch, a Response, its bytes, or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;
export type SyncInitInput = BufferSource | WebAssembly.Module;

/** Instantiates the wasm module (by default the .wasm next to the glue); call it once before constructing a connector. */
export declare function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<WebAssembly.Exports>;
/** Instantiates the wasm module synchronously from its bytes or a compiled module. */
export declare function initSync(module: { module: SyncInitInput } | SyncInitInput): WebAssembly.Exports;
