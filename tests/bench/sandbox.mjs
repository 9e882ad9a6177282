// Starts sandbox-child.mjs and talks to it: its control endpoints are plain HTTP.
import { fork } from "node:child_process";

export async function startChildSandbox(seedTasks) {
  const child = fork(new URL("./sandbox-child.mjs", import.meta.url), [], {
    env: { ...process.env, BENCH_SEED_TASKS: String(seedTasks) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const info = await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`sandbox child exited with ${code}`)));
  });
  const control = async (method, path, body) => {
    const res = await fetch(`${info.url}/_sandbox/${path}`, { method, body: body && JSON.stringify(body), headers: { "Content-Type": "application/json" } });
    return (await res.json()).data;
  };
  return {
    ...info,
    pid: child.pid,
    limits: (spec) => control("POST", "limits", spec),
    clearLimits: () => control("DELETE", "limits"),
    stats: () => control("GET", "stats"),
    clearRequests: () => control("DELETE", "requests"),
    faults: (spec) => control("POST", "faults", spec),
    clearFaults: () => control("DELETE", "faults"),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", resolve);
        child.disconnect();
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}
