// Paging the seeded project (limit 100, the wide field list) with each client, walks interleaved;
// then throughput at concurrency with the sandbox enforcing Asana's concurrent limits.
import { WIDE_FIELDS } from "./config.mjs";
import { pool, rotate, summarize } from "./stats.mjs";

export async function measurePaging(sb, clients, cfg) {
  const { connector, tasksApi } = clients;
  const listUrl = new URL(clients.requests.list.url);
  const headers = clients.requests.list.headers;
  const maxPages = Math.ceil(cfg.pagingTasks / 100) * 2; // ≥ 100 as in the brief, never the cap that stops us

  const walks = {
    ours: async () => {
      let n = 0;
      for await (const _task of connector.paginate("project_tasks", "list", { project_gid: sb.project, limit: 100, opt_fields: WIDE_FIELDS }, { maxPages: Math.max(100, maxPages) })) n++;
      return n;
    },
    raw: async () => {
      let n = 0;
      const url = new URL(listUrl);
      for (;;) {
        const page = JSON.parse(await (await fetch(url, { headers })).text());
        n += page.data.length;
        if (!page.next_page) return n;
        url.searchParams.set("offset", page.next_page.offset);
      }
    },
    official: async () => {
      let n = 0;
      let page = await tasksApi.getTasksForProject(sb.project, { limit: 100, opt_fields: WIDE_FIELDS.join(",") });
      while (page?.data) {
        n += page.data.length;
        page = await page.nextPage();
      }
      return n;
    },
  };
  const variants = Object.keys(walks);
  for (const v of variants) await walks[v](); // warm-up walk each
  const times = Object.fromEntries(variants.map((v) => [v, []]));
  const counts = {};
  for (let r = 0; r < cfg.pagingRepeats; r++) {
    for (const v of rotate(variants, r)) {
      const start = performance.now();
      counts[v] = await walks[v]();
      times[v].push(performance.now() - start);
    }
  }
  return Object.fromEntries(variants.map((v) => [v, { records: counts[v], pages: Math.ceil(counts[v] / 100), time: summarize(times[v]) }]));
}

/**
 * `calls` requests at `concurrency`, the sandbox enforcing Asana's 50 concurrent reads / 15
 * writes, in two phases:
 *  - "cpu": no added latency. A local server answers in microseconds, so at most a few requests
 *    are ever in flight at the server: this measures each client's own CPU per call.
 *  - "latency": every answer delayed by `latencyMs` at the server (as a real API is), so requests
 *    really overlap and the limits bind. "mixed" makes every other call a create (~25 writes
 *    would be in flight): raw fetch and the official client have no limiter and draw 429s
 *    (counted, not retried); the connector queues writes at 15.
 * Each scenario runs `concurrencyRepeats` times, interleaved with the others of its phase.
 */
export async function measureConcurrency(sb, clients, cfg) {
  const { connector, tasksApi } = clients;
  const get = clients.requests.get;
  const create = (i) => ({ data: { name: `throughput ${i}`, workspace: sb.seed.workspaces.acme } });
  const checked = async (res) => {
    const body = JSON.parse(await res.text());
    if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
    return body;
  };
  const rawGet = async () => checked(await fetch(get.url, { headers: get.headers }));
  const rawCreate = async (i) =>
    checked(await fetch(`${sb.apiUrl}/tasks`, { method: "POST", headers: { ...get.headers, "content-type": "application/json" }, body: JSON.stringify(create(i)) }));
  const oursGet = () => connector.execute("tasks", "get", { task_gid: sb.task });
  const officialGet = () => tasksApi.getTask(sb.task, {});
  const reads = { ours: oursGet, raw: rawGet, official: officialGet };
  const mixed = {
    ours: (i) => (i % 2 === 0 ? connector.execute("tasks", "create", create(i)) : oursGet()),
    raw: (i) => (i % 2 === 0 ? rawCreate(i) : rawGet()),
    official: (i) => (i % 2 === 0 ? tasksApi.createTask(create(i), {}) : officialGet()),
  };
  const phases = {
    cpu: { reads },
    latency: { reads, mixed },
  };

  const once = async (call, calls) => {
    const before = (await sb.stats()).rateLimited;
    let failed = 0;
    const start = performance.now();
    await pool(Array.from({ length: calls }, (_, i) => i), cfg.concurrency, async (i) => {
      try {
        await call(i);
      } catch {
        failed++;
      }
    });
    const seconds = (performance.now() - start) / 1000;
    return { seconds, failed, rateLimited: (await sb.stats()).rateLimited - before };
  };

  const out = {};
  await sb.limits({ concurrentReads: 50, concurrentWrites: 15, retryAfterSeconds: 1 });
  try {
    for (const [phase, kinds] of Object.entries(phases)) {
      if (phase === "latency") await sb.faults({ delayMs: cfg.latencyMs, times: 1_000_000 });
      const scenarios = Object.entries(kinds).flatMap(([kind, variants]) => Object.entries(variants).map(([v, call]) => [`${v} ${kind}`, call]));
      const results = Object.fromEntries(scenarios.map(([name]) => [name, []]));
      for (const [, call] of scenarios) await once(call, Math.min(200, cfg.concurrentCalls)); // warm-up
      for (let r = 0; r < cfg.concurrencyRepeats; r++) {
        for (const [name, call] of rotate(scenarios, r)) results[name].push(await once(call, cfg.concurrentCalls));
      }
      out[phase] = Object.fromEntries(scenarios.map(([name]) => {
        const list = results[name];
        const seconds = summarize(list.map((x) => x.seconds)).median;
        const sum = (k) => list.reduce((a, x) => a + x[k], 0);
        const okPerRun = cfg.concurrentCalls - sum("failed") / list.length;
        return [name, { seconds, perSecond: cfg.concurrentCalls / seconds, okPerSecond: okPerRun / seconds, failed: sum("failed"), rateLimited: sum("rateLimited"), calls: cfg.concurrentCalls * list.length }];
      }));
    }
  } finally {
    await sb.clearFaults();
    await sb.clearLimits();
  }
  return out;
}
