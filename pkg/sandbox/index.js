/* @ts-self-types="./index.d.ts" */
// asana-agent-connector/sandbox: an in-memory Asana for tests, in every runtime (no node: imports).
//
//   import { AsanaConnector } from "asana-agent-connector";
//   import { createSandbox, SEED } from "asana-agent-connector/sandbox";
//   const sandbox = createSandbox();
//   const asana = new AsanaConnector({ auth: { token: SEED.tokens.alice }, fetch: sandbox.fetch });
//   await asana.execute("workspaces", "list");
//   sandbox.faults.add({ path: "/workspaces", status: 500 }); sandbox.reset();
//
// The Node server form (startSandbox) is asana-agent-connector/sandbox/node.

export { createSandbox, SEED } from "./sandbox.js";
export { exampleCalls } from "./examples.js";
