#!/usr/bin/env node
// Starts the sandbox, runs a command with SANDBOX_URL (and SANDBOX_PORT) in its environment, stops
// the sandbox and exits with the command's exit code. For runtimes that cannot start the Node
// sandbox themselves (Deno). "{port}" in any argument is replaced by the sandbox's port, so
// permissions can name it:
//
//   node js/with-sandbox.mjs -- deno test --allow-net=127.0.0.1:{port} ... js/deno.test.mjs
//
// Options before "--": --port N (default: any free port).

import { spawn } from "node:child_process";
import { startSandbox } from "../sandbox/server.mjs";

const argv = process.argv.slice(2);
const split = argv.indexOf("--");
const options = split < 0 ? [] : argv.slice(0, split);
const command = split < 0 ? argv : argv.slice(split + 1);
if (command.length === 0) {
  console.error("usage: node with-sandbox.mjs [--port N] -- <command> [args...]");
  process.exit(2);
}
let port = 0;
for (let i = 0; i < options.length; i += 2) {
  if (options[i] === "--port" && /^\d+$/.test(options[i + 1] ?? "")) port = Number(options[i + 1]);
  else {
    console.error(`with-sandbox: unknown option ${options[i]}`);
    process.exit(2);
  }
}

const sandbox = await startSandbox({ port });
const [program, ...args] = command.map((arg) => arg.replaceAll("{port}", String(sandbox.port)));
const child = spawn(program, args, {
  stdio: "inherit",
  env: { ...process.env, SANDBOX_URL: sandbox.url, SANDBOX_PORT: String(sandbox.port) },
});

const forward = (signal) => child.kill(signal);
process.on("SIGINT", forward);
process.on("SIGTERM", forward);

const code = await new Promise((resolve) => {
  child.once("error", (error) => {
    console.error(`with-sandbox: cannot run ${program}: ${error.message}`);
    resolve(127);
  });
  child.once("exit", (status, signal) => resolve(status ?? (signal ? 128 + 15 : 1)));
});
await sandbox.close();
process.exit(code);
