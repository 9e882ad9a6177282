// A module Worker that runs one hostile scenario (hostile.mjs) with its own fresh copy of the
// package, for Deno (deno.test.mjs) and Chromium (browser.html): an attack that traps the wasm,
// poisons it or blocks the event loop is ended by terminate() and cannot fail the next scenario.
//
//   postMessage({ name, apiUrl, sandboxUrl, tokenUrl, SEED, entry? })
//     -> { ok: true } | { ok: false, error: { name, code, message, stack, during } }
//
// `entry` is the package's URL (Chromium); without it the bare name is imported (Deno resolves it
// through tests/node_modules).

const stray = [];
let progress = {};

const describe = (value) => {
  try {
    return `${value?.name ?? typeof value}: ${value?.message ?? String(value)}`;
  } catch {
    return "a value that cannot be described";
  }
};

// A trap inside an engine callback is nobody's rejection: record it (and keep the Worker alive to report).
self.addEventListener("unhandledrejection", (event) => {
  stray.push(`unhandled rejection${progress.current ? ` around ${progress.current}` : ""}: ${describe(event.reason)}`);
  event.preventDefault();
});
let reported = false;
const report = (result) => {
  if (reported) return;
  reported = true;
  self.postMessage(result);
};
self.addEventListener("error", (event) => {
  event.preventDefault();
  // The isolate is not usable after this: report now (the scenario itself may never settle).
  report({ ok: false, error: { name: "Error", message: `uncaught exception (the Worker is not usable after it)${progress.current ? ` during ${progress.current}` : ""}: ${describe(event.error ?? event.message)}` } });
});

self.onmessage = async ({ data }) => {
  const { name, apiUrl, sandboxUrl, tokenUrl, SEED, entry } = data;
  try {
    const { AsanaConnector, AsanaError } = await import(entry ?? "asana-agent-connector");
    const hostile = await import("./hostile.mjs");
    progress = hostile.progress;
    await hostile.runHostileScenario(name, { AsanaConnector, AsanaError, apiUrl, sandboxUrl, SEED, tokenUrl }, stray);
    report({ ok: true });
  } catch (error) {
    let fields;
    try {
      fields = { name: error?.name, code: error?.code, message: String(error?.message ?? error), stack: String(error?.stack ?? "") };
    } catch {
      fields = { name: "Error", message: "a failure that cannot be described" };
    }
    if (stray.length) fields.message += `\n(also ${stray.length} stray failure(s): ${stray.slice(0, 3).join("; ")})`;
    fields.during = progress.current;
    report({ ok: false, error: fields });
  }
};
