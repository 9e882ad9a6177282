// The sandbox's control API over plain fetch (no auth), for scenario sets in any runtime.

export function sandboxControl(sandboxUrl) {
  async function control(method, path, body) {
    const response = await fetch(`${sandboxUrl}/_sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox control ${method} /_sandbox/${path} answered ${response.status}: ${text}`);
    return JSON.parse(text).data;
  }
  return {
    control,
    reset: () => control("POST", "reset"),
    requests: () => control("GET", "requests"),
    clearRequests: () => control("DELETE", "requests"),
    fault: (spec) => control("POST", "faults", spec),
    stats: () => control("GET", "stats"),
  };
}

/** A scenario list whose every run starts from a fresh seed. */
export function freshScenarios(reset) {
  const list = [];
  const scenario = (name, run) =>
    list.push({
      name,
      run: async () => {
        await reset();
        await run();
      },
    });
  return { list, scenario };
}
